package main

import (
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

const hanhID = "0190c2d4-2222-7000-8000-000000000009"

// syncServerAccounts starts the real sync handler over a memory store on
// loopback with syncServer's users (an agent, an operator, a guide) and
// an accountant, hanh.do.
func syncServerAccounts(t *testing.T) string {
	t.Helper()
	return syncServerWith(t,
		app.User{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: syncOffice, Active: true},
		app.User{ID: olgaID, Name: "Lê Văn Olga", Login: "olga.le", Role: app.RoleOperator, OfficeID: syncOffice, Active: true},
		app.User{ID: giaID, Name: "Võ Văn Gia", Login: "gia.vo", Role: app.RoleGuide, OfficeID: syncOffice, Active: true},
		app.User{ID: hanhID, Name: "Đỗ Thị Hạnh", Login: "hanh.do", Role: app.RoleAccountant, OfficeID: syncOffice, Active: true},
	)
}

// The accountant settles a departure on their laptop (the operator may
// not: no prices or payments on theirs); the figures, frozen, reach head
// office; a guide's check-in made offline before the settlement but
// synced after it is refused, and the guide's rejected log says why in
// words, naming the departure.
func TestAccountantSettlesAndLateCheckInRejected(t *testing.T) {
	url := syncServerAccounts(t)
	olga, lan, gia, hanh := device(t, url, "olga.le"), device(t, url, "lan.nguyen"), device(t, url, "gia.vo"), device(t, url, "hanh.do")

	dep := record.NewID()
	withStore(t, olga, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			_, err := service.StoreEntity(tx, dep, &app.Departure{TourID: record.NewID(), Code: "HLG-2D1N-261220", GuideIDs: []string{giaID},
				StartDate: app.Date{Year: 2026, Month: 12, Day: 20}, EndDate: app.Date{Year: 2026, Month: 12, Day: 21}, Capacity: 10, MinTravelers: 1})
			return err
		})
	})
	syncJSON(t, olga)
	syncJSON(t, lan)
	// 2 × 3.000.000 = 6.000.000, a 2.000.000 deposit: 4.000.000 owed.
	_, code, traveler := bookOn(t, lan, dep, "Adult:adult:2:3.000.000", "2.000.000")
	if s := syncJSON(t, lan); len(s.Rejected) != 0 {
		t.Fatalf("agent's booking: %+v", s.Rejected)
	}
	syncJSON(t, gia)
	// The guide, offline, checks the traveler in on the first day.
	mustCtl(t, gia, "checkin", dep, traveler, "--day", "2026-12-20")

	// Head office closes the trip: the operator completes it, but may not
	// settle it; the accountant does.
	for _, st := range []string{"confirmed", "running", "completed"} {
		mustCtl(t, olga, "departure", "status", dep, st)
	}
	if s := syncJSON(t, olga); len(s.Rejected) != 0 {
		t.Fatalf("operator's status: %+v", s.Rejected)
	}
	if code, _, errOut := ctl(t, olga, "settle", dep, "--override-unpaid", "x", "--today", "2026-12-24"); code == 0 || !strings.Contains(errOut, "settled by an accountant") {
		t.Errorf("operator settles: exit %d, %q", code, errOut)
	}
	syncJSON(t, hanh)
	out := mustCtl(t, hanh, "settle", dep, "--override-unpaid", "pays on return", "--today", "2026-12-24")
	// By hand: revenue the deposit 2.000.000, no costs, profit 2.000.000.
	for _, want := range []string{"settled on 2026-12-24 by " + hanhID, "2000000 VND", "100.00%", "unpaid: " + code + " owes 4000000 VND"} {
		if !strings.Contains(out, want) {
			t.Errorf("settle lacks %q:\n%s", want, out)
		}
	}
	if s := syncJSON(t, hanh); s.Pushed != 1 || len(s.Rejected) != 0 {
		t.Fatalf("accountant's settlement: %+v", s)
	}
	syncJSON(t, olga)
	if out := mustCtl(t, olga, "departure", "show", dep); !strings.Contains(out, "settled on 2026-12-24 by "+hanhID) || !strings.Contains(out, "2000000 VND") {
		t.Errorf("the frozen figures at head office:\n%s", out)
	}

	// The guide comes online: the check-in is refused, with its reason.
	s := syncJSON(t, gia)
	want := "departure HLG-2D1N-261220 is settled and locked: corrections are reversal entries by an accountant"
	if len(s.Rejected) != 1 || s.Rejected[0].ID != traveler || s.Rejected[0].Access != "settled" || s.Rejected[0].Message != want {
		t.Fatalf("guide's late check-in: %+v, want one rejection %q", s.Rejected, want)
	}
	if out := mustCtl(t, gia, "conflicts", "rejected"); !strings.Contains(out, want) {
		t.Errorf("the guide's rejected log lacks the reason:\n%s", out)
	}
}
