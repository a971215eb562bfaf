package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// runRecords runs the conformance tests of server.RecordStore.
func runRecords(t *testing.T, open func(t *testing.T) Harness) {
	t.Run("RecordsEmpty", func(t *testing.T) { testRecordsEmpty(t, open(t)) })
	t.Run("RecordsPut", func(t *testing.T) { testRecordsPut(t, open(t)) })
	t.Run("RecordsRollback", func(t *testing.T) { testRecordsRollback(t, open(t)) })
	t.Run("RecordsBookkeeping", func(t *testing.T) { testRecordsBookkeeping(t, open(t)) })
	t.Run("RecordsUsers", func(t *testing.T) { testRecordsUsers(t, open(t)) })
	t.Run("RecordsConcurrent", func(t *testing.T) { testRecordsConcurrent(t, open(t)) })
	t.Run("RecordsPrune", func(t *testing.T) { testRecordsPrune(t, open(t)) })
}

func update(t *testing.T, rs server.RecordStore, fn func(server.RecordTx) error) {
	t.Helper()
	if err := rs.UpdateRecords(fn); err != nil {
		t.Fatalf("UpdateRecords: %v", err)
	}
}

func view(t *testing.T, rs server.RecordStore, fn func(server.RecordView) error) {
	t.Helper()
	if err := rs.ViewRecords(fn); err != nil {
		t.Fatalf("ViewRecords: %v", err)
	}
}

func stored(kind app.Kind, id string, seq uint64, kv ...string) server.StoredRecord {
	r := server.StoredRecord{Kind: kind, ID: id, Seq: seq, Fields: map[string]server.StoredField{}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Fields[kv[i]] = server.StoredField{
			Value: json.RawMessage(kv[i+1]),
			Stamp: record.Stamp{Wall: 1795000000000 + int64(seq), Logical: uint32(i), Device: "dev"},
			Seq:   seq,
		}
		if i == 0 {
			f := r.Fields[kv[i]]
			f.From = "dev" // kept as stored
			r.Fields[kv[i]] = f
		}
	}
	return r
}

// put issues a sequence and stores a record at it.
func put(tx server.RecordTx, kind app.Kind, id string, refs []string, kv ...string) (server.StoredRecord, error) {
	seq, err := tx.NextSeq()
	if err != nil {
		return server.StoredRecord{}, err
	}
	r := stored(kind, id, seq, kv...)
	return r, tx.PutRecord(r, refs)
}

func testRecordsEmpty(t *testing.T, h Harness) {
	view(t, h.Records, func(v server.RecordView) error {
		if n, err := v.LastSeq(); n != 0 || err != nil {
			t.Errorf("LastSeq = %d, %v; want 0", n, err)
		}
		if _, err := v.Record(app.KindCustomer, "c1"); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("Record of an empty store: %v, want app.ErrNotFound", err)
		}
		if c, err := v.Changes(0, 10); len(c) != 0 || err != nil {
			t.Errorf("Changes = %v, %v; want none", c, err)
		}
		if n, err := v.DeviceSeq("d"); n != 0 || err != nil {
			t.Errorf("DeviceSeq = %d, %v; want 0", n, err)
		}
		if _, ok, err := v.Result("d", 1); ok || err != nil {
			t.Errorf("Result = %v, %v; want none", ok, err)
		}
		if a, err := v.Audit(app.KindCustomer, "c1"); len(a) != 0 || err != nil {
			t.Errorf("Audit = %v, %v; want none", a, err)
		}
		if r, err := v.Referrers("c1"); len(r) != 0 || err != nil {
			t.Errorf("Referrers = %v, %v; want none", r, err)
		}
		if r, err := v.VisibilityChanges("u1", 0, 10); len(r) != 0 || err != nil {
			t.Errorf("VisibilityChanges = %v, %v; want none", r, err)
		}
		return nil
	})
}

func seqRefs(s []server.SeqRef) string {
	out := ""
	for _, e := range s {
		out += fmt.Sprintf("%d:%s/%s ", e.Seq, e.Kind, e.ID)
	}
	return out
}

