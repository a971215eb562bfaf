// Package pipeline is the Pipeline area of the desktop app: the requests
// (bookings) the user works on, by stage (inquiry → consulting → quoted →
// deposit → paid → travelling → completed, and lost or cancelled), with
// each stage's count and value (per currency), the requests of the chosen
// stage in a virtual list, and the selected request's card with the moves
// app.BookingTransitions allows from its stage. A move to lost or
// cancelled asks for the reason; a move the service refuses shows its
// message on the card and changes nothing.
//
// An agent sees their own requests, a manager their office's, a director
// all of them read-only (bookings.Data's scope). Store work runs off the
// UI goroutine and is applied through fyne.Do.
package pipeline

import (
	"encoding/json"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/bookings"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// Stages are the pipeline's columns, in order.
var Stages = app.BookingStatuses

// pageSize is how many rows one background load fetches.
const pageSize = 100

// Stage is one stage's figures.
type Stage struct {
	Status app.BookingStatus
	// IDs are the stage's requests, the latest first.
	IDs []string
	// Totals are the sum of the requests' totals per currency.
	Totals map[string]int64
}

// Area is the Pipeline screen. Its fields are owned by the UI goroutine
// except data, readOnly and do, set once in New.
type Area struct {
	data     *bookings.Data
	win      fyne.Window
	do       func(func())
	readOnly bool

	stageList *widget.List
	stages    []Stage
	current   int // index into stages of the stage shown
	list      *widget.List
	heading   *widget.Label
	empty     *widget.Label
	card      *card
	content   fyne.CanvasObject

	loadGen  int
	shownGen int
	listGen  int
	rows     map[string]*bookings.Row
	pending  map[[2]int]bool
	selected string
	// reasonEntry is the open reason dialog's entry (tests type in it).
	reasonEntry *input.Entry
	reasonOK    func()
	focused     bool
}

// card is the selected request.
type card struct {
	title, customer, trip, money *widget.Label
	moveTo                       *widget.Label
	waitlist                     *widget.Button
	moves                        *fyne.Container
	message                      *widget.Label
	content                      fyne.CanvasObject
	buttons                      map[app.BookingStatus]*widget.Button
}

// New builds the Pipeline area over data and starts loading it. A
// director sees it read-only.
func New(data *bookings.Data, win fyne.Window) *Area {
	return newArea(data, win, fyne.Do)
}

func newArea(data *bookings.Data, win fyne.Window, do func(func())) *Area {
	a := &Area{data: data, win: win, do: do, rows: map[string]*bookings.Row{}, pending: map[[2]int]bool{},
		readOnly: data.Session.Role == app.RoleDirector}
	a.stages = make([]Stage, len(Stages))
	for i, s := range Stages {
		a.stages[i] = Stage{Status: s}
	}
	a.stageList = widget.NewList(
		func() int { return len(a.stages) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("Consulting")
			name.TextStyle.Bold = true
			count := widget.NewLabel("0")
			total := widget.NewLabel("")
			total.SizeName = theme.SizeNameCaptionText
			total.Truncation = fyne.TextTruncateEllipsis
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()-theme.InnerPadding()/2),
				container.NewBorder(nil, nil, nil, count, name), total)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			top := box.Objects[0].(*fyne.Container)
			st := a.stages[i]
			top.Objects[0].(*widget.Label).SetText(bookings.StatusName(st.Status))
			top.Objects[1].(*widget.Label).SetText(i18n.Int(len(st.IDs)))
			t := format.Totals(st.Totals)
			switch {
			case st.Totals == nil:
				t = "…" // the values are being worked out
			case t == "":
				t = "—"
			}
			box.Objects[1].(*widget.Label).SetText(t)
		},
	)
	a.stageList.OnSelected = func(i widget.ListItemID) {
		if i != a.current {
			a.current = i
			a.showStage()
		}
	}

	a.heading = widget.NewLabel(lang.X("pipeline.loading", "Loading…"))
	a.heading.TextStyle.Bold = true
	a.empty = widget.NewLabel("")
	a.empty.Alignment = fyne.TextAlignCenter
	a.empty.Wrapping = fyne.TextWrapWord
	a.empty.Hide()
	a.list = widget.NewList(
		func() int { return len(a.stages[a.current].IDs) },
		func() fyne.CanvasObject { return listrow.New() },
		a.updateRow,
	)
	a.list.OnSelected = func(i widget.ListItemID) {
		ids := a.stages[a.current].IDs
		if i >= 0 && i < len(ids) {
			if a.selected != ids[i] {
				a.card.waitlist.Hide()
				a.card.setMessage("", false)
			}
			a.selected = ids[i]
			a.showCard()
		}
	}

	a.card = newCard()
	width := canvas.NewRectangle(nil)
	width.SetMinSize(fyne.NewSize(230, 0))
	left := container.NewStack(width, a.stageList)
	middle := container.NewBorder(a.heading, nil, nil, nil,
		container.NewStack(a.list, container.NewPadded(container.NewVBox(layout.NewSpacer(), a.empty, layout.NewSpacer()))))
	split := container.NewHSplit(middle, container.NewVScroll(container.NewPadded(a.card.content)))
	split.Offset = 0.55
	a.content = container.NewBorder(nil, nil, container.NewHBox(left, widget.NewSeparator()), nil, split)
	a.stageList.Select(0)
	a.Reload()
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Focus is called each time the area is shown: from the second time on
// it reads the pipeline again (bookings may have been made, paid or
// cancelled in the Bookings area meanwhile).
func (a *Area) Focus() {
	if a.focused {
		a.Reload()
	}
	a.focused = true
}

