package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// seedCatalogue stores the company settings (VND, a USD rate, a
// cancellation policy, a debt limit) and one departure of capacity seats
// starting 2026-12-20 in dir's store, as an operator's sync would, and
// returns the departure's id.
func seedCatalogue(t *testing.T, dir string, capacity int) string {
	t.Helper()
	s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dep := record.NewID()
	err = s.Update(func(tx service.Tx) error {
		if _, err := service.StoreEntity(tx, app.CompanySettingsID, &app.CompanySettings{
			CompanyName: "Sen Travel", DefaultCurrency: "VND",
			ExchangeRates:      []app.ExchangeRate{{Currency: "USD", Rate: "25400"}},
			CancellationPolicy: []app.CancellationTerm{{DaysBefore: 30, KeepPercent: 10}, {DaysBefore: 0, KeepPercent: 100}},
			DebtLimit:          money.New(5_000_000, "VND"),
		}); err != nil {
			return err
		}
		_, err := service.StoreEntity(tx, dep, &app.Departure{TourID: record.NewID(), Code: "DAD-4D3N-261220",
			StartDate: app.Date{Year: 2026, Month: 12, Day: 20}, EndDate: app.Date{Year: 2026, Month: 12, Day: 23}, Capacity: capacity, MinTravelers: 2})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dep
}

// failCtl runs tourdeskctl, wants exit 1 and a one-line error containing want.
func failCtl(t *testing.T, dir, want string, args ...string) {
	t.Helper()
	code, _, errOut := ctl(t, dir, args...)
	if code != exitInput || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("tourdeskctl %q: exit %d, stderr %q; want exit 1 and %q", args, code, errOut, want)
	}
}

type shownBooking struct {
	Booking struct {
		ID         string `json:"id"`
		Code       string `json:"code"`
		Status     string `json:"status"`
		Waitlisted bool   `json:"waitlisted"`
	} `json:"booking"`
	Total, Paid, Balance money.Money
	Due                  string `json:"due"`
	Seats                struct {
		Taken, Left, Waitlisted int
		ReachedMinimum          bool `json:"reached_minimum"`
	} `json:"seats"`
	Travelers []struct {
		Name        string `json:"name"`
		DepartureID string `json:"departure_id"`
	} `json:"travelers"`
	Payments []json.RawMessage `json:"payments"`
}

func showBooking(t *testing.T, dir, id string) shownBooking {
	t.Helper()
	var b shownBooking
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "booking", "show", id, "--json")), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBookingCommands(t *testing.T) {
	dir := t.TempDir()
	dep := seedCatalogue(t, dir, 3)
	user := []string{"--user", "u-lan"}
	cust := strings.TrimSpace(mustCtl(t, dir, append(user, "customer", "add", "--name", "Nguyễn Văn An", "--stage", "lead")...))

	out := mustCtl(t, dir, append(user, "booking", "create", "--customer", cust, "--departure", dep,
		"--line", "Adult:adult:2:5.000.000", "--today", "2026-11-01")...)
	id, code, _ := strings.Cut(strings.TrimSpace(out), "\t")
	if !strings.HasPrefix(code, "BK-2026-") {
		t.Fatalf("booking create printed %q", out)
	}
	mustCtl(t, dir, "booking", "travelers", "add", id, "--name", "Nguyễn Văn An", "--passport", "C1234567", "--birth", "1990-03-25")
	if got := mustCtl(t, dir, "booking", "stage", id, "quoted"); !strings.Contains(got, code+": quoted") {
		t.Errorf("stage printed %q", got)
	}

	out = mustCtl(t, dir, append(user, "payment", "take", id, "--kind", "deposit", "--amount", "4.000.000", "--today", "2026-11-02")...)
	if !strings.Contains(out, "paid 4000000 VND, balance 6000000 VND, deposit") {
		t.Errorf("payment take printed %q", out)
	}
	b := showBooking(t, dir, id)
	if b.Total != money.New(10_000_000, "VND") || b.Paid != money.New(4_000_000, "VND") || b.Balance != money.New(6_000_000, "VND") ||
		b.Booking.Status != "deposit" || b.Due != "2026-12-20" || b.Seats.Taken != 2 || b.Seats.Left != 1 || !b.Seats.ReachedMinimum {
		t.Errorf("booking show: %+v", b)
	}
	if len(b.Travelers) != 1 || b.Travelers[0].DepartureID != dep {
		t.Errorf("travelers not on the group list: %+v", b.Travelers)
	}
	withStore(t, dir, func(s *localdb.Store) error {
		c, err := service.Load[app.Customer](s, cust)
		if err == nil && c.Stage != app.StageCustomer {
			t.Errorf("customer stage after the deposit: %s", c.Stage)
		}
		return err
	})

	// Illegal moves: one line, exit 1, nothing stored.
	failCtl(t, dir, "must be above zero", "payment", "take", id, "--kind", "balance", "--amount", "-5")
	failCtl(t, dir, "must be above zero", "payment", "take", id, "--kind", "balance", "--amount", "0")
	failCtl(t, dir, "amount is in USD but booking "+code+" is in VND", "payment", "take", id, "--kind", "balance", "--amount", "100", "--currency", "USD")
	failCtl(t, dir, `cannot change from "deposit" to "quoted"`, "booking", "stage", id, "quoted")
	failCtl(t, dir, "say why the booking is cancelled", "booking", "stage", id, "cancelled")
	failCtl(t, dir, "unknown stage", "booking", "stage", id, "sold")
	failCtl(t, dir, "not found", "payment", "take", record.NewID(), "--kind", "deposit", "--amount", "1")
	failCtl(t, dir, "give --departure ID or --trip", "booking", "create", "--customer", cust)

	// The last seat: two more travelers do not fit.
	out = mustCtl(t, dir, append(user, "booking", "create", "--customer", cust, "--departure", dep, "--line", "Adult:adult:2:5.000.000", "--today", "2026-11-03")...)
	id2, _, _ := strings.Cut(strings.TrimSpace(out), "\t")
	failCtl(t, dir, "is full: 1 seat(s) left", "booking", "stage", id2, "deposit")
	failCtl(t, dir, "is full: 1 seat(s) left", "payment", "take", id2, "--kind", "deposit", "--amount", "1.000.000")
	if got := mustCtl(t, dir, "booking", "stage", id2, "deposit", "--waitlist"); !strings.Contains(got, "on the waiting list") {
		t.Errorf("waitlist printed %q", got)
	}
	if b2 := showBooking(t, dir, id2); !b2.Booking.Waitlisted || b2.Seats.Waitlisted != 2 || len(b2.Payments) != 0 {
		t.Errorf("waitlisted booking: %+v", b2)
	}

	// Cancelled 40 days before the start: 10% of 10.000.000 kept, so
	// 4.000.000 − 1.000.000 = 3.000.000 comes back.
	out = mustCtl(t, dir, append(user, "booking", "cancel", id, "--reason", "visa refused", "--refund", "auto", "--today", "2026-11-10")...)
	if !strings.Contains(out, "cancelled 40 days before the start; 10% kept (1000000 VND), 3000000 VND refunded") {
		t.Errorf("cancel printed %q", out)
	}
	if b := showBooking(t, dir, id); b.Paid != money.New(1_000_000, "VND") || b.Booking.Status != "cancelled" || b.Seats.Taken != 0 {
		t.Errorf("after cancel: %+v", b)
	}
	failCtl(t, dir, "is cancelled: it takes no payments", "payment", "take", id, "--kind", "balance", "--amount", "1.000.000")
	failCtl(t, dir, "only 1000000 VND was paid", "payment", "refund", id, "--amount", "2.000.000")
	mustCtl(t, dir, append(user, "payment", "refund", id, "--amount", "500.000", "--today", "2026-11-11")...)

	// The freed seats go to the waitlisted booking.
	mustCtl(t, dir, append(user, "payment", "take", id2, "--kind", "deposit", "--amount", "2.000.000", "--today", "2026-11-01")...)
	// A surcharge adds its price line: 10.000.000 + 500.000, of which
	// 2.500.000 paid, 8.000.000 still owed (as before it).
	out = mustCtl(t, dir, append(user, "payment", "take", id2, "--kind", "surcharge", "--amount", "500.000", "--note", "Single room supplement", "--today", "2026-11-02")...)
	if !strings.Contains(out, "paid 2500000 VND, balance 8000000 VND") {
		t.Errorf("surcharge printed %q", out)
	}
	if b2 := showBooking(t, dir, id2); b2.Total != money.New(10_500_000, "VND") || b2.Balance != money.New(8_000_000, "VND") {
		t.Errorf("after the surcharge: %+v", b2)
	}
	// Custom trip in USD, overdue by the 25th.
	out = mustCtl(t, dir, append(user, "booking", "create", "--customer", cust, "--trip", "Phú Quốc", "--start", "2027-01-02", "--end", "2027-01-05",
		"--currency", "USD", "--line", "Adult:adult:1:1,250.50", "--due", "2026-11-20", "--today", "2026-11-01")...)
	id3, _, _ := strings.Cut(strings.TrimSpace(out), "\t")
	mustCtl(t, dir, append(user, "payment", "take", id3, "--kind", "deposit", "--amount", "250.50", "--today", "2026-11-01")...)

	var rep service.Receivables
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "receivables", "--json", "--today", "2026-11-25")), &rep); err != nil {
		t.Fatal(err)
	}
	// id2: 10.000.000 − 2.000.000 = 8.000.000 due 2026-12-20 (not due);
	// id3: 1,000.00 USD × 25,400 = 25.400.000, 5 days late.
	if len(rep.Customers) != 1 || rep.Customers[0].Ageing.NotDue != money.New(8_000_000, "VND") ||
		rep.Customers[0].Ageing.Days30 != money.New(25_400_000, "VND") || !rep.Customers[0].OverLimit {
		t.Errorf("receivables: %+v", rep)
	}
	if out := mustCtl(t, dir, "receivables", "--today", "2026-11-25"); !strings.Contains(out, "OVER DEBT LIMIT 5000000 VND") || !strings.Contains(out, "33400000") {
		t.Errorf("receivables table:\n%s", out)
	}
	if out := mustCtl(t, dir, "booking", "show", id3); !strings.Contains(out, "balance:") || !strings.Contains(out, "1000.00 USD") {
		t.Errorf("booking show:\n%s", out)
	}
}

