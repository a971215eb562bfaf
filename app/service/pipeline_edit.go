package service

import (
	"encoding/json"
	"fmt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
)

// EditTraveler saves the fields of traveler id the user changed: those
// where after differs from before (the traveler as loaded into the form),
// so a sync that landed meanwhile is not overwritten. The booking and
// departure links are not the form's to change and are kept. A wrong
// traveler is a *app.ValidationError and nothing is stored.
func (p *Pipeline) EditTraveler(id string, before, after *app.Traveler) error {
	a := *after
	a.ID, a.BookingID, a.DepartureID = id, before.BookingID, before.DepartureID
	if err := a.Validate(); err != nil {
		return err
	}
	old, err := record.Encode(before)
	if err != nil {
		return err
	}
	cur, err := record.Encode(&a)
	if err != nil {
		return err
	}
	changed := make(map[string]json.RawMessage)
	for name, v := range cur {
		if string(old[name]) != string(v) {
			changed[name] = v
		}
	}
	if len(changed) == 0 {
		return nil
	}
	return p.store.Update(func(tx Tx) error {
		if _, err := Load[app.Traveler](tx, id); err != nil {
			return err
		}
		_, err := tx.Save(app.KindTraveler, id, changed)
		return err
	})
}

// SetLines replaces the price lines of booking id (its discounts, the
// loyalty one included, stay and are taken of the new subtotal). Only a
// booking still being sold (inquiry, consulting, quoted, deposit) is
// repriced: a later change is a surcharge payment or a refund. A role
// that may not change the lines gets app.ErrForbidden, wrong lines a
// *app.ValidationError; nothing is stored then. It returns the booking
// as stored.
func (p *Pipeline) SetLines(id string, lines []app.PriceLine) (*app.Booking, error) {
	var b *app.Booking
	err := p.store.Update(func(tx Tx) error {
		var err error
		if b, err = loadBooking(tx, id); err != nil {
			return err
		}
		if !b.IsOpen() {
			return refuse("booking %s is %s: its price lines are fixed (take a surcharge or make a refund instead)", b.Code, b.Status)
		}
		if p.session.Role != "" {
			rec, err := tx.Get(app.KindBooking, b.ID)
			if err != nil {
				return err
			}
			if !access.CanEdit(subject(p.session), rec, "lines", lookup{tx}) {
				return fmt.Errorf("a %s may not change the price of booking %s: %w", p.session.Role, b.Code, app.ErrForbidden)
			}
		}
		b.Lines = append([]app.PriceLine(nil), lines...)
		return saveBookingFields(tx, b, "lines")
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}
