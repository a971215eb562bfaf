package service

import (
	"fmt"
	"time"

	"github.com/tourdesk/tourdesk/app"
)

// ReminderReport is what QueuePaymentReminders did.
type ReminderReport struct {
	// Queued reminders, Skipped ones (recorded with the reason: no
	// address) and Existing ones (queued earlier for the same due date).
	Queued, Skipped, Existing int
	Messages                  []*app.Message
}

// PaymentReminderID is the id of the scheduled payment reminder of
// booking bookingID for its balance due on due: the same on every run and
// device, so a booking is reminded once per due date (a new due date gets
// a new reminder).
func PaymentReminderID(bookingID string, due app.Date) string {
	return msgDerivedID("pay-"+due.String()+"-", bookingID)
}

// QueuePaymentReminders queues, when the settings' PaymentReminderDays is
// not 0, a payment reminder (template payment_reminder, a service message:
// no consent needed) for every booking at status deposit that still owes
// money and whose balance is due within PaymentReminderDays days of today
// (today included, not past: an overdue balance is the agent's call to
// make, see the care tasks). The channel is chosen as for birthday
// greetings. A reminder that cannot go (no address, no template) is
// stored as skipped with the reason.
func (m *Messages) QueuePaymentReminders(today app.Date) (*ReminderReport, error) {
	rep := &ReminderReport{}
	if err := m.mayQueue(); err != nil {
		return rep, err
	}
	var set *app.MessageSettings
	var ids []string
	err := m.store.View(func(r Reader) error {
		set = messageSettings(r)
		var err error
		ids, err = r.Lookup(app.KindBooking, "status", string(app.BookingDeposit))
		return err
	})
	if err != nil || set.PaymentReminderDays == 0 {
		return rep, err
	}
	last := today.AddDays(set.PaymentReminderDays)
	now := m.now()
	for _, bid := range ids {
		err := m.store.Update(func(tx Tx) error {
			row, err := bookingRow(tx, bid)
			if err != nil {
				if isNotFound(err) {
					return nil
				}
				return err
			}
			due := dueDate(row.Booking, row.Start)
			if due.IsZero() || due.Before(today) || due.After(last) || row.Problem != nil || row.Balance.Amount <= 0 {
				return nil
			}
			id := PaymentReminderID(bid, due)
			if _, err := tx.Get(app.KindMessage, id); err == nil {
				rep.Existing++
				return nil
			} else if !isNotFound(err) {
				return err
			}
			c, err := Load[app.Customer](tx, row.Booking.CustomerID)
			if err != nil {
				if isNotFound(err) {
					return nil
				}
				return err
			}
			c.ID = row.Booking.CustomerID
			msg, err := scheduledMessage(tx, c, set, app.TemplatePaymentReminder, bid, now, m.user(), false)
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
			return rep, fmt.Errorf("payment reminder of booking %s: %w", bid, err)
		}
	}
	return rep, nil
}

// storeScheduled stores msg, composed by the scheduler (birthday
// greetings, payment reminders), under its derived id, once checkWrite
// allows it; msg.ID is then id. The caller counts it as queued or skipped.
func (m *Messages) storeScheduled(tx Tx, id string, msg *app.Message) error {
	if err := m.checkWrite(tx, id, msg); err != nil {
		return err
	}
	if _, err := StoreEntity(tx, id, msg); err != nil {
		return err
	}
	msg.ID = id
	return nil
}

// scheduledMessage composes the scheduler's message from template name to
// customer c (about booking bookingID, when set) on the channel the
// settings' BirthdayGreetings mode picks for c: queued, or skipped with
// the reason (no consent when needsConsent, no address, no template).
func scheduledMessage(r Reader, c *app.Customer, set *app.MessageSettings, name, bookingID string, now time.Time, user string, needsConsent bool) (*app.Message, error) {
	ch := app.ChannelEmail
	switch set.BirthdayGreetings {
	case app.GreetSMS:
		ch = app.ChannelSMS
	case app.GreetEmail:
	default:
		switch {
		case c.MainEmail() != "" && set.SMTPHost != "":
		case c.MainPhone() != "" && set.SMSURL != "":
			ch = app.ChannelSMS
		case c.MainEmail() == "" && c.MainPhone() != "":
			ch = app.ChannelSMS
		}
	}
	req := MessageRequest{CustomerID: c.ID, BookingID: bookingID, Channel: ch, Template: name}
	msg, refusal, err := composeFor(r, c, req, now, user)
	if err != nil {
		return nil, err
	}
	skip := func(why string) *app.Message {
		if msg == nil {
			msg = &app.Message{CustomerID: c.ID, BookingID: bookingID, Channel: ch, Purpose: app.PurposeService, Template: name, QueuedAt: now, QueuedBy: user}
			if needsConsent {
				msg.Purpose = app.PurposeGreeting
			}
		}
		msg.Status, msg.LastError = app.MessageSkipped, why
		return msg
	}
	switch {
	case refusal != nil:
		return skip(refusal.Msg), nil
	case needsConsent && !c.MarketingConsent:
		return skip("no marketing consent: greetings go only to customers who agreed to receive them"), nil
	case msg.To == "":
		return skip("no email address or phone number to send it to"), nil
	}
	return msg, nil
}
