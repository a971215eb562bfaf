package care

import (
	"cmp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/bookings"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// complaintRow is a complaint with what its row shows.
type complaintRow struct {
	*app.Complaint
	Customer, Code, Currency string
}

// ComplaintsTab lists complaints (open ones, or all) and moves the
// selected one along its workflow: only the moves app.ComplaintTransitions
// allows from its status are offered; resolving asks for the resolution
// and takes an optional compensation in the booking's currency.
type ComplaintsTab struct {
	a   *Area
	svc *service.Complaints

	all, shown []*complaintRow
	loadGen    int
	shownGen   int
	selected   string

	filterSel *widget.Select
	add       *widget.Button
	count     *widget.Label
	list      *widget.List

	title, info, desc, resolution *widget.Label
	resEntry, compEntry           *input.Entry
	resBox                        *fyne.Container
	moves                         *fyne.Container
	buttons                       map[app.ComplaintStatus]*widget.Button
	msg                           note
	pane                          *container.Scroll
	content                       fyne.CanvasObject

	// form is the open New complaint dialog (tests fill it in).
	form *complaintForm
}

func newComplaintsTab(a *Area) *ComplaintsTab {
	c := &ComplaintsTab{a: a, svc: service.NewComplaints(a.deps.Store, a.deps.Session), buttons: map[app.ComplaintStatus]*widget.Button{}}
	c.filterSel = widget.NewSelect([]string{lang.X("care.filter.not_closed", "Not closed"), lang.X("care.filter.all", "All")}, func(string) { c.filter() })
	c.filterSel.SetSelectedIndex(0)
	c.add = widget.NewButtonWithIcon(lang.X("care.complaint.new", "New complaint"), theme.ContentAddIcon(), c.onNew)
	if a.readOnly() || !a.canCreate(app.KindComplaint) {
		c.add.Hide()
	}
	c.count = widget.NewLabel(lang.X("care.loading", "Loading…"))
	c.list = widget.NewList(func() int { return len(c.shown) }, func() fyne.CanvasObject { return listrow.New() }, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < 0 || i >= len(c.shown) {
			return
		}
		cp := c.shown[i]
		o.(*listrow.Row).Set(strings.TrimPrefix(cp.Code+" · "+cp.Customer, " · "), complaintStatusName(cp.Status),
			cp.ReceivedOn.String()+" · "+oneLine(cp.Description, 80), cp.Status == app.ComplaintReceived)
	})
	c.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(c.shown) {
			c.selected = c.shown[i].ID
			c.showDetail()
		}
	}
	c.title = bold(lang.X("care.complaint.none", "Select a complaint to work on it."))
	c.info = wrapped("")
	c.desc = wrapped("")
	c.resolution = wrapped("")
	c.resEntry = input.NewMultiLineEntry()
	c.resEntry.SetPlaceHolder(lang.X("care.complaint.resolution_hint", "Resolution: what the agency answered or did"))
	c.resEntry.SetMinRowsVisible(3)
	c.compEntry = input.NewEntry()
	c.compEntry.SetPlaceHolder(lang.X("care.complaint.compensation_hint", "Compensation (optional), e.g. 200.000"))
	c.resBox = container.NewVBox(c.resEntry, c.compEntry)
	c.resBox.Hide()
	c.moves = container.NewGridWrap(fyne.NewSize(170, 36))
	c.msg = newNote()
	detail := container.NewVBox(c.title, c.info, c.desc, c.resolution, widget.NewSeparator(), c.resBox, c.moves, c.msg.Label)
	bar := container.NewBorder(nil, nil, c.filterSel, c.add, c.count)
	c.content, c.pane = split(bar, c.list, detail)
	c.msg.pane = c.pane
	return c
}

