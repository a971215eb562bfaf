package localdb

import (
	"encoding/json"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// openClock opens a fresh store whose wall clock is *wall (checked on
// cleanup like openTest's).
func openClock(t *testing.T, wall *atomic.Int64) *Store {
	t.Helper()
	return openTestAtOpts(t, filepath.Join(t.TempDir(), "test.db"), Options{NoSync: true, Now: func() time.Time { return time.UnixMilli(wall.Load()) }})
}

func openTestAtOpts(t *testing.T, path string, opts Options) *Store {
	t.Helper()
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := checkStore(s); err != nil {
			t.Error(err)
		}
		s.Close()
	})
	return s
}

func field(v string, wall int64, logical uint32, device string) record.Field {
	return record.Field{Value: json.RawMessage(v), Stamp: record.Stamp{Wall: wall, Logical: logical, Device: device}}
}

func TestApplyPullWholeReplaces(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"name": `"An"`, "phone": `"0901234567"`, "owner": `"u1"`})
	if _, err := s.Settle(1, nil); err != nil {
		t.Fatal(err)
	}
	save(t, s, "c1", map[string]string{"notes": `"mine"`, "email": `"an@example.vn"`})
	local, _ := s.Get(app.KindCustomer, "c1")
	mine := local.Fields["notes"].Stamp
	synced := local.Fields["name"].Stamp

	// The server's copy: name with a lower stamp (it lowered this
	// device's), no phone (hidden now), notes newer than the unsynced
	// local edit, no email (only this device has it).
	remote := record.Record{Kind: string(app.KindCustomer), ID: "c1", Fields: map[string]record.Field{
		"name":  field(`"An (server)"`, synced.Wall-1000, 0, synced.Device),
		"owner": local.Fields["owner"],
		"notes": field(`"theirs"`, mine.Wall+1, 0, "other"),
	}}
	page := Pulled{Records: []record.Record{remote}, Whole: []Ref{{app.KindCustomer, "c1"}}}
	applied, conflicts, err := s.ApplyPull(page)
	if err != nil || applied != 1 {
		t.Fatalf("ApplyPull = %d, %v", applied, err)
	}
	got, _ := s.Get(app.KindCustomer, "c1")
	for name, want := range map[string]string{"name": `"An (server)"`, "notes": `"theirs"`, "email": `"an@example.vn"`, "owner": `"u1"`} {
		if string(got.Fields[name].Value) != want {
			t.Errorf("%s = %s, want %s", name, got.Fields[name].Value, want)
		}
	}
	if got.Fields["name"].Stamp != remote.Fields["name"].Stamp {
		t.Errorf("name stamp %v, want the server's lower %v", got.Fields["name"].Stamp, remote.Fields["name"].Stamp)
	}
	if _, ok := got.Fields["phone"]; ok {
		t.Error("phone kept; the whole record lacks it")
	}
	if len(conflicts) != 1 || conflicts[0].Field != "notes" || string(conflicts[0].LocalValue) != `"mine"` {
		t.Fatalf("conflicts %+v, want notes: mine", conflicts)
	}
	// The phone left the indexes (checked on cleanup) and the search.
	if ids, err := s.Search(app.KindCustomer, "0901234567", 10); err != nil || len(ids) != 0 {
		t.Errorf("search phone after replace: %v, %v", ids, err)
	}
	// The unsynced change is still pushed as it was made.
	out, _ := s.Outbox(0)
	if len(out) != 1 || string(out[0].Fields["notes"].Value) != `"mine"` || string(out[0].Fields["email"].Value) != `"an@example.vn"` {
		t.Fatalf("outbox %+v", out)
	}
	// Idempotent.
	if applied, conflicts, err := s.ApplyPull(page); err != nil || applied != 0 || len(conflicts) != 0 {
		t.Fatalf("again: %d, %v, %v", applied, conflicts, err)
	}
	// A record named whole that the store does not hold is inserted.
	other := record.Record{Kind: string(app.KindCustomer), ID: "c2", Fields: map[string]record.Field{"name": field(`"Bình"`, 1, 0, "other")}}
	if applied, _, err := s.ApplyPull(Pulled{Records: []record.Record{other}, Whole: []Ref{{app.KindCustomer, "c2"}}}); err != nil || applied != 1 {
		t.Fatalf("new whole record: %d, %v", applied, err)
	}
	if n, _ := s.Count(app.KindCustomer); n != 2 {
		t.Fatalf("count %d", n)
	}
}

func TestApplyPullNotWholeMerges(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"name": `"An"`, "phone": `"0901234567"`})
	s.Settle(1, nil)
	remote := record.Record{Kind: string(app.KindCustomer), ID: "c1", Fields: map[string]record.Field{"name": field(`"old"`, 1, 0, "other")}}
	if applied, _, err := s.ApplyPull(Pulled{Records: []record.Record{remote}}); err != nil || applied != 0 {
		t.Fatalf("an older field merged: %d, %v", applied, err)
	}
	got, _ := s.Get(app.KindCustomer, "c1")
	if string(got.Fields["name"].Value) != `"An"` || got.Fields["phone"].Value == nil {
		t.Fatalf("merge changed %+v", got.Fields)
	}
}

