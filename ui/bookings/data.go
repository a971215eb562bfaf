// Package bookings is the Bookings area of the desktop app: a virtual
// list of the bookings the user works on with search by code or customer,
// the New booking form (a customer and a departure, or a custom trip,
// with price lines and live totals), and the detail of the selected
// booking: its price lines with the loyalty discount the service applied,
// travelers, payments (deposit, balance, surcharge, refund, cancellation
// with the refund from the terms), and its contract and receipts to print.
//
// Everything that touches the store runs off the UI goroutine through
// app/service; results are applied on it through fyne.Do, and a result
// that a newer query or selection has overtaken is discarded.
//
// Data (this file) is also what the Pipeline area (ui/pipeline) reads.
package bookings

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/phone"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// Data reads and changes bookings for one session over the app's
// services. Its methods are safe to call from any goroutine (the store
// and the services are).
type Data struct {
	Store    service.Store
	Session  service.Session
	Pipeline *service.Pipeline
	Payments *service.Payments
}

// NewData builds the booking use cases over store for session; device is
// the store's device id (booking codes are derived from it).
//
// A session with a user but no office (the offline demo's -role/-user)
// takes the office of the user's record, so a manager's scope and
// permissions are their office's.
func NewData(store service.Store, session service.Session, device string) *Data {
	if session.OfficeID == "" && session.UserID != "" {
		if u, err := service.Load[app.User](store, session.UserID); err == nil {
			session.OfficeID = u.OfficeID
		}
	}
	return &Data{Store: store, Session: session,
		Pipeline: service.NewPipeline(store, session, device),
		Payments: service.NewPayments(store, session)}
}

// Row is one booking as the lists show it.
type Row struct {
	ID       string
	Booking  *app.Booking
	Customer string
	// Trip is the tour's name, or a custom trip's destination; Departure
	// the departure's code ("" for a custom trip).
	Trip, Departure string
	Start, End      app.Date
	// Total, Paid and Balance are in the booking's currency; Problem is
	// set when they cannot be worked out (they are then what could be).
	Total, Paid, Balance money.Money
	Problem              error
}

// scope is the index a role's lists read bookings through: an agent's
// own (owner_id), a manager's office (office_id), everyone else all. The local store
// holds only what the server lets the user read; the scope keeps a
// shared or demo store to what the user works on. The customer's owner
// decides on the server (app/access); a booking carries its customer's
// owner and office (Pipeline.Create), so its own fields stand for them.
func (d *Data) scope() (field, value string) {
	switch d.Session.Role {
	case app.RoleAgent:
		return "owner_id", d.Session.UserID
	case app.RoleManager:
		return "office_id", d.Session.OfficeID
	}
	return "", ""
}

// IDs returns the ids of the bookings the user works on, the latest
// booked first.
func (d *Data) IDs() ([]string, error) {
	field, value := d.scope()
	var ids []string
	var err error
	if field == "" {
		ids, err = d.Store.SortedIDs(app.KindBooking)
	} else {
		// Lookup answers in id order: UUIDv7 ids are creation order.
		ids, err = d.Store.Lookup(app.KindBooking, field, value)
	}
	if err != nil {
		return nil, err
	}
	ids = slices.Clone(ids)
	slices.Reverse(ids)
	return ids, nil
}

// StatusIDs returns the ids of the bookings the user works on that are
// at status, in id order.
func (d *Data) StatusIDs(status app.BookingStatus) ([]string, error) {
	ids, err := d.Store.Lookup(app.KindBooking, "status", string(status))
	if err != nil {
		return nil, err
	}
	field, value := d.scope()
	if field == "" {
		return ids, nil
	}
	mine, err := d.Store.Lookup(app.KindBooking, field, value)
	if err != nil {
		return nil, err
	}
	return intersect(ids, mine), nil
}

// intersect returns the ids in both a and b (each sorted).
func intersect(a, b []string) []string {
	var out []string
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}

