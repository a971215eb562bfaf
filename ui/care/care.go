// Package care is the Care area of the desktop app: the care tasks
// (return calls, greetings, balances due, passports; done, snoozed or
// cancelled, and generated from the data), complaints along their
// workflow (received → investigating → resolved → closed, with the
// resolution and any compensation), after-trip feedback forms with the
// averages per aspect, campaigns with their return on investment and
// target lists made from saved segments, and the message outbox (queued,
// sent, failed with the reason; retry, cancel, and a one-off email or SMS
// to a customer).
//
// Each tab talks to app/service (Care, Complaints, Feedbacks, Messages)
// and app/segment; the rules (transitions, consent, permissions) are
// theirs, and their refusals are shown where the user acted. Which tabs a
// role sees follows app/access: marketing sees campaigns and messages, a
// director sees every tab read-only. Store work runs off the UI goroutine
// and is applied through fyne.Do; a result overtaken by a newer load is
// dropped.
package care

import (
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/bookings"
)

// Deps are what the Care area works with.
type Deps struct {
	Store   service.Store
	Session service.Session
	// Device is the store's device id.
	Device string
	// Now is the clock (time.Now when nil): today's tasks, the day a
	// complaint is received.
	Now func() time.Time
}

// Area is the Care screen. Its fields are owned by the UI goroutine.
type Area struct {
	deps Deps
	win  fyne.Window
	do   func(func())
	data *bookings.Data
	// searchMu keeps the forms' searches from overlapping.
	searchMu sync.Mutex

	tabs    *container.AppTabs
	content fyne.CanvasObject

	Tasks      *TasksTab
	Complaints *ComplaintsTab
	Feedback   *FeedbackTab
	Campaigns  *CampaignsTab
	Messages   *MessagesTab
}

// New builds the Care area for deps' session and starts loading it.
func New(deps Deps, win fyne.Window) *Area { return newArea(deps, win, fyne.Do) }