func testRecordsPut(t *testing.T, h Harness) {
	var c1, b1 server.StoredRecord
	update(t, h.Records, func(tx server.RecordTx) error {
		var err error
		if c1, err = put(tx, app.KindCustomer, "c1", nil, "name", `"An"`, "owner_id", `"u1"`); err != nil {
			return err
		}
		if b1, err = put(tx, app.KindBooking, "b1", []string{"c1", "d1"}, "customer_id", `"c1"`); err != nil {
			return err
		}
		if _, err = put(tx, app.KindTraveler, "t1", []string{"c1", "b1"}, "booking_id", `"b1"`); err != nil {
			return err
		}
		// A transaction reads its own writes.
		got, err := tx.Record(app.KindCustomer, "c1")
		if err != nil || !reflect.DeepEqual(got, c1) {
			t.Errorf("Record inside the writing transaction = %+v, %v; want %+v", got, err, c1)
		}
		return nil
	})
	if c1.Seq != 1 || b1.Seq != 2 {
		t.Fatalf("NextSeq issued %d, %d; want 1, 2", c1.Seq, b1.Seq)
	}
	view(t, h.Records, func(v server.RecordView) error {
		got, err := v.Record(app.KindCustomer, "c1")
		if err != nil || !reflect.DeepEqual(got, c1) {
			t.Errorf("Record = %+v, %v; want %+v", got, err, c1)
		}
		// The map returned is the caller's.
		got.Fields["name"] = server.StoredField{Value: json.RawMessage(`"X"`)}
		if again, _ := v.Record(app.KindCustomer, "c1"); string(again.Fields["name"].Value) != `"An"` {
			t.Error("changing a returned record changed the store")
		}
		if _, err := v.Record(app.KindBooking, "c1"); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("Record of the right id and wrong kind: %v, want app.ErrNotFound", err)
		}
		if n, _ := v.LastSeq(); n != 3 {
			t.Errorf("LastSeq = %d, want 3", n)
		}
		ch, err := v.Changes(0, 10)
		if err != nil || seqRefs(ch) != "1:customer/c1 2:booking/b1 3:traveler/t1 " {
			t.Errorf("Changes(0) = %s, %v", seqRefs(ch), err)
		}
		if ch, _ := v.Changes(1, 1); seqRefs(ch) != "2:booking/b1 " {
			t.Errorf("Changes(1, max 1) = %s", seqRefs(ch))
		}
		refs, err := v.Referrers("c1")
		want := []protocol.Ref{{Kind: app.KindBooking, ID: "b1"}, {Kind: app.KindTraveler, ID: "t1"}}
		if err != nil || !slices.Equal(refs, want) {
			t.Errorf("Referrers(c1) = %v, %v; want %v", refs, err, want)
		}
		return nil
	})

	// A new version moves the record to its new sequence and replaces its
	// refs.
	update(t, h.Records, func(tx server.RecordTx) error {
		_, err := put(tx, app.KindBooking, "b1", []string{"c2"}, "customer_id", `"c2"`)
		return err
	})
	view(t, h.Records, func(v server.RecordView) error {
		if ch, _ := v.Changes(0, 10); seqRefs(ch) != "1:customer/c1 3:traveler/t1 4:booking/b1 " {
			t.Errorf("Changes after an update = %s; want b1 once, at 4", seqRefs(ch))
		}
		if refs, _ := v.Referrers("c1"); !slices.Equal(refs, []protocol.Ref{{Kind: app.KindTraveler, ID: "t1"}}) {
			t.Errorf("Referrers(c1) after b1 moved = %v", refs)
		}
		if refs, _ := v.Referrers("d1"); len(refs) != 0 {
			t.Errorf("Referrers(d1) after b1 dropped it = %v", refs)
		}
		if refs, _ := v.Referrers("c2"); !slices.Equal(refs, []protocol.Ref{{Kind: app.KindBooking, ID: "b1"}}) {
			t.Errorf("Referrers(c2) = %v", refs)
		}
		return nil
	})

	// A sequence that was not issued is refused.
	err := h.Records.UpdateRecords(func(tx server.RecordTx) error {
		return tx.PutRecord(stored(app.KindCustomer, "c9", 99, "name", `"Z"`), nil)
	})
	if err == nil {
		t.Error("PutRecord at a sequence never issued succeeded")
	}
}

