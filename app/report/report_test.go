package report

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// Expected figures below are worked out by hand from fixture_test.go.
// Money is shown in its plain form (VND has no minor unit), percentages
// in hundredths, "-" for an empty cell, "= " starts the totals row.
//
// Per booking (VND; revenue = net paid, converted at 25,000 VND/USD):
//
//	     sold  seats  sales        revenue      cost
//	B1   yes   2      6,000,000    6,000,000    4,566,667 + 300,000 = 4,866,667
//	B2   yes   1      3,150,000    1,000,000    2,283,333 +  50,000 = 2,333,333
//	B3   yes   2      20,000,000   12,500,000   7,500,000 + 625,000 = 8,125,000
//	B4   no    0      0            600,000      0 (cancelled: no seat, no commission)
//
// D1's 6,850,000 shared by seats (B1 2, B2 1): 6,850,000 × 2/3 =
// 4,566,666 rem 2, × 1/3 = 2,283,333 rem 1; the missing unit goes to the
// larger remainder, B1 → 4,566,667 + 2,283,333 = 6,850,000. Commission 5%
// of revenue: 300,000; 50,000; 625,000. D2's 7,500,000 all on B3.
// Totals: sales 29,150,000; revenue 20,100,000; cost 15,325,000; profit
// 4,775,000; margin 4,775,000 / 20,100,000 = 23.756% → 23.76.

func TestCustomersBooked(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "customers-booked"),
		// C1: B1 + B3 → 2 bookings, 4 travelers, 6,000,000 + 20,000,000, 6,000,000 + 12,500,000
		"An | North | 2 | 4 | 26000000 | 18500000",
		"Bình | South | 1 | 1 | 3150000 | 1000000",
		// B4 (C3) is cancelled: not a sale, so C3 is not listed.
		"= Total: 2 customers | - | 3 | 5 | 29150000 | 19500000")
}

func TestReturnRate(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "return-rate"),
		"Customers who booked | 2",                              // C1, C2
		"New customers (no earlier purchase) | 1",               // C1
		"Returning customers (bought before the period) | 1",    // C2: B7 in October
		"Return rate (returning / who booked) | 50.00",          // 1 / 2
		"Customers who bought before the period | 1",            // C2
		"Of them, bought again in the period | 100.00",          // 1 / 1
		"Customers with two or more bookings in the period | 1", // C1 (B1, B3)
		"Repeat rate (two or more / who booked) | 50.00")
}

func TestRevenueSummary(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "revenue"),
		"Sales (bookings) | 3",
		"Travelers | 5",
		"Customers who booked | 2",
		"Sales | 29150000",
		"Revenue received | 20100000",                   // 6,000,000 + 1,000,000 + 12,500,000 + 600,000
		"Average sales per customer | 14575000",         // 29,150,000 / 2
		"Average sales per booking | 9716667",           // 29,150,000 / 3 = 9,716,666.67
		"Customers who paid | 3",                        // C1, C2, C3 (B4's kept 600,000)
		"Average revenue per paying customer | 6700000", // 20,100,000 / 3
		"Sales in USD (before conversion) | 800.00",     // B3
		"Sales in VND (before conversion) | 9150000")    // B1 + B2
}

func TestByTour(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "by-tour"),
		// B3 only: profit 12,500,000 − 8,125,000; margin 4,375,000 / 12,500,000 = 35%
		"Bangkok 5N4Đ | 1 | 2 | 20000000 | 12500000 | 8125000 | 4375000 | 35.00",
		// B1, B2 sold; B4's 600,000 is revenue; cost 4,866,667 + 2,333,333;
		// margin 400,000 / 7,600,000 = 5.263% → 5.26
		"Hạ Long 2N1Đ | 2 | 3 | 9150000 | 7600000 | 7200000 | 400000 | 5.26",
		"= Total | 3 | 5 | 29150000 | 20100000 | 15325000 | 4775000 | 23.76")

	// D1 lies wholly in the period, so its row is its settlement: revenue
	// 7,600,000, costs 6,850,000 + commissions 350,000, profit 400,000.
	st, err := service.SettlementOf(f.store, f.id["D1"])
	if err != nil {
		t.Fatal(err)
	}
	if st.Revenue.Amount != 7_600_000 || st.Cost.Amount != 7_200_000 || st.Profit.Amount != 400_000 {
		t.Errorf("settlement of D1: revenue %s, cost %s, profit %s; want 7600000, 7200000, 400000", st.Revenue, st.Cost, st.Profit)
	}
}

