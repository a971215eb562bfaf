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
// bookings, payments, service orders, expenses and incidents are read in
// one pass each for all departures (the complaints through their
// departure index): 975 departures of the 100,000-customer demo store
// cost 0.4 s of CPU instead of 5.6 s (docs/PERFORMANCE.md, "Money
// reports"). Elsewhere each is SettlementOf in one transaction.
func Settlements(s Store, ids []string) ([]DepartureSettlement, error) {
	if _, fast := fieldScanner(s); !fast {
		out := make([]DepartureSettlement, len(ids))
		for i, id := range ids {
			out[i].DepartureID = id
		}
		err := s.View(func(r Reader) error {
			for i, id := range ids {
				st, err := SettlementOf(r, id)
				out[i].Settlement, out[i].Err = st, err
			}
			return nil
		})
		return out, err
	}
	books, err := LoadBooks(s)
	if err != nil {
		return nil, err
	}
	return books.Settlements(ids)
}

// Settlements is the package's Settlements worked out of the books: the
// bookings and payments are the books', the service orders, expenses and
// incidents read in one pass each, the complaints through their
// departure index.
func (bk *Books) Settlements(ids []string) ([]DepartureSettlement, error) {
	s, fs := bk.store, bk.fs
	out := make([]DepartureSettlement, len(ids))
	for i, id := range ids {
		out[i].DepartureID = id
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
		// Compensations through the complaints' departure index (few
		// complaints, and the rule of which count is Compensations').
		for id := range deps {
			var err error
			if of(id).compensations, err = Compensations(r, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Service orders, expenses and incidents: the fields a settlement
	// reads, in one pass each.
	strs := sharedStrings{}
	err = fs.ScanFields(app.KindServiceOrder, []string{"departure_id", "status", "quantity", "unit_cost"}, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindServiceOrder, id: id}
		in := of(strs.str(&d, v[0], "departure_id"))
		if in == nil {
			return d.err
		}
		o := &app.ServiceOrder{ID: id, Status: app.ServiceOrderStatus(strs.str(&d, v[1], "status")), UnitCost: d.money(v[3], "unit_cost")}
		d.fail("quantity", rawInto(v[2], &o.Quantity))
		in.orders = append(in.orders, o)
		return d.err
	})
	if err != nil {
		return nil, err
	}
	err = fs.ScanFields(app.KindExpense, []string{"departure_id", "category", "amount", "reversal_of"}, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindExpense, id: id}
		in := of(strs.str(&d, v[0], "departure_id"))
		if in == nil {
			return d.err
		}
		in.expenses = append(in.expenses, &app.Expense{ID: id, Category: app.ExpenseCategory(strs.str(&d, v[1], "category")),
			Amount: d.money(v[2], "amount"), ReversalOf: d.str(v[3], "reversal_of")})
		return d.err
	})
	if err != nil {
		return nil, err
	}
	err = fs.ScanFields(app.KindIncident, []string{"departure_id", "cost"}, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindIncident, id: id}
		in := of(strs.str(&d, v[0], "departure_id"))
		if in == nil {
			return d.err
		}
		in.incidents = append(in.incidents, &app.Incident{ID: id, Cost: d.money(v[1], "cost")})
		return d.err
	})
	if err != nil {
		return nil, err
	}
	// The bookings on those departures, and their payments.
	for _, b := range bk.bookings {
		if in := of(b.DepartureID); in != nil && deps[b.DepartureID] != nil {
			in.bookings = append(in.bookings, b)
		}
	}
	pays := bk.payments
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
