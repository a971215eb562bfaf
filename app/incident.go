package app

import (
	"time"

	"github.com/tourdesk/tourdesk/app/money"
)

// Severity of an incident.
type Severity string

const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Severities lists every severity, mildest first.
var Severities = []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// Incident is something that went wrong on a trip (a lost passport, a
// delayed flight, an injury), reported by the guide from the field.
// Incidents are append-only: a follow-up is a new incident.
type Incident struct {
	ID          string `json:"-"`
	DepartureID string `json:"departure_id"`
	// TravelerID is set when the incident concerns one traveler.
	TravelerID string `json:"traveler_id"`
	// At is when it happened, with the local offset where it happened.
	At          time.Time `json:"at"`
	Severity    Severity  `json:"severity"`
	Description string    `json:"description"`
	// Cost is what it cost the agency, if anything.
	Cost       money.Money `json:"cost"`
	ReportedBy string      `json:"reported_by"`
}

func init() {
	register(KindInfo{
		Kind:       KindIncident,
		New:        func() Entity { return new(Incident) },
		AppendOnly: true,
		Index:      []string{"departure_id", "traveler_id", "severity", "reported_by", "at"},
		Search:     []string{"description"},
		Sort:       "at",
	})
}

// Kind implements Entity.
func (*Incident) Kind() Kind { return KindIncident }

// Validate normalises the incident and reports every field that is wrong.
func (in *Incident) Validate() error {
	var p Problems
	CleanID(&p, "departure_id", &in.DepartureID, true)
	CleanID(&p, "traveler_id", &in.TravelerID, false)
	CheckTime(&p, "at", in.At, true)
	CheckOneOf(&p, "severity", in.Severity, true, Severities...)
	CleanText(&p, "description", &in.Description, MaxNotes, true, true)
	CheckMoney(&p, "cost", &in.Cost, false, NotNegative, "")
	CleanID(&p, "reported_by", &in.ReportedBy, true)
	return p.Err(KindIncident)
}