func TestBySalespersonRegionMonth(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "by-salesperson"),
		// B1 + B3: cost 4,866,667 + 8,125,000; profit 5,508,333; 29.775% → 29.77
		"Lan | 2 | 4 | 26000000 | 18500000 | 12991667 | 5508333 | 29.77",
		// B2 + B4's 600,000: profit 1,600,000 − 2,333,333; −45.833% → −45.83
		"Minh | 1 | 1 | 3150000 | 1600000 | 2333333 | -733333 | -45.83",
		"= Total | 3 | 5 | 29150000 | 20100000 | 15325000 | 4775000 | 23.76")
	wantLines(t, f.run(t, "by-region"),
		// C1 (B1, B3) and C3 (B4's 600,000): profit 19,100,000 − 12,991,667; 31.981% → 31.98
		"North | 2 | 4 | 26000000 | 19100000 | 12991667 | 6108333 | 31.98",
		// C2 (B2): −1,333,333 / 1,000,000 = −133.33%
		"South | 1 | 1 | 3150000 | 1000000 | 2333333 | -1333333 | -133.33",
		"= Total | 3 | 5 | 29150000 | 20100000 | 15325000 | 4775000 | 23.76")
	wantLines(t, f.run(t, "by-month"),
		"2026-11 | 3 | 5 | 29150000 | 20100000 | 15325000 | 4775000 | 23.76",
		"= Total | 3 | 5 | 29150000 | 20100000 | 15325000 | 4775000 | 23.76")
	// A quarter lists its three months, empty ones too.
	tab, err := Run(f.store, "by-month", Options{Period: Quarter(2026, 4), Today: fixtToday})
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, tab,
		// B7 (completed, 2,000,000 paid, custom trip: commission 5% = 100,000)
		"2026-10 | 1 | 1 | 2000000 | 2000000 | 100000 | 1900000 | 95.00",
		"2026-11 | 3 | 5 | 29150000 | 20100000 | 15325000 | 4775000 | 23.76",
		// B8 is an open inquiry: no sale, no money.
		"2026-12 | 0 | 0 | 0 | 0 | 0 | 0 | -",
		// margin 6,675,000 / 22,100,000 = 30.204% → 30.20
		"= Total | 4 | 6 | 31150000 | 22100000 | 15425000 | 6675000 | 30.20")
}

func TestPipeline(t *testing.T) {
	f := newFixture(t)
	// Six requests in November: B1 paid (reached paid), B2 and B3 at
	// deposit, B4 cancelled with money kept (reached deposit), B5 quoted,
	// B6 lost (the inquiry only).
	wantLines(t, f.run(t, "pipeline"),
		"inquiry | 0 | 0 | 6 | - | 100.00",
		"consulting | 0 | 0 | 5 | 83.33 | 83.33", // all but B6
		"quoted | 1 | 10000000 | 5 | 100.00 | 83.33",
		"deposit | 2 | 23150000 | 4 | 80.00 | 66.67", // B2 3,150,000 + B3 20,000,000; reached by B1–B4
		"paid | 1 | 6000000 | 1 | 25.00 | 16.67",
		"travelling | 0 | 0 | 0 | 0.00 | 0.00",
		"completed | 0 | 0 | 0 | - | 0.00",
		"cancelled | 1 | 3000000 | - | - | 16.67",
		"lost | 1 | 3000000 | - | - | 16.67",
		"= Total | 6 | - | - | - | -")
}

func TestStaffActivity(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "staff"),
		// Lan: calls on 11-03 and 11-30 (the one on 10-31 is outside);
		// requests B1, B3, B6; sales B1, B3 → 2 / 3
		"Lan | Hà Nội | 2 | 3 | 2 | 66.67 | 26000000 | 18500000",
		// Minh: one call; requests B2, B4, B5; sale B2 → 1 / 3; revenue B2 + B4
		"Minh | Sài Gòn | 1 | 3 | 1 | 33.33 | 3150000 | 1600000",
		"= Total | - | 3 | 6 | 3 | 50.00 | 29150000 | 20100000")
}

