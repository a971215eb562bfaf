package service

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
)

// Messages is email and SMS to customers: composed from a template
// (app.MessageSettings, with built-in Vietnamese and English defaults) and
// the customer's details, queued as app.Message records (the outbox), and
// delivered by whoever holds the SMTP password and the SMS credential,
// normally the server's scheduler (cmd/internal/messaging), through the
// Sender interface. Every message sent is logged as an interaction on the
// customer; a failure is kept on the message with the error and retried
// with a growing wait (Backoff) up to the settings' MaxAttempts, then
// failed for a person to retry (Retry) or cancel; nothing is dropped
// silently.
//
// Consent: a greeting or a campaign (app.Purpose.NeedsConsent) goes only
// to a customer whose MarketingConsent is true, checked when it is queued
// and again just before it is sent (consent withdrawn in between skips
// it). A one-off message with a greeting or campaign template to a
// customer without consent is refused; the scheduler's birthday greeting
// is recorded as skipped with the reason, so everyone sees why it was not
// sent.
//
// Permissions are app/access's, checked before anything is written: an
// agent queues messages to the customers they own, as themselves; only an
// admin (the scheduler's user) or a store that never logged in delivers.
type Messages struct {
	store   Store
	session Session
	now     func() time.Time
}

// NewMessages returns the messages service of store for the session's user.
func NewMessages(store Store, session Session) *Messages {
	return &Messages{store: store, session: session, now: time.Now}
}

// SetClock replaces time.Now (tests; a scheduler run for a given day).
func (m *Messages) SetClock(now func() time.Time) { m.now = now }

// Reasons a message is refused or skipped (MessageError.Code).
const (
	MsgNoConsent  = "no_consent"
	MsgNoAddress  = "no_address"
	MsgNoTemplate = "no_template"
	MsgNoCustomer = "no_customer"
)

// MessageError refuses a message; it matches app.ErrInvalid, Code says
// why (MsgNoConsent…) and the message says what to do.
type MessageError struct{ Code, Msg string }

func (e *MessageError) Error() string { return e.Msg }

// Is reports that a MessageError is an app.ErrInvalid.
func (e *MessageError) Is(target error) bool { return target == app.ErrInvalid }

// ErrPermanent marks a delivery failure that waiting will not cure (a
// recipient the server refuses, a request the provider rejects): a Sender
// wraps it, and the message is failed at once instead of retried.
var ErrPermanent = errors.New("permanent failure")

// ErrNotConfigured is returned by a Sender (or found in place of one)
// when its channel is not set up on the delivering machine: the message
// stays queued, with the error, without using up an attempt.
var ErrNotConfigured = errors.New("not configured")

// Sender delivers one message by its channel. settings are the synced
// message settings at the time of sending (host, from address, provider
// URL); the secret is the Sender's own. It returns the id the server or
// provider gave the message. An error matching ErrPermanent will not
// succeed later; one matching ErrNotConfigured means the channel is not
// set up. A Sender must be safe to call from one goroutine at a time.
type Sender interface {
	Send(ctx context.Context, msg *app.Message, settings *app.MessageSettings) (providerID string, err error)
}

// Senders are the Senders of each channel; a nil one is not configured.
type Senders struct{ Email, SMS Sender }

func (s Senders) of(ch app.Channel) Sender {
	switch ch {
	case app.ChannelEmail:
		return s.Email
	case app.ChannelSMS:
		return s.SMS
	}
	return nil
}

// Backoff is the wait before the attempt after the n-th failed one (n ≥
// 1): 1, 5 and 15 minutes, 1, 3, 6 hours, then 12 hours.
func Backoff(n int) time.Duration {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour}
	return steps[min(max(n, 1), len(steps))-1]
}

// MessageRequest is one message to compose and queue.
type MessageRequest struct {
	CustomerID string
	// BookingID is the booking the message is about (payment reminders:
	// the template then sees its total, paid and due amounts).
	BookingID  string
	CampaignID string
	Channel    app.Channel
	// Template names a template (app.TemplateBirthday…); or give Text
	// (and, for an email, Subject), which is a template too: "Chào
	// {{.GivenName}}" greets each customer by name.
	Template      string
	Subject, Text string
	// Language is the template's language; "" uses the customer's.
	Language string
	// Purpose of a free text: "" is service, or marketing with a
	// CampaignID. A template's purpose is the template's.
	Purpose app.Purpose
}

// Send composes and queues a one-off message to customer customerID by
// channel: templateOrText is the name of a template for that channel
// (birthday, payment_reminder, one of the settings'), or else the text to
// send. It is what the desktop's "Send message" calls; the message goes
// out at the scheduler's next run. See Queue for refusals.
func (m *Messages) Send(customerID string, channel app.Channel, templateOrText string) (*app.Message, error) {
	req := MessageRequest{CustomerID: customerID, Channel: channel}
	var set *app.MessageSettings
	if err := m.store.View(func(r Reader) error { set = messageSettings(r); return nil }); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(templateOrText)
	if _, ok := set.Template(name, channel, app.Languages...); ok {
		req.Template = name
	} else {
		req.Text = templateOrText
	}
	return m.Queue(req)
}

