package service_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

var (
	operator   = service.Session{UserID: "u-olga", OfficeID: "o-hn", Role: app.RoleOperator}
	accountant = service.Session{UserID: "u-acc", OfficeID: "o-hn", Role: app.RoleAccountant}
)

func setRates(t *testing.T, store service.Store) {
	t.Helper()
	save2(t, store, app.CompanySettingsID, &app.CompanySettings{CompanyName: "TourDesk Travel", DefaultCurrency: "VND",
		ExchangeRates: []app.ExchangeRate{{Currency: "USD", Rate: "25000"}}})
}

func save2(t *testing.T, store service.Store, id string, e app.Entity) {
	t.Helper()
	if err := store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, id, e); return err }); err != nil {
		t.Fatal(err)
	}
}

func setDepartureStatus(t *testing.T, store service.Store, id string, st app.DepartureStatus) {
	t.Helper()
	d, err := service.Load[app.Departure](store, id)
	if err != nil {
		t.Fatal(err)
	}
	d.Status = st
	save2(t, store, id, d)
}

// book creates a booking with lines on dep, a traveler, and takes payments.
func book(t *testing.T, store *localdb.Store, dep string, lines []app.PriceLine, pays ...money.Money) (*app.Booking, string) {
	t.Helper()
	pl := service.NewPipeline(store, agent, store.DeviceID())
	b, err := pl.Create(service.Request{CustomerID: newCustomer(t, store, "Trần Thị Bình"), DepartureID: dep, Lines: lines}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := pl.AddTraveler(b.ID, &app.Traveler{Name: "Trần Thị Bình"})
	if err != nil {
		t.Fatal(err)
	}
	pay := service.NewPayments(store, agent)
	for i, m := range pays {
		kind := app.PaymentBalance
		if i == 0 {
			kind = app.PaymentDeposit
		}
		if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: kind, Amount: m, Date: day("2026-11-25")}); err != nil {
			t.Fatal(err)
		}
	}
	return b, tr
}

func line(tt app.TravelerType, qty int, minor int64, cur string) app.PriceLine {
	return app.PriceLine{Description: string(tt), TravelerType: tt, Quantity: qty, UnitPrice: money.New(minor, cur)}
}

