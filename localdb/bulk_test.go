package localdb

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// TestPackedSetApply drives a packed set through apply (sorted batches of
// puts and deletes, including keys before the first block, repeated keys
// and deletes of absent keys) and a plain map with the same notes, and
// compares their keys after every batch, and the blocks' sizes.
func TestPackedSetApply(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(3, 4))
	want := map[string]bool{}
	for round := range 30 {
		notes := map[string]bool{}
		n := 1 + r.IntN(3000)
		for range n {
			k := fmt.Sprintf("%c%03d\x00%d", 'a'+r.IntN(4), r.IntN(80), r.IntN(300))
			notes[k] = r.IntN(3) != 0 || round > 25
			if round > 25 {
				notes[k] = false
			}
		}
		keys := sortedKeys(notes)
		put := make([]bool, len(keys))
		for i, k := range keys {
			put[i] = notes[k]
			if put[i] {
				want[k] = true
			} else {
				delete(want, k)
			}
		}
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("p"))
			if err != nil {
				return err
			}
			return packedSet{b}.apply(keys, put)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("p"))
			var got []string
			packedSet{b}.ForEach(func(k []byte) error { got = append(got, string(k)); return nil })
			if exp := sortedKeys(want); !slices.Equal(got, exp) && len(got)+len(exp) > 0 {
				return fmt.Errorf("round %d: %d keys, want %d", round, len(got), len(exp))
			}
			return b.ForEach(func(k, v []byte) error {
				if len(v) > maxBlock {
					return fmt.Errorf("round %d: block %q holds %d bytes", round, k, len(v))
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestApplyPullBulk applies pages of pulled customers, then pages that
// edit, delete and re-add some of them, and checks that the indexes match
// the records (checkStore, at cleanup), the counts, and that search,
// Lookup and SortedIDs find exactly what a record-by-record store holds.
func TestApplyPullBulk(t *testing.T) {
	bulk := openTest(t)
	one := openTest(t)
	recs := pulledCustomers(3000)
	for start := 0; start < len(recs); start += 700 {
		if _, _, err := bulk.ApplyPull(Pulled{Records: recs[start:min(start+700, len(recs))]}); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range recs {
		if _, _, err := one.ApplyPull(Pulled{Records: []record.Record{r}}); err != nil {
			t.Fatal(err)
		}
	}
	// Edits: a new name for every 7th, a delete of every 11th.
	clock := record.NewClock("other-device", record.Stamp{Wall: 1 << 50}, nil)
	var edits []record.Record
	for i := 0; i < len(recs); i += 7 {
		v, _ := json.Marshal(fmt.Sprintf("Trần Văn Đổi %d", i))
		edits = append(edits, record.Record{Kind: recs[i].Kind, ID: recs[i].ID, Fields: map[string]record.Field{"name": {Value: v, Stamp: clock.Now()}}})
	}
	for i := 0; i < len(recs); i += 11 {
		edits = append(edits, record.Record{Kind: recs[i].Kind, ID: recs[i].ID, Fields: map[string]record.Field{record.Deleted: {Value: json.RawMessage("true"), Stamp: clock.Now()}}})
	}
	if _, _, err := bulk.ApplyPull(Pulled{Records: edits}); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		if _, _, err := one.ApplyPull(Pulled{Records: []record.Record{e}}); err != nil {
			t.Fatal(err)
		}
	}
	deleted := (len(recs) + 10) / 11
	for _, s := range []*Store{bulk, one} {
		if n, _ := s.Count(app.KindCustomer); n != len(recs)-deleted {
			t.Errorf("count %d, want %d", n, len(recs)-deleted)
		}
	}
	a, _ := bulk.SortedIDs(app.KindCustomer)
	b, _ := one.SortedIDs(app.KindCustomer)
	if !slices.Equal(a, b) || len(a) != len(recs)-deleted {
		t.Errorf("sorted ids differ: %d and %d", len(a), len(b))
	}
	for _, q := range []string{"nguyen", "Trần Văn Đổi 14", "doi", "090", "иван", "王"} {
		x, err1 := bulk.Search(app.KindCustomer, q, 0)
		y, err2 := one.Search(app.KindCustomer, q, 0)
		if err1 != nil || err2 != nil || !slices.Equal(x, y) {
			t.Errorf("search %q: %d hits (%v), record by record %d (%v)", q, len(x), err1, len(y), err2)
		}
	}
	// Every 7th was renamed: 3000/7 rounded up is 429, less the deleted
	// ones among them (multiples of 77: 39).
	if got, _ := bulk.Search(app.KindCustomer, "Đổi", 0); len(got) != 429-39 {
		t.Errorf("search Đổi: %d hits, want %d", len(got), 429-39)
	}
}
