package service

import (
	"cmp"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
)

// Complaints is the complaint workflow: received → investigating →
// resolved → closed along app.ComplaintTransitions (a simple complaint may
// be resolved at once; a customer unhappy with the answer sends a resolved
// one back to investigating; closed is final). Resolving needs the
// resolution's text and may give a compensation, in the booking's
// currency, which the departure's settlement counts as a cost (category
// compensation) unless it was paid back as a refund (RefundID).
//
// Who may is app/access's: an agent for their own customers, a manager for
// their office's, an admin; accountants and operators read complaints,
// guides and marketing do not see them. Checked before anything is
// written, as the server will.
type Complaints struct {
	store   Store
	session Session
}

// NewComplaints returns the complaint service of store for the session's
// user.
func NewComplaints(store Store, session Session) *Complaints {
	return &Complaints{store: store, session: session}
}

// ComplaintNew is a complaint as it comes in: about a booking (its
// customer and departure are then the booking's) or, with no booking,
// about a customer.
type ComplaintNew struct {
	BookingID   string
	CustomerID  string
	Description string
	// ReceivedOn is today when zero.
	ReceivedOn app.Date
	// HandlerID is who works on it; the session's user when empty.
	HandlerID string
}

// Add records a new complaint (status received) and returns it with its id.
func (c *Complaints) Add(n ComplaintNew, today app.Date) (*app.Complaint, error) {
	if err := mayCreate(c.session, app.KindComplaint); err != nil {
		return nil, err
	}
	cp := &app.Complaint{
		ID: record.NewID(), CustomerID: n.CustomerID, BookingID: n.BookingID, ReceivedOn: n.ReceivedOn,
		Description: n.Description, Status: app.ComplaintReceived, HandlerID: n.HandlerID,
	}
	if cp.ReceivedOn.IsZero() {
		cp.ReceivedOn = today
	}
	if cp.HandlerID == "" {
		cp.HandlerID = c.session.UserID
	}
	err := c.store.Update(func(tx Tx) error {
		if cp.BookingID != "" {
			b, err := loadBooking(tx, cp.BookingID)
			if err != nil {
				return err
			}
			if cp.CustomerID != "" && cp.CustomerID != b.CustomerID {
				return opsRefuse("booking %s is customer %s's, not %s's", b.Code, b.CustomerID, cp.CustomerID)
			}
			cp.CustomerID, cp.DepartureID = b.CustomerID, b.DepartureID
		} else if cp.CustomerID != "" {
			if _, err := Load[app.Customer](tx, cp.CustomerID); err != nil {
				if isNotFound(err) {
					return notFound(app.KindCustomer, cp.CustomerID)
				}
				return err
			}
		}
		return c.write(tx, cp, nil)
	})
	if err != nil {
		return nil, err
	}
	return cp, nil
}

// write validates cp and writes its fields (all of them when names is
// nil), after the access check.
func (c *Complaints) write(tx Tx, cp *app.Complaint, names []string) error {
	if err := cp.Validate(); err != nil {
		return err
	}
	values, err := record.Encode(cp)
	if err != nil {
		return err
	}
	if names != nil {
		if values, err = pickFields(cp, names...); err != nil {
			return err
		}
	}
	if err := checkWriteRecord(tx, c.session, app.KindComplaint, cp.ID, values); err != nil {
		return err
	}
	_, err = tx.Save(app.KindComplaint, cp.ID, values)
	return err
}

// ComplaintMove is a step of the workflow.
type ComplaintMove struct {
	To app.ComplaintStatus
	// Resolution is the answer given; required to resolve (unless the
	// complaint has one from an earlier resolution), kept when closing.
	Resolution string
	// Compensation, when not nil, is what the agency gives back (zero to
	// clear it), in the booking's currency (the default currency without
	// a booking); only when resolving.
	Compensation *money.Money
	// RefundID names the refund payment that paid the compensation back.
	RefundID string
	// On is the day of the move (ResolvedOn when resolving).
	On app.Date
}