// A departure with two bookings, payments and a refund, service orders
// (one cancelled), expenses (one reversed, one in another currency) and an
// incident, settled: profit is revenue minus every cost, worked out by
// hand, once in VND and once in USD.
func TestSettlementProfit(t *testing.T) {
	for _, tc := range []struct {
		cur                    string
		linesA, linesB         []app.PriceLine
		paysA, paysB           []money.Money
		surchargeA, refundA    money.Money
		unitCost               money.Money // of the hotel, 5 units
		meals, tips, incident  money.Money // meals may be in another currency
		revenue, cost          int64       // by hand
		profit, marginBP       int64
		costA, costB           int64
		unpaidB, override      bool
		categories             map[string]int64
		profitA, profitB       int64
		bookingRevA, bookingRB int64
		commissionBP           int   // the agents' commission
		commA, commB           int64 // by hand
		settler                service.Session
	}{
		{
			cur:    "VND",
			linesA: []app.PriceLine{line(app.TravelerAdult, 2, 5_000_000, "VND")},
			linesB: []app.PriceLine{line(app.TravelerAdult, 1, 5_000_000, "VND"), line(app.TravelerChild, 1, 3_000_000, "VND")},
			// A overpays its 10.000.000 by 200.000 (refunded later), then
			// takes a 500.000 surcharge (its price line: total 10.500.000).
			paysA: []money.Money{money.New(10_200_000, "VND")}, surchargeA: money.New(500_000, "VND"), refundA: money.New(200_000, "VND"),
			paysB:    []money.Money{money.New(3_000_000, "VND"), money.New(5_000_000, "VND")},
			unitCost: money.New(1_200_000, "VND"), // 5 × 1.200.000 = 6.000.000
			meals:    money.New(800_000, "VND"), tips: money.New(200_000, "VND"),
			incident: money.New(2000, "USD"), // 20.00 USD × 25.000 = 500.000 VND
			// 10.200.000 + 500.000 − 200.000 + 3.000.000 + 5.000.000
			revenue: 18_500_000,
			// 6.000.000 + 800.000 + 200.000 + 500.000 (the reversed 300.000
			// nets to 0) + commissions 525.000 + 400.000
			cost:         8_425_000,
			profit:       10_075_000,          // 18.500.000 − 8.425.000
			marginBP:     5446,                // 10.075 / 18.5 = 54.4595%
			commissionBP: 500,                 // 5%
			commA:        525_000,             // 5% of 10.500.000
			commB:        400_000,             // 5% of 8.000.000
			costA:        3_750_000 + 525_000, // 2 of 4 seats of 7.500.000, and A's own commission
			costB:        3_750_000 + 400_000,
			categories:   map[string]int64{"service_orders": 6_000_000, "meals": 800_000, "tips": 200_000, "incidents": 500_000, "other": 0, "commissions": 925_000},
			profitA:      10_500_000 - 4_275_000, profitB: 8_000_000 - 4_150_000,
			bookingRevA: 10_500_000, bookingRB: 8_000_000,
			settler: accountant,
		},
		{
			cur:    "USD",
			linesA: []app.PriceLine{line(app.TravelerAdult, 2, 100_000, "USD")},                                            // 2,000.00
			linesB: []app.PriceLine{line(app.TravelerAdult, 1, 100_000, "USD"), line(app.TravelerChild, 2, 70_000, "USD")}, // 2,400.00
			// A pays 2,020.00 (20.00 over, refunded), then a 50.00
			// surcharge: total 2,050.00, paid 2,050.00.
			paysA: []money.Money{money.New(202_000, "USD")}, surchargeA: money.New(5_000, "USD"), refundA: money.New(2_000, "USD"),
			paysB:    []money.Money{money.New(200_000, "USD")}, // 400.00 still owed
			unpaidB:  true,
			unitCost: money.New(12_000, "USD"),                       // 5 × 120.00 = 600.00
			meals:    money.New(1_250_000, "VND"),                    // 1.250.000 / 25.000 = 50.00 USD
			tips:     money.New(3_333, "USD"),                        // 33.33
			incident: money.New(1_001, "USD"),                        // 10.01
			revenue:  202_000 + 5_000 - 2_000 + 200_000,              // 4,050.00
			cost:     60_000 + 5_000 + 3_333 + 1_001 + 7_688 + 7_500, // 693.34 + commissions 151.88 = 845.22
			profit:   405_000 - 84_522,                               // 3,204.78
			marginBP: 7913,                                           // 320,478 / 405,000 = 79.130%
			// 3.75%: A 2,050.00 × 3.75% = 76.875 → 76.88 (half away from zero), B 2,000.00 → 75.00
			commissionBP: 375, commA: 7_688, commB: 7_500,
			// 69,334 × 2/5 = 27,733.6, × 3/5 = 41,600.4: the cent left goes to A; plus each one's commission
			costA: 27_734 + 7_688, costB: 41_600 + 7_500,
			categories: map[string]int64{"service_orders": 60_000, "meals": 5_000, "tips": 3_333, "incidents": 1_001, "other": 0, "commissions": 15_188},
			profitA:    205_000 - 35_422, profitB: 200_000 - 49_100,
			bookingRevA: 205_000, bookingRB: 200_000,
			settler: service.Session{UserID: "u-admin", Role: app.RoleAdmin},
		},
	} {
		t.Run(tc.cur, func(t *testing.T) {
			store := openStore(t)
			save2(t, store, app.CompanySettingsID, &app.CompanySettings{CompanyName: "TourDesk Travel", DefaultCurrency: "VND",
				ExchangeRates: []app.ExchangeRate{{Currency: "USD", Rate: "25000"}}, AgentCommissionBP: tc.commissionBP})
			dep := newDeparture(t, store, "DAD-"+tc.cur, 20, 2)
			hotel := save(t, store, &app.Partner{Name: "Furama", Type: app.PartnerHotel})
			bus := save(t, store, &app.Partner{Name: "Hải Vân Bus", Type: app.PartnerTransport})
			a, trA := book(t, store, dep, tc.linesA, tc.paysA...)
			b, _ := book(t, store, dep, tc.linesB, tc.paysB...)
			pay := service.NewPayments(store, agent)
			if _, err := pay.Take(service.Take{BookingID: a.ID, Kind: app.PaymentSurcharge, Amount: tc.surchargeA, Date: day("2026-12-01")}); err != nil {
				t.Fatal(err)
			}
			if _, err := pay.Refund(a.ID, tc.refundA, app.MethodBankTransfer, day("2026-12-02"), "surcharge too high"); err != nil {
				t.Fatal(err)
			}

			ops := service.NewOperations(store, operator)
			oid, err := ops.AddOrder(&app.ServiceOrder{DepartureID: dep, PartnerID: hotel, Service: "rooms × nights", Quantity: 5, UnitCost: tc.unitCost})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ops.SetOrderStatus(oid, app.OrderConfirmed, ""); !errors.Is(err, app.ErrInvalid) {
				t.Errorf("confirm without number: %v", err)
			}
			if o, err := ops.SetOrderStatus(oid, app.OrderConfirmed, "FUR-123"); err != nil || o.ConfirmationNumber != "FUR-123" {
				t.Fatalf("confirm: %v %+v", err, o)
			}
			if _, err := ops.SetOrderStatus(oid, app.OrderRequested, ""); !errors.Is(err, app.ErrInvalid) {
				t.Errorf("confirmed → requested: %v", err)
			}
			busID, err := ops.AddOrder(&app.ServiceOrder{DepartureID: dep, PartnerID: bus, Service: "coach", Quantity: 1, UnitCost: money.New(tc.unitCost.Amount*10, tc.cur)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ops.SetOrderStatus(busID, app.OrderCancelled, ""); err != nil {
				t.Fatal(err)
			}
			for _, e := range []*app.Expense{
				{Category: app.ExpenseMeals, Amount: tc.meals},
				{Category: app.ExpenseTips, Amount: tc.tips},
			} {
				e.DepartureID, e.Date = dep, day("2026-12-21")
				if _, err := ops.AddExpense(e); err != nil {
					t.Fatal(err)
				}
			}
			wrong := &app.Expense{DepartureID: dep, Date: day("2026-12-21"), Category: app.ExpenseOther, Amount: money.New(tc.tips.Amount*9, tc.cur)}
			if _, err := ops.AddExpense(wrong); err != nil {
				t.Fatal(err)
			}
			if _, err := ops.ReverseExpense(wrong.ID, day("2026-12-22"), "typed twice"); err != nil {
				t.Fatal(err)
			}
			if _, err := ops.AddIncident(&app.Incident{DepartureID: dep, TravelerID: trA, Description: "lost passport", Cost: tc.incident}, time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			if _, err := ops.CheckIn(dep, trA, day("2026-12-20")); err != nil {
				t.Fatal(err)
			}

			if _, err := service.Settle(store, operator, dep, day("2026-12-24"), ""); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "only a completed departure") {
				t.Errorf("settle a planned departure: %v", err)
			}
			setDepartureStatus(t, store, dep, app.DepartureCompleted)
			if tc.unpaidB {
				_, err := service.Settle(store, tc.settler, dep, day("2026-12-24"), "")
				if !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "unpaid") || !strings.Contains(err.Error(), b.Code) {
					t.Fatalf("settle with unpaid balance: %v", err)
				}
			}
			override := ""
			if tc.unpaidB {
				override = "customer pays on return, agreed by Mai"
			}
			for _, who := range []service.Session{agent, operator} {
				if _, err := service.Settle(store, who, dep, day("2026-12-24"), override); !errors.Is(err, app.ErrForbidden) {
					t.Errorf("a %s settles: %v, want forbidden", who.Role, err)
				}
			}
			st, err := service.Settle(store, tc.settler, dep, day("2026-12-24"), override)
			if err != nil {
				t.Fatal(err)
			}
			wantMoney(t, "revenue", st.Revenue, tc.revenue, tc.cur)
			wantMoney(t, "cost", st.Cost, tc.cost, tc.cur)
			wantMoney(t, "profit", st.Profit, tc.profit, tc.cur)
			if st.Revenue.Amount-st.Cost.Amount != st.Profit.Amount || st.MarginBP != tc.marginBP {
				t.Errorf("profit %v, margin %d bp, want %d", st.Profit, st.MarginBP, tc.marginBP)
			}
			wantMoney(t, "commissions A+B", st.Costs[service.CostCommissions], tc.commA+tc.commB, tc.cur)
			for cat, want := range tc.categories {
				wantMoney(t, "cost "+cat, st.Costs[cat], want, tc.cur)
			}
			if len(st.Bookings) != 2 {
				t.Fatalf("bookings %+v", st.Bookings)
			}
			for i, want := range []struct{ rev, cost, profit int64 }{{tc.bookingRevA, tc.costA, tc.profitA}, {tc.bookingRB, tc.costB, tc.profitB}} {
				bp := st.Bookings[i]
				wantMoney(t, bp.Code+" revenue", bp.Revenue, want.rev, tc.cur)
				wantMoney(t, bp.Code+" cost", bp.Cost, want.cost, tc.cur)
				wantMoney(t, bp.Code+" profit", bp.Profit, want.profit, tc.cur)
			}
			d, err := service.Load[app.Departure](store, dep)
			if err != nil {
				t.Fatal(err)
			}
			if d.Status != app.DepartureSettled {
				t.Errorf("status %s", d.Status)
			}
			if tc.unpaidB && (!strings.Contains(d.Notes, override) || !strings.Contains(d.Notes, b.Code)) || !tc.unpaidB && d.Notes != "" {
				t.Errorf("override not recorded: %q", d.Notes)
			}
			if strings.Contains(d.Notes, a.Code) {
				t.Errorf("A is paid in full (its surcharge is on its price) but the notes say it owes: %q", d.Notes)
			}

			// The figures are frozen on the departure with the rate and
			// the exchange rates of the day.
			f := d.Settlement
			if f == nil || f.On != day("2026-12-24") || f.By != tc.settler.UserID || f.CommissionBP != tc.commissionBP || f.Currency != tc.cur ||
				f.DefaultCurrency != "VND" || len(f.Rates) != 1 || f.Rates[0].Rate != "25000" || len(f.Bookings) != 2 {
				t.Fatalf("frozen settlement %+v", f)
			}
			wantMoney(t, "frozen revenue", f.Revenue, tc.revenue, tc.cur)
			wantMoney(t, "frozen cost", f.Cost, tc.cost, tc.cur)
			wantMoney(t, "frozen profit", f.Profit, tc.profit, tc.cur)
			wantMoney(t, "frozen commissions", f.Costs[service.CostCommissions], tc.commA+tc.commB, tc.cur)
			wantMoney(t, "frozen profit of A", f.Bookings[0].Profit, tc.profitA, tc.cur)
			if f.MarginBP != tc.marginBP || st.Settled == nil || st.Settled.Profit != f.Profit || st.Corrections != nil {
				t.Errorf("frozen margin %d, settled %v, corrections %+v", f.MarginBP, st.Settled != nil, st.Corrections)
			}

			// The admin changes the commission rate and the dollar's rate:
			// the settled departure's figures do not move.
			save2(t, store, app.CompanySettingsID, &app.CompanySettings{CompanyName: "TourDesk Travel", DefaultCurrency: "VND",
				ExchangeRates: []app.ExchangeRate{{Currency: "USD", Rate: "26000"}}, AgentCommissionBP: 1000})
			again, err := service.SettlementOf(store, dep)
			if err != nil {
				t.Fatal(err)
			}
			wantMoney(t, "revenue after the settings changed", again.Revenue, tc.revenue, tc.cur)
			wantMoney(t, "cost after the settings changed", again.Cost, tc.cost, tc.cur)
			wantMoney(t, "profit after the settings changed", again.Profit, tc.profit, tc.cur)
			wantMoney(t, "commissions after the settings changed", again.Costs[service.CostCommissions], tc.commA+tc.commB, tc.cur)
			wantMoney(t, "incidents after the settings changed", again.Costs["incidents"], tc.categories["incidents"], tc.cur)
			wantMoney(t, "A's cost after the settings changed", again.Bookings[0].Cost, tc.costA, tc.cur)
			if again.MarginBP != tc.marginBP || again.CommissionBP != tc.commissionBP || again.Corrections != nil || again.Settled == nil {
				t.Errorf("after the settings changed: margin %d rate %d corrections %+v", again.MarginBP, again.CommissionBP, again.Corrections)
			}

			// Locked: no more orders, expenses, incidents or check-ins.
			for what, err := range map[string]error{
				"order status": func() error { _, err := ops.SetOrderStatus(oid, app.OrderCompleted, ""); return err }(),
				"order add": func() error {
					_, err := ops.AddOrder(&app.ServiceOrder{DepartureID: dep, PartnerID: hotel, Service: "x", Quantity: 1, UnitCost: tc.unitCost})
					return err
				}(),
				"expense": func() error {
					_, err := ops.AddExpense(&app.Expense{DepartureID: dep, Category: app.ExpenseTips, Amount: tc.tips, Date: day("2026-12-24")})
					return err
				}(),
				"incident": func() error {
					_, err := ops.AddIncident(&app.Incident{DepartureID: dep, Description: "late", Cost: tc.incident}, time.Now())
					return err
				}(),
				"settle again": func() error { _, err := service.Settle(store, operator, dep, day("2026-12-25"), "x"); return err }(),
			} {
				if !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "settled") {
					t.Errorf("%s on a settled departure: %v", what, err)
				}
			}
			// The accountant's correction: a reversal of the tips.
			var exps []*app.Expense
			if err := store.View(func(r service.Reader) (err error) { exps, err = service.Expenses(r, dep); return }); err != nil {
				t.Fatal(err)
			}
			var tips string
			for _, e := range exps {
				if e.Category == app.ExpenseTips {
					tips = e.ID
				}
			}
			if _, err := ops.ReverseExpense(tips, day("2026-12-26"), ""); err == nil || !strings.Contains(err.Error(), "only an accountant") {
				t.Errorf("operator's reversal on a settled departure: %v", err)
			}
			if _, err := service.NewOperations(store, accountant).ReverseExpense(tips, day("2026-12-26"), "tips were the guide's own"); err != nil {
				t.Fatal(err)
			}
			after, err := service.SettlementOf(store, dep)
			if err != nil {
				t.Fatal(err)
			}
			wantMoney(t, "profit after the reversal", after.Profit, tc.profit+tc.categories["tips"], tc.cur)
			// The settled figures stay; the correction shows beside them.
			wantMoney(t, "settled profit after the reversal", after.Settled.Profit, tc.profit, tc.cur)
			c := after.Corrections
			if c == nil || len(c.Costs) != 1 {
				t.Fatalf("corrections %+v, want the tips only", c)
			}
			wantMoney(t, "correction of tips", c.Costs["tips"], -tc.categories["tips"], tc.cur)
			wantMoney(t, "correction of cost", c.Cost, -tc.categories["tips"], tc.cur)
			wantMoney(t, "correction of profit", c.Profit, tc.categories["tips"], tc.cur)
			wantMoney(t, "correction of revenue", c.Revenue, 0, tc.cur)
		})
	}
}

