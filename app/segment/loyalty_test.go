package segment_test

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// A booking created through the pipeline gets the best loyalty discount,
// programs not stacking. Programs: "Sen Vàng Club" Silver ≥ 50M 5%, Gold
// ≥ 150M 8%, Platinum ≥ 300M 12%; "VIP Care" (VIP only) 10% from one
// trip; "Hè 2024" inactive, 50% from one trip.
//
//	An   sold 60M + 100M + 2,000 USD (50M) = 210M, 3 trips (a cancelled
//	     200M left out) → Gold 8%: 2 × 12.5M + 9M = 34M, −2.72M = 31.28M
//	Bình tier VIP3, sold 20M → Club none, VIP Care 10%: 7,777,777 −
//	     777,778 (777,777.7 rounded half up) = 6,999,999
//	Chi  tag "Vip", sold 300M → Platinum 12% beats VIP Care 10% (no
//	     stacking): 10M − 1.2M = 8.8M
//	Em   sold 5M, one trip → nothing (the 50% program is inactive)
func TestLoyaltyDiscountWhenPriced(t *testing.T) {
	s := openStore(t)
	put(t, s, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND",
		ExchangeRates: []app.ExchangeRate{{Currency: "USD", Rate: "25000"}}})
	put(t, s, "loy-club", &app.LoyaltyProgram{Name: "Sen Vàng Club", Active: true, Tiers: []app.Tier{
		{Name: "Silver", MinPurchases: vnd(50), DiscountPercent: 5},
		{Name: "Gold", MinPurchases: vnd(150), DiscountPercent: 8},
		{Name: "Platinum", MinPurchases: vnd(300), DiscountPercent: 12},
	}})
	put(t, s, "loy-vip", &app.LoyaltyProgram{Name: "VIP Care", Active: true, VIPOnly: true, Tiers: []app.Tier{
		{Name: "VIP", MinTrips: 1, DiscountPercent: 10},
	}})
	put(t, s, "loy-old", &app.LoyaltyProgram{Name: "Hè 2024", Tiers: []app.Tier{{Name: "All", MinTrips: 1, DiscountPercent: 50}}})
	put(t, s, "an", &app.Customer{Name: "An", OwnerID: "u-lan", Stage: app.StageCustomer})
	put(t, s, "binh", &app.Customer{Name: "Bình", OwnerID: "u-lan", Stage: app.StageCustomer, Tier: app.TierVIP3})
	put(t, s, "chi", &app.Customer{Name: "Chi", OwnerID: "u-lan", Stage: app.StageCustomer, Tags: []string{"gia đình", "Vip"}})
	put(t, s, "em", &app.Customer{Name: "Em", OwnerID: "u-lan", Stage: app.StageCustomer})
	sale(t, s, "an", vnd(60), app.BookingCompleted, "2025-03-01", "")
	sale(t, s, "an", vnd(100), app.BookingPaid, "2026-03-01", "")
	sale(t, s, "an", money.New(2000_00, "USD"), app.BookingDeposit, "2026-05-01", "")
	sale(t, s, "an", vnd(200), app.BookingCancelled, "2026-06-01", "")
	sale(t, s, "binh", vnd(20), app.BookingCompleted, "2026-01-01", "")
	sale(t, s, "chi", vnd(300), app.BookingCompleted, "2026-01-01", "")
	sale(t, s, "em", vnd(5), app.BookingCompleted, "2026-01-01", "")

	p := service.NewPipeline(s, service.Session{UserID: "u-lan"}, s.DeviceID())
	for _, c := range []struct {
		customer string
		lines    []app.PriceLine
		discount app.Discount
		total    int64
	}{
		{"an", []app.PriceLine{
			{TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(12_500_000, "VND")},
			{TravelerType: app.TravelerChild, Quantity: 1, UnitPrice: money.New(9_000_000, "VND")},
		}, app.Discount{Description: "Loyalty: Sen Vàng Club – Gold", Percent: 8}, 31_280_000},
		{"binh", []app.PriceLine{{Quantity: 1, UnitPrice: money.New(7_777_777, "VND")}},
			app.Discount{Description: "Loyalty: VIP Care – VIP", Percent: 10}, 6_999_999},
		{"chi", []app.PriceLine{{Quantity: 1, UnitPrice: vnd(10)}},
			app.Discount{Description: "Loyalty: Sen Vàng Club – Platinum", Percent: 12}, 8_800_000},
		{"em", []app.PriceLine{{Quantity: 1, UnitPrice: vnd(10)}}, app.Discount{}, 10_000_000},
	} {
		b, err := p.Create(service.Request{CustomerID: c.customer, Destination: "Phú Quốc",
			StartDate: day("2026-12-20"), EndDate: day("2026-12-23"), Lines: c.lines}, today)
		if err != nil {
			t.Fatalf("%s: %v", c.customer, err)
		}
		stored, err := p.Get(b.ID)
		if err != nil {
			t.Fatal(err)
		}
		var want []app.Discount
		if c.discount.Percent != 0 {
			want = []app.Discount{c.discount}
		}
		if len(stored.Discounts) != len(want) || (len(want) == 1 && stored.Discounts[0] != want[0]) {
			t.Errorf("%s: discounts %+v, want %+v", c.customer, stored.Discounts, want)
		}
		if total, err := stored.Total(); err != nil || total != money.New(c.total, "VND") {
			t.Errorf("%s: total %v, %v; want %d VND", c.customer, total, err, c.total)
		}
	}

	// An's new inquiry is no purchase: the next booking still sees 210M.
	b, err := p.Create(service.Request{CustomerID: "an", Destination: "Huế", StartDate: day("2027-01-05"),
		EndDate: day("2027-01-07"), Lines: []app.PriceLine{{Quantity: 1, UnitPrice: vnd(1)}}}, today)
	if err != nil || len(b.Discounts) != 1 || b.Discounts[0].Percent != 8 {
		t.Errorf("second booking of An: %+v, %v", b, err)
	}
}
