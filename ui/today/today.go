// Package today is the Today area of the desktop app, where most users
// start their day: the care tasks due today and overdue (mark one done or
// snooze it), today's birthdays, the follow-up calls, the balances due in
// the next days or overdue, the departures of the week with their seats,
// and the sync state (last sync, offline, conflicts) from ui/syncui.
//
// Opening the area (and reloading it on a new day) generates the day's
// care tasks (service.Care.Generate, idempotent) off the UI goroutine;
// the list shows the tasks already there at once and again once the new
// ones are written. Everything that touches the store runs off the UI
// goroutine and is applied through fyne.Do; a result overtaken by a newer
// load is dropped.
package today

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/care/caretext"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/syncui"
)

// Deps is what the area needs.
type Deps struct {
	Store   service.Store
	Session service.Session
	// Sync, when set, feeds the sync card (ui/syncui's controller, the
	// one the status bar watches); nil: the card says sync is not set up.
	Sync *syncui.Sync
	// Now is the clock (nil: time.Now); tests fix the day.
	Now func() time.Time
}

// Area is the Today screen. Its fields are owned by the UI goroutine
// except deps, care and do, set once in New.
type Area struct {
	deps Deps
	care *service.Care
	win  fyne.Window
	do   func(func())

	heading  *widget.Label
	status   *widget.Label
	message  *widget.Label
	refresh  *widget.Button
	filter   *widget.Select
	count    *widget.Label
	list     *widget.List
	empty    *widget.Label
	birthday *widget.Label
	payments *widget.Label
	paysBox  *fyne.Container
	deps7    *fyne.Container
	depEmpty *widget.Label
	syncText *widget.Label
	syncNow  *widget.Button
	content  fyne.CanvasObject

	day app.Date
	// all are the tasks loaded; shown those of the filter's group.
	all, shown []*app.Task
	names      map[string]string
	group      string
	// loadGen counts loads; shownGen is the one the screen shows.
	loadGen, shownGen int
	// generatedOn is the day care tasks were last generated for.
	generatedOn app.Date
	generating  bool
	// busy holds the ids of tasks being marked done or snoozed.
	busy map[string]bool
}

// New builds the Today area and starts loading it.
func New(d Deps, win fyne.Window) *Area { return newArea(d, win, fyne.Do) }