// Search returns at most limit ids of the bookings the user works on
// whose code, destination or contract number matches query, then those of
// the customers whose name, phone, email or passport does.
func (d *Data) Search(query string, limit int) ([]string, error) {
	own, err := d.Store.Search(app.KindBooking, query, limit)
	if err != nil {
		return nil, err
	}
	customers, err := d.Store.Search(app.KindCustomer, query, limit)
	if err != nil {
		return nil, err
	}
	field, value := d.scope()
	seen := map[string]bool{}
	var out []string
	err = d.Store.View(func(r service.Reader) error {
		add := func(id string) error {
			if seen[id] || len(out) >= limit {
				return nil
			}
			seen[id] = true
			if field != "" {
				b, err := service.Load[app.Booking](r, id)
				if err != nil {
					if errors.Is(err, app.ErrNotFound) {
						return nil
					}
					return err
				}
				if (field == "owner_id" && b.OwnerID != value) || (field == "office_id" && b.OfficeID != value) {
					return nil
				}
			}
			out = append(out, id)
			return nil
		}
		for _, id := range own {
			if err := add(id); err != nil {
				return err
			}
		}
		for _, cid := range customers {
			ids, err := r.Lookup(app.KindBooking, "customer_id", cid)
			if err != nil {
				return err
			}
			for i := len(ids) - 1; i >= 0; i-- {
				if err := add(ids[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// Rows loads the rows of ids in one read transaction; ids that are gone
// are absent from the map.
func (d *Data) Rows(ids []string) (map[string]*Row, error) {
	out := make(map[string]*Row, len(ids))
	err := d.Store.View(func(r service.Reader) error {
		names := map[string]string{}
		trips := map[string][3]string{} // departure id → tour name, code, start|end
		for _, id := range ids {
			row, err := loadRow(r, id, names, trips)
			if errors.Is(err, app.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out[id] = row
		}
		return nil
	})
	return out, err
}

func loadRow(r service.Reader, id string, names map[string]string, trips map[string][3]string) (*Row, error) {
	b, err := service.Load[app.Booking](r, id)
	if err != nil {
		return nil, err
	}
	b.ID = id
	row := &Row{ID: id, Booking: b, Trip: b.Destination, Start: b.StartDate, End: b.EndDate}
	name, ok := names[b.CustomerID]
	if !ok {
		if c, err := service.Load[app.Customer](r, b.CustomerID); err == nil {
			name = c.Name
		}
		names[b.CustomerID] = name
	}
	row.Customer = name
	if b.DepartureID != "" {
		t, ok := trips[b.DepartureID]
		if !ok {
			if dep, err := service.Load[app.Departure](r, b.DepartureID); err == nil {
				t[1], t[2] = dep.Code, dep.StartDate.String()+"|"+dep.EndDate.String()
				if tour, err := service.Load[app.Tour](r, dep.TourID); err == nil {
					t[0] = tour.Name
				}
			}
			trips[b.DepartureID] = t
		}
		if t[0] != "" {
			row.Trip = t[0]
		}
		row.Departure = t[1]
		if s, e, ok := strings.Cut(t[2], "|"); ok {
			row.Start, _ = app.ParseDate(s)
			row.End, _ = app.ParseDate(e)
		}
	}
	pids, err := r.Lookup(app.KindPayment, "booking_id", id)
	if err != nil {
		return nil, err
	}
	var ps []*app.Payment
	for _, pid := range pids {
		p, err := service.Load[app.Payment](r, pid)
		if err != nil {
			continue
		}
		p.ID = pid
		ps = append(ps, p)
	}
	row.Total, row.Problem = b.Total()
	paid, ok := app.Paid(ps, b.Currency)
	row.Paid = paid
	if !ok && row.Problem == nil {
		row.Problem = money.ErrMixedCurrency
	}
	if row.Problem == nil {
		row.Balance, row.Problem = app.Balance(b, ps)
	}
	return row, nil
}

// CanEdit reports whether the user may change field of booking id (the
// client's hint: the server decides). A session with no role (a store
// nobody logged in to) may.
func (d *Data) CanEdit(id, field string) bool {
	if d.Session.Role == "" {
		return true
	}
	ok := false
	d.Store.View(func(r service.Reader) error {
		rec, err := r.Get(app.KindBooking, id)
		if err == nil {
			ok = access.CanEdit(access.Subject{UserID: d.Session.UserID, OfficeID: d.Session.OfficeID, Role: d.Session.Role}, rec, field, Lookup{r})
		}
		return nil
	})
	return ok
}

// CanCreate reports whether the user's role may create records of kind.
func (d *Data) CanCreate(k app.Kind) bool {
	return d.Session.Role == "" || access.CanCreate(access.Subject{UserID: d.Session.UserID, OfficeID: d.Session.OfficeID, Role: d.Session.Role}, k)
}

// Lookup adapts a service.Reader to access.Lookup.
type Lookup struct{ R service.Reader }

// Get implements access.Lookup.
func (l Lookup) Get(kind app.Kind, id string) (record.Record, bool) {
	rec, err := l.R.Get(kind, id)
	return rec, err == nil
}

// Choice is a record offered in a form's menu.
type Choice struct {
	ID, Label string
}

// FindCustomers returns at most limit customers matching query that the
// user works on (as scope), labelled "Name · phone".
func (d *Data) FindCustomers(query string, limit int) ([]Choice, error) {
	ids, err := d.Store.Search(app.KindCustomer, query, limit*4)
	if err != nil {
		return nil, err
	}
	field, value := d.scope()
	var out []Choice
	err = d.Store.View(func(r service.Reader) error {
		for _, id := range ids {
			if len(out) >= limit {
				break
			}
			c, err := service.Load[app.Customer](r, id)
			if err != nil {
				continue
			}
			if (field == "owner_id" && c.OwnerID != value) || (field == "office_id" && c.OfficeID != value) {
				continue
			}
			label := c.Name
			if len(c.Phones) > 0 {
				label += " · " + phone.Display(c.Phones[0], c.Country)
			}
			out = append(out, Choice{ID: id, Label: label})
		}
		return nil
	})
	return out, err
}

// Departure is a departure offered for a new booking.
type Departure struct {
	Choice
	Tour       *app.Tour
	Start, End app.Date
}

// Departures returns at most limit departures starting on from or
// later, soonest first, not cancelled, with their tour.
func (d *Data) Departures(from app.Date, limit int) ([]Departure, error) {
	ids, err := d.Store.SortedIDs(app.KindDeparture)
	if err != nil {
		return nil, err
	}
	var out []Departure
	err = d.Store.View(func(r service.Reader) error {
		start := func(i int) app.Date {
			dep, err := service.Load[app.Departure](r, ids[i])
			if err != nil {
				return app.Date{}
			}
			return dep.StartDate
		}
		// Sorted by start date: the first one from "from" on is found by
		// bisection.
		i := sort.Search(len(ids), func(i int) bool { return !start(i).Before(from) })
		tours := map[string]*app.Tour{}
		for ; i < len(ids) && len(out) < limit; i++ {
			dep, err := service.Load[app.Departure](r, ids[i])
			if err != nil || dep.Status == app.DepartureCancelled {
				continue
			}
			t, ok := tours[dep.TourID]
			if !ok {
				if t, err = service.Load[app.Tour](r, dep.TourID); err != nil {
					t = nil
				}
				tours[dep.TourID] = t
			}
			label := dep.Code + " · " + dep.StartDate.String()
			if t != nil {
				label = dep.Code + " · " + t.Name + " · " + dep.StartDate.String()
			}
			out = append(out, Departure{Choice: Choice{ID: ids[i], Label: label}, Tour: t, Start: dep.StartDate, End: dep.EndDate})
		}
		return nil
	})
	return out, err
}

// Seats is the seat state of departure id.
func (d *Data) Seats(id string) (service.SeatState, error) {
	var st service.SeatState
	err := d.Store.View(func(r service.Reader) error {
		var err error
		st, err = service.Seats(r, id)
		return err
	})
	return st, err
}

// DefaultCurrency is the company's default currency (VND when unset).
func (d *Data) DefaultCurrency() string {
	s, err := service.Load[app.CompanySettings](d.Store, app.CompanySettingsID)
	if err != nil || s.DefaultCurrency == "" {
		return "VND"
	}
	return s.DefaultCurrency
}