func TestCustomersByRegion(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "customers-by-region"),
		"North | 2 | 40.00 | 1 | 1 | 26000000 | 19100000", // C1, C3; C1 bought; B4's 600,000 is C3's
		"(no region) | 1 | 20.00 | 0 | 0 | 0 | 0",         // C5
		"Central | 1 | 20.00 | 0 | 0 | 0 | 0",             // C4
		"South | 1 | 20.00 | 1 | 1 | 3150000 | 1000000",   // C2
		"= Total | 5 | 100.00 | 2 | 2 | 29150000 | 20100000")
}

func TestCosts(t *testing.T) {
	f := newFixture(t)
	// Total 8,000,000 + 6,500,000 + 975,000 + 350,000 = 15,825,000; each
	// share is the amount / 15,825,000.
	wantLines(t, f.run(t, "costs"),
		"marketing | campaigns: email | 5000000 | 31.60",    // K1
		"marketing | campaigns: facebook | 3000000 | 18.96", // K2: 120.00 USD × 25,000
		"marketing | subtotal | 8000000 | 50.55",            // K3 started in October
		"operations | expenses: meals | 900000 | 5.69",
		"operations | service orders | 5600000 | 35.39", // O1 3,600,000 + O2 2,000,000 (O3 cancelled, O4 in December)
		"operations | subtotal | 6500000 | 41.07",
		"commissions | agents' commissions | 975000 | 6.16", // 300,000 + 50,000 + 625,000
		"commissions | subtotal | 975000 | 6.16",
		"incidentals | expenses: other | 0 | 0.00", // 300,000 and its reversal
		"incidentals | expenses: tips | 200000 | 1.26",
		"incidentals | incidents | 150000 | 0.95",
		"incidentals | subtotal | 350000 | 2.21",
		"= Total | - | 15825000 | 100.00")
}

func TestReceivablesPayables(t *testing.T) {
	f := newFixture(t)
	tab := f.run(t, "receivables-payables")
	wantLines(t, tab,
		// B3 owes 300.00 USD = 7,500,000, due at D2's start (12-10);
		// O4's 300.00 USD ends 12-14
		"not due | 7500000 | 7500000",
		// B2 owes 3,150,000 − 1,000,000, 17 days late; O2 (no dates) counts as due today
		"0–30 | 2150000 | 2000000",
		"31–60 | 0 | 0",
		"61–90 | 0 | 0",
		"over 90 | 0 | 0",
		"= Total | 9650000 | 9500000")
	// C1 owes 7,500,000, above the 5,000,000 limit. Suppliers: ordered
	// O1 3,600,000 + O2 2,000,000 + O4 7,500,000, paid O1's 3,600,000.
	want := "Owed on 2026-11-30: 2 bookings of 2 customers (1 over the debt limit); suppliers (3): 13,100,000 ₫ ordered, 3,600,000 ₫ paid, 9,500,000 ₫ owed"
	if len(tab.Notes) == 0 || !strings.HasPrefix(tab.Notes[0], want) {
		t.Errorf("notes %q, want one starting %q", tab.Notes, want)
	}
	// The same figures as the services.
	rec, err := service.NewPayments(f.store, service.Session{}).Receivables(fixtToday)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Total.Total.Amount != 9_650_000 || rec.Total.NotDue.Amount != 7_500_000 || len(rec.Customers) != 2 {
		t.Errorf("service receivables: %+v", rec.Total)
	}
}

// The segmentation reports lay out app/segment's figures; they are
// worked out here by its rules (see its package doc).
func TestCampaignROI(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "campaign-roi"),
		// K1 (from 11-01, no end: attribution to 180 days after): brought
		// C1, C4, C5 → 3 targets; leads C1, C5 (past target) and C4 (B8 is
		// a request); requests B1 (its own campaign), B3 and B8 (C1's and
		// C4's, no campaign of their own, booked in the window); sold B1,
		// B3 → 2 bookings by 1 customer (C1), 1 / 3 leads = 33.33%; sales
		// 6,000,000 + 20,000,000; ROI (26M − 5M) / 5M = 420%.
		"Email tháng 11 | email | 5000000 | 3 | 3 | 3 | 2 | 1 | 33.33 | 26000000 | 420.00",
		// K2 (from 11-04): brought C2 (lead); requests B2 (11-05) and B6
		// (11-25, lost), not B7 (10-10, before it); sold B2 3,150,000;
		// cost 120.00 USD = 3,000,000; ROI 150,000 / 3,000,000 = 5%.
		"Facebook Bangkok | facebook | 3000000 | 1 | 1 | 2 | 1 | 1 | 100.00 | 3150000 | 5.00",
		// K3 started in October. ROI (29,150,000 − 8,000,000) / 8,000,000
		// = 264.375% → 264.38 (half away from zero); buyers 2 / leads 4.
		"= Total: 2 campaigns | - | 8000000 | 4 | 4 | 5 | 3 | 2 | 50.00 | 29150000 | 264.38")
}

