package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
)

// The fast readers take what encoding/json writes and fall back to it
// for anything else; either way they give what json.Unmarshal gives.
// (The price lines and discounts are app/service's readers, tested
// there.)
func TestFastDecoders(t *testing.T) {
	for v, want := range map[string]money.Money{`{"amount":-125050,"currency":"USD"}`: money.New(-125050, "USD"),
		`{"currency":"VND","amount":5}`: money.New(5, "VND"), `null`: {}, `{"amount":0,"currency":""}`: {}} {
		if got, err := jmoney(json.RawMessage(v)); err != nil || got != want {
			t.Errorf("jmoney(%s) = %v, %v", v, got, err)
		}
	}
	for v, want := range map[string]string{`"2026-02-28"`: "2026-02-28", `""`: "", `null`: "", `"2028-02-29"`: "2028-02-29"} {
		if got, err := jdate(json.RawMessage(v)); err != nil || got.String() != want {
			t.Errorf("jdate(%s) = %v, %v", v, got, err)
		}
	}
	if _, err := jdate(json.RawMessage(`"2026-02-30"`)); err == nil {
		t.Error("jdate took 2026-02-30")
	}
	if s, err := jstr(json.RawMessage(`"a\"b\u00e9"`)); err != nil || s != `a"bé` {
		t.Errorf("jstr with escapes: %q %v", s, err)
	}
}

