package server_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

const (
	book2 = "0190c2d4-4444-7000-8000-000000000002"
	book3 = "0190c2d4-4444-7000-8000-000000000003"
)

func wantProblems(t *testing.T, r protocol.Result, fields ...string) {
	t.Helper()
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.Field+"/"+p.Code)
	}
	if r.Status != protocol.StatusRejected || r.Code != protocol.CodeInvalidRecord || !slices.Equal(got, fields) || r.Field != strings.Split(fields[0], "/")[0] {
		t.Fatalf("result %+v; want rejected %s with problems %v", r, protocol.CodeInvalidRecord, fields)
	}
}

// TestInvalidRecordRejected: the merged result of each pushed record is
// validated by its kind's Validate; an invalid one is refused with its
// problems and nothing of it is stored, the rest of the batch applies,
// and the pushing device's copy is put back by its next pull.
func TestInvalidRecordRejected(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan := e.device("lan.nguyen", "lan-laptop")
	desk := e.device("lan.nguyen", "lan-desktop")
	mgr := e.device("mai.pham", "mai-laptop")

	// A booking ending before it starts, between two valid records.
	bad := append(e.booking("lan.nguyen", cust1, "inquiry"), "end_date", "2026-11-30")
	pr := lan.push(
		lan.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
		lan.change(app.KindBooking, book2, bad...),
		lan.change(app.KindBooking, book1, e.booking("lan.nguyen", cust1, "inquiry")...),
	)
	wantResult(t, pr.Results[0], protocol.StatusAccepted, "")
	wantProblems(t, pr.Results[1], "end_date/range")
	wantResult(t, pr.Results[2], protocol.StatusAccepted, "")
	if m := pr.Results[1].Message; !strings.Contains(m, "booking would not be valid") || !strings.Contains(m, "end_date: 2026-11-30 is before the start date 2026-12-01") {
		t.Errorf("message %q", m)
	}
	if recs, revoked := ids(lan.pull()); len(recs) != 0 || !slices.Equal(revoked, []string{book2}) {
		t.Errorf("lan's pull after the refused create: records %v, revoked %v; want a revoke of it", recs, revoked)
	}
	if recs, _ := ids(mgr.pull()); !slices.Equal(recs, []string{cust1, book1}) {
		t.Errorf("manager pulled %v; want the customer and the valid booking only", recs)
	}
	desk.pull()

	// Each edit valid alone, invalid merged: the laptop moves the trip
	// later; the desktop, not knowing, moves the end one day.
	e.clock.Advance(time.Minute)
	wantResult(t, lan.push(lan.change(app.KindBooking, book1, "start_date", "2026-12-05", "end_date", "2026-12-08")).Results[0], protocol.StatusAccepted, "")
	e.clock.Advance(time.Minute)
	pr = desk.push(desk.change(app.KindBooking, book1, "end_date", "2026-12-04"))
	wantProblems(t, pr.Results[0], "end_date/range")
	got := mgr.pull()
	if b, _ := findRecord(got, book1); string(b.Fields["end_date"].Value) != `"2026-12-08"` {
		t.Errorf("end_date kept = %s; want the laptop's 2026-12-08", b.Fields["end_date"].Value)
	}
	got = desk.pull()
	if b, _ := findRecord(got, book1); string(b.Fields["end_date"].Value) != `"2026-12-08"` || !slices.Contains(got.Whole, protocol.Ref{Kind: app.KindBooking, ID: book1}) {
		t.Errorf("desktop's pull after its refused edit: %+v; want the booking whole with the server's dates", got)
	}

	// A record created in one push and completed in another: the second
	// change holds one field and is checked as merged, so it applies. A
	// part of a record the server does not hold is not a record.
	e.clock.Advance(time.Minute)
	wantResult(t, lan.push(lan.change(app.KindBooking, book3, e.booking("lan.nguyen", cust1, "inquiry")...)).Results[0], protocol.StatusAccepted, "")
	wantResult(t, lan.push(lan.change(app.KindBooking, book3, "requests", "vegetarian")).Results[0], protocol.StatusAccepted, "")
	pr = lan.push(lan.change(app.KindBooking, "0190c2d4-4444-7000-8000-00000000000f",
		"customer_id", cust1, "owner_id", e.ids["lan.nguyen"], "office_id", office, "requests", "vegetarian"))
	wantProblems(t, pr.Results[0], "code/required", "destination/required", "start_date/required", "end_date/required", "currency/required")

	// Tombstones: deleting needs no valid fields (a record created and
	// deleted offline may arrive as a tombstone alone, or with invalid
	// values), but undeleting one makes it a record again: checked whole.
	e.clock.Advance(time.Minute)
	wantResult(t, lan.push(lan.change(app.KindBooking, book3, record.Deleted, true)).Results[0], protocol.StatusAccepted, "")
	ghost := "0190c2d4-4444-7000-8000-00000000000e"
	wantResult(t, lan.push(lan.change(app.KindBooking, ghost, append(bad, record.Deleted, true)...)).Results[0], protocol.StatusAccepted, "")
	pr = lan.push(lan.change(app.KindBooking, ghost, record.Deleted, false))
	wantProblems(t, pr.Results[0], "end_date/range")
	wantResult(t, lan.push(lan.change(app.KindBooking, book3, record.Deleted, false)).Results[0], protocol.StatusAccepted, "")
}

