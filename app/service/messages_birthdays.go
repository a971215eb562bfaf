package service

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tourdesk/tourdesk/app"
)

// BirthdayReport is what QueueBirthdays did.
type BirthdayReport struct {
	// Queued greetings, Skipped ones (recorded with the reason: no
	// consent, no address, no template) and Existing ones (queued by an
	// earlier run or another device this year).
	Queued, Skipped, Existing int
	// Messages are the greetings queued or skipped by this run.
	Messages []*app.Message
}

// msgFieldScanner is a store that reads a few fields of every record
// without decoding the rest (localdb.Store.ScanFields).
type msgFieldScanner interface {
	ScanFields(kind app.Kind, names []string, fn func(id string, values []json.RawMessage) error) error
}

// birthdaysOn returns the ids of the live customers whose birthday falls
// on day, from the raw birthday field ("YYYY-MM-DD"), without decoding
// every customer: through ScanFields when the store has it, else in
// chunks of Gets.
func birthdaysOn(s Store, day app.Date) ([]string, error) {
	var born []string
	check := func(id string, raw json.RawMessage) {
		var d app.Date
		if raw == nil || json.Unmarshal(raw, &d) != nil || d.IsZero() {
			return
		}
		if msgBirthdayIn(d, day.Year) == day {
			born = append(born, id)
		}
	}
	if fsc, ok := s.(msgFieldScanner); ok {
		err := fsc.ScanFields(app.KindCustomer, []string{"birthday"}, func(id string, values []json.RawMessage) error {
			check(id, values[0])
			return nil
		})
		return born, err
	}
	ids, err := s.SortedIDs(app.KindCustomer)
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(ids); start += 2000 {
		chunk := ids[start:min(start+2000, len(ids))]
		err := s.View(func(r Reader) error {
			for _, id := range chunk {
				rec, err := r.Get(app.KindCustomer, id)
				if err != nil {
					return err
				}
				if f, ok := rec.Fields["birthday"]; ok && !rec.IsDeleted() {
					check(id, f.Value)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return born, nil
}

// msgBirthdayIn is the day a birthday falls on in year: 29 February is
// greeted on 28 February in other years. (The care tasks' generator in
// care.go has its own; this one is the messages'.)
func msgBirthdayIn(b app.Date, year int) app.Date {
	d := app.Date{Year: year, Month: b.Month, Day: b.Day}
	if b.Month == time.February && b.Day == 29 && !(year%4 == 0 && (year%100 != 0 || year%400 == 0)) {
		d.Day = 28
	}
	return d
}

// QueueBirthdays queues the birthday greeting of every customer whose
// birthday is today, by the settings' BirthdayGreetings channel (email when
// the customer has an address and email is set up, else SMS), from the
// birthday template in the customer's language. A greeting that may not
// be sent is stored as skipped with the reason (no marketing consent, no
// address, no template), so the customer's page says why there was none.
// Each greeting's id is BirthdayMessageID: running again the same day, or
// on another device, finds it and queues nothing more. Nothing is queued
// when the settings turn birthday greetings off.
func (m *Messages) QueueBirthdays(today app.Date) (*BirthdayReport, error) {
	rep := &BirthdayReport{}
	if err := m.mayQueue(); err != nil {
		return rep, err
	}
	var set *app.MessageSettings
	if err := m.store.View(func(r Reader) error { set = messageSettings(r); return nil }); err != nil {
		return rep, err
	}
	if set.BirthdayGreetings == app.GreetOff {
		return rep, nil
	}
	born, err := birthdaysOn(m.store, today)
	if err != nil {
		return rep, err
	}
	// Those already greeted this year need no write transaction.
	var todo []string
	err = m.store.View(func(r Reader) error {
		for _, cid := range born {
			if _, err := r.Get(app.KindMessage, BirthdayMessageID(cid, today.Year)); err == nil {
				rep.Existing++
			} else if isNotFound(err) {
				todo = append(todo, cid)
			} else {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	now := m.now()
	for _, cid := range todo {
		err := m.store.Update(func(tx Tx) error {
			id := BirthdayMessageID(cid, today.Year)
			if _, err := tx.Get(app.KindMessage, id); err == nil {
				rep.Existing++
				return nil
			} else if !isNotFound(err) {
				return err
			}
			c, err := Load[app.Customer](tx, cid)
			if err != nil {
				return err
			}
			c.ID = cid
			msg, err := birthdayMessage(tx, c, set, now, m.user())
			if err != nil {
				return err
			}
			if err := m.checkWrite(tx, id, msg); err != nil {
				return err
			}
			if _, err := StoreEntity(tx, id, msg); err != nil {
				return err
			}
			msg.ID = id
			if msg.Status == app.MessageSkipped {
				rep.Skipped++
			} else {
				rep.Queued++
			}
			rep.Messages = append(rep.Messages, msg)
			return nil
		})
		if err != nil {
			return rep, fmt.Errorf("birthday greeting of customer %s: %w", cid, err)
		}
	}
	return rep, nil
}

// birthdayMessage composes c's greeting: queued, or skipped with the
// reason.
func birthdayMessage(r Reader, c *app.Customer, set *app.MessageSettings, now time.Time, user string) (*app.Message, error) {
	return scheduledMessage(r, c, set, app.TemplateBirthday, "", now, user, true)
}
