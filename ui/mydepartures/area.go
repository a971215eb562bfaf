// Package mydepartures is the guide's area of the desktop app, "My
// departures": the departures the logged-in guide is assigned to and, for
// one of them, the group list with a check-in per traveler per day (one
// tap, undo, "12/20 checked in today"), the incidents and the expenses
// (with reversals).
//
// Everything works with no network: it reads and writes the local store
// only (through app/service), and the sync sends it to head office later.
// What the group list holds is what the server let the guide pull
// (app/access: names, phones and rooms, no money). Store work runs off the
// UI goroutine; results are applied through fyne.Do and dropped when the
// user selected another departure meanwhile.
package mydepartures

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/phone"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// Area is the My departures screen. Its fields are owned by the UI
// goroutine except store, session, ops, do and today, set once in New.
type Area struct {
	store   service.Store
	session service.Session
	ops     *service.Operations
	win     fyne.Window
	do      func(func())
	today   func() app.Date

	status  *widget.Label
	list    *widget.List
	deps    []depRow
	listGen int
	// shownGen is the list load whose result is shown (tests wait on it).
	shownGen int

	// The selected departure's detail.
	selected  string
	detailGen int
	shownDet  int
	dep       *app.Departure
	currency  string
	// currencies are those an amount may be typed in: the departure's
	// and the company's default (the service converts with the
	// settings' rates, and refuses a currency it cannot convert).
	currencies []string
	header     *widget.Label
	message    *widget.Label
	days       []app.Date
	day        app.Date
	daySelect  *widget.Select
	count      *widget.Label
	members    []service.GroupMember
	group      *widget.List
	incidents  []*app.Incident
	incList    *widget.List
	expenses   []*app.Expense
	reversed   map[string]bool
	expList    *widget.List
	incForm    *incidentForm
	expForm    *expenseForm
	detail     fyne.CanvasObject
	none       *widget.Label
	content    fyne.CanvasObject
	// The list rows' widgets by their template object.
	memberRows  map[*fyne.Container]*memberRow
	expenseRows map[*fyne.Container]*expenseRow
}

type depRow struct {
	dep  *app.Departure
	tour string
}

// New builds the area for the session's guide over store.
func New(store service.Store, session service.Session, win fyne.Window) *Area {
	return newArea(store, session, win, fyne.Do, func() app.Date { return app.DateOf(time.Now()) })
}