func TestCheckIn(t *testing.T) {
	store := openStore(t)
	dep := newDeparture(t, store, "DAD-CHECKIN", 20, 2)
	other := newDeparture(t, store, "HAN-OTHER", 20, 2)
	_, tr := book(t, store, dep, []app.PriceLine{line(app.TravelerAdult, 1, 5_000_000, "VND")}, money.New(1_000_000, "VND"))
	_, stranger := book(t, store, other, []app.PriceLine{line(app.TravelerAdult, 1, 5_000_000, "VND")}, money.New(1_000_000, "VND"))
	_, notBoarded := book(t, store, dep, []app.PriceLine{line(app.TravelerAdult, 1, 5_000_000, "VND")}) // no deposit
	ops := service.NewOperations(store, operator)
	for _, id := range []string{stranger, notBoarded, "0190f5c2-0000-7000-8000-000000000000"} {
		_, err := ops.CheckIn(dep, id, day("2026-12-20"))
		if !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "not on the group list of departure DAD-CHECKIN") {
			t.Errorf("check in %s: %v", id, err)
		}
	}
	if _, err := ops.CheckIn(dep, tr, day("2026-12-25")); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("a day after the trip: %v", err)
	}
	for _, d := range []string{"2026-12-21", "2026-12-20", "2026-12-21"} {
		if _, err := ops.CheckIn(dep, tr, day(d)); err != nil {
			t.Fatal(err)
		}
	}
	var list []service.GroupMember
	if err := store.View(func(r service.Reader) (err error) { list, err = service.GroupList(r, dep); return }); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !list[0].Traveler.CheckedIn || len(list[0].Days) != 2 || list[0].Days[0] != day("2026-12-20") {
		t.Errorf("group list %+v", list)
	}
}

