package localdb

import (
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// stream returns a Snapshot.Next over recs, failing with fail after
// failAfter records when fail is not nil.
func stream(recs []record.Record, failAfter int, fail error) func() (record.Record, error) {
	i := 0
	return func() (record.Record, error) {
		if fail != nil && i == failAfter {
			return record.Record{}, fail
		}
		if i == len(recs) {
			return record.Record{}, io.EOF
		}
		i++
		return recs[i-1], nil
	}
}

func TestLoadSnapshotIntoEmptyStore(t *testing.T) {
	// With fsync on, as the app opens it: the load turns it off and on.
	s := openTestAtOpts(t, filepath.Join(t.TempDir(), "fresh.db"), Options{})
	recs := pulledCustomers(snapshotChunk + 2500) // two transactions
	res, err := s.LoadSnapshot(Snapshot{Next: stream(recs, 0, nil), Cursor: "42"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != len(recs) || res.Applied != len(recs) || res.Removed != 0 || len(res.Kept) != 0 || len(res.Conflicts) != 0 || !res.Unsynced {
		t.Errorf("result %+v", res)
	}
	if s.db.NoSync {
		t.Error("fsync is still off after the load")
	}
	if c, _ := s.SyncCursor(); c != "42" {
		t.Errorf("cursor %q, want 42", c)
	}
	if n, _ := s.Count(app.KindCustomer); n != len(recs) {
		t.Errorf("count %d, want %d", n, len(recs))
	}
	got, err := s.Get(app.KindCustomer, recs[12345].ID)
	if err != nil || string(got.Fields["name"].Value) != string(recs[12345].Fields["name"].Value) {
		t.Errorf("record 12345: %v %v", got.Fields["name"], err)
	}
	// Every record is found by its exact name.
	var name string
	_ = jsonString(recs[777].Fields["name"].Value, &name)
	hits, _ := s.Search(app.KindCustomer, name, 0)
	if !slices.Contains(hits, recs[777].ID) {
		t.Errorf("search %q: %d hits, not %s", name, len(hits), recs[777].ID)
	}
}

func TestLoadSnapshotReplacesKeepingWhatWasTyped(t *testing.T) {
	s := openTest(t)
	// Synced from the server: c1, c2, c3.
	pulled := []record.Record{
		{Kind: "customer", ID: "c1", Fields: map[string]record.Field{"name": field(`"An"`, 1000, 0, "srv"), "notes": field(`"old"`, 1000, 0, "srv")}},
		{Kind: "customer", ID: "c2", Fields: map[string]record.Field{"name": field(`"Bình"`, 1000, 0, "srv")}},
		{Kind: "customer", ID: "c3", Fields: map[string]record.Field{"name": field(`"Chi"`, 1000, 0, "srv")}},
	}
	if _, _, err := s.ApplyPull(Pulled{Records: pulled}); err != nil {
		t.Fatal(err)
	}
	// Typed here, not pushed: an edit of c1's notes and a new c9.
	save(t, s, "c1", map[string]string{"notes": `"typed offline"`})
	save(t, s, "c9", map[string]string{"name": `"Dũng"`})
	local, _ := s.Get(app.KindCustomer, "c1")
	mine := local.Fields["notes"].Stamp

	// The snapshot: c1 with newer notes from someone else and a new
	// phone field, c2 unchanged, c4 new; c3 is gone (deleted long ago or
	// no longer readable), c9 the server never saw.
	snap := []record.Record{
		{Kind: "customer", ID: "c1", Fields: map[string]record.Field{"name": field(`"An"`, 1000, 0, "srv"), "notes": field(`"theirs"`, mine.Wall+5, 0, "other"), "phones": field(`["+84901234567"]`, 1000, 0, "srv")}},
		pulled[1],
		{Kind: "customer", ID: "c4", Fields: map[string]record.Field{"name": field(`"Giang"`, 1000, 0, "srv")}},
	}
	res, err := s.LoadSnapshot(Snapshot{Next: stream(snap, 0, nil), Cursor: "7"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 3 || res.Removed != 1 || !slices.Equal(res.Kept, []Ref{{app.KindCustomer, "c9"}}) || res.Unsynced {
		t.Errorf("result %+v", res)
	}
	// The losing typed value is in the conflict log, with both values.
	if len(res.Conflicts) != 1 || string(res.Conflicts[0].LocalValue) != `"typed offline"` || string(res.Conflicts[0].RemoteValue) != `"theirs"` {
		t.Errorf("conflicts %+v", res.Conflicts)
	}
	if cs, _ := s.Conflicts(); len(cs) != 1 {
		t.Errorf("conflict log holds %d entries, want 1", len(cs))
	}
	// The outbox still holds both local changes (for the next push).
	if out, _ := s.Outbox(0); len(out) != 2 {
		t.Errorf("outbox holds %d changes, want 2", len(out))
	}
	if _, err := s.Get(app.KindCustomer, "c3"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("c3: %v, want not found", err)
	}
	for _, id := range []string{"c1", "c2", "c4", "c9"} {
		if _, err := s.Get(app.KindCustomer, id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if c, _ := s.SyncCursor(); c != "7" {
		t.Errorf("cursor %q, want 7", c)
	}
	if n, _ := s.Count(app.KindCustomer); n != 4 {
		t.Errorf("count %d, want 4 (c1 c2 c4 c9)", n)
	}
}

func TestLoadSnapshotFailureSavesNoCursor(t *testing.T) {
	s := openTestAtOpts(t, filepath.Join(t.TempDir(), "fail.db"), Options{})
	if err := s.SetSyncCursor("3"); err != nil {
		t.Fatal(err)
	}
	recs := pulledCustomers(300)
	broken := errors.New("connection reset")
	_, err := s.LoadSnapshot(Snapshot{Next: stream(recs, 250, broken), Cursor: "99"})
	if !errors.Is(err, broken) {
		t.Fatalf("err %v, want %v", err, broken)
	}
	if c, _ := s.SyncCursor(); c != "3" {
		t.Errorf("cursor %q, want the old one", c)
	}
	if s.db.NoSync {
		t.Error("fsync is still off after a failed load")
	}
	// Loaded again, whole, it replaces what the failed load wrote.
	res, err := s.LoadSnapshot(Snapshot{Next: stream(recs[100:], 0, nil), Cursor: "99"})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count(app.KindCustomer); n != 200 || res.Removed != 0 {
		t.Errorf("count %d removed %d; want 200 and 0 (the failed load wrote nothing: its chunk never committed)", n, res.Removed)
	}
}

func jsonString(v []byte, s *string) error { return json.Unmarshal(v, s) }

// A change typed while a snapshot loads into a fresh store turns fsync
// back on for the rest of the load, and is kept.
func TestLoadSnapshotTypingTurnsFsyncBackOn(t *testing.T) {
	s := openTestAtOpts(t, filepath.Join(t.TempDir(), "typing.db"), Options{})
	recs := pulledCustomers(snapshotChunk + 10)
	next := stream(recs, 0, nil)
	n := 0
	typed := false
	res, err := s.LoadSnapshot(Snapshot{Cursor: "5", Next: func() (record.Record, error) {
		n++
		if n == snapshotChunk+5 && !typed {
			// The first chunk has committed (without fsync); the user
			// saves a customer now.
			typed = true
			save(t, s, "typed-1", map[string]string{"name": `"Khách gõ tay"`})
		}
		return next()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unsynced || s.db.NoSync {
		t.Errorf("Unsynced %v, NoSync %v after a change typed during the load", res.Unsynced, s.db.NoSync)
	}
	if out, _ := s.Outbox(0); len(out) != 1 {
		t.Errorf("outbox holds %d changes, want the typed one", len(out))
	}
	if n, _ := s.Count(app.KindCustomer); n != len(recs)+1 {
		t.Errorf("count %d, want %d", n, len(recs)+1)
	}
}
