package app

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validLoyalty() LoyaltyProgram {
	return LoyaltyProgram{Name: "TourDesk Club", Active: true, Tiers: []Tier{
		{Name: "Member", DiscountPercent: 0},
		{Name: "Silver", MinPurchases: money.New(50000000, "VND"), MinTrips: 2, DiscountPercent: 3},
		{Name: "Gold", MinPurchases: money.New(150000000, "VND"), MinTrips: 4, DiscountPercent: 5},
		{Name: "Platinum", MinPurchases: money.New(300000000, "VND"), MinTrips: 6, DiscountPercent: 8},
	}}
}

func TestLoyaltyValidate(t *testing.T) {
	l := validLoyalty()
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	runBad(t, validLoyalty, []badCase[LoyaltyProgram]{
		{"no name", func(l *LoyaltyProgram) { l.Name = "" }, "name", CodeRequired},
		{"no tiers", func(l *LoyaltyProgram) { l.Tiers = nil }, "tiers", CodeRequired},
		{"tier without name", func(l *LoyaltyProgram) { l.Tiers[1].Name = "" }, "tiers.1.name", CodeRequired},
		{"duplicate names", func(l *LoyaltyProgram) { l.Tiers[2].Name = "Silver" }, "tiers.2.name", CodeFormat},
		{"discount over 100", func(l *LoyaltyProgram) { l.Tiers[3].DiscountPercent = 101 }, "tiers.3.discount_percent", CodeRange},
		{"negative discount", func(l *LoyaltyProgram) { l.Tiers[0].DiscountPercent = -1 }, "tiers.0.discount_percent", CodeRange},
		{"decreasing discount", func(l *LoyaltyProgram) { l.Tiers[2].DiscountPercent = 2 }, "tiers.2.discount_percent", CodeRange},
		{"unordered purchases", func(l *LoyaltyProgram) { l.Tiers[1], l.Tiers[2] = l.Tiers[2], l.Tiers[1] }, "tiers.2.min_purchases", CodeRange},
		{"unordered trips", func(l *LoyaltyProgram) { l.Tiers[3].MinTrips = 1 }, "tiers.3.min_trips", CodeRange},
		{"mixed currencies", func(l *LoyaltyProgram) { l.Tiers[3].MinPurchases = money.New(1000000, "USD") }, "tiers.3.min_purchases", CodeCurrency},
		{"no threshold", func(l *LoyaltyProgram) { l.Tiers[1].MinPurchases, l.Tiers[1].MinTrips = money.Money{}, 0 }, "tiers.1", CodeRequired},
	})
}

func TestLoyaltyTierFor(t *testing.T) {
	l := validLoyalty()
	tests := []struct {
		purchases money.Money
		trips     int
		want      string
	}{
		{money.New(0, "VND"), 0, "Member"},
		{money.New(60000000, "VND"), 2, "Silver"},
		{money.New(60000000, "VND"), 1, "Member"},
		{money.New(400000000, "VND"), 5, "Gold"},
		{money.New(400000000, "VND"), 6, "Platinum"},
		{money.New(400000000, "USD"), 9, "Member"},
	}
	for _, tt := range tests {
		tier, ok := l.TierFor(tt.purchases, tt.trips)
		if !ok || tier.Name != tt.want {
			t.Errorf("TierFor(%v, %d) = %q, %v; want %q", tt.purchases, tt.trips, tier.Name, ok, tt.want)
		}
	}
}
