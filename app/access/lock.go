package access

import (
	"slices"
	"strings"

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
	deny := func(dep string) error {
		return &Denied{Code: CodeSettled, Kind: app.Kind(after.Kind), ID: after.ID, Reason: SettledMessage(l, dep)}
	}
	if before != nil {
		if dep := LockedBy(*before, l); dep != "" {
			return deny(dep)
		}
	}
	if app.Kind(after.Kind) == app.KindDeparture {
		return nil
	}
	if dep := LockedBy(after, l); dep != "" && !(before == nil && lockExempt(s, after)) {
		return deny(dep)
	}
	return nil
}

// SettledMessage is the refusal of a change to what settled departure id
// locks, naming the departure by its code ("departure HN-0412 is settled:
// …"), or by id when l does not hold it.
func SettledMessage(l Lookup, id string) string {
	name := id
	if d, ok := l.Get(app.KindDeparture, id); ok && strField(d, "code") != "" {
		name = strField(d, "code")
	}
	return "departure " + name + " is settled and locked: corrections are reversal entries by an accountant"
}

// checkSettling refuses (CodeField) a change by a settle-only role (the
// accountant, on departures) other than settling a completed departure:
// status completed → settled, the other edit fields changing only with
// it. The edit list has already limited which fields change.
func checkSettling(s Subject, before, after record.Record, l Lookup) error {
	if LockedBy(before, l) != "" {
		return nil // settled already: CheckSettled refuses it with its own reason
	}
	if strField(before, "status") == string(app.DepartureCompleted) && strField(after, "status") == string(app.DepartureSettled) {
		return nil
	}
	field := "status"
	if strField(before, "status") == strField(after, "status") {
		if ch := Changed(&before, after); len(ch) > 0 {
			field = ch[0]
		}
	}
	name := strField(before, "code")
	if name == "" {
		name = before.ID
	}
	return &Denied{Code: CodeField, Kind: app.Kind(after.Kind), ID: after.ID, Field: field,
		Reason: withArticle(s.Role) + " changes departure " + name + " only by settling it once it is completed (completed → settled)"}
}

// checkBooks refuses (CodeAccountantOnly) what only the roles that keep
// the books do: settling a departure (on status: the frozen figures need
// every booking's prices and payments, which an operator's laptop does
// not hold) and a new expense of category supplier_payment (on category).
func checkBooks(s Subject, before *record.Record, after record.Record) error {
	if app.Kind(after.Kind) == app.KindDeparture && !Accounting(s.Role) &&
		strField(after, "status") == string(app.DepartureSettled) &&
		(before == nil || strField(*before, "status") != string(app.DepartureSettled)) {
		return &Denied{Code: CodeAccountantOnly, Kind: app.KindDeparture, ID: after.ID, Field: "status",
			Reason: "only an accountant or an admin settles a departure (its figures need every booking's prices and payments): " + withArticle(s.Role) + " may not settle"}
	}
	if before == nil && app.Kind(after.Kind) == app.KindExpense && !Accounting(s.Role) &&
		strField(after, "category") == string(app.ExpenseSupplierPayment) {
		return &Denied{Code: CodeAccountantOnly, Kind: app.KindExpense, ID: after.ID, Field: "category",
			Reason: "only an accountant or an admin pays suppliers: " + withArticle(s.Role) + " may not record a supplier payment"}
	}
	return nil
}

// withArticle is "an accountant", "a guide".
func withArticle(r app.Role) string {
	if s := string(r); s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + string(r)
}
