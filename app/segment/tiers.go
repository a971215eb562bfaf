package segment

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// TierRow is one customer's computed tier.
type TierRow struct {
	CustomerID string           `json:"customer_id"`
	Tier       app.CustomerTier `json:"tier"`
	// Stored is the tier on the customer record before (SaveTiers).
	Stored app.CustomerTier `json:"stored"`
	// Trips and Revenue are all-time figures (revenue in minor units of
	// the default currency); First and Last the first and last purchase.
	Trips   int      `json:"trips"`
	Revenue int64    `json:"revenue"`
	First   app.Date `json:"first"`
	Last    app.Date `json:"last"`
}

// TierResult is the tiers of every customer with a purchase, as of Today.
type TierResult struct {
	Today    app.Date `json:"today"`
	Currency string   `json:"currency"`
	// Rules are the rules applied (the settings' or the defaults).
	Rules []app.TierRule `json:"rules"`
	// Rows are the customers with a purchase, by tier (VIP1 first), then
	// revenue (highest first), then id.
	Rows []TierRow `json:"rows"`
	// Counts is the number of customers per tier; "" counts customers
	// with purchases that no rule matches.
	Counts map[app.CustomerTier]int `json:"counts"`
	// Changed is the number of customers whose stored tier differs from
	// the computed one (cleared tiers of customers with no purchase left
	// included); SaveTiers writes them.
	Changed int `json:"changed"`
	// NoRate counts sold bookings left out for want of an exchange rate.
	NoRate int `json:"no_rate"`
	// cleared are customers holding a stored tier but no purchase.
	cleared []string
}

// Tiers computes every customer's tier as of today from the settings'
// rules (app.TierRule: tried in order, the first that matches wins) and
// compares it with the tier stored on the customer. Customers with no
// purchase have no tier.
func Tiers(s Store, today app.Date) (*TierResult, error) {
	f, err := LoadFacts(s)
	if err != nil {
		return nil, err
	}
	var res *TierResult
	err = s.View(func(r service.Reader) error {
		res, err = f.Tiers(r, today)
		return err
	})
	return res, err
}

// Tiers is Tiers over the facts already read; r reads the stored tiers.
func (f *Facts) Tiers(r service.Reader, today app.Date) (*TierResult, error) {
	stored, err := StoredTiers(r)
	if err != nil {
		return nil, err
	}
	res := &TierResult{Today: today, Currency: f.Currency, Rules: f.Rules.Tiers, Counts: map[app.CustomerTier]int{}, NoRate: f.NoRate}
	for id, ps := range f.ByCustomer {
		row := TierRow{CustomerID: id, Stored: stored[id], Trips: len(ps), First: ps[0].BookedOn, Last: ps[len(ps)-1].BookedOn}
		for _, p := range ps {
			row.Revenue += p.Revenue
		}
		row.Tier = f.TierOf(ps, today)
		res.Rows = append(res.Rows, row)
		res.Counts[row.Tier]++
		if row.Tier != row.Stored {
			res.Changed++
		}
	}
	for id, t := range stored {
		if _, ok := f.ByCustomer[id]; !ok && t != app.TierNone {
			res.cleared = append(res.cleared, id)
			res.Changed++
		}
	}
	slices.Sort(res.cleared)
	rank := func(t app.CustomerTier) int {
		if i := slices.Index(app.CustomerTiers, t); i >= 0 {
			return i
		}
		return len(app.CustomerTiers)
	}
	slices.SortFunc(res.Rows, func(a, b TierRow) int {
		if c := rank(a.Tier) - rank(b.Tier); c != 0 {
			return c
		}
		if a.Revenue != b.Revenue {
			if a.Revenue > b.Revenue {
				return -1
			}
			return 1
		}
		return strings.Compare(a.CustomerID, b.CustomerID)
	})
	return res, nil
}

