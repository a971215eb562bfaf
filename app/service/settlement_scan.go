package service

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/tourdesk/tourdesk/app"
)

// DepartureSettlement is one departure's settlement in a batch, or why it
// could not be worked out (the error SettlementOf gives).
type DepartureSettlement struct {
	DepartureID string
	Settlement  *Settlement
	Err         error
}

// Settlements works out the settlements of departures ids, as
// SettlementOf does each, in the order of ids. A departure's own problem
// (an unknown id, a currency with no exchange rate, mixed currencies) is
// its Err and the others are still worked out; the error returned is the
// store's. On a store that reads fields with one cursor (localdb) the
// bookings and payments are read once for all departures, and the service
// orders, expenses, incidents and complaints once each: 975 departures of
// the 100,000-customer demo store take a fraction of the time
// (docs/PERFORMANCE.md). Elsewhere each is SettlementOf in one
// transaction.
func Settlements(s Store, ids []string) ([]DepartureSettlement, error) {
	out := make([]DepartureSettlement, len(ids))
	for i, id := range ids {
		out[i].DepartureID = id
	}
	fs, fast := fieldScanner(s)
	if !fast {
		err := s.View(func(r Reader) error {
			for i, id := range ids {
				st, err := SettlementOf(r, id)
				out[i].Settlement, out[i].Err = st, err
			}
			return nil
		})
		return out, err
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var set *app.CompanySettings
	deps := map[string]*app.Departure{}
	inputs := map[string]*settlementInputs{}
	of := func(dep string) *settlementInputs {
		if !want[dep] {
			return nil
		}
		in := inputs[dep]
		if in == nil {
			in = &settlementInputs{payments: map[string][]*app.Payment{}}
			inputs[dep] = in
		}
		return in
	}
	err := s.View(func(r Reader) error {
		set = settings(r)
		for _, id := range ids {
			d, err := loadDeparture(r, id)
			if err != nil {
				if !isNotFound(err) {
					return err
				}
				for i := range out {
					if out[i].DepartureID == id {
						out[i].Err = err
					}
				}
				continue
			}
			deps[id] = d
		}
		// Orders, expenses, incidents and compensations through their
		// departure index, as SettlementOf reads them: a few records each.
		for id := range deps {
			in := of(id)
			var err error
			if in.orders, err = departureOrders(r, id); err != nil {
				return err
			}
			if in.expenses, err = Expenses(r, id); err != nil {
				return err
			}
			if in.incidents, err = Incidents(r, id); err != nil {
				return err
			}
			if in.compensations, err = Compensations(r, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The bookings on those departures, then their payments.
	byID := map[string]bool{}
	strs := sharedStrings{}
	err = fs.ScanFields(app.KindBooking, []string{"departure_id", "status", "code", "currency", "lines", "discounts"}, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindBooking, id: id}
		dep := strs.str(&d, v[0], "departure_id")
		in := of(dep)
		if in == nil || deps[dep] == nil {
			return d.err
		}
		b := &app.Booking{ID: id, DepartureID: dep, Status: app.BookingStatus(strs.str(&d, v[1], "status")), Code: d.str(v[2], "code"),
			Currency: strs.str(&d, v[3], "currency")}
		d.lines(v[4], &b.Lines)
		d.discounts(v[5], &b.Discounts)
		if d.err != nil {
			return d.err
		}
		in.bookings = append(in.bookings, b)
		byID[id] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	pays, err := scanPayments(fs, func(id string) bool { return byID[id] })
	if err != nil {
		return nil, err
	}
	for i := range out {
		d := deps[out[i].DepartureID]
		if d == nil {
			continue
		}
		in := of(d.ID)
		slices.SortFunc(in.bookings, func(a, b *app.Booking) int { return cmp.Compare(a.ID, b.ID) })
		for _, b := range in.bookings {
			if ps := pays[b.ID]; ps != nil {
				in.payments[b.ID] = ps
			}
		}
		out[i].Settlement, out[i].Err = settle(set, d, *in)
	}
	return out, nil
}
