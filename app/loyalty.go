package app

import (
	"fmt"
	"strings"

	"github.com/tourdesk/tourdesk/app/money"
)

// Tier is one level of a loyalty program. A customer reaches it when
// their purchases reach MinPurchases (if set) and their trips reach
// MinTrips (if set).
type Tier struct {
	Name         string      `json:"name"`
	MinPurchases money.Money `json:"min_purchases"`
	MinTrips     int         `json:"min_trips"`
	// DiscountPercent is the whole-percent discount members of the tier
	// get on new bookings, 0–100.
	DiscountPercent int `json:"discount_percent"`
}

// LoyaltyProgram rewards repeat customers with discounts by tier (Silver,
// Gold, Platinum). Tiers are one record field, edited together.
type LoyaltyProgram struct {
	ID          string `json:"-"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// VIPOnly programs apply only to VIP customers: tier VIP1–VIP3
	// (Customer.Tier) or tagged "vip" (any case).
	VIPOnly bool `json:"vip_only"`
	Active  bool `json:"active"`
	// Tiers are ordered from the lowest to the highest: thresholds and
	// discounts never decrease, and purchase thresholds share a currency.
	Tiers []Tier `json:"tiers"`
}

func init() {
	register(KindInfo{
		Kind:   KindLoyaltyProgram,
		New:    func() Entity { return new(LoyaltyProgram) },
		Index:  []string{"active", "vip_only"},
		Search: []string{"name"},
		Sort:   "name",
	})
}

// Kind implements Entity.
func (*LoyaltyProgram) Kind() Kind { return KindLoyaltyProgram }

// Validate normalises the program and reports every field that is wrong:
// it needs at least one tier, tier names are required and distinct, each
// tier has a threshold, thresholds and discounts never decrease from one
// tier to the next, and discounts are 0–100%.
func (l *LoyaltyProgram) Validate() error {
	var p Problems
	CleanText(&p, "name", &l.Name, MaxName, true, false)
	CleanText(&p, "description", &l.Description, MaxNotes, false, true)
	if len(l.Tiers) == 0 {
		p.Add("tiers", CodeRequired, "needs at least one tier")
	}
	if len(l.Tiers) > 20 {
		p.Add("tiers", CodeTooLong, "has more than 20 tiers")
	}
	cur := ""
	names := map[string]bool{}
	for i := range l.Tiers {
		t := &l.Tiers[i]
		f := fmt.Sprintf("tiers.%d", i)
		CleanText(&p, f+".name", &t.Name, MaxName, true, false)
		if t.Name != "" && names[t.Name] {
			p.Add(f+".name", CodeFormat, fmt.Sprintf("%q is the name of another tier", t.Name))
		}
		names[t.Name] = true
		if cur == "" && !t.MinPurchases.IsZero() {
			cur = money.NormalizeCode(t.MinPurchases.Currency)
		}
		CheckMoney(&p, f+".min_purchases", &t.MinPurchases, false, NotNegative, cur)
		if t.MinTrips < 0 {
			p.Add(f+".min_trips", CodeRange, "must not be negative")
		}
		if t.MinPurchases.Amount == 0 && t.MinTrips == 0 && i > 0 {
			p.Add(f, CodeRequired, "needs a minimum of purchases or of trips")
		}
		CheckInt(&p, f+".discount_percent", t.DiscountPercent, 0, 100)
		if i == 0 {
			continue
		}
		prev := l.Tiers[i-1]
		if t.MinPurchases.Currency == prev.MinPurchases.Currency && t.MinPurchases.Amount < prev.MinPurchases.Amount {
			p.Add(f+".min_purchases", CodeRange, fmt.Sprintf("is below the tier before (%s); order tiers from lowest to highest", prev.Name))
		}
		if t.MinTrips < prev.MinTrips {
			p.Add(f+".min_trips", CodeRange, fmt.Sprintf("is below the tier before (%s); order tiers from lowest to highest", prev.Name))
		}
		if t.DiscountPercent < prev.DiscountPercent {
			p.Add(f+".discount_percent", CodeRange, fmt.Sprintf("is below the tier before (%s, %d%%)", prev.Name, prev.DiscountPercent))
		}
	}
	return p.Err(KindLoyaltyProgram)
}

// TierFor returns the highest tier whose thresholds purchases and trips
// meet, and false when none is met. A purchase threshold in another
// currency than purchases is not met.
func (l *LoyaltyProgram) TierFor(purchases money.Money, trips int) (Tier, bool) {
	for i := len(l.Tiers) - 1; i >= 0; i-- {
		t := l.Tiers[i]
		okP := t.MinPurchases.Amount == 0 || (t.MinPurchases.Currency == purchases.Currency && purchases.Amount >= t.MinPurchases.Amount)
		if okP && trips >= t.MinTrips {
			return t, true
		}
	}
	return Tier{}, false
}

// CustomerTier is a customer's standing by what they bought: VIP1 (the
// best), VIP2, VIP3, loyal (comes back), regular, new (first trip
// recently), or "" (no purchase yet: targets, leads, prospects). It is
// computed by app/segment from the rules in CompanySettings.Segmentation
// and stored on the customer (Customer.Tier) so lists can filter by it.
type CustomerTier string

const (
	TierVIP1    CustomerTier = "vip1"
	TierVIP2    CustomerTier = "vip2"
	TierVIP3    CustomerTier = "vip3"
	TierLoyal   CustomerTier = "loyal"
	TierRegular CustomerTier = "regular"
	TierNew     CustomerTier = "new"
	TierNone    CustomerTier = ""
)

// CustomerTiers lists the tiers from the highest to the lowest.
var CustomerTiers = []CustomerTier{TierVIP1, TierVIP2, TierVIP3, TierLoyal, TierRegular, TierNew}

// IsVIP reports whether t is VIP1, VIP2 or VIP3.
func (t CustomerTier) IsVIP() bool { return t == TierVIP1 || t == TierVIP2 || t == TierVIP3 }

// TierRule gives customers Tier when, over the last Months months (0: all
// time), their revenue reaches MinRevenue (in the default currency; zero:
// no revenue condition) or their trips reach MinTrips (zero: no trips
// condition); with All, both must be reached. FirstWithinMonths, when set,
// also requires the customer's first trip to be within that many months
// (that is what makes a customer "new"). Rules are tried in order, the
// first that matches wins; a customer no rule matches has no tier.
//
// A trip is a booking that reached a deposit and was not cancelled
// (deposit, paid, travelling, completed), dated by its booked_on; its
// revenue is the booking's total after discounts.
type TierRule struct {
	Tier              CustomerTier `json:"tier"`
	Months            int          `json:"months"`
	MinRevenue        money.Money  `json:"min_revenue"`
	MinTrips          int          `json:"min_trips"`
	All               bool         `json:"all"`
	FirstWithinMonths int          `json:"first_within_months"`
}

// SegmentRules are the agency's segmentation settings: the VIP tier rules
// and the ABC thresholds (cumulative percentages of the total: A is the
// customers making the first APercent, B the next up to BPercent, C the
// rest).
type SegmentRules struct {
	Tiers    []TierRule `json:"tiers"`
	APercent int        `json:"a_percent"`
	BPercent int        `json:"b_percent"`
}

// DefaultSegmentRules are the rules used while the settings hold none, in
// the agency's default currency: revenue thresholds for VND and USD
// (roughly 25,000 VND to the dollar), trips alone for other currencies.
//
//	VIP1     300,000,000 VND (12,000 USD) or 8 trips in the last 24 months
//	VIP2     150,000,000 VND  (6,000 USD) or 5 trips in the last 24 months
//	VIP3      80,000,000 VND  (3,200 USD) or 3 trips in the last 24 months
//	loyal    2 trips in the last 36 months (a returning customer)
//	new      a first trip within the last 12 months
//	regular  any other customer with a trip
//
// ABC: A 80%, B 95% (the next 15%), C the rest.
func DefaultSegmentRules(currency string) SegmentRules {
	rev := func(vnd, usd int64) money.Money {
		switch money.NormalizeCode(currency) {
		case "VND":
			return money.New(vnd, "VND")
		case "USD":
			return money.New(usd*100, "USD")
		}
		return money.Money{}
	}
	return SegmentRules{
		Tiers: []TierRule{
			{Tier: TierVIP1, Months: 24, MinRevenue: rev(300_000_000, 12_000), MinTrips: 8},
			{Tier: TierVIP2, Months: 24, MinRevenue: rev(150_000_000, 6_000), MinTrips: 5},
			{Tier: TierVIP3, Months: 24, MinRevenue: rev(80_000_000, 3_200), MinTrips: 3},
			{Tier: TierLoyal, Months: 36, MinTrips: 2},
			{Tier: TierNew, MinTrips: 1, FirstWithinMonths: 12},
			{Tier: TierRegular, MinTrips: 1},
		},
		APercent: 80,
		BPercent: 95,
	}
}

// SegmentRulesOf returns the settings' segmentation rules, or the
// defaults for its default currency when it has none.
func (s *CompanySettings) SegmentRulesOf() SegmentRules {
	if s.Segmentation == nil || (len(s.Segmentation.Tiers) == 0 && s.Segmentation.APercent == 0) {
		return DefaultSegmentRules(s.DefaultCurrency)
	}
	r := *s.Segmentation
	if len(r.Tiers) == 0 {
		r.Tiers = DefaultSegmentRules(s.DefaultCurrency).Tiers
	}
	if r.APercent == 0 {
		r.APercent, r.BPercent = 80, 95
	}
	return r
}

// SavedSegment is a named filter over customers, kept in the settings
// (CompanySettings.Segments) and used to make a campaign's target list. A
// customer is in it when every condition that is set holds: a tier of
// Tiers, an ABC class of ABC (computed over the last ABCMonths months by
// ABCBy, "revenue" or "trips"), any tag of Tags, a region of Regions, a
// stage of Stages, a last trip (the latest start date, or booked_on when
// it has none, of a booking that reached a deposit and was not cancelled)
// before LastTripBefore and/or on or after LastTripAfter, and marketing
// consent when Consent is set.
type SavedSegment struct {
	Name           string         `json:"name"`
	Tiers          []CustomerTier `json:"tiers,omitempty"`
	ABC            []string       `json:"abc,omitempty"`
	ABCBy          string         `json:"abc_by,omitempty"`
	ABCMonths      int            `json:"abc_months,omitempty"`
	Tags           []string       `json:"tags,omitempty"`
	Regions        []string       `json:"regions,omitempty"`
	Stages         []Stage        `json:"stages,omitempty"`
	LastTripBefore Date           `json:"last_trip_before,omitzero"`
	LastTripAfter  Date           `json:"last_trip_after,omitzero"`
	Consent        bool           `json:"consent,omitempty"`
}

// validateSegmentation reports what is wrong in the settings'
// segmentation rules and saved segments.
func validateSegmentation(p *Problems, s *CompanySettings) {
	if r := s.Segmentation; r != nil {
		if len(r.Tiers) > 20 {
			p.Add("segmentation.tiers", CodeTooLong, "has more than 20 rules")
		}
		for i := range r.Tiers {
			t := &r.Tiers[i]
			f := fmt.Sprintf("segmentation.tiers.%d", i)
			CheckOneOf(p, f+".tier", t.Tier, true, CustomerTiers...)
			CheckInt(p, f+".months", t.Months, 0, 600)
			CheckInt(p, f+".first_within_months", t.FirstWithinMonths, 0, 600)
			CheckInt(p, f+".min_trips", t.MinTrips, 0, 10000)
			CheckMoney(p, f+".min_revenue", &t.MinRevenue, false, NotNegative, s.DefaultCurrency)
			if t.MinRevenue.IsZero() && t.MinTrips == 0 {
				p.Add(f, CodeRequired, "needs a minimum revenue or number of trips")
			}
		}
		if r.APercent != 0 || r.BPercent != 0 {
			CheckInt(p, "segmentation.a_percent", r.APercent, 1, 99)
			CheckInt(p, "segmentation.b_percent", r.BPercent, r.APercent+1, 100)
		}
	}
	names := map[string]bool{}
	for i := range s.Segments {
		g := &s.Segments[i]
		f := fmt.Sprintf("segments.%d", i)
		CleanText(p, f+".name", &g.Name, MaxName, true, false)
		if g.Name != "" && names[strings.ToLower(g.Name)] {
			p.Add(f+".name", CodeFormat, fmt.Sprintf("%q is the name of another segment", g.Name))
		}
		names[strings.ToLower(g.Name)] = true
		for j, t := range g.Tiers {
			CheckOneOf(p, fmt.Sprintf("%s.tiers.%d", f, j), t, true, CustomerTiers...)
		}
		for j, c := range g.ABC {
			CheckOneOf(p, fmt.Sprintf("%s.abc.%d", f, j), c, true, "A", "B", "C")
		}
		CheckOneOf(p, f+".abc_by", g.ABCBy, false, "revenue", "trips")
		CheckInt(p, f+".abc_months", g.ABCMonths, 0, 600)
		CleanList(p, f+".tags", &g.Tags, MaxName, 50)
		CleanList(p, f+".regions", &g.Regions, MaxName, 50)
		for j, st := range g.Stages {
			CheckOneOf(p, fmt.Sprintf("%s.stages.%d", f, j), st, true, StageTarget, StageLead, StageProspect, StageCustomer)
		}
		CheckDate(p, f+".last_trip_before", g.LastTripBefore, false)
		CheckDate(p, f+".last_trip_after", g.LastTripAfter, false)
	}
	if len(s.Segments) > 200 {
		p.Add("segments", CodeTooLong, "has more than 200 saved segments")
	}
}

// BestLoyaltyDiscount picks the discount a customer gets on a new booking
// from the active programs: the tier each program gives for the
// customer's purchases (before this booking, in the programs' currency)
// and trips, VIP-only programs only for a VIP (tier VIP1–VIP3 or tagged
// "vip"). Programs do not stack: the highest percentage wins (a VIP-only
// program on a tie, then the program's name). ok is false when no program
// gives a discount above zero.
func BestLoyaltyDiscount(programs []*LoyaltyProgram, purchases money.Money, trips int, vip bool) (d Discount, ok bool) {
	var best *LoyaltyProgram
	var bestTier Tier
	for _, l := range programs {
		if !l.Active || (l.VIPOnly && !vip) {
			continue
		}
		t, found := l.TierFor(purchases, trips)
		if !found || t.DiscountPercent <= 0 {
			continue
		}
		if best == nil || t.DiscountPercent > bestTier.DiscountPercent ||
			(t.DiscountPercent == bestTier.DiscountPercent && (l.VIPOnly && !best.VIPOnly ||
				l.VIPOnly == best.VIPOnly && l.Name < best.Name)) {
			best, bestTier = l, t
		}
	}
	if best == nil {
		return Discount{}, false
	}
	return Discount{Description: LoyaltyPrefix + best.Name + " – " + bestTier.Name, Percent: bestTier.DiscountPercent}, true
}

// LoyaltyPrefix begins the description of a discount line added by a
// loyalty program, so it can be told from one an agent typed.
const LoyaltyPrefix = "Loyalty: "
