package bookings

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/customers"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
)

const (
	// pageSize is how many rows one background load fetches.
	pageSize = 100
	// cacheLimit bounds the rows kept; past it the cache starts afresh.
	cacheLimit = 5000
	// searchLimit is the most results a search shows.
	searchLimit = 500
	debounce    = 150 * time.Millisecond
)

// Area is the Bookings screen. Its fields are owned by the UI goroutine
// except data, printer, today and do, set once in New.
type Area struct {
	data    *Data
	printer customers.Printer
	win     fyne.Window
	do      func(func())
	today   func() app.Date

	search    *input.Entry
	count     *widget.Label
	newButton *widget.Button
	list      *widget.List
	empty     *widget.Label
	detail    *detail
	content   fyne.CanvasObject

	ids                         []string
	query                       string
	queryGen, shownGen, listGen int
	rows                        map[string]*Row
	pending                     map[[2]int]bool
	timer                       *time.Timer
	selected, selectAfterLoad   string
	// detailGen counts detail loads; detailShown is the one shown.
	detailGen, detailShown int
	// save submits the open form (Ctrl+S); nil when none is open.
	save     func()
	newForm  *newForm
	printing bool
	// focused is set once the area was first shown.
	focused bool
}

// New builds the Bookings area over data (printer prints contracts and
// receipts; nil hides the buttons) and starts loading the list.
func New(data *Data, printer customers.Printer, win fyne.Window) *Area {
	return newArea(data, printer, win, fyne.Do, func() app.Date { return app.DateOf(time.Now()) })
}

func newArea(data *Data, printer customers.Printer, win fyne.Window, do func(func()), today func() app.Date) *Area {
	a := &Area{data: data, printer: printer, win: win, do: do, today: today,
		rows: map[string]*Row{}, pending: map[[2]int]bool{}}
	a.search = input.NewEntry()
	a.search.SetPlaceHolder(lang.X("bookings.search.placeholder", "Code, customer or phone…"))
	a.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	a.search.OnChanged = func(s string) { a.query = s; a.runQuery(debounce) }
	a.count = widget.NewLabel(lang.X("bookings.loading", "Loading…"))
	a.count.TextStyle.Italic = true
	a.newButton = widget.NewButtonWithIcon(lang.X("bookings.new", "New booking"), theme.ContentAddIcon(), a.onNew)
	a.newButton.Importance = widget.HighImportance
	if !data.CanCreate(app.KindBooking) {
		a.newButton.Hide()
	}
	a.list = widget.NewList(func() int { return len(a.ids) }, func() fyne.CanvasObject { return newRow() }, a.updateRow)
	a.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(a.ids) {
			a.showDetail(a.ids[i])
		}
	}
	a.empty = widget.NewLabel("")
	a.empty.Alignment = fyne.TextAlignCenter
	a.empty.Wrapping = fyne.TextWrapWord
	a.empty.Hide()
	a.detail = newDetail(a)

	top := container.NewBorder(nil, nil, nil, a.newButton, a.search)
	left := container.NewBorder(container.NewVBox(top, a.count), nil, nil, nil,
		container.NewStack(a.list, container.NewPadded(container.NewVBox(layout.NewSpacer(), a.empty, layout.NewSpacer()))))
	split := container.NewHSplit(left, a.detail.content)
	split.Offset = 0.4
	a.content = split
	a.Reload()
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Shortcuts: Ctrl+N new booking, Ctrl+F search, Ctrl+S save the open form.
func (a *Area) Shortcuts() map[fyne.Shortcut]func() {
	mod := fyne.KeyModifierShortcutDefault
	return map[fyne.Shortcut]func(){
		&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: mod}: a.onNew,
		&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod}: a.focusSearch,
		&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: mod}: func() {
			if a.save != nil {
				a.save()
			}
		},
	}
}

// Focus is called each time the area is shown: it puts the keyboard
// focus in the search box and, from the second time on, reads the list
// again (the Pipeline or a sync may have changed bookings meanwhile).
func (a *Area) Focus() {
	if a.focused && a.save == nil {
		a.Reload()
	}
	a.focused = true
	a.focusSearch()
}

func (a *Area) focusSearch() {
	if a.save == nil {
		a.win.Canvas().Focus(a.search)
	}
}

// Reload reads the list again, keeping the query and the detail shown.
func (a *Area) Reload() {
	a.rows = map[string]*Row{}
	a.runQuery(0)
	if a.selected != "" {
		a.showDetail(a.selected)
	}
}

