package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/bookings"
	"github.com/tourdesk/tourdesk/ui/care"
	"github.com/tourdesk/tourdesk/ui/customers"
	"github.com/tourdesk/tourdesk/ui/mydepartures"
	"github.com/tourdesk/tourdesk/ui/partners"
	"github.com/tourdesk/tourdesk/ui/payments"
	"github.com/tourdesk/tourdesk/ui/pipeline"
	"github.com/tourdesk/tourdesk/ui/reports"
	"github.com/tourdesk/tourdesk/ui/settings"
	"github.com/tourdesk/tourdesk/ui/syncui"
	"github.com/tourdesk/tourdesk/ui/today"
	"github.com/tourdesk/tourdesk/ui/tours"
)

// everyone is every role, for areas all users see.
var everyone = app.Roles

// Area is one entry of the sidebar.
type Area struct {
	// ID is stable ("customers"); it names the area in settings and tests.
	ID string
	// Title returns the area's name in the current language.
	Title func() string
	// Icon names a theme icon; it is looked up when drawn, so the area
	// follows theme changes (and Areas can be built before the app).
	Icon fyne.ThemeIconName
	// Roles may see the area; a user whose role is not listed never sees
	// it in the sidebar.
	Roles []app.Role
	// New builds the area's screen. It is called once, on the UI
	// goroutine, the first time the area is shown.
	New func(s Services, w fyne.Window) Screen
	// Needs, when set, says whether Services have what the area needs
	// (the Conflicts area needs Sync); an area whose Needs is false is
	// left out of the sidebar.
	Needs func(s Services) bool
}

// Areas lists the sidebar in order. Each later area is one more entry
// here, added when the area exists (DESIGN.md: Today, My departures,
// Customers, Pipeline, Bookings, Tours & departures, Partners, Payments,
// Care, Reports, then Conflicts and Settings last). An area that is not
// built yet is absent, never a placeholder. The window opens on the first
// area the role may see: a guide, who sees neither Today nor Customers,
// opens on My departures ("mydepartures").
var Areas = []Area{
	{
		ID:    "today",
		Title: func() string { return lang.X("area.today", "Today") },
		Icon:  theme.IconNameHome,
		Roles: []app.Role{app.RoleAgent, app.RoleManager, app.RoleAccountant, app.RoleOperator, app.RoleMarketing, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return today.New(today.Deps{Store: s.Store, Session: s.Session, Sync: s.Sync}, w)
		},
	},
	{
		ID:    "mydepartures",
		Title: func() string { return lang.X("area.mydepartures", "My departures") },
		Icon:  theme.IconNameHome,
		Roles: []app.Role{app.RoleGuide},
		New: func(s Services, w fyne.Window) Screen {
			return mydepartures.New(s.Store, s.Session, w)
		},
	},
	{
		ID:    "customers",
		Title: func() string { return lang.X("area.customers", "Customers") },
		Icon:  theme.IconNameAccount,
		Roles: []app.Role{app.RoleAgent, app.RoleManager, app.RoleDirector, app.RoleAccountant, app.RoleMarketing, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return customers.NewWithExtras(s.Customers, s.Bookings, s.Printer, w, customers.Extras{Store: s.Store, Session: s.Session, History: historyOf(s, w)})
		},
	},
	{
		ID:    "pipeline",
		Title: func() string { return lang.X("area.pipeline", "Pipeline") },
		Icon:  theme.IconNameList,
		Roles: []app.Role{app.RoleAgent, app.RoleManager, app.RoleDirector, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return pipeline.New(bookings.NewData(s.Store, s.Session, s.Device), w)
		},
	},
	{
		ID:    "bookings",
		Title: func() string { return lang.X("area.bookings", "Bookings") },
		Icon:  theme.IconNameDocument,
		Roles: []app.Role{app.RoleAgent, app.RoleManager, app.RoleAccountant, app.RoleDirector, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return bookings.New(bookings.NewData(s.Store, s.Session, s.Device), s.Printer, w)
		},
	},
	{
		ID:    "tours",
		Title: func() string { return lang.X("area.tours", "Tours & departures") },
		Icon:  theme.IconNameCalendar,
		Roles: []app.Role{app.RoleOperator, app.RoleManager, app.RoleDirector, app.RoleAccountant, app.RoleAgent, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			var print tours.PrintFunc
			if s.Printer != nil {
				print = func(j tours.PrintJob) (string, error) {
					return s.Printer.Print(customers.PrintJob{Kind: j.Kind, ID: j.ID, Lang: j.Lang, Name: j.Name})
				}
			}
			return tours.New(s.Store, s.Session, print, w)
		},
	},
	{
		ID:    "partners",
		Title: func() string { return lang.X("area.partners", "Partners") },
		Icon:  theme.IconNameStorage,
		Roles: []app.Role{app.RoleOperator, app.RoleAccountant, app.RoleManager, app.RoleDirector, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return partners.New(s.Store, s.Session, w)
		},
	},
	{
		ID:    "payments",
		Title: func() string { return lang.X("area.payments", "Payments") },
		Icon:  theme.IconNameDocument,
		Roles: []app.Role{app.RoleAgent, app.RoleManager, app.RoleDirector, app.RoleAccountant, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return payments.New(payments.Deps{Store: s.Store, Session: s.Session, Printer: s.Printer}, w)
		},
	},
	{
		ID:    "care",
		Title: func() string { return lang.X("area.care", "Care") },
		Icon:  theme.IconNameMailCompose,
		Roles: []app.Role{app.RoleAgent, app.RoleManager, app.RoleMarketing, app.RoleDirector, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return care.New(care.Deps{Store: s.Store, Session: s.Session, Device: s.Device}, w)
		},
	},
	{
		ID:    "reports",
		Title: func() string { return lang.X("area.reports", "Reports") },
		Icon:  theme.IconNameGrid,
		Roles: []app.Role{app.RoleManager, app.RoleDirector, app.RoleAccountant, app.RoleMarketing, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return reports.New(reports.Deps{Store: s.Store, Session: s.Session, Exporter: s.Exporter}, w)
		},
	},
	{
		ID:    "conflicts",
		Title: func() string { return lang.X("area.conflicts", "Conflicts") },
		Icon:  theme.IconNameWarning,
		Roles: everyone,
		Needs: func(s Services) bool { return s.Sync != nil },
		New: func(s Services, w fyne.Window) Screen {
			return syncui.NewConflicts(s.Sync, w)
		},
	},
	{
		ID:    "settings",
		Title: func() string { return lang.X("area.settings", "Settings") },
		Icon:  theme.IconNameSettings,
		Roles: everyone,
		New: func(s Services, w fyne.Window) Screen {
			return settings.New(settings.Deps{Store: s.Store, Session: s.Session, Prefs: s.Prefs, Sync: s.Sync, Server: s.Server, OnApply: s.OnSettings}, w)
		},
	},
}

// AreasFor returns the areas role may see, in sidebar order.
func AreasFor(role app.Role) []Area {
	var out []Area
	for _, a := range Areas {
		for _, r := range a.Roles {
			if r == role {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// historyOf shows a record's history from the office server in w, or is
// nil when the app has no sync (tests of single areas).
func historyOf(s Services, w fyne.Window) func(kind app.Kind, id, name string) {
	if s.Sync == nil {
		return nil
	}
	return func(kind app.Kind, id, name string) { syncui.ShowHistory(w, s.Sync, kind, id, name) }
}
