package today

import (
	"cmp"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// PaymentsAheadDays: a balance due at most this many days ahead is listed
// under "Payments due" (the care reminder's window, so the task and the
// list agree), with every overdue one.
const PaymentsAheadDays = service.BalanceReminderDays

// WeekDays is how many days "Departures this week" covers, today included.
const WeekDays = 7

// maxPaymentsDue bounds the payments-due list (the Payments area has
// them all).
const maxPaymentsDue = 50

// dueRow is one balance due soon or overdue.
type dueRow struct {
	BookingID, Code, Customer string
	Balance                   money.Money
	Due                       app.Date
	// DaysOverdue is below zero while the balance is not due yet.
	DaysOverdue int
}

// depRow is one departure starting this week.
type depRow struct {
	ID, Code, Tour   string
	Start, End       app.Date
	Taken, Capacity  int
	Min              int
	ReachedMinimum   bool
	Overbooked       bool
	Status           app.DepartureStatus
	MeetingPoint, At string
}

// tasksData is the Today list of a user.
type tasksData struct {
	tasks []*app.Task
	// names are the names of the tasks' customers, by id.
	names map[string]string
}

// loadTasks reads the open tasks of the session's user due on or before
// day, and the names of their customers.
func loadTasks(store service.Store, care *service.Care, user string, day app.Date) (tasksData, error) {
	ts, err := care.DueTasks(user, day)
	if err != nil {
		return tasksData{}, err
	}
	out := tasksData{tasks: ts, names: map[string]string{}}
	var ids []string
	for _, t := range ts {
		if t.CustomerID != "" {
			ids = append(ids, t.CustomerID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	err = store.View(func(r service.Reader) error {
		for _, id := range ids {
			if _, ok := out.names[id]; ok {
				continue
			}
			c, err := service.Load[app.Customer](r, id)
			if err != nil {
				out.names[id] = ""
				continue // deleted or not on this computer: the title says who
			}
			out.names[id] = c.Name
		}
		return nil
	})
	return out, err
}

// scopeOf is the booking index the session's lists read through: an
// agent's own bookings, a manager's office, everyone else all ("", "").
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

// seesPayments reports whether role works with customers' money (an
// operator's or marketing's store holds no payments: every booking would
// look owed).
func seesPayments(role app.Role) bool {
	switch role {
	case app.RoleAgent, app.RoleManager, app.RoleAccountant, app.RoleDirector, app.RoleAdmin, "":
		return true
	}
	return false
}

// loadPaymentsDue lists the balances of the session's scope that are
// overdue or due within PaymentsAheadDays of day, the latest first (most
// days overdue), at most maxPaymentsDue; more is how many were left out.
func loadPaymentsDue(store service.Store, s service.Session, day app.Date) (rows []dueRow, more int, err error) {
	rep, err := service.NewPayments(store, s).Receivables(day)
	if err != nil {
		return nil, 0, err
	}
	field, value := scopeOf(store, s)
	var mine map[string]bool
	if field != "" {
		ids, err := store.Lookup(app.KindBooking, field, value)
		if err != nil {
			return nil, 0, err
		}
		mine = make(map[string]bool, len(ids))
		for _, id := range ids {
			mine[id] = true
		}
	}
	for _, cd := range rep.Customers {
		for _, b := range cd.Bookings {
			if mine != nil && !mine[b.BookingID] {
				continue
			}
			if b.DaysOverdue < -PaymentsAheadDays {
				continue
			}
			rows = append(rows, dueRow{BookingID: b.BookingID, Code: b.Code, Customer: cd.Name, Balance: b.Balance, Due: b.Due, DaysOverdue: b.DaysOverdue})
		}
	}
	slices.SortFunc(rows, func(a, b dueRow) int {
		return cmp.Or(cmp.Compare(b.DaysOverdue, a.DaysOverdue), cmp.Compare(a.Code, b.Code))
	})
	if len(rows) > maxPaymentsDue {
		more = len(rows) - maxPaymentsDue
		rows = rows[:maxPaymentsDue]
	}
	return rows, more, nil
}

// loadDepartures lists the departures starting from day to WeekDays − 1
// days after it, with their seats, by start date then code; cancelled
// ones are left out.
func loadDepartures(store service.Store, day app.Date) ([]depRow, error) {
	var out []depRow
	err := store.View(func(r service.Reader) error {
		for i := range WeekDays {
			ids, err := r.Lookup(app.KindDeparture, "start_date", day.AddDays(i).String())
			if err != nil {
				return err
			}
			for _, id := range ids {
				st, err := service.Seats(r, id)
				if err != nil {
					continue // gone meanwhile
				}
				d := st.Departure
				if d.Status == app.DepartureCancelled {
					continue
				}
				row := depRow{ID: id, Code: d.Code, Start: d.StartDate, End: d.EndDate, Taken: st.Taken, Capacity: d.Capacity,
					Min: d.MinTravelers, ReachedMinimum: st.ReachedMinimum, Overbooked: st.Overbooked, Status: d.Status,
					MeetingPoint: d.MeetingPoint, At: d.MeetingTime}
				if t, err := service.Load[app.Tour](r, d.TourID); err == nil {
					row.Tour = t.Name
				}
				out = append(out, row)
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b depRow) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Code, b.Code))
	})
	return out, err
}

// Task groups of the filter.
const (
	groupAll       = "all"
	groupGreetings = "greetings"
	groupFollowUps = "followups"
	groupPayments  = "payments"
	groupPassports = "passports"
	groupOther     = "other"
)

var groups = []string{groupAll, groupGreetings, groupFollowUps, groupPayments, groupPassports, groupOther}

// groupOf is the filter group of a task type.
func groupOf(t app.TaskType) string {
	switch t {
	case app.TaskBirthday, app.TaskHoliday:
		return groupGreetings
	case app.TaskReturnCall, app.TaskFollowUp, app.TaskCall:
		return groupFollowUps
	case app.TaskPaymentDue:
		return groupPayments
	case app.TaskPassport:
		return groupPassports
	}
	return groupOther
}

// filterTasks keeps the tasks of group.
func filterTasks(ts []*app.Task, group string) []*app.Task {
	if group == groupAll {
		return ts
	}
	var out []*app.Task
	for _, t := range ts {
		if groupOf(t.Type) == group {
			out = append(out, t)
		}
	}
	return out
}

// birthdaysOn returns the birthday greetings of day among ts.
func birthdaysOn(ts []*app.Task, day app.Date) []*app.Task {
	var out []*app.Task
	for _, t := range ts {
		if t.Type == app.TaskBirthday && (t.OccasionDate == day || t.OccasionDate.IsZero() && t.DueDate == day) {
			out = append(out, t)
		}
	}
	return out
}
