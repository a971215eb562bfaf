package tours

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// fmtMoney writes m for the current language ("15.000.000 ₫").
func fmtMoney(m money.Money) string { return m.Format(i18n.Current()) }

// dates is "start → end" (one date for a day trip).
func dates(start, end app.Date) string {
	s := start.String()
	if !end.IsZero() && end != start {
		s += " → " + end.String()
	}
	return s
}

// explain is err in words for an inline message: a validation error's
// problems, else the service's message.
func explain(err error) string {
	var ve *app.ValidationError
	if errors.As(err, &ve) && len(ve.Problems) > 0 {
		parts := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			parts[i] = p.Field + ": " + p.Message
		}
		return strings.Join(parts, "; ")
	}
	return err.Error()
}

func statusName(s app.DepartureStatus) string {
	switch s {
	case app.DeparturePlanned:
		return lang.X("tours.status.planned", "Planned")
	case app.DepartureConfirmed:
		return lang.X("tours.status.confirmed", "Confirmed")
	case app.DepartureRunning:
		return lang.X("tours.status.running", "Running")
	case app.DepartureCompleted:
		return lang.X("tours.status.completed", "Completed")
	case app.DepartureSettled:
		return lang.X("tours.status.settled", "Settled")
	case app.DepartureCancelled:
		return lang.X("tours.status.cancelled", "Cancelled")
	}
	return string(s)
}

func orderStatusName(s app.ServiceOrderStatus) string {
	switch s {
	case app.OrderRequested:
		return lang.X("tours.order.requested", "Requested")
	case app.OrderConfirmed:
		return lang.X("tours.order.confirmed", "Confirmed")
	case app.OrderCompleted:
		return lang.X("tours.order.completed", "Completed")
	case app.OrderCancelled:
		return lang.X("tours.order.cancelled", "Cancelled")
	}
	return string(s)
}

func mealName(m app.Meal) string {
	switch m {
	case app.Breakfast:
		return lang.X("tours.meal.breakfast", "Breakfast")
	case app.Lunch:
		return lang.X("tours.meal.lunch", "Lunch")
	case app.Dinner:
		return lang.X("tours.meal.dinner", "Dinner")
	}
	return string(m)
}

// splitList reads a comma-separated entry into a list.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func roomName(r app.RoomType) string {
	switch r {
	case app.RoomSingle:
		return lang.X("tours.room.single", "single room")
	case app.RoomDouble:
		return lang.X("tours.room.double", "double room")
	case app.RoomTwin:
		return lang.X("tours.room.twin", "twin room")
	case app.RoomTriple:
		return lang.X("tours.room.triple", "triple room")
	}
	return string(r)
}

func travelerTypeName(t app.TravelerType) string {
	switch t {
	case app.TravelerAdult:
		return lang.X("tours.traveler.adult", "adult")
	case app.TravelerChild:
		return lang.X("tours.traveler.child", "child")
	case app.TravelerInfant:
		return lang.X("tours.traveler.infant", "infant")
	}
	return string(t)
}
