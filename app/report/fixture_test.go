package report

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// The hand-built agency of the report tests. Reporting currency VND, one
// exchange rate (1 USD = 25,000 VND), agents' commission 5%, debt limit
// 5,000,000 VND. The period under test is November 2026; "today" is
// 2026-11-30. Every expected figure in report_test.go is worked out by
// hand from the comments here.
//
// Customers (region, stage, campaign):
//
//	C1 An     North    customer  K1
//	C2 Bình   South    customer  K2
//	C3 Cường  North    prospect  —
//	C4 Dung   Central  target    K1
//	C5 Em     (none)   lead      K1
//
// Tours and departures: T1 "Hạ Long 2N1Đ" (VND) with D1 2026-11-20..21;
// T2 "Bangkok 5N4Đ" (USD) with D2 2026-12-10..14.
//
// Bookings (owner, status, day booked):
//
//	B1 C1 D1  Lan   paid       11-02  2 adults × 3,000,000 = 6,000,000; campaign K1 (its own)
//	          paid 2,000,000 (11-02) + 4,000,000 (11-10); a 100,000 surcharge and its reversal (net 0)
//	B2 C2 D1  Minh  deposit    11-05  1 adult 3,000,000 + single room 500,000 = 3,500,000, −10% = 3,150,000
//	          paid 1,000,000; balance due 11-13 → owes 2,150,000, 17 days late on 11-30
//	B3 C1 D2  Lan   deposit    11-15  2 adults × 400.00 USD = 800.00 USD (= 20,000,000 VND)
//	          paid 500.00 USD (= 12,500,000 VND); owes 300.00 USD (7,500,000 VND), due at the start 12-10
//	B4 C3 D1  Minh  cancelled  11-08  1 adult 3,000,000; paid 1,000,000, refunded 400,000 → kept 600,000
//	B5 C3 —   Minh  quoted     11-20  custom trip, 2 adults × 5,000,000 = 10,000,000; nothing paid
//	B6 C2 D1  Lan   lost       11-25  1 adult 3,000,000
//	B7 C2 —   Minh  completed  10-10  custom trip 2,000,000, paid in full (before the period)
//	B8 C4 D2  Lan   inquiry    12-03  (after the period)
//
// Costs. D1: order O1 hotel 3 × 1,200,000 = 3,600,000 confirmed (start
// 11-20, paid to the partner in full: a supplier payment, not a cost);
// O2 coach 1 × 2,000,000 completed (no dates: counts on D1's start);
// O3 cancelled 5,000,000 (no cost); expenses meals 900,000 (11-20), tips
// 200,000 (11-21), other 300,000 and its reversal (11-21); an incident
// costing 150,000 (2026-11-21 03:00 UTC).
// D1's cost: 3,600,000 + 2,000,000 + 900,000 + 200,000 + 0 + 150,000 = 6,850,000.
// D2: order O4 hotel 2 × 150.00 USD = 300.00 USD = 7,500,000 VND confirmed
// (12-10..12-14, unpaid).
//
// Campaigns: K1 email 5,000,000 VND from 11-01; K2 facebook 120.00 USD
// (= 3,000,000 VND) from 11-04; K3 zalo 1,000,000 VND from 10-01.
//
// Interactions: Lan 11-03 09:00Z, 11-30 23:00Z and 10-31 23:30Z (outside);
// Minh 11-06 10:00Z.
type fixture struct {
	store *localdb.Store
	id    map[string]string
}

var (
	nov2026   = Month(2026, time.November)
	fixtToday = app.Date{Year: 2026, Month: 11, Day: 30}
)