func (c *ComplaintsTab) reload() {
	c.loadGen++
	gen := c.loadGen
	go func() {
		all, err := c.load()
		c.a.do(func() {
			if gen != c.loadGen {
				return
			}
			c.shownGen = gen
			if err != nil {
				c.count.SetText(lang.X("care.error.load", "Could not load: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			c.all = all
			c.filter()
		})
	}()
}

// load reads every complaint with its customer's name and booking code,
// the newest first.
func (c *ComplaintsTab) load() ([]*complaintRow, error) {
	ids, err := c.a.deps.Store.SortedIDs(app.KindComplaint)
	if err != nil {
		return nil, err
	}
	var out []*complaintRow
	err = c.a.deps.Store.View(func(r service.Reader) error {
		names := map[string]string{}
		for _, id := range ids {
			cp, err := service.Load[app.Complaint](r, id)
			if err != nil {
				continue // gone since the ids were read
			}
			cp.ID = id
			if cp.Status == "" {
				cp.Status = app.ComplaintReceived
			}
			row := &complaintRow{Complaint: cp}
			if n, ok := names[cp.CustomerID]; ok {
				row.Customer = n
			} else if cu, err := service.Load[app.Customer](r, cp.CustomerID); err == nil {
				row.Customer, names[cp.CustomerID] = cu.Name, cu.Name
			}
			if cp.BookingID != "" {
				if b, err := service.Load[app.Booking](r, cp.BookingID); err == nil {
					row.Code, row.Currency = b.Code, b.Currency
				}
			}
			out = append(out, row)
		}
		return nil
	})
	slices.SortStableFunc(out, func(x, y *complaintRow) int {
		return cmp.Or(y.ReceivedOn.Compare(x.ReceivedOn), cmp.Compare(y.ID, x.ID))
	})
	return out, err
}

func (c *ComplaintsTab) filter() {
	if c.count == nil {
		return
	}
	c.shown = c.shown[:0]
	for _, cp := range c.all {
		if c.filterSel.SelectedIndex() == 0 && cp.Status == app.ComplaintClosed {
			continue
		}
		c.shown = append(c.shown, cp)
	}
	c.count.SetText(lang.XN("care.complaint.count", "{{.Count}} complaints", len(c.shown), map[string]any{"Count": i18n.Int(len(c.shown))}))
	c.list.UnselectAll()
	c.list.Refresh()
	if i := slices.IndexFunc(c.shown, func(cp *complaintRow) bool { return cp.ID == c.selected }); i >= 0 {
		c.list.Select(i)
	} else if c.selected != "" {
		c.showDetail()
	}
}

func (c *ComplaintsTab) current() *complaintRow {
	for _, cp := range c.all {
		if cp.ID == c.selected {
			return cp
		}
	}
	return nil
}

// showDetail shows the selected complaint with a button per legal move.
func (c *ComplaintsTab) showDetail() {
	cp := c.current()
	c.moves.Objects = nil
	c.buttons = map[app.ComplaintStatus]*widget.Button{}
	c.resBox.Hide()
	if cp == nil {
		c.title.SetText(lang.X("care.complaint.gone", "This complaint is no longer here."))
		c.info.SetText("")
		c.desc.SetText("")
		c.resolution.SetText("")
		c.moves.Refresh()
		c.pane.Refresh()
		return
	}
	c.title.SetText(strings.TrimPrefix(cp.Code+" · "+cp.Customer, " · "))
	c.info.SetText(lang.X("care.complaint.info", "{{.Status}} · received {{.Date}}", map[string]any{"Status": complaintStatusName(cp.Status), "Date": cp.ReceivedOn.String()}))
	c.desc.SetText(cp.Description)
	res := ""
	if cp.Resolution != "" {
		res = lang.X("care.complaint.resolution", "Resolution: {{.Text}}", map[string]any{"Text": cp.Resolution})
	}
	if !cp.Compensation.IsZero() {
		res += "\n" + lang.X("care.complaint.compensation", "Compensation: {{.Amount}}", map[string]any{"Amount": format.Money(cp.Compensation)})
	}
	c.resolution.SetText(strings.TrimSpace(res))
	defer c.pane.Refresh()
	if c.a.readOnly() || !c.a.canEdit(app.KindComplaint, cp.ID, "status") {
		c.moves.Refresh()
		return
	}
	for _, to := range app.ComplaintTransitions[cp.Status] {
		btn := widget.NewButtonWithIcon(complaintStatusName(to), theme.NavigateNextIcon(), func() { c.onMove(cp, to) })
		if to == app.ComplaintResolved {
			btn.Importance = widget.HighImportance
			c.resBox.Show()
			if c.resEntry.Text == "" {
				c.resEntry.SetText(cp.Resolution)
			}
		}
		c.buttons[to] = btn
		c.moves.Add(btn)
	}
	if len(c.moves.Objects) == 0 {
		c.moves.Add(widget.NewLabel(lang.X("care.complaint.final", "Closed: nothing more to do.")))
	}
	c.moves.Refresh()
}

// onMove moves cp to to; resolving needs the resolution's text and reads
// the compensation, both checked here before the service is asked.
func (c *ComplaintsTab) onMove(cp *complaintRow, to app.ComplaintStatus) {
	c.msg.set("", false)
	m := service.ComplaintMove{To: to, On: c.a.today()}
	if to == app.ComplaintResolved {
		m.Resolution = strings.TrimSpace(c.resEntry.Text)
		if m.Resolution == "" {
			c.msg.set(lang.X("care.complaint.resolution_required", "Write the resolution first: what was answered or done."), true)
			c.a.win.Canvas().Focus(c.resEntry)
			return
		}
		if s := strings.TrimSpace(c.compEntry.Text); s != "" {
			cur := cp.Currency
			if cur == "" {
				cur = c.a.data.DefaultCurrency()
			}
			amt, err := money.Parse(s, cur)
			if err != nil || amt.IsNegative() {
				c.msg.set(lang.X("care.complaint.bad_compensation", "The compensation is not an amount in {{.Currency}} (for example 200.000).", map[string]any{"Currency": cur}), true)
				c.a.win.Canvas().Focus(c.compEntry)
				return
			}
			m.Compensation = &amt
		}
	}
	for _, b := range c.buttons {
		b.Disable()
	}
	id := cp.ID
	go func() {
		_, err := c.svc.Move(id, m)
		c.a.do(func() {
			for _, b := range c.buttons {
				b.Enable()
			}
			if err != nil {
				c.msg.set(lang.X("care.complaint.refused", "Not moved: {{.Error}}", map[string]any{"Error": explain(err)}), true)
				c.reload() // show what the store holds now
				return
			}
			c.resEntry.SetText("")
			c.compEntry.SetText("")
			c.msg.set(lang.X("care.complaint.moved", "Moved to {{.Status}}.", map[string]any{"Status": complaintStatusName(to)}), false)
			c.reload()
		})
	}()
}

// complaintForm is the New complaint dialog.
type complaintForm struct {
	search  *input.Entry
	booking *widget.Select
	desc    *input.Entry
	msg     note
	choices []bookings.Choice
	find    finder
	dlg     dialog.Dialog
	submit  func()
}

// onNew opens the New complaint dialog: find the booking, describe the
// complaint.
func (c *ComplaintsTab) onNew() {
	f := &complaintForm{search: input.NewEntry(), desc: input.NewMultiLineEntry(), msg: newNote()}
	f.search.SetPlaceHolder(lang.X("care.find_booking", "Find the booking: code or customer"))
	f.booking = widget.NewSelect(nil, nil)
	f.booking.PlaceHolder = lang.X("care.pick_booking", "(pick a booking)")
	f.desc.SetPlaceHolder(lang.X("care.complaint.desc_hint", "What the customer complains about"))
	f.desc.SetMinRowsVisible(4)
	f.search.OnChanged = func(q string) {
		c.a.find(&f.find, q, c.a.findBookings, func(ch []bookings.Choice) { f.choices = ch; fillSelect(f.booking, ch) })
	}
	f.submit = func() { c.submitNew(f) }
	cancel := widget.NewButton(lang.X("care.cancel", "Cancel"), func() { f.dlg.Hide() })
	save := widget.NewButtonWithIcon(lang.X("care.save", "Save"), theme.DocumentSaveIcon(), f.submit)
	save.Importance = widget.HighImportance
	d := dialog.NewCustomWithoutButtons(lang.X("care.complaint.new", "New complaint"),
		container.NewVBox(f.search, f.booking, f.desc, f.msg.Label), c.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.SetOnClosed(func() { c.form = nil })
	d.Resize(fyne.NewSize(520, 380))
	f.dlg = d
	escapes(d, f.search, f.desc)
	f.search.OnSubmitted = func(string) { f.submit() }
	c.form = f
	d.Show()
	c.a.win.Canvas().Focus(f.search)
}

func (c *ComplaintsTab) submitNew(f *complaintForm) {
	i := f.booking.SelectedIndex()
	if i < 0 || i >= len(f.choices) {
		f.msg.set(lang.X("care.booking_required", "Find and pick the booking first."), true)
		return
	}
	desc := strings.TrimSpace(f.desc.Text)
	if desc == "" {
		f.msg.set(lang.X("care.complaint.desc_required", "Describe the complaint."), true)
		return
	}
	n := service.ComplaintNew{BookingID: f.choices[i].ID, Description: desc}
	today := c.a.today()
	go func() {
		cp, err := c.svc.Add(n, today)
		c.a.do(func() {
			if err != nil {
				f.msg.set(lang.X("care.refused", "Not done: {{.Error}}", map[string]any{"Error": explain(err)}), true)
				return
			}
			f.dlg.Hide()
			c.selected = cp.ID
			c.msg.set(lang.X("care.complaint.added", "Complaint recorded."), false)
			c.reload()
		})
	}()
}