func TestApplyPullClockLimit(t *testing.T) {
	var wall atomic.Int64
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	wall.Store(now.UnixMilli())
	s := openClock(t, &wall)
	future := now.AddDate(6, 0, 0).UnixMilli()
	rec := record.Record{Kind: string(app.KindCustomer), ID: "c1", Fields: map[string]record.Field{"name": field(`"An"`, future, 0, "other")}}
	limit := now.Add(5 * time.Minute)
	if _, _, err := s.ApplyPull(Pulled{Records: []record.Record{rec}, ClockLimit: limit}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(app.KindCustomer, "c1")
	if got.Fields["name"].Stamp.Wall != future {
		t.Fatal("the far-future stamp was not stored as sent")
	}
	save(t, s, "c2", map[string]string{"name": `"Bình"`})
	c2, _ := s.Get(app.KindCustomer, "c2")
	if w := c2.Fields["name"].Stamp.Wall; w > limit.UnixMilli() {
		t.Fatalf("local stamp %v dragged past the limit %v", time.UnixMilli(w).UTC(), limit)
	}
	// Without a limit a clock that is behind catches up (plain HLC).
	rec2 := record.Record{Kind: string(app.KindCustomer), ID: "c3", Fields: map[string]record.Field{"name": field(`"Châu"`, now.Add(time.Hour).UnixMilli(), 0, "other")}}
	if _, _, err := s.ApplyRemote([]record.Record{rec2}); err != nil {
		t.Fatal(err)
	}
	save(t, s, "c2", map[string]string{"name": `"Bình 2"`})
	c2, _ = s.Get(app.KindCustomer, "c2")
	if w := c2.Fields["name"].Stamp.Wall; w < now.Add(time.Hour).UnixMilli() {
		t.Fatalf("local stamp %v did not catch up with the remote one", time.UnixMilli(w).UTC())
	}
}

// A device whose clock ran six years ahead pushed; the server lowered its
// stamps and sent the record back whole. Once its wall clock is right and
// its outbox empty, RewindClock brings the clock back, and what it
// changes next still counts as unsynced (conflicts are logged).
func TestRewindClock(t *testing.T) {
	var wall atomic.Int64
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	future := now.AddDate(6, 0, 0)
	wall.Store(future.UnixMilli())
	path := filepath.Join(t.TempDir(), "test.db")
	opts := Options{NoSync: true, Now: func() time.Time { return time.UnixMilli(wall.Load()) }}
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	save(t, s, "c1", map[string]string{"name": `"An"`, "notes": `"x"`})
	local, _ := s.Get(app.KindCustomer, "c1")
	if _, err := s.Settle(1, nil); err != nil {
		t.Fatal(err)
	}
	wall.Store(now.UnixMilli()) // the user set the clock right
	limit := now.Add(5 * time.Minute)

	save(t, s, "c1", map[string]string{"notes": `"y"`})
	if ok, err := s.RewindClock(limit); err != nil || ok {
		t.Fatalf("rewound with a change in the outbox: %v, %v", ok, err)
	}
	s.Settle(2, nil)

	clamped := local.Fields["name"].Stamp
	clamped.Wall = now.Add(-time.Second).UnixMilli()
	back := record.Record{Kind: string(app.KindCustomer), ID: "c1", Fields: map[string]record.Field{"name": {Value: local.Fields["name"].Value, Stamp: clamped}}}
	if _, _, err := s.ApplyPull(Pulled{Records: []record.Record{back}, Whole: []Ref{{app.KindCustomer, "c1"}}, ClockLimit: limit}); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.RewindClock(limit); err != nil || !ok {
		t.Fatalf("RewindClock = %v, %v", ok, err)
	}
	if ok, _ := s.RewindClock(limit); ok {
		t.Fatal("rewound twice")
	}
	save(t, s, "c1", map[string]string{"name": `"An 2"`})
	got, _ := s.Get(app.KindCustomer, "c1")
	st := got.Fields["name"].Stamp
	if st.Wall < now.UnixMilli() || st.Wall > limit.UnixMilli() {
		t.Fatalf("stamp after rewind %v, want about %v", time.UnixMilli(st.Wall).UTC(), now)
	}
	// Still unsynced: a newer remote value is a conflict, not a silent loss.
	newer := record.Record{Kind: string(app.KindCustomer), ID: "c1", Fields: map[string]record.Field{"name": field(`"An (Lan)"`, st.Wall+1, 0, "other")}}
	_, conflicts, err := s.ApplyRemote([]record.Record{newer})
	if err != nil || len(conflicts) != 1 || string(conflicts[0].LocalValue) != `"An 2"` {
		t.Fatalf("conflicts after rewind: %+v, %v", conflicts, err)
	}
	// The rewound clock survives a reopen.
	if err := checkStore(s); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := openTestAtOpts(t, path, opts)
	save(t, s2, "c4", map[string]string{"name": `"Dung"`})
	c4, _ := s2.Get(app.KindCustomer, "c4")
	if c4.Fields["name"].Stamp.Wall > now.Add(time.Hour).UnixMilli() {
		t.Fatalf("after reopen the clock is back in the future: %v", c4.Fields["name"].Stamp)
	}
	out, _ := s2.Outbox(0)
	if len(out) != 2 {
		t.Fatalf("outbox after reopen: %+v", out)
	}
}

func TestSettleRefusedField(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"name": `"An"`})
	save(t, s, "c1", map[string]string{"status": `"cancelled"`, "notes": `"called"`})
	reason := Reason{Code: "illegal_transition", Field: "status", Message: "no"}
	added, err := s.SettleRefused(2, nil, map[uint64]Reason{2: reason})
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := s.Outbox(0); len(out) != 0 {
		t.Fatalf("outbox %+v", out)
	}
	if len(added) != 1 || added[0].DeviceSeq != 2 || len(added[0].Fields) != 1 || string(added[0].Fields["status"].Value) != `"cancelled"` || added[0].Reason != reason {
		t.Fatalf("rejected log %+v", added)
	}
	log, _ := s.RejectedChanges()
	if len(log) != 1 {
		t.Fatalf("log %+v", log)
	}
}
