package service_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

var manager = service.Session{UserID: "u-minh", OfficeID: "o-hn", Role: app.RoleManager}

func day(s string) app.Date {
	d, err := app.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func amount(t *testing.T, s, cur string) money.Money {
	t.Helper()
	m, err := money.Parse(s, cur)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// save stores e under a new id in store and returns the id.
func save(t *testing.T, store service.Store, e app.Entity) string {
	t.Helper()
	id := record.NewID()
	if err := store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, id, e); return err }); err != nil {
		t.Fatal(err)
	}
	return id
}

func newCustomer(t *testing.T, store service.Store, name string) string {
	t.Helper()
	return save(t, store, &app.Customer{Name: name, OwnerID: agent.UserID, OfficeID: agent.OfficeID, Stage: app.StageLead})
}

func newDeparture(t *testing.T, store service.Store, code string, capacity, min int) string {
	t.Helper()
	return save(t, store, &app.Departure{TourID: record.NewID(), Code: code, StartDate: day("2026-12-20"), EndDate: day("2026-12-23"), Capacity: capacity, MinTravelers: min})
}

func customerStage(t *testing.T, store service.Store, id string) app.Stage {
	t.Helper()
	c, err := service.Load[app.Customer](store, id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Stage
}

func wantMoney(t *testing.T, what string, got money.Money, minor int64, cur string) {
	t.Helper()
	if got != money.New(minor, cur) {
		t.Errorf("%s = %v, want %v", what, got, money.New(minor, cur))
	}
}

// A whole booking through the pipeline with its payments, once in VND and
// once in USD; every amount is worked out by hand in the table.
func TestBookingLife(t *testing.T) {
	for _, tc := range []struct {
		cur                 string
		lines               []app.PriceLine
		total               int64 // by hand
		seats               int
		deposit, surcharge  string
		afterDeposit, final int64
	}{
		{
			cur: "VND",
			lines: []app.PriceLine{
				{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(5_000_000, "VND")},
				{Description: "Child", TravelerType: app.TravelerChild, Quantity: 1, UnitPrice: money.New(3_500_000, "VND")},
			},
			total:   13_500_000, // 2 × 5.000.000 + 3.500.000
			seats:   3,
			deposit: "4.000.000", surcharge: "300.000",
			afterDeposit: 9_500_000, // 13.500.000 − 4.000.000
		},
		{
			cur: "USD",
			lines: []app.PriceLine{
				{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(125_050, "USD")},
				{Description: "Infant", TravelerType: app.TravelerInfant, Quantity: 1},
				{Description: "Single supplement", TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: money.New(18_025, "USD")},
			},
			total:   268_125, // 2 × 1,250.50 + 0 + 180.25 = 2,681.25
			seats:   2,       // the infant sits on a lap
			deposit: "800.00", surcharge: "45.50",
			afterDeposit: 188_125, // 2,681.25 − 800.00
		},
	} {
		t.Run(tc.cur, func(t *testing.T) {
			store := openStore(t)
			cust := newCustomer(t, store, "Nguyễn Văn An")
			dep := newDeparture(t, store, "DAD-4D3N-261220", 20, 10)
			pl := service.NewPipeline(store, agent, store.DeviceID())
			pay := service.NewPayments(store, agent)

			b, err := pl.Create(service.Request{CustomerID: cust, DepartureID: dep, Lines: tc.lines}, day("2026-11-23"))
			if err != nil {
				t.Fatal(err)
			}
			if b.Currency != tc.cur || b.Status != app.BookingInquiry || b.OwnerID != agent.UserID {
				t.Fatalf("created %+v", b)
			}
			if _, _, err := app.ParseBookingCode(b.Code); err != nil || !strings.HasPrefix(b.Code, "BK-2026-") {
				t.Fatalf("code %q: %v", b.Code, err)
			}
			if got := customerStage(t, store, cust); got != app.StageProspect {
				t.Errorf("after a request the customer is %s, want prospect", got)
			}
			for _, typ := range []app.InteractionType{app.InteractionSurvey, app.InteractionCall, app.InteractionProgramDraft, app.InteractionContractDraft} {
				if _, err := pl.LogActivity(b.ID, service.Activity{Type: typ, Summary: string(typ), At: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}); err != nil {
					t.Fatalf("log %s: %v", typ, err)
				}
			}
			if ids, _ := store.Lookup(app.KindInteraction, "booking_id", b.ID); len(ids) != 4 {
				t.Errorf("%d interactions logged, want 4", len(ids))
			}
			tr, err := pl.AddTraveler(b.ID, &app.Traveler{Name: "Nguyễn Văn An", PassportNumber: "C1234567"})
			if err != nil {
				t.Fatal(err)
			}
			for _, to := range []app.BookingStatus{app.BookingConsulting, app.BookingQuoted} {
				if _, err := pl.Move(b.ID, to, "", service.MoveOptions{}); err != nil {
					t.Fatalf("move to %s: %v", to, err)
				}
			}

			// The deposit moves it to deposit, makes a customer and puts
			// the traveler on the group list.
			if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: amount(t, tc.deposit, tc.cur), Date: day("2026-11-24")}); err != nil {
				t.Fatal(err)
			}
			st, err := pay.Statement(b.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantMoney(t, "total", st.Total, tc.total, tc.cur)
			wantMoney(t, "paid", st.Paid, tc.total-tc.afterDeposit, tc.cur)
			wantMoney(t, "balance", st.Balance, tc.afterDeposit, tc.cur)
			if st.Booking.Status != app.BookingDeposit || st.Due != day("2026-12-20") {
				t.Errorf("after deposit: status %s due %s", st.Booking.Status, st.Due)
			}
			if st.Seats == nil || st.Seats.Taken != tc.seats || st.Seats.ReachedMinimum {
				t.Errorf("seats after deposit: %+v", st.Seats)
			}
			if got := customerStage(t, store, cust); got != app.StageCustomer {
				t.Errorf("after the deposit the customer is %s, want customer", got)
			}
			trs, _ := pl.Travelers(b.ID)
			if len(trs) != 1 || trs[0].ID != tr || trs[0].DepartureID != dep {
				t.Errorf("traveler not on the group list: %+v", trs)
			}

			// The balance pays it in full; a surcharge on top adds its
			// price line, so the total grows by it and nothing is owed.
			if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentBalance, Amount: money.New(tc.afterDeposit, tc.cur), Date: day("2026-12-01")}); err != nil {
				t.Fatal(err)
			}
			st, _ = pay.Statement(b.ID)
			wantMoney(t, "balance when paid", st.Balance, 0, tc.cur)
			if st.Booking.Status != app.BookingPaid {
				t.Errorf("fully paid booking is %s", st.Booking.Status)
			}
			sur := amount(t, tc.surcharge, tc.cur)
			if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentSurcharge, Amount: sur, Date: day("2026-12-02")}); err != nil {
				t.Fatal(err)
			}
			st, _ = pay.Statement(b.ID)
			wantMoney(t, "total with surcharge", st.Total, tc.total+sur.Amount, tc.cur)
			wantMoney(t, "paid with surcharge", st.Paid, tc.total+sur.Amount, tc.cur)
			wantMoney(t, "balance with surcharge", st.Balance, 0, tc.cur)
			if n := len(st.Booking.Lines); n != len(tc.lines)+1 || !st.Booking.Lines[n-1].Surcharge || st.Booking.Lines[n-1].UnitPrice != sur {
				t.Errorf("surcharge line: %+v", st.Booking.Lines)
			}
			for _, to := range []app.BookingStatus{app.BookingTravelling, app.BookingCompleted} {
				if _, err := pl.Move(b.ID, to, "", service.MoveOptions{}); err != nil {
					t.Fatalf("move to %s: %v", to, err)
				}
			}
			if len(st.Payments) != 3 {
				t.Errorf("%d payments, want 3", len(st.Payments))
			}
		})
	}
}

