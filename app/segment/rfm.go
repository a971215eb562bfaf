package segment

import (
	"fmt"
	"slices"
	"strings"
)

// RFMRow is one customer's RFM scores over a period.
type RFMRow struct {
	CustomerID string `json:"customer_id"`
	// RecencyDays is the number of days from the last purchase in the
	// period to the period's end.
	RecencyDays int `json:"recency_days"`
	// Frequency is the number of purchases in the period.
	Frequency int `json:"frequency"`
	// Monetary is their revenue in the period (minor units).
	Monetary int64 `json:"monetary"`
	// R, F, M are quintile scores 1–5, 5 the best (most recent, most
	// frequent, highest spending).
	R int `json:"r"`
	F int `json:"f"`
	M int `json:"m"`
}

// Score is the three scores as one code, "545".
func (r RFMRow) Score() string { return fmt.Sprintf("%d%d%d", r.R, r.F, r.M) }

// RFMResult is the RFM scores of every customer with a purchase in a period.
type RFMResult struct {
	Period   Period   `json:"period"`
	Currency string   `json:"currency"`
	Rows     []RFMRow `json:"rows"`
	// Counts is the number of customers per R, F and M score:
	// Counts["R"][5] customers have R = 5.
	Counts map[string][6]int `json:"counts"`
	// NoRate counts sold bookings left out for want of an exchange rate.
	NoRate int `json:"no_rate"`
}

// RFM scores the customers with a purchase in period. Each score is a
// quintile of the customers scored: a customer's score is 1 + ⌊5·k/n⌋,
// where n is the number of customers and k the number of customers
// strictly worse than them on that measure (recency: a later last
// purchase is better; frequency and monetary: more is better). So equal
// values always share a score, the best customers get 5 when values are
// spread, and a measure everyone shares (one purchase each) scores 1 for
// all.
func RFM(s Store, period Period) (*RFMResult, error) {
	f, err := LoadFacts(s)
	if err != nil {
		return nil, err
	}
	return f.RFM(period), nil
}

// RFM is RFM over the facts already read.
func (f *Facts) RFM(period Period) *RFMResult {
	res := &RFMResult{Period: period, Currency: f.Currency, Counts: map[string][6]int{}, NoRate: f.NoRate}
	for id, ps := range f.ByCustomer {
		row := RFMRow{CustomerID: id, RecencyDays: -1}
		for _, p := range ps {
			if !period.Contains(p.BookedOn) {
				continue
			}
			row.Frequency++
			row.Monetary += p.Revenue
			row.RecencyDays = days(p.BookedOn, period.To) // purchases are in date order
		}
		if row.Frequency > 0 {
			res.Rows = append(res.Rows, row)
		}
	}
	n := len(res.Rows)
	score := func(worse []int) []int {
		out := make([]int, n)
		for i, k := range worse {
			out[i] = 1 + 5*k/n
		}
		return out
	}
	// worse counts, for each row, the rows with a strictly lower key.
	worse := func(key func(RFMRow) int64) []int {
		keys := make([]int64, n)
		idx := make([]int, n)
		for i := range idx {
			idx[i], keys[i] = i, key(res.Rows[i])
		}
		slices.SortFunc(idx, func(a, b int) int {
			switch ka, kb := keys[a], keys[b]; {
			case ka < kb:
				return -1
			case ka > kb:
				return 1
			}
			return 0
		})
		out := make([]int, n)
		for i := 0; i < n; {
			j := i
			for j < n && keys[idx[j]] == keys[idx[i]] {
				j++
			}
			for k := i; k < j; k++ {
				out[idx[k]] = i
			}
			i = j
		}
		return out
	}
	r := score(worse(func(x RFMRow) int64 { return -int64(x.RecencyDays) }))
	fq := score(worse(func(x RFMRow) int64 { return int64(x.Frequency) }))
	m := score(worse(func(x RFMRow) int64 { return x.Monetary }))
	var cr, cf, cm [6]int
	for i := range res.Rows {
		res.Rows[i].R, res.Rows[i].F, res.Rows[i].M = r[i], fq[i], m[i]
		cr[r[i]]++
		cf[fq[i]]++
		cm[m[i]]++
	}
	res.Counts["R"], res.Counts["F"], res.Counts["M"] = cr, cf, cm
	slices.SortFunc(res.Rows, func(a, b RFMRow) int {
		if c := (b.R*100 + b.F*10 + b.M) - (a.R*100 + a.F*10 + a.M); c != 0 {
			return c
		}
		return strings.Compare(a.CustomerID, b.CustomerID)
	})
	return res
}