func TestABCAndVIP(t *testing.T) {
	f := newFixture(t)
	// Purchases (sold bookings at their totals) booked in November: C1
	// B1 + B3 = 26,000,000, C2 B2 3,150,000; total 29,150,000. C1 comes
	// first (0% before them) → A; C2 has 89.2% before them (≥ 80%,
	// < 95%) → B. Shares 26 / 29.15 = 89.19%, 3.15 / 29.15 = 10.81%.
	wantLines(t, f.run(t, "abc"),
		"A | 1 | 50.00 | 26000000 | 89.19",
		"B | 1 | 50.00 | 3150000 | 10.81",
		"C | 0 | 0.00 | 0 | 0.00",
		"= Total | 2 | 100.00 | 29150000 | 100.00")
	// Default rules as of 11-30: C1 has 2 trips and 26,000,000 in 24
	// months, C2 2 trips (B7, B2) and 5,150,000: neither reaches VIP3 (3
	// trips or 80,000,000), both reach loyal (2 trips in 36 months).
	wantLines(t, f.run(t, "vip-tiers"),
		"vip1 | 0 | 0.00 | 0",
		"vip2 | 0 | 0.00 | 0",
		"vip3 | 0 | 0.00 | 0",
		"loyal | 2 | 100.00 | 31150000",
		"regular | 0 | 0.00 | 0",
		"new | 0 | 0.00 | 0",
		"= Total | 2 | 100.00 | 31150000")
}

func TestOverview(t *testing.T) {
	f := newFixture(t)
	wantLines(t, f.run(t, "overview"),
		"Sales (bookings) | 3",
		"Travelers | 5",
		"Sales | 29150000",
		"Revenue received | 20100000",
		"Cost of the sales (settlement) | 15325000",
		"Profit | 4775000",
		"Margin | 23.76",
		"Customers who booked | 2",
		"New customers | 1",
		"Return rate | 50.00",
		"Average sales per customer | 14575000",
		"Average revenue per paying customer | 6700000",
		"Requests | 6",
		"Requests that reached a deposit | 66.67", // 4 / 6
		"Costs | 15825000",
		"  of which marketing | 8000000",
		"  of which operations | 6500000",
		"  of which commissions | 975000",
		"  of which incidentals | 350000",
		"Campaigns started | 2",
		"Campaign sales | 29150000", // as in campaign-roi
		"Campaign ROI | 264.38",
		"Customers owe (on 2026-11-30) | 9650000",
		"  of which overdue | 2150000",
		"Customers over the debt limit | 1",
		"Owed to suppliers | 9500000")
}

// TestEmptyPeriod runs every report over a month with no activity.
func TestEmptyPeriod(t *testing.T) {
	f := newFixture(t)
	for _, info := range List() {
		tab, err := Run(f.store, info.Name, Options{Period: Month(2025, 1), Today: fixtToday})
		if err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		if tab.Currency != "VND" || tab.Period.Label != "2025-01" || tab.Title == "" {
			t.Errorf("%s: currency %q, period %q, title %q", info.Name, tab.Currency, tab.Period.Label, tab.Title)
		}
		for _, r := range append(tab.Rows, tab.Total) {
			if r != nil && len(r) != len(tab.Columns) {
				t.Errorf("%s: row of %d cells for %d columns", info.Name, len(r), len(tab.Columns))
			}
		}
	}
	tab, _ := Run(f.store, "by-month", Options{Period: Month(2025, 1), Today: fixtToday})
	wantLines(t, tab, "2025-01 | 0 | 0 | 0 | 0 | 0 | 0 | -", "= Total | 0 | 0 | 0 | 0 | 0 | 0 | -")
	tab, _ = Run(f.store, "customers-booked", Options{Period: Month(2025, 1), Today: fixtToday})
	wantLines(t, tab, "= Total: 0 customers | - | 0 | 0 | 0 | 0")
	tab, _ = Run(f.store, "campaign-roi", Options{Period: Month(2025, 1), Today: fixtToday})
	wantLines(t, tab, "= Total: 0 campaigns | - | 0 | 0 | 0 | 0 | 0 | 0 | - | 0 | -")

	// An empty store: no settings (VND), nothing at all.
	s := openStore(t)
	for _, info := range List() {
		if _, err := Run(s, info.Name, Options{Period: nov2026}); err != nil {
			t.Fatalf("empty store, %s: %v", info.Name, err)
		}
	}
}

