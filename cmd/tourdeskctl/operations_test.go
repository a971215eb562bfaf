package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// bookOn creates a booking with line on dep in dir, a traveler, and takes
// a deposit when deposit is not empty; it returns the booking's id and
// code and the traveler's id.
func bookOn(t *testing.T, dir, dep, line, deposit string, user ...string) (id, code, traveler string) {
	t.Helper()
	cust := strings.TrimSpace(mustCtl(t, dir, append(user, "customer", "add", "--name", "Nguyễn Văn An")...))
	out := mustCtl(t, dir, append(user, "booking", "create", "--customer", cust, "--departure", dep, "--line", line, "--today", "2026-11-01")...)
	id, code, _ = strings.Cut(strings.TrimSpace(out), "\t")
	traveler = strings.TrimSpace(mustCtl(t, dir, "booking", "travelers", "add", id, "--name", "Nguyễn Văn An"))
	if deposit != "" {
		mustCtl(t, dir, append(user, "payment", "take", id, "--kind", "deposit", "--amount", deposit, "--today", "2026-11-02")...)
	}
	return id, code, traveler
}

// The operations and settlement commands on one departure in VND (the
// service tests do VND and USD), with every refusal the issue names: exit
// 1 and one line.
func TestOperationsAndSettleCommands(t *testing.T) {
	dir := t.TempDir()
	dep := seedCatalogue(t, dir, 10) // VND, USD at 25400
	partner := record.NewID()
	withStore(t, dir, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			_, err := service.StoreEntity(tx, partner, &app.Partner{Name: "Furama", Type: app.PartnerHotel})
			return err
		})
	})
	_, _, trA := bookOn(t, dir, dep, "Adult:adult:2:5.000.000", "10.000.000", "--user", "u-lan")
	_, codeB, _ := bookOn(t, dir, dep, "Adult:adult:1:5.000.000", "2.000.000", "--user", "u-lan") // owes 3.000.000
	_, _, stranger := bookOn(t, dir, dep, "Adult:adult:1:5.000.000", "", "--user", "u-lan")       // no deposit: not on the group list

	order := strings.Fields(mustCtl(t, dir, "order", "add", dep, "--partner", partner, "--what", "4 twin rooms, 1 night", "--qty", "4", "--unit-cost", "1.000.000", "--start", "2026-12-20", "--end", "2026-12-21"))[0]
	failCtl(t, dir, "confirmation number", "order", "status", order, "confirmed")
	mustCtl(t, dir, "order", "status", order, "confirmed", "--confirmation", "FUR-881")
	failCtl(t, dir, `cannot change from "confirmed" to "requested"`, "order", "status", order, "requested")
	mustCtl(t, dir, "--user", "u-olga", "expense", "add", dep, "--category", "meals", "--amount", "500.000", "--today", "2026-12-21")
	failCtl(t, dir, "above zero", "expense", "add", dep, "--category", "meals", "--amount", "-5", "--today", "2026-12-21")
	failCtl(t, dir, "no exchange rate", "expense", "add", dep, "--category", "meals", "--amount", "12", "--currency", "EUR", "--today", "2026-12-21")
	mustCtl(t, dir, "--user", "u-olga", "incident", "add", dep, "--what", "lost luggage, taxi to the airport", "--cost", "20", "--currency", "USD") // 508.000 VND
	failCtl(t, dir, "must not be negative", "incident", "add", dep, "--what", "x", "--cost", "-20")
	mustCtl(t, dir, "checkin", dep, trA, "--day", "2026-12-20")
	failCtl(t, dir, "is not on the group list of departure DAD-4D3N-261220", "checkin", dep, stranger, "--day", "2026-12-20")
	mustCtl(t, dir, "departure", "meeting", dep, "--place", "Nội Bài T1, gate 3", "--time", "05:30")
	show := mustCtl(t, dir, "departure", "show", dep)
	if !strings.Contains(show, trA+"  Nguyễn Văn An  checked in: 2026-12-20") || !strings.Contains(show, "lost luggage") || !strings.Contains(show, "05:30") {
		t.Errorf("departure show:\n%s", show)
	}

	failCtl(t, dir, "only a completed departure is settled", "settle", dep)
	for _, st := range []string{"confirmed", "running", "completed"} {
		mustCtl(t, dir, "departure", "status", dep, st)
	}
	failCtl(t, dir, "unpaid balances ("+codeB+" owes 3000000 VND)", "settle", dep, "--today", "2026-12-24")
	var st service.Settlement
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "settle", dep, "--override-unpaid", "pays on return, agreed by Mai", "--json", "--today", "2026-12-24")), &st); err != nil {
		t.Fatal(err)
	}
	// By hand: revenue 10.000.000 + 2.000.000; costs 4 × 1.000.000 +
	// 500.000 + 20 USD × 25.400; profit 12.000.000 − 5.008.000.
	want := service.Settlement{Revenue: money.New(12_000_000, "VND"), Cost: money.New(5_008_000, "VND"), Profit: money.New(6_992_000, "VND"), MarginBP: 5827}
	if st.Revenue != want.Revenue || st.Cost != want.Cost || st.Profit != want.Profit || st.MarginBP != want.MarginBP || st.Status != "settled" ||
		st.Costs["service_orders"] != money.New(4_000_000, "VND") || st.Costs["meals"] != money.New(500_000, "VND") || st.Costs["incidents"] != money.New(508_000, "VND") {
		t.Errorf("settlement %+v, want %+v", st, want)
	}

	// Locked.
	failCtl(t, dir, "settled and locked", "expense", "add", dep, "--category", "tips", "--amount", "100.000")
	failCtl(t, dir, "settled and locked", "order", "status", order, "completed")
	failCtl(t, dir, "settled and locked", "checkin", dep, trA, "--day", "2026-12-21")
	failCtl(t, dir, "settled already", "settle", dep, "--override-unpaid", "again")

	// The figures were frozen: a new dollar rate (the incident's 20 USD
	// would be 520.000 at 26.000) and a commission rate change nothing.
	withStore(t, dir, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			set, err := service.Load[app.CompanySettings](tx, app.CompanySettingsID)
			if err != nil {
				return err
			}
			set.ExchangeRates = []app.ExchangeRate{{Currency: "USD", Rate: "26000"}}
			set.AgentCommissionBP = 1000
			_, err = service.StoreEntity(tx, app.CompanySettingsID, set)
			return err
		})
	})
	var shown departureShowJSON
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "departure", "show", dep, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if sh := shown.Settlement; sh == nil || sh.Profit != want.Profit || sh.Costs["incidents"] != money.New(508_000, "VND") || sh.Corrections != nil ||
		sh.Settled == nil || sh.Settled.Profit != want.Profit || sh.Settled.On.String() != "2026-12-24" {
		t.Errorf("settled departure after the rates changed: %+v", shown.Settlement)
	}
	out := mustCtl(t, dir, "settle", dep, "--show")
	for _, line := range []string{"settled on 2026-12-24, commission 0.00%", "6992000 VND", "unpaid: " + codeB + " owes 3000000 VND"} {
		if !strings.Contains(out, line) {
			t.Errorf("settle --show lacks %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "corrections") {
		t.Errorf("corrections shown with none made:\n%s", out)
	}

	// The accountant's correction (here the admin's: no session) is a
	// reversal: the frozen figures stay, the correction shows beside them.
	var meals string
	withStore(t, dir, func(s *localdb.Store) error {
		return s.View(func(r service.Reader) error {
			exps, err := service.Expenses(r, dep)
			for _, x := range exps {
				if x.Category == app.ExpenseMeals {
					meals = x.ID
				}
			}
			return err
		})
	})
	mustCtl(t, dir, "expense", "reverse", meals, "--note", "the hotel's dinner was included", "--today", "2026-12-27")
	out = mustCtl(t, dir, "departure", "show", dep)
	for _, line := range []string{"6992000 VND", "corrections since settling:", "cost: meals  -500000 VND", "profit  +500000 VND",
		// 12.000.000 − (5.008.000 − 500.000) = 7.492.000; 7.492 / 12 = 62.43%
		"now: revenue 12000000 VND  costs 4508000 VND  profit 7492000 VND  margin 62.43%"} {
		if !strings.Contains(out, line) {
			t.Errorf("departure show after the reversal lacks %q:\n%s", line, out)
		}
	}
}

// A guide's laptop, offline, checks a traveler in and records an incident;
// at its next sync both reach head office and show on the departure on the
// operator's laptop.
func TestGuideCheckInOfflineReachesHeadOffice(t *testing.T) {
	url := syncServer(t)
	olga, lan, gia := device(t, url, "olga.le"), device(t, url, "lan.nguyen"), device(t, url, "gia.vo")

	dep := record.NewID()
	withStore(t, olga, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			_, err := service.StoreEntity(tx, dep, &app.Departure{TourID: record.NewID(), Code: "HLG-2D1N-261220", GuideIDs: []string{giaID},
				StartDate: app.Date{Year: 2026, Month: 12, Day: 20}, EndDate: app.Date{Year: 2026, Month: 12, Day: 21}, Capacity: 10, MinTravelers: 1})
			return err
		})
	})
	if s := syncJSON(t, olga); s.Pushed != 1 || len(s.Rejected) != 0 {
		t.Fatalf("operator's departure: %+v", s)
	}
	syncJSON(t, lan)
	_, _, traveler := bookOn(t, lan, dep, "Adult:adult:2:3.000.000", "2.000.000")
	if s := syncJSON(t, lan); len(s.Rejected) != 0 {
		t.Fatalf("agent's booking: %+v", s.Rejected)
	}

	// The guide takes the group list along, then works with no network.
	syncJSON(t, gia)
	mustCtl(t, gia, "checkin", dep, traveler, "--day", "2026-12-20")
	mustCtl(t, gia, "incident", "add", dep, "--what", "Anh An twisted an ankle at Sửng Sốt cave; clinic visit", "--cost", "350.000", "--severity", "medium", "--traveler", traveler)
	syncJSON(t, olga)
	if out := mustCtl(t, olga, "departure", "show", dep); strings.Contains(out, "checked in: 2026-12-20") || !strings.Contains(out, "incidents (0)") {
		t.Fatalf("head office saw the guide's offline work before the guide synced:\n%s", out)
	}

	if s := syncJSON(t, gia); s.Pushed != 2 || len(s.Rejected) != 0 {
		t.Fatalf("guide's sync: %+v", s)
	}
	syncJSON(t, olga)
	var shown departureShowJSON
	if err := json.Unmarshal([]byte(mustCtl(t, olga, "departure", "show", dep, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if len(shown.Group) != 1 || shown.Group[0].ID != traveler || len(shown.Group[0].CheckedIn) != 1 || shown.Group[0].CheckedIn[0].String() != "2026-12-20" {
		t.Errorf("group list at head office: %+v", shown.Group)
	}
	if len(shown.Incidents) != 1 || shown.Incidents[0].ReportedBy != giaID || shown.Incidents[0].Cost != money.New(350_000, "VND") ||
		!strings.Contains(shown.Incidents[0].Description, "ankle") {
		t.Errorf("incidents at head office: %+v", shown.Incidents)
	}
}
