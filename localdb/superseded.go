package localdb

import (
	"encoding/json"
	"fmt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Superseded is a local value the server accepted but did not keep: when
// it arrived, the server already held a value of that field with a newer
// stamp (someone's later edit). It is the conflict ApplyPull would have
// logged had the newer value reached this store before the push; often it
// never will (the record was revoked from this user just after: a
// customer reassigned to another agent).
type Superseded struct {
	Kind  app.Kind
	ID    string
	Field string
	// LocalValue and LocalStamp are the value pushed, as the outbox change
	// held it.
	LocalValue json.RawMessage
	LocalStamp record.Stamp
	// RemoteValue is the value kept, nil when the user may not read it;
	// RemoteStamp its stamp.
	RemoteValue json.RawMessage
	RemoteStamp record.Stamp
}

// LogSuperseded adds each entry of ss to the conflict log, in one
// transaction, and returns the conflicts it added. An entry the log
// already holds (same record, field and local stamp: the answer to a
// push replayed after a crash) is not added again. Restoring such a
// conflict (RestoreConflict) writes the local value back as a new change
// while the record is on this device; once it was revoked, restoring
// fails with app.ErrForbidden.
func (s *Store) LogSuperseded(ss []Superseded) ([]Conflict, error) {
	var added []Conflict
	err := s.update(func(t *tx) error {
		added = nil
		if len(ss) == 0 {
			return nil
		}
		b := t.btx.Bucket(bucketConflicts)
		logged, err := readLog[Conflict](b, "conflict")
		if err != nil {
			return err
		}
		type key struct {
			kind      app.Kind
			id, field string
			stamp     record.Stamp
		}
		seen := make(map[key]bool, len(logged))
		for _, c := range logged {
			seen[key{c.Kind, c.ID, c.Field, c.LocalStamp}] = true
		}
		now := t.s.now().UTC()
		for _, e := range ss {
			if e.Kind == "" || e.ID == "" || e.Field == "" {
				return fmt.Errorf("localdb: log superseded: entry without kind, id or field: %w", app.ErrInvalid)
			}
			k := key{e.Kind, e.ID, e.Field, e.LocalStamp}
			if seen[k] {
				continue
			}
			seen[k] = true
			c, err := t.logConflict(Conflict{
				Kind: e.Kind, ID: e.ID, Field: e.Field,
				LocalValue: e.LocalValue, LocalStamp: e.LocalStamp,
				RemoteValue: e.RemoteValue, RemoteStamp: e.RemoteStamp,
				At: now,
			})
			if err != nil {
				return err
			}
			added = append(added, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("localdb: log superseded: %w", err)
	}
	return added, nil
}

// restorable refuses to restore a conflict of a record this store no
// longer holds: it was revoked (its customer went to another agent, its
// departure to another guide), and writing the value back would re-create
// the record with one field, a change the user may no longer make, which
// the server would refuse.
func (t *tx) restorable(c Conflict) error {
	_, _, found, err := t.load(c.Kind, c.ID)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("localdb: restore conflict %d: %s %s is no longer on this device (this user may no longer read it), so its %s cannot be restored: %w",
			c.Seq, c.Kind, c.ID, c.Field, app.ErrForbidden)
	}
	return nil
}