func newArea(store service.Store, session service.Session, win fyne.Window, do func(func()), today func() app.Date) *Area {
	a := &Area{store: store, session: session, ops: service.NewOperations(store, session), win: win, do: do, today: today, reversed: map[string]bool{},
		memberRows: map[*fyne.Container]*memberRow{}, expenseRows: map[*fyne.Container]*expenseRow{}}
	a.status = widget.NewLabel(lang.X("mydepartures.loading", "Loading…"))
	a.status.Wrapping = fyne.TextWrapWord
	a.list = widget.NewList(func() int { return len(a.deps) },
		func() fyne.CanvasObject {
			t := widget.NewLabel("DAD-2026-12-01 · Đà Nẵng – Hội An 4 ngày")
			t.TextStyle.Bold = true
			t.Truncation = fyne.TextTruncateEllipsis
			s := widget.NewLabel("2026-12-01 → 2026-12-04 · Planned")
			s.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(t, s)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			if i < 0 || i >= len(a.deps) {
				return
			}
			r := a.deps[i]
			box.Objects[0].(*widget.Label).SetText(strings.TrimSpace(r.dep.Code + " · " + r.tour))
			box.Objects[1].(*widget.Label).SetText(format.Dates(r.dep.StartDate, r.dep.EndDate) + " · " + statusName(r.dep.Status))
		})
	a.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(a.deps) {
			a.showDetail(a.deps[i].dep.ID)
		}
	}

	a.header = widget.NewLabel("")
	a.header.TextStyle.Bold = true
	a.header.Wrapping = fyne.TextWrapWord
	a.message = input.NewProblemLabel()

	a.daySelect = widget.NewSelect(nil, func(string) {
		if i := a.daySelect.SelectedIndex(); i >= 0 && i < len(a.days) {
			a.day = a.days[i]
			a.refreshGroup()
		}
	})
	a.count = widget.NewLabel("")
	a.count.TextStyle.Bold = true
	a.group = widget.NewList(func() int { return len(a.members) }, a.newMemberRow, a.updateMemberRow)

	a.incList = widget.NewList(func() int { return len(a.incidents) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("2026-12-01 10:30 · High · 500.000 ₫ · Nguyễn Văn An")
			l.Wrapping = fyne.TextWrapWord
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(a.incidents) {
				o.(*widget.Label).SetText(a.incidentText(a.incidents[i]))
			}
		})
	a.expList = widget.NewList(func() int { return len(a.expenses) }, a.newExpenseRow, a.updateExpenseRow)
	a.incForm = newIncidentForm(a)
	a.expForm = newExpenseForm(a)

	groupTab := container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel(lang.X("mydepartures.day", "Day")), nil, a.daySelect), a.count),
		nil, nil, nil, a.group)
	incTab := container.NewBorder(a.incForm.content, nil, nil, nil, a.incList)
	expTab := container.NewBorder(a.expForm.content, nil, nil, nil, a.expList)
	tabs := container.NewAppTabs(
		container.NewTabItem(lang.X("mydepartures.tab.group", "Group & check-in"), groupTab),
		container.NewTabItem(lang.X("mydepartures.tab.incidents", "Incidents"), incTab),
		container.NewTabItem(lang.X("mydepartures.tab.expenses", "Expenses"), expTab),
	)
	a.detail = container.NewBorder(container.NewVBox(a.header, a.message), nil, nil, nil, tabs)
	a.detail.Hide()
	a.none = widget.NewLabel(lang.X("mydepartures.none_selected", "Select a departure to see its group, check in travelers and record incidents and expenses. Everything works without a network and is sent at the next sync."))
	a.none.Wrapping = fyne.TextWrapWord

	left := container.NewBorder(a.status, nil, nil, nil, a.list)
	split := container.NewHSplit(left, container.NewStack(container.NewPadded(a.none), a.detail))
	split.Offset = 0.3
	a.content = split
	a.Reload()
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Reload reads the guide's departures again (after a sync) and the
// selected one's detail.
func (a *Area) Reload() {
	a.listGen++
	gen := a.listGen
	if a.store == nil { // a shell built without a store (tests of the shell)
		a.shownGen = gen
		a.status.SetText(lang.X("mydepartures.empty", "No departure is assigned to you on this computer. Sync to receive your departures."))
		return
	}
	go func() {
		rows, err := a.loadDepartures()
		a.do(func() {
			if gen != a.listGen {
				return
			}
			a.shownGen = gen
			if err != nil {
				a.status.SetText(lang.X("mydepartures.error.load", "Could not load your departures: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.deps = rows
			if len(rows) == 0 {
				a.status.SetText(lang.X("mydepartures.empty", "No departure is assigned to you on this computer. Sync to receive your departures."))
			} else {
				a.status.SetText(lang.X("mydepartures.count", "Your departures: {{.Count}}", map[string]any{"Count": i18n.Int(len(rows))}))
			}
			a.list.Refresh()
			if a.selected != "" {
				a.showDetail(a.selected)
				return
			}
			// First load: open the departure running today, else show the
			// next one at the top of the list.
			today := a.today()
			for i, r := range rows {
				if r.dep.EndDate.Before(today) {
					continue
				}
				if !r.dep.StartDate.After(today) {
					a.list.Select(i)
				}
				a.list.ScrollToBottom()
				a.list.ScrollTo(i)
				break
			}
		})
	}()
}

// loadDepartures returns the departures the session's user guides, by
// start date, with their tours' names.
func (a *Area) loadDepartures() ([]depRow, error) {
	var rows []depRow
	err := a.store.View(func(r service.Reader) error {
		ids, err := r.Lookup(app.KindDeparture, "guide_ids", a.session.UserID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			d, err := service.Load[app.Departure](r, id)
			if err != nil {
				continue // revoked or deleted meanwhile
			}
			d.ID = id
			name := ""
			if t, err := service.Load[app.Tour](r, d.TourID); err == nil {
				name = t.Name
			}
			rows = append(rows, depRow{dep: d, tour: name})
		}
		return nil
	})
	slices.SortStableFunc(rows, func(x, y depRow) int { return x.dep.StartDate.Compare(y.dep.StartDate) })
	return rows, err
}

type detailData struct {
	dep             *app.Departure
	currency        string
	defaultCurrency string
	members         []service.GroupMember
	incidents       []*app.Incident
	expenses        []*app.Expense
}

// showDetail loads departure id's group list, incidents and expenses in
// the background and shows them unless another was selected meanwhile.
func (a *Area) showDetail(id string) {
	a.selected = id
	a.detailGen++
	gen := a.detailGen
	go func() {
		var dd detailData
		err := a.store.View(func(r service.Reader) error {
			d, err := service.Load[app.Departure](r, id)
			if err != nil {
				return err
			}
			d.ID = id
			dd.dep = d
			if dd.currency, err = service.DepartureCurrency(r, id); err != nil {
				return err
			}
			dd.defaultCurrency = "VND"
			if set, err := service.Load[app.CompanySettings](r, app.CompanySettingsID); err == nil && set.DefaultCurrency != "" {
				dd.defaultCurrency = set.DefaultCurrency
			}
			if dd.members, err = service.GroupList(r, id); err != nil {
				return err
			}
			if dd.incidents, err = service.Incidents(r, id); err != nil {
				return err
			}
			dd.expenses, err = service.Expenses(r, id)
			return err
		})
		a.do(func() {
			if gen != a.detailGen {
				return
			}
			a.shownDet = gen
			if err != nil {
				a.none.SetText(lang.X("mydepartures.error.detail", "Could not load this departure: {{.Error}}", map[string]any{"Error": err.Error()}))
				a.detail.Hide()
				a.none.Show()
				return
			}
			a.apply(dd)
		})
	}()
}

func (a *Area) apply(dd detailData) {
	d := dd.dep
	sameDep := a.dep != nil && a.dep.ID == d.ID
	a.dep, a.currency = d, dd.currency
	a.currencies = []string{dd.currency}
	if dd.defaultCurrency != dd.currency {
		a.currencies = append(a.currencies, dd.defaultCurrency)
	}
	a.header.SetText(lang.X("mydepartures.header", "{{.Code}} · {{.Dates}} · {{.Status}} · meeting: {{.Meeting}}", map[string]any{
		"Code": d.Code, "Dates": format.Dates(d.StartDate, d.EndDate), "Status": statusName(d.Status),
		"Meeting": strings.TrimSpace(d.MeetingTime + " " + d.MeetingPoint)}))
	slices.SortStableFunc(dd.members, func(x, y service.GroupMember) int { return cmp.Compare(x.Traveler.Name, y.Traveler.Name) })
	a.members = dd.members
	a.incidents = dd.incidents
	a.expenses = dd.expenses
	a.reversed = map[string]bool{}
	for _, e := range a.expenses {
		if e.ReversalOf != "" {
			a.reversed[e.ReversalOf] = true
		}
	}
	// The days of the trip; today's is preselected while it runs.
	a.days = nil
	for day := d.StartDate; !day.IsZero() && !day.After(d.EndDate) && len(a.days) <= app.MaxTourDays; day = day.AddDays(1) {
		a.days = append(a.days, day)
	}
	opts := make([]string, len(a.days))
	for i, day := range a.days {
		opts[i] = lang.X("mydepartures.day_option", "Day {{.N}} · {{.Date}}", map[string]any{"N": i + 1, "Date": day.String()})
	}
	keep := a.day
	a.daySelect.OnChanged = nil
	a.daySelect.Options = opts
	want := slices.Index(a.days, a.today())
	if sameDep && slices.Contains(a.days, keep) {
		want = slices.Index(a.days, keep)
	}
	if want < 0 && len(a.days) > 0 {
		want = 0
	}
	if want >= 0 {
		a.day = a.days[want]
		a.daySelect.SetSelectedIndex(want)
	}
	a.daySelect.OnChanged = func(string) {
		if i := a.daySelect.SelectedIndex(); i >= 0 && i < len(a.days) {
			a.day = a.days[i]
			a.refreshGroup()
		}
	}
	a.incForm.setTravelers(a.members)
	setCurrencies(a.incForm.currency, a.currencies, sameDep)
	setCurrencies(a.expForm.currency, a.currencies, sameDep)
	a.refreshGroup()
	a.incList.Refresh()
	a.expList.Refresh()
	a.none.Hide()
	a.detail.Show()
}

// refreshGroup redraws the group list and the day's count.
func (a *Area) refreshGroup() {
	n := 0
	for _, m := range a.members {
		if slices.Contains(m.Days, a.day) {
			n++
		}
	}
	args := map[string]any{"Done": n, "Total": len(a.members), "Date": a.day.String()}
	if a.day == a.today() {
		a.count.SetText(lang.X("mydepartures.count_today", "{{.Done}}/{{.Total}} checked in today", args))
	} else {
		a.count.SetText(lang.X("mydepartures.count_day", "{{.Done}}/{{.Total}} checked in on {{.Date}}", args))
	}
	a.group.Refresh()
}

// memberRow is one traveler of the group list with their check-in button.
type memberRow struct {
	name, info *widget.Label
	button     *widget.Button
	index      int
}

func (a *Area) newMemberRow() fyne.CanvasObject {
	r := &memberRow{name: widget.NewLabel("Nguyễn Văn An"), info: widget.NewLabel("0901 234 567 · twin")}
	r.name.TextStyle.Bold = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.button = widget.NewButton(lang.X("mydepartures.checkin", "Check in"), nil)
	r.button.OnTapped = func() { a.toggle(r.index) }
	box := container.NewBorder(nil, nil, nil, r.button, container.NewVBox(r.name, r.info))
	a.memberRows[box] = r
	return box
}

func (a *Area) updateMemberRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := a.memberRows[o.(*fyne.Container)]
	r.index = i
	if i < 0 || i >= len(a.members) {
		return
	}
	m := a.members[i]
	t := m.Traveler
	r.name.SetText(t.Name)
	var info []string
	if t.Phone != "" {
		info = append(info, phone.Display(t.Phone, "VN"))
	}
	if t.RoomType != "" {
		info = append(info, roomName(t.RoomType))
	}
	if t.SpecialNeeds != "" {
		info = append(info, t.SpecialNeeds)
	}
	r.info.SetText(strings.Join(info, " · "))
	if slices.Contains(m.Days, a.day) {
		r.button.SetText(lang.X("mydepartures.checked_undo", "✓ Checked in · undo"))
		r.button.Importance = widget.SuccessImportance
	} else {
		r.button.SetText(lang.X("mydepartures.checkin", "Check in"))
		r.button.Importance = widget.MediumImportance
	}
	r.button.Refresh()
}

// toggle checks traveler i in on the selected day, or takes the check-in
// back when they were: one tap, written to the local store at once.
func (a *Area) toggle(i int) {
	if a.dep == nil || i < 0 || i >= len(a.members) || a.day.IsZero() {
		return
	}
	m := a.members[i]
	dep, day, tid := a.dep.ID, a.day, m.Traveler.ID
	undo := slices.Contains(m.Days, day)
	go func() {
		var err error
		if undo {
			err = undoCheckIn(a.store, tid, day)
		} else {
			_, err = a.ops.CheckIn(dep, tid, day)
		}
		a.do(func() {
			if err != nil {
				a.showMessage(format.Explain(err))
				return
			}
			a.hideMessage()
			for j := range a.members {
				if a.members[j].Traveler.ID != tid || a.dep == nil || a.dep.ID != dep {
					continue
				}
				days := slices.DeleteFunc(slices.Clone(a.members[j].Days), func(d app.Date) bool { return d == day })
				if !undo {
					days = append(days, day)
					slices.SortFunc(days, app.Date.Compare)
				}
				a.members[j].Days = days
			}
			a.refreshGroup()
		})
	}()
}

// undoCheckIn takes back traveler id's check-in on day: the day's field
// is set to false (the fields merge one by one, so this meets another
// guide's check-ins of other days without touching them; CheckInDays
// counts only true). The "checked_in" flag stays: the traveler did join.
func undoCheckIn(store service.Store, id string, day app.Date) error {
	field := service.CheckInPrefix + strings.ReplaceAll(day.String(), "-", "")
	return store.Update(func(tx service.Tx) error {
		if _, err := service.Load[app.Traveler](tx, id); err != nil {
			return err
		}
		_, err := tx.Save(app.KindTraveler, id, map[string]json.RawMessage{field: json.RawMessage("false")})
		return err
	})
}

func (a *Area) showMessage(s string) {
	a.message.SetText(s)
	a.message.Show()
}

func (a *Area) hideMessage() {
	a.message.SetText("")
	a.message.Hide()
}

func (a *Area) travelerName(id string) string {
	for _, m := range a.members {
		if m.Traveler.ID == id {
			return m.Traveler.Name
		}
	}
	return ""
}

func (a *Area) incidentText(in *app.Incident) string {
	parts := []string{in.At.Local().Format("2006-01-02 15:04"), severityName(in.Severity)}
	if !in.Cost.IsZero() {
		parts = append(parts, format.Money(in.Cost))
	}
	if n := a.travelerName(in.TravelerID); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, " · ") + "\n" + in.Description
}

type expenseRow struct {
	label  *widget.Label
	button *widget.Button
	index  int
}

func (a *Area) newExpenseRow() fyne.CanvasObject {
	r := &expenseRow{label: widget.NewLabel("2026-12-01 · Meals · 1.500.000 ₫ · lunch")}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.button = widget.NewButton(lang.X("mydepartures.reverse", "Reverse"), nil)
	r.button.OnTapped = func() { a.confirmReverse(r.index) }
	box := container.NewBorder(nil, nil, nil, r.button, r.label)
	a.expenseRows[box] = r
	return box
}

func (a *Area) updateExpenseRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := a.expenseRows[o.(*fyne.Container)]
	r.index = i
	if i < 0 || i >= len(a.expenses) {
		return
	}
	e := a.expenses[i]
	amount := format.Money(e.Amount)
	parts := []string{e.Date.String(), categoryName(e.Category), amount}
	if e.Note != "" {
		parts = append(parts, e.Note)
	}
	switch {
	case e.ReversalOf != "":
		parts[2] = "−" + amount
		parts = append(parts, lang.X("mydepartures.expense.reversal", "(reversal)"))
		r.button.Hide()
	case a.reversed[e.ID]:
		parts = append(parts, lang.X("mydepartures.expense.reversed", "(reversed)"))
		r.button.Hide()
	default:
		r.button.Show()
	}
	r.label.SetText(strings.Join(parts, " · "))
}

