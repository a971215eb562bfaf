package service

import (
	"cmp"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// Bookings is the use cases that list bookings (the customer detail's
// Bookings section; later the Bookings area).
type Bookings struct {
	store Store
}

// NewBookings returns the booking service of store.
func NewBookings(store Store) *Bookings { return &Bookings{store: store} }

// BookingRow is one booking as a list shows it, with what the list states
// but no record holds: the trip's name and dates and the money owed.
type BookingRow struct {
	// Booking is the stored booking, its ID set.
	Booking *app.Booking
	// Trip is the tour's name for a seat on a departure, the destination
	// for a custom trip (or when the tour is gone).
	Trip string
	// Start and End are the departure's dates, or the custom trip's.
	Start, End app.Date
	// Payments are the booking's payments (reversals included, IDs set),
	// oldest first.
	Payments []*app.Payment
	// Total is app.Booking.Total; Paid is app.Paid of the payments in the
	// booking's currency and Balance is Total less Paid (app.Balance).
	Total, Paid, Balance money.Money
	// Problem is set when the money cannot be worked out (a price line in
	// another currency, a payment in another currency, an overflow); the
	// money fields are then what could be summed, and the row still lists.
	Problem error
}

// ForCustomer returns the live bookings of customer id (through the
// booking index on customer_id, in one read transaction), the latest trip
// first: by start date descending, then by code descending. A customer
// with no bookings, or an unknown id, gives an empty list.
func (s *Bookings) ForCustomer(customerID string) ([]BookingRow, error) {
	var rows []BookingRow
	err := s.store.View(func(r Reader) error {
		ids, err := r.Lookup(app.KindBooking, "customer_id", customerID)
		if err != nil {
			return err
		}
		rows = make([]BookingRow, 0, len(ids))
		for _, id := range ids {
			row, err := bookingRow(r, id)
			if isNotFound(err) {
				continue // deleted since the index was read: not listed
			}
			if err != nil {
				return err
			}
			rows = append(rows, row)
		}
		return nil
	})
	slices.SortStableFunc(rows, func(a, b BookingRow) int {
		return cmp.Or(b.Start.Compare(a.Start), cmp.Compare(b.Booking.Code, a.Booking.Code))
	})
	return rows, err
}

func bookingRow(r Reader, id string) (BookingRow, error) {
	b, err := Load[app.Booking](r, id)
	if err != nil {
		return BookingRow{}, err
	}
	b.ID = id
	row := BookingRow{Booking: b, Trip: b.Destination, Start: b.StartDate, End: b.EndDate}
	dep, err := optional[app.Departure](r, b.DepartureID)
	if err != nil {
		return row, err
	}
	if dep != nil {
		row.Start, row.End = dep.StartDate, dep.EndDate
		t, err := optional[app.Tour](r, dep.TourID)
		if err != nil {
			return row, err
		}
		if t != nil {
			row.Trip = t.Name
		}
	}
	if row.Payments, err = bookingPayments(r, id); err != nil {
		return row, err
	}
	row.Total, row.Problem = b.Total()
	var ok bool
	row.Paid, ok = app.Paid(row.Payments, b.Currency)
	if !ok && row.Problem == nil {
		row.Problem = money.ErrMixedCurrency
	}
	if row.Problem == nil {
		row.Balance, row.Problem = app.Balance(b, row.Payments)
	}
	return row, nil
}
