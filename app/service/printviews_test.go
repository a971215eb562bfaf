package service

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// printStore holds a Đà Nẵng departure with one paid-deposit booking (two
// travelers, one payment), one cancelled booking (its traveler is not on
// the lists) and a hotel order.
func printStore(t *testing.T) *memStore {
	t.Helper()
	s := newMemStore()
	vnd := func(n int64) money.Money { return money.New(n, "VND") }
	save := func(tx Tx, id string, e app.Entity) {
		if _, err := StoreEntity(tx, id, e); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	err := s.Update(func(tx Tx) error {
		save(tx, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sông Hồng Travel", Country: "VN"})
		save(tx, "u1", &app.User{Name: "Phạm Thị Lan", Login: "lan", OfficeID: "o-han", Role: app.RoleAgent})
		save(tx, "c1", &app.Customer{Name: "Nguyễn Văn An", Language: "vi", OwnerID: "u1"})
		save(tx, "t1", &app.Tour{Code: "DAD-4D3N", Name: "Đà Nẵng 4N3Đ", Days: 4, Nights: 3, PriceAdult: vnd(5990000)})
		save(tx, "d1", &app.Departure{TourID: "t1", Code: "DAD-261201", StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4}, Capacity: 30})
		save(tx, "b1", &app.Booking{Code: "BK-2026-000001", CustomerID: "c1", OwnerID: "u1", DepartureID: "d1", Currency: "VND", Status: app.BookingDeposit,
			BookedOn: app.Date{Year: 2026, Month: 10, Day: 2},
			Lines:    []app.PriceLine{{Description: "Người lớn", Quantity: 2, UnitPrice: vnd(7500000)}}})
		save(tx, "b2", &app.Booking{Code: "BK-2026-000002", CustomerID: "c1", OwnerID: "u1", DepartureID: "d1", Currency: "VND", Status: app.BookingCancelled, Reason: "ốm",
			Lines: []app.PriceLine{{Quantity: 1, UnitPrice: vnd(5990000)}}})
		save(tx, "tr2", &app.Traveler{BookingID: "b1", DepartureID: "d1", Name: "Trần Thị Bình"})
		save(tx, "tr1", &app.Traveler{BookingID: "b1", DepartureID: "d1", Name: "Nguyễn Văn An", RoomType: app.RoomDouble, RoommateID: "tr2"})
		save(tx, "tr3", &app.Traveler{BookingID: "b2", DepartureID: "d1", Name: "Lê Văn Cường"})
		save(tx, "p1", &app.Payment{BookingID: "b1", CustomerID: "c1", Type: app.PaymentDeposit, Method: app.MethodCash, Amount: vnd(5000000), ReceivedBy: "u1", Date: app.Date{Year: 2026, Month: 10, Day: 3}})
		save(tx, "p2", &app.Payment{BookingID: "b1", CustomerID: "c1", Type: app.PaymentBalance, Method: app.MethodCash, Amount: vnd(4000000), ReceivedBy: "u1", Date: app.Date{Year: 2026, Month: 11, Day: 1}})
		save(tx, "pt1", &app.Partner{Name: "Mường Thanh Đà Nẵng", Type: app.PartnerHotel})
		save(tx, "o1", &app.ServiceOrder{DepartureID: "d1", PartnerID: "pt1", Service: "1 phòng đôi", Quantity: 3, UnitCost: vnd(1200000)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadContract(t *testing.T) {
	c, err := LoadContract(printStore(t), "b1", "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Lang != "vi" || c.Settings.CompanyName != "Sông Hồng Travel" || c.Customer.Name != "Nguyễn Văn An" || c.Tour.Code != "DAD-4D3N" || len(c.Travelers) != 2 || len(c.Payments) != 2 {
		t.Fatalf("contract data %+v", c)
	}
	want := []Instalment{
		{app.PaymentDeposit, app.Date{Year: 2026, Month: 10, Day: 3}, money.New(5000000, "VND")},
		{app.PaymentBalance, app.Date{Year: 2026, Month: 11, Day: 16}, money.New(10000000, "VND")},
	}
	if len(c.Schedule) != 2 || c.Schedule[0] != want[0] || c.Schedule[1] != want[1] || c.Paid != money.New(9000000, "VND") {
		t.Errorf("schedule %+v paid %v, want %+v and 9000000", c.Schedule, c.Paid, want)
	}
	// With nothing paid, the deposit is DepositPercent of the total.
	c, err = LoadContract(printStore(t), "b2", "en")
	if err != nil || c.Lang != "en" || c.Schedule[0].Amount != money.New(1797000, "VND") || c.Schedule[1].Amount != money.New(4193000, "VND") {
		t.Errorf("b2: %+v, %v", c, err)
	}
	for _, id := range []string{"nope", "p1"} {
		if _, err := LoadContract(printStore(t), id, ""); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("contract %s: err = %v, want ErrNotFound", id, err)
		}
	}
}

func TestLoadReceipt(t *testing.T) {
	s := printStore(t)
	r, err := LoadReceipt(s, "p1", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != money.New(15000000, "VND") || r.Paid != money.New(5000000, "VND") || r.Balance != money.New(10000000, "VND") || r.ReceivedBy != "Phạm Thị Lan" || r.Tour == nil {
		t.Errorf("receipt p1: %+v", r)
	}
	r, err = LoadReceipt(s, "p2", "")
	if err != nil || r.Paid != money.New(9000000, "VND") || r.Balance != money.New(6000000, "VND") {
		t.Errorf("receipt p2: %+v, %v", r, err)
	}
	if _, err := LoadReceipt(s, "b1", ""); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("receipt of a booking id: err = %v", err)
	}
}

func TestLoadQuote(t *testing.T) {
	s := printStore(t)
	today := app.Date{Year: 2026, Month: 11, Day: 23}
	q, err := LoadQuote(s, "b1", "", today)
	if err != nil || q.Booking == nil || q.Customer == nil || q.Tour.Code != "DAD-4D3N" || q.ValidUntil != (app.Date{Year: 2026, Month: 11, Day: 30}) {
		t.Errorf("quote of a booking: %+v, %v", q, err)
	}
	q, err = LoadQuote(s, "t1", "ru", today)
	if err != nil || q.Booking != nil || q.Tour.Code != "DAD-4D3N" || q.Lang != "ru" || q.ValidUntil != (app.Date{Year: 2026, Month: 12, Day: 7}) {
		t.Errorf("quote of a tour: %+v, %v", q, err)
	}
	if _, err := LoadQuote(s, "c1", "", today); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("quote of a customer id: err = %v", err)
	}
}

func TestLoadListsAndVoucher(t *testing.T) {
	s := printStore(t)
	l, err := LoadDepartureList(s, "d1", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Travelers) != 2 || l.Tour == nil || l.Travelers[0].ID == "" {
		t.Errorf("list: %+v (want the two travelers of the live booking)", l.Travelers)
	}
	v, err := LoadVoucher(s, "o1", "en")
	if err != nil || v.Partner.Name != "Mường Thanh Đà Nẵng" || len(v.Travelers) != 2 || v.Departure.Code != "DAD-261201" {
		t.Errorf("voucher: %+v, %v", v, err)
	}
	if _, err := LoadDepartureList(s, "b1", ""); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("list of a booking id: err = %v", err)
	}
}
