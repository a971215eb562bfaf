package customers

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

const (
	// pageSize is how many rows one background GetMany fetches.
	pageSize = 100
	// cacheLimit bounds the rows kept in memory; past it the cache starts
	// afresh and visible rows are fetched again.
	cacheLimit = 5000
	// searchLimit is the most results a search shows ("1,000+ found").
	searchLimit = 1000
	// debounce is how long typing must pause before a search runs.
	debounce = 150 * time.Millisecond
)

// Area is the Customers screen. All its fields are owned by the UI
// goroutine except svc, bookings, printer, x and do, which are set once in
// New and only read afterwards, so background goroutines may use them.
type Area struct {
	svc      Service
	bookings Bookings
	printer  Printer
	x        Extras
	win      fyne.Window
	// do runs f on the UI goroutine: fyne.Do in the app, a queue the test
	// drains in tests.
	do func(f func())

	search    *input.Entry
	count     *widget.Label
	newButton *widget.Button
	list      *widget.List
	empty     *widget.Label
	detail    *detail
	content   fyne.CanvasObject

	// ids is the list shown: every customer in name order, or the results
	// of query. It is replaced, never modified in place, so a background
	// page load may keep reading the slice it was given.
	ids       []string
	searching bool
	query     string
	// queryGen counts queries; a result of an older one is dropped.
	// shownGen is the query whose result the list shows.
	queryGen, shownGen int
	// listGen counts replacements of ids; page loads started for an older
	// list do not refresh the current one.
	listGen int
	// rows caches loaded customers by id; a nil value means gone.
	rows    map[string]*app.Customer
	pending map[pageKey]bool
	timer   *time.Timer
	// selected is the id whose detail is shown ("" for none).
	selected string
	// selectAfterLoad is selected once the next list load lands.
	selectAfterLoad string
	form            *form
	// printing is the document being printed (one at a time).
	printing *PrintJob

	// filters is the filter bar (nil without Extras.Store); filter is
	// what it asks for.
	filters *filterBar
	filter  filter
	// filtered tells that the list shown is that of a filter.
	filtered bool
	// firstRows is set once rows of the first list were drawn (logged
	// with the time since the process started: docs/PERFORMANCE.md).
	firstRows bool
	// merging is set while a merge runs.
	merging bool
	// mergeDialog is the merge dialog shown last; mergeConfirm merges
	// what it offers (tests call it instead of tapping the button).
	mergeDialog  dialog.Dialog
	mergeConfirm func()
	// mergeMessage is the text of the last merge confirmation.
	mergeMessage string
}

type pageKey struct{ gen, page int }

// New builds the Customers area of win over svc and starts loading the
// list in the background. bookings fills the detail's Bookings section
// (nil: no section content) and printer prints its documents (nil: no
// print buttons).
func New(svc Service, bookings Bookings, printer Printer, win fyne.Window) *Area {
	return newArea(svc, bookings, printer, win, fyne.Do, Extras{})
}

// NewWithExtras is New with the filter bar (stage, VIP tier, tag,
// owner), the customer's timeline in the detail and the duplicate check
// with merging, which read the store directly (x.Store).
func NewWithExtras(svc Service, bookings Bookings, printer Printer, win fyne.Window, x Extras) *Area {
	return newArea(svc, bookings, printer, win, fyne.Do, x)
}