func (a *Area) confirmReverse(i int) {
	if i < 0 || i >= len(a.expenses) {
		return
	}
	e := a.expenses[i]
	msg := lang.X("mydepartures.reverse.confirm", "Reverse the expense {{.Amount}} of {{.Date}}? A reversing entry is added; the expense stays in the history.", map[string]any{"Amount": format.Money(e.Amount), "Date": e.Date.String()})
	dialog.ShowConfirm(lang.X("mydepartures.reverse.title", "Reverse expense"), msg, func(ok bool) {
		if ok {
			a.reverse(e.ID)
		}
	}, a.win)
}

// reverse appends the reversal of expense id, dated today.
func (a *Area) reverse(id string) {
	dep := a.selected
	go func() {
		_, err := a.ops.ReverseExpense(id, a.today(), lang.X("mydepartures.reverse.note", "Reversed by the guide"))
		a.do(func() {
			if err != nil {
				a.showMessage(format.Explain(err))
				return
			}
			a.hideMessage()
			if a.selected == dep {
				a.showDetail(dep)
			}
		})
	}()
}

// incidentForm records an incident: what happened, how serious, its
// cost and the traveler concerned.
type incidentForm struct {
	a           *Area
	content     fyne.CanvasObject
	description *widget.Entry
	severity    *widget.Select
	cost        *widget.Entry
	currency    *widget.Select
	traveler    *widget.Select
	travelerIDs []string
	error       *widget.Label
	add         *widget.Button
}