func TestOperationsRefusals(t *testing.T) {
	store := openStore(t) // no rates
	dep := newDeparture(t, store, "DAD-REF", 20, 2)
	hotel := save(t, store, &app.Partner{Name: "Furama", Type: app.PartnerHotel})
	ops := service.NewOperations(store, operator)
	if _, err := ops.AddExpense(&app.Expense{DepartureID: dep, Category: app.ExpenseMeals, Amount: money.New(-5, "VND"), Date: day("2026-12-20")}); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "above zero") {
		t.Errorf("negative expense: %v", err)
	}
	if _, err := ops.AddExpense(&app.Expense{DepartureID: dep, Category: app.ExpenseMeals, Amount: money.New(500, "USD"), Date: day("2026-12-20")}); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "no exchange rate") {
		t.Errorf("USD expense, no rate: %v", err)
	}
	if _, err := ops.AddOrder(&app.ServiceOrder{DepartureID: dep, PartnerID: hotel, Service: "rooms", Quantity: 1, UnitCost: money.New(-1, "VND")}); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("negative unit cost: %v", err)
	}
	if _, err := ops.SetGuide(dep, "u-gia", false); err != nil {
		t.Fatal(err)
	}
	d, err := ops.SetMeeting(dep, "Nội Bài, gate 3", "05:30")
	if err != nil || d.MeetingTime != "05:30" || len(d.GuideIDs) != 1 {
		t.Errorf("meeting %v %+v", err, d)
	}
	if _, err := service.NewOperations(store, agent).AddExpense(&app.Expense{DepartureID: dep, Category: app.ExpenseMeals, Amount: money.New(5, "VND"), Date: day("2026-12-20")}); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("agent's expense: %v", err)
	}
}
