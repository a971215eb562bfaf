package segment

import (
	"encoding/json"
	"fmt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// allCampaignStatsScan is AllCampaignStats in one pass over the customers
// and one over the bookings (campaignStats, per campaign, looks up every
// customer a campaign brought and each of their bookings: 1.5 s of CPU
// on the 100,000-customer store). The rules are campaignStats' (see
// CampaignStats); the tests check both give the same figures on the same
// store.
//
// With books (service.LoadBooks, shared with other figures of a report)
// the bookings are the books' instead of a pass of their own.
func allCampaignStatsScan(s Store, fs FieldScanner, books *service.Books) ([]*CampaignStats, error) {
	ids, err := s.SortedIDs(app.KindCampaign)
	if err != nil {
		return nil, err
	}
	type acc struct {
		st                     *CampaignStats
		from                   app.Date
		window                 Period
		targets, leads, buyers map[string]bool
		// sold are the attributed bookings sold on a departure, whose
		// settled profit counts.
		sold []soldOn
	}
	var set *app.CompanySettings
	by := map[string]*acc{}
	var list []*acc
	err = s.View(func(r service.Reader) error {
		set = Settings(r)
		for _, id := range ids {
			c, err := service.Load[app.Campaign](r, id)
			if err != nil {
				continue // as campaignStats: gone (or unreadable) is left out
			}
			st := &CampaignStats{CampaignID: id, Name: c.Name, Channel: c.Channel, Status: c.Status, Currency: set.DefaultCurrency}
			if c.Cost.Amount != 0 {
				cost, err := set.Convert(c.Cost)
				if err != nil {
					return fmt.Errorf("campaign %s cost: %w", c.Name, err)
				}
				st.Cost = cost.Amount
			}
			to := c.EndDate
			if to.IsZero() {
				to = c.StartDate
			}
			a := &acc{st: st, from: c.StartDate, window: Period{From: c.StartDate, To: to.AddDays(AttributionDays)},
				targets: map[string]bool{}, leads: map[string]bool{}, buyers: map[string]bool{}}
			for _, cid := range c.TargetIDs {
				a.targets[cid] = true
			}
			by[id] = a
			list = append(list, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*CampaignStats, 0, len(list))
	if len(list) == 0 {
		return out, nil
	}
	// The customers each campaign brought in: targets, and leads once
	// past stage target.
	brought := map[string]*acc{}
	err = fs.ScanFields(app.KindCustomer, []string{"campaign_id", "stage"}, func(id string, v []json.RawMessage) error {
		a := by[string(rawInner(v[0]))]
		if a == nil {
			if a = by[rawStr(v[0])]; a == nil {
				return nil
			}
		}
		brought[id] = a
		a.targets[id] = true
		if st := app.Stage(rawStr(v[1])); st != "" && st != app.StageTarget {
			a.leads[id] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The bookings: each credited to its own campaign, else to its
	// customer's when booked within that campaign's window.
	attributed := func(campaignID, customerID string, bookedOn func() app.Date) *acc {
		if campaignID != "" {
			return by[campaignID]
		}
		if a := brought[customerID]; a != nil && (a.from.IsZero() || a.window.Contains(bookedOn())) {
			return a
		}
		return nil
	}
	credit := func(a *acc, b *app.Booking) error {
		a.st.Requests++
		a.leads[b.CustomerID] = true
		if !b.HoldsSeat() {
			return nil
		}
		a.st.Bookings++
		a.buyers[b.CustomerID] = true
		rev, err := Revenue(set, b)
		if err != nil {
			return fmt.Errorf("booking %s: %w", b.Code, err)
		}
		a.st.Revenue += rev.Amount
		if b.DepartureID != "" {
			a.sold = append(a.sold, soldOn{b.ID, b.Code, b.DepartureID})
		}
		return nil
	}
	if books != nil {
		for _, b := range books.Bookings() {
			if a := attributed(b.CampaignID, b.CustomerID, func() app.Date { return b.BookedOn }); a != nil {
				if err := credit(a, b); err != nil {
					return nil, err
				}
			}
		}
	} else {
		err = fs.ScanFields(app.KindBooking, campaignBookingFields, func(id string, v []json.RawMessage) error {
			a := attributed(rawStr(v[0]), rawStr(v[1]), func() app.Date { return rawDate(v[2]) })
			if a == nil {
				return nil
			}
			b := app.Booking{ID: id, CampaignID: rawStr(v[0]), CustomerID: rawStr(v[1]), Status: app.BookingStatus(rawStr(v[3])),
				Code: rawStr(v[4]), DepartureID: rawStr(v[5]), Currency: rawStr(v[6])}
			if b.HoldsSeat() {
				if err := decode(v[7], &b.Lines); err != nil {
					return fmt.Errorf("segment: booking %s lines: %w", id, err)
				}
				if err := decode(v[8], &b.Discounts); err != nil {
					return fmt.Errorf("segment: booking %s discounts: %w", id, err)
				}
			}
			return credit(a, &b)
		})
		if err != nil {
			return nil, err
		}
	}
	// Profits of the sold bookings on settled departures.
	var deps []string
	for _, a := range list {
		for _, x := range a.sold {
			deps = append(deps, x.departure)
		}
	}
	profits, err := settledProfitsOf(s, deps, books)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		for _, x := range a.sold {
			p, ok := profits[x.departure][x.booking]
			if !ok {
				continue
			}
			c, err := set.Convert(p)
			if err != nil {
				return nil, fmt.Errorf("booking %s profit: %w", x.code, err)
			}
			a.st.Profit += c.Amount
			a.st.ProfitBookings++
		}
	}
	for _, a := range list {
		st := a.st
		st.Targets, st.Leads, st.Customers = len(a.targets), len(a.leads), len(a.buyers)
		finishRates(st)
		out = append(out, st)
	}
	return out, nil
}

// soldOn is an attributed booking sold on a departure.
type soldOn struct{ booking, code, departure string }

// campaignBookingFields are what attribution and sales read of a
// booking, in the order allCampaignStatsScan reads them.
var campaignBookingFields = []string{"campaign_id", "customer_id", "booked_on", "status", "code", "departure_id", "currency", "lines", "discounts"}

// rawInner is the bytes of a JSON string without escapes, between its
// quotes (nil otherwise): a map lookup by string(rawInner(v)) allocates
// nothing.
func rawInner(v json.RawMessage) []byte {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		for _, c := range v[1 : len(v)-1] {
			if c == '\\' {
				return nil
			}
		}
		return v[1 : len(v)-1]
	}
	return nil
}

// settledProfitsOf is settledProfits of each of departures deps (which
// may repeat): the frozen figures of those settled with them, and the
// settlements of those settled before figures were frozen worked out
// together (service.Settlements, of books when given) when s is a
// service.Store.
func settledProfitsOf(s Store, deps []string, books *service.Books) (map[string]map[string]money.Money, error) {
	out := map[string]map[string]money.Money{}
	var recompute []string
	err := s.View(func(r service.Reader) error {
		for _, id := range deps {
			if _, seen := out[id]; seen {
				continue
			}
			out[id] = nil
			d, err := service.Load[app.Departure](r, id)
			if err != nil || d.Status != app.DepartureSettled {
				continue
			}
			if f := d.Settlement; f != nil {
				m := map[string]money.Money{}
				for _, b := range f.Bookings {
					m[b.BookingID] = b.Profit
				}
				out[id] = m
				continue
			}
			recompute = append(recompute, id)
		}
		return nil
	})
	if err != nil || len(recompute) == 0 {
		return out, err
	}
	ss, ok := s.(service.Store)
	if !ok {
		err := s.View(func(r service.Reader) error {
			for _, id := range recompute {
				m, err := settledProfits(r, id)
				if err != nil {
					return err
				}
				out[id] = m
			}
			return nil
		})
		return out, err
	}
	var all []service.DepartureSettlement
	if books != nil {
		all, err = books.Settlements(recompute)
	} else {
		all, err = service.Settlements(ss, recompute)
	}
	if err != nil {
		return nil, err
	}
	for _, ds := range all {
		if ds.Err != nil {
			return nil, ds.Err
		}
		m := map[string]money.Money{}
		for _, b := range ds.Settlement.Bookings {
			m[b.BookingID] = b.Profit
		}
		out[ds.DepartureID] = m
	}
	return out, nil
}