func newIncidentForm(a *Area) *incidentForm {
	f := &incidentForm{a: a}
	f.description = widget.NewMultiLineEntry()
	f.description.SetPlaceHolder(lang.X("mydepartures.incident.what", "What happened"))
	f.description.SetMinRowsVisible(2)
	f.severity = widget.NewSelect(nil, nil)
	for _, s := range app.Severities {
		f.severity.Options = append(f.severity.Options, severityName(s))
	}
	f.severity.SetSelectedIndex(0)
	f.cost = widget.NewEntry()
	f.cost.SetPlaceHolder(lang.X("mydepartures.cost_placeholder", "Cost, e.g. 500.000"))
	f.cost.OnSubmitted = func(string) { f.submit() }
	f.currency = widget.NewSelect(nil, nil)
	f.traveler = widget.NewSelect(nil, nil)
	f.error = input.NewProblemLabel()
	f.add = widget.NewButton(lang.X("mydepartures.incident.add", "Record incident"), f.submit)
	f.add.Importance = widget.HighImportance
	row := container.NewGridWithColumns(3, f.severity, container.NewBorder(nil, nil, nil, f.currency, f.cost), f.traveler)
	f.content = container.NewVBox(f.description, row, f.error, container.NewHBox(f.add))
	return f
}

func (f *incidentForm) setTravelers(ms []service.GroupMember) {
	f.travelerIDs = []string{""}
	opts := []string{lang.X("mydepartures.incident.no_traveler", "No traveler concerned")}
	for _, m := range ms {
		f.travelerIDs = append(f.travelerIDs, m.Traveler.ID)
		opts = append(opts, m.Traveler.Name)
	}
	sel := f.traveler.SelectedIndex()
	f.traveler.Options = opts
	if sel < 0 || sel >= len(opts) {
		sel = 0
	}
	f.traveler.SetSelectedIndex(sel)
}

