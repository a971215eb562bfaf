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
	ids, err := m.store.SortedIDs(app.KindCustomer)
	if err != nil {
		return rep, err
	}
	// Find today's birthdays from the raw field, without decoding every
	// customer: "YYYY-MM-DD" whose month and day fall today.
	var born []string
	for start := 0; start < len(ids); start += 2000 {
		chunk := ids[start:min(start+2000, len(ids))]
		err := m.store.View(func(r Reader) error {
			for _, id := range chunk {
				rec, err := r.Get(app.KindCustomer, id)
				if err != nil {
					return err
				}
				f, ok := rec.Fields["birthday"]
				if !ok || rec.IsDeleted() {
					continue
				}
				var d app.Date
				if json.Unmarshal(f.Value, &d) != nil || d.IsZero() {
					continue
				}
				if msgBirthdayIn(d, today.Year) == today {
					born = append(born, id)
				}
			}
			return nil
		})
		if err != nil {
			return rep, err
		}
	}
	now := m.now()
	for _, cid := range born {
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
