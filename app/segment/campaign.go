package segment

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// AttributionDays is how long after a campaign ends (after it starts,
// when it has no end) a booking of a customer it brought in, made with no
// source campaign of its own, is still credited to it.
const AttributionDays = 180

// CampaignStats is what one campaign brought in, with money in minor
// units of Currency (the default currency).
//
// Attribution: a booking belongs to the campaign named by its own
// campaign_id (the source the agent picked on the request); a booking
// with none belongs to its customer's campaign_id (the campaign that
// brought the customer in) when booked between the campaign's start and
// AttributionDays after its end. A booking is thus credited to at most
// one campaign.
//
// Targets are the customers the campaign brought in (customer
// campaign_id) and those on its target list (Campaign.TargetIDs). Leads
// are the targets who responded (a customer it brought in who moved past
// stage target) and every customer with an attributed request. Requests
// are attributed bookings in any status; Bookings those that were sold
// (deposit, paid, travelling, completed), and Customers the distinct
// customers who bought them.
type CampaignStats struct {
	CampaignID string             `json:"campaign_id"`
	Name       string             `json:"name"`
	Channel    app.Channel        `json:"channel"`
	Status     app.CampaignStatus `json:"status"`
	Currency   string             `json:"currency"`
	Cost       int64              `json:"cost"`
	Targets    int                `json:"targets"`
	Leads      int                `json:"leads"`
	Requests   int                `json:"requests"`
	Bookings   int                `json:"bookings"`
	Customers  int                `json:"customers"`
	// Revenue is the sold bookings' totals.
	Revenue int64 `json:"revenue"`
	// Profit is the sold bookings' profit from their departures'
	// settlements (the figures frozen at settling); only settled
	// departures have one, counted in ProfitBookings (of Bookings).
	Profit         int64 `json:"profit"`
	ProfitBookings int   `json:"profit_bookings"`
	// Conversions in basis points, rounded half up: leads per target,
	// buying customers per lead; zero when the base is zero.
	LeadRateBP     int64 `json:"lead_rate_bp"`
	CustomerRateBP int64 `json:"customer_rate_bp"`
	// ROIBP is (Revenue − Cost) / Cost in basis points, rounded half away
	// from zero; HasROI is false when the campaign cost nothing.
	ROIBP  int64 `json:"roi_bp"`
	HasROI bool  `json:"has_roi"`
	// ProfitROIBP is (Profit − Cost) / Cost; HasProfitROI only when the
	// campaign cost something and every sold booking has its profit
	// (ProfitBookings == Bookings).
	ProfitROIBP  int64 `json:"profit_roi_bp"`
	HasProfitROI bool  `json:"has_profit_roi"`
}

// CampaignStatsOf returns campaign id's figures (see CampaignStats). An
// unknown campaign matches app.ErrNotFound; a cost or booking in a
// currency with no exchange rate is an error naming it.
func CampaignStatsOf(s Store, id string) (*CampaignStats, error) {
	var st *CampaignStats
	err := s.View(func(r service.Reader) error {
		var err error
		st, err = campaignStats(r, Settings(r), id)
		return err
	})
	return st, err
}

// AllCampaignStats returns every live campaign's figures, in id order.
// On a store that reads fields with one cursor (FieldScanner) the
// customers and bookings are read once for all campaigns
// (allCampaignStatsScan); else campaign by campaign through the indexes.
func AllCampaignStats(s Store) ([]*CampaignStats, error) {
	if fs, ok := s.(FieldScanner); ok {
		return allCampaignStatsScan(s, fs, nil)
	}
	return allCampaignStatsPerRecord(s)
}

// AllCampaignStatsOf is AllCampaignStats of the store books were read
// from, crediting the books' bookings (no pass of its own over the
// bookings, nor over their payments for settlements worked out anew).
func AllCampaignStatsOf(books *service.Books) ([]*CampaignStats, error) {
	s := books.Store()
	if fs, ok := s.(FieldScanner); ok {
		return allCampaignStatsScan(s, fs, books)
	}
	return allCampaignStatsPerRecord(s)
}