func newArea(svc Service, bookings Bookings, printer Printer, win fyne.Window, do func(func()), x Extras) *Area {
	a := &Area{
		svc:      svc,
		bookings: bookings,
		printer:  printer,
		x:        x,
		win:      win,
		do:       do,
		rows:     map[string]*app.Customer{},
		pending:  map[pageKey]bool{},
	}
	a.search = input.NewEntry()
	a.search.SetPlaceHolder(lang.X("customers.search.placeholder", "Name, phone, email, passport…"))
	a.search.OnChanged = a.onSearchChanged
	a.search.ActionItem = widget.NewIcon(theme.SearchIcon())

	a.count = widget.NewLabel(lang.X("customers.loading", "Loading…"))
	a.count.TextStyle.Italic = true

	a.newButton = widget.NewButtonWithIcon(lang.X("customers.new", "New customer"), theme.ContentAddIcon(), a.onNew)
	a.newButton.Importance = widget.HighImportance

	a.list = widget.NewList(
		func() int { return len(a.ids) },
		func() fyne.CanvasObject { return listrow.New() },
		a.updateRow,
	)
	a.list.OnSelected = a.onSelected

	a.empty = widget.NewLabel("")
	a.empty.Alignment = fyne.TextAlignCenter
	a.empty.Wrapping = fyne.TextWrapWord
	a.empty.Hide()

	var onPrint func(kind, id, name string)
	if printer != nil {
		onPrint = a.onPrint
	}
	var onHistory func()
	if x.History != nil {
		onHistory = func() {
			if c := a.detail.customer; c != nil {
				x.History(app.KindCustomer, c.ID, c.Name)
			}
		}
	}
	a.detail = newDetail(a.onEdit, onPrint, onHistory)
	if bookings == nil {
		a.detail.bookings.content.Hide()
	}
	if x.Store == nil {
		a.detail.timeline.content.Hide()
	}
	a.detail.onShowDuplicate = a.onShowDuplicate
	a.detail.onMerge = a.onMerge

	top := container.NewBorder(nil, nil, nil, a.newButton, a.search)
	head := container.NewVBox(top)
	if x.Store != nil {
		a.filters = newFilterBar(a, x.Session.Role != app.RoleAgent)
		head.Add(a.filters.content)
		a.filters.loadOwners()
	}
	head.Add(a.count)
	left := container.NewBorder(
		head,
		nil, nil, nil,
		container.NewStack(a.list, container.NewPadded(container.NewVBox(layout.NewSpacer(), a.empty, layout.NewSpacer()))),
	)
	split := container.NewHSplit(left, a.detail.content)
	split.Offset = 0.42
	a.content = split

	a.Reload()
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Shortcuts are the area's keyboard shortcuts, active while it is shown:
// Ctrl+N (Cmd+N on macOS) new customer, Ctrl+F focus search, Ctrl+S save
// the open form.
func (a *Area) Shortcuts() map[fyne.Shortcut]func() {
	mod := fyne.KeyModifierShortcutDefault
	return map[fyne.Shortcut]func(){
		&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: mod}: a.onNew,
		&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod}: a.onFocusSearch,
		&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: mod}: a.onSave,
	}
}

// Reload reads the list again (after demo data was loaded, or a sync),
// keeping the current query.
func (a *Area) Reload() {
	a.rows = map[string]*app.Customer{}
	a.runQuery(0)
}

// Focus puts the keyboard focus in the search box.
func (a *Area) Focus() { a.onFocusSearch() }

func (a *Area) onFocusSearch() {
	if a.form != nil {
		return
	}
	if c := a.win.Canvas(); c != nil {
		c.Focus(a.search)
	}
}

func (a *Area) onSearchChanged(text string) {
	a.query = text
	a.runQuery(debounce)
}

