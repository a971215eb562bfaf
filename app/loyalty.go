package app

import (
	"fmt"

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
	// VIPOnly programs apply only to customers tagged "vip".
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
