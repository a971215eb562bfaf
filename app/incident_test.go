package app

import (
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app/money"
)

func validIncident() Incident {
	return Incident{DepartureID: "dep-1", TravelerID: "trav-1", At: time.Date(2026, 12, 2, 14, 30, 0, 0, time.UTC), Severity: SeverityHigh, Description: "Lost passport at the market.\nReported to police.", Cost: money.New(1200000, "VND"), ReportedBy: "guide-1"}
}

func TestIncidentValidate(t *testing.T) {
	in := validIncident()
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	runBad(t, validIncident, []badCase[Incident]{
		{"no departure", func(i *Incident) { i.DepartureID = "" }, "departure_id", CodeRequired},
		{"no time", func(i *Incident) { i.At = time.Time{} }, "at", CodeRequired},
		{"bad severity", func(i *Incident) { i.Severity = "urgent" }, "severity", CodeUnknown},
		{"no description", func(i *Incident) { i.Description = "\n" }, "description", CodeRequired},
		{"negative cost", func(i *Incident) { i.Cost.Amount = -1 }, "cost", CodeRange},
		{"no reporter", func(i *Incident) { i.ReportedBy = "" }, "reported_by", CodeRequired},
	})
}
