package memstore

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

var _ server.RecordStore = (*Store)(nil)

// records is the record store's state. An update works on a copy and
// swaps it in on success: simple, and fine for the sizes tests use.
type records struct {
	recs     map[protocol.Ref]server.StoredRecord
	changes  map[uint64]protocol.Ref // seq → record, the latest change of each
	refsOf   map[protocol.Ref][]string
	referrer map[string]map[protocol.Ref]bool // id → records that reference it
	seq      uint64
	devices  map[string]uint64
	results  map[string]map[uint64]protocol.Result
	vis      map[string]map[server.SeqRef]bool
	audit    map[protocol.Ref][]server.AuditRecord
	horizon  uint64                         // prune.go
	cursors  map[string]server.DeviceCursor // prune.go
	marks    []server.PruneMark             // prune.go
}

func newRecords() *records {
	return &records{
		recs:     map[protocol.Ref]server.StoredRecord{},
		changes:  map[uint64]protocol.Ref{},
		refsOf:   map[protocol.Ref][]string{},
		referrer: map[string]map[protocol.Ref]bool{},
		devices:  map[string]uint64{},
		results:  map[string]map[uint64]protocol.Result{},
		vis:      map[string]map[server.SeqRef]bool{},
		audit:    map[protocol.Ref][]server.AuditRecord{},
	}
}

// clone copies every map (two levels deep where the inner level is
// written to); values stored are never modified in place.
func (r *records) clone() *records {
	c := *r
	c.recs = maps.Clone(r.recs)
	c.changes = maps.Clone(r.changes)
	c.refsOf = maps.Clone(r.refsOf)
	c.referrer = make(map[string]map[protocol.Ref]bool, len(r.referrer))
	for k, v := range r.referrer {
		c.referrer[k] = maps.Clone(v)
	}
	c.devices = maps.Clone(r.devices)
	c.results = make(map[string]map[uint64]protocol.Result, len(r.results))
	for k, v := range r.results {
		c.results[k] = maps.Clone(v)
	}
	c.vis = make(map[string]map[server.SeqRef]bool, len(r.vis))
	for k, v := range r.vis {
		c.vis[k] = maps.Clone(v)
	}
	c.audit = maps.Clone(r.audit)
	c.cursors = maps.Clone(r.cursors)
	return &c
}

// ViewRecords implements server.RecordStore.
func (s *Store) ViewRecords(fn func(server.RecordView) error) error {
	s.mu.Lock()
	st := s.recs
	users := s.usersLocked()
	s.mu.Unlock()
	// st is never modified once published (updates swap in a copy), so
	// the view needs no lock.
	return fn(&recTx{r: st, users: users})
}

// UpdateRecords implements server.RecordStore.
func (s *Store) UpdateRecords(fn func(server.RecordTx) error) error {
	s.update.Lock()
	defer s.update.Unlock()
	s.mu.Lock()
	work := s.recs.clone()
	users := s.usersLocked()
	s.mu.Unlock()
	if err := fn(&recTx{r: work, users: users, write: true}); err != nil {
		return err
	}
	s.mu.Lock()
	s.recs = work
	s.mu.Unlock()
	return nil
}

func (s *Store) usersLocked() []app.User {
	out := make([]app.User, 0, len(s.accounts))
	for _, a := range s.accounts {
		out = append(out, a.User)
	}
	return out
}

type recTx struct {
	r     *records
	users []app.User
	write bool
}

func cloneRecord(r server.StoredRecord) server.StoredRecord {
	r.Fields = maps.Clone(r.Fields)
	return r
}

func (t *recTx) Record(kind app.Kind, id string) (server.StoredRecord, error) {
	r, ok := t.r.recs[protocol.Ref{Kind: kind, ID: id}]
	if !ok {
		return server.StoredRecord{}, fmt.Errorf("memstore: record %s %s: %w", kind, id, app.ErrNotFound)
	}
	return cloneRecord(r), nil
}

func compareRef(a, b protocol.Ref) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
}

func (t *recTx) Referrers(id string) ([]protocol.Ref, error) {
	out := slices.Collect(maps.Keys(t.r.referrer[id]))
	slices.SortFunc(out, compareRef)
	return out, nil
}

func compareSeqRef(a, b server.SeqRef) int {
	return cmp.Or(cmp.Compare(a.Seq, b.Seq), compareRef(a.Ref, b.Ref))
}

