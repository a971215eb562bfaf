package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// Two agents sell the last seats of a departure while offline; neither can
// see the other's booking. Their manager's next sync brings both bookings
// together: the sync says the departure is overbooked, names both
// bookings, and raises one task for the manager, pushed at once; a second
// sync raises no second task. No booking is dropped.
func TestSyncFlagsOversoldDeparture(t *testing.T) {
	url := syncServer(t)
	olga, lan, minh, mai := device(t, url, "olga.le"), device(t, url, "lan.nguyen"), device(t, url, "minh.tran"), device(t, url, "mai.pham")

	dep := record.NewID()
	withStore(t, olga, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			_, err := service.StoreEntity(tx, dep, &app.Departure{TourID: record.NewID(), Code: "DAD-4D3N-261220",
				StartDate: app.Date{Year: 2026, Month: 12, Day: 20}, EndDate: app.Date{Year: 2026, Month: 12, Day: 23}, Capacity: 2, MinTravelers: 1})
			return err
		})
	})
	if s := syncJSON(t, olga); s.Pushed != 1 || len(s.Rejected) != 0 {
		t.Fatalf("operator's departure: %+v", s)
	}

	var codes []string
	for _, agent := range []string{lan, minh} {
		syncJSON(t, agent) // the departure
		cust := strings.TrimSpace(mustCtl(t, agent, "customer", "add", "--name", "Khách "+agent[len(agent)-3:]))
		out := mustCtl(t, agent, "booking", "create", "--customer", cust, "--departure", dep, "--line", "Adult:adult:2:5.000.000", "--today", "2026-11-23")
		id, code, _ := strings.Cut(strings.TrimSpace(out), "\t")
		codes = append(codes, code)
		mustCtl(t, agent, "payment", "take", id, "--kind", "deposit", "--amount", "3.000.000", "--today", "2026-11-23")
		if s := syncJSON(t, agent); len(s.Rejected) != 0 {
			t.Fatalf("agent's booking refused: %+v", s.Rejected)
		}
	}

	code, out, errOut := ctlIn(t, mai, "", "sync", "--json")
	if code != 0 {
		t.Fatalf("manager's sync: exit %d: %s", code, errOut)
	}
	var res syncResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Oversold) != 1 {
		t.Fatalf("oversold = %+v, want the one departure", res.Oversold)
	}
	o := res.Oversold[0]
	if o.Departure != dep || o.Taken != 4 || o.Capacity != 2 || o.TaskID == "" || len(o.Bookings) != 2 {
		t.Fatalf("oversold %+v, want 4 of 2 seats, both bookings, a task", o)
	}
	for _, c := range codes {
		if !strings.Contains(strings.Join(o.Bookings, " "), c) {
			t.Errorf("flagged bookings %v lack %s", o.Bookings, c)
		}
	}
	if res.Pushed != 1 || len(res.Rejected) != 0 {
		t.Fatalf("the manager's task was not pushed at once: %+v", res.Summary)
	}

	// Checking again finds the same overbooking and writes nothing new.
	code, out, _ = ctlIn(t, mai, "", "sync")
	if code != 0 || !strings.Contains(out, "overbooked: departure DAD-4D3N-261220: 4 seats sold of 2") || !strings.Contains(out, "pushed 0,") {
		t.Fatalf("second sync: exit %d\n%s", code, out)
	}
}
