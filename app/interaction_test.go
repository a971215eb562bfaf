package app

import (
	"testing"
	"time"
)

func validInteraction() Interaction {
	return Interaction{CustomerID: "cust-1", BookingID: "bk-1", Type: InteractionCall, Direction: Outbound, Summary: "Called the day after return; happy with the guide.", At: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), UserID: "agent-1"}
}

func TestInteractionValidate(t *testing.T) {
	it := validInteraction()
	if err := it.Validate(); err != nil {
		t.Fatal(err)
	}
	runBad(t, validInteraction, []badCase[Interaction]{
		{"no customer", func(i *Interaction) { i.CustomerID = "" }, "customer_id", CodeRequired},
		{"bad type", func(i *Interaction) { i.Type = "fax" }, "type", CodeUnknown},
		{"bad direction", func(i *Interaction) { i.Direction = "sideways" }, "direction", CodeUnknown},
		{"note with direction", func(i *Interaction) { i.Type = InteractionNote }, "direction", CodeRange},
		{"no summary", func(i *Interaction) { i.Summary = "" }, "summary", CodeRequired},
		{"no time", func(i *Interaction) { i.At = time.Time{} }, "at", CodeRequired},
		{"no user", func(i *Interaction) { i.UserID = "" }, "user_id", CodeRequired},
	})
}