func newArea(d Deps, win fyne.Window, do func(func())) *Area {
	if d.Now == nil {
		d.Now = time.Now
	}
	a := &Area{deps: d, care: service.NewCare(d.Store, d.Session), win: win, do: do, group: groupAll, busy: map[string]bool{}}

	a.heading = widget.NewLabel("")
	a.heading.TextStyle.Bold = true
	a.heading.SizeName = theme.SizeNameHeadingText
	a.status = widget.NewLabel("")
	a.status.Importance = widget.LowImportance
	a.status.Wrapping = fyne.TextWrapWord
	a.status.Hide()
	a.message = widget.NewLabel("")
	a.message.Importance = widget.DangerImportance
	a.message.Wrapping = fyne.TextWrapWord
	a.message.Hide()
	a.refresh = widget.NewButtonWithIcon(lang.X("today.refresh", "Refresh"), theme.ViewRefreshIcon(), a.Reload)

	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = groupName(g)
	}
	a.filter = widget.NewSelect(names, func(s string) {
		for i, n := range names {
			if n == s && groups[i] != a.group {
				a.group = groups[i]
				a.applyFilter()
			}
		}
	})
	a.filter.SetSelectedIndex(0)
	a.count = widget.NewLabel(lang.X("today.loading", "Loading…"))
	a.count.TextStyle.Italic = true

	a.list = widget.NewList(
		func() int { return len(a.shown) },
		func() fyne.CanvasObject { return newTaskRow(a) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(a.shown) {
				o.(*taskRow).set(a.shown[i])
			}
		},
	)
	a.empty = widget.NewLabel("")
	a.empty.Alignment = fyne.TextAlignCenter
	// No wrapping: a word-wrapped label laid out while hidden keeps the
	// zero width it had then and draws one letter per line; the message
	// is short in every language.
	a.empty.Truncation = fyne.TextTruncateEllipsis
	a.empty.Hide()

	a.birthday = widget.NewLabel("")
	a.birthday.Wrapping = fyne.TextWrapWord
	a.payments = widget.NewLabel(lang.X("today.loading", "Loading…"))
	a.payments.Wrapping = fyne.TextWrapWord
	a.paysBox = container.NewVBox()
	a.deps7 = container.NewVBox()
	a.depEmpty = widget.NewLabel(lang.X("today.loading", "Loading…"))
	a.depEmpty.Wrapping = fyne.TextWrapWord
	a.syncText = widget.NewLabel("")
	a.syncText.Wrapping = fyne.TextWrapWord
	a.syncNow = widget.NewButtonWithIcon(lang.X("today.sync.now", "Sync now"), theme.ViewRefreshIcon(), func() {
		if d.Sync != nil {
			d.Sync.Now()
		}
	})
	a.syncNow.Hide()

	tasksHead := container.NewBorder(nil, nil, nil, a.filter, a.count)
	left := container.NewBorder(container.NewVBox(title(lang.X("today.tasks", "Tasks due")), tasksHead), nil, nil, nil,
		container.NewStack(a.list, container.NewPadded(container.NewVBox(layout.NewSpacer(), a.empty, layout.NewSpacer()))))

	var cards []fyne.CanvasObject
	cards = append(cards, title(lang.X("today.birthdays", "Birthdays today")), a.birthday, widget.NewSeparator())
	if seesPayments(d.Session.Role) {
		cards = append(cards, title(lang.X("today.payments", "Payments due")), a.payments, a.paysBox, widget.NewSeparator())
	}
	cards = append(cards, title(lang.X("today.departures", "Departures this week")), a.depEmpty, a.deps7, widget.NewSeparator(),
		title(lang.X("today.sync", "Sync")), a.syncText, container.NewHBox(a.syncNow))
	right := container.NewVScroll(container.NewVBox(cards...))

	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	top := container.NewVBox(container.NewBorder(nil, nil, nil, a.refresh, a.heading), a.status, a.message)
	a.content = container.NewBorder(top, nil, nil, nil, split)

	if d.Sync != nil {
		d.Sync.Watch(func(st syncui.State) { a.showSync(st) })
	} else {
		a.syncText.SetText(lang.X("today.sync.none", "Sync is not set up: this computer works on its own data."))
	}
	a.Reload()
	return a
}