// allCampaignStatsPerRecord is AllCampaignStats campaign by campaign
// through the indexes.
func allCampaignStatsPerRecord(s Store) ([]*CampaignStats, error) {
	ids, err := s.SortedIDs(app.KindCampaign)
	if err != nil {
		return nil, err
	}
	out := []*CampaignStats{}
	err = s.View(func(r service.Reader) error {
		set := Settings(r)
		for _, id := range ids {
			st, err := campaignStats(r, set, id)
			if errors.Is(err, app.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}

func campaignStats(r service.Reader, set *app.CompanySettings, id string) (*CampaignStats, error) {
	c, err := service.Load[app.Campaign](r, id)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", id, app.ErrNotFound)
	}
	st := &CampaignStats{CampaignID: id, Name: c.Name, Channel: c.Channel, Status: c.Status, Currency: set.DefaultCurrency}
	if c.Cost.Amount != 0 {
		cost, err := set.Convert(c.Cost)
		if err != nil {
			return nil, fmt.Errorf("campaign %s cost: %w", c.Name, err)
		}
		st.Cost = cost.Amount
	}
	brought, err := r.Lookup(app.KindCustomer, "campaign_id", id)
	if err != nil {
		return nil, err
	}
	targets := map[string]bool{}
	leads := map[string]bool{}
	for _, cid := range brought {
		targets[cid] = true
		rec, err := r.Get(app.KindCustomer, cid)
		if err != nil {
			return nil, err
		}
		if st := app.Stage(str(rec, "stage")); st != "" && st != app.StageTarget {
			leads[cid] = true
		}
	}
	for _, cid := range c.TargetIDs {
		targets[cid] = true
	}
	// The attributed bookings: their own campaign, then the brought-in
	// customers' bookings with no campaign inside the window.
	booked, err := r.Lookup(app.KindBooking, "campaign_id", id)
	if err != nil {
		return nil, err
	}
	from, to := c.StartDate, c.EndDate
	if to.IsZero() {
		to = from
	}
	window := Period{From: from, To: to.AddDays(AttributionDays)}
	for _, cid := range brought {
		ids, err := r.Lookup(app.KindBooking, "customer_id", cid)
		if err != nil {
			return nil, err
		}
		for _, bid := range ids {
			rec, err := r.Get(app.KindBooking, bid)
			if err != nil {
				return nil, err
			}
			if str(rec, "campaign_id") != "" {
				continue
			}
			if on := date(rec, "booked_on"); from.IsZero() || window.Contains(on) {
				booked = append(booked, bid)
			}
		}
	}
	slices.Sort(booked)
	booked = slices.Compact(booked)
	buyers := map[string]bool{}
	profits := map[string]map[string]money.Money{} // departure → booking → profit
	for _, bid := range booked {
		b, err := service.Load[app.Booking](r, bid)
		if err != nil {
			continue
		}
		st.Requests++
		leads[b.CustomerID] = true
		if !b.HoldsSeat() {
			continue
		}
		st.Bookings++
		buyers[b.CustomerID] = true
		rev, err := Revenue(set, b)
		if err != nil {
			return nil, fmt.Errorf("booking %s: %w", b.Code, err)
		}
		st.Revenue += rev.Amount
		if b.DepartureID == "" {
			continue
		}
		byBooking, seen := profits[b.DepartureID]
		if !seen {
			if byBooking, err = settledProfits(r, b.DepartureID); err != nil {
				return nil, err
			}
			profits[b.DepartureID] = byBooking
		}
		if p, ok := byBooking[bid]; ok {
			c, err := set.Convert(p)
			if err != nil {
				return nil, fmt.Errorf("booking %s profit: %w", b.Code, err)
			}
			st.Profit += c.Amount
			st.ProfitBookings++
		}
	}
	st.Targets, st.Leads, st.Customers = len(targets), len(leads), len(buyers)
	finishRates(st)
	return st, nil
}

// finishRates works out st's conversions and returns on investment from
// its counts and sums.
func finishRates(st *CampaignStats) {
	st.LeadRateBP = ratioBP(int64(st.Leads), int64(st.Targets))
	st.CustomerRateBP = ratioBP(int64(st.Customers), int64(st.Leads))
	if st.Cost > 0 {
		st.HasROI = true
		st.ROIBP = ratioBP(st.Revenue-st.Cost, st.Cost)
		if st.ProfitBookings == st.Bookings {
			st.HasProfitROI = true
			st.ProfitROIBP = ratioBP(st.Profit-st.Cost, st.Cost)
		}
	}
}

// settledProfits returns the profit of each booking of departure id once
// it is settled (nil before): the figures frozen on the departure at
// settling, which every role that reads departures sees (marketing's
// store holds no payments or service orders to recompute them from), or
// recomputed for a departure settled before figures were frozen.
func settledProfits(r service.Reader, id string) (map[string]money.Money, error) {
	d, err := service.Load[app.Departure](r, id)
	if err != nil || d.Status != app.DepartureSettled {
		return nil, nil
	}
	out := map[string]money.Money{}
	if f := d.Settlement; f != nil {
		for _, b := range f.Bookings {
			out[b.BookingID] = b.Profit
		}
		return out, nil
	}
	sett, err := service.SettlementOf(r, id)
	if err != nil {
		return nil, err
	}
	for _, b := range sett.Bookings {
		out[b.BookingID] = b.Profit
	}
	return out, nil
}

// ratioBP is num/den in basis points rounded half away from zero, 0 when
// den is 0.
func ratioBP(num, den int64) int64 {
	if den == 0 {
		return 0
	}
	v := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(num), big.NewInt(10000)), big.NewInt(den))
	n, rem := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2)).Cmp(v.Denom()) >= 0 {
		n.Add(n, big.NewInt(int64(v.Sign())))
	}
	return n.Int64()
}

// FormatBP writes basis points as a percentage: 12345 is "123.45%".
func FormatBP(bp int64) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	return fmt.Sprintf("%s%d.%02d%%", sign, bp/100, bp%100)
}
