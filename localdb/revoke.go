package localdb

import (
	"fmt"

	"github.com/tourdesk/tourdesk/app"
)

// Ref names one record.
type Ref struct {
	Kind app.Kind `json:"kind"`
	ID   string   `json:"id"`
}

// Revoke removes from the store the records refs names, which its user may
// no longer read (the server's pull said so): the record, its index, sort
// and search entries and its place in the live count, as if it had never
// been written here. The conflict and rejected logs keep what they hold of
// it. A record the store does not hold is skipped.
//
// A record with a local change still in the outbox is not removed but
// returned in blocked: the caller pushes the outbox first (so the change
// is accepted or rejected, never silently dropped) and revokes it again.
// Everything commits in one transaction; removed counts the records
// removed.
func (s *Store) Revoke(refs []Ref) (removed int, blocked []Ref, err error) {
	err = s.update(func(t *tx) error {
		removed, blocked = 0, nil
		t.bulk = newBulkKeys()
		pending, err := t.outboxRecords()
		if err != nil {
			return err
		}
		for _, r := range refs {
			if pending[r] {
				blocked = append(blocked, r)
				continue
			}
			ok, err := t.remove(r.Kind, r.ID)
			if err != nil {
				return fmt.Errorf("localdb: revoke %s %s: %w", r.Kind, r.ID, err)
			}
			if ok {
				removed++
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return removed, blocked, nil
}

// outboxRecords returns the records named by an outbox entry. The outbox
// holds only unacknowledged changes, so it is small between syncs.
func (t *tx) outboxRecords() (map[Ref]bool, error) {
	out := map[Ref]bool{}
	err := t.btx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
		e, err := decodeOutboxEntry(getU64(k), v)
		if err != nil {
			return err
		}
		out[Ref{e.kind, e.id}] = true
		return nil
	})
	return out, err
}

// remove deletes a record and everything indexed for it; it reports
// whether there was one. Its document number is not reused.
func (t *tx) remove(kind app.Kind, id string) (bool, error) {
	num, rec, found, err := t.load(kind, id)
	if err != nil || !found {
		return false, err
	}
	if !rec.IsDeleted() {
		docs := t.sub(bucketDocs, kind)
		var old *entry
		if docs != nil {
			if v := docs.Get(numKey(num)); v != nil {
				if old, err = decodeEntry(v); err != nil {
					return false, fmt.Errorf("index entry: %w", err)
				}
				old.pairs = indexPairs(kind, rec)
			}
		}
		if err := t.reindex(kind, num, old, nil); err != nil {
			return false, err
		}
		meta := t.btx.Bucket(bucketMeta)
		key := metaCountKey(string(kind))
		if n := getU64(meta.Get(key)); n > 0 {
			if err := meta.Put(key, u64(n-1)); err != nil {
				return false, err
			}
		}
	}
	return true, t.sub(bucketRecords, kind).Delete([]byte(id))
}