func (f *incidentForm) fail(s string) {
	f.error.SetText(s)
	f.error.Show()
}

// submit records the incident; on a problem what was typed stays and the
// message says what to fix.
func (f *incidentForm) submit() {
	a := f.a
	if a.dep == nil || f.add.Disabled() {
		return
	}
	f.error.Hide()
	in := &app.Incident{DepartureID: a.dep.ID, Description: f.description.Text, Severity: app.SeverityLow}
	if i := f.severity.SelectedIndex(); i >= 0 {
		in.Severity = app.Severities[i]
	}
	if strings.TrimSpace(in.Description) == "" {
		f.fail(lang.X("mydepartures.incident.need_what", "Say what happened."))
		return
	}
	if s := strings.TrimSpace(f.cost.Text); s != "" {
		m, err := money.Parse(s, f.currency.Selected)
		if err != nil {
			f.fail(lang.X("mydepartures.bad_amount", "Not an amount: {{.Error}}", map[string]any{"Error": err.Error()}))
			return
		}
		in.Cost = m
	}
	if i := f.traveler.SelectedIndex(); i > 0 && i < len(f.travelerIDs) {
		in.TravelerID = f.travelerIDs[i]
	}
	f.add.Disable()
	dep := a.dep.ID
	go func() {
		_, err := a.ops.AddIncident(in, time.Now())
		a.do(func() {
			f.add.Enable()
			if err != nil {
				f.fail(format.Explain(err))
				return
			}
			f.description.SetText("")
			f.cost.SetText("")
			if a.selected == dep {
				a.showDetail(dep)
			}
		})
	}()
}

