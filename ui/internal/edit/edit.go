// Package edit stores what an area's New or Edit form produced: a new
// record whole, an edit only as the fields the user changed, so that a
// change a sync brought to another field while the form was open is
// kept (each field merges on its own; see DESIGN.md, "Records, clocks
// and merging").
package edit

import (
	"encoding/json"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// Save validates e (which may normalise it) and stores it, returning its
// id. With before nil, e is new: every field is stored under a new id.
// Otherwise before is the entity as the form loaded it from record id,
// and only the fields where e differs from it are saved: none, and
// nothing is written; the record deleted meanwhile, and the error matches
// app.ErrNotFound. A validation error is returned as e.Validate gave it,
// with nothing stored.
func Save[E any, P interface {
	*E
	app.Entity
}](s service.Store, id string, before, e P) (string, error) {
	if err := e.Validate(); err != nil {
		return "", err
	}
	if before == nil {
		id := record.NewID()
		return id, s.Update(func(tx service.Tx) error {
			_, err := service.StoreEntity(tx, id, e)
			return err
		})
	}
	old, err := record.Encode(before)
	if err != nil {
		return "", err
	}
	cur, err := record.Encode(e)
	if err != nil {
		return "", err
	}
	changed := map[string]json.RawMessage{}
	for k, v := range cur {
		if string(old[k]) != string(v) {
			changed[k] = v
		}
	}
	if len(changed) == 0 {
		return id, nil
	}
	return id, s.Update(func(tx service.Tx) error {
		if _, err := service.Load[E, P](tx, id); err != nil {
			return err
		}
		_, err := tx.Save(e.Kind(), id, changed)
		return err
	})
}
