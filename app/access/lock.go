package access

import (
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// The settlement lock and the books (issue 5: "a settled departure is
// locked: later corrections are reversal entries by an accountant").
// These guards come on top of the table: CheckWrite applies them after
// every check of rules.go has passed, for every role, admin included.

// lockedKinds are the kinds locked with the departure their departure_id
// names: its service orders, expenses, incidents and travelers (the
// group list and its check-ins). Bookings, payments and feedback are not:
// a balance may still be collected, or a customer's feedback filed, after
// the settlement.
var lockedKinds = []app.Kind{app.KindServiceOrder, app.KindExpense, app.KindIncident, app.KindTraveler}

// Accounting reports whether role keeps the books: only accountants and
// admins pay suppliers (expenses of category supplier_payment) and
// correct a settled departure (expense reversals).
func Accounting(role app.Role) bool {
	return role == app.RoleAccountant || role == app.RoleAdmin
}

// Settled reports whether departure id exists (per l) with status
// settled.
func Settled(l Lookup, departureID string) bool {
	if departureID == "" {
		return false
	}
	d, ok := l.Get(app.KindDeparture, departureID)
	return ok && strField(d, "status") == string(app.DepartureSettled)
}

// LockedBy returns the id of the settled departure that locks rec: rec
// itself when it is a settled departure, the departure its departure_id
// names when rec is a service order, expense, incident or traveler on a
// settled departure; "" when nothing locks it.
func LockedBy(rec record.Record, l Lookup) string {
	k := app.Kind(rec.Kind)
	switch {
	case k == app.KindDeparture:
		if strField(rec, "status") == string(app.DepartureSettled) {
			return rec.ID
		}
	case slices.Contains(lockedKinds, k):
		if id := strField(rec, "departure_id"); Settled(l, id) {
			return id
		}
	}
	return ""
}

// lockExempt reports whether the new record rec may be added to a settled
// departure by s: an accountant's or admin's expense reversal
// (reversal_of set), or a supplier payment (category supplier_payment,
// which only they may create: see checkBooks). Suppliers are usually paid
// after the trip.
func lockExempt(s Subject, rec record.Record) bool {
	if app.Kind(rec.Kind) != app.KindExpense || rec.IsDeleted() {
		return false
	}
	return strField(rec, "category") == string(app.ExpenseSupplierPayment) ||
		strField(rec, "reversal_of") != "" && Accounting(s.Role)
}

// CheckSettled is the settlement lock alone: nil, or a *Denied with
// CodeSettled when before (nil on create) or after is locked by a settled
// departure (LockedBy) and the write is not an exempt new expense. A
// departure is judged by before only, so settling it (completed →
// settled) passes and every later change of it is refused; creating a
// departure is never locked. CheckWrite calls it last; the local services
// call it to refuse early with their own message.
func CheckSettled(s Subject, before *record.Record, after record.Record, l Lookup) error {
	deny := &Denied{Code: CodeSettled, Kind: app.Kind(after.Kind), ID: after.ID}
	if before != nil && LockedBy(*before, l) != "" {
		return deny
	}
	if app.Kind(after.Kind) == app.KindDeparture {
		return nil
	}
	if LockedBy(after, l) != "" && !(before == nil && lockExempt(s, after)) {
		return deny
	}
	return nil
}

// checkBooks refuses (CodeAccountantOnly, on category) a new expense of
// category supplier_payment by a role that does not keep the books.
func checkBooks(s Subject, before *record.Record, after record.Record) error {
	if before == nil && app.Kind(after.Kind) == app.KindExpense && !Accounting(s.Role) &&
		strField(after, "category") == string(app.ExpenseSupplierPayment) {
		return &Denied{Code: CodeAccountantOnly, Kind: app.KindExpense, ID: after.ID, Field: "category"}
	}
	return nil
}
