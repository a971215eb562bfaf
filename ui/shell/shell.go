// Package shell is the desktop app's main window content: a sidebar of
// the areas the user's role may see, the area shown beside it, the sync
// status bar under them (ui/syncui), the offer to load demo data into an
// empty store, and the app's theme. cmd/tourdesk builds the services and
// hands them over in Services; the shell never opens a store itself.
//
// The user's role decides the sidebar (AreasFor); the window opens on the
// first area of the role's list, so the order of Areas decides where
// each role starts (a guide on "My departures"). After a login the app
// hands the shell the new user's Services (SetServices) and the sidebar
// follows the new role.
package shell

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/customers"
	"github.com/tourdesk/tourdesk/ui/reports"
	"github.com/tourdesk/tourdesk/ui/syncui"
)

// Services is everything the areas use, wired by cmd/tourdesk.
type Services struct {
	Session service.Session
	// Store is the user's local store. Areas build the app/service use
	// cases they need over it (service.NewPipeline(s.Store, s.Session,
	// s.Device), …) instead of this struct growing a field per service.
	Store service.Store
	// Device is the store's device id (booking codes are tagged with it).
	Device    string
	Customers customers.Service
	// Bookings lists a customer's bookings in their detail; nil leaves
	// the section empty.
	Bookings customers.Bookings
	// Printer prints quotes, contracts and receipts (a PDF handed to the
	// operating system); nil hides the print buttons.
	Printer customers.Printer
	// Exporter writes the Reports area's exports (CSV, XLSX); nil hides
	// the export buttons.
	Exporter reports.Exporter
	// CountCustomers tells whether the store is empty (for the demo
	// offer); nil skips the offer.
	CountCustomers func() (int, error)
	// Demo loads demo data; nil hides the offer.
	Demo *Demo
	// Sync syncs the store with the office server; nil hides the status
	// bar and the Conflicts area (tests of single areas). An area shows a
	// record's history (from the server) with
	// syncui.ShowHistory(w, s.Sync, kind, id, name) when Sync is not nil,
	// and reads the sync state with s.Sync.Watch.
	Sync *syncui.Sync
	// Prefs keeps the user's preferences (language, theme, sync
	// interval, server address); nil in tests that need none.
	Prefs fyne.Preferences
	// Server is the server address the login form offers.
	Server string
	// OnSettings is called after the Settings area saved a preference
	// that the app applies (the sync interval, the theme); nil: none.
	OnSettings func()
}

// Screen is an area's content. A Screen may also implement
// Shortcutter, Reloader and Focuser.
type Screen interface {
	Content() fyne.CanvasObject
}

// Shortcutter is a Screen with keyboard shortcuts, registered on the
// window canvas while the screen is shown.
type Shortcutter interface {
	Shortcuts() map[fyne.Shortcut]func()
}

// Reloader is a Screen that re-reads its data when the store changed
// under it (demo data loaded, a sync).
type Reloader interface {
	Reload()
}

// Focuser is a Screen that puts the keyboard focus somewhere useful when
// it is shown.
type Focuser interface {
	Focus()
}

// Shell is the window content: sidebar and current area.
type Shell struct {
	win      fyne.Window
	services Services
	areas    []Area
	screens  map[string]Screen
	current  string
	shortcut []fyne.Shortcut
	started  bool

	sidebar *widget.List
	body    *fyne.Container
	user    *widget.Label
	bottom  *fyne.Container
	content fyne.CanvasObject
	// Bar is the sync status bar (nil without Services.Sync).
	Bar *syncui.Bar
}

// New builds the shell for the session's role and shows its first area.
func New(win fyne.Window, s Services) *Shell {
	sh := &Shell{
		win:     win,
		screens: map[string]Screen{},
		body:    container.NewStack(),
		bottom:  container.NewStack(),
	}
	sh.sidebar = widget.NewList(
		func() int { return len(sh.areas) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Tours & departures"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(theme.Icon(sh.areas[i].Icon))
			box.Objects[1].(*widget.Label).SetText(sh.areas[i].Title())
		},
	)
	sh.sidebar.OnSelected = func(i widget.ListItemID) { sh.Show(sh.areas[i].ID) }

	brand := widget.NewLabelWithStyle("TourDesk", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	brand.SizeName = theme.SizeNameSubHeadingText
	sh.user = widget.NewLabel("")
	sh.user.TextStyle = fyne.TextStyle{Italic: true}
	sh.user.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(190, 0))
	side := container.NewStack(width, container.NewBorder(brand, sh.user, nil, nil, sh.sidebar))
	sh.content = container.NewBorder(nil, sh.bottom, container.NewHBox(side, widget.NewSeparator()), nil, sh.body)
	win.Canvas().AddShortcut(SyncShortcut, func(fyne.Shortcut) {
		if sh.services.Sync != nil {
			sh.services.Sync.Now()
		}
	})
	sh.SetServices(s)
	return sh
}

