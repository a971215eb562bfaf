package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// The care commands on one agent's store: An came back yesterday
// (2026-11-22) and has a birthday today; generating twice makes the two
// tasks once; the call is done; a feedback form and a complaint through
// its workflow with a 500.000 ₫ compensation; the timeline lists it all,
// newest first. Refusals exit 1 with one line.
func TestCareCommands(t *testing.T) {
	dir := t.TempDir()
	const an, dep, trip = "c-an", "d-hl", "b-1"
	withStore(t, dir, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			for _, r := range []struct {
				id string
				e  app.Entity
			}{
				{"u-lan", &app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: "o-hn", Active: true}},
				{an, &app.Customer{Name: "Trần Văn An", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageCustomer, Birthday: app.Date{Year: 1980, Month: 11, Day: 23}}},
				{dep, &app.Departure{TourID: "t-hl", Code: "HLB-3D2N-261120", StartDate: app.Date{Year: 2026, Month: 11, Day: 20}, EndDate: app.Date{Year: 2026, Month: 11, Day: 22}, Capacity: 20, Status: app.DepartureCompleted}},
				{trip, &app.Booking{Code: app.BookingCode(2026, 1), CustomerID: an, OwnerID: "u-lan", OfficeID: "o-hn", DepartureID: dep, Currency: "VND",
					Lines:  []app.PriceLine{{Description: "adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(4_000_000, "VND")}},
					Status: app.BookingPaid, BookedOn: app.Date{Year: 2026, Month: 10, Day: 1}}},
				{"p-1", &app.Payment{BookingID: trip, CustomerID: an, Type: app.PaymentDeposit, Method: app.MethodCash, Amount: money.New(4_000_000, "VND"), ReceivedBy: "u-lan", Date: app.Date{Year: 2026, Month: 10, Day: 1}}},
			} {
				if _, err := service.StoreEntity(tx, r.id, r.e); err != nil {
					return err
				}
			}
			return nil
		})
	})
	loginAs(t, dir, "u-lan", app.RoleAgent, "o-hn")

	out := mustCtl(t, dir, "care", "generate", "--today", "2026-11-23")
	if !strings.Contains(out, "2 task(s) made, 0 there already") || !strings.Contains(out, "Birthday greeting: Trần Văn An (46)") || !strings.Contains(out, "Call Trần Văn An") {
		t.Errorf("care generate:\n%s", out)
	}
	if out := mustCtl(t, dir, "care", "generate", "--today", "2026-11-23"); !strings.Contains(out, "0 task(s) made, 2 there already") {
		t.Errorf("care generate again:\n%s", out)
	}
	var due []struct {
		ID    string `json:"id"`
		Type  string `json:"type"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "tasks", "--due", "2026-11-23", "--json")), &due); err != nil {
		t.Fatal(err)
	}
	if len(due) != 2 || due[0].Type != "birthday" || due[1].Type != "return_call" {
		t.Fatalf("tasks due: %+v", due)
	}
	if out := mustCtl(t, dir, "task", "done", due[1].ID, "--note", "All happy"); !strings.Contains(out, "\tdone\t") {
		t.Errorf("task done: %q", out)
	}
	failCtl(t, dir, `cannot change from "done" to "cancelled"`, "task", "cancel", due[1].ID)
	failCtl(t, dir, "not found", "task", "done", "no-such-task")
	if out := mustCtl(t, dir, "tasks", "--due", "2026-11-23"); strings.Contains(out, "Call") || !strings.Contains(out, "Birthday") {
		t.Errorf("tasks after done:\n%s", out)
	}
	if out := mustCtl(t, dir, "tasks", "--all"); !strings.Contains(out, "done") || strings.Count(out, "\n") != 2 {
		t.Errorf("tasks --all:\n%s", out)
	}

	failCtl(t, dir, "rating_overall", "feedback", "add", trip, "--overall", "7")
	failCtl(t, dir, "rating_overall", "feedback", "add", trip, "--guide", "4")
	if out := mustCtl(t, dir, "feedback", "add", trip, "--overall", "5", "--guide", "4", "--hotel", "3", "--comment", "Great guide", "--today", "2026-11-24"); !strings.Contains(out, "overall 5/5, guide 4/5, hotel 3/5, transport –") {
		t.Errorf("feedback add:\n%s", out)
	}

	var cp struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "complaint", "add", trip, "--what", "No window in the room", "--today", "2026-11-23", "--json")), &cp); err != nil {
		t.Fatal(err)
	}
	failCtl(t, dir, `from "received" it can go to`, "complaint", "move", cp.ID, "closed")
	failCtl(t, dir, "want investigating, resolved or closed", "complaint", "move", cp.ID, "done")
	mustCtl(t, dir, "complaint", "move", cp.ID, "investigating")
	failCtl(t, dir, "resolution", "complaint", "move", cp.ID, "resolved")
	failCtl(t, dir, "--compensation", "complaint", "move", cp.ID, "resolved", "--resolution", "voucher", "--compensation", "lots")
	out = mustCtl(t, dir, "complaint", "move", cp.ID, "resolved", "--resolution", "Apologised, voucher", "--compensation", "500.000", "--today", "2026-11-24")
	if !strings.Contains(out, "resolved") || !strings.Contains(out, "compensation: 500.000 ₫") {
		t.Errorf("complaint resolved:\n%s", out)
	}
	mustCtl(t, dir, "complaint", "move", cp.ID, "closed")
	failCtl(t, dir, "is final", "complaint", "move", cp.ID, "investigating")
	if out := mustCtl(t, dir, "complaint", "list"); out != "" {
		t.Errorf("open complaints:\n%s", out)
	}

	var tl []service.TimelineEntry
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "timeline", an, "--json")), &tl); err != nil {
		t.Fatal(err)
	}
	// The task was done at the real time of this run, so its place
	// depends on the clock: it is checked apart.
	var kinds []string
	tasks := 0
	var comp *service.TimelineEntry
	for i, e := range tl {
		switch e.Kind {
		case service.EventTask:
			tasks++
			continue
		case service.EventComplaint:
			comp = &tl[i]
		}
		kinds = append(kinds, e.Date.String()+" "+e.Kind)
	}
	want := []string{"2026-11-24 feedback", "2026-11-23 complaint", "2026-11-20 trip", "2026-10-01 payment", "2026-10-01 booking", "2026-10-01 request"}
	if tasks != 1 || strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Errorf("timeline %v (%d tasks), want %v and 1 task", kinds, tasks, want)
	}
	if comp == nil || comp.Amount == nil || *comp.Amount != money.New(500_000, "VND") {
		t.Errorf("complaint entry %+v", comp)
	}
	failCtl(t, dir, "not found", "timeline", "c-nobody")
}