func TestCustomTripAndCodes(t *testing.T) {
	store := openStore(t)
	cust := newCustomer(t, store, "Trần Thị Bình")
	pl := service.NewPipeline(store, agent, store.DeviceID())
	seen := map[string]bool{}
	for i := 0; i < 5; i++ {
		b, err := pl.Create(service.Request{CustomerID: cust, Destination: "Phú Quốc", StartDate: day("2027-01-02"), EndDate: day("2027-01-05"), Currency: "vnd"}, day("2026-11-23"))
		if err != nil {
			t.Fatal(err)
		}
		if seen[b.Code] {
			t.Fatalf("code %s handed out twice", b.Code)
		}
		seen[b.Code] = true
		// BK-2026-TTTTTTTNNNN: the device's seven-digit tag, then its
		// four-digit number.
		tag := service.DeviceTag(store.DeviceID())
		want := fmt.Sprintf("BK-2026-%07d%04d", tag, i+1)
		if b.Code != want || b.Currency != "VND" {
			t.Errorf("booking %d: code %s currency %s, want %s VND", i, b.Code, b.Currency, want)
		}
	}
	if _, err := pl.Create(service.Request{CustomerID: cust, Currency: "VND"}, day("2026-11-23")); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("custom trip without destination or dates: %v", err)
	}
	if _, err := pl.Create(service.Request{CustomerID: record.NewID(), Destination: "x", StartDate: day("2027-01-02"), EndDate: day("2027-01-05")}, day("2026-11-23")); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
}

