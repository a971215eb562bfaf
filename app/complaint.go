package app

import "github.com/tourdesk/tourdesk/app/money"

// ComplaintStatus is a complaint's workflow: received, investigating,
// resolved (an answer and any compensation given), closed (the customer
// accepted it or stopped replying).
type ComplaintStatus string

const (
	ComplaintReceived      ComplaintStatus = "received"
	ComplaintInvestigating ComplaintStatus = "investigating"
	ComplaintResolved      ComplaintStatus = "resolved"
	ComplaintClosed        ComplaintStatus = "closed"
)

// ComplaintStatuses lists every complaint status in order.
var ComplaintStatuses = []ComplaintStatus{ComplaintReceived, ComplaintInvestigating, ComplaintResolved, ComplaintClosed}

// ComplaintTransitions: a simple complaint may be resolved at once; a
// customer unhappy with the resolution reopens the investigation; closed
// is final.
var ComplaintTransitions = Transitions[ComplaintStatus]{
	ComplaintReceived:      {ComplaintInvestigating, ComplaintResolved},
	ComplaintInvestigating: {ComplaintResolved},
	ComplaintResolved:      {ComplaintClosed, ComplaintInvestigating},
}

// Complaint is a customer's complaint about a booking or trip.
type Complaint struct {
	ID          string          `json:"-"`
	CustomerID  string          `json:"customer_id"`
	BookingID   string          `json:"booking_id"`
	DepartureID string          `json:"departure_id"`
	ReceivedOn  Date            `json:"received_on"`
	Description string          `json:"description"`
	Status      ComplaintStatus `json:"status"`
	// HandlerID is the user working on it.
	HandlerID  string `json:"handler_id"`
	Resolution string `json:"resolution"`
	// Compensation is what the agency gives back, in the booking's
	// currency: a cost of the complaint's departure in its settlement
	// (category compensation), unless RefundID names the refund payment
	// that paid it back, which the settlement already counts by taking it
	// off the revenue.
	Compensation money.Money `json:"compensation"`
	// RefundID is the Payment (type refund) that paid the compensation.
	RefundID string `json:"refund_id"`
	// ResolvedOn is the day it was (last) resolved.
	ResolvedOn Date `json:"resolved_on"`
}

func init() {
	register(KindInfo{
		Kind:   KindComplaint,
		New:    func() Entity { return new(Complaint) },
		Index:  []string{"customer_id", "booking_id", "departure_id", "status", "handler_id", "received_on"},
		Search: []string{"description"},
		Sort:   "received_on",
	})
}

// Kind implements Entity.
func (*Complaint) Kind() Kind { return KindComplaint }

// Validate normalises the complaint (status defaults to received) and
// reports every field that is wrong; a resolved or closed complaint needs
// its resolution.
func (c *Complaint) Validate() error {
	var p Problems
	if c.Status == "" {
		c.Status = ComplaintReceived
	}
	CleanID(&p, "customer_id", &c.CustomerID, true)
	CleanID(&p, "booking_id", &c.BookingID, false)
	CleanID(&p, "departure_id", &c.DepartureID, false)
	CheckDate(&p, "received_on", c.ReceivedOn, true)
	CleanText(&p, "description", &c.Description, MaxNotes, true, true)
	CheckOneOf(&p, "status", c.Status, true, ComplaintStatuses...)
	CleanID(&p, "handler_id", &c.HandlerID, false)
	CleanText(&p, "resolution", &c.Resolution, MaxNotes, c.Status == ComplaintResolved || c.Status == ComplaintClosed, true)
	CheckMoney(&p, "compensation", &c.Compensation, false, NotNegative, "")
	CleanID(&p, "refund_id", &c.RefundID, false)
	CheckDate(&p, "resolved_on", c.ResolvedOn, false)
	return p.Err(KindComplaint)
}
