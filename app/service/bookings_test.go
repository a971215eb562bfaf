package service

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

func TestBookingsForCustomer(t *testing.T) {
	s := printStore(t)
	vnd := func(n int64) money.Money { return money.New(n, "VND") }
	err := s.Update(func(tx Tx) error {
		for id, e := range map[string]app.Entity{
			// A custom trip, later than d1, with a refund and a reversal.
			"b3": &app.Booking{Code: "BK-2026-000003", CustomerID: "c1", OwnerID: "u1", Destination: "Sa Pa", Currency: "VND", Status: app.BookingPaid,
				StartDate: app.Date{Year: 2027, Month: 1, Day: 5}, EndDate: app.Date{Year: 2027, Month: 1, Day: 7},
				Lines: []app.PriceLine{{Quantity: 1, UnitPrice: vnd(3000000)}}},
			"p3": &app.Payment{BookingID: "b3", CustomerID: "c1", Type: app.PaymentBalance, Method: app.MethodCard, Amount: vnd(3500000), ReceivedBy: "u1", Date: app.Date{Year: 2026, Month: 11, Day: 2}},
			"p4": &app.Payment{BookingID: "b3", CustomerID: "c1", Type: app.PaymentRefund, Method: app.MethodCash, Amount: vnd(500000), ReceivedBy: "u1", Date: app.Date{Year: 2026, Month: 11, Day: 3}},
			// A payment in dollars on a booking priced in dong.
			"b4": &app.Booking{Code: "BK-2026-000004", CustomerID: "c1", OwnerID: "u1", Destination: "Huế", Currency: "VND",
				StartDate: app.Date{Year: 2026, Month: 3, Day: 1}, EndDate: app.Date{Year: 2026, Month: 3, Day: 2},
				Lines: []app.PriceLine{{Quantity: 1, UnitPrice: vnd(1000000)}}},
			"p5": &app.Payment{BookingID: "b4", CustomerID: "c1", Type: app.PaymentDeposit, Method: app.MethodCash, Amount: money.New(1000, "USD"), ReceivedBy: "u1", Date: app.Date{Year: 2026, Month: 2, Day: 1}},
			// Someone else's booking.
			"c2": &app.Customer{Name: "Lê Thị Hoa", OwnerID: "u1"},
			"b5": &app.Booking{Code: "BK-2026-000005", CustomerID: "c2", OwnerID: "u1", DepartureID: "d1", Currency: "VND", Lines: []app.PriceLine{{Quantity: 1, UnitPrice: vnd(1)}}},
		} {
			if _, err := StoreEntity(tx, id, e); err != nil {
				return err
			}
		}
		return tx.Delete(app.KindBooking, "b2")
	})
	if err != nil {
		t.Fatal(err)
	}

	rows, err := NewBookings(s).ForCustomer("c1")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range rows {
		codes = append(codes, r.Booking.Code)
	}
	// b2 is deleted, b5 is c2's; the latest trip comes first.
	if want := []string{"BK-2026-000003", "BK-2026-000001", "BK-2026-000004"}; len(rows) != 3 || codes[0] != want[0] || codes[1] != want[1] || codes[2] != want[2] {
		t.Fatalf("codes %v, want %v", codes, want)
	}

	b3, b1, b4 := rows[0], rows[1], rows[2]
	if b1.Booking.ID != "b1" || b1.Trip != "Đà Nẵng 4N3Đ" || b1.Start != (app.Date{Year: 2026, Month: 12, Day: 1}) || b1.End != (app.Date{Year: 2026, Month: 12, Day: 4}) {
		t.Errorf("b1 row %+v", b1)
	}
	if b1.Total != vnd(15000000) || b1.Paid != vnd(9000000) || b1.Balance != vnd(6000000) || b1.Problem != nil {
		t.Errorf("b1 total %v paid %v balance %v (%v), want 15,000,000 9,000,000 6,000,000", b1.Total, b1.Paid, b1.Balance, b1.Problem)
	}
	if len(b1.Payments) != 2 || b1.Payments[0].ID != "p1" || b1.Payments[1].ID != "p2" {
		t.Errorf("b1 payments %+v, want p1, p2", b1.Payments)
	}
	// A refund counts against what was paid.
	if b3.Trip != "Sa Pa" || b3.Start != (app.Date{Year: 2027, Month: 1, Day: 5}) || b3.Paid != vnd(3000000) || b3.Balance != vnd(0) || b3.Problem != nil {
		t.Errorf("b3 row %+v", b3)
	}
	if !errors.Is(b4.Problem, money.ErrMixedCurrency) || b4.Total != vnd(1000000) {
		t.Errorf("b4 problem %v total %v, want ErrMixedCurrency and 1,000,000", b4.Problem, b4.Total)
	}

	if rows, err := NewBookings(s).ForCustomer("nobody"); err != nil || len(rows) != 0 {
		t.Errorf("unknown customer: %v, %v", rows, err)
	}
}