// Queue composes req from its template (or text) and the customer's
// details and stores it as a queued message, which it returns. Nothing is
// stored when it is refused: an unknown customer or booking matches
// app.ErrNotFound; a greeting or campaign to a customer without marketing
// consent, a customer without an address for the channel, an unknown
// template are *MessageError (app.ErrInvalid) with the reason; a message
// the session may not queue matches app.ErrForbidden.
func (m *Messages) Queue(req MessageRequest) (*app.Message, error) {
	if err := m.mayQueue(); err != nil {
		return nil, err
	}
	var out *app.Message
	err := m.store.Update(func(tx Tx) error {
		msg, refusal, err := composeMessage(tx, req, m.now(), m.user())
		if err != nil {
			return err
		}
		if refusal != nil {
			return refusal
		}
		id := record.NewID()
		if err := m.checkWrite(tx, id, msg); err != nil {
			return err
		}
		if _, err := StoreEntity(tx, id, msg); err != nil {
			return err
		}
		msg.ID = id
		out = msg
		return nil
	})
	return out, err
}

func (m *Messages) mayQueue() error { return mayCreate(m.session, app.KindMessage) }

// LocalUser queues the messages of a session with no user (a store that
// never logged in, used with no --user).
const LocalUser = "local"

// user is who queues: the session's user, or LocalUser.
func (m *Messages) user() string { return cmp.Or(m.session.UserID, LocalUser) }

// checkWrite refuses early, with app.ErrForbidden, a write of msg under
// id that the server would refuse for the session.
func (m *Messages) checkWrite(r Reader, id string, msg *app.Message) error {
	s := m.session
	if s.Role == "" {
		return nil
	}
	values, err := record.Encode(msg)
	if err != nil {
		return err
	}
	denied, err := writeDenied(r, s, app.KindMessage, id, values)
	if err != nil {
		return err
	}
	if denied != nil {
		var d *access.Denied
		if errors.As(denied, &d) && d.Field != "" {
			return fmt.Errorf("%s may not queue or change this message to customer %s: %s %s: %w", article(string(s.Role)), msg.CustomerID, d.Field, deniedReason(d.Code), app.ErrForbidden)
		}
		return fmt.Errorf("%s may not queue or change this message to customer %s: %w", article(string(s.Role)), msg.CustomerID, denied)
	}
	return nil
}

// messageSettings returns the message settings, or the zero settings
// (built-in templates, nothing configured) when the store has none.
func messageSettings(r Reader) *app.MessageSettings {
	s, err := Load[app.MessageSettings](r, app.MessageSettingsID)
	if err != nil || s == nil {
		return &app.MessageSettings{}
	}
	return s
}

// customerLanguages is the order in which templates are looked for: the
// customer's language, Vietnamese for a Vietnamese customer, the company's
// country's language, then English and Vietnamese.
func customerLanguages(c *app.Customer, company *app.CompanySettings, lang string) []string {
	out := []string{lang, c.Language}
	if c.Nationality == "VN" || c.Country == "VN" {
		out = append(out, "vi")
	}
	if company.Country == "VN" {
		out = append(out, "vi")
	}
	return append(out, "en", "vi")
}

// composeMessage builds the message req asks for, as of now, queued by
// user. refusal is set (and the message is nil) when it may not be sent
// for a reason the user should hear; err is for a missing record or a
// failing store.
func composeMessage(r Reader, req MessageRequest, now time.Time, user string) (*app.Message, *MessageError, error) {
	c, err := Load[app.Customer](r, req.CustomerID)
	if err != nil {
		if isNotFound(err) {
			return nil, nil, fmt.Errorf("customer %s: %w", req.CustomerID, app.ErrNotFound)
		}
		return nil, nil, err
	}
	c.ID = req.CustomerID
	msg, refusal, err := composeFor(r, c, req, now, user)
	if err != nil || refusal != nil {
		return nil, refusal, err
	}
	if msg.Purpose.NeedsConsent() && !c.MarketingConsent {
		return nil, &MessageError{MsgNoConsent, fmt.Sprintf("customer %s (%s) has not agreed to marketing messages: a %s is not sent without marketing consent", c.ID, c.Name, purposeNoun(msg.Purpose))}, nil
	}
	if msg.To == "" {
		return nil, &MessageError{MsgNoAddress, fmt.Sprintf("customer %s (%s) has no %s", c.ID, c.Name, addressNoun(msg.Channel))}, nil
	}
	return msg, nil, nil
}