func (t *recTx) Changes(after uint64, max int) ([]server.SeqRef, error) {
	var out []server.SeqRef
	if t.r.seq-min(after, t.r.seq) <= uint64(2*len(t.r.changes)) {
		// Walk the sequences after the cursor (each record is at one
		// of them): no sort, and a page costs what it returns, not
		// the whole index.
		for seq := after + 1; seq <= t.r.seq && len(out) < max; seq++ {
			if ref, ok := t.r.changes[seq]; ok {
				out = append(out, server.SeqRef{Seq: seq, Ref: ref})
			}
		}
		return out, nil
	}
	for seq, ref := range t.r.changes {
		if seq > after {
			out = append(out, server.SeqRef{Seq: seq, Ref: ref})
		}
	}
	slices.SortFunc(out, compareSeqRef)
	if len(out) > max {
		out = out[:max]
	}
	return out, nil
}

func (t *recTx) VisibilityChanges(userID string, after uint64, max int) ([]server.SeqRef, error) {
	var out []server.SeqRef
	for e := range t.r.vis[userID] {
		if e.Seq > after {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, compareSeqRef)
	if len(out) > max {
		out = out[:max]
	}
	return out, nil
}

func (t *recTx) LastSeq() (uint64, error) { return t.r.seq, nil }

func (t *recTx) DeviceSeq(device string) (uint64, error) { return t.r.devices[device], nil }

func (t *recTx) Result(device string, seq uint64) (protocol.Result, bool, error) {
	r, ok := t.r.results[device][seq]
	return r, ok, nil
}

func (t *recTx) Audit(kind app.Kind, id string) ([]server.AuditRecord, error) {
	return slices.Clone(t.r.audit[protocol.Ref{Kind: kind, ID: id}]), nil
}

func (t *recTx) Users() ([]app.User, error) { return slices.Clone(t.users), nil }

func (t *recTx) mustWrite() {
	if !t.write {
		panic("memstore: write in a read-only transaction")
	}
}

func (t *recTx) NextSeq() (uint64, error) {
	t.mustWrite()
	t.r.seq++
	return t.r.seq, nil
}

func (t *recTx) PutRecord(rec server.StoredRecord, refs []string) error {
	t.mustWrite()
	if rec.Seq == 0 || rec.Seq > t.r.seq {
		return fmt.Errorf("memstore: put record %s %s: sequence %d was not issued", rec.Kind, rec.ID, rec.Seq)
	}
	ref := protocol.Ref{Kind: rec.Kind, ID: rec.ID}
	if old, ok := t.r.recs[ref]; ok {
		delete(t.r.changes, old.Seq)
	}
	for _, id := range t.r.refsOf[ref] {
		delete(t.r.referrer[id], ref)
		if len(t.r.referrer[id]) == 0 {
			delete(t.r.referrer, id)
		}
	}
	t.r.recs[ref] = cloneRecord(rec)
	t.r.changes[rec.Seq] = ref
	refs = slices.Clone(refs)
	t.r.refsOf[ref] = refs
	for _, id := range refs {
		if t.r.referrer[id] == nil {
			t.r.referrer[id] = map[protocol.Ref]bool{}
		}
		t.r.referrer[id][ref] = true
	}
	return nil
}

func (t *recTx) AppendAudit(e server.AuditRecord) error {
	t.mustWrite()
	ref := protocol.Ref{Kind: e.Kind, ID: e.ID}
	// A fresh slice, so the previous state's slice is never appended to.
	t.r.audit[ref] = append(slices.Clip(t.r.audit[ref]), e)
	return nil
}

func (t *recTx) SetDeviceSeq(device string, seq uint64) error {
	t.mustWrite()
	t.r.devices[device] = seq
	return nil
}

func (t *recTx) PutResult(device string, r protocol.Result) error {
	t.mustWrite()
	if t.r.results[device] == nil {
		t.r.results[device] = map[uint64]protocol.Result{}
	}
	t.r.results[device][r.DeviceSeq] = r
	return nil
}

func (t *recTx) DeleteResults(device string, below uint64) error {
	t.mustWrite()
	for seq := range t.r.results[device] {
		if seq < below {
			delete(t.r.results[device], seq)
		}
	}
	return nil
}

func (t *recTx) AddVisibilityChange(userID string, seq uint64, ref protocol.Ref) error {
	t.mustWrite()
	if t.r.vis[userID] == nil {
		t.r.vis[userID] = map[server.SeqRef]bool{}
	}
	t.r.vis[userID][server.SeqRef{Seq: seq, Ref: ref}] = true
	return nil
}
