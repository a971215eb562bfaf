package service

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
)

// SeatState is a departure's seats as derived from the bookings this store
// holds (never a stored counter: DESIGN.md, Records).
type SeatState struct {
	// Departure is the departure, its ID set.
	Departure *app.Departure
	// Taken is app.SeatsTaken of its bookings; Left is Capacity − Taken,
	// negative when it is overbooked.
	Taken, Left int
	// Waitlisted counts the seats of bookings on its waiting list.
	Waitlisted int
	// ReachedMinimum reports whether Taken ≥ MinTravelers: the departure
	// has enough travelers to run.
	ReachedMinimum bool
	// Overbooked reports Taken > Capacity (two offline sales of the last
	// seats met at sync); Flagged are then the bookings competing for the
	// last seats (see Flagged).
	Overbooked bool
	Flagged    []*app.Booking
}

// Seats returns the seat state of departure id (app.ErrNotFound if absent).
func Seats(r Reader, departureID string) (SeatState, error) { return seatsTx(r, departureID) }

func seatsTx(r Reader, departureID string) (SeatState, error) {
	d, err := Load[app.Departure](r, departureID)
	if err != nil {
		if isNotFound(err) {
			return SeatState{}, fmt.Errorf("departure %s: %w", departureID, app.ErrNotFound)
		}
		return SeatState{}, err
	}
	d.ID = departureID
	ids, err := r.Lookup(app.KindBooking, "departure_id", departureID)
	if err != nil {
		return SeatState{}, err
	}
	bs, err := loadAll[app.Booking](r, ids, func(b *app.Booking, id string) { b.ID = id })
	if err != nil {
		return SeatState{}, err
	}
	st := SeatState{Departure: d, Taken: app.SeatsTaken(departureID, bs)}
	st.Left = d.SeatsLeft(st.Taken)
	st.ReachedMinimum = st.Taken >= d.MinTravelers
	for _, b := range bs {
		if b.Waitlisted && !b.HoldsSeat() && b.IsOpen() {
			st.Waitlisted += b.Seats()
		}
	}
	if st.Taken > d.Capacity {
		st.Overbooked = true
		st.Flagged = Flagged(d.Capacity, bs)
	}
	return st, nil
}

// Flagged returns the seat-holding bookings that compete for the last
// seats of an overbooked departure of capacity: ordered by creation (the
// record id, a UUIDv7), every booking holding one of the last 2×excess
// seat positions, where excess is how many seats too many were sold. When
// two offline agents each sell the last seats, both their bookings are in
// it, and the bookings sold long before are not. Nil when nothing is over.
func Flagged(capacity int, bookings []*app.Booking) []*app.Booking {
	var held []*app.Booking
	taken := 0
	for _, b := range bookings {
		if b.HoldsSeat() {
			held = append(held, b)
			taken += b.Seats()
		}
	}
	excess := taken - capacity
	if excess <= 0 {
		return nil
	}
	slices.SortFunc(held, func(a, b *app.Booking) int { return cmp.Compare(a.ID, b.ID) })
	from := taken - 2*excess // seat positions after this one are contested
	var out []*app.Booking
	pos := 0
	for _, b := range held {
		end := pos + b.Seats()
		if end > from && b.Seats() > 0 {
			out = append(out, b)
		}
		pos = end
	}
	return out
}

// Oversold is one overbooked departure found by CheckOversell.
type Oversold struct {
	SeatState
	// TaskID is the manager's task about it ("" when this session may not
	// create it; see CheckOversell); TaskCreated reports that this check
	// wrote it (false when it existed already).
	TaskID      string
	TaskCreated bool
}

// oversellSpace namespaces the ids of oversell tasks.
var oversellSpace = uuid.MustParse("6f1d1e52-8a43-4d0e-9a55-3c1f0b7f4a21")

// OversellTaskID is the id of the task about departureID being overbooked
// by the bookings flagged (their ids, in any order): the same on every
// device, so two devices that both see the overbooking write one task,
// whose fields merge, and a repeated check finds it and writes nothing.
// A different set of bookings (a later, second overbooking) gets a new
// task.
func OversellTaskID(departureID string, flagged []string) string {
	ids := slices.Clone(flagged)
	slices.Sort(ids)
	return uuid.NewSHA1(oversellSpace, []byte(departureID+"/"+strings.Join(ids, ","))).String()
}

// CheckOversell finds every departure this store holds whose seat-holding
// bookings exceed its capacity, which happens when offline devices sold
// the same last seats and a sync brought their bookings together. The
// sync layer calls it after each pull (and anyone may call it at any
// time); today is the task's due date.
//
// Nothing is dropped or changed on the bookings: the warning is derived
// (SeatState.Overbooked and Flagged, shown wherever the departure or a
// flagged booking is shown), so it disappears by itself once the manager
// moves or cancels a booking. The one stored trace is a task for the
// manager, with the flagged bookings' codes, whose id is OversellTaskID:
// checking again, on this device or another, never makes a second one.
// The task is written only when the session may assign it (a manager,
// assigned to themselves, or an admin): an agent's laptop shows the
// warning and leaves the task to the manager's device, whose next pull
// brings the same bookings (the server would refuse a task an agent
// assigns to someone else).
func CheckOversell(s Store, session Session, today app.Date) ([]Oversold, error) {
	deps, err := s.SortedIDs(app.KindDeparture)
	if err != nil {
		return nil, err
	}
	var out []Oversold
	// Role "" is a store that never logged in: it belongs to this machine.
	assign := session.UserID != "" && (session.Role == "" ||
		(session.Role == app.RoleManager || session.Role == app.RoleAdmin) && access.CanCreate(subject(session), app.KindTask))
	err = s.Update(func(tx Tx) error {
		for _, id := range deps {
			st, err := seatsTx(tx, id)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			if !st.Overbooked {
				continue
			}
			o := Oversold{SeatState: st}
			if assign {
				if o.TaskID, o.TaskCreated, err = oversellTask(tx, session, st, today); err != nil {
					return err
				}
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

func oversellTask(tx Tx, session Session, st SeatState, today app.Date) (string, bool, error) {
	ids := make([]string, len(st.Flagged))
	codes := make([]string, len(st.Flagged))
	for i, b := range st.Flagged {
		ids[i], codes[i] = b.ID, b.Code
	}
	id := OversellTaskID(st.Departure.ID, ids)
	if _, err := tx.Get(app.KindTask, id); err == nil {
		return id, false, nil // made before (maybe done or deleted since): not again
	} else if !isNotFound(err) {
		return "", false, err
	}
	t := &app.Task{
		Title:      fmt.Sprintf("Overbooked departure %s: %d seats taken of %d", st.Departure.Code, st.Taken, st.Departure.Capacity),
		Type:       app.TaskOther,
		DueDate:    today,
		AssigneeID: session.UserID,
		Status:     app.TaskOpen,
		Notes: fmt.Sprintf("Bookings sold offline for the last seats: %s. None was dropped; move or cancel one so the departure fits its %d seats.",
			strings.Join(codes, ", "), st.Departure.Capacity),
	}
	if len(st.Flagged) > 0 {
		t.BookingID, t.CustomerID = st.Flagged[len(st.Flagged)-1].ID, st.Flagged[len(st.Flagged)-1].CustomerID
	}
	if _, err := StoreEntity(tx, id, t); err != nil {
		return "", false, err
	}
	return id, true, nil
}