func TestCancellationRefundFromTerms(t *testing.T) {
	store := openStore(t)
	save0 := func(e app.Entity, id string) {
		if err := store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, id, e); return err }); err != nil {
			t.Fatal(err)
		}
	}
	save0(&app.CompanySettings{CompanyName: "Sen Travel", CancellationPolicy: []app.CancellationTerm{
		{DaysBefore: 30, KeepPercent: 10}, {DaysBefore: 15, KeepPercent: 50}, {DaysBefore: 0, KeepPercent: 100},
	}}, app.CompanySettingsID)
	cust := newCustomer(t, store, "Lê Văn Cường")
	dep := newDeparture(t, store, "HLB-3D2N-261220", 20, 0)
	pl := service.NewPipeline(store, agent, store.DeviceID())
	pay := service.NewPayments(store, agent)
	lines := []app.PriceLine{{Description: "Adult", Quantity: 2, UnitPrice: money.New(6_750_000, "VND")}} // 13.500.000

	// Paid in full, cancelled 40 days before the start (2026-12-20):
	// 10% kept = 1.350.000, refund 13.500.000 − 1.350.000 = 12.150.000.
	b, _ := pl.Create(service.Request{CustomerID: cust, DepartureID: dep, Lines: lines}, day("2026-11-01"))
	if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(13_500_000, "VND"), Date: day("2026-11-05")}); err != nil {
		t.Fatal(err)
	}
	c, err := pay.Cancel(b.ID, "family emergency", day("2026-11-10"), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.DaysBefore != 40 || c.KeepPercent != 10 {
		t.Errorf("days %d keep %d%%, want 40 and 10%%", c.DaysBefore, c.KeepPercent)
	}
	wantMoney(t, "kept", c.Kept, 1_350_000, "VND")
	wantMoney(t, "refund", c.Refund, 12_150_000, "VND")
	if c.RefundPayment == nil || c.RefundPayment.Type != app.PaymentRefund {
		t.Fatalf("no refund payment: %+v", c.RefundPayment)
	}
	st, _ := pay.Statement(b.ID)
	wantMoney(t, "paid after refund", st.Paid, 1_350_000, "VND")
	if st.Booking.Status != app.BookingCancelled || st.Booking.Reason != "family emergency" {
		t.Errorf("cancelled booking: %s %q", st.Booking.Status, st.Booking.Reason)
	}
	if st.Seats.Taken != 0 {
		t.Errorf("a cancelled booking still takes %d seats", st.Seats.Taken)
	}
	_, err = pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentBalance, Amount: money.New(1, "VND")})
	if err == nil || !strings.Contains(err.Error(), "is cancelled: it takes no payments") {
		t.Errorf("paying a cancelled booking: %v", err)
	}

	// A 4.000.000 deposit cancelled 20 days before: 50% of 13.500.000
	// (6.750.000) is kept, more than was paid, so nothing comes back.
	b2, _ := pl.Create(service.Request{CustomerID: cust, DepartureID: dep, Lines: lines}, day("2026-11-01"))
	if _, err := pay.Take(service.Take{BookingID: b2.ID, Kind: app.PaymentDeposit, Amount: money.New(4_000_000, "VND"), Date: day("2026-11-05")}); err != nil {
		t.Fatal(err)
	}
	c, err = pay.Cancel(b2.ID, "changed plans", day("2026-11-30"), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.KeepPercent != 50 || c.Refund.Amount != 0 || c.RefundPayment != nil {
		t.Errorf("20 days before: %+v", c)
	}
	// Cancelling again is an illegal move.
	if _, err := pay.Cancel(b2.ID, "again", day("2026-11-30"), true); err == nil || !strings.Contains(err.Error(), "is cancelled already") {
		t.Errorf("cancel twice: %v", err)
	}
}

