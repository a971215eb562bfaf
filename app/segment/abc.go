package segment

import (
	"fmt"
	"slices"
	"strings"
)

// By is what ABC analysis ranks customers by.
type By string

const (
	ByRevenue By = "revenue"
	ByTrips   By = "trips"
)

// ParseBy reads "revenue" or "trips" ("" is revenue).
func ParseBy(s string) (By, error) {
	switch By(strings.ToLower(strings.TrimSpace(s))) {
	case "", ByRevenue:
		return ByRevenue, nil
	case ByTrips:
		return ByTrips, nil
	}
	return "", fmt.Errorf("%q: rank by revenue or trips", s)
}

// ABC classes.
const (
	ClassA = "A"
	ClassB = "B"
	ClassC = "C"
)

// Classes lists the ABC classes in order.
var Classes = []string{ClassA, ClassB, ClassC}

// ABCRow is one customer's place in an ABC analysis.
type ABCRow struct {
	CustomerID string `json:"customer_id"`
	// Value is the customer's revenue (minor units) or trips in the period.
	Value int64 `json:"value"`
	// CumulativeBP is the share of the total held by the customers ranked
	// before this one and this one, in basis points.
	CumulativeBP int64  `json:"cumulative_bp"`
	Class        string `json:"class"`
}

// ABCResult is an ABC analysis over a period.
type ABCResult struct {
	Period   Period `json:"period"`
	By       By     `json:"by"`
	Currency string `json:"currency,omitempty"`
	APercent int    `json:"a_percent"`
	BPercent int    `json:"b_percent"`
	// Total is the sum of every customer's value.
	Total int64 `json:"total"`
	// Rows are the customers with a purchase in the period, highest value
	// first (ties by customer id).
	Rows []ABCRow `json:"rows"`
	// Counts and Values are the number of customers and their total value
	// per class.
	Counts map[string]int   `json:"counts"`
	Values map[string]int64 `json:"values"`
	// NoRate counts sold bookings left out for want of an exchange rate.
	NoRate int `json:"no_rate"`
}

// Class returns customer id's class, "" when they bought nothing in the
// period.
func (r *ABCResult) Class(id string) string {
	for _, row := range r.Rows {
		if row.CustomerID == id {
			return row.Class
		}
	}
	return ""
}

// ClassOf returns every classified customer's class by customer id.
func (r *ABCResult) ClassOf() map[string]string {
	out := make(map[string]string, len(r.Rows))
	for _, row := range r.Rows {
		out[row.CustomerID] = row.Class
	}
	return out
}

// ABC ranks the customers with a purchase in period by revenue or number
// of trips there and classes them: going down the ranking, a customer is
// A while the customers ranked before them hold less than APercent of the
// total (so the A customers make up at least APercent: the one who
// crosses the line is A), B while they hold less than BPercent, C after.
// The percentages are the settings' (80 and 95 by default). Customers
// with no purchase in the period are not classed.
func ABC(s Store, period Period, by By) (*ABCResult, error) {
	f, err := LoadFacts(s)
	if err != nil {
		return nil, err
	}
	return f.ABC(period, by), nil
}

// ABC is ABC over the facts already read.
func (f *Facts) ABC(period Period, by By) *ABCResult {
	res := &ABCResult{Period: period, By: by, APercent: f.Rules.APercent, BPercent: f.Rules.BPercent,
		Counts: map[string]int{ClassA: 0, ClassB: 0, ClassC: 0}, Values: map[string]int64{ClassA: 0, ClassB: 0, ClassC: 0}, NoRate: f.NoRate}
	if by == ByRevenue {
		res.Currency = f.Currency
	}
	for id, ps := range f.ByCustomer {
		var v int64
		n := 0
		for _, p := range ps {
			if period.Contains(p.BookedOn) {
				n++
				if by == ByTrips {
					v++
				} else {
					v += p.Revenue
				}
			}
		}
		if n > 0 {
			res.Rows = append(res.Rows, ABCRow{CustomerID: id, Value: v})
			res.Total += v
		}
	}
	slices.SortFunc(res.Rows, func(a, b ABCRow) int {
		if a.Value != b.Value {
			if a.Value > b.Value {
				return -1
			}
			return 1
		}
		return strings.Compare(a.CustomerID, b.CustomerID)
	})
	var before int64
	for i := range res.Rows {
		row := &res.Rows[i]
		switch {
		case res.Total <= 0:
			row.Class = ClassC
		case before*100 < int64(res.APercent)*res.Total:
			row.Class = ClassA
		case before*100 < int64(res.BPercent)*res.Total:
			row.Class = ClassB
		default:
			row.Class = ClassC
		}
		before += row.Value
		if res.Total > 0 {
			row.CumulativeBP = before * 10000 / res.Total
		}
		res.Counts[row.Class]++
		res.Values[row.Class] += row.Value
	}
	return res
}
