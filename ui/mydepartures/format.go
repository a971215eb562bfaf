package mydepartures

import (
	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
)

func severityName(s app.Severity) string {
	switch s {
	case app.SeverityLow:
		return lang.X("mydepartures.severity.low", "Low")
	case app.SeverityMedium:
		return lang.X("mydepartures.severity.medium", "Medium")
	case app.SeverityHigh:
		return lang.X("mydepartures.severity.high", "High")
	case app.SeverityCritical:
		return lang.X("mydepartures.severity.critical", "Critical")
	}
	return string(s)
}

func categoryName(c app.ExpenseCategory) string {
	switch c {
	case app.ExpenseAccommodation:
		return lang.X("mydepartures.category.accommodation", "Accommodation")
	case app.ExpenseMeals:
		return lang.X("mydepartures.category.meals", "Meals")
	case app.ExpenseTransport:
		return lang.X("mydepartures.category.transport", "Transport")
	case app.ExpenseTickets:
		return lang.X("mydepartures.category.tickets", "Tickets")
	case app.ExpenseGuide:
		return lang.X("mydepartures.category.guide", "Guide")
	case app.ExpenseTips:
		return lang.X("mydepartures.category.tips", "Tips")
	case app.ExpenseOther:
		return lang.X("mydepartures.category.other", "Other")
	case app.ExpenseSupplierPayment:
		return lang.X("mydepartures.category.supplier_payment", "Supplier payment")
	}
	return string(c)
}

func statusName(s app.DepartureStatus) string {
	switch s {
	case app.DeparturePlanned:
		return lang.X("mydepartures.status.planned", "Planned")
	case app.DepartureConfirmed:
		return lang.X("mydepartures.status.confirmed", "Confirmed")
	case app.DepartureRunning:
		return lang.X("mydepartures.status.running", "Running")
	case app.DepartureCompleted:
		return lang.X("mydepartures.status.completed", "Completed")
	case app.DepartureSettled:
		return lang.X("mydepartures.status.settled", "Settled")
	case app.DepartureCancelled:
		return lang.X("mydepartures.status.cancelled", "Cancelled")
	}
	return string(s)
}

func roomName(r app.RoomType) string {
	switch r {
	case app.RoomSingle:
		return lang.X("mydepartures.room.single", "single room")
	case app.RoomDouble:
		return lang.X("mydepartures.room.double", "double room")
	case app.RoomTwin:
		return lang.X("mydepartures.room.twin", "twin room")
	case app.RoomTriple:
		return lang.X("mydepartures.room.triple", "triple room")
	}
	return string(r)
}