func (a *Area) runQuery(delay time.Duration) {
	a.queryGen++
	gen, q := a.queryGen, strings.TrimSpace(a.query)
	if a.timer != nil {
		a.timer.Stop()
	}
	load := func() {
		var ids []string
		var err error
		if q == "" {
			ids, err = a.data.IDs()
		} else {
			ids, err = a.data.Search(q, searchLimit)
		}
		a.do(func() {
			if gen != a.queryGen {
				return
			}
			a.shownGen = gen
			if err != nil {
				a.count.SetText(lang.X("bookings.error.load", "Could not load bookings: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.setList(ids, q != "")
		})
	}
	if delay == 0 {
		go load()
		return
	}
	a.timer = time.AfterFunc(delay, load)
}

func (a *Area) setList(ids []string, searching bool) {
	a.ids = ids
	a.listGen++
	a.pending = map[[2]int]bool{}
	n := len(ids)
	switch {
	case !searching:
		a.count.SetText(lang.XN("bookings.count", "{{.Count}} bookings", n, map[string]any{"Count": i18n.Int(n)}))
	case n >= searchLimit:
		a.count.SetText(lang.X("bookings.found.many", "{{.Count}}+ found, type more to narrow the search", map[string]any{"Count": i18n.Int(n)}))
	default:
		a.count.SetText(lang.XN("bookings.found", "{{.Count}} found", n, map[string]any{"Count": i18n.Int(n)}))
	}
	switch {
	case n > 0:
		a.empty.Hide()
	case searching:
		a.empty.SetText(lang.X("bookings.empty.search", "No booking matches “{{.Query}}”.", map[string]any{"Query": strings.TrimSpace(a.query)}))
		a.empty.Show()
	default:
		a.empty.SetText(lang.X("bookings.empty.store", "No bookings yet. Make the first one with “New booking” (Ctrl+N)."))
		a.empty.Show()
	}
	a.list.UnselectAll()
	a.list.Refresh()
	want := a.selectAfterLoad
	if want == "" {
		want = a.selected
	}
	a.selectAfterLoad = ""
	for i, id := range ids {
		if id == want {
			a.list.Select(i)
			a.list.ScrollTo(i)
			break
		}
	}
}

func (a *Area) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*row)
	if i < 0 || i >= len(a.ids) {
		r.set(nil, false)
		return
	}
	b, ok := a.rows[a.ids[i]]
	if !ok {
		r.set(nil, true)
		a.fetchPage(i / pageSize)
		return
	}
	r.set(b, false)
}

func (a *Area) fetchPage(page int) {
	key := [2]int{a.listGen, page}
	if a.pending[key] {
		return
	}
	a.pending[key] = true
	ids := a.ids[page*pageSize : min(len(a.ids), (page+1)*pageSize)]
	go func() {
		rows, err := a.data.Rows(ids)
		a.do(func() {
			if err != nil {
				fyne.LogError("bookings: loading rows", err)
				a.count.SetText(lang.X("bookings.error.load", "Could not load bookings: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			delete(a.pending, key)
			if len(a.rows)+len(ids) > cacheLimit {
				a.rows = map[string]*Row{}
			}
			for _, id := range ids {
				a.rows[id] = rows[id]
			}
			if key[0] == a.listGen {
				a.list.Refresh()
			}
		})
	}()
}

// showDetail loads booking id with its statement, travelers and what the
// user may do with it, and shows it unless another was selected since.
func (a *Area) showDetail(id string) {
	a.selected = id
	a.detailGen++
	gen := a.detailGen
	go func() {
		v, err := a.loadView(id)
		a.do(func() {
			if gen != a.detailGen {
				return
			}
			a.detailShown = gen
			if err != nil {
				a.detail.showError(err)
				return
			}
			a.detail.show(v)
		})
	}()
}

// refreshRow reloads the list row of id (after a payment or an edit).
func (a *Area) refreshRow(id string) {
	go func() {
		rows, err := a.data.Rows([]string{id})
		a.do(func() {
			if err == nil {
				a.rows[id] = rows[id]
				a.list.Refresh()
			}
		})
	}()
}

// changed shows what became of booking id after a change: its detail and
// list row are read again from the store.
func (a *Area) changed(id, msg string) {
	a.detail.pendingMessage = msg
	a.refreshRow(id)
	a.showDetail(id)
}

func (a *Area) onNew() {
	if a.save != nil || !a.data.CanCreate(app.KindBooking) {
		return
	}
	f := newNewForm(a.data, a.do, a.today())
	a.newForm = f
	var m *modal
	submit := func() {
		req, ok := f.read()
		if !ok {
			return
		}
		m.busy(true)
		today := a.today()
		go func() {
			b, err := a.data.Pipeline.Create(req, today)
			a.do(func() {
				m.busy(false)
				if err != nil {
					f.showError(err)
					return
				}
				a.save = nil
				m.d.Hide()
				a.selectAfterLoad = b.ID
				a.selected = b.ID
				a.detail.pendingMessage = lang.X("bookings.created", "Booking {{.Code}} created.", map[string]any{"Code": b.Code})
				a.Reload()
			})
		}()
	}
	m = newModal(a.win, lang.X("bookings.new.title", "New booking"), lang.X("bookings.form.create", "Create (Ctrl+S)"), f.content, f.entries, submit)
	m.onClose = func() {
		a.save = nil
		a.newForm = nil
	}
	a.save = submit
	m.show(860, 760)
	a.win.Canvas().Focus(f.custSearch)
}

// print prints document kind of record id (name: its reference) in the
// customer's language, off the UI goroutine, one print at a time.
func (a *Area) print(kind, id, name, language string) {
	if a.printer == nil || a.printing {
		return
	}
	a.printing = true
	a.detail.setPrinting(true)
	job := customers.PrintJob{Kind: kind, ID: id, Lang: language, Name: name}
	go func() {
		path, err := a.printer.Print(job)
		a.do(func() {
			a.printing = false
			a.detail.setPrinting(false)
			args := map[string]any{"Name": name, "Path": path}
			switch {
			case err == nil:
				a.detail.setMessage(lang.X("bookings.print.done", "{{.Name}} is open in your PDF viewer ({{.Path}}).", args), false)
			case path != "":
				args["Error"] = err.Error()
				a.detail.setMessage(lang.X("bookings.print.not_opened", "{{.Name}} was saved as {{.Path}} but could not be opened: {{.Error}}", args), true)
			default:
				args["Error"] = err.Error()
				if errors.Is(err, app.ErrNotFound) {
					args["Error"] = lang.X("bookings.print.not_found", "it no longer exists here")
				}
				a.detail.setMessage(lang.X("bookings.print.failed", "Could not print {{.Name}}: {{.Error}}", args), true)
			}
		})
	}()
}
