package app

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validComplaint() Complaint {
	return Complaint{CustomerID: "cust-1", BookingID: "bk-1", ReceivedOn: Date{2026, 12, 6}, Description: "The hotel in Hội An was not the one in the contract."}
}

func TestComplaintValidate(t *testing.T) {
	c := validComplaint()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Status != ComplaintReceived {
		t.Errorf("Status = %s", c.Status)
	}
	runBad(t, validComplaint, []badCase[Complaint]{
		{"no customer", func(c *Complaint) { c.CustomerID = "" }, "customer_id", CodeRequired},
		{"no date", func(c *Complaint) { c.ReceivedOn = Date{} }, "received_on", CodeRequired},
		{"no description", func(c *Complaint) { c.Description = "" }, "description", CodeRequired},
		{"resolved without resolution", func(c *Complaint) { c.Status = ComplaintResolved }, "resolution", CodeRequired},
		{"negative compensation", func(c *Complaint) { c.Compensation = money.New(-1, "VND") }, "compensation", CodeRange},
		{"bad status", func(c *Complaint) { c.Status = "open" }, "status", CodeUnknown},
	})
	wantProblem(t, ComplaintTransitions.Check(KindComplaint, "status", ComplaintClosed, ComplaintInvestigating), "status", CodeTransition)
	if err := ComplaintTransitions.Check(KindComplaint, "status", ComplaintResolved, ComplaintInvestigating); err != nil {
		t.Errorf("reopening a resolved complaint: %v", err)
	}
}
