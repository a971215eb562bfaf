package service_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// perRecordStore hides localdb's ScanFields: the money reports then take
// their straightforward path, record by record through the indexes.
type perRecordStore struct{ service.Store }

// The one-pass readers of Receivables, PayablesReport and Settlements give
// exactly what the record-by-record path gives on the same store: a demo
// store with service orders, expenses, incidents, supplier payments (one
// reversed, one in the wrong currency), payments reversed, a payment in
// another currency than its booking's and a departure settled.
func TestMoneyReportsOnePassAgreeWithPerRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo store")
	}
	s := openStore(t)
	if _, err := demo.Generate(s, demo.Options{Customers: 150, Seed: 5}, nil); err != nil {
		t.Fatal(err)
	}
	today := app.DateOf(demo.DefaultNow)
	deps, _ := s.SortedIDs(app.KindDeparture)
	partners, _ := s.SortedIDs(app.KindPartner)
	users, _ := s.SortedIDs(app.KindUser)
	pays, _ := s.SortedIDs(app.KindPayment)
	if len(deps) < 10 || len(partners) == 0 || len(pays) < 10 {
		t.Fatalf("demo store: %d departures, %d partners, %d payments", len(deps), len(partners), len(pays))
	}
	var orders []string
	err := s.Update(func(tx service.Tx) error {
		for i, dep := range deps[:10] {
			d, err := service.Load[app.Departure](tx, dep)
			if err != nil {
				return err
			}
			status := app.OrderConfirmed
			if i == 4 {
				status = app.OrderCancelled
			}
			id := record.NewID()
			o := &app.ServiceOrder{DepartureID: dep, PartnerID: partners[i%len(partners)], Service: "Xe", Quantity: 2,
				UnitCost: money.New(int64(1_000_003*(i+1)), "VND"), Status: status, ConfirmationNumber: "X" + id[:4], StartDate: d.StartDate}
			if _, err := service.StoreEntity(tx, id, o); err != nil {
				return err
			}
			orders = append(orders, id)
			for _, x := range []app.Entity{
				&app.Expense{DepartureID: dep, Category: app.ExpenseMeals, Amount: money.New(333_333, "VND"), Date: d.StartDate, SpentBy: users[0]},
				&app.Incident{DepartureID: dep, At: d.StartDate.Time(), Severity: app.SeverityLow, Description: "Trễ xe", Cost: money.New(50_001, "VND"), ReportedBy: users[0]},
			} {
				if _, err := service.StoreEntity(tx, record.NewID(), x); err != nil {
					return err
				}
			}
		}
		// Payments reversed, and one in another currency than its
		// booking's (the booking's money becomes a problem).
		for i, id := range pays[:4] {
			py, err := service.Load[app.Payment](tx, id)
			if err != nil {
				return err
			}
			py.ID, py.ReversalOf = "", id
			if i == 3 {
				py.ReversalOf, py.Amount = "", money.New(10_00, "USD")
			}
			if _, err := service.StoreEntity(tx, record.NewID(), py); err != nil {
				return err
			}
		}
		// A supplier payment in another currency than its order's.
		_, err := service.StoreEntity(tx, record.NewID(), &app.Expense{DepartureID: deps[1], Category: app.ExpenseSupplierPayment,
			Amount: money.New(5_00, "USD"), Date: today, SpentBy: users[0], PartnerID: partners[1%len(partners)], ServiceOrderID: orders[1]})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ops := service.NewOperations(s, service.Session{UserID: users[0]})
	for _, i := range []int{0, 2, 3} {
		e, err := ops.PaySupplier(service.PaySupplier{OrderID: orders[i], Amount: money.New(1_000_000, "VND"), Date: today})
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if _, err := ops.ReverseExpense(e.ID, today, "wrong order"); err != nil {
				t.Fatal(err)
			}
		}
	}
	settled := 0
	for _, id := range deps {
		d, _ := service.Load[app.Departure](s, id)
		if d != nil && d.Status == app.DepartureCompleted && settled < 2 {
			if _, err := service.Settle(s, service.Session{}, id, today, "test"); err != nil {
				t.Fatal(err)
			}
			settled++
		}
	}
	slow := perRecordStore{s}

	got, err := service.NewPayments(s, service.Session{}).Receivables(today)
	if err != nil {
		t.Fatal(err)
	}
	want, err := service.NewPayments(slow, service.Session{}).Receivables(today)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("receivables:\none pass   %+v\nper record %+v", got, want)
	}
	if len(want.Customers) < 5 || len(want.Problems) == 0 || want.Customers[0].Name == "" {
		t.Errorf("receivables check little: %d customers, problems %v", len(want.Customers), want.Problems)
	}

	gotPay, err := service.PayablesReport(s, today)
	if err != nil {
		t.Fatal(err)
	}
	wantPay, err := service.PayablesReport(slow, today)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotPay, wantPay) {
		t.Errorf("payables:\none pass   %+v\nper record %+v", gotPay, wantPay)
	}
	if len(wantPay.Problems) != 1 || wantPay.Paid.Amount != 2_000_000 {
		t.Errorf("payables: paid %s (want 2,000,000 VND: two payments, the third reversed), problems %v", wantPay.Paid, wantPay.Problems)
	}

	ids := append(deps[:len(deps):len(deps)], "no-such-departure")
	gotSet, err := service.Settlements(s, ids)
	if err != nil {
		t.Fatal(err)
	}
	wantSet, err := service.Settlements(slow, ids)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		if !reflect.DeepEqual(gotSet[i], wantSet[i]) {
			t.Errorf("settlement of %s:\none pass   %+v\nper record %+v", ids[i], gotSet[i], wantSet[i])
		}
	}
	frozen := 0
	for _, ds := range wantSet[:len(deps)] {
		if ds.Err != nil {
			continue
		}
		if ds.Settlement.Settled != nil {
			frozen++
		}
	}
	if last := gotSet[len(ids)-1]; !errors.Is(last.Err, app.ErrNotFound) {
		t.Errorf("unknown departure: %+v", last)
	}
	if frozen != settled || settled == 0 {
		t.Errorf("%d departures settled, %d settlements frozen", settled, frozen)
	}
	// SettlementOf, one departure, is what the batch gives.
	err = s.View(func(r service.Reader) error {
		one, err := service.SettlementOf(r, deps[0])
		if err == nil && !reflect.DeepEqual(one, gotSet[0].Settlement) {
			t.Errorf("SettlementOf %+v\nSettlements %+v", one, gotSet[0].Settlement)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// The same figures from the books read once (what a report showing
	// several of them does), on the one-cursor store and on one read
	// record by record.
	for name, st := range map[string]service.Store{"one pass": s, "per record": slow} {
		books, err := service.LoadBooks(st)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := books.Receivables(today)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rec, want) {
			t.Errorf("%s books receivables:\n%+v\nper record %+v", name, rec, want)
		}
		pay, err := books.Payables(today)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(pay, wantPay) {
			t.Errorf("%s books payables:\n%+v\nper record %+v", name, pay, wantPay)
		}
		set, err := books.Settlements(ids)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ids {
			if !reflect.DeepEqual(set[i], wantSet[i]) {
				t.Errorf("%s books settlement of %s:\n%+v\nper record %+v", name, ids[i], set[i], wantSet[i])
			}
		}
		if n, _ := st.Count(app.KindBooking); len(books.Bookings()) != n || n == 0 {
			t.Errorf("%s books: %d bookings of %d", name, len(books.Bookings()), n)
		}
	}
}
