package app

import "github.com/tourdesk/tourdesk/app/money"

// ServiceOrderStatus tracks an order with a partner: requested (sent),
// confirmed (the partner confirmed, with a number), completed (the
// service was delivered), or cancelled.
type ServiceOrderStatus string

const (
	OrderRequested ServiceOrderStatus = "requested"
	OrderConfirmed ServiceOrderStatus = "confirmed"
	OrderCompleted ServiceOrderStatus = "completed"
	OrderCancelled ServiceOrderStatus = "cancelled"
)

// ServiceOrderStatuses lists every service order status.
var ServiceOrderStatuses = []ServiceOrderStatus{OrderRequested, OrderConfirmed, OrderCompleted, OrderCancelled}

// ServiceOrderTransitions: an order is completed only once confirmed and
// may be cancelled until then; completed and cancelled are final.
var ServiceOrderTransitions = Transitions[ServiceOrderStatus]{
	OrderRequested: {OrderConfirmed, OrderCancelled},
	OrderConfirmed: {OrderCompleted, OrderCancelled},
}

// ServiceOrder is what a departure orders from a partner: rooms, meals, a
// coach, tickets. Its cost is a payable to the partner and a cost of the
// departure in its settlement.
type ServiceOrder struct {
	ID          string `json:"-"`
	DepartureID string `json:"departure_id"`
	PartnerID   string `json:"partner_id"`
	// Service says what is ordered ("12 twin rooms, sea view", "45-seat
	// coach Đà Nẵng – Hội An").
	Service   string `json:"service"`
	StartDate Date   `json:"start_date"`
	EndDate   Date   `json:"end_date"`
	// Quantity × UnitCost is the order's cost (rooms × nights are one
	// quantity: 12 rooms for 3 nights is 36).
	Quantity           int                `json:"quantity"`
	UnitCost           money.Money        `json:"unit_cost"`
	Status             ServiceOrderStatus `json:"status"`
	ConfirmationNumber string             `json:"confirmation_number"`
	Notes              string             `json:"notes"`
}

func init() {
	register(KindInfo{
		Kind:   KindServiceOrder,
		New:    func() Entity { return new(ServiceOrder) },
		Index:  []string{"departure_id", "partner_id", "status", "start_date"},
		Search: []string{"service", "confirmation_number"},
		Sort:   "start_date",
	})
}

// Kind implements Entity.
func (*ServiceOrder) Kind() Kind { return KindServiceOrder }

// Validate normalises the order (status defaults to requested) and reports
// every field that is wrong. A confirmed or completed order needs the
// partner's confirmation number.
func (o *ServiceOrder) Validate() error {
	var p Problems
	if o.Status == "" {
		o.Status = OrderRequested
	}
	CleanID(&p, "departure_id", &o.DepartureID, true)
	CleanID(&p, "partner_id", &o.PartnerID, true)
	CleanText(&p, "service", &o.Service, MaxText, true, true)
	CheckPeriod(&p, "start_date", "end_date", o.StartDate, o.EndDate, false)
	CheckInt(&p, "quantity", o.Quantity, 1, 100000)
	CheckMoney(&p, "unit_cost", &o.UnitCost, true, NotNegative, "")
	CheckOneOf(&p, "status", o.Status, true, ServiceOrderStatuses...)
	CleanText(&p, "confirmation_number", &o.ConfirmationNumber, MaxName, o.Status == OrderConfirmed || o.Status == OrderCompleted, false)
	CleanText(&p, "notes", &o.Notes, MaxNotes, false, true)
	return p.Err(KindServiceOrder)
}

// Cost is Quantity × UnitCost.
func (o *ServiceOrder) Cost() (money.Money, error) { return o.UnitCost.Mul(int64(o.Quantity)) }
