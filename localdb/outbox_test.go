package localdb

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

func save(t *testing.T, s *Store, id string, fields map[string]string) {
	t.Helper()
	values := map[string]json.RawMessage{}
	for k, v := range fields {
		values[k] = json.RawMessage(v)
	}
	err := s.Update(func(tx service.Tx) error {
		_, err := tx.Save(app.KindCustomer, id, values)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOutboxAndAck(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"name": `"An"`, "notes": `"a"`})
	save(t, s, "c2", map[string]string{"name": `"Bình"`})
	save(t, s, "c1", map[string]string{"notes": `"b"`})
	if err := s.Update(func(tx service.Tx) error { return tx.Delete(app.KindCustomer, "c2") }); err != nil {
		t.Fatal(err)
	}
	out, err := s.Outbox(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 4 {
		t.Fatalf("%d outbox entries", len(out))
	}
	for i, want := range []struct {
		id     string
		fields []string
	}{{"c1", []string{"name", "notes"}}, {"c2", []string{"name"}}, {"c1", []string{"notes"}}, {"c2", []string{record.Deleted}}} {
		ch := out[i]
		if ch.DeviceSeq != uint64(i+1) || ch.ID != want.id || ch.Kind != app.KindCustomer || len(ch.Fields) != len(want.fields) {
			t.Fatalf("entry %d: %+v", i, ch)
		}
		for _, f := range want.fields {
			if ch.Fields[f].Stamp.Device != s.DeviceID() {
				t.Fatalf("entry %d field %s: %+v", i, f, ch.Fields[f])
			}
		}
	}
	if got, _ := s.Outbox(2); len(got) != 2 || got[1].DeviceSeq != 2 {
		t.Fatalf("Outbox(2) = %+v", got)
	}
	if err := s.Ack(2); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Outbox(0); len(got) != 2 || got[0].DeviceSeq != 3 {
		t.Fatalf("after Ack(2): %+v", got)
	}
	if err := s.Ack(4); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Outbox(0); len(got) != 0 {
		t.Fatalf("after Ack(4): %+v", got)
	}
	if err := s.Ack(4); err != nil {
		t.Fatal("second ack:", err)
	}
	// Numbering continues after an ack.
	save(t, s, "c3", map[string]string{"name": `"Châu"`})
	if got, _ := s.Outbox(0); len(got) != 1 || got[0].DeviceSeq != 5 {
		t.Fatalf("after ack, new change: %+v", got)
	}
}

// remote builds a record as another device would send it.
func remote(id string, wall int64, fields map[string]string) record.Record {
	r := record.Record{Kind: "customer", ID: id, Fields: map[string]record.Field{}}
	for k, v := range fields {
		r.Fields[k] = record.Field{Value: json.RawMessage(v), Stamp: record.Stamp{Wall: wall, Device: "lan-laptop"}}
	}
	return r
}

func TestApplyRemoteAndConflicts(t *testing.T) {
	s := openTest(t)
	now := time.Now().UnixMilli()
	save(t, s, "c1", map[string]string{"name": `"Nguyễn An"`, "phones": `["+84901234567"]`, "notes": `"local"`})
	if err := s.Ack(1); err != nil { // name, phones, notes synced
		t.Fatal(err)
	}
	save(t, s, "c1", map[string]string{"phones": `["+84911111111"]`}) // unsynced edit
	outboxBefore, _ := s.Outbox(0)

	applied, conflicts, err := s.ApplyRemote([]record.Record{
		// Lan changed the phone (newer) and the notes (synced locally: no conflict).
		remote("c1", now+60_000, map[string]string{"phones": `["+84922222222"]`, "notes": `"remote"`}),
		// A new customer from another device.
		remote("c2", now, map[string]string{"name": `"Иванов Иван"`}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if applied != 2 {
		t.Fatalf("applied %d", applied)
	}
	if len(conflicts) != 1 {
		t.Fatalf("conflicts %+v", conflicts)
	}
	c := conflicts[0]
	if c.Kind != app.KindCustomer || c.ID != "c1" || c.Field != "phones" || string(c.LocalValue) != `["+84911111111"]` ||
		string(c.RemoteValue) != `["+84922222222"]` || c.RemoteStamp.Device != "lan-laptop" || c.LocalStamp.Device != s.DeviceID() {
		t.Fatalf("conflict %+v", c)
	}
	// Remote applies do not go to the outbox; indexes follow them.
	if out, _ := s.Outbox(0); len(out) != len(outboxBefore) {
		t.Fatalf("outbox grew: %d → %d", len(outboxBefore), len(out))
	}
	if ids, _ := s.Lookup(app.KindCustomer, "phones", "+84922222222"); !sameIDs(ids, []string{"c1"}) {
		t.Fatalf("lookup remote phone: %v", ids)
	}
	if ids, _ := s.Search(app.KindCustomer, "иванов", 5); !sameIDs(ids, []string{"c2"}) {
		t.Fatalf("search remote record: %v", ids)
	}
	if n, _ := s.Count(app.KindCustomer); n != 2 {
		t.Fatalf("count %d", n)
	}

	// The same records again change nothing and log nothing.
	applied, conflicts, err = s.ApplyRemote([]record.Record{remote("c1", now+60_000, map[string]string{"phones": `["+84922222222"]`, "notes": `"remote"`})})
	if err != nil || applied != 0 || len(conflicts) != 0 {
		t.Fatalf("replay: %d %v %v", applied, conflicts, err)
	}
	// An older remote value loses and changes nothing.
	applied, _, _ = s.ApplyRemote([]record.Record{remote("c1", now-60_000, map[string]string{"phones": `["+84933333333"]`})})
	if applied != 0 {
		t.Fatalf("older remote applied")
	}

	list, err := s.Conflicts()
	if err != nil || len(list) != 1 || list[0].Seq != c.Seq || list[0].Resolved {
		t.Fatalf("Conflicts() = %+v, %v", list, err)
	}

	// The clock moved past the remote stamp: a local edit now wins.
	if err := s.RestoreConflict(c.Seq); err != nil {
		t.Fatal(err)
	}
	rec, _ := s.Get(app.KindCustomer, "c1")
	if string(rec.Fields["phones"].Value) != `["+84911111111"]` || !rec.Fields["phones"].Stamp.After(c.RemoteStamp) {
		t.Fatalf("after restore: %+v", rec.Fields["phones"])
	}
	out, _ := s.Outbox(0)
	if last := out[len(out)-1]; last.ID != "c1" || string(last.Fields["phones"].Value) != `["+84911111111"]` {
		t.Fatalf("restore not in outbox: %+v", last)
	}
	list, _ = s.Conflicts()
	if !list[0].Resolved {
		t.Fatal("conflict not marked resolved")
	}
	if err := s.RestoreConflict(c.Seq); !errors.Is(err, app.ErrConflict) {
		t.Fatalf("second restore: %v", err)
	}
	if err := s.RestoreConflict(999); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("restore unknown: %v", err)
	}
}

// A remote tombstone deletes; a remote undelete with a newer stamp revives
// and reindexes.
func TestApplyRemoteTombstone(t *testing.T) {
	s := openTest(t)
	now := time.Now().UnixMilli()
	save(t, s, "c1", map[string]string{"name": `"Phạm Hùng"`})
	s.Ack(1)
	if _, _, err := s.ApplyRemote([]record.Record{remote("c1", now+1000, map[string]string{record.Deleted: "true"})}); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.Search(app.KindCustomer, "pham", 5); len(ids) != 0 {
		t.Fatalf("deleted still found: %v", ids)
	}
	if n, _ := s.Count(app.KindCustomer); n != 0 {
		t.Fatalf("count %d", n)
	}
	if _, _, err := s.ApplyRemote([]record.Record{remote("c1", now+2000, map[string]string{record.Deleted: "false"})}); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.Search(app.KindCustomer, "pham", 5); !sameIDs(ids, []string{"c1"}) {
		t.Fatalf("revived not found: %v", ids)
	}
}

// The conflict log and the record commit together: a failing ApplyRemote
// (one bad record in the batch) leaves neither.
func TestApplyRemoteAtomic(t *testing.T) {
	s := openTest(t)
	now := time.Now().UnixMilli()
	save(t, s, "c1", map[string]string{"name": `"Local"`})
	before := snapshot(s)
	_, _, err := s.ApplyRemote([]record.Record{
		remote("c1", now+60_000, map[string]string{"name": `"Remote"`}),
		{Kind: "customer"}, // no id
	})
	if !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("bad batch: %v", err)
	}
	if string(snapshot(s)) != string(before) {
		t.Fatal("failed ApplyRemote left changes behind")
	}
	if list, _ := s.Conflicts(); len(list) != 0 {
		t.Fatalf("conflicts %v", list)
	}
}

// The outbox stores only which change a record's fields carry; a value
// overwritten before the server acknowledged it (by a later local change
// or by a remote one) must still come out of Outbox as it was saved.
func TestOutboxKeepsOverwrittenValues(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"name": `"An"`, "notes": `"a"`, "phones": `["+84901234567"]`})
	save(t, s, "c1", map[string]string{"notes": `"b"`})
	save(t, s, "c1", map[string]string{"notes": `"c"`, "name": `"Ân"`})
	// Two changes of one record in one transaction.
	err := s.Update(func(tx service.Tx) error {
		if _, err := tx.Save(app.KindCustomer, "c2", map[string]json.RawMessage{"name": json.RawMessage(`"Bình"`)}); err != nil {
			return err
		}
		_, err := tx.Save(app.KindCustomer, "c2", map[string]json.RawMessage{"name": json.RawMessage(`"Binh"`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A remote value beats the unsynced phones of change 1.
	r := remote("c1", time.Now().Add(time.Hour).UnixMilli(), map[string]string{"phones": `["+84911111111"]`})
	if _, _, err := s.ApplyRemote([]record.Record{r}); err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{
		{"name": `"An"`, "notes": `"a"`, "phones": `["+84901234567"]`},
		{"notes": `"b"`},
		{"notes": `"c"`, "name": `"Ân"`},
		{"name": `"Bình"`},
		{"name": `"Binh"`},
	}
	check := func(from int) {
		t.Helper()
		out, err := s.Outbox(0)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != len(want)-from {
			t.Fatalf("%d outbox entries, want %d", len(out), len(want)-from)
		}
		for i, ch := range out {
			w := want[from+i]
			if ch.DeviceSeq != uint64(from+i+1) || len(ch.Fields) != len(w) {
				t.Fatalf("entry %d: %+v, want %v", from+i+1, ch, w)
			}
			var stamp record.Stamp
			for name, v := range w {
				f := ch.Fields[name]
				if string(f.Value) != v || f.Stamp.Device != s.DeviceID() {
					t.Fatalf("entry %d field %s = %s %v, want %s", from+i+1, name, f.Value, f.Stamp, v)
				}
				if stamp != (record.Stamp{}) && f.Stamp != stamp {
					t.Fatalf("entry %d: fields with different stamps", from+i+1)
				}
				stamp = f.Stamp
			}
		}
	}
	check(0)
	if err := s.Ack(2); err != nil {
		t.Fatal(err)
	}
	check(2)
	// Overwriting an acknowledged change's field copies nothing.
	save(t, s, "c1", map[string]string{"phones": `["+84922222222"]`})
	want = append(want, map[string]string{"phones": `["+84922222222"]`})
	check(2)
	if err := s.Ack(6); err != nil {
		t.Fatal(err)
	}
	check(6)
}