func TestCapacityAndWaitingList(t *testing.T) {
	store := openStore(t)
	cust := newCustomer(t, store, "Phạm Thu Dung")
	dep := newDeparture(t, store, "SGN-2D1N-261220", 4, 3)
	pl := service.NewPipeline(store, agent, store.DeviceID())
	pay := service.NewPayments(store, agent)
	adults := func(n int) []app.PriceLine {
		return []app.PriceLine{{Description: "Adult", Quantity: n, UnitPrice: money.New(1_000_000, "VND")}}
	}
	a, _ := pl.Create(service.Request{CustomerID: cust, DepartureID: dep, Lines: adults(3)}, day("2026-11-23"))
	b, _ := pl.Create(service.Request{CustomerID: cust, DepartureID: dep, Lines: adults(2)}, day("2026-11-23"))

	seats := func() service.SeatState {
		var st service.SeatState
		if err := store.View(func(r service.Reader) (err error) { st, err = service.Seats(r, dep); return }); err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := seats(); st.Taken != 0 || st.ReachedMinimum {
		t.Errorf("before any deposit: %+v", st)
	}
	if _, err := pl.Move(a.ID, app.BookingDeposit, "", service.MoveOptions{}); err != nil {
		t.Fatal(err)
	}
	if st := seats(); st.Taken != 3 || st.Left != 1 || !st.ReachedMinimum {
		t.Errorf("after 3 seats: %+v", st)
	}

	// Two more do not fit: refused, by a stage move or a deposit.
	_, err := pl.Move(b.ID, app.BookingDeposit, "", service.MoveOptions{})
	var full *service.FullError
	if !errors.As(err, &full) || !errors.Is(err, app.ErrInvalid) || full.Left != 1 || full.Need != 2 ||
		!strings.Contains(err.Error(), "is full: 1 seat(s) left") {
		t.Fatalf("overbooking move: %v", err)
	}
	if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(500_000, "VND"), Date: day("2026-11-23")}); !errors.As(err, &full) {
		t.Fatalf("overbooking deposit: %v", err)
	}
	if st, _ := pay.Statement(b.ID); len(st.Payments) != 0 || st.Booking.Status != app.BookingInquiry {
		t.Errorf("a refused deposit left traces: %d payments, status %s", len(st.Payments), st.Booking.Status)
	}

	// On the waiting list instead: it holds no seat and takes no deposit.
	got, err := pl.Move(b.ID, app.BookingDeposit, "", service.MoveOptions{Waitlist: true})
	if err != nil || !got.Waitlisted || got.Status != app.BookingInquiry {
		t.Fatalf("waitlist: %+v %v", got, err)
	}
	if st := seats(); st.Taken != 3 || st.Waitlisted != 2 {
		t.Errorf("with a waiting list: %+v", st)
	}
	_, err = pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(500_000, "VND"), Date: day("2026-11-23")})
	if err == nil || !strings.Contains(err.Error(), "is on the waiting list and departure SGN-2D1N-261220 is still full") {
		t.Errorf("deposit on a waitlisted booking: %v", err)
	}

	// A seat frees up (3 → cancelled), the waitlisted booking moves on.
	if _, err := pl.Move(a.ID, app.BookingCancelled, "", service.MoveOptions{}); err == nil || !strings.Contains(err.Error(), "reason") {
		t.Errorf("cancel without reason: %v", err)
	}
	if _, err := pl.Move(a.ID, app.BookingCancelled, "visa refused", service.MoveOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(500_000, "VND"), Date: day("2026-11-23")}); err != nil {
		t.Fatalf("deposit once seats freed: %v", err)
	}
	got, err = pl.Get(b.ID)
	if err != nil || got.Waitlisted || got.Status != app.BookingDeposit {
		t.Fatalf("off the waiting list: %+v %v", got, err)
	}
	if st := seats(); st.Taken != 2 || st.Waitlisted != 0 || st.ReachedMinimum {
		t.Errorf("after the swap: %+v", st)
	}
}

