package app

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validDeparture() Departure {
	return Departure{
		TourID:       "0193a7c2-0000-7000-8000-000000000001",
		Code:         "dad-4d3n-261201",
		StartDate:    Date{2026, 12, 1},
		EndDate:      Date{2026, 12, 4},
		Capacity:     30,
		MinTravelers: 10,
		GuideIDs:     []string{"guide-1", " guide-2 ", "guide-1"},
		MeetingPoint: "Nội Bài, domestic terminal, gate 3",
		MeetingTime:  "5:30",
	}
}

func TestDepartureValidateNormalises(t *testing.T) {
	d := validDeparture()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Status != DeparturePlanned || d.MeetingTime != "05:30" || d.Code != "DAD-4D3N-261201" || len(d.GuideIDs) != 2 {
		t.Errorf("normalised = %+v", d)
	}
	if d.Days() != 4 {
		t.Errorf("Days = %d", d.Days())
	}
}

func TestDepartureValidateReportsEachField(t *testing.T) {
	runBad(t, validDeparture, []badCase[Departure]{
		{"no tour", func(d *Departure) { d.TourID = "" }, "tour_id", CodeRequired},
		{"tour id with spaces", func(d *Departure) { d.TourID = "a b" }, "tour_id", CodeFormat},
		{"no start", func(d *Departure) { d.StartDate = Date{} }, "start_date", CodeRequired},
		{"end before start", func(d *Departure) { d.EndDate = Date{2026, 11, 30} }, "end_date", CodeRange},
		{"far end", func(d *Departure) { d.EndDate = Date{2027, 12, 1} }, "end_date", CodeRange},
		{"zero capacity", func(d *Departure) { d.Capacity = 0 }, "capacity", CodeRange},
		{"min above capacity", func(d *Departure) { d.MinTravelers = 31 }, "min_travelers", CodeRange},
		{"negative min", func(d *Departure) { d.MinTravelers = -1 }, "min_travelers", CodeRange},
		{"bad status", func(d *Departure) { d.Status = "open" }, "status", CodeUnknown},
		{"bad meeting time", func(d *Departure) { d.MeetingTime = "25:00" }, "meeting_time", CodeFormat},
		{"meeting time words", func(d *Departure) { d.MeetingTime = "early" }, "meeting_time", CodeFormat},
		{"bad guide id", func(d *Departure) { d.GuideIDs = []string{"g 1"} }, "guide_ids.0", CodeFormat},
	})
}

func TestDepartureTransitions(t *testing.T) {
	for _, m := range [][2]DepartureStatus{
		{DeparturePlanned, DepartureConfirmed}, {DepartureConfirmed, DepartureRunning},
		{DepartureRunning, DepartureCompleted}, {DepartureCompleted, DepartureSettled},
		{DeparturePlanned, DepartureCancelled}, {DepartureConfirmed, DepartureCancelled},
		{DepartureConfirmed, DeparturePlanned},
	} {
		if err := DepartureTransitions.Check(KindDeparture, "status", m[0], m[1]); err != nil {
			t.Errorf("%s → %s: %v", m[0], m[1], err)
		}
	}
	for _, m := range [][2]DepartureStatus{
		{DeparturePlanned, DepartureRunning}, {DepartureRunning, DepartureCancelled},
		{DepartureSettled, DepartureRunning}, {DepartureCancelled, DeparturePlanned},
		{DepartureCompleted, DepartureRunning},
	} {
		err := DepartureTransitions.Check(KindDeparture, "status", m[0], m[1])
		wantProblem(t, err, "status", CodeTransition)
	}
}

func TestSeats(t *testing.T) {
	d := validDeparture()
	mk := func(status BookingStatus, dep string, adults, children, infants int) *Booking {
		b := &Booking{DepartureID: dep, Status: status, Currency: "VND"}
		for tt, q := range map[TravelerType]int{TravelerAdult: adults, TravelerChild: children, TravelerInfant: infants, TravelerOther: 1} {
			if q > 0 {
				b.Lines = append(b.Lines, PriceLine{TravelerType: tt, Quantity: q, UnitPrice: money.New(1, "VND")})
			}
		}
		return b
	}
	bookings := []*Booking{
		mk(BookingDeposit, "dep-1", 2, 1, 1),    // 3 seats
		mk(BookingPaid, "dep-1", 4, 0, 0),       // 4 seats
		mk(BookingQuoted, "dep-1", 10, 0, 0),    // no deposit: no seat
		mk(BookingCancelled, "dep-1", 5, 0, 0),  // cancelled: no seat
		mk(BookingPaid, "dep-2", 6, 0, 0),       // another departure
		mk(BookingTravelling, "dep-1", 1, 1, 0), // 2 seats
	}
	if got := SeatsTaken("dep-1", bookings); got != 9 {
		t.Errorf("SeatsTaken = %d, want 9", got)
	}
	if got := d.SeatsLeft(9); got != 21 {
		t.Errorf("SeatsLeft = %d, want 21", got)
	}
}