func title(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Shortcuts: Ctrl+R is the shell's (sync); F5 re-reads the day.
func (a *Area) Shortcuts() map[fyne.Shortcut]func() {
	return map[fyne.Shortcut]func(){
		&desktop.CustomShortcut{KeyName: fyne.KeyF5}: a.Reload,
	}
}

// today is the current day by the area's clock (local time).
func (a *Area) today() app.Date { return app.DateOf(a.deps.Now().Local()) }

// Reload reads the day again (after a sync, demo data, or on Refresh),
// and generates the care tasks of a new day.
func (a *Area) Reload() {
	a.loadGen++
	gen, day := a.loadGen, a.today()
	a.day = day
	a.heading.SetText(lang.X("today.heading", "Today, {{.Date}}", map[string]any{"Date": longDate(day)}))
	s := a.deps.Session
	store := a.deps.Store
	if store == nil {
		a.count.SetText(lang.X("today.error.no_store", "No data on this computer."))
		return
	}
	go func() {
		td, err := loadTasks(store, a.care, s.UserID, day)
		a.do(func() {
			if gen != a.loadGen {
				return
			}
			a.shownGen = gen
			if err != nil {
				a.count.SetText(lang.X("today.error.load", "Could not load the tasks: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.setTasks(td)
			if a.generatedOn != day && !a.generating {
				a.generate(day)
			}
		})
		// The departures are a few index reads; the balances read every
		// booking (seconds on a large office's store): they come last.
		deps, derr := loadDepartures(store, day)
		a.do(func() {
			if gen == a.loadGen {
				a.setDepartures(deps, derr)
			}
		})
		if seesPayments(s.Role) {
			rows, more, perr := loadPaymentsDue(store, s, day)
			a.do(func() {
				if gen == a.loadGen {
					a.setPayments(rows, more, perr)
				}
			})
		}
	}()
}

// generate writes the care tasks of day off the UI goroutine, then reads
// the list again if it created or closed any.
func (a *Area) generate(day app.Date) {
	a.generating = true
	a.setStatus(lang.X("today.generating", "Looking for new care tasks…"))
	go func() {
		res, err := a.care.Generate(day)
		a.do(func() {
			a.generating = false
			if err != nil {
				a.setStatus("")
				a.showMessage(lang.X("today.error.generate", "Could not make today's care tasks: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.generatedOn = day
			// Tasks are made ahead (CareAheadDays) and for other agents
			// in a manager's copy: count those on this user's list today.
			n := 0
			for _, t := range res.Created {
				if t.AssigneeID == a.deps.Session.UserID && t.ShownOn(day) {
					n++
				}
			}
			if n > 0 {
				a.setStatus(lang.XN("today.generated", "{{.Count}} new care tasks for today", n, map[string]any{"Count": i18n.Int(n)}))
			} else {
				a.setStatus("")
			}
			if len(res.Created) > 0 || len(res.Closed) > 0 {
				a.Reload()
			}
		})
	}()
}

func (a *Area) setStatus(s string) {
	a.status.SetText(s)
	if s == "" {
		a.status.Hide()
	} else {
		a.status.Show()
	}
}

func (a *Area) showMessage(s string) {
	a.message.SetText(s)
	if s == "" {
		a.message.Hide()
	} else {
		a.message.Show()
	}
}

func (a *Area) setTasks(td tasksData) {
	a.all, a.names = td.tasks, td.names
	a.applyFilter()
	bd := birthdaysOn(a.all, a.day)
	if len(bd) == 0 {
		a.birthday.SetText(lang.X("today.birthdays.none", "No birthdays today."))
	} else {
		text := ""
		for i, t := range bd {
			if i > 0 {
				text += "\n"
			}
			name := a.names[t.CustomerID]
			if name == "" {
				name = caretext.Title(t, nil)
			}
			text += "🎂 " + name
		}
		a.birthday.SetText(text)
	}
}

// applyFilter shows the loaded tasks of the chosen group.
func (a *Area) applyFilter() {
	a.shown = filterTasks(a.all, a.group)
	overdue := 0
	for _, t := range a.shown {
		if t.Overdue(a.day) {
			overdue++
		}
	}
	n := len(a.shown)
	if overdue > 0 {
		a.count.SetText(lang.X("today.count.overdue", "{{.Count}} to do, {{.Overdue}} overdue", map[string]any{"Count": i18n.Int(n), "Overdue": i18n.Int(overdue)}))
	} else {
		a.count.SetText(lang.XN("today.count", "{{.Count}} to do", n, map[string]any{"Count": i18n.Int(n)}))
	}
	if n == 0 {
		a.empty.SetText(lang.X("today.empty", "Nothing due. Well done!"))
		a.empty.Show()
	} else {
		a.empty.Hide()
	}
	a.list.Refresh()
}

func (a *Area) setPayments(rows []dueRow, more int, err error) {
	a.paysBox.Objects = nil
	switch {
	case err != nil:
		a.payments.SetText(lang.X("today.error.payments", "Could not work out the balances: {{.Error}}", map[string]any{"Error": err.Error()}))
	case len(rows) == 0:
		a.payments.SetText(lang.X("today.payments.none", "No balance due in the next days."))
	default:
		a.payments.SetText(lang.XN("today.payments.count", "{{.Count}} balances due or overdue", len(rows)+more, map[string]any{"Count": i18n.Int(len(rows) + more)}))
		for _, r := range rows {
			l := widget.NewLabel(dueText(r))
			l.Wrapping = fyne.TextWrapWord
			if r.DaysOverdue > 0 {
				l.Importance = widget.DangerImportance
			}
			a.paysBox.Add(l)
		}
		if more > 0 {
			a.paysBox.Add(widget.NewLabel(lang.X("today.payments.more", "… and {{.Count}} more in Payments", map[string]any{"Count": i18n.Int(more)})))
		}
	}
	a.paysBox.Refresh()
}

func dueText(r dueRow) string {
	args := map[string]any{"Code": r.Code, "Customer": r.Customer, "Amount": r.Balance.Format(i18n.Current()), "Date": r.Due.String(), "Days": r.DaysOverdue}
	switch {
	case r.DaysOverdue > 0:
		return lang.X("today.payment.overdue", "{{.Code}} · {{.Customer}}: {{.Amount}}, {{.Days}} days overdue (due {{.Date}})", args)
	case r.DaysOverdue == 0:
		return lang.X("today.payment.today", "{{.Code}} · {{.Customer}}: {{.Amount}} due today", args)
	}
	return lang.X("today.payment.due", "{{.Code}} · {{.Customer}}: {{.Amount}} due {{.Date}}", args)
}

func (a *Area) setDepartures(rows []depRow, err error) {
	a.deps7.Objects = nil
	switch {
	case err != nil:
		a.depEmpty.SetText(lang.X("today.error.departures", "Could not load the departures: {{.Error}}", map[string]any{"Error": err.Error()}))
		a.depEmpty.Show()
	case len(rows) == 0:
		a.depEmpty.SetText(lang.X("today.departures.none", "No departure this week."))
		a.depEmpty.Show()
	default:
		a.depEmpty.Hide()
		for _, r := range rows {
			name := r.Code
			if r.Tour != "" {
				name = r.Code + " · " + r.Tour
			}
			head := widget.NewLabel(name)
			head.TextStyle.Bold = true
			head.Truncation = fyne.TextTruncateEllipsis
			args := map[string]any{"Start": r.Start.String(), "End": r.End.String(), "Taken": r.Taken, "Capacity": r.Capacity, "Min": r.Min}
			line := lang.X("today.departure.seats", "{{.Start}} – {{.End}} · {{.Taken}} of {{.Capacity}} seats", args)
			sub := widget.NewLabel(line)
			sub.Wrapping = fyne.TextWrapWord
			switch {
			case r.Overbooked:
				sub.SetText(line + " · " + lang.X("today.departure.overbooked", "overbooked"))
				sub.Importance = widget.DangerImportance
			case !r.ReachedMinimum:
				sub.SetText(line + " · " + lang.X("today.departure.below_min", "below the minimum of {{.Min}}", args))
				sub.Importance = widget.WarningImportance
			}
			a.deps7.Add(container.NewVBox(head, sub))
		}
	}
	a.deps7.Refresh()
}

// showSync writes the sync card from the controller's state.
func (a *Area) showSync(st syncui.State) {
	last := lang.X("today.sync.never", "never")
	if !st.LastSync.IsZero() {
		last = syncui.FormatTime(st.LastSync)
	}
	args := map[string]any{"Time": last, "Error": st.Err}
	var text string
	switch {
	case !st.LoggedIn:
		text = lang.X("today.sync.local", "Not logged in to the office server: changes stay on this computer.")
	case st.Running:
		text = lang.X("today.sync.running", "Syncing now… Last sync: {{.Time}}", args)
	case st.NeedLogin:
		text = lang.X("today.sync.login", "The server asks you to log in again (bottom bar). Your changes are kept.")
	case st.Offline:
		text = lang.X("today.sync.offline", "Offline since the last try. Last sync: {{.Time}}", args)
	case st.Err != "":
		text = lang.X("today.sync.failed", "The last sync failed: {{.Error}}. Last sync: {{.Time}}", args)
	default:
		text = lang.X("today.sync.ok", "Last sync: {{.Time}}", args)
	}
	if st.Conflicts > 0 {
		text += "\n" + lang.XN("today.sync.conflicts", "{{.Count}} conflicts to look at (Conflicts area)", st.Conflicts, map[string]any{"Count": i18n.Int(st.Conflicts)})
	}
	a.syncText.SetText(text)
	if st.LoggedIn && !st.Running {
		a.syncNow.Show()
	} else {
		a.syncNow.Hide()
	}
}

// done marks task id done off the UI goroutine and takes it off the list.
func (a *Area) done(id string) {
	if a.busy[id] {
		return
	}
	a.busy[id] = true
	a.list.Refresh()
	now := a.deps.Now()
	go func() {
		_, err := a.care.Done(id, "", now)
		a.do(func() {
			a.finish(id, err, lang.X("today.error.done", "Could not mark the task done: {{.Error}}", errArgs(err)))
		})
	}()
}

// snooze hides task id until days after today.
func (a *Area) snooze(id string, days int) {
	if a.busy[id] {
		return
	}
	a.busy[id] = true
	a.list.Refresh()
	day := a.today()
	go func() {
		_, err := a.care.Snooze(id, day.AddDays(days), day)
		a.do(func() {
			a.finish(id, err, lang.X("today.error.snooze", "Could not snooze the task: {{.Error}}", errArgs(err)))
		})
	}()
}

func errArgs(err error) map[string]any {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if errors.Is(err, app.ErrForbidden) {
		msg = lang.X("today.error.forbidden", "your role may not change this task")
	}
	return map[string]any{"Error": msg}
}

// finish applies the end of a Done or Snooze: the task leaves the list,
// or the refusal shows above it and the task stays.
func (a *Area) finish(id string, err error, msg string) {
	delete(a.busy, id)
	if err != nil {
		// The task may have changed under the list (done on another
		// device, brought by a sync): read the day again.
		a.showMessage(msg)
		a.Reload()
		return
	}
	a.showMessage("")
	out := a.all[:0:0]
	for _, t := range a.all {
		if t.ID != id {
			out = append(out, t)
		}
	}
	a.all = out
	a.setTasks(tasksData{tasks: a.all, names: a.names})
}

// longDate writes day for the heading.
func longDate(d app.Date) string {
	return lang.X("today.weekday."+d.Time().Weekday().String(), d.Time().Weekday().String()) + " " + d.String()
}

// groupName is the translated name of a filter group.
func groupName(g string) string {
	switch g {
	case groupGreetings:
		return lang.X("today.group.greetings", "Birthdays and greetings")
	case groupFollowUps:
		return lang.X("today.group.followups", "Follow-up calls")
	case groupPayments:
		return lang.X("today.group.payments", "Payments")
	case groupPassports:
		return lang.X("today.group.passports", "Passports")
	case groupOther:
		return lang.X("today.group.other", "Other")
	}
	return lang.X("today.group.all", "All tasks")
}

// typeName is the translated name of a task type.
func typeName(t app.TaskType) string {
	switch t {
	case app.TaskCall:
		return lang.X("today.type.call", "Call")
	case app.TaskFollowUp:
		return lang.X("today.type.follow_up", "Follow-up")
	case app.TaskBirthday:
		return lang.X("today.type.birthday", "Birthday")
	case app.TaskPaymentDue:
		return lang.X("today.type.payment_due", "Payment due")
	case app.TaskPassport:
		return lang.X("today.type.passport", "Passport")
	case app.TaskReturnCall:
		return lang.X("today.type.return_call", "Call after the trip")
	case app.TaskHoliday:
		return lang.X("today.type.holiday", "Holiday greeting")
	}
	return lang.X("today.type.other", "Task")
}
