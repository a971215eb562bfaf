package service

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// Kinds of timeline entries.
const (
	EventRequest     = "request"     // a booking as it came in (booked_on)
	EventBooking     = "booking"     // the deposit that made it a booking (first payment's date)
	EventTrip        = "trip"        // the trip itself (start date)
	EventPayment     = "payment"     // money in or out (refunds and reversals negative)
	EventInteraction = "interaction" // a call, email, meeting, note…
	EventComplaint   = "complaint"
	EventFeedback    = "feedback"
	EventTask        = "task" // a task done
)

// TimelineEntry is one event of a customer's history.
type TimelineEntry struct {
	Kind string   `json:"kind"`
	Date app.Date `json:"date"`
	// At is the time of day when the record has one (interactions, tasks
	// done); zero otherwise.
	At    time.Time `json:"at,omitzero"`
	Title string    `json:"title"`
	// Amount is the money of the event, when there is one: a booking's
	// total, a payment (negative for a refund or a reversal), a complaint's
	// compensation.
	Amount *money.Money `json:"amount,omitempty"`
	// RecordKind and RecordID are the record the entry opens.
	RecordKind app.Kind `json:"record_kind"`
	RecordID   string   `json:"record_id"`
}

// Timeline returns customer customerID's history in one list, the newest
// first: requests, bookings, trips, payments, interactions, complaints,
// feedback and the tasks done about them, from what the store holds (so
// what the user may see). Entries of one day are ordered by their time
// when they have one (interactions, tasks), then by kind in the order of
// the sales flow reversed (a trip after its booking after its request),
// then by record id. A trip not yet started is listed on its start date,
// so an upcoming trip comes first. An unknown customer matches
// app.ErrNotFound.
func (c *Care) Timeline(customerID string) ([]TimelineEntry, error) {
	return Timeline(c.store, customerID)
}