// Two laptops sell the last seats of a departure offline; the second
// store receives the other's booking as a sync delivers it. Nothing is
// dropped, both bookings are flagged and the manager gets one task, however
// often (and on however many devices) the check runs.
func TestOversellAfterSync(t *testing.T) {
	office := openStore(t)
	laptop := openStore(t)
	copyRec := func(from, to *localdb.Store, kind app.Kind, id string) {
		t.Helper()
		rec, err := from.Get(kind, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := to.ApplyRemote([]record.Record{rec}); err != nil {
			t.Fatal(err)
		}
	}
	cust := newCustomer(t, office, "Võ Thị Em")
	dep := newDeparture(t, office, "DLI-3D2N-261220", 10, 8)
	copyRec(office, laptop, app.KindCustomer, cust)
	copyRec(office, laptop, app.KindDeparture, dep)
	adults := func(n int) []app.PriceLine {
		return []app.PriceLine{{Description: "Adult", Quantity: n, UnitPrice: money.New(2_000_000, "VND")}}
	}
	sell := func(s *localdb.Store, n int) *app.Booking {
		t.Helper()
		pl := service.NewPipeline(s, agent, s.DeviceID())
		b, err := pl.Create(service.Request{CustomerID: cust, DepartureID: dep, Lines: adults(n)}, day("2026-11-23"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := service.NewPayments(s, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(1_000_000, "VND"), Date: day("2026-11-23")}); err != nil {
			t.Fatal(err)
		}
		return b
	}
	old := sell(office, 6)
	copyRec(office, laptop, app.KindBooking, old.ID)
	a := sell(office, 3)                           // 9 of 10 on the office's store
	b := sell(laptop, 3)                           // 9 of 10 on the laptop, offline
	copyRec(laptop, office, app.KindBooking, b.ID) // the sync
	copyRec(office, laptop, app.KindBooking, a.ID)
	if a.Code == b.Code {
		t.Fatalf("two devices handed out the same code %s", a.Code)
	}

	today := day("2026-11-24")
	res, err := service.CheckOversell(office, manager, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Taken != 12 || !res[0].Overbooked || !res[0].TaskCreated || res[0].TaskID == "" {
		t.Fatalf("first check: %+v", res)
	}
	var flagged []string
	for _, f := range res[0].Flagged {
		flagged = append(flagged, f.Code)
	}
	if len(flagged) != 2 || !strings.Contains(strings.Join(flagged, " "), a.Code) || !strings.Contains(strings.Join(flagged, " "), b.Code) {
		t.Errorf("flagged %v, want %s and %s", flagged, a.Code, b.Code)
	}
	task, err := service.Load[app.Task](office, res[0].TaskID)
	if err != nil {
		t.Fatal(err)
	}
	if task.AssigneeID != manager.UserID || task.Status != app.TaskOpen || !strings.Contains(task.Notes, a.Code) || !strings.Contains(task.Notes, b.Code) || !strings.Contains(task.Title, "12 seats taken of 10") {
		t.Errorf("task %+v", task)
	}
	pay := service.NewPayments(office, manager)
	for _, x := range []*app.Booking{a, b} {
		st, err := pay.Statement(x.ID)
		if err != nil {
			t.Fatalf("booking %s lost: %v", x.Code, err)
		}
		if !st.Flagged || !st.Seats.Overbooked || st.Booking.Status != app.BookingDeposit {
			t.Errorf("booking %s: flagged %v, overbooked %v, status %s", x.Code, st.Flagged, st.Seats.Overbooked, st.Booking.Status)
		}
	}
	if st, _ := pay.Statement(old.ID); st.Flagged {
		t.Errorf("the booking sold long before is flagged too")
	}

	// Again, here and on the laptop (a manager there too): no second task.
	res2, err := service.CheckOversell(office, manager, today.AddDays(1))
	if err != nil || len(res2) != 1 || res2[0].TaskCreated || res2[0].TaskID != res[0].TaskID {
		t.Fatalf("second check: %+v %v", res2, err)
	}
	res3, err := service.CheckOversell(laptop, manager, today)
	if err != nil || len(res3) != 1 || res3[0].TaskID != res[0].TaskID {
		t.Fatalf("check on the laptop: %+v %v", res3, err)
	}
	if n, _ := office.Count(app.KindTask); n != 1 {
		t.Errorf("%d tasks, want 1", n)
	}
	// An agent's check warns but writes no task (the server would refuse
	// one assigned to the manager).
	agentRes, err := service.CheckOversell(openStoreWith(t, office), agent, today)
	if err != nil || len(agentRes) != 1 || agentRes[0].TaskID != "" {
		t.Errorf("agent check: %+v %v", agentRes, err)
	}
}

// openStoreWith returns a fresh store holding every departure and booking
// of from, as a pull would bring them.
func openStoreWith(t *testing.T, from *localdb.Store) *localdb.Store {
	t.Helper()
	to := openStore(t)
	for _, k := range []app.Kind{app.KindDeparture, app.KindBooking} {
		ids, err := from.SortedIDs(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			rec, err := from.Get(k, id)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := to.ApplyRemote([]record.Record{rec}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return to
}

func TestReceivablesAgeing(t *testing.T) {
	store := openStore(t)
	if err := store.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, app.CompanySettingsID, &app.CompanySettings{
			CompanyName: "Sen Travel", DefaultCurrency: "VND",
			ExchangeRates: []app.ExchangeRate{{Currency: "USD", Rate: "25400"}},
			DebtLimit:     money.New(20_000_000, "VND"),
		})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	x := newCustomer(t, store, "Đỗ Văn Phúc")
	y := newCustomer(t, store, "Hoàng Thị Giang")
	pl := service.NewPipeline(store, agent, store.DeviceID())
	pay := service.NewPayments(store, agent)
	today := day("2026-11-23")
	book := func(cust, cur string, price int64, deposit int64, due app.Date) {
		t.Helper()
		b, err := pl.Create(service.Request{CustomerID: cust, Destination: "Sa Pa", StartDate: day("2027-02-01"), EndDate: day("2027-02-03"), BalanceDue: due,
			Lines: []app.PriceLine{{Description: "Adult", Quantity: 1, UnitPrice: money.New(price, cur)}}}, day("2026-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(deposit, cur), Date: day("2026-06-02")}); err != nil {
			t.Fatal(err)
		}
	}
	book(x, "VND", 13_500_000, 4_000_000, today.AddDays(-10)) // 9.500.000, 10 days late: 0–30
	book(x, "USD", 268_125, 80_000, today.AddDays(-45))       // 1,881.25 × 25,400 = 47.783.750, 45 days: 31–60
	book(y, "VND", 5_000_000, 1_000_000, today.AddDays(5))    // 4.000.000 not yet due
	book(y, "VND", 3_000_000, 1_000_000, today.AddDays(-75))  // 2.000.000, 75 days: 61–90
	book(y, "VND", 2_500_000, 1_000_000, today.AddDays(-91))  // 1.500.000, 91 days: 90+
	book(y, "VND", 1_000_000, 1_000_000, today.AddDays(-200)) // paid: not listed
	// An inquiry owes nothing yet.
	if _, err := pl.Create(service.Request{CustomerID: y, Destination: "Huế", StartDate: day("2027-02-01"), EndDate: day("2027-02-03"),
		Lines: []app.PriceLine{{Description: "Adult", Quantity: 1, UnitPrice: money.New(9_000_000, "VND")}}}, today); err != nil {
		t.Fatal(err)
	}

	rep, err := pay.Receivables(today)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 || len(rep.Customers) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	cx, cy := rep.Customers[0], rep.Customers[1]
	if cx.CustomerID != x || cy.CustomerID != y {
		t.Fatalf("order: %s, %s", cx.CustomerID, cy.CustomerID)
	}
	wantMoney(t, "x 0-30", cx.Ageing.Days30, 9_500_000, "VND")
	wantMoney(t, "x 31-60", cx.Ageing.Days60, 47_783_750, "VND")
	wantMoney(t, "x total", cx.Ageing.Total, 57_283_750, "VND")
	wantMoney(t, "y not due", cy.Ageing.NotDue, 4_000_000, "VND")
	wantMoney(t, "y 61-90", cy.Ageing.Days90, 2_000_000, "VND")
	wantMoney(t, "y 90+", cy.Ageing.Over90, 1_500_000, "VND")
	wantMoney(t, "y total", cy.Ageing.Total, 7_500_000, "VND")
	wantMoney(t, "all", rep.Total.Total, 64_783_750, "VND")
	if !cx.OverLimit || cy.OverLimit {
		t.Errorf("debt limit alert: x %v, y %v", cx.OverLimit, cy.OverLimit)
	}
	if len(cy.Bookings) != 3 || cx.Bookings[1].DaysOverdue != 45 {
		t.Errorf("bookings: %+v / %+v", cx.Bookings, cy.Bookings)
	}
}

// Each illegal move is refused with a message that says what is wrong,
// and stores nothing.
func TestIllegalMoves(t *testing.T) {
	store := openStore(t)
	cust := newCustomer(t, store, "Bùi Văn Hải")
	pl := service.NewPipeline(store, agent, store.DeviceID())
	pay := service.NewPayments(store, agent)
	req := service.Request{CustomerID: cust, Destination: "Nha Trang", StartDate: day("2027-03-01"), EndDate: day("2027-03-04"),
		Lines: []app.PriceLine{{Description: "Adult", Quantity: 2, UnitPrice: money.New(4_000_000, "VND")}}}
	b, _ := pl.Create(req, day("2026-11-23"))
	lost, _ := pl.Create(req, day("2026-11-23"))
	if _, err := pl.Move(lost.ID, app.BookingLost, "chose another agency", service.MoveOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(2_000_000, "VND"), Date: day("2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		do   func() error
		want string
	}{
		{"negative amount", func() error {
			_, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentBalance, Amount: money.New(-5, "VND")})
			return err
		}, "must be above zero"},
		{"zero amount", func() error {
			_, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentBalance, Amount: money.New(0, "VND")})
			return err
		}, "must be above zero"},
		{"other currency", func() error {
			_, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentBalance, Amount: money.New(10_000, "USD")})
			return err
		}, "amount is in USD but booking " + b.Code + " is in VND"},
		{"paying a lost booking", func() error {
			_, err := pay.Take(service.Take{BookingID: lost.ID, Kind: app.PaymentDeposit, Amount: money.New(1, "VND")})
			return err
		}, "is lost: it takes no payments"},
		{"refund as a take", func() error {
			_, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentRefund, Amount: money.New(1, "VND")})
			return err
		}, "use refund"},
		{"refund above paid", func() error {
			_, err := pay.Refund(b.ID, money.New(2_000_001, "VND"), "", day("2026-11-24"), "")
			return err
		}, "only 2000000 VND was paid"},
		{"back from deposit", func() error {
			_, err := pl.Move(b.ID, app.BookingQuoted, "", service.MoveOptions{})
			return err
		}, `cannot change from "deposit" to "quoted"`},
		{"lost after deposit", func() error {
			_, err := pl.Move(b.ID, app.BookingLost, "gone", service.MoveOptions{})
			return err
		}, `cannot change from "deposit" to "lost"`},
		{"lost again", func() error {
			_, err := pl.Move(lost.ID, app.BookingQuoted, "", service.MoveOptions{})
			return err
		}, `"lost" is final`},
		{"cancel without a reason", func() error {
			_, err := pl.Move(b.ID, app.BookingCancelled, " ", service.MoveOptions{})
			return err
		}, "say why the booking is cancelled"},
		{"not a sales activity", func() error {
			_, err := pl.LogActivity(b.ID, service.Activity{Type: app.InteractionSMS, Summary: "x", At: time.Now()})
			return err
		}, "is not a sales activity"},
		{"auto refund with no policy", func() error {
			_, err := pay.Cancel(b.ID, "ill", day("2026-11-24"), true)
			return err
		}, "no cancellation policy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if err == nil || !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an invalid error containing %q", err, tc.want)
			}
		})
	}
	st, _ := pay.Statement(b.ID)
	if len(st.Payments) != 1 || st.Booking.Status != app.BookingDeposit {
		t.Errorf("refused moves left traces: %d payments, status %s", len(st.Payments), st.Booking.Status)
	}
}