// composeFor renders req for customer c. The message's To is c's main
// address for the channel, "" when c has none; consent is not checked.
func composeFor(r Reader, c *app.Customer, req MessageRequest, now time.Time, user string) (*app.Message, *MessageError, error) {
	if req.Channel != app.ChannelEmail && req.Channel != app.ChannelSMS {
		return nil, &MessageError{"channel", fmt.Sprintf("channel %q: messages go by email or sms", req.Channel)}, nil
	}
	set := messageSettings(r)
	company := settings(r)
	today := app.DateOf(now)
	msg := &app.Message{
		CustomerID: c.ID, BookingID: req.BookingID, CampaignID: req.CampaignID, Channel: req.Channel,
		Template: req.Template, Status: app.MessageQueued, QueuedAt: now, QueuedBy: user,
	}
	if req.Channel == app.ChannelEmail {
		msg.To = c.MainEmail()
	} else {
		msg.To = c.MainPhone()
	}
	langs := customerLanguages(c, company, req.Language)
	var tpl app.MessageTemplate
	if req.Template != "" {
		var ok bool
		if tpl, ok = set.Template(req.Template, req.Channel, langs...); !ok {
			return nil, &MessageError{MsgNoTemplate, fmt.Sprintf("there is no %s template %q (the settings' templates and the built-in birthday and payment_reminder)", req.Channel, req.Template)}, nil
		}
		msg.Purpose = tpl.Purpose
	} else {
		if strings.TrimSpace(req.Text) == "" {
			return nil, &MessageError{"text", "give a template or the text to send"}, nil
		}
		lang := cmp.Or(req.Language, c.Language)
		tpl = app.MessageTemplate{Name: "text", Channel: req.Channel, Language: lang, Purpose: req.Purpose, Subject: req.Subject, Body: req.Text}
		if tpl.Subject == "" && req.Channel == app.ChannelEmail {
			tpl.Subject = company.CompanyName
			if tpl.Subject == "" {
				tpl.Subject = "…"
			}
		}
		msg.Purpose = req.Purpose
		if msg.Purpose == "" {
			msg.Purpose = app.PurposeService
			if req.CampaignID != "" {
				msg.Purpose = app.PurposeMarketing
			}
		}
	}
	if req.CampaignID != "" {
		// A campaign's message is marketing whatever its template says.
		msg.Purpose = app.PurposeMarketing
	}
	msg.Language = tpl.Language
	data := app.MessageData{
		Name: c.Name, GivenName: app.GivenNameOf(c), Title: app.TitleFor(c, tpl.Language),
		Email: c.MainEmail(), Phone: c.MainPhone(), Birthday: c.Birthday, Today: today,
		Company: app.MessageCompany{Name: company.CompanyName, Phone: company.Phone, Email: company.Email, Website: company.Website, BankAccount: company.BankAccount},
	}
	if req.BookingID != "" {
		row, err := bookingRow(r, req.BookingID)
		if err != nil {
			if isNotFound(err) {
				return nil, nil, fmt.Errorf("booking %s: %w", req.BookingID, app.ErrNotFound)
			}
			return nil, nil, err
		}
		if row.Booking.CustomerID != c.ID {
			return nil, &MessageError{"booking", fmt.Sprintf("booking %s is not customer %s's", row.Booking.Code, c.ID)}, nil
		}
		lang := cmp.Or(tpl.Language, "vi")
		due := dueDate(row.Booking, row.Start)
		data.Booking = app.MessageBooking{
			HasBooking: true, Code: row.Booking.Code, Destination: row.Trip, StartDate: row.Start, DueDate: due,
			Total: row.Total.Format(lang), Paid: row.Paid.Format(lang), Due: row.Balance.Format(lang),
			Overdue: !due.IsZero() && due.Before(today), ContractNumber: row.Booking.ContractNumber, Seats: row.Booking.Seats(),
		}
		if !row.Start.IsZero() {
			data.Booking.DaysUntilStart = int(row.Start.Time().Sub(today.Time()).Hours() / 24)
		}
	}
	subject, body, err := tpl.Render(data)
	if err != nil {
		return nil, &MessageError{MsgNoTemplate, err.Error()}, nil
	}
	if r := []rune(subject); len(r) > app.MaxName {
		subject = string(r[:app.MaxName-1]) + "…"
	}
	if r := []rune(body); len(r) > app.MaxMessageBody {
		body = string(r[:app.MaxMessageBody-1]) + "…"
	}
	msg.Subject, msg.Body = subject, body
	return msg, nil, nil
}

func purposeNoun(p app.Purpose) string {
	if p == app.PurposeGreeting {
		return "greeting"
	}
	return "marketing message"
}

func addressNoun(ch app.Channel) string {
	if ch == app.ChannelSMS {
		return "phone number"
	}
	return "email address"
}

// msgDerivedID is a record id made of prefix and key, or of prefix and a
// hash of key when they would not fit in app.MaxID characters.
func msgDerivedID(prefix, key string) string {
	if len(prefix)+len(key) <= app.MaxID {
		return prefix + key
	}
	sum := sha256.Sum256([]byte(key))
	return prefix + hex.EncodeToString(sum[:])[:40]
}

// BirthdayMessageID is the id of the birthday greeting of customer
// customerID in year: the same on every device and every run, so a
// greeting is queued once a year however often the scheduler runs.
func BirthdayMessageID(customerID string, year int) string {
	return msgDerivedID(fmt.Sprintf("bday-%04d-", year), customerID)
}
