package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/customers"
)

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
}

// Areas lists the sidebar in order. Each later area is one more line
// here, added when the area exists (DESIGN.md: Today, Customers,
// Pipeline, Bookings, Tours & departures, Partners, Payments, Care,
// Reports, Settings; a guide opens on My departures). An area that is
// not built yet is absent, never a placeholder.
var Areas = []Area{
	{
		ID:    "customers",
		Title: func() string { return lang.X("area.customers", "Customers") },
		Icon:  theme.IconNameAccount,
		Roles: []app.Role{app.RoleAgent, app.RoleManager, app.RoleDirector, app.RoleAccountant, app.RoleMarketing, app.RoleAdmin},
		New: func(s Services, w fyne.Window) Screen {
			return customers.New(s.Customers, s.Bookings, s.Printer, w)
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