// Move moves complaint id along the workflow and returns it as stored.
// An illegal move is an *app.ValidationError on status that says which
// moves are possible; a compensation in another currency, or given
// outside a resolution, is refused (app.ErrInvalid). Nothing is written
// on an error.
func (c *Complaints) Move(id string, m ComplaintMove) (*app.Complaint, error) {
	var out *app.Complaint
	err := c.store.Update(func(tx Tx) error {
		cp, err := loadComplaint(tx, id)
		if err != nil {
			return err
		}
		if err := app.ComplaintTransitions.Check(app.KindComplaint, "status", cp.Status, m.To); err != nil {
			return err
		}
		names := []string{"status"}
		cp.Status = m.To
		if m.Resolution != "" {
			cp.Resolution = m.Resolution
			names = append(names, "resolution")
		}
		if m.Compensation != nil || m.RefundID != "" {
			if m.To != app.ComplaintResolved {
				return opsRefuse("complaint %s: a compensation is given when the complaint is resolved, not when it is %s", id, m.To)
			}
		}
		if m.Compensation != nil {
			want := settings(tx).DefaultCurrency
			if cp.BookingID != "" {
				b, err := loadBooking(tx, cp.BookingID)
				if err != nil {
					return err
				}
				want = b.Currency
			}
			comp := *m.Compensation
			if comp.IsZero() {
				comp = money.New(0, want)
			}
			if comp.Currency != want {
				return opsRefuse("complaint %s: the compensation is in %s, the booking's currency is %s", id, comp.Currency, want)
			}
			if comp.IsNegative() {
				return opsRefuse("complaint %s: a compensation cannot be negative (%s)", id, comp)
			}
			cp.Compensation = comp
			names = append(names, "compensation")
		}
		if m.RefundID != "" {
			p, err := Load[app.Payment](tx, m.RefundID)
			if err != nil || p.Type != app.PaymentRefund || p.BookingID != cp.BookingID {
				return opsRefuse("complaint %s: payment %s is not a refund of its booking", id, m.RefundID)
			}
			cp.RefundID = m.RefundID
			names = append(names, "refund_id")
		}
		if m.To == app.ComplaintResolved {
			cp.ResolvedOn = m.On
			names = append(names, "resolved_on")
		}
		if err := c.write(tx, cp, names); err != nil {
			return err
		}
		out = cp
		return nil
	})
	return out, err
}

// Get returns complaint id.
func (c *Complaints) Get(id string) (*app.Complaint, error) { return loadComplaint(c.store, id) }

// ForCustomer returns customer customerID's complaints, the latest first.
func (c *Complaints) ForCustomer(customerID string) ([]*app.Complaint, error) {
	return complaintsBy(c.store, "customer_id", customerID)
}

// ForDeparture returns the complaints about departure departureID, the
// latest first.
func (c *Complaints) ForDeparture(departureID string) ([]*app.Complaint, error) {
	return complaintsBy(c.store, "departure_id", departureID)
}

// Open returns every complaint not yet closed, the oldest first (the one
// waiting longest on top).
func (c *Complaints) Open() ([]*app.Complaint, error) {
	var out []*app.Complaint
	for _, st := range []app.ComplaintStatus{app.ComplaintReceived, app.ComplaintInvestigating, app.ComplaintResolved} {
		l, err := complaintsBy(c.store, "status", string(st))
		if err != nil {
			return nil, err
		}
		out = append(out, l...)
	}
	slices.SortStableFunc(out, func(a, b *app.Complaint) int {
		return cmp.Or(a.ReceivedOn.Compare(b.ReceivedOn), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func complaintsBy(s Store, field, value string) ([]*app.Complaint, error) {
	var out []*app.Complaint
	err := s.View(func(r Reader) error {
		ids, err := r.Lookup(app.KindComplaint, field, value)
		if err != nil {
			return err
		}
		out, err = loadAll[app.Complaint](r, ids, func(cp *app.Complaint, id string) { cp.ID = id })
		return err
	})
	slices.SortStableFunc(out, func(a, b *app.Complaint) int {
		return cmp.Or(b.ReceivedOn.Compare(a.ReceivedOn), cmp.Compare(b.ID, a.ID))
	})
	return out, err
}

func loadComplaint(r Reader, id string) (*app.Complaint, error) {
	cp, err := Load[app.Complaint](r, id)
	if err != nil {
		if isNotFound(err) {
			return nil, notFound(app.KindComplaint, id)
		}
		return nil, err
	}
	cp.ID = id
	if cp.Status == "" {
		cp.Status = app.ComplaintReceived
	}
	return cp, nil
}

// Compensations returns the compensations of departure departureID's
// complaints that count as its costs: resolved or closed, not zero, not
// paid back as a refund (which the settlement takes off the revenue).
// The settlement adds them under category CostCompensation.
func Compensations(r Reader, departureID string) ([]*app.Complaint, error) {
	ids, err := r.Lookup(app.KindComplaint, "departure_id", departureID)
	if err != nil {
		return nil, err
	}
	all, err := loadAll[app.Complaint](r, ids, func(cp *app.Complaint, id string) { cp.ID = id })
	if err != nil {
		return nil, err
	}
	var out []*app.Complaint
	for _, cp := range all {
		if (cp.Status == app.ComplaintResolved || cp.Status == app.ComplaintClosed) && !cp.Compensation.IsZero() && cp.RefundID == "" {
			out = append(out, cp)
		}
	}
	slices.SortStableFunc(out, func(a, b *app.Complaint) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// CostCompensation is the settlement's cost category of complaints'
// compensations.
const CostCompensation = "compensation"