// TestAgreesWithServices builds a demo data set (with commissions, and
// some service orders, expenses and incidents) and checks that what the
// reports read and work out agrees with app/service: each booking read
// through ScanFields equals its full decoding, the receivables, payables
// and campaign figures the services work out in one pass equal those of
// their record-by-record path, and the per-booking costs of each
// departure settled in the reporting currency add up to its
// service.SettlementOf cost.
func TestAgreesWithServices(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300-customer demo store")
	}
	s := openStore(t)
	if _, err := demo.Generate(s, demo.Options{Customers: 300, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	today := app.DateOf(demo.DefaultNow)
	if err := addOperations(s, 40); err != nil {
		t.Fatal(err)
	}
	// Pay some orders to their partners (one payment reversed).
	orders, err := s.SortedIDs(app.KindServiceOrder)
	if err != nil {
		t.Fatal(err)
	}
	users, _ := s.SortedIDs(app.KindUser)
	ops := service.NewOperations(s, service.Session{UserID: users[0]})
	paidOrders := 0
	for i, id := range orders {
		o, err := service.Load[app.ServiceOrder](s, id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status == app.OrderCancelled || i%3 != 0 {
			continue
		}
		c, _ := o.Cost()
		e, err := ops.PaySupplier(service.PaySupplier{OrderID: id, Amount: money.New(c.Amount/2, c.Currency), Date: today})
		if err != nil {
			t.Fatal(err)
		}
		if paidOrders == 1 {
			if _, err := ops.ReverseExpense(e.ID, today, "wrong amount"); err != nil {
				t.Fatal(err)
			}
		}
		paidOrders++
	}
	// Campaigns: three in 2026 (one with a target list, one without an
	// end), one in 2025; a third of the customers brought by one, a few
	// bookings naming one themselves.
	if err := addCampaigns(s); err != nil {
		t.Fatal(err)
	}
	// Settle the completed departures among them (figures frozen with
	// the 4.5% commission and the day's rates), then change both: their
	// settlements keep the frozen inputs, the others take the new ones.
	deps, err := s.SortedIDs(app.KindDeparture)
	if err != nil {
		t.Fatal(err)
	}
	settled := 0
	for _, id := range deps {
		if settled == 15 {
			break
		}
		dep, err := service.Load[app.Departure](s, id)
		if err != nil {
			t.Fatal(err)
		}
		if dep.Status != app.DepartureCompleted {
			continue
		}
		if _, err := service.Settle(s, service.Session{}, id, today, "test"); err != nil {
			t.Fatal(err)
		}
		settled++
	}
	if settled == 0 {
		t.Fatal("no departure settled")
	}
	err = s.Update(func(tx service.Tx) error {
		set, err := service.Load[app.CompanySettings](tx, app.CompanySettingsID)
		if err != nil {
			return err
		}
		set.AgentCommissionBP = 725
		for i := range set.ExchangeRates {
			if set.ExchangeRates[i].Currency == "USD" {
				set.ExchangeRates[i].Rate = "26100"
			}
		}
		_, err = service.StoreEntity(tx, app.CompanySettingsID, set)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Reverse a few payments (an accountant's correction).
	pays, err := s.SortedIDs(app.KindPayment)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(func(tx service.Tx) error {
		for _, id := range pays[:5] {
			py, err := service.Load[app.Payment](tx, id)
			if err != nil {
				return err
			}
			py.ID, py.ReversalOf, py.Note = "", id, "entered twice"
			if _, err := service.StoreEntity(tx, record.NewID(), py); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := newData(s, Year(2026), today)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.loadCosts(); err != nil {
		t.Fatal(err)
	}
	if len(d.bookings) < 100 {
		t.Fatalf("only %d bookings", len(d.bookings))
	}
	// Fast reading = full decoding, for every field the reports use.
	err = s.View(func(r service.Reader) error {
		for _, row := range d.bookings {
			full, err := service.Load[app.Booking](r, row.b.ID)
			if err != nil {
				return err
			}
			full.ID = row.b.ID
			for i := range full.Lines {
				full.Lines[i].Description = ""
			}
			for i := range full.Discounts {
				full.Discounts[i].Description = ""
			}
			full.Requests, full.Notes, full.ContractNumber, full.Reason, full.Waitlisted = "", "", "", "", false
			if !reflect.DeepEqual(full, row.b) {
				t.Errorf("booking %s:\nscan %+v\nfull %+v", row.b.ID, row.b, full)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Receivables, payables and campaign figures come from app/service
	// and app/segment, which read a localdb store in one pass
	// (ScanFields); on a store without ScanFields they take the
	// straightforward path, record by record through the indexes. Both
	// give the same figures on this store.
	slow := perRecord{s}
	rec, n, _, err := d.receivables()
	if err != nil {
		t.Fatal(err)
	}
	wantRec, err := service.NewPayments(slow, service.Session{}).Receivables(today)
	if err != nil {
		t.Fatal(err)
	}
	gotRec, err := service.NewPayments(s, service.Session{}).Receivables(today)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotRec, wantRec) || rec != wantRec.Total || n == 0 || len(wantRec.Customers) < 10 {
		t.Errorf("receivables (%d bookings):\none pass   %+v\nper record %+v", n, gotRec, wantRec)
	}
	// Payables.
	pay, err := d.payables()
	if err != nil {
		t.Fatal(err)
	}
	wantPay, err := service.PayablesReport(slow, today)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pay, wantPay) || d.payablePartners != len(wantPay.Partners) || paidOrders < 3 || pay.Paid.Amount == 0 {
		t.Errorf("payables (%d orders paid):\none pass   %+v\nper record %+v", paidOrders, pay, wantPay)
	}
	// Campaigns.
	gotC, err := d.campaignStats()
	if err != nil {
		t.Fatal(err)
	}
	fast, err := segment.AllCampaignStats(s)
	if err != nil {
		t.Fatal(err)
	}
	all, err := segment.AllCampaignStats(slow)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, all) {
		for _, st := range fast {
			t.Logf("one pass   %+v", *st)
		}
		for _, st := range all {
			t.Logf("per record %+v", *st)
		}
		t.Error("campaign figures differ")
	}
	var wantC []*segment.CampaignStats
	for _, st := range all {
		if strings.HasPrefix(st.Name, "2026") {
			wantC = append(wantC, st)
		}
	}
	if len(gotC) != 3 || len(wantC) != 3 {
		t.Errorf("report's campaigns %d, 2026 campaigns %d: want 3", len(gotC), len(wantC))
	}
	for _, st := range gotC {
		if st.Bookings == 0 || st.Leads == 0 || !strings.HasPrefix(st.Name, "2026") {
			t.Errorf("campaign %s has no sales or leads: the test checks little", st.Name)
		}
	}
	profits := 0
	for _, st := range all {
		profits += st.ProfitBookings
	}
	if profits == 0 {
		t.Error("no campaign sale on a settled departure: the profits are not checked")
	}
	// Settlements of every departure (and an unknown one) at once.
	depIDs := append(slices.Sorted(maps.Keys(d.departures)), "no-such-departure")
	gotS, err := service.Settlements(s, depIDs)
	if err != nil {
		t.Fatal(err)
	}
	wantS, err := service.Settlements(slow, depIDs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotS, wantS) {
		for i := range gotS {
			if !reflect.DeepEqual(gotS[i], wantS[i]) {
				t.Errorf("settlement of %s:\none pass   %+v\nper record %+v", depIDs[i], gotS[i], wantS[i])
			}
		}
	}
	if last := gotS[len(gotS)-1]; !errors.Is(last.Err, app.ErrNotFound) || last.Settlement != nil {
		t.Errorf("unknown departure: %+v", last)
	}
	// Settlements: departures in the reporting currency.
	byDep := map[string]int64{}
	for _, row := range d.bookings {
		if row.b.DepartureID != "" {
			byDep[row.b.DepartureID] += row.cost
		}
	}
	checked, frozen := 0, 0
	err = s.View(func(r service.Reader) error {
		for dep := range d.departures {
			st, err := service.SettlementOf(r, dep)
			if err != nil {
				return err
			}
			if st.Currency != d.cur || st.Cost.Amount == 0 {
				continue
			}
			var share int64
			for _, b := range st.Bookings {
				share += b.Cost.Amount
			}
			if share != st.Cost.Amount {
				continue // costs no booking holds a seat to carry
			}
			checked++
			if st.Settled != nil {
				frozen++
			}
			if byDep[dep] != st.Cost.Amount {
				t.Errorf("departure %s: report's booking costs add up to %d, settlement %s", dep, byDep[dep], st.Cost)
			}
			for _, b := range st.Bookings {
				if got := d.byBooking[b.BookingID].cost; got != b.Cost.Amount {
					t.Errorf("booking %s: cost %d, settlement %s", b.Code, got, b.Cost)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 || frozen == 0 {
		t.Errorf("only %d departures checked, %d of them settled with frozen figures", checked, frozen)
	}
}

// perRecord hides a store's ScanFields: the services then read it record
// by record (their straightforward path).
type perRecord struct{ service.Store }

// addOperations gives every departure of s (up to max) a service order,
// an expense, an incident and the agency a 4.5% commission, so that
// settlements have every kind of cost. Deterministic.
func addOperations(s service.Store, max int) error {
	deps, err := s.SortedIDs(app.KindDeparture)
	if err != nil {
		return err
	}
	partners, err := s.SortedIDs(app.KindPartner)
	if err != nil || len(partners) == 0 {
		return err
	}
	users, err := s.SortedIDs(app.KindUser)
	if err != nil {
		return err
	}
	return s.Update(func(tx service.Tx) error {
		set, err := service.Load[app.CompanySettings](tx, app.CompanySettingsID)
		if err != nil {
			return err
		}
		set.AgentCommissionBP = 450
		if _, err := service.StoreEntity(tx, app.CompanySettingsID, set); err != nil {
			return err
		}
		for i, dep := range deps {
			if i >= max {
				break
			}
			d, err := service.Load[app.Departure](tx, dep)
			if err != nil {
				return err
			}
			n := int64(i + 1)
			status := app.OrderConfirmed
			if i%5 == 4 {
				status = app.OrderCancelled
			}
			id := record.NewID()
			o := &app.ServiceOrder{DepartureID: dep, PartnerID: partners[i%len(partners)], Service: "Xe", Quantity: 1 + i%3,
				UnitCost: money.New(1_000_003*n, "VND"), Status: status, ConfirmationNumber: "X" + id[:4], StartDate: d.StartDate}
			if _, err := service.StoreEntity(tx, id, o); err != nil {
				return err
			}
			e := &app.Expense{DepartureID: dep, Category: app.ExpenseMeals, Amount: money.New(333_333+n, "VND"), Date: d.StartDate, SpentBy: users[0]}
			if i%4 == 1 {
				e.Amount = money.New(7_77+n, "USD") // converted at the demo's rate
			}
			if _, err := service.StoreEntity(tx, record.NewID(), e); err != nil {
				return err
			}
			in := &app.Incident{DepartureID: dep, At: d.StartDate.Time().Add(10 * 3600e9), Severity: app.SeverityLow,
				Description: "Trễ xe", Cost: money.New(50_001*n, "VND"), ReportedBy: users[0]}
			if _, err := service.StoreEntity(tx, record.NewID(), in); err != nil {
				return err
			}
		}
		return nil
	})
}

// addCampaigns adds four campaigns to a demo store (three starting in
// 2026, named "2026 …"), has every third customer brought by one of them
// and every fifth booking of those customers name one itself.
func addCampaigns(s service.Store) error {
	customers, err := s.SortedIDs(app.KindCustomer)
	if err != nil {
		return err
	}
	bookings, err := s.SortedIDs(app.KindBooking)
	if err != nil {
		return err
	}
	return s.Update(func(tx service.Tx) error {
		var ids []string
		for i, c := range []*app.Campaign{
			{Name: "2026 Facebook hè", Channel: app.ChannelFacebook, Cost: money.New(40_000_000, "VND"), StartDate: date("2026-05-01"), EndDate: date("2026-06-30")},
			{Name: "2026 Zalo thu", Channel: app.ChannelZalo, Cost: money.New(1_500_00, "USD"), StartDate: date("2026-08-15")},
			{Name: "2026 Email Tết", Channel: app.ChannelEmail, StartDate: date("2026-01-10"), EndDate: date("2026-02-10"), TargetIDs: customers[:7]},
			{Name: "2025 Google", Channel: app.ChannelGoogle, Cost: money.New(9_000_000, "VND"), StartDate: date("2025-10-01"), EndDate: date("2025-12-31")},
		} {
			id := fmt.Sprintf("0190b000-0000-7000-8000-%012d", i+1)
			if _, err := service.StoreEntity(tx, id, c); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		for i, cid := range customers {
			if i%3 != 0 {
				continue
			}
			v, _ := json.Marshal(ids[(i/3)%len(ids)])
			if _, err := tx.Save(app.KindCustomer, cid, map[string]json.RawMessage{"campaign_id": v}); err != nil {
				return err
			}
		}
		for i, bid := range bookings {
			if i%5 != 0 {
				continue
			}
			v, _ := json.Marshal(ids[i%len(ids)])
			if _, err := tx.Save(app.KindBooking, bid, map[string]json.RawMessage{"campaign_id": v}); err != nil {
				return err
			}
		}
		return nil
	})
}