func TestBookingOversellCommand(t *testing.T) {
	dir := t.TempDir()
	dep := seedCatalogue(t, dir, 2)
	user := []string{"--user", "u-minh"}
	cust := strings.TrimSpace(mustCtl(t, dir, append(user, "customer", "add", "--name", "Võ Thị Em")...))
	var last string
	for i := 0; i < 2; i++ {
		out := mustCtl(t, dir, append(user, "booking", "create", "--customer", cust, "--departure", dep, "--line", "Adult:adult:2:1.000.000", "--today", "2026-11-01")...)
		id, _, _ := strings.Cut(strings.TrimSpace(out), "\t")
		last = id
		if i == 0 {
			mustCtl(t, dir, append(user, "booking", "stage", id, "deposit")...)
			continue
		}
		// The second arrives at deposit from another laptop, as a sync
		// delivers it: straight into the store.
		withStore(t, dir, func(s *localdb.Store) error {
			return s.Update(func(tx service.Tx) error {
				_, err := tx.Save(app.KindBooking, id, map[string]json.RawMessage{"status": json.RawMessage(`"deposit"`)})
				return err
			})
		})
	}
	for i := 0; i < 2; i++ {
		var rows []struct {
			Taken       int      `json:"taken"`
			Flagged     []string `json:"flagged"`
			TaskCreated bool     `json:"task_created"`
		}
		if err := json.Unmarshal([]byte(mustCtl(t, dir, append(user, "booking", "oversell", "--json", "--today", "2026-11-02")...)), &rows); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Taken != 4 || len(rows[0].Flagged) != 2 || rows[0].TaskCreated != (i == 0) {
			t.Errorf("run %d: %+v", i, rows)
		}
	}
	withStore(t, dir, func(s *localdb.Store) error {
		n, err := s.Count(app.KindTask)
		if n != 1 {
			t.Errorf("%d tasks after two checks, want 1", n)
		}
		return err
	})
	if out := mustCtl(t, dir, "booking", "show", last); !strings.Contains(out, "WARNING:") || !strings.Contains(out, "4 taken of 2, -2 left") {
		t.Errorf("booking show of an overbooked booking:\n%s", out)
	}
}

// withStore opens dir's store between two commands, runs fn on it and
// closes it (a command opening it meanwhile would find it locked).
func withStore(t *testing.T, dir string, fn func(s *localdb.Store) error) {
	t.Helper()
	s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	err = fn(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}
