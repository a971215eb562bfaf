// Package service holds TourDesk's use cases: what a user does (add a
// customer, find one, edit one), written once over the Store interface so
// the desktop app, tourdeskctl and tests run the same rules. localdb
// implements Store; the UI talks to services only.
package service

import (
	"encoding/json"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Reader is the read side of a Store or of one transaction. Records
// returned are copies the caller owns.
type Reader interface {
	// Get returns the record, deleted or not, or an error matching
	// app.ErrNotFound when the store has never held it.
	Get(kind app.Kind, id string) (record.Record, error)
	// Lookup returns the ids of live records of kind whose indexed field
	// (one of app.KindInfo.Index) holds value exactly, in id order.
	Lookup(kind app.Kind, field, value string) ([]string, error)
}

// Tx is one atomic unit of work: everything written through it commits
// together or not at all.
type Tx interface {
	Reader
	// Save sets the given top-level fields of a record, creating it if
	// absent. Only fields whose value differs from the stored one are
	// stamped and written to the outbox; other fields are untouched,
	// including ones this version does not know. It returns the record as
	// stored. Saving a deleted record's fields does not revive it.
	Save(kind app.Kind, id string, values map[string]json.RawMessage) (record.Record, error)
	// Delete writes the record's tombstone (app.ErrNotFound if absent).
	Delete(kind app.Kind, id string) error
}

// Store is the local store of one user profile. Its methods are safe for
// concurrent use; each runs in its own transaction.
type Store interface {
	Reader
	// Update runs fn in one read-write transaction; an error from fn rolls
	// everything back and is returned unchanged.
	Update(fn func(Tx) error) error
	// View runs fn in one read-only transaction.
	View(fn func(Reader) error) error
	// Search returns the ids of live records of kind matching every word of
	// query (diacritic- and case-insensitive, prefix match on the last
	// word; phones match in any formatting), at most limit, ordered by the
	// kind's sort field.
	Search(kind app.Kind, query string, limit int) ([]string, error)
	// SortedIDs returns the ids of every live record of kind ordered by the
	// kind's sort field (app.KindInfo.Sort), then by id.
	SortedIDs(kind app.Kind) ([]string, error)
	// Count returns the number of live records of kind.
	Count(kind app.Kind) (int, error)
}

// Load decodes the live record kind/id of r into a new entity of type E.
// It returns an error matching app.ErrNotFound for absent or deleted records.
func Load[E any, P interface {
	*E
	app.Entity
}](r Reader, id string) (*E, error) {
	var e E
	rec, err := r.Get(P(&e).Kind(), id)
	if err != nil {
		return nil, err
	}
	if rec.IsDeleted() {
		return nil, notFound(P(&e).Kind(), id)
	}
	if err := record.Decode(rec, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// StoreEntity validates e and saves every one of its fields under id.
func StoreEntity(tx Tx, id string, e app.Entity) (record.Record, error) {
	if err := e.Validate(); err != nil {
		return record.Record{}, err
	}
	values, err := record.Encode(e)
	if err != nil {
		return record.Record{}, err
	}
	return tx.Save(e.Kind(), id, values)
}
