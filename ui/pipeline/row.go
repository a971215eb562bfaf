package pipeline

import (
	"github.com/tourdesk/tourdesk/ui/bookings"
	"github.com/tourdesk/tourdesk/ui/internal/format"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// setRow shows request b in a list row: code and customer with the
// total, and under them the trip and its start; nil shows a row still
// loading ("…") or gone (blank).
func setRow(r *listrow.Row, b *bookings.Row, loading bool) {
	if b == nil {
		t := ""
		if loading {
			t = "…"
		}
		r.Set(t, "", "", false)
		return
	}
	r.Set(b.Booking.Code+" · "+b.Customer, format.Money(b.Total), b.Trip+" · "+b.Start.String(), false)
}
