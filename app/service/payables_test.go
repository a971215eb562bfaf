package service_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// Service orders to four partners, paid in part (one payment reversed, one
// in USD, one order cancelled after it was paid): the payables per partner
// and their ageing on 2027-01-05, worked out by hand; supplier payments
// never change the departure's settlement, and a settled departure's
// orders are still paid.
func TestSupplierPayables(t *testing.T) {
	store := openStore(t)
	setRates(t, store) // 1 USD = 25.000 VND
	dep := newDeparture(t, store, "DAD-PAY", 20, 2)
	ops := service.NewOperations(store, operator)
	partner := func(name string, tt app.PartnerType) string {
		return save(t, store, &app.Partner{Name: name, Type: tt})
	}
	hotel, bus := partner("Furama", app.PartnerHotel), partner("Hải Vân Bus", app.PartnerTransport)
	air, food := partner("Vietnam Airlines", app.PartnerAirline), partner("Bếp Huế", app.PartnerRestaurant)
	order := func(p, what string, qty int, unit money.Money, end string, status app.ServiceOrderStatus) string {
		t.Helper()
		id, err := ops.AddOrder(&app.ServiceOrder{DepartureID: dep, PartnerID: p, Service: what, Quantity: qty, UnitCost: unit,
			StartDate: day("2026-09-28"), EndDate: day(end)})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []app.ServiceOrderStatus{app.OrderConfirmed, app.OrderCompleted} {
			if status == app.OrderRequested {
				break
			}
			if _, err := ops.SetOrderStatus(id, st, "CONF-"+what); err != nil {
				t.Fatal(err)
			}
			if st == status {
				break
			}
		}
		return id
	}
	rooms := order(hotel, "rooms", 36, money.New(1_200_000, "VND"), "2026-12-23", app.OrderConfirmed)   // 43.200.000
	extra := order(hotel, "extra beds", 2, money.New(500_000, "VND"), "2026-12-23", app.OrderRequested) // not a payable
	coach := order(bus, "coach", 1, money.New(8_000_000, "VND"), "2026-10-01", app.OrderConfirmed)      // 8.000.000
	flights := order(air, "flights", 20, money.New(15_000, "USD"), "2026-12-20", app.OrderCompleted)    // 3,000.00 USD = 75.000.000
	dinner := order(food, "dinner", 10, money.New(200_000, "VND"), "2026-12-21", app.OrderConfirmed)    // 2.000.000

	before, err := service.SettlementOf(store, dep)
	if err != nil {
		t.Fatal(err)
	}
	acc := service.NewOperations(store, accountant)
	pay := func(o string, m money.Money, d string) *app.Expense {
		t.Helper()
		e, err := acc.PaySupplier(service.PaySupplier{OrderID: o, Amount: m, Date: day(d), Note: "bank transfer"})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	first := pay(rooms, money.New(20_000_000, "VND"), "2026-12-01")
	if first.PartnerID != hotel || first.ServiceOrderID != rooms || first.Category != app.ExpenseSupplierPayment || first.SpentBy != accountant.UserID {
		t.Errorf("payment %+v", first)
	}
	twice := pay(rooms, money.New(5_000_000, "VND"), "2026-12-02")
	if _, err := acc.ReverseExpense(twice.ID, day("2026-12-03"), "paid twice"); err != nil {
		t.Fatal(err)
	}
	pay(flights, money.New(100_000, "USD"), "2026-12-05") // 1,000.00 USD = 25.000.000
	pay(dinner, money.New(2_000_000, "VND"), "2026-12-05")
	if _, err := ops.SetOrderStatus(dinner, app.OrderCancelled, ""); err != nil {
		t.Fatal(err)
	}

	for what, tc := range map[string]struct {
		s    service.Session
		p    service.PaySupplier
		is   error
		says string
	}{
		"a requested order": {accountant, service.PaySupplier{OrderID: extra, Amount: money.New(1, "VND")}, app.ErrInvalid, "is requested: only a confirmed or completed order is paid"},
		"a cancelled order": {accountant, service.PaySupplier{OrderID: dinner, Amount: money.New(1, "VND")}, app.ErrInvalid, "is cancelled"},
		"a negative amount": {accountant, service.PaySupplier{OrderID: rooms, Amount: money.New(-1, "VND")}, app.ErrInvalid, "must be above zero"},
		"another currency":  {accountant, service.PaySupplier{OrderID: rooms, Amount: money.New(100, "USD")}, app.ErrInvalid, "is in VND, not USD"},
		"more than owed":    {accountant, service.PaySupplier{OrderID: rooms, Amount: money.New(23_200_001, "VND")}, app.ErrInvalid, "owes 23200000 VND (cost 43200000 VND, paid 20000000 VND)"},
		"an unknown order":  {accountant, service.PaySupplier{OrderID: "o-none", Amount: money.New(1, "VND")}, app.ErrNotFound, "service order o-none"},
		"an operator":       {operator, service.PaySupplier{OrderID: rooms, Amount: money.New(1, "VND")}, app.ErrForbidden, "an accountant does"},
	} {
		tc.p.Date = day("2026-12-10")
		_, err := service.NewOperations(store, tc.s).PaySupplier(tc.p)
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want %v saying %q", what, err, tc.is, tc.says)
		}
	}

	rep, err := service.PayablesReport(store, day("2027-01-05"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Currency != "VND" || len(rep.Problems) != 0 || len(rep.Partners) != 4 {
		t.Fatalf("report %+v", rep)
	}
	type row struct {
		name                string
		ordered, paid, owed int64
		d30, over90         int64
	}
	for i, want := range []row{
		{"Vietnam Airlines", 75_000_000, 25_000_000, 50_000_000, 50_000_000, 0}, // 16 days after 2026-12-20
		{"Furama", 43_200_000, 20_000_000, 23_200_000, 23_200_000, 0},           // 13 days after 2026-12-23; the extra beds are only requested
		{"Hải Vân Bus", 8_000_000, 0, 8_000_000, 0, 8_000_000},                  // 96 days after 2026-10-01
		{"Bếp Huế", 0, 2_000_000, -2_000_000, 0, 0},                             // cancelled after it was paid: the partner owes us
	} {
		p := rep.Partners[i]
		if p.Name != want.name {
			t.Fatalf("partner %d is %s, want %s", i, p.Name, want.name)
		}
		wantMoney(t, p.Name+" ordered", p.Ordered, want.ordered, "VND")
		wantMoney(t, p.Name+" paid", p.Paid, want.paid, "VND")
		wantMoney(t, p.Name+" owed", p.Owed, want.owed, "VND")
		wantMoney(t, p.Name+" 0–30", p.Ageing.Days30, want.d30, "VND")
		wantMoney(t, p.Name+" 90+", p.Ageing.Over90, want.over90, "VND")
	}
	if f := rep.Partners[1]; len(f.Orders) != 1 || f.Orders[0].OrderID != rooms || f.Orders[0].DaysOverdue != 13 || f.Orders[0].Due != day("2026-12-23") {
		t.Errorf("Furama's orders %+v", f.Orders)
	}
	if a := rep.Partners[0].Orders[0]; a.Owed != money.New(200_000, "USD") || a.Converted != money.New(50_000_000, "VND") {
		t.Errorf("the flights in USD %+v", a)
	}
	wantMoney(t, "ordered", rep.Ordered, 126_200_000, "VND")
	wantMoney(t, "paid", rep.Paid, 47_000_000, "VND")
	wantMoney(t, "owed", rep.Owed, 79_200_000, "VND")
	wantMoney(t, "owed 0–30", rep.Ageing.Days30, 73_200_000, "VND")
	wantMoney(t, "owed 90+", rep.Ageing.Over90, 8_000_000, "VND")
	wantMoney(t, "aged", rep.Ageing.Total, 81_200_000, "VND") // what is owed, the restaurant's credit aside

	after, err := service.SettlementOf(store, dep)
	if err != nil {
		t.Fatal(err)
	}
	// Cancelling the dinner took 2.000.000 off the costs; paying took nothing.
	wantMoney(t, "costs after paying suppliers", after.Cost, before.Cost.Amount-2_000_000, "VND")
	if _, ok := after.Costs["supplier_payment"]; ok {
		t.Errorf("supplier payments counted as costs: %v", after.Costs)
	}

	// Settled, the departure's payables are still paid.
	setDepartureStatus(t, store, dep, app.DepartureCompleted)
	if _, err := service.Settle(store, accountant, dep, day("2027-01-05"), ""); err != nil {
		t.Fatal(err)
	}
	pay(coach, money.New(8_000_000, "VND"), "2027-01-06")
	rep, err = service.PayablesReport(store, day("2027-01-06"))
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "owed once the coach is paid", rep.Owed, 71_200_000, "VND")
	wantMoney(t, "90+ once the coach is paid", rep.Ageing.Over90, 0, "VND")
}