// Reload reads every stage again (after a move, demo data or a sync).
func (a *Area) Reload() {
	a.loadGen++
	gen := a.loadGen
	go func() {
		// The counts come from the indexes at once; the values need
		// every booking read, so they follow.
		stages, err := a.load()
		a.do(func() {
			if gen != a.loadGen {
				return
			}
			if err != nil {
				a.shownGen = gen
				a.heading.SetText(lang.X("pipeline.error.load", "Could not load the pipeline: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.stages = stages
			a.rows = map[string]*bookings.Row{}
			a.stageList.Refresh()
			a.showStage()
		})
		if err != nil {
			return
		}
		sums, terr := a.loadTotals(stages)
		a.do(func() {
			if gen != a.loadGen {
				return
			}
			a.shownGen = gen
			if terr != nil {
				a.heading.SetText(lang.X("pipeline.error.load", "Could not load the pipeline: {{.Error}}", map[string]any{"Error": terr.Error()}))
				return
			}
			for i := range a.stages {
				a.stages[i].Totals = sums[i]
			}
			a.stageList.Refresh()
		})
	}()
}

// load reads every stage's requests (latest first); their Totals are
// left nil for loadTotals.
func (a *Area) load() ([]Stage, error) {
	out := make([]Stage, len(Stages))
	for i, s := range Stages {
		ids, err := a.data.StatusIDs(s)
		if err != nil {
			return nil, err
		}
		rev := make([]string, len(ids))
		for j, id := range ids {
			rev[len(ids)-1-j] = id
		}
		out[i] = Stage{Status: s, IDs: rev}
	}
	return out, nil
}

// loadTotals works out each stage's value per currency (in stages'
// order), reading of each booking only the fields its total needs; a
// booking gone since the index was read, or whose total cannot be worked
// out, adds nothing. It only reads stages, so it may run while they are
// shown.
func (a *Area) loadTotals(stages []Stage) ([]map[string]int64, error) {
	sums := make([]map[string]int64, len(stages))
	err := a.data.Store.View(func(r service.Reader) error {
		for i, st := range stages {
			sums[i] = map[string]int64{}
			for _, id := range st.IDs {
				rec, err := r.Get(app.KindBooking, id)
				if err != nil || rec.IsDeleted() {
					continue
				}
				var b app.Booking
				if json.Unmarshal(orNull(rec.Fields["currency"].Value), &b.Currency) != nil ||
					json.Unmarshal(orNull(rec.Fields["lines"].Value), &b.Lines) != nil ||
					json.Unmarshal(orNull(rec.Fields["discounts"].Value), &b.Discounts) != nil {
					continue
				}
				if t, err := b.Total(); err == nil {
					sums[i][t.Currency] += t.Amount
				}
			}
		}
		return nil
	})
	return sums, err
}

func orNull(v []byte) []byte {
	if len(v) == 0 {
		return []byte("null")
	}
	return v
}

// showStage shows the current stage's list and keeps the selected
// request's card when it is still in it.
func (a *Area) showStage() {
	st := a.stages[a.current]
	n := len(st.IDs)
	a.heading.SetText(lang.XN("pipeline.heading", "{{.Stage}}: {{.Count}} requests", n,
		map[string]any{"Stage": bookings.StatusName(st.Status), "Count": i18n.Int(n)}))
	if n == 0 {
		a.empty.SetText(lang.X("pipeline.empty", "No requests at this stage."))
		a.empty.Show()
	} else {
		a.empty.Hide()
	}
	a.listGen++
	a.pending = map[[2]int]bool{}
	a.list.UnselectAll()
	a.list.Refresh()
	for i, id := range st.IDs {
		if id == a.selected {
			a.list.Select(i)
			a.list.ScrollTo(i)
			return
		}
	}
	if a.selected != "" {
		a.showCard() // it moved to another stage: the card stays, updated
	}
}

func (a *Area) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*listrow.Row)
	ids := a.stages[a.current].IDs
	if i < 0 || i >= len(ids) {
		setRow(r, nil, false)
		return
	}
	rw, ok := a.rows[ids[i]]
	if !ok {
		setRow(r, nil, true)
		a.fetchPage(i / pageSize)
		return
	}
	setRow(r, rw, false)
}

func (a *Area) fetchPage(page int) {
	key := [2]int{a.listGen, page}
	if a.pending[key] {
		return
	}
	a.pending[key] = true
	ids := a.stages[a.current].IDs
	ids = ids[page*pageSize : min(len(ids), (page+1)*pageSize)]
	go func() {
		rows, err := a.data.Rows(ids)
		a.do(func() {
			if err != nil {
				fyne.LogError("pipeline: loading rows", err)
				return
			}
			delete(a.pending, key)
			for _, id := range ids {
				a.rows[id] = rows[id]
			}
			if key[0] == a.listGen {
				a.list.Refresh()
			}
		})
	}()
}

// showCard loads the selected request and shows it with its moves.
func (a *Area) showCard() {
	id := a.selected
	go func() {
		rows, err := a.data.Rows([]string{id})
		canMove := !a.readOnly && err == nil && rows[id] != nil && a.data.CanEdit(id, "status")
		a.do(func() {
			if a.selected != id {
				return
			}
			a.card.show(rows[id], err, canMove, a.onMove)
		})
	}()
}

func newCard() *card {
	c := &card{
		title:    widget.NewLabel(lang.X("pipeline.card.none", "Select a request to see it and move it along.")),
		customer: widget.NewLabel(""),
		trip:     widget.NewLabel(""),
		money:    widget.NewLabel(""),
		moves:    container.NewGridWrap(fyne.NewSize(160, 36)),
		message:  widget.NewLabel(""),
	}
	c.title.TextStyle.Bold = true
	c.title.Wrapping = fyne.TextWrapWord
	for _, l := range []*widget.Label{c.customer, c.trip, c.money, c.message} {
		l.Wrapping = fyne.TextWrapWord
	}
	c.message.Hide()
	c.moveTo = widget.NewLabel(lang.X("pipeline.card.move_to", "Move to:"))
	c.moveTo.Importance = widget.LowImportance
	c.moveTo.Hide()
	c.waitlist = widget.NewButtonWithIcon(lang.X("pipeline.move.waitlist", "Put it on the waiting list"), theme.HistoryIcon(), nil)
	c.waitlist.Hide()
	c.content = container.NewVBox(c.title, c.customer, c.trip, c.money, widget.NewSeparator(), c.moveTo, c.moves, c.message, container.NewHBox(c.waitlist))
	return c
}

// show shows r with a button per legal move (none when !canMove).
func (c *card) show(r *bookings.Row, err error, canMove bool, onMove func(r *bookings.Row, to app.BookingStatus)) {
	c.moves.Objects = nil
	c.moveTo.Hide()
	c.buttons = map[app.BookingStatus]*widget.Button{}
	if err != nil || r == nil {
		c.title.SetText(lang.X("pipeline.card.gone", "This request is no longer here."))
		if err != nil {
			c.title.SetText(format.Explain(err))
		}
		c.customer.SetText("")
		c.trip.SetText("")
		c.money.SetText("")
		c.moves.Refresh()
		return
	}
	b := r.Booking
	c.title.SetText(b.Code + " · " + bookings.StatusName(b.Status))
	c.customer.SetText(r.Customer)
	trip := strings.TrimSpace(r.Trip + " · " + r.Start.String())
	if b.Reason != "" {
		trip += "\n" + lang.X("pipeline.card.reason", "Reason: {{.Reason}}", map[string]any{"Reason": b.Reason})
	}
	c.trip.SetText(trip)
	if r.Problem != nil {
		c.money.SetText(lang.X("pipeline.card.money_problem", "Total {{.Total}} · {{.Error}}", map[string]any{"Total": format.Money(r.Total), "Error": r.Problem.Error()}))
	} else {
		c.money.SetText(lang.X("pipeline.card.money", "Total {{.Total}} · paid {{.Paid}} · balance {{.Balance}}",
			map[string]any{"Total": format.Money(r.Total), "Paid": format.Money(r.Paid), "Balance": format.Money(r.Balance)}))
	}
	if canMove {
		c.moveTo.Show()
		for _, to := range app.BookingTransitions[b.Status] {
			btn := widget.NewButtonWithIcon(bookings.StatusName(to), theme.NavigateNextIcon(), func() { onMove(r, to) })
			if to == app.BookingLost || to == app.BookingCancelled {
				btn.Importance = widget.DangerImportance
			}
			c.buttons[to] = btn
			c.moves.Add(btn)
		}
		if len(c.moves.Objects) == 0 {
			c.moves.Add(widget.NewLabel(lang.X("pipeline.card.final", "Final stage")))
		}
	}
	c.moves.Refresh()
}

// setMessage shows msg under the moves (bad: as an error).
func (c *card) setMessage(msg string, bad bool) {
	c.message.SetText(msg)
	c.message.Importance = widget.SuccessImportance
	if bad {
		c.message.Importance = widget.DangerImportance
	}
	if msg == "" {
		c.message.Hide()
	} else {
		c.message.Show()
	}
	c.message.Refresh()
}

// onMove moves r to to; lost and cancelled first ask for the reason.
func (a *Area) onMove(r *bookings.Row, to app.BookingStatus) {
	a.card.setMessage("", false)
	a.card.waitlist.Hide()
	if to != app.BookingLost && to != app.BookingCancelled {
		a.move(r, to, "", false)
		return
	}
	e := input.NewEntry()
	e.SetPlaceHolder(lang.X("pipeline.reason.placeholder", "For example: chose another agency"))
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Hide()
	var d *dialog.CustomDialog
	ok := func() {
		if strings.TrimSpace(e.Text) == "" {
			msg.SetText(lang.X("pipeline.reason.required", "Say why: the reason is required."))
			msg.Show()
			return
		}
		d.Hide()
		a.move(r, to, e.Text, false)
	}
	e.OnSubmitted = func(string) { ok() }
	title := lang.X("pipeline.reason.title", "Why is {{.Code}} {{.Stage}}?", map[string]any{"Code": r.Booking.Code, "Stage": strings.ToLower(bookings.StatusName(to))})
	cancel := widget.NewButton(lang.X("pipeline.reason.cancel", "Cancel"), func() { d.Hide() })
	save := widget.NewButton(lang.X("pipeline.reason.ok", "Move"), ok)
	save.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(e, msg), a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.SetOnClosed(func() { a.reasonEntry, a.reasonOK = nil, nil })
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
	a.reasonEntry, a.reasonOK = e, ok
	a.win.Canvas().Focus(e)
}

// move asks the service to move r to to, off the UI goroutine; with
// waitlist a booking its departure has no seats for goes on the waiting
// list instead.
func (a *Area) move(r *bookings.Row, to app.BookingStatus, reason string, waitlist bool) {
	for _, b := range a.card.buttons {
		b.Disable()
	}
	a.card.waitlist.Hide()
	go func() {
		b, err := a.data.Pipeline.Move(r.ID, to, reason, service.MoveOptions{Waitlist: waitlist})
		a.do(func() {
			for _, b := range a.card.buttons {
				b.Enable()
			}
			if err != nil {
				var full *service.FullError
				if errors.As(err, &full) {
					a.card.setMessage(lang.X("pipeline.move.full", "Not moved: {{.Error}}", map[string]any{"Error": err.Error()}), true)
					a.card.waitlist.OnTapped = func() { a.move(r, to, reason, true) }
					a.card.waitlist.Show()
				} else {
					a.card.setMessage(lang.X("pipeline.move.refused", "Not moved: {{.Error}}", map[string]any{"Error": format.Explain(err)}), true)
				}
				if a.selected == r.ID {
					a.showCard() // what the store holds now
				}
				return
			}
			msg := lang.X("pipeline.move.done", "{{.Code}} moved to {{.Stage}}.", map[string]any{"Code": r.Booking.Code, "Stage": bookings.StatusName(to)})
			if b.Waitlisted && b.Status != to {
				msg = lang.X("pipeline.move.waitlisted", "{{.Code}} is on the waiting list of its departure.", map[string]any{"Code": r.Booking.Code})
			}
			a.card.setMessage(msg, false)
			a.Reload()
		})
	}()
}
