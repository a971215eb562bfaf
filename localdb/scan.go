package localdb

import (
	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Scan calls fn with every live (not deleted) record of kind, in id order
// (creation order for time-ordered ids), all read in one read-only
// transaction: a consistent snapshot however long fn takes. It reads the
// records bucket with one cursor and no index, which is what a report
// reading every booking or payment needs (SortedIDs then Get per id costs
// a transaction and a tree descent each). Records fn receives are copies
// it may keep. An error from fn stops the scan and is returned unchanged.
func (s *Store) Scan(kind app.Kind, fn func(record.Record) error) error {
	return s.view(func(t *tx) error {
		b := t.sub(bucketRecords, kind)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			_, rec, err := decodeRecord(string(kind), string(k), v)
			if err != nil {
				return err
			}
			if rec.IsDeleted() {
				continue
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}
