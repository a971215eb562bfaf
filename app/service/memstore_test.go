package service

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// memStore is a map-backed Store for this package's tests: transactions
// are all-or-nothing, Lookup reads the kind's indexed fields, Search
// matches a case-insensitive substring of the name. localdb is the real
// implementation.
type memStore struct {
	mu      sync.Mutex
	recs    map[app.Kind]map[string]record.Record
	clock   *record.Clock
	updates int
}

func newMemStore() *memStore {
	return &memStore{recs: map[app.Kind]map[string]record.Record{}, clock: record.NewClock("test", record.Stamp{}, func() time.Time { return time.UnixMilli(1795000000000) })}
}

type memTx struct {
	s    *memStore
	recs map[app.Kind]map[string]record.Record
}

func (s *memStore) Update(fn func(Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &memTx{s: s, recs: map[app.Kind]map[string]record.Record{}}
	for k, m := range s.recs {
		tx.recs[k] = maps.Clone(m)
	}
	if err := fn(tx); err != nil {
		return err
	}
	s.recs = tx.recs
	s.updates++
	return nil
}

func (s *memStore) View(fn func(Reader) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(&memTx{s: s, recs: s.recs})
}

func (s *memStore) Get(kind app.Kind, id string) (record.Record, error) {
	var r record.Record
	err := s.View(func(tx Reader) (err error) { r, err = tx.Get(kind, id); return })
	return r, err
}

func (s *memStore) Lookup(kind app.Kind, field, value string) ([]string, error) {
	var ids []string
	err := s.View(func(tx Reader) (err error) { ids, err = tx.Lookup(kind, field, value); return })
	return ids, err
}

func (s *memStore) Search(kind app.Kind, query string, limit int) ([]string, error) {
	var ids []string
	for _, id := range s.liveIDs(kind) {
		var v struct{ Name string }
		json.Unmarshal(s.recs[kind][id].Fields["name"].Value, &v.Name)
		if strings.Contains(strings.ToLower(v.Name), strings.ToLower(query)) && len(ids) < limit {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func (s *memStore) SortedIDs(kind app.Kind) ([]string, error) { return s.liveIDs(kind), nil }

func (s *memStore) Count(kind app.Kind) (int, error) { return len(s.liveIDs(kind)), nil }

func (s *memStore) liveIDs(kind app.Kind) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, r := range s.recs[kind] {
		if !r.IsDeleted() {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func (tx *memTx) Get(kind app.Kind, id string) (record.Record, error) {
	r, ok := tx.recs[kind][id]
	if !ok {
		return record.Record{}, notFound(kind, id)
	}
	return r.Clone(), nil
}

func (tx *memTx) Lookup(kind app.Kind, field, value string) ([]string, error) {
	var ids []string
	for id, r := range tx.recs[kind] {
		if r.IsDeleted() {
			continue
		}
		f := r.Fields[field]
		var one string
		var many []string
		if json.Unmarshal(f.Value, &one) == nil && one == value || json.Unmarshal(f.Value, &many) == nil && slices.Contains(many, value) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func (tx *memTx) Save(kind app.Kind, id string, values map[string]json.RawMessage) (record.Record, error) {
	if tx.recs[kind] == nil {
		tx.recs[kind] = map[string]record.Record{}
	}
	r := tx.recs[kind][id].Clone()
	r.Kind, r.ID = string(kind), id
	for name, f := range record.Changes(r, values, tx.s.clock.Now()) {
		r.Set(name, f.Value, f.Stamp)
	}
	tx.recs[kind][id] = r
	return r.Clone(), nil
}

func (tx *memTx) Delete(kind app.Kind, id string) error {
	r, ok := tx.recs[kind][id]
	if !ok {
		return notFound(kind, id)
	}
	r = r.Clone()
	r.Set(record.Deleted, json.RawMessage("true"), tx.s.clock.Now())
	tx.recs[kind][id] = r
	return nil
}