// SyncShortcut starts a sync (Ctrl+R; Cmd+R on macOS), whatever area is
// shown.
var SyncShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}

// SetServices rebuilds the shell for s (after a login: another user,
// maybe another role): the sidebar shows s's role's areas, screens built
// for the previous services are dropped, and the first area is shown.
func (sh *Shell) SetServices(s Services) {
	old := sh.services.Sync
	sh.services = s
	sh.areas = nil
	for _, a := range AreasFor(s.Session.Role) {
		if a.Needs == nil || a.Needs(s) {
			sh.areas = append(sh.areas, a)
		}
	}
	sh.screens = map[string]Screen{}
	sh.current = ""
	c := sh.win.Canvas()
	for _, k := range sh.shortcut {
		c.RemoveShortcut(k)
	}
	sh.shortcut = nil
	sh.user.SetText(userLine(s))
	if s.Sync != nil {
		s.Sync.OnData = sh.Reload
		if s.Sync != old || sh.Bar == nil {
			sh.Bar = syncui.NewBar(s.Sync, func() { sh.ShowLogin() }, func() { sh.Show("conflicts") })
		}
		sh.bottom.Objects = []fyne.CanvasObject{sh.Bar.Content()}
	} else {
		sh.Bar = nil
		sh.bottom.Objects = nil
	}
	sh.bottom.Refresh()
	sh.sidebar.UnselectAll()
	sh.sidebar.Refresh()
	if len(sh.areas) == 0 {
		sh.body.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewLabel(lang.X("shell.no_areas", "Nothing here for your role yet.")))}
		sh.body.Refresh()
	} else {
		sh.Show(sh.areas[0].ID)
	}
}

// ShowLogin opens the login form (nil without Services.Sync).
func (sh *Shell) ShowLogin() *syncui.LoginForm {
	if sh.services.Sync == nil {
		return nil
	}
	server := sh.services.Server
	if id := sh.services.Sync.State().Identity; id.Server != "" {
		server = id.Server
	}
	return syncui.ShowLogin(sh.win, sh.services.Sync, server)
}

// Current is the id of the area shown ("" for none).
func (sh *Shell) Current() string { return sh.current }

// AreaIDs are the ids of the sidebar's areas, in order.
func (sh *Shell) AreaIDs() []string {
	out := make([]string, len(sh.areas))
	for i, a := range sh.areas {
		out[i] = a.ID
	}
	return out
}

// Content is the shell's root object, for Window.SetContent.
func (sh *Shell) Content() fyne.CanvasObject { return sh.content }

// Screen returns the screen of area id if it was built, else nil.
func (sh *Shell) Screen(id string) Screen { return sh.screens[id] }

// Show switches to area id (ignored if the role may not see it),
// building its screen on first use and moving the shortcuts over.
func (sh *Shell) Show(id string) {
	idx := -1
	for i, a := range sh.areas {
		if a.ID == id {
			idx = i
		}
	}
	if idx < 0 || id == sh.current {
		return
	}
	scr, ok := sh.screens[id]
	if !ok {
		scr = sh.areas[idx].New(sh.services, sh.win)
		sh.screens[id] = scr
	}
	c := sh.win.Canvas()
	for _, s := range sh.shortcut {
		c.RemoveShortcut(s)
	}
	sh.shortcut = nil
	if s, ok := scr.(Shortcutter); ok {
		for key, fn := range s.Shortcuts() {
			fn := fn
			c.AddShortcut(key, func(fyne.Shortcut) { fn() })
			sh.shortcut = append(sh.shortcut, key)
		}
	}
	sh.current = id
	sh.body.Objects = []fyne.CanvasObject{scr.Content()}
	sh.body.Refresh()
	sh.sidebar.Select(idx)
	if sh.started {
		sh.focus()
	}
}

// Start is called once the shell is the window's content: it focuses
// the current area and offers demo data for an empty store.
func (sh *Shell) Start() {
	sh.started = true
	sh.focus()
	sh.OfferDemo()
}

func (sh *Shell) focus() {
	if f, ok := sh.screens[sh.current].(Focuser); ok {
		f.Focus()
	}
}

// Reload tells every built screen that the store changed.
func (sh *Shell) Reload() {
	for _, s := range sh.screens {
		if r, ok := s.(Reloader); ok {
			r.Reload()
		}
	}
}

func roleName(s service.Session) string {
	return lang.X("role."+string(s.Role), string(s.Role))
}

// userLine is the sidebar's line about who is working: the logged-in
// user's name and role, or the role alone.
func userLine(s Services) string {
	if s.Sync != nil {
		if st := s.Sync.State(); st.LoggedIn && st.Identity.Name != "" {
			return st.Identity.Name + "\n" + roleName(s.Session)
		}
	}
	return roleName(s.Session)
}