func date(s string) app.Date {
	d, err := app.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func vnd(n int64) money.Money     { return money.New(n, "VND") }
func usd(cents int64) money.Money { return money.New(cents, "USD") }
func eur(cents int64) money.Money { return money.New(cents, "EUR") }

func openStore(t testing.TB) *localdb.Store {
	t.Helper()
	s, err := localdb.Open(filepath.Join(t.TempDir(), "test.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{store: openStore(t), id: map[string]string{}}
	n := 0
	id := func(name string) string {
		if v, ok := f.id[name]; ok {
			return v
		}
		n++
		f.id[name] = fmt.Sprintf("0190a000-0000-7000-8000-%012d", n)
		return f.id[name]
	}
	err := f.store.Update(func(tx service.Tx) error {
		var err error
		save := func(name string, e app.Entity) {
			if err != nil {
				return
			}
			key := name
			if name == "settings" {
				key = app.CompanySettingsID
			} else {
				key = id(name)
			}
			if _, e2 := service.StoreEntity(tx, key, e); e2 != nil {
				err = fmt.Errorf("%s: %w", name, e2)
			}
		}
		save("settings", &app.CompanySettings{CompanyName: "Sen Vàng Test", DefaultCurrency: "VND",
			ExchangeRates:     []app.ExchangeRate{{Currency: "USD", Rate: "25000", Date: date("2026-11-01")}},
			AgentCommissionBP: 500, DebtLimit: vnd(5_000_000)})
		save("HN", &app.Office{Name: "Hà Nội", Code: "HAN"})
		save("SG", &app.Office{Name: "Sài Gòn", Code: "SGN"})
		save("Lan", &app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: id("HN"), Active: true})
		save("Minh", &app.User{Name: "Minh", Login: "minh", Role: app.RoleAgent, OfficeID: id("SG"), Active: true})
		save("Acc", &app.User{Name: "Kế toán", Login: "acc", Role: app.RoleAccountant, OfficeID: id("HN"), Active: true})
		cust := func(name, full, region string, stage app.Stage, campaign string) {
			c := &app.Customer{Name: full, Region: region, Stage: stage, OwnerID: id("Lan"), OfficeID: id("HN")}
			if campaign != "" {
				c.CampaignID = id(campaign)
			}
			save(name, c)
		}
		cust("C1", "An", "North", app.StageCustomer, "K1")
		cust("C2", "Bình", "South", app.StageCustomer, "K2")
		cust("C3", "Cường", "North", app.StageProspect, "")
		cust("C4", "Dung", "Central", app.StageTarget, "K1")
		cust("C5", "Em", "", app.StageLead, "K1")
		save("K1", &app.Campaign{Name: "Email tháng 11", Channel: app.ChannelEmail, Cost: vnd(5_000_000), StartDate: date("2026-11-01")})
		save("K2", &app.Campaign{Name: "Facebook Bangkok", Channel: app.ChannelFacebook, Cost: usd(12000), StartDate: date("2026-11-04")})
		save("K3", &app.Campaign{Name: "Zalo tháng 10", Channel: app.ChannelZalo, Cost: vnd(1_000_000), StartDate: date("2026-10-01")})
		save("T1", &app.Tour{Code: "HL-2N1D", Name: "Hạ Long 2N1Đ", Region: "North", Days: 2, Nights: 1, PriceAdult: vnd(3_000_000)})
		save("T2", &app.Tour{Code: "BKK-5N4D", Name: "Bangkok 5N4Đ", Region: "Thailand", Days: 5, Nights: 4, PriceAdult: usd(40000)})
		save("D1", &app.Departure{TourID: id("T1"), Code: "HL-1120", StartDate: date("2026-11-20"), EndDate: date("2026-11-21"), Capacity: 30, Status: app.DepartureCompleted})
		save("D2", &app.Departure{TourID: id("T2"), Code: "BKK-1210", StartDate: date("2026-12-10"), EndDate: date("2026-12-14"), Capacity: 20, Status: app.DepartureConfirmed})
		save("P1", &app.Partner{Name: "Khách sạn Vịnh", Type: app.PartnerHotel})
		save("P2", &app.Partner{Name: "Xe Hoàng Long", Type: app.PartnerTransport})
		save("P3", &app.Partner{Name: "Bangkok Hotel", Type: app.PartnerHotel})

		seq := 0
		booking := func(name, customer, dep, owner string, st app.BookingStatus, day string, lines ...app.PriceLine) *app.Booking {
			seq++
			b := &app.Booking{Code: app.BookingCode(2026, seq), CustomerID: id(customer), OwnerID: id(owner), Status: st,
				BookedOn: date(day), Lines: lines, Currency: lines[0].UnitPrice.Currency}
			if dep != "" {
				b.DepartureID = id(dep)
			} else {
				b.Destination, b.StartDate, b.EndDate = "Đà Lạt (tour riêng)", date(day).AddDays(20), date(day).AddDays(22)
			}
			if st == app.BookingCancelled || st == app.BookingLost {
				b.Reason = "khách đổi ý"
			}
			return b
		}
		adult := func(q int, p money.Money) app.PriceLine {
			return app.PriceLine{Description: "Người lớn", TravelerType: app.TravelerAdult, Quantity: q, UnitPrice: p}
		}
		b1 := booking("B1", "C1", "D1", "Lan", app.BookingPaid, "2026-11-02", adult(2, vnd(3_000_000)))
		b1.CampaignID = id("K1")
		save("B1", b1)
		b2 := booking("B2", "C2", "D1", "Minh", app.BookingDeposit, "2026-11-05", adult(1, vnd(3_000_000)),
			app.PriceLine{Description: "Phụ thu phòng đơn", TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: vnd(500_000)})
		b2.Discounts = []app.Discount{{Description: "Khách quen", Percent: 10}}
		b2.BalanceDue = date("2026-11-13")
		save("B2", b2)
		save("B3", booking("B3", "C1", "D2", "Lan", app.BookingDeposit, "2026-11-15", adult(2, usd(40000))))
		save("B4", booking("B4", "C3", "D1", "Minh", app.BookingCancelled, "2026-11-08", adult(1, vnd(3_000_000))))
		save("B5", booking("B5", "C3", "", "Minh", app.BookingQuoted, "2026-11-20", adult(2, vnd(5_000_000))))
		save("B6", booking("B6", "C2", "D1", "Lan", app.BookingLost, "2026-11-25", adult(1, vnd(3_000_000))))
		save("B7", booking("B7", "C2", "", "Minh", app.BookingCompleted, "2026-10-10", adult(1, vnd(2_000_000))))
		save("B8", booking("B8", "C4", "D2", "Lan", app.BookingInquiry, "2026-12-03", adult(1, usd(40000))))

		pay := func(name, b, customer string, kind app.PaymentKind, m money.Money, day, reversalOf string) {
			p := &app.Payment{BookingID: id(b), CustomerID: id(customer), Type: kind, Method: app.MethodCash, Amount: m,
				ReceivedBy: id("Acc"), Date: date(day)}
			if reversalOf != "" {
				p.ReversalOf = id(reversalOf)
			}
			save(name, p)
		}
		pay("Y1", "B1", "C1", app.PaymentDeposit, vnd(2_000_000), "2026-11-02", "")
		pay("Y2", "B1", "C1", app.PaymentBalance, vnd(4_000_000), "2026-11-10", "")
		pay("Y3", "B1", "C1", app.PaymentSurcharge, vnd(100_000), "2026-11-10", "")
		pay("Y4", "B1", "C1", app.PaymentSurcharge, vnd(100_000), "2026-11-11", "Y3")
		pay("Y5", "B2", "C2", app.PaymentDeposit, vnd(1_000_000), "2026-11-05", "")
		pay("Y6", "B3", "C1", app.PaymentDeposit, usd(50000), "2026-11-15", "")
		pay("Y7", "B4", "C3", app.PaymentDeposit, vnd(1_000_000), "2026-11-08", "")
		pay("Y8", "B4", "C3", app.PaymentRefund, vnd(400_000), "2026-11-12", "")
		pay("Y9", "B7", "C2", app.PaymentBalance, vnd(2_000_000), "2026-10-10", "")

		save("O1", &app.ServiceOrder{DepartureID: id("D1"), PartnerID: id("P1"), Service: "Phòng đôi", StartDate: date("2026-11-20"), EndDate: date("2026-11-21"),
			Quantity: 3, UnitCost: vnd(1_200_000), Status: app.OrderConfirmed, ConfirmationNumber: "VH-1"})
		save("O2", &app.ServiceOrder{DepartureID: id("D1"), PartnerID: id("P2"), Service: "Xe 29 chỗ", Quantity: 1, UnitCost: vnd(2_000_000),
			Status: app.OrderCompleted, ConfirmationNumber: "HL-7"})
		save("O3", &app.ServiceOrder{DepartureID: id("D1"), PartnerID: id("P1"), Service: "Du thuyền", StartDate: date("2026-11-20"),
			Quantity: 1, UnitCost: vnd(5_000_000), Status: app.OrderCancelled})
		save("O4", &app.ServiceOrder{DepartureID: id("D2"), PartnerID: id("P3"), Service: "Twin room", StartDate: date("2026-12-10"), EndDate: date("2026-12-14"),
			Quantity: 2, UnitCost: usd(15000), Status: app.OrderConfirmed, ConfirmationNumber: "BH-3"})
		exp := func(name string, cat app.ExpenseCategory, m money.Money, day, reversalOf string) *app.Expense {
			e := &app.Expense{DepartureID: id("D1"), Category: cat, Amount: m, Date: date(day), SpentBy: id("Acc")}
			if reversalOf != "" {
				e.ReversalOf = id(reversalOf)
			}
			return e
		}
		save("E1", exp("E1", app.ExpenseMeals, vnd(900_000), "2026-11-20", ""))
		save("E2", exp("E2", app.ExpenseTips, vnd(200_000), "2026-11-21", ""))
		save("E3", exp("E3", app.ExpenseOther, vnd(300_000), "2026-11-21", ""))
		save("E4", exp("E4", app.ExpenseOther, vnd(300_000), "2026-11-21", "E3"))
		sp := exp("E5", app.ExpenseSupplierPayment, vnd(3_600_000), "2026-11-22", "")
		sp.PartnerID, sp.ServiceOrderID = id("P1"), id("O1")
		save("E5", sp)
		save("I1", &app.Incident{DepartureID: id("D1"), At: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC), Severity: app.SeverityLow,
			Description: "Khách quên hành lý, thuê xe quay lại", Cost: vnd(150_000), ReportedBy: id("Lan")})
		talk := func(name, user, customer string, at time.Time) {
			save(name, &app.Interaction{CustomerID: id(customer), UserID: id(user), Type: app.InteractionCall, Direction: app.Outbound, Summary: "Gọi tư vấn", At: at})
		}
		talk("N1", "Lan", "C1", time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC))
		talk("N2", "Lan", "C2", time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC))
		talk("N3", "Lan", "C1", time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC))
		talk("N4", "Minh", "C3", time.Date(2026, 11, 6, 10, 0, 0, 0, time.UTC))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// run runs report name over the fixture for November 2026.
func (f *fixture) run(t *testing.T, name string) *Table {
	t.Helper()
	tab, err := Run(f.store, name, Options{Period: nov2026, Today: fixtToday})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// lines renders a table as one line per row, cells in their plain form
// joined by " | ", the total last after "=".
func lines(t *Table) []string {
	var out []string
	row := func(prefix string, cells []Cell) {
		s := make([]string, len(cells))
		for i, c := range cells {
			s[i] = c.Plain()
			if c.Kind == Empty {
				s[i] = "-"
			}
		}
		out = append(out, prefix+strings.Join(s, " | "))
	}
	for _, r := range t.Rows {
		row("", r)
	}
	if t.Total != nil {
		row("= ", t.Total)
	}
	return out
}

func wantLines(t *testing.T, tab *Table, want ...string) {
	t.Helper()
	got := lines(tab)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report %s:\ngot:\n  %s\nwant:\n  %s", tab.Name, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
