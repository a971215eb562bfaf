package app

import "time"

// InteractionType is what kind of contact with a customer was logged.
// Drafts of programs and contracts sent for review are logged too, so the
// customer's history shows what they were sent and when.
type InteractionType string

const (
	InteractionCall          InteractionType = "call"
	InteractionEmail         InteractionType = "email"
	InteractionMeeting       InteractionType = "meeting"
	InteractionSMS           InteractionType = "sms"
	InteractionChat          InteractionType = "chat"
	InteractionSurvey        InteractionType = "survey"
	InteractionNote          InteractionType = "note"
	InteractionProgramDraft  InteractionType = "program_draft"
	InteractionContractDraft InteractionType = "contract_draft"
)

// InteractionTypes lists every interaction type.
var InteractionTypes = []InteractionType{InteractionCall, InteractionEmail, InteractionMeeting, InteractionSMS, InteractionChat, InteractionSurvey, InteractionNote, InteractionProgramDraft, InteractionContractDraft}

// Direction says who reached out.
type Direction string

const (
	Inbound  Direction = "inbound"
	Outbound Direction = "outbound"
)

// Interaction is one contact with a customer, logged by an agent.
// Interactions are append-only: a correction is a new note.
type Interaction struct {
	ID         string `json:"-"`
	CustomerID string `json:"customer_id"`
	BookingID  string `json:"booking_id"`
	// Type is the kind of contact (the JSON name "type" because Kind is
	// the record's kind).
	Type      InteractionType `json:"type"`
	Direction Direction       `json:"direction"`
	Summary   string          `json:"summary"`
	At        time.Time       `json:"at"`
	// UserID is the agent who had the contact.
	UserID string `json:"user_id"`
}

func init() {
	register(KindInfo{
		Kind:       KindInteraction,
		New:        func() Entity { return new(Interaction) },
		AppendOnly: true,
		Index:      []string{"customer_id", "booking_id", "type", "user_id", "at"},
		Search:     []string{"summary"},
		Sort:       "at",
	})
}

// Kind implements Entity.
func (*Interaction) Kind() Kind { return KindInteraction }

// Validate normalises the interaction and reports every field that is
// wrong. Direction is optional; a note has none.
func (it *Interaction) Validate() error {
	var p Problems
	CleanID(&p, "customer_id", &it.CustomerID, true)
	CleanID(&p, "booking_id", &it.BookingID, false)
	CheckOneOf(&p, "type", it.Type, true, InteractionTypes...)
	CheckOneOf(&p, "direction", it.Direction, false, Inbound, Outbound)
	if it.Type == InteractionNote && it.Direction != "" {
		p.Add("direction", CodeRange, "a note has no direction")
	}
	CleanText(&p, "summary", &it.Summary, MaxNotes, true, true)
	CheckTime(&p, "at", it.At, true)
	CleanID(&p, "user_id", &it.UserID, true)
	return p.Err(KindInteraction)
}