// A role the server would refuse is refused at once, with a clear error.
func TestRolesRefusedEarly(t *testing.T) {
	store := openStore(t)
	cust := newCustomer(t, store, "Ngô Thị Lan")
	b, err := service.NewPipeline(store, agent, store.DeviceID()).Create(service.Request{CustomerID: cust, Destination: "Huế",
		StartDate: day("2027-01-02"), EndDate: day("2027-01-04"), Currency: "VND"}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	guide := service.Session{UserID: "u-hung", Role: app.RoleGuide}
	if _, err := service.NewPipeline(store, guide, store.DeviceID()).Create(service.Request{CustomerID: cust}, day("2026-11-23")); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("guide creates a booking: %v", err)
	}
	if _, err := service.NewPayments(store, guide).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(1, "VND"), Date: day("2026-11-23")}); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("guide takes a payment: %v", err)
	}
}

func TestCancellationKeep(t *testing.T) {
	s := &app.CompanySettings{CancellationPolicy: []app.CancellationTerm{{DaysBefore: 15, KeepPercent: 50}, {DaysBefore: 30, KeepPercent: 10}, {DaysBefore: 7, KeepPercent: 80}}}
	for _, tc := range []struct{ days, want int }{{60, 10}, {30, 10}, {29, 50}, {15, 50}, {14, 80}, {7, 80}, {6, 100}, {0, 100}, {-3, 100}} {
		if got, ok := s.CancellationKeep(tc.days); !ok || got != tc.want {
			t.Errorf("%d days before: keep %d%% (%v), want %d%%", tc.days, got, ok, tc.want)
		}
	}
	if _, ok := (&app.CompanySettings{}).CancellationKeep(10); ok {
		t.Error("an empty policy applied")
	}
	bad := &app.CompanySettings{CompanyName: "x", CancellationPolicy: []app.CancellationTerm{{DaysBefore: 10, KeepPercent: 120}, {DaysBefore: 10, KeepPercent: 5}}}
	var ve *app.ValidationError
	if err := bad.Validate(); !errors.As(err, &ve) || ve.Field("cancellation_policy.0.keep_percent") == "" || ve.Field("cancellation_policy.1.days_before") == "" {
		t.Errorf("bad policy: %v", err)
	}
}