// TestExistingProblemsNotHeldAgainstAChange: a record stored before the
// rules tightened (here: written straight into the store, with no name)
// can still be edited; only a problem the change brings is refused.
func TestExistingProblemsNotHeldAgainstAChange(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan := e.device("lan.nguyen", "lan-laptop")
	st := record.Stamp{Wall: e.clock.Now().UnixMilli(), Device: "import"}
	err := e.store.UpdateRecords(func(tx server.RecordTx) error {
		seq, err := tx.NextSeq()
		if err != nil {
			return err
		}
		rec := server.StoredRecord{Kind: app.KindCustomer, ID: cust1, Seq: seq, Fields: map[string]server.StoredField{}}
		for name, v := range map[string]any{"name": "", "owner_id": e.ids["lan.nguyen"], "office_id": office} {
			b, _ := json.Marshal(v)
			rec.Fields[name] = server.StoredField{Value: b, Stamp: st, Seq: seq}
		}
		return tx.PutRecord(rec, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	wantResult(t, lan.push(lan.change(app.KindCustomer, cust1, "notes", "imported without a name")).Results[0], protocol.StatusAccepted, "")
	pr := lan.push(lan.change(app.KindCustomer, cust1, "emails", []string{"not an email"}))
	wantProblems(t, pr.Results[0], "emails.0/format")
	wantResult(t, lan.push(lan.change(app.KindCustomer, cust1, "name", "Nguyễn Văn An")).Results[0], protocol.StatusAccepted, "")
}

// TestOfficesAndUsersAreServerManaged: offices and users are written by
// the server's administration commands only; a pushed one is refused
// (even from an admin), and the rest of the batch applies.
func TestOfficesAndUsersAreServerManaged(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	admin := e.device("admin", "admin-laptop")
	pr := admin.push(
		admin.change(app.KindUser, e.ids["lan.nguyen"], "role", "admin"),
		admin.change(app.KindOffice, office, "name", "Renamed"),
		admin.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
	)
	for i, kind := range []string{"user", "office"} {
		r := pr.Results[i]
		if r.Status != protocol.StatusRejected || r.Code != protocol.CodeServerManaged || r.Field != "kind" || !strings.Contains(r.Message, kind+"s are changed only on the server") {
			t.Errorf("pushed %s: %+v; want rejected %s", kind, r, protocol.CodeServerManaged)
		}
	}
	wantResult(t, pr.Results[2], protocol.StatusAccepted, "")
	if a, _ := e.store.AccountByLogin("lan.nguyen"); a.User.Role != app.RoleAgent {
		t.Errorf("lan's role = %s after a refused push", a.User.Role)
	}
}
