package app

import (
	"time"
)

// MessageChannels are the channels a Message goes by: email and sms
// (campaign.go's Channel).
var MessageChannels = []Channel{ChannelEmail, ChannelSMS}

// Purpose says why a message is sent, which decides whether it needs the
// customer's marketing consent (NeedsConsent).
type Purpose string

const (
	// PurposeService is about something the customer bought or asked for:
	// a payment reminder, a booking detail, an agent's one-off note.
	PurposeService Purpose = "service"
	// PurposeGreeting is a birthday or holiday greeting: not asked for,
	// sent by the agency to keep in touch.
	PurposeGreeting Purpose = "greeting"
	// PurposeMarketing is a campaign: promotions, new tours.
	PurposeMarketing Purpose = "marketing"
)

// Purposes lists every purpose.
var Purposes = []Purpose{PurposeService, PurposeGreeting, PurposeMarketing}

// NeedsConsent reports whether a message of purpose p may only go to a
// customer whose MarketingConsent is true. Greetings and campaigns do;
// service messages (about the customer's own bookings and payments) do
// not. See docs/DECISIONS.md (2026-11-23, messages).
func (p Purpose) NeedsConsent() bool { return p == PurposeGreeting || p == PurposeMarketing }

// MessageStatus is where a message is in the outbox.
type MessageStatus string

const (
	// MessageQueued waits to be sent (at NextAttemptAt, when set: a
	// failed attempt is retried later with LastError kept).
	MessageQueued MessageStatus = "queued"
	// MessageSending is being handed to the SMTP server or SMS provider.
	// A message found in this state by a new run was interrupted (a
	// crash): it may or may not have gone out, and is queued again.
	MessageSending MessageStatus = "sending"
	// MessageSent was accepted by the SMTP server or SMS provider.
	MessageSent MessageStatus = "sent"
	// MessageFailed gave up: every attempt failed, or the failure cannot
	// be cured by waiting (no address, a rejected recipient). LastError
	// says why; a person may queue it again (retry).
	MessageFailed MessageStatus = "failed"
	// MessageSkipped was deliberately not sent: no marketing consent for
	// a greeting or campaign, no address on the customer, the customer
	// deleted. LastError says why.
	MessageSkipped MessageStatus = "skipped"
	// MessageCancelled was withdrawn by a person before it was sent.
	MessageCancelled MessageStatus = "cancelled"
)

// MessageStatuses lists every message status.
var MessageStatuses = []MessageStatus{MessageQueued, MessageSending, MessageSent, MessageFailed, MessageSkipped, MessageCancelled}

// MessageTransitions: sent, skipped and cancelled are final; a failed
// message may be queued again by a person; an interrupted send is queued
// again by the sender.
var MessageTransitions = Transitions[MessageStatus]{
	MessageQueued:  {MessageSending, MessageSent, MessageFailed, MessageSkipped, MessageCancelled},
	MessageSending: {MessageQueued, MessageSent, MessageFailed, MessageSkipped},
	MessageFailed:  {MessageQueued, MessageCancelled},
}

// MaxMessageBody is the longest message body, in characters.
const MaxMessageBody = 20000

// Message is one email or SMS to a customer, kept as a record from the
// moment it is queued until it is sent, so that a crash or an SMTP outage
// loses nothing and its state is visible to everyone who may see the
// customer. Text is composed when the message is queued (from a template
// and the customer's details); sending only delivers it. Once sent, the
// message is logged as an Interaction on the customer (InteractionID).
type Message struct {
	ID         string `json:"-"`
	CustomerID string `json:"customer_id"`
	// BookingID is the booking a payment reminder is about.
	BookingID  string `json:"booking_id"`
	CampaignID string `json:"campaign_id"`
	// Channel is email or sms (the JSON name "channel").
	Channel Channel `json:"channel"`
	Purpose Purpose `json:"purpose"`
	// Template names the template the text came from ("birthday",
	// "payment_reminder"); "" for a free text.
	Template string `json:"template"`
	Language string `json:"language"`
	// To is the email address or the E.164 phone number.
	To      string        `json:"to"`
	Subject string        `json:"subject"`
	Body    string        `json:"body"`
	Status  MessageStatus `json:"status"`
	// Attempts counts the sending attempts made.
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
	// NextAttemptAt is when a queued message that failed is tried again.
	NextAttemptAt time.Time `json:"next_attempt_at"`
	QueuedAt      time.Time `json:"queued_at"`
	// QueuedBy is the user who queued it (for a scheduled greeting, the
	// user the scheduler runs as).
	QueuedBy string    `json:"queued_by"`
	SentAt   time.Time `json:"sent_at"`
	// ProviderID is what the SMTP server or SMS provider called it (the
	// Message-ID header, the provider's message id).
	ProviderID    string `json:"provider_id"`
	InteractionID string `json:"interaction_id"`
}

func init() {
	register(KindInfo{
		Kind:   KindMessage,
		New:    func() Entity { return new(Message) },
		Index:  []string{"customer_id", "booking_id", "campaign_id", "status", "template", "queued_by"},
		Search: []string{"to", "subject"},
		Sort:   "queued_at",
	})
}

// Kind implements Entity.
func (*Message) Kind() Kind { return KindMessage }

// Validate normalises the message (purpose defaults to service, status to
// queued, an email address lower-cased, a phone to E.164) and reports
// every field that is wrong.
func (m *Message) Validate() error {
	var p Problems
	if m.Purpose == "" {
		m.Purpose = PurposeService
	}
	if m.Status == "" {
		m.Status = MessageQueued
	}
	CleanID(&p, "customer_id", &m.CustomerID, true)
	CleanID(&p, "booking_id", &m.BookingID, false)
	CleanID(&p, "campaign_id", &m.CampaignID, false)
	CheckOneOf(&p, "channel", m.Channel, true, MessageChannels...)
	CheckOneOf(&p, "purpose", m.Purpose, true, Purposes...)
	CleanText(&p, "template", &m.Template, MaxName, false, false)
	CheckOneOf(&p, "language", m.Language, false, Languages...)
	switch m.Channel {
	case ChannelEmail:
		CleanEmail(&p, "to", &m.To)
	case ChannelSMS:
		CleanPhone(&p, "to", &m.To, "")
	}
	CleanText(&p, "subject", &m.Subject, MaxName, false, false)
	// A skipped message may have no text (no template to compose it from).
	CleanText(&p, "body", &m.Body, MaxMessageBody, m.Status != MessageSkipped, true)
	CheckOneOf(&p, "status", m.Status, true, MessageStatuses...)
	CheckInt(&p, "attempts", m.Attempts, 0, 1000)
	CleanText(&p, "last_error", &m.LastError, MaxText, false, false)
	CheckTime(&p, "queued_at", m.QueuedAt, true)
	CleanID(&p, "queued_by", &m.QueuedBy, true)
	CleanText(&p, "provider_id", &m.ProviderID, MaxName, false, false)
	CleanID(&p, "interaction_id", &m.InteractionID, false)
	if m.Status == MessageSent && m.SentAt.IsZero() {
		p.Add("sent_at", CodeRequired, "is required once sent")
	}
	if m.Channel == ChannelEmail && m.Subject == "" && m.Status != MessageSkipped {
		p.Add("subject", CodeRequired, "is required for an email")
	}
	return p.Err(KindMessage)
}