// TierOf returns the tier the rules give a customer with purchases ps
// (ordered by BookedOn) as of today.
func (f *Facts) TierOf(ps []Purchase, today app.Date) app.CustomerTier {
	if len(ps) == 0 {
		return app.TierNone
	}
	for _, rule := range f.Rules.Tiers {
		window := Period{To: today}
		if rule.Months > 0 {
			window = LastMonths(today, rule.Months)
		}
		trips, rev := 0, int64(0)
		for _, p := range ps {
			if window.Contains(p.BookedOn) {
				trips++
				rev += p.Revenue
			}
		}
		var conds, met int
		if rule.MinRevenue.Amount > 0 {
			conds++
			if rule.MinRevenue.Currency == f.Currency && rev >= rule.MinRevenue.Amount {
				met++
			}
		}
		if rule.MinTrips > 0 {
			conds++
			if trips >= rule.MinTrips {
				met++
			}
		}
		ok := met > 0
		if rule.All {
			ok = met == conds
		}
		if ok && rule.FirstWithinMonths > 0 && !LastMonths(today, rule.FirstWithinMonths).Contains(ps[0].BookedOn) {
			ok = false
		}
		if ok {
			return rule.Tier
		}
	}
	return app.TierNone
}

// StoredTiers returns the tier stored on every live customer that has one.
func StoredTiers(r service.Reader) (map[string]app.CustomerTier, error) {
	out := map[string]app.CustomerTier{}
	for _, t := range app.CustomerTiers {
		ids, err := r.Lookup(app.KindCustomer, "tier", string(t))
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			out[id] = t
		}
	}
	return out, nil
}

// StoredTierCounts counts the live customers per stored tier; "" counts
// those with none.
func StoredTierCounts(s interface {
	service.Reader
	Count(app.Kind) (int, error)
}) (map[app.CustomerTier]int, error) {
	stored, err := StoredTiers(s)
	if err != nil {
		return nil, err
	}
	total, err := s.Count(app.KindCustomer)
	if err != nil {
		return nil, err
	}
	out := map[app.CustomerTier]int{app.TierNone: total - len(stored)}
	for _, t := range app.CustomerTiers {
		out[t] = 0
	}
	for _, t := range stored {
		out[t]++
	}
	return out, nil
}

// saveBatch is how many customers one transaction of SaveTiers writes.
const saveBatch = 1000

// SaveTiers computes the tiers as of today (Tiers) and stores each
// changed one on its customer (field tier), in transactions of 1,000
// customers; customers holding a tier but no purchase any more are
// cleared. Only changed customers are written, so a second run writes
// nothing. A customer this store does not hold live (a booking of a
// customer revoked from it) is skipped. It returns the result with
// Changed set to the customers written.
//
// The tier is an ordinary customer field: it syncs, and the server
// accepts it from whoever may edit the customer (its owner agent, their
// manager, an admin). Run it where every customer is held (a manager's or
// admin's device) after sales come in; an agent's run tiers their own
// customers the same way, since every booking hangs off its customer.
func SaveTiers(s service.Store, today app.Date) (*TierResult, error) {
	res, err := Tiers(s, today)
	if err != nil {
		return nil, err
	}
	type change struct {
		id   string
		tier app.CustomerTier
	}
	var todo []change
	for _, row := range res.Rows {
		if row.Tier != row.Stored {
			todo = append(todo, change{row.CustomerID, row.Tier})
		}
	}
	for _, id := range res.cleared {
		todo = append(todo, change{id, app.TierNone})
	}
	res.Changed = 0
	for len(todo) > 0 {
		batch := todo[:min(saveBatch, len(todo))]
		todo = todo[len(batch):]
		err := s.Update(func(tx service.Tx) error {
			for _, c := range batch {
				rec, err := tx.Get(app.KindCustomer, c.id)
				if err != nil || rec.IsDeleted() {
					continue
				}
				v, _ := json.Marshal(c.tier)
				if _, err := tx.Save(app.KindCustomer, c.id, map[string]json.RawMessage{"tier": v}); err != nil {
					return err
				}
				res.Changed++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}