// TestNoExchangeRate: a booking in a currency the settings hold no rate
// for is left out of every figure and named in the notes.
func TestNoExchangeRate(t *testing.T) {
	f := newFixture(t)
	err := f.store.Update(func(tx service.Tx) error {
		b := &app.Booking{Code: "BK-2026-000099", CustomerID: f.id["C5"], OwnerID: f.id["Lan"], Status: app.BookingPaid,
			Destination: "Paris", StartDate: date("2026-12-01"), EndDate: date("2026-12-05"), BookedOn: date("2026-11-12"), Currency: "EUR",
			Lines: []app.PriceLine{{Description: "Người lớn", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: eur(150000)}}}
		if _, err := service.StoreEntity(tx, "0190a000-0000-7000-8000-000000009999", b); err != nil {
			return err
		}
		_, err := service.StoreEntity(tx, "0190a000-0000-7000-8000-000000009998", &app.Payment{BookingID: "0190a000-0000-7000-8000-000000009999",
			CustomerID: f.id["C5"], Type: app.PaymentBalance, Method: app.MethodCard, Amount: eur(150000), ReceivedBy: f.id["Acc"], Date: date("2026-11-12")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tab := f.run(t, "revenue")
	// The same figures as without it.
	if got := lines(tab)[:5]; strings.Join(got, "; ") != "Sales (bookings) | 3; Travelers | 5; Customers who booked | 2; Sales | 29150000; Revenue received | 20100000" {
		t.Errorf("with an EUR booking: %q", got)
	}
	if !strings.Contains(strings.Join(tab.Notes, "\n"), "amounts in EUR are left out") {
		t.Errorf("notes %q do not name the EUR booking", tab.Notes)
	}
}

func TestRunErrors(t *testing.T) {
	f := newFixture(t)
	if _, err := Run(f.store, "no-such-report", Options{Period: nov2026}); err == nil || !strings.Contains(err.Error(), "report list") {
		t.Errorf("unknown report: %v", err)
	}
	if _, err := Run(f.store, "revenue", Options{}); err == nil {
		t.Error("no period: no error")
	}
	if info, ok := Lookup("overview"); !ok || info.Title != "Director's overview" {
		t.Errorf("Lookup(overview) = %+v, %v", info, ok)
	}
}

// Records is what a CSV export writes: titles (percentages marked), plain
// cells, the totals last, a currency per row.
func TestRecords(t *testing.T) {
	f := newFixture(t)
	got := f.run(t, "by-tour").Records()
	want := [][]string{
		{"Tour", "Bookings", "Travelers", "Sales", "Revenue", "Cost", "Profit", "Margin (%)", "Currency"},
		{"Bangkok 5N4Đ", "1", "2", "20000000", "12500000", "8125000", "4375000", "35.00", "VND"},
		{"Hạ Long 2N1Đ", "2", "3", "9150000", "7600000", "7200000", "400000", "5.26", "VND"},
		{"Total", "3", "5", "29150000", "20100000", "15325000", "4775000", "23.76", "VND"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records:\n got %q\nwant %q", got, want)
	}
	// A table of measures: money rows carry their currency, counts none.
	rev := f.run(t, "revenue").Records()
	if rev[0][2] != "Currency" || rev[1][2] != "" || rev[4][2] != "VND" || rev[10][1] != "800.00" || rev[10][2] != "USD" {
		t.Errorf("revenue records: %q", rev)
	}
}
