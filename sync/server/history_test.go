package server_test

import (
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// TestHistoryNamesAndEmptyCreation: history entries name the user (as
// well as their id and device), and the fields a record was created with
// empty are left out; filling one later, and emptying it again, shows.
func TestHistoryNamesAndEmptyCreation(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan := e.device("lan.nguyen", "lan-laptop")
	mgr := e.device("mai.pham", "mai-laptop")
	created := append(e.customer("lan.nguyen", "An"),
		"notes", "", "tags", []string{}, "birthday", "", "marketing_consent", false, "latin_name", nil)
	wantResult(t, lan.push(lan.change(app.KindCustomer, cust1, created...)).Results[0], protocol.StatusAccepted, "")
	e.clock.Advance(time.Minute)
	wantResult(t, mgr.push(mgr.change(app.KindCustomer, cust1, "notes", "VIP")).Results[0], protocol.StatusAccepted, "")
	e.clock.Advance(time.Minute)
	wantResult(t, lan.push(lan.change(app.KindCustomer, cust1, "notes", "")).Results[0], protocol.StatusAccepted, "")

	type line struct{ field, old, new, user, name, device string }
	var got []line
	for _, en := range historyOf(t, e, lan, app.KindCustomer, cust1).Entries {
		got = append(got, line{en.Field, string(en.Old), string(en.New), en.UserID, en.UserName, en.DeviceID})
	}
	lanID, maiID := e.ids["lan.nguyen"], e.ids["mai.pham"]
	want := []line{
		{"name", "", `"An"`, lanID, "Nguyễn Thị Lan", "lan-laptop"},
		{"office_id", "", `"` + office + `"`, lanID, "Nguyễn Thị Lan", "lan-laptop"},
		{"owner_id", "", `"` + lanID + `"`, lanID, "Nguyễn Thị Lan", "lan-laptop"},
		{"phones", "", `["+84901234567"]`, lanID, "Nguyễn Thị Lan", "lan-laptop"},
		{"stage", "", `"customer"`, lanID, "Nguyễn Thị Lan", "lan-laptop"},
		{"notes", `""`, `"VIP"`, maiID, "Phạm Thị Mai", "mai-laptop"},
		{"notes", `"VIP"`, `""`, lanID, "Nguyễn Thị Lan", "lan-laptop"},
	}
	if len(got) != len(want) {
		t.Fatalf("history:\n%v\nwant\n%v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
