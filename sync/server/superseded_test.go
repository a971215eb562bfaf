package server_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// A pushed field that loses the merge to a newer value the server holds
// is listed in the Result (with the kept value and its author while the
// pusher may read it, without them once the record was taken from them),
// is audited as superseded, and the answer is the same on a replay.
func TestPushReportsSupersededFields(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan := e.device("lan.nguyen", "lan-laptop")
	minh := e.device("minh.tran", "minh-laptop")
	mgr := e.device("mai.pham", "mai-laptop")
	lan.push(lan.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
		lan.change(app.KindBooking, book1, e.booking("lan.nguyen", cust1, "deposit")...))
	mgr.pull()

	t.Run("readable", func(t *testing.T) {
		// Lan edits offline; the manager edits the same fields later and
		// pushes first. Lan's notes lose; her phones value is the same
		// as the one kept, so it is no loss.
		e.clock.Advance(time.Minute)
		lanEdit := lan.change(app.KindCustomer, cust1, "notes", "from lan", "phones", []string{"+84911111111"}, "email", "an@example.com")
		e.clock.Advance(time.Minute)
		mgrEdit := mgr.change(app.KindCustomer, cust1, "notes", "from mai", "phones", []string{"+84911111111"})
		wantResult(t, mgr.push(mgrEdit).Results[0], protocol.StatusAccepted, "")
		req := lan.pushReq(lanEdit)
		res := lan.pushBatch(req).Results[0]
		wantResult(t, res, protocol.StatusAccepted, "")
		want := []protocol.SupersededField{{Field: "notes", Stamp: mgrEdit.Fields["notes"].Stamp, Value: []byte(`"from mai"`), By: e.ids["mai.pham"]}}
		if !reflect.DeepEqual(res.Superseded, want) {
			t.Fatalf("superseded = %+v, want %+v", res.Superseded, want)
		}
		if again := lan.pushBatch(req).Results[0]; !reflect.DeepEqual(again, res) {
			t.Errorf("replay answered %+v, want %+v", again, res)
		}
		var found bool
		for _, en := range historyOf(t, e, mgr, app.KindCustomer, cust1).Entries {
			if en.Field == "notes" && en.Superseded {
				found = true
				if string(en.New) != `"from lan"` || string(en.Old) != `"from mai"` || en.UserID != e.ids["lan.nguyen"] || en.Stamp != lanEdit.Fields["notes"].Stamp {
					t.Errorf("superseded audit entry %+v", en)
				}
			}
			if en.Superseded && en.Field != "notes" {
				t.Errorf("audit entry %+v marked superseded", en)
			}
		}
		if !found {
			t.Error("the history does not show lan's losing notes")
		}
		if c, _ := findRecord(mgr.pull(), cust1); string(c.Fields["notes"].Value) == `"from lan"` {
			t.Error("the losing value became the server's")
		}
	})

	t.Run("revoked", func(t *testing.T) {
		// The seed-186 story: lan edits the booking offline, the customer
		// goes to minh, minh writes the same field; lan's push is
		// accepted (made before the reassignment) but loses, and she may
		// no longer read the booking: the loss is reported without the
		// kept value.
		e.clock.Advance(time.Minute)
		lanEdit := lan.change(app.KindBooking, book1, "requests", "window seats")
		e.clock.Advance(time.Minute)
		mgr.push(mgr.change(app.KindCustomer, cust1, "owner_id", e.ids["minh.tran"]))
		minh.pull()
		e.clock.Advance(time.Minute)
		late := lan.change(app.KindBooking, book1, "requests", "late")
		e.clock.Advance(time.Minute)
		minhEdit := minh.change(app.KindBooking, book1, "requests", "aisle seats")
		wantResult(t, minh.push(minhEdit).Results[0], protocol.StatusAccepted, "")
		res := lan.push(lanEdit).Results[0]
		wantResult(t, res, protocol.StatusAccepted, "")
		want := []protocol.SupersededField{{Field: "requests", Stamp: minhEdit.Fields["requests"].Stamp}}
		if !reflect.DeepEqual(res.Superseded, want) {
			t.Fatalf("superseded = %+v, want %+v (no value: lan may not read the booking now)", res.Superseded, want)
		}
		var found bool
		for _, en := range historyOf(t, e, minh, app.KindBooking, book1).Entries {
			found = found || en.Field == "requests" && en.Superseded && string(en.New) == `"window seats"`
		}
		if !found {
			t.Error("the history does not show lan's losing requests")
		}
		// A change made after the reassignment that loses anyway is
		// reported to her but not audited: she could not have made it.
		if res := lan.push(late).Results[0]; res.Status != protocol.StatusAccepted || len(res.Superseded) != 1 || res.Superseded[0].Value != nil {
			t.Errorf("late losing edit: %+v", res)
		}
		for _, en := range historyOf(t, e, minh, app.KindBooking, book1).Entries {
			if string(en.New) == `"late"` {
				t.Errorf("a change lan could not make is in the history: %+v", en)
			}
		}
	})
}
