package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tourdesk/tourdesk/app"
)

// DeliverReport is what one Deliver run did.
type DeliverReport struct {
	// Sent, Retrying (failed this time, queued for a later attempt),
	// Failed (gave up), Skipped (consent withdrawn, customer gone) and
	// Waiting (not due yet, or their channel is not configured here).
	Sent, Retrying, Failed, Skipped, Waiting int
	// GreetingTasksDone counts the birthday care tasks marked done because
	// their greeting was sent (closeGreetingTask).
	GreetingTasksDone int
	// Problems name each message that failed or was skipped this run.
	Problems []MessageProblem
}

// MessageProblem is one message that did not go out, and why.
type MessageProblem struct {
	ID, CustomerID string
	Status         app.MessageStatus
	Error          string
}

// Deliver sends every queued message that is due at the messages' clock
// through senders, one at a time, in the order they were queued. Each
// message is marked sending (one attempt more) in its own transaction
// before it is handed over, and sent — with its interaction logged on the
// customer — or queued again with the error and the next attempt's time
// (Backoff), or failed once MaxAttempts are used or the error is
// permanent, right after. A message found sending was interrupted (a
// crash between the two): it counts as a failed attempt, and goes again
// (it may have gone out; delivering twice is better than never).
//
// Only an admin (the scheduler's user) or a store that never logged in
// delivers (app.ErrForbidden otherwise). ctx cancels the run between
// messages. The error is for the store; a message's failure is in the
// report and on the message.
func (m *Messages) Deliver(ctx context.Context, senders Senders) (DeliverReport, error) {
	var rep DeliverReport
	if m.session.Role != "" && m.session.Role != app.RoleAdmin {
		return rep, fmt.Errorf("messages are sent by an admin's device (the server's scheduler), not %s's: %w", article(string(m.session.Role)), app.ErrForbidden)
	}
	var ids []string
	var set *app.MessageSettings
	err := m.store.View(func(r Reader) error {
		set = messageSettings(r)
		for _, st := range []app.MessageStatus{app.MessageSending, app.MessageQueued} {
			got, err := r.Lookup(app.KindMessage, "status", string(st))
			if err != nil {
				return err
			}
			ids = append(ids, got...)
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	// Ids are UUIDv7 (time-ordered) or derived ones; order by queue time.
	msgs := make([]*app.Message, 0, len(ids))
	err = m.store.View(func(r Reader) error {
		for _, id := range ids {
			msg, err := Load[app.Message](r, id)
			if err != nil {
				if isNotFound(err) {
					continue
				}
				return err
			}
			msg.ID = id
			msgs = append(msgs, msg)
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	sortMessages(msgs)
	for _, msg := range msgs {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if err := m.deliverOne(ctx, msg, set, senders, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func sortMessages(msgs []*app.Message) {
	for i := 1; i < len(msgs); i++ {
		for j := i; j > 0 && (msgs[j].QueuedAt.Before(msgs[j-1].QueuedAt) || (msgs[j].QueuedAt.Equal(msgs[j-1].QueuedAt) && msgs[j].ID < msgs[j-1].ID)); j-- {
			msgs[j], msgs[j-1] = msgs[j-1], msgs[j]
		}
	}
}

// deliverOne takes msg (as loaded at the start of the run) through one
// attempt.
func (m *Messages) deliverOne(ctx context.Context, msg *app.Message, set *app.MessageSettings, senders Senders, rep *DeliverReport) error {
	now := m.now()
	problem := func(st app.MessageStatus, text string) {
		rep.Problems = append(rep.Problems, MessageProblem{ID: msg.ID, CustomerID: msg.CustomerID, Status: st, Error: text})
	}
	if msg.Status == app.MessageSending {
		// Interrupted: the attempt it stands for failed.
		st, err := m.failed(msg.ID, set, now, errors.New("interrupted while sending (the sender stopped or crashed): it may have gone out; it is sent again"), false)
		if err != nil {
			return err
		}
		m.count(rep, st)
		problem(st, "interrupted while sending")
		return nil
	}
	if !msg.NextAttemptAt.IsZero() && now.Before(msg.NextAttemptAt) {
		rep.Waiting++
		return nil
	}
	sender := senders.of(msg.Channel)
	if sender == nil {
		// Not set up on this machine: say so on the message, keep it.
		text := fmt.Sprintf("%s is not configured on the sending machine (set the account in the message settings and the secret on the server)", msg.Channel)
		if err := m.update(msg.ID, func(cur *app.Message) bool {
			if cur.Status != app.MessageQueued || cur.LastError == text {
				return false
			}
			cur.LastError = text
			return true
		}); err != nil {
			return err
		}
		rep.Waiting++
		return nil
	}

	// Check the customer and consent again, then mark it sending.
	var skip string
	var ok bool
	err := m.store.Update(func(tx Tx) error {
		cur, err := Load[app.Message](tx, msg.ID)
		if err != nil || cur.Status != app.MessageQueued {
			return err // cancelled or sent meanwhile (another run)
		}
		cur.ID = msg.ID
		c, err := Load[app.Customer](tx, cur.CustomerID)
		switch {
		case isNotFound(err):
			skip = "the customer was deleted"
		case err != nil:
			return err
		case cur.Purpose.NeedsConsent() && !c.MarketingConsent:
			skip = fmt.Sprintf("customer %s (%s) has not agreed to marketing messages (withdrawn after it was queued)", c.Name, cur.CustomerID)
		case cur.To == "":
			skip = "no " + addressNoun(cur.Channel)
		}
		if skip != "" {
			cur.Status, cur.LastError = app.MessageSkipped, skip
		} else {
			cur.Status = app.MessageSending
			cur.Attempts++
			ok = true
		}
		*msg = *cur
		_, err = StoreEntity(tx, msg.ID, cur)
		return err
	})
	if err != nil {
		return err
	}
	if skip != "" {
		rep.Skipped++
		problem(app.MessageSkipped, skip)
		return nil
	}
	if !ok {
		return nil
	}

	providerID, sendErr := sender.Send(ctx, msg, set)
	now = m.now()
	if sendErr != nil {
		if errors.Is(sendErr, ErrNotConfigured) {
			// Not an attempt: back to queued, with the reason.
			if err := m.update(msg.ID, func(cur *app.Message) bool {
				cur.Status, cur.LastError = app.MessageQueued, msgErrorText(sendErr)
				cur.Attempts = max(cur.Attempts-1, 0)
				return true
			}); err != nil {
				return err
			}
			rep.Waiting++
			return nil
		}
		st, err := m.failed(msg.ID, set, now, sendErr, errors.Is(sendErr, ErrPermanent))
		if err != nil {
			return err
		}
		m.count(rep, st)
		problem(st, msgErrorText(sendErr))
		return nil
	}
	closed, err := m.sent(msg.ID, providerID, now)
	if err != nil {
		return err
	}
	rep.Sent++
	if closed {
		rep.GreetingTasksDone++
	}
	return nil
}

func (m *Messages) count(rep *DeliverReport, st app.MessageStatus) {
	if st == app.MessageFailed {
		rep.Failed++
	} else {
		rep.Retrying++
	}
}

// msgErrorText is err as one line that fits app.MaxText.
func msgErrorText(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if utf8.RuneCountInString(s) > 900 {
		s = string([]rune(s)[:900]) + "…"
	}
	return s
}

// failed records a failed attempt of message id: queued again after
// Backoff(attempts), or failed when permanent or out of attempts. It
// returns the new status.
func (m *Messages) failed(id string, set *app.MessageSettings, now time.Time, cause error, permanent bool) (app.MessageStatus, error) {
	var st app.MessageStatus
	err := m.update(id, func(cur *app.Message) bool {
		cur.LastError = msgErrorText(cause)
		if cur.Attempts == 0 {
			cur.Attempts = 1
		}
		if permanent || cur.Attempts >= set.Attempts() {
			cur.Status = app.MessageFailed
			cur.NextAttemptAt = time.Time{}
		} else {
			cur.Status = app.MessageQueued
			cur.NextAttemptAt = now.Add(Backoff(cur.Attempts)).UTC().Truncate(time.Second)
		}
		st = cur.Status
		return true
	})
	return st, err
}

// sent marks message id sent and logs it as an interaction on the
// customer, by the user who queued it, in one transaction. The
// interaction's id is derived from the message's, so marking twice logs
// once. A birthday greeting's care task is marked done in the same
// transaction (closeGreetingTask); closed reports that it was.
func (m *Messages) sent(id, providerID string, now time.Time) (closed bool, err error) {
	err = m.store.Update(func(tx Tx) error {
		cur, err := Load[app.Message](tx, id)
		if err != nil {
			return err
		}
		cur.ID = id
		iid := msgDerivedID("msg-", id)
		it := &app.Interaction{
			CustomerID: cur.CustomerID, BookingID: cur.BookingID, Direction: app.Outbound,
			Summary: interactionSummary(cur), At: now.UTC().Truncate(time.Millisecond), UserID: cur.QueuedBy,
		}
		if cur.Channel == app.ChannelSMS {
			it.Type = app.InteractionSMS
		} else {
			it.Type = app.InteractionEmail
		}
		if _, err := tx.Get(app.KindInteraction, iid); isNotFound(err) {
			if _, err := StoreEntity(tx, iid, it); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		cur.Status, cur.SentAt, cur.ProviderID, cur.InteractionID = app.MessageSent, it.At, providerID, iid
		cur.LastError, cur.NextAttemptAt = "", time.Time{}
		if _, err := StoreEntity(tx, id, cur); err != nil {
			return err
		}
		closed, err = m.closeGreetingTask(tx, cur, now)
		return err
	})
	return closed, err
}

// interactionSummary says what was sent, for the customer's history.
func interactionSummary(msg *app.Message) string {
	what := "Message"
	switch {
	case msg.Template == app.TemplateBirthday:
		what = "Birthday greeting"
	case msg.Template == app.TemplatePaymentReminder:
		what = "Payment reminder"
	case msg.CampaignID != "":
		what = "Campaign message"
	case msg.Template != "":
		what = "Message (" + msg.Template + ")"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s sent by %s to %s", what, msg.Channel, msg.To)
	if msg.Subject != "" {
		fmt.Fprintf(&b, ": %s", msg.Subject)
	}
	body := strings.Join(strings.Fields(msg.Body), " ")
	if utf8.RuneCountInString(body) > 300 {
		body = string([]rune(body)[:300]) + "…"
	}
	fmt.Fprintf(&b, "\n%s", body)
	return b.String()
}

// update loads message id, lets edit change it, and stores it when edit
// returns true, in one transaction.
func (m *Messages) update(id string, edit func(*app.Message) bool) error {
	return m.store.Update(func(tx Tx) error {
		cur, err := Load[app.Message](tx, id)
		if err != nil {
			return err
		}
		cur.ID = id
		if !edit(cur) {
			return nil
		}
		_, err = StoreEntity(tx, id, cur)
		return err
	})
}

// Retry queues failed message id again for the next run (one more
// attempt; it fails again at once if that one fails too, as its attempts
// are used up). A queued message waiting for its next attempt is made due
// now. Refused (app.ErrInvalid) for a message sent, skipped or cancelled.
func (m *Messages) Retry(id string) (*app.Message, error) {
	return m.change(id, "retry", func(cur *app.Message) error {
		if cur.Status != app.MessageFailed && cur.Status != app.MessageQueued {
			return opsRefuse("message %s is %s: only a failed or waiting message can be retried", id, cur.Status)
		}
		cur.Status, cur.NextAttemptAt = app.MessageQueued, time.Time{}
		return nil
	})
}

// Cancel withdraws queued or failed message id. Refused (app.ErrInvalid)
// once it is sent, skipped or being sent.
func (m *Messages) Cancel(id string) (*app.Message, error) {
	return m.change(id, "cancel", func(cur *app.Message) error {
		if err := app.MessageTransitions.Check(app.KindMessage, "status", cur.Status, app.MessageCancelled); err != nil {
			return err
		}
		cur.Status = app.MessageCancelled
		return nil
	})
}

func (m *Messages) change(id, verb string, edit func(*app.Message) error) (*app.Message, error) {
	var out *app.Message
	err := m.store.Update(func(tx Tx) error {
		cur, err := Load[app.Message](tx, id)
		if err != nil {
			if isNotFound(err) {
				return fmt.Errorf("message %s: %w", id, app.ErrNotFound)
			}
			return err
		}
		cur.ID = id
		if err := edit(cur); err != nil {
			return err
		}
		if err := m.checkWrite(tx, id, cur); err != nil {
			return err
		}
		if _, err := StoreEntity(tx, id, cur); err != nil {
			return err
		}
		out = cur
		return nil
	})
	return out, err
}

// MessageRow is one message as a list shows it.
type MessageRow struct {
	*app.Message
	ID           string `json:"id"`
	CustomerName string `json:"customer_name"`
}

// List returns the messages with status (every one when ""), of customer
// customerID when not "", newest first.
func (m *Messages) List(status app.MessageStatus, customerID string) ([]MessageRow, error) {
	var out []MessageRow
	err := m.store.View(func(r Reader) error {
		var ids []string
		var err error
		switch {
		case customerID != "":
			ids, err = r.Lookup(app.KindMessage, "customer_id", customerID)
		case status != "":
			ids, err = r.Lookup(app.KindMessage, "status", string(status))
		default:
			ids, err = m.store.SortedIDs(app.KindMessage)
		}
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, id := range ids {
			msg, err := Load[app.Message](r, id)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			if status != "" && msg.Status != status {
				continue
			}
			msg.ID = id
			name, ok := names[msg.CustomerID]
			if !ok {
				if c, err := Load[app.Customer](r, msg.CustomerID); err == nil {
					name = c.Name
				}
				names[msg.CustomerID] = name
			}
			out = append(out, MessageRow{Message: msg, ID: id, CustomerName: name})
		}
		return nil
	})
	msgs := make([]*app.Message, len(out))
	byID := map[string]MessageRow{}
	for i, row := range out {
		msgs[i] = row.Message
		byID[row.ID] = row
	}
	sortMessages(msgs)
	for i := range msgs {
		out[len(msgs)-1-i] = byID[msgs[i].ID]
	}
	return out, err
}

// Get returns message id.
func (m *Messages) Get(id string) (*app.Message, error) {
	msg, err := Load[app.Message](m.store, id)
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("message %s: %w", id, app.ErrNotFound)
		}
		return nil, err
	}
	msg.ID = id
	return msg, nil
}
