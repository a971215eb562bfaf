package app

import (
	"fmt"
	"strings"
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