func newArea(deps Deps, win fyne.Window, do func(func())) *Area {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	a := &Area{deps: deps, win: win, do: do, data: bookings.NewData(deps.Store, deps.Session, deps.Device)}
	a.tabs = container.NewAppTabs()
	role := deps.Session.Role
	marketing := role == app.RoleMarketing
	if !marketing {
		a.Tasks = newTasksTab(a)
		a.tabs.Append(container.NewTabItem(lang.X("care.tab.tasks", "Tasks"), a.Tasks.content))
		a.Complaints = newComplaintsTab(a)
		a.tabs.Append(container.NewTabItem(lang.X("care.tab.complaints", "Complaints"), a.Complaints.content))
		a.Feedback = newFeedbackTab(a)
		a.tabs.Append(container.NewTabItem(lang.X("care.tab.feedback", "Feedback"), a.Feedback.content))
	}
	a.Campaigns = newCampaignsTab(a)
	a.tabs.Append(container.NewTabItem(lang.X("care.tab.campaigns", "Campaigns"), a.Campaigns.content))
	a.Messages = newMessagesTab(a)
	a.tabs.Append(container.NewTabItem(lang.X("care.tab.messages", "Messages"), a.Messages.content))
	a.content = a.tabs
	a.Reload()
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Reload reads every tab again (demo data loaded, a sync).
func (a *Area) Reload() {
	if a.Tasks != nil {
		a.Tasks.reload()
	}
	if a.Complaints != nil {
		a.Complaints.reload()
	}
	if a.Feedback != nil {
		a.Feedback.reload()
	}
	a.Campaigns.reload()
	a.Messages.reload()
}

// today is the clock's day.
func (a *Area) today() app.Date { return app.DateOf(a.deps.Now()) }

// subject is the session as access sees it.
func (a *Area) subject() access.Subject {
	s := a.deps.Session
	return access.Subject{UserID: s.UserID, OfficeID: s.OfficeID, Role: s.Role}
}

// canCreate tells whether the role may create records of kind (a store
// nobody logged in to may).
func (a *Area) canCreate(k app.Kind) bool {
	return a.deps.Session.Role == "" || access.CanCreate(a.subject(), k)
}

// canEdit tells whether the user may change field of record kind/id.
func (a *Area) canEdit(k app.Kind, id, field string) bool {
	if a.deps.Session.Role == "" {
		return true
	}
	ok := false
	a.deps.Store.View(func(r service.Reader) error {
		rec, err := r.Get(k, id)
		if err == nil {
			ok = access.CanEdit(a.subject(), rec, field, bookings.Lookup{R: r})
		}
		return nil
	})
	return ok
}

// readOnly is a director's view: everything shown, nothing changed.
func (a *Area) readOnly() bool { return a.deps.Session.Role == app.RoleDirector }

// debounce is how long typing must pause before a search runs.
const debounce = 150 * time.Millisecond

// finder runs a form's search as the user types: after a pause, one at
// a time, and only the latest query's result is applied.
type finder struct {
	timer *time.Timer
	gen   int
	// shown is the generation of the query whose result is shown.
	shown int
}

// find runs search(q) off the UI goroutine after the pause and hands
// its choices to apply on it, unless a newer query came since.
func (a *Area) find(f *finder, q string, search func(q string) []bookings.Choice, apply func([]bookings.Choice)) {
	f.gen++
	gen := f.gen
	if f.timer != nil {
		f.timer.Stop()
	}
	f.timer = time.AfterFunc(debounce, func() {
		choices := a.safeSearch(search, q)
		a.do(func() {
			if gen == f.gen {
				f.shown = gen
				apply(choices)
			}
		})
	})
}

// safeSearch runs search(q) one at a time.
func (a *Area) safeSearch(search func(q string) []bookings.Choice, q string) []bookings.Choice {
	a.searchMu.Lock()
	defer a.searchMu.Unlock()
	return search(q)
}

// findBookings is a finder's search of the bookings the user works on.
func (a *Area) findBookings(q string) []bookings.Choice {
	var choices []bookings.Choice
	if strings.TrimSpace(q) == "" {
		return nil
	}
	ids, err := a.data.Search(q, 20)
	if err == nil && len(ids) > 0 {
		rows, _ := a.data.Rows(ids)
		for _, id := range ids {
			if r := rows[id]; r != nil {
				choices = append(choices, bookings.Choice{ID: id, Label: r.Booking.Code + " · " + r.Customer + " · " + r.Trip})
			}
		}
	}
	return choices
}

// fillSelect offers choices in sel, the first one picked.
func fillSelect(sel *widget.Select, choices []bookings.Choice) {
	labels := make([]string, len(choices))
	for i, ch := range choices {
		labels[i] = ch.Label
	}
	sel.SetOptions(labels)
	if len(labels) > 0 {
		sel.SetSelectedIndex(0)
	} else {
		sel.ClearSelected()
	}
}

// Shortcuts: Ctrl+N (Cmd+N) opens the current tab's New form.
func (a *Area) Shortcuts() map[fyne.Shortcut]func() {
	return map[fyne.Shortcut]func(){
		&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}: a.onNew,
	}
}

// onNew opens the New form of the tab shown, when the role may use it.
func (a *Area) onNew() {
	sel := a.tabs.Selected()
	if sel == nil {
		return
	}
	type opener struct {
		content fyne.CanvasObject
		button  *widget.Button
	}
	var list []opener
	if a.Complaints != nil {
		list = append(list, opener{a.Complaints.content, a.Complaints.add}, opener{a.Feedback.content, a.Feedback.add})
	}
	list = append(list, opener{a.Campaigns.content, a.Campaigns.add}, opener{a.Messages.content, a.Messages.send})
	for _, o := range list {
		if o.content == sel.Content && o.button.Visible() && !o.button.Disabled() {
			o.button.OnTapped()
			return
		}
	}
}
