package tours

import (
	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
)

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