// expenseForm records an expense of the guide's.
type expenseForm struct {
	a        *Area
	content  fyne.CanvasObject
	category *widget.Select
	amount   *widget.Entry
	currency *widget.Select
	note     *widget.Entry
	error    *widget.Label
	add      *widget.Button
	cats     []app.ExpenseCategory
}

func newExpenseForm(a *Area) *expenseForm {
	f := &expenseForm{a: a}
	// A supplier payment is the accountant's (PaySupplier), not a guide's.
	f.cats = slices.DeleteFunc(slices.Clone(app.ExpenseCategories), func(c app.ExpenseCategory) bool { return c == app.ExpenseSupplierPayment })
	f.category = widget.NewSelect(nil, nil)
	for _, c := range f.cats {
		f.category.Options = append(f.category.Options, categoryName(c))
	}
	f.category.SetSelectedIndex(0)
	f.amount = widget.NewEntry()
	f.amount.SetPlaceHolder(lang.X("mydepartures.amount_placeholder", "Amount, e.g. 1.500.000"))
	f.amount.OnSubmitted = func(string) { f.submit() }
	f.currency = widget.NewSelect(nil, nil)
	f.note = widget.NewEntry()
	f.note.SetPlaceHolder(lang.X("mydepartures.expense.note", "Note (what for, receipt number)"))
	f.note.OnSubmitted = func(string) { f.submit() }
	f.error = input.NewProblemLabel()
	f.add = widget.NewButton(lang.X("mydepartures.expense.add", "Add expense"), f.submit)
	f.add.Importance = widget.HighImportance
	row := container.NewGridWithColumns(2, f.category, container.NewBorder(nil, nil, nil, f.currency, f.amount))
	f.content = container.NewVBox(row, f.note, f.error, container.NewHBox(f.add))
	return f
}

