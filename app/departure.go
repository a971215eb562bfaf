package app

import (
	"fmt"
	"strings"

	"github.com/tourdesk/tourdesk/app/money"
)

// DepartureStatus is where a departure is in its life: planned (on sale),
// confirmed (enough travelers, services ordered), running (in the field),
// completed (back home), settled (final costs and payments closed), or
// cancelled.
type DepartureStatus string

const (
	DeparturePlanned   DepartureStatus = "planned"
	DepartureConfirmed DepartureStatus = "confirmed"
	DepartureRunning   DepartureStatus = "running"
	DepartureCompleted DepartureStatus = "completed"
	DepartureSettled   DepartureStatus = "settled"
	DepartureCancelled DepartureStatus = "cancelled"
)

// DepartureStatuses lists every departure status in life order.
var DepartureStatuses = []DepartureStatus{DeparturePlanned, DepartureConfirmed, DepartureRunning, DepartureCompleted, DepartureSettled, DepartureCancelled}

// DepartureTransitions: a departure is cancelled only before it runs; a
// confirmed departure may fall back to planned (a group shrank below the
// minimum); settled and cancelled are final.
var DepartureTransitions = Transitions[DepartureStatus]{
	DeparturePlanned:   {DepartureConfirmed, DepartureCancelled},
	DepartureConfirmed: {DepartureRunning, DeparturePlanned, DepartureCancelled},
	DepartureRunning:   {DepartureCompleted},
	DepartureCompleted: {DepartureSettled},
}

// Departure is one run of a Tour on given dates with a group. It stores no
// seat counter: seats taken are derived from the bookings on it (see
// SeatsTaken), so two offline agents selling the last seat both succeed
// and the overbooking shows up after sync instead of a lost update.
type Departure struct {
	ID     string `json:"-"`
	TourID string `json:"tour_id"`
	// Code identifies the group on vouchers and lists ("DAD-4D3N-261201").
	Code      string `json:"code"`
	StartDate Date   `json:"start_date"`
	EndDate   Date   `json:"end_date"`
	// Capacity is the most travelers (seats) the departure takes.
	Capacity int `json:"capacity"`
	// MinTravelers is how many travelers the departure needs to run.
	MinTravelers int `json:"min_travelers"`
	// GuideIDs are the users (role guide) who run it; they see it and its
	// group list on their laptops.
	GuideIDs []string        `json:"guide_ids"`
	Status   DepartureStatus `json:"status"`
	// MeetingPoint and MeetingTime ("05:30") tell travelers where the
	// group gathers on the first day.
	MeetingPoint string `json:"meeting_point"`
	MeetingTime  string `json:"meeting_time"`
	Notes        string `json:"notes"`
	// Settlement is the departure's money frozen when it was settled
	// (nil before): one field, written once in the same change that
	// moves it to settled, and locked with it.
	Settlement *SettledFigures `json:"settlement"`
}

// SettledFigures are a departure's settlement as it was closed: the
// figures, and what they were worked out with (the agents' commission
// rate and the exchange rates of the day), so that changing the settings
// later changes neither. Amounts are in Currency.
type SettledFigures struct {
	On       Date   `json:"on"`
	By       string `json:"by"`
	Currency string `json:"currency"`
	// CommissionBP is the agents' commission rate applied (basis points).
	CommissionBP int `json:"commission_bp"`
	// DefaultCurrency and Rates are the company's default currency and
	// exchange rates at settling, which converted every other currency.
	DefaultCurrency string         `json:"default_currency"`
	Rates           []ExchangeRate `json:"rates"`
	Revenue         money.Money    `json:"revenue"`
	// Costs by category (see service.Settlement), only those with costs.
	Costs    map[string]money.Money `json:"costs"`
	Cost     money.Money            `json:"cost"`
	Profit   money.Money            `json:"profit"`
	MarginBP int64                  `json:"margin_bp"`
	Bookings []SettledBooking       `json:"bookings"`
}

// SettledBooking is one booking's share of a settlement.
type SettledBooking struct {
	BookingID string      `json:"booking_id"`
	Code      string      `json:"code"`
	Seats     int         `json:"seats"`
	Revenue   money.Money `json:"revenue"`
	Cost      money.Money `json:"cost"`
	Profit    money.Money `json:"profit"`
	MarginBP  int64       `json:"margin_bp"`
}

func init() {
	register(KindInfo{
		Kind:   KindDeparture,
		New:    func() Entity { return new(Departure) },
		Index:  []string{"tour_id", "guide_ids", "status", "start_date", "code"},
		Search: []string{"code"},
		Sort:   "start_date",
	})
}

// Kind implements Entity.
func (*Departure) Kind() Kind { return KindDeparture }

// MaxCapacity bounds a departure's capacity (several coaches, not a city).
const MaxCapacity = 1000

// Validate normalises the departure (status defaults to planned) and
// reports every field that is wrong.
func (d *Departure) Validate() error {
	var p Problems
	if d.Status == "" {
		d.Status = DeparturePlanned
	}
	CleanID(&p, "tour_id", &d.TourID, true)
	d.Code = strings.ToUpper(d.Code)
	CleanText(&p, "code", &d.Code, MaxName, false, false)
	CheckPeriod(&p, "start_date", "end_date", d.StartDate, d.EndDate, true)
	if !d.StartDate.IsZero() && !d.EndDate.IsZero() && d.EndDate.After(d.StartDate.AddDays(MaxTourDays)) {
		p.Add("end_date", CodeRange, fmt.Sprintf("is more than %d days after the start", MaxTourDays))
	}
	CheckInt(&p, "capacity", d.Capacity, 1, MaxCapacity)
	if d.MinTravelers < 0 || d.MinTravelers > d.Capacity {
		p.Add("min_travelers", CodeRange, fmt.Sprintf("must be between 0 and the capacity (%d)", d.Capacity))
	}
	CleanIDs(&p, "guide_ids", &d.GuideIDs, 20)
	CheckOneOf(&p, "status", d.Status, true, DepartureStatuses...)
	CleanText(&p, "meeting_point", &d.MeetingPoint, MaxText, false, false)
	CleanClock(&p, "meeting_time", &d.MeetingTime)
	CleanText(&p, "notes", &d.Notes, MaxNotes, false, true)
	if d.Settlement != nil {
		if d.Status != DepartureSettled {
			p.Add("settlement", CodeRange, "is set only on a settled departure")
		}
		CleanCurrency(&p, "settlement.currency", &d.Settlement.Currency, true)
	}
	return p.Err(KindDeparture)
}

// Days is the number of calendar days from start to end, both included
// (0 when a date is missing).
func (d *Departure) Days() int {
	if d.StartDate.IsZero() || d.EndDate.IsZero() {
		return 0
	}
	return int(d.EndDate.Time().Sub(d.StartDate.Time()).Hours()/24) + 1
}

// SeatsTaken sums the seats of the bookings that hold seats on the
// departure with id departureID (see Booking.HoldsSeat and Booking.Seats);
// bookings on other departures are ignored, so the caller may pass every
// booking it has.
func SeatsTaken(departureID string, bookings []*Booking) int {
	n := 0
	for _, b := range bookings {
		if b.DepartureID == departureID && b.HoldsSeat() {
			n += b.Seats()
		}
	}
	return n
}

// SeatsLeft is Capacity less taken (from SeatsTaken); negative when two
// offline agents overbooked the departure.
func (d *Departure) SeatsLeft(taken int) int { return d.Capacity - taken }
