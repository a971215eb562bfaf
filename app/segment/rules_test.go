package segment_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// The settings' segmentation rules: defaults per currency, partial
// settings filled from the defaults, and every wrong rule reported.
func TestSegmentRulesSettings(t *testing.T) {
	usd := app.DefaultSegmentRules("usd")
	if usd.Tiers[0].MinRevenue != money.New(12_000_00, "USD") || usd.APercent != 80 || usd.BPercent != 95 {
		t.Errorf("USD defaults: %+v", usd.Tiers[0])
	}
	if rub := app.DefaultSegmentRules("RUB"); !rub.Tiers[0].MinRevenue.IsZero() || rub.Tiers[0].MinTrips != 8 {
		t.Errorf("RUB defaults (trips only): %+v", rub.Tiers[0])
	}
	s := &app.CompanySettings{DefaultCurrency: "VND", Segmentation: &app.SegmentRules{APercent: 70, BPercent: 90}}
	if r := s.SegmentRulesOf(); r.APercent != 70 || len(r.Tiers) != 6 || r.Tiers[0].MinRevenue != money.New(300_000_000, "VND") {
		t.Errorf("thresholds only: %+v", r)
	}
	s.Segmentation = &app.SegmentRules{Tiers: []app.TierRule{{Tier: app.TierLoyal, MinTrips: 2}}}
	if r := s.SegmentRulesOf(); r.APercent != 80 || r.BPercent != 95 || len(r.Tiers) != 1 {
		t.Errorf("rules only: %+v", r)
	}

	bad := &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND", Segmentation: &app.SegmentRules{
		Tiers: []app.TierRule{
			{Tier: "gold", MinTrips: 1},
			{Tier: app.TierVIP1, Months: -1},
			{Tier: app.TierVIP2, MinRevenue: money.New(100, "USD")},
		},
		APercent: 90, BPercent: 80,
	}, Segments: []app.SavedSegment{{Name: "A"}, {Name: "a", Tiers: []app.CustomerTier{"vip9"}, ABCBy: "profit"}}}
	var v *app.ValidationError
	if err := bad.Validate(); !errors.As(err, &v) {
		t.Fatalf("Validate: %v", err)
	}
	var fields []string
	for _, p := range v.Problems {
		fields = append(fields, p.Field)
	}
	for _, want := range []string{
		"segmentation.tiers.0.tier", "segmentation.tiers.1.months", "segmentation.tiers.1",
		"segmentation.tiers.2.min_revenue", "segmentation.b_percent",
		"segments.1.name", "segments.1.tiers.0", "segments.1.abc_by",
	} {
		if !slices.Contains(fields, want) {
			t.Errorf("no problem on %s (got %v)", want, fields)
		}
	}
	if slices.Contains(fields, "segmentation.a_percent") {
		t.Errorf("a_percent 90 is valid: %v", fields)
	}
}

// BestLoyaltyDiscount: the highest percentage wins; on a tie the
// VIP-only program, then the program's name; nothing for a customer no
// tier fits.
func TestBestLoyaltyDiscount(t *testing.T) {
	club := &app.LoyaltyProgram{Name: "Club", Active: true, Tiers: []app.Tier{{Name: "Gold", MinTrips: 2, DiscountPercent: 10}}}
	vip := &app.LoyaltyProgram{Name: "VIP", Active: true, VIPOnly: true, Tiers: []app.Tier{{Name: "VIP", MinTrips: 1, DiscountPercent: 10}}}
	alpha := &app.LoyaltyProgram{Name: "Alpha", Active: true, Tiers: []app.Tier{{Name: "A", MinTrips: 2, DiscountPercent: 10}}}
	none := money.New(0, "VND")
	if d, ok := app.BestLoyaltyDiscount([]*app.LoyaltyProgram{club, vip, alpha}, none, 2, true); !ok || d.Description != "Loyalty: VIP – VIP" {
		t.Errorf("VIP on a tie: %+v", d)
	}
	if d, ok := app.BestLoyaltyDiscount([]*app.LoyaltyProgram{club, vip, alpha}, none, 2, false); !ok || d.Description != "Loyalty: Alpha – A" || d.Percent != 10 {
		t.Errorf("by name on a tie: %+v", d)
	}
	if d, ok := app.BestLoyaltyDiscount([]*app.LoyaltyProgram{club, vip}, none, 1, false); ok {
		t.Errorf("one trip, not VIP: %+v", d)
	}
}