func (f *expenseForm) fail(s string) {
	f.error.SetText(s)
	f.error.Show()
}

func (f *expenseForm) submit() {
	a := f.a
	if a.dep == nil || f.add.Disabled() {
		return
	}
	f.error.Hide()
	m, err := money.Parse(strings.TrimSpace(f.amount.Text), f.currency.Selected)
	if err != nil || m.Amount <= 0 {
		if err == nil {
			err = fmt.Errorf("%s", lang.X("mydepartures.amount_positive", "must be above zero"))
		}
		f.fail(lang.X("mydepartures.bad_amount", "Not an amount: {{.Error}}", map[string]any{"Error": err.Error()}))
		return
	}
	e := &app.Expense{DepartureID: a.dep.ID, Category: f.cats[max(0, f.category.SelectedIndex())], Amount: m, Date: a.today(), Note: f.note.Text}
	f.add.Disable()
	dep := a.dep.ID
	go func() {
		_, err := a.ops.AddExpense(e)
		a.do(func() {
			f.add.Enable()
			if err != nil {
				f.fail(format.Explain(err))
				return
			}
			f.amount.SetText("")
			f.note.SetText("")
			if a.selected == dep {
				a.showDetail(dep)
			}
		})
	}()
}

// setCurrencies offers the currencies an amount may be in, keeping the
// one chosen while the same departure is shown.
func setCurrencies(sel *widget.Select, currencies []string, keep bool) {
	cur := sel.Selected
	sel.Options = currencies
	if keep && slices.Contains(currencies, cur) {
		sel.SetSelected(cur)
	} else if len(currencies) > 0 {
		sel.SetSelected(currencies[0])
	}
}
