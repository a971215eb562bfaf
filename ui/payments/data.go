package payments

import (
	"cmp"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// Ageing buckets, in column order.
const (
	notDue = iota
	days30
	days60
	days90
	over90
	total
	nBuckets
)

// buckets are amounts in the company's default currency (minor units)
// by how late they are, and their total.
type buckets [nBuckets]int64

// bucketOf is the bucket of an amount daysOverdue late: not due (below
// zero), 0–30, 31–60, 61–90, over 90 (service.Ageing's edges).
func bucketOf(daysOverdue int) int {
	switch {
	case daysOverdue < 0:
		return notDue
	case daysOverdue <= 30:
		return days30
	case daysOverdue <= 60:
		return days60
	case daysOverdue <= 90:
		return days90
	}
	return over90
}

func (b *buckets) add(daysOverdue int, amount int64) {
	b[bucketOf(daysOverdue)] += amount
	b[total] += amount
}

// debtRow is what one customer owes, in the user's scope.
type debtRow struct {
	CustomerID, Name string
	Ageing           buckets
	OverLimit        bool
	Bookings         []service.Receivable
}

// overdueRow is one balance past its due date.
type overdueRow struct {
	service.Receivable
	CustomerID, Customer string
}

// receivables is the receivables of the user's scope.
type receivables struct {
	Currency  string
	DebtLimit money.Money
	Total     buckets
	Customers []debtRow
	Overdue   []overdueRow
	OverLimit int
	Problems  []string
}

// scopeOf is the booking index the session's money lists read through:
// an agent's own bookings (their customers'), a manager's office,
// everyone else all ("", "").
func scopeOf(store service.Store, s service.Session) (field, value string) {
	switch s.Role {
	case app.RoleAgent:
		return "owner_id", s.UserID
	case app.RoleManager:
		office := s.OfficeID
		if office == "" {
			if u, err := service.Load[app.User](store, s.UserID); err == nil {
				office = u.OfficeID
			}
		}
		return "office_id", office
	}
	return "", ""
}

// loadReceivables works out the receivables on day (service.Payments)
// and keeps the bookings of the session's scope, aged again over what is
// kept; Overdue lists the balances past due, the latest first.
func loadReceivables(store service.Store, s service.Session, day app.Date) (*receivables, error) {
	rep, err := service.NewPayments(store, s).Receivables(day)
	if err != nil {
		return nil, err
	}
	field, value := scopeOf(store, s)
	var mine map[string]bool
	if field != "" {
		ids, err := store.Lookup(app.KindBooking, field, value)
		if err != nil {
			return nil, err
		}
		mine = make(map[string]bool, len(ids))
		for _, id := range ids {
			mine[id] = true
		}
	}
	out := &receivables{Currency: rep.Currency, DebtLimit: rep.DebtLimit, Problems: rep.Problems}
	for _, cd := range rep.Customers {
		row := debtRow{CustomerID: cd.CustomerID, Name: cd.Name}
		for _, b := range cd.Bookings {
			if mine != nil && !mine[b.BookingID] {
				continue
			}
			row.Bookings = append(row.Bookings, b)
			row.Ageing.add(b.DaysOverdue, b.Converted.Amount)
			out.Total.add(b.DaysOverdue, b.Converted.Amount)
			if b.DaysOverdue > 0 {
				out.Overdue = append(out.Overdue, overdueRow{Receivable: b, CustomerID: cd.CustomerID, Customer: cd.Name})
			}
		}
		if len(row.Bookings) == 0 {
			continue
		}
		row.OverLimit = rep.DebtLimit.Amount > 0 && row.Ageing[total] > rep.DebtLimit.Amount
		if row.OverLimit {
			out.OverLimit++
		}
		out.Customers = append(out.Customers, row)
	}
	slices.SortStableFunc(out.Customers, func(a, b debtRow) int {
		return cmp.Or(cmp.Compare(b.Ageing[total], a.Ageing[total]), cmp.Compare(a.Name, b.Name))
	})
	slices.SortStableFunc(out.Overdue, func(a, b overdueRow) int {
		return cmp.Or(cmp.Compare(b.DaysOverdue, a.DaysOverdue), cmp.Compare(a.Code, b.Code))
	})
	return out, nil
}

// seesPayables reports whether role's store holds the service orders and
// supplier payments (accountant, director, admin).
func seesPayables(role app.Role) bool {
	return role != "" && service.SeesAllMoney(role)
}

// mayTake reports whether role records money received (the server
// decides per booking; this only hides the button).
func mayTake(s service.Session) bool {
	return s.Role == "" || access.CanCreate(access.Subject{UserID: s.UserID, OfficeID: s.OfficeID, Role: s.Role}, app.KindPayment)
}

// mayPaySuppliers reports whether role pays suppliers.
func mayPaySuppliers(role app.Role) bool { return role == "" || access.Accounting(role) }
