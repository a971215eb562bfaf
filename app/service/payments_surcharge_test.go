package service_test

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// A surcharge is an extra charged and paid at once: it adds its price
// line, so the total grows by it and the balance stays; a percentage
// discount is not taken of it. An accountant, who may not change prices,
// is refused and nothing is written. Figures by hand.
func TestSurchargeAddsPriceLine(t *testing.T) {
	store := openStore(t)
	dep := newDeparture(t, store, "HLB-SUR", 20, 2)
	pl := service.NewPipeline(store, agent, store.DeviceID())
	b, err := pl.Create(service.Request{CustomerID: newCustomer(t, store, "Phạm Thu Hà"), DepartureID: dep,
		Lines: []app.PriceLine{line(app.TravelerAdult, 2, 5_000_000, "VND")}}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	// 10% off the 10.000.000 of the trip: 9.000.000.
	bk, err := service.Load[app.Booking](store, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	bk.Discounts = []app.Discount{{Description: "early bird", Percent: 10}}
	save2(t, store, b.ID, bk)

	pay := service.NewPayments(store, agent)
	if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(9_000_000, "VND"), Date: day("2026-11-24")}); err != nil {
		t.Fatal(err)
	}
	// The accountant may not add the line: refused, nothing written.
	if _, err := service.NewPayments(store, accountant).Take(service.Take{BookingID: b.ID, Kind: app.PaymentSurcharge, Amount: money.New(800_000, "VND"), Date: day("2026-11-25")}); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("accountant's surcharge: %v, want forbidden", err)
	}
	st, err := pay.Statement(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Payments) != 1 || len(st.Booking.Lines) != 1 {
		t.Fatalf("after the refused surcharge: %d payments, %d lines", len(st.Payments), len(st.Booking.Lines))
	}
	wantMoney(t, "balance before", st.Balance, 0, "VND")

	// The agent takes the single-room supplement: 800.000.
	if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentSurcharge, Amount: money.New(800_000, "VND"), Date: day("2026-11-25"), Note: "Single room supplement"}); err != nil {
		t.Fatal(err)
	}
	st, err = pay.Statement(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 10.000.000 + 800.000 − 10% of 10.000.000 = 9.800.000; paid the same.
	wantMoney(t, "total", st.Total, 9_800_000, "VND")
	wantMoney(t, "paid", st.Paid, 9_800_000, "VND")
	wantMoney(t, "balance", st.Balance, 0, "VND")
	want := app.PriceLine{Description: "Single room supplement", TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: money.New(800_000, "VND"), Surcharge: true}
	if len(st.Booking.Lines) != 2 || st.Booking.Lines[1] != want {
		t.Errorf("lines %+v, want the surcharge line %+v", st.Booking.Lines, want)
	}
	if st.Booking.Seats() != 2 || st.Booking.Status != app.BookingPaid {
		t.Errorf("seats %d status %s, want 2 paid", st.Booking.Seats(), st.Booking.Status)
	}
	// Without a note the line is "Surcharge".
	if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentSurcharge, Amount: money.New(150_000, "VND"), Date: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	st, _ = pay.Statement(b.ID)
	wantMoney(t, "total after a second surcharge", st.Total, 9_950_000, "VND")
	wantMoney(t, "balance after a second surcharge", st.Balance, 0, "VND")
	if l := st.Booking.Lines[len(st.Booking.Lines)-1]; l.Description != service.SurchargeLine || !l.Surcharge {
		t.Errorf("line without a note: %+v", l)
	}
}