func testRecordsRollback(t *testing.T, h Harness) {
	boom := errors.New("boom")
	err := h.Records.UpdateRecords(func(tx server.RecordTx) error {
		if _, err := put(tx, app.KindCustomer, "c1", []string{"o1"}, "name", `"An"`); err != nil {
			return err
		}
		tx.SetDeviceSeq("d", 7)
		tx.PutResult("d", protocol.Result{DeviceSeq: 7, Status: protocol.StatusRejected, Code: protocol.CodeForbidden})
		tx.AppendAudit(server.AuditRecord{Seq: 1, Kind: app.KindCustomer, ID: "c1", Field: "name", New: json.RawMessage(`"An"`)})
		tx.AddVisibilityChange("u1", 1, protocol.Ref{Kind: app.KindCustomer, ID: "c1"})
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("UpdateRecords = %v, want fn's error", err)
	}
	testRecordsEmpty(t, h)
}

func testRecordsBookkeeping(t *testing.T, h Harness) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	st := record.Stamp{Wall: 1795000000000, Logical: 1, Device: "dev-1"}
	entries := []server.AuditRecord{
		{Seq: 1, At: at, UserID: "u1", DeviceID: "dev-1", Kind: app.KindCustomer, ID: "c1", Field: "name", New: json.RawMessage(`"An"`), Stamp: st},
		{Seq: 1, At: at, UserID: "u1", DeviceID: "dev-1", Kind: app.KindCustomer, ID: "c1", Field: "owner_id", New: json.RawMessage(`"u1"`), Stamp: st},
		{Seq: 2, At: at.Add(time.Second), UserID: "u2", DeviceID: "dev-2", Kind: app.KindCustomer, ID: "c1", Field: "name", Old: json.RawMessage(`"An"`), New: json.RawMessage(`"Ân"`), Stamp: st},
		{Seq: 2, At: at.Add(time.Second), UserID: "u1", DeviceID: "dev-1", Kind: app.KindCustomer, ID: "c1", Field: "name", Old: json.RawMessage(`"Ân"`), New: json.RawMessage(`"Anh"`), Stamp: st, Superseded: true},
		{Seq: 3, At: at, Kind: app.KindCustomer, ID: "c10", Field: "name", New: json.RawMessage(`"B"`), Stamp: st},
	}
	rej := protocol.Result{DeviceSeq: 2, Kind: app.KindPayment, ID: "p1", Status: protocol.StatusRejected, Code: protocol.CodeAppendOnly, Message: "m", Field: "amount"}
	sup := protocol.Result{DeviceSeq: 3, Kind: app.KindCustomer, ID: "c1", Status: protocol.StatusAccepted,
		Superseded: []protocol.SupersededField{{Field: "name", Stamp: st, Value: json.RawMessage(`"Ân"`), By: "u2"}, {Field: "notes", Stamp: st}}}
	c1 := protocol.Ref{Kind: app.KindCustomer, ID: "c1"}
	b1 := protocol.Ref{Kind: app.KindBooking, ID: "b1"}
	update(t, h.Records, func(tx server.RecordTx) error {
		for _, e := range entries {
			if err := tx.AppendAudit(e); err != nil {
				return err
			}
		}
		if err := tx.SetDeviceSeq("dev-1", 3); err != nil {
			return err
		}
		if err := tx.SetDeviceSeq("dev-2", 10); err != nil {
			return err
		}
		if err := tx.PutResult("dev-1", rej); err != nil {
			return err
		}
		if err := tx.PutResult("dev-1", sup); err != nil {
			return err
		}
		for _, v := range []struct {
			user string
			seq  uint64
			ref  protocol.Ref
		}{{"u1", 5, c1}, {"u1", 5, b1}, {"u1", 2, c1}, {"u2", 3, c1}, {"u1", 5, c1}, {"u10", 1, c1}} {
			if err := tx.AddVisibilityChange(v.user, v.seq, v.ref); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, h.Records, func(v server.RecordView) error {
		got, err := v.Audit(app.KindCustomer, "c1")
		if err != nil {
			t.Fatalf("Audit: %v", err)
		}
		if len(got) != 4 {
			t.Fatalf("Audit(c1) has %d entries, want 4 (c10's are another record's)", len(got))
		}
		for i, e := range got {
			w := entries[i]
			if e.Seq != w.Seq || !e.At.Equal(w.At) || e.UserID != w.UserID || e.DeviceID != w.DeviceID || e.Kind != w.Kind ||
				e.ID != w.ID || e.Field != w.Field || string(e.Old) != string(w.Old) || string(e.New) != string(w.New) || e.Stamp != w.Stamp || e.Superseded != w.Superseded {
				t.Errorf("Audit[%d] = %+v, want %+v", i, e, w)
			}
		}
		if n, _ := v.DeviceSeq("dev-1"); n != 3 {
			t.Errorf("DeviceSeq(dev-1) = %d, want 3", n)
		}
		if n, _ := v.DeviceSeq("dev-2"); n != 10 {
			t.Errorf("DeviceSeq(dev-2) = %d, want 10", n)
		}
		if r, ok, err := v.Result("dev-1", 2); !ok || err != nil || !reflect.DeepEqual(r, rej) {
			t.Errorf("Result(dev-1, 2) = %+v, %v, %v; want %+v", r, ok, err, rej)
		}
		if r, ok, err := v.Result("dev-1", 3); !ok || err != nil || !reflect.DeepEqual(r, sup) {
			t.Errorf("Result(dev-1, 3) = %+v, %v, %v; want %+v", r, ok, err, sup)
		}
		if _, ok, _ := v.Result("dev-2", 2); ok {
			t.Error("Result of another device returned")
		}
		vis, err := v.VisibilityChanges("u1", 0, 10)
		if err != nil || seqRefs(vis) != "2:customer/c1 5:booking/b1 5:customer/c1 " {
			t.Errorf("VisibilityChanges(u1, 0) = %s, %v", seqRefs(vis), err)
		}
		if vis, _ := v.VisibilityChanges("u1", 2, 1); seqRefs(vis) != "5:booking/b1 " {
			t.Errorf("VisibilityChanges(u1, 2, max 1) = %s", seqRefs(vis))
		}
		if vis, _ := v.VisibilityChanges("u2", 0, 10); seqRefs(vis) != "3:customer/c1 " {
			t.Errorf("VisibilityChanges(u2) = %s", seqRefs(vis))
		}
		return nil
	})

	// DeleteResults drops one device's results below a sequence.
	update(t, h.Records, func(tx server.RecordTx) error {
		for _, r := range []protocol.Result{{DeviceSeq: 5, Code: "x"}, {DeviceSeq: 256, Code: "y"}, {DeviceSeq: 300, Code: "z"}} {
			if err := tx.PutResult("dev-1", r); err != nil {
				return err
			}
		}
		if err := tx.PutResult("dev-10", protocol.Result{DeviceSeq: 1, Code: "other"}); err != nil {
			return err
		}
		return tx.DeleteResults("dev-1", 300)
	})
	view(t, h.Records, func(v server.RecordView) error {
		for seq, want := range map[uint64]bool{2: false, 5: false, 256: false, 300: true} {
			if _, ok, err := v.Result("dev-1", seq); ok != want || err != nil {
				t.Errorf("after DeleteResults(dev-1, 300): Result(dev-1, %d) found %v, %v; want %v", seq, ok, err, want)
			}
		}
		if _, ok, _ := v.Result("dev-10", 1); !ok {
			t.Error("DeleteResults of dev-1 removed a result of dev-10")
		}
		return nil
	})
}

func testRecordsUsers(t *testing.T, h Harness) {
	office, err := h.AddOffice("Đà Nẵng")
	if err != nil {
		t.Fatal(err)
	}
	id, err := h.AddAccount(app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: office, Active: true}, []byte("h"))
	if err != nil {
		t.Fatal(err)
	}
	view(t, h.Records, func(v server.RecordView) error {
		users, err := v.Users()
		if err != nil || len(users) != 1 || users[0].ID != id || users[0].Role != app.RoleAgent || users[0].OfficeID != office {
			t.Errorf("Users = %+v, %v; want the one account", users, err)
		}
		return nil
	})
}

func testRecordsConcurrent(t *testing.T, h Harness) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				err := h.Records.UpdateRecords(func(tx server.RecordTx) error {
					_, err := put(tx, app.KindCustomer, fmt.Sprintf("c%d-%d", g, i), nil, "name", `"x"`)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
				h.Records.ViewRecords(func(v server.RecordView) error {
					_, err := v.Changes(0, 1000)
					return err
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	view(t, h.Records, func(v server.RecordView) error {
		ch, _ := v.Changes(0, 1000)
		if n, _ := v.LastSeq(); n != 40 || len(ch) != 40 {
			t.Errorf("after 40 concurrent puts: LastSeq %d, %d changes; want 40, 40", n, len(ch))
		}
		for i, c := range ch {
			if c.Seq != uint64(i+1) {
				t.Errorf("change %d has sequence %d; sequences must be 1…40 with no gap", i, c.Seq)
				break
			}
		}
		return nil
	})
}
