package shell

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

func TestAreasForRole(t *testing.T) {
	ids := func(as []Area) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	if got := ids(AreasFor(app.RoleAgent)); !slices.Contains(got, "customers") {
		t.Errorf("an agent sees %v, want customers among them", got)
	}
	if got := ids(AreasFor(app.RoleGuide)); slices.Contains(got, "customers") {
		t.Errorf("a guide sees %v: guides see only their departures", got)
	}
	seen := map[string]bool{}
	for _, a := range Areas {
		if seen[a.ID] || a.ID == "" || a.Title == nil || a.New == nil || len(a.Roles) == 0 {
			t.Errorf("area %q: duplicate id or missing title, constructor or roles", a.ID)
		}
		seen[a.ID] = true
	}
}

// stub is a Screen that counts what the shell asks of it.
type stub struct {
	label    *widget.Label
	shortcut int
	reloads  int
}

func (s *stub) Content() fyne.CanvasObject { return s.label }
func (s *stub) Reload()                    { s.reloads++ }
func (s *stub) Shortcuts() map[fyne.Shortcut]func() {
	return map[fyne.Shortcut]func(){
		&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}: func() { s.shortcut++ },
	}
}

func TestShellShowsOnlyTheRolesAreasAndMovesShortcuts(t *testing.T) {
	test.NewTempApp(t)
	i18n.Register()
	one, two := &stub{label: widget.NewLabel("one")}, &stub{label: widget.NewLabel("two")}
	saved := Areas
	t.Cleanup(func() { Areas = saved })
	Areas = []Area{
		{ID: "one", Title: func() string { return "One" }, Icon: theme.IconNameHome, Roles: []app.Role{app.RoleAgent},
			New: func(Services, fyne.Window) Screen { return one }},
		{ID: "secret", Title: func() string { return "Secret" }, Icon: theme.IconNameHome, Roles: []app.Role{app.RoleAdmin},
			New: func(Services, fyne.Window) Screen { t.Error("built an area the role may not see"); return one }},
		{ID: "two", Title: func() string { return "Two" }, Icon: theme.IconNameHome, Roles: []app.Role{app.RoleAgent, app.RoleAdmin},
			New: func(Services, fyne.Window) Screen { return two }},
	}
	w := test.NewWindow(nil)
	defer w.Close()
	sh := New(w, Services{Session: service.Session{UserID: "u", Role: app.RoleAgent}})
	w.SetContent(sh.Content())
	sh.Start()

	if got := sh.sidebar.Length(); got != 2 {
		t.Fatalf("sidebar has %d areas, want 2 (one, two)", got)
	}
	if sh.current != "one" {
		t.Errorf("opened on %q, want the first area", sh.current)
	}
	press := func() {
		w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	}
	press()
	sh.Show("secret") // not this role's: ignored
	sh.Show("two")
	press()
	if one.shortcut != 1 || two.shortcut != 1 {
		t.Errorf("shortcut reached one %d times and two %d times, want once each", one.shortcut, two.shortcut)
	}
	sh.Reload()
	if one.reloads != 1 || two.reloads != 1 {
		t.Errorf("reloads: one %d, two %d; want 1 each", one.reloads, two.reloads)
	}
}
