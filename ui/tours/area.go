// Package tours is the Tours & departures area of the desktop app:
// departures by date in a virtual list (seats taken and left worked out
// from the bookings by service.Seats, never stored; whether the minimum to
// run is reached; status; guides), a departure's detail (status moves,
// guides, the group meeting, service orders to partners with their
// status and cost, the group list and the rooming list, and printing a
// voucher, the group list or the rooming list), and the tours with their
// program editor.
//
// Roles: operators and admins change everything; directors, accountants,
// managers and agents read (agents for the seats they sell; service
// orders are not theirs to see). What a role may do comes from app/access,
// as the server will judge it. Store work runs off the UI goroutine; its
// results are applied through fyne.Do and dropped when overtaken.
package tours

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/service"
)

// Area is the Tours & departures screen. Fields are owned by the UI
// goroutine except store, session, ops, printer, do and today.
type Area struct {
	store   service.Store
	session service.Session
	ops     *service.Operations
	printer PrintFunc
	win     fyne.Window
	do      func(func())
	today   func() app.Date

	tabs    *container.AppTabs
	deps    *departures
	tours   *tourList
	content fyne.CanvasObject
}

// PrintJob names one document to print: Kind "voucher" (ID a service
// order's), "grouplist" or "roominglist" (ID a departure's), in language
// Lang, the file named after Name. The fields are those of
// customers.PrintJob, which the app's printer takes.
type PrintJob struct {
	Kind, ID, Lang, Name string
}

// PrintFunc prints a document (a PDF handed to the operating system) and
// returns the file's path; cmd/tourdesk's printer, adapted in ui/shell.
// It is called off the UI goroutine. An error with a path means the file
// was written but could not be opened.
type PrintFunc func(job PrintJob) (path string, err error)

// New builds the area for the session's user over store; printer (nil:
// no print buttons) prints vouchers, group lists and rooming lists.
func New(store service.Store, session service.Session, printer PrintFunc, win fyne.Window) *Area {
	return newArea(store, session, printer, win, fyne.Do, func() app.Date { return app.DateOf(time.Now()) })
}

func newArea(store service.Store, session service.Session, printer PrintFunc, win fyne.Window, do func(func()), today func() app.Date) *Area {
	a := &Area{store: store, session: session, ops: service.NewOperations(store, session), printer: printer, win: win, do: do, today: today}
	a.deps = newDepartures(a)
	a.tours = newTourList(a)
	a.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("tours.tab.departures", "Departures"), a.deps.content),
		container.NewTabItem(lang.X("tours.tab.tours", "Tours"), a.tours.content),
	)
	a.content = a.tabs
	a.Reload()
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Reload reads departures and tours again (after a sync).
func (a *Area) Reload() {
	a.deps.reload()
	a.tours.reload()
}

// Shortcuts: Ctrl+N new departure (new tour on the Tours tab), Ctrl+S
// save the open form.
func (a *Area) Shortcuts() map[fyne.Shortcut]func() {
	mod := fyne.KeyModifierShortcutDefault
	return map[fyne.Shortcut]func(){
		&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: mod}: func() {
			if a.tabs.SelectedIndex() == 1 {
				a.tours.onNew()
			} else {
				a.deps.onNewDeparture()
			}
		},
		&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: mod}: func() {
			if a.tours.form != nil {
				a.tours.form.onSave()
			}
			if a.deps.form != nil {
				a.deps.form.onSave()
			}
		},
	}
}

func (a *Area) subject() access.Subject {
	return access.Subject{UserID: a.session.UserID, OfficeID: a.session.OfficeID, Role: a.session.Role}
}

// operates reports whether the user runs departures (operator, admin, or
// a store no one logged in to).
func (a *Area) operates() bool {
	return a.session.Role == "" || access.CanCreate(a.subject(), app.KindServiceOrder)
}

// seesOrders reports whether the user's role reads service orders.
func (a *Area) seesOrders() bool {
	switch a.session.Role {
	case app.RoleAgent, app.RoleManager, app.RoleMarketing, app.RoleGuide:
		return false
	}
	return true
}

// seesGroup reports whether the user's role reads group lists (agents
// and managers see only their own customers' travelers; the group list
// is the operators').
func (a *Area) seesGroup() bool {
	switch a.session.Role {
	case app.RoleAgent, app.RoleMarketing, app.RoleAccountant:
		return false
	}
	return true
}
