package localdb

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// openTest opens a fresh store in a temporary directory. On cleanup it
// checks bbolt's page consistency and that every index holds exactly what
// the records say it should, then closes the store.
func openTest(t testing.TB) *Store {
	t.Helper()
	return openTestAt(t, filepath.Join(t.TempDir(), "test.db"))
}

func openTestAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := checkStore(s); err != nil {
			t.Error(err)
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// checkStore verifies bbolt's own invariants and that the docs, index,
// sort and search buckets and the live counts are exactly what the stored
// records imply.
func checkStore(s *Store) error {
	return s.db.View(func(btx *bolt.Tx) error {
		for err := range btx.Check() {
			return fmt.Errorf("bbolt check: %w", err)
		}
		t := &tx{s: s, btx: btx}
		if err := checkOutbox(t); err != nil {
			return err
		}
		return btx.Bucket(bucketRecords).ForEach(func(kb, _ []byte) error {
			kind := app.Kind(kb)
			want := map[string]map[string]bool{"index": {}, "sort": {}, "search": {}}
			wantDocs := map[string]string{}
			live := 0
			err := t.sub(bucketRecords, kind).ForEach(func(k, v []byte) error {
				num, rec, err := decodeRecord(string(kind), string(k), v)
				if err != nil {
					return err
				}
				if rec.IsDeleted() {
					return nil
				}
				live++
				e := makeEntry(kind, string(k), rec)
				wantDocs[string(numKey(num))] = string(encodeEntry(e))
				for key := range e.indexKeys(num) {
					want["index"][key] = true
				}
				want["sort"][string(sortIndexKey(e.sortkey, e.id))] = true
				for key := range e.postings(num) {
					want["search"][key] = true
				}
				return nil
			})
			if err != nil {
				return err
			}
			if n := getU64(btx.Bucket(bucketMeta).Get(metaCountKey(string(kind)))); int(n) != live {
				return fmt.Errorf("%s: count %d, %d live records", kind, n, live)
			}
			gotDocs := map[string]string{}
			if b := t.sub(bucketDocs, kind); b != nil {
				b.ForEach(func(k, v []byte) error { gotDocs[string(k)] = string(v); return nil })
			}
			if len(gotDocs) != len(wantDocs) {
				return fmt.Errorf("%s: %d docs, want %d", kind, len(gotDocs), len(wantDocs))
			}
			for k, v := range wantDocs {
				if gotDocs[k] != v {
					return fmt.Errorf("%s: doc %x differs", kind, k)
				}
			}
			for name, top := range map[string][]byte{"index": bucketIndex, "sort": bucketSort, "search": bucketSearch} {
				got := map[string]bool{}
				if b := t.sub(top, kind); b != nil {
					packedSet{b}.ForEach(func(k []byte) error { got[string(k)] = true; return nil })
				}
				for k := range want[name] {
					if !got[k] {
						return fmt.Errorf("%s %s: missing key %q", kind, name, k)
					}
				}
				for k := range got {
					if !want[name][k] {
						return fmt.Errorf("%s %s: stale key %q", kind, name, k)
					}
				}
			}
			return nil
		})
	})
}

// checkOutbox verifies that the outbox holds consecutive sequence numbers
// up to the last one issued, with growing local stamps above the acked
// watermark, that every entry still names a non-empty change, and that
// every unacknowledged local stamp in a record has its entry.
func checkOutbox(t *tx) error {
	acked, err := t.acked()
	if err != nil {
		return err
	}
	stamps := map[record.Stamp]bool{}
	var prevSeq uint64
	var prev record.Stamp
	c := t.btx.Bucket(bucketOutbox).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		seq := getU64(k)
		if prevSeq != 0 && seq != prevSeq+1 {
			return fmt.Errorf("outbox: seq %d after %d", seq, prevSeq)
		}
		e, err := decodeOutboxEntry(seq, v)
		if err != nil {
			return err
		}
		st := e.stamp(t.s.device)
		if !st.After(acked) || !st.After(prev) {
			return fmt.Errorf("outbox: entry %d stamp %v not after acked %v / previous %v", seq, st, acked, prev)
		}
		ch, err := t.outboxChange(seq, e)
		if err != nil {
			return err
		}
		if len(ch.Fields) == 0 {
			return fmt.Errorf("outbox: entry %d names no field", seq)
		}
		stamps[st], prevSeq, prev = true, seq, st
	}
	if last := getU64(t.btx.Bucket(bucketMeta).Get(metaSeq)); prevSeq != 0 && prevSeq != last {
		return fmt.Errorf("outbox: last entry %d, last seq issued %d", prevSeq, last)
	}
	return t.btx.Bucket(bucketRecords).ForEach(func(kb, _ []byte) error {
		return t.sub(bucketRecords, app.Kind(kb)).ForEach(func(k, v []byte) error {
			_, rec, err := decodeRecord(string(kb), string(k), v)
			if err != nil {
				return err
			}
			for name, f := range rec.Fields {
				if t.unsynced(f.Stamp, acked) && !stamps[f.Stamp] {
					return fmt.Errorf("outbox: %s %s field %s: unacknowledged stamp %v has no entry", kb, k, name, f.Stamp)
				}
			}
			return nil
		})
	})
}

// addCustomer validates and stores c under a new id.
func addCustomer(t testing.TB, s *Store, c app.Customer) string {
	t.Helper()
	id := record.NewID()
	err := s.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, id, &c)
		return err
	})
	if err != nil {
		t.Fatalf("add %q: %v", c.Name, err)
	}
	return id
}

// fixedClock returns a clock that advances one millisecond per call.
func fixedClock() func() time.Time {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t0 = t0.Add(time.Millisecond)
		return t0
	}
}

func sameIDs(a, b []string) bool {
	return slices.Equal(a, b) || (len(a) == 0 && len(b) == 0)
}

func countKeys(t testing.TB, s *Store, top []byte) int {
	t.Helper()
	n := 0
	s.db.View(func(btx *bolt.Tx) error {
		return btx.Bucket(top).ForEach(func(k, v []byte) error {
			n++
			return nil
		})
	})
	return n
}