// runQuery loads the list for the current query after delay, off the UI
// goroutine. Every call supersedes the ones before it.
func (a *Area) runQuery(delay time.Duration) {
	a.queryGen++
	gen, q, f := a.queryGen, strings.TrimSpace(a.query), a.filter
	if a.timer != nil {
		a.timer.Stop()
	}
	load := func() {
		var ids []string
		var found []*app.Customer
		var err error
		if !f.empty() && a.x.Store != nil {
			ids, err = a.filterIDs(f, q)
			a.do(func() {
				if gen != a.queryGen {
					return
				}
				if err != nil {
					a.count.SetText(lang.X("customers.error.load", "Could not load customers: {{.Error}}", map[string]any{"Error": err.Error()}))
					return
				}
				a.shownGen = gen
				a.filtered = true
				a.setList(ids, nil, q != "")
			})
			return
		}
		if q == "" {
			ids, err = a.svc.SortedIDs()
		} else if a.x.Store != nil {
			// The ids alone: the rows shown load a page at a time, so a
			// keystroke does not decode a thousand customers.
			ids, err = a.x.Store.Search(app.KindCustomer, q, searchLimit)
		} else {
			found, err = a.svc.Search(q, searchLimit)
			ids = make([]string, len(found))
			for i, c := range found {
				ids[i] = c.ID
			}
		}
		a.do(func() {
			if gen != a.queryGen {
				return // a newer query is on its way
			}
			if err != nil {
				a.count.SetText(lang.X("customers.error.load", "Could not load customers: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.shownGen = gen
			a.filtered = false
			a.setList(ids, found, q != "")
		})
	}
	if delay == 0 {
		go load()
		return
	}
	a.timer = time.AfterFunc(delay, load)
}

// setList shows ids (with found, the customers already loaded by a
// search) as the list.
func (a *Area) setList(ids []string, found []*app.Customer, searching bool) {
	a.ids, a.searching = ids, searching
	a.listGen++
	a.pending = map[pageKey]bool{}
	if len(a.rows)+len(found) > cacheLimit {
		a.rows = map[string]*app.Customer{}
	}
	for _, c := range found {
		a.rows[c.ID] = c
	}
	n := len(ids)
	switch {
	case a.filtered && (!searching || n < searchLimit):
		a.count.SetText(lang.XN("customers.count.filtered", "{{.Count}} customers match the filters", n, map[string]any{"Count": i18n.Int(n)}))
	case !searching:
		a.count.SetText(lang.XN("customers.count", "{{.Count}} customers", n, map[string]any{"Count": i18n.Int(n)}))
	case n >= searchLimit:
		a.count.SetText(lang.X("customers.found.many", "{{.Count}}+ found, type more to narrow the search", map[string]any{"Count": i18n.Int(n)}))
	default:
		a.count.SetText(lang.XN("customers.found", "{{.Count}} found", n, map[string]any{"Count": i18n.Int(n)}))
	}
	switch {
	case n > 0:
		a.empty.Hide()
	case searching:
		a.empty.SetText(lang.X("customers.empty.search", "No customer matches “{{.Query}}”.", map[string]any{"Query": strings.TrimSpace(a.query)}))
		a.empty.Show()
	case a.filtered:
		a.empty.SetText(lang.X("customers.empty.filter", "No customer matches the filters."))
		a.empty.Show()
	default:
		a.empty.SetText(lang.X("customers.empty.store", "No customers yet. Add the first one with “New customer” (Ctrl+N)."))
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
	r := o.(*listrow.Row)
	if i < 0 || i >= len(a.ids) {
		setRow(r, nil, false)
		return
	}
	c, ok := a.rows[a.ids[i]]
	if !ok {
		setRow(r, nil, true)
		a.fetchPage(i / pageSize)
		return
	}
	setRow(r, c, false)
	if !a.firstRows && c != nil {
		a.firstRows = true
		logFirstRows(len(a.ids))
	}
}

// fetchPage loads one page of rows of the current list in the
// background, once.
func (a *Area) fetchPage(page int) {
	key := pageKey{a.listGen, page}
	if a.pending[key] {
		return
	}
	a.pending[key] = true
	lo, hi := page*pageSize, min(len(a.ids), (page+1)*pageSize)
	ids := a.ids[lo:hi]
	go func() {
		cs, err := a.svc.GetMany(ids)
		a.do(func() {
			if err != nil {
				// Left pending: the rows show "…" until the list is
				// reloaded, rather than retrying in a tight loop; the
				// count line says why.
				fyne.LogError("customers: loading rows", err)
				a.count.SetText(lang.X("customers.error.load", "Could not load customers: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			delete(a.pending, key)
			if len(a.rows)+len(ids) > cacheLimit {
				a.rows = map[string]*app.Customer{}
			}
			for _, id := range ids {
				a.rows[id] = nil
			}
			for _, c := range cs {
				a.rows[c.ID] = c
			}
			if key.gen == a.listGen {
				a.list.Refresh()
			}
		})
	}()
}

func (a *Area) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(a.ids) {
		return
	}
	id := a.ids[i]
	a.selected = id
	if c := a.rows[id]; c != nil {
		a.detail.show(c)
	}
	// The cached row may be older than the store: show the stored one.
	a.showDetail(id)
}

// showDetail loads customer id and their bookings in the background and
// shows them, unless another customer was selected meanwhile. A customer
// just saved is shown even when the current search does not list it.
func (a *Area) showDetail(id string) {
	a.selected = id
	go func() {
		c, err := a.svc.Get(id)
		var rows []service.BookingRow
		var berr error
		if err == nil && a.bookings != nil {
			rows, berr = a.bookings.ForCustomer(id)
		}
		var events []service.TimelineEntry
		var terr error
		var dup *app.Customer
		if err == nil && a.x.Store != nil {
			events, terr = service.Timeline(a.x.Store, id)
			dup = a.duplicateOf(c)
		}
		a.do(func() {
			if a.selected != id {
				return
			}
			if err != nil {
				a.detail.showError(err)
				return
			}
			a.rows[id] = c
			a.detail.show(c)
			a.detail.bookings.set(rows, berr)
			if a.x.Store != nil {
				a.detail.timeline.set(events, terr)
				a.detail.showDuplicate(dup)
			}
		})
	}()
}

// onPrint prints document kind of record id (name is its reference, for
// messages and the file name) in the language of the customer shown, off
// the UI goroutine. The section shows the print under way and then what
// became of it; a failure also gets a dialog, since nothing else opens.
func (a *Area) onPrint(kind, id, name string) {
	if a.printer == nil || a.printing != nil {
		return
	}
	job := PrintJob{Kind: kind, ID: id, Lang: docLang(a.detail.customer), Name: name}
	a.printing = &job
	args := map[string]any{"Document": docName(kind), "Name": name}
	a.detail.bookings.setPrinting(true, lang.X("customers.print.busy", "Preparing the {{.Document}} {{.Name}}…", args))
	go func() {
		path, err := a.printer.Print(job)
		a.do(func() {
			a.printing = nil
			args["Path"] = path
			if err == nil {
				a.detail.bookings.setPrinting(false, lang.X("customers.print.done", "The {{.Document}} {{.Name}} is open in your PDF viewer ({{.Path}}).", args))
				return
			}
			args["Error"] = err.Error()
			if errors.Is(err, app.ErrNotFound) {
				args["Error"] = lang.X("customers.print.not_found", "it no longer exists here (deleted, or not synced to this computer)")
			}
			var msg string
			if path == "" {
				msg = lang.X("customers.print.failed", "Could not print the {{.Document}} {{.Name}}: {{.Error}}", args)
			} else {
				msg = lang.X("customers.print.not_opened", "The {{.Document}} {{.Name}} was saved as {{.Path}} but could not be opened: {{.Error}}. Open that file to print it.", args)
			}
			a.detail.bookings.setPrinting(false, "")
			dialog.ShowError(errors.New(msg), a.win)
		})
	}()
}

func (a *Area) onNew() {
	if a.form != nil {
		return
	}
	a.openForm(nil)
}

func (a *Area) onEdit() {
	if a.form != nil || a.detail.customer == nil {
		return
	}
	a.openForm(a.detail.customer)
}

func (a *Area) onSave() {
	if a.form != nil {
		a.form.onSave()
	}
}

// openForm shows the New (before == nil) or Edit form in a modal dialog,
// so the list cannot be changed under it and nothing typed is lost.
func (a *Area) openForm(before *app.Customer) {
	f := newForm(before)
	a.form = f
	title := lang.X("customers.form.new", "New customer")
	if before != nil {
		title = lang.X("customers.form.edit", "Edit customer")
	}
	d := dialog.NewCustomWithoutButtons(title, f.content, a.win)
	cancel := widget.NewButton(lang.X("customers.form.cancel", "Cancel"), d.Hide)
	f.saveButton = widget.NewButtonWithIcon(lang.X("customers.form.save", "Save (Ctrl+S)"), theme.DocumentSaveIcon(), f.onSave)
	f.saveButton.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{cancel, f.saveButton})
	d.SetOnClosed(func() {
		if a.form == f {
			a.form = nil
		}
	})
	f.save = func(c *app.Customer) {
		a.save(f, d, before, c)
	}
	size := a.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(720, size.Width-40), min(720, size.Height-40)))
	d.Show()
	a.win.Canvas().Focus(f.name)
}

// save stores c off the UI goroutine; on a validation error the form
// stays open with what was typed and the messages beside the entries.
func (a *Area) save(f *form, d dialog.Dialog, before, c *app.Customer) {
	f.setSaving(true)
	go func() {
		var id string
		var err error
		if before == nil {
			id, err = a.svc.Create(c)
		} else {
			id, err = before.ID, a.svc.Edit(before.ID, before, c)
		}
		a.do(func() {
			f.setSaving(false)
			if err != nil {
				f.showError(err)
				return
			}
			a.form = nil
			d.Hide()
			delete(a.rows, id)
			a.selectAfterLoad = id
			a.showDetail(id)
			a.Reload()
		})
	}()
}
