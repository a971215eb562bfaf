package service

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
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
		if BirthdayIn(d, day.Year) == day {
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

// greetedBirthday is the birthday (BirthdayIn) that msg, a birthday
// greeting to a customer born on birthday, greets: the year its id names
// for a scheduled greeting (BirthdayMessageID), else, for a one-off
// greeting an agent queued, the birthday within CareAheadDays of the day it
// was queued (early or belated). false when none is.
func greetedBirthday(msg *app.Message, birthday app.Date) (app.Date, bool) {
	if msg.Template != app.TemplateBirthday || birthday.IsZero() || msg.QueuedAt.IsZero() {
		return app.Date{}, false
	}
	q := app.DateOf(msg.QueuedAt.UTC())
	years := []int{q.Year, q.Year - 1, q.Year + 1}
	for _, y := range years {
		if msg.ID == BirthdayMessageID(msg.CustomerID, y) {
			return BirthdayIn(birthday, y), true
		}
	}
	for _, y := range years {
		d := BirthdayIn(birthday, y)
		if !d.Before(q.AddDays(-CareAheadDays)) && !d.After(q.AddDays(CareAheadDays)) {
			return d, true
		}
	}
	return app.Date{}, false
}

// GreetedNote starts the note a birthday task gets when the greeting went
// out by message: "Greeted by email" or "Greeted by SMS".
const GreetedNote = "Greeted by "

// closeGreetingTask marks done, in tx, the birthday care task (CareTaskID
// of ReasonBirthday, the customer, the birthday) that msg, a birthday
// greeting just sent at at, greets, by the sending user, with the note
// "Greeted by email/SMS …": the agent's Today list drops it at their next
// sync. A task not generated yet (the agent's laptop has not synced) is
// written whole, as Generate would make it, already done; its owner's
// later generation finds it there, and one made offline merges with it
// (generation never writes the status). A task closed already, deleted,
// or that the session may not write is left alone, as is a customer with
// no owner (no care tasks) or no birthday. It reports whether it wrote;
// only the store's errors are returned, so a sent message is always
// recorded as sent.
func (m *Messages) closeGreetingTask(tx Tx, msg *app.Message, at time.Time) (bool, error) {
	if msg.Template != app.TemplateBirthday {
		return false, nil
	}
	c, err := optional[app.Customer](tx, msg.CustomerID)
	if err != nil || c == nil || c.OwnerID == "" {
		return false, err
	}
	c.ID = msg.CustomerID
	d, ok := greetedBirthday(msg, c.Birthday)
	if !ok {
		return false, nil
	}
	how := "email"
	if msg.Channel == app.ChannelSMS {
		how = "SMS"
	}
	note := fmt.Sprintf("%s%s (%s) on %s.", GreetedNote, how, msg.To, app.DateOf(at.UTC()))
	id := CareTaskID(ReasonBirthday, c.ID, d)
	t, err := Load[app.Task](tx, id)
	names := []string{"status", "done_at", "done_by", "notes"}
	switch {
	case isNotFound(err):
		if rec, gerr := tx.Get(app.KindTask, id); gerr == nil && rec.IsDeleted() {
			return false, nil // deleted by a person: not brought back
		}
		t = birthdayTask(c, d.Year)
		t.DueDate, t.OccasionDate, t.Occasion = d, d, ReasonBirthday
		names = nil
	case err != nil:
		return false, err
	case !t.IsOpen():
		return false, nil
	}
	t.Status, t.DoneAt, t.DoneBy = app.TaskDone, at.UTC().Truncate(time.Second), m.user()
	t.Notes = appendNote(t.Notes, note)
	var values map[string]json.RawMessage
	if names == nil {
		if t.Validate() != nil {
			return false, nil
		}
		values, err = record.Encode(t)
	} else {
		values, err = pickFields(t, names...)
	}
	if err != nil {
		return false, nil // a task that does not validate: left to its owner
	}
	if checkWriteRecord(tx, m.session, app.KindTask, id, values) != nil {
		return false, nil
	}
	if _, err := tx.Save(app.KindTask, id, values); err != nil {
		return false, err
	}
	return true, nil
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
			if err := m.storeScheduled(tx, id, msg); err != nil {
				return err
			}
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