// Timeline is Care.Timeline over any store.
func Timeline(s Store, customerID string) ([]TimelineEntry, error) {
	var out []TimelineEntry
	err := s.View(func(r Reader) error {
		if _, err := Load[app.Customer](r, customerID); err != nil {
			if isNotFound(err) {
				return notFound(app.KindCustomer, customerID)
			}
			return err
		}
		add := func(e TimelineEntry) {
			if !e.Date.IsZero() {
				out = append(out, e)
			}
		}
		amount := func(m money.Money) *money.Money { return &m }

		ids, err := r.Lookup(app.KindBooking, "customer_id", customerID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			row, err := bookingRow(r, id)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			b := row.Booking
			trip := row.Trip
			if trip == "" && b.DepartureID != "" {
				if d, err := optional[app.Departure](r, b.DepartureID); err == nil && d != nil {
					trip = d.Code // the tour is not on this device
				}
			}
			if trip == "" {
				trip = "trip"
			}
			title := fmt.Sprintf("Request %s: %s", b.Code, trip)
			if b.Status == app.BookingLost || b.Status == app.BookingCancelled {
				title += fmt.Sprintf(" (%s: %s)", b.Status, b.Reason)
			}
			add(TimelineEntry{Kind: EventRequest, Date: b.BookedOn, Title: title, RecordKind: app.KindBooking, RecordID: id})
			var first app.Date
			for _, p := range row.Payments {
				if p.Type != app.PaymentRefund && p.ReversalOf == "" {
					first = p.Date
					break
				}
			}
			if !first.IsZero() && row.Problem == nil {
				add(TimelineEntry{Kind: EventBooking, Date: first, Title: fmt.Sprintf("Booked %s: %s, %d seat(s)", b.Code, trip, b.Seats()),
					Amount: amount(row.Total), RecordKind: app.KindBooking, RecordID: id})
			}
			if b.HoldsSeat() && !row.Start.IsZero() {
				add(TimelineEntry{Kind: EventTrip, Date: row.Start, Title: fmt.Sprintf("Trip %s: %s, %s – %s", b.Code, trip, row.Start, row.End),
					RecordKind: app.KindBooking, RecordID: id})
			}
			for _, p := range row.Payments {
				m := p.Amount
				what := string(p.Type)
				if p.Type == app.PaymentRefund || p.ReversalOf != "" {
					m, _ = m.Neg()
				}
				if p.ReversalOf != "" {
					what = "reversal of a payment"
				}
				title := fmt.Sprintf("Payment %s: %s, %s", b.Code, what, p.Method)
				if p.Note != "" {
					title += " — " + p.Note
				}
				add(TimelineEntry{Kind: EventPayment, Date: p.Date, Title: title, Amount: amount(m), RecordKind: app.KindPayment, RecordID: p.ID})
			}
		}

		ids, err = r.Lookup(app.KindInteraction, "customer_id", customerID)
		if err != nil {
			return err
		}
		// Interactions are append-only: those of customers merged into
		// this one keep their id (Customers.Merge).
		merged, err := MergedFrom(r, customerID)
		if err != nil {
			return err
		}
		for _, m := range merged {
			more, err := r.Lookup(app.KindInteraction, "customer_id", m)
			if err != nil {
				return err
			}
			ids = append(ids, more...)
		}
		its, err := loadAll[app.Interaction](r, ids, func(it *app.Interaction, id string) { it.ID = id })
		if err != nil {
			return err
		}
		for _, it := range its {
			title := string(it.Type)
			if it.Direction != "" {
				title += " (" + string(it.Direction) + ")"
			}
			add(TimelineEntry{Kind: EventInteraction, Date: app.DateOf(it.At.UTC()), At: it.At.UTC(), Title: title + ": " + oneLine(it.Summary),
				RecordKind: app.KindInteraction, RecordID: it.ID})
		}

		ids, err = r.Lookup(app.KindComplaint, "customer_id", customerID)
		if err != nil {
			return err
		}
		cps, err := loadAll[app.Complaint](r, ids, func(cp *app.Complaint, id string) { cp.ID = id })
		if err != nil {
			return err
		}
		for _, cp := range cps {
			st := cp.Status
			if st == "" {
				st = app.ComplaintReceived
			}
			e := TimelineEntry{Kind: EventComplaint, Date: cp.ReceivedOn, Title: fmt.Sprintf("Complaint (%s): %s", st, oneLine(cp.Description)),
				RecordKind: app.KindComplaint, RecordID: cp.ID}
			if !cp.Compensation.IsZero() {
				e.Amount = amount(cp.Compensation)
			}
			add(e)
		}

		ids, err = r.Lookup(app.KindFeedback, "customer_id", customerID)
		if err != nil {
			return err
		}
		fbs, err := loadAll[app.Feedback](r, ids, func(fb *app.Feedback, id string) { fb.ID = id })
		if err != nil {
			return err
		}
		for _, fb := range fbs {
			title := "Feedback: overall " + Stars(fb.Overall)
			if fb.Comments != "" {
				title += " — " + oneLine(fb.Comments)
			}
			add(TimelineEntry{Kind: EventFeedback, Date: fb.ReceivedOn, Title: title, RecordKind: app.KindFeedback, RecordID: fb.ID})
		}

		ids, err = r.Lookup(app.KindTask, "customer_id", customerID)
		if err != nil {
			return err
		}
		tks, err := loadAll[app.Task](r, ids, func(t *app.Task, id string) { t.ID = id })
		if err != nil {
			return err
		}
		for _, t := range tks {
			if t.Status != app.TaskDone {
				continue
			}
			e := TimelineEntry{Kind: EventTask, Date: t.DueDate, Title: "Done: " + t.Title, RecordKind: app.KindTask, RecordID: t.ID}
			if !t.DoneAt.IsZero() {
				e.At = t.DoneAt.UTC()
				e.Date = app.DateOf(e.At)
			}
			add(e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rank := map[string]int{EventRequest: 0, EventBooking: 1, EventPayment: 2, EventTrip: 3, EventInteraction: 4, EventTask: 5, EventFeedback: 6, EventComplaint: 7}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int {
		return cmp.Or(b.Date.Compare(a.Date), b.At.Compare(a.At), cmp.Compare(rank[b.Kind], rank[a.Kind]), cmp.Compare(b.RecordID, a.RecordID))
	})
	return out, nil
}

// oneLine joins the lines of s for a list.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
