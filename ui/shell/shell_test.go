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
	"github.com/tourdesk/tourdesk/assets"
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

// TestGuideOpensOnMyDepartures: the window opens on the first area of
// the role's list, so a guide, who sees neither Today nor Customers,
// opens on My departures once that area is in Areas.
func TestGuideOpensOnMyDepartures(t *testing.T) {
	test.NewTempApp(t)
	i18n.Register()
	saved := Areas
	t.Cleanup(func() { Areas = saved })
	mine := &stub{label: widget.NewLabel("my departures")}
	Areas = append([]Area{
		{ID: "today", Title: func() string { return "Today" }, Icon: theme.IconNameHome, Roles: []app.Role{app.RoleAgent, app.RoleManager},
			New: func(Services, fyne.Window) Screen { return &stub{label: widget.NewLabel("today")} }},
		{ID: "mydepartures", Title: func() string { return "My departures" }, Icon: theme.IconNameHome, Roles: []app.Role{app.RoleGuide},
			New: func(Services, fyne.Window) Screen { return mine }},
	}, saved...)
	w := test.NewWindow(nil)
	defer w.Close()
	sh := New(w, Services{Session: service.Session{UserID: "g", Role: app.RoleGuide}})
	w.SetContent(sh.Content())
	if sh.Current() != "mydepartures" {
		t.Errorf("a guide opened on %q, want mydepartures", sh.Current())
	}
	if got := sh.AreaIDs(); slices.Contains(got, "customers") || slices.Contains(got, "conflicts") {
		t.Errorf("guide without sync sees %v (no customers; no conflicts without Services.Sync)", got)
	}
	// Another user logs in on the same window: the sidebar follows.
	sh.SetServices(Services{Session: service.Session{UserID: "a", Role: app.RoleAgent}})
	if sh.Current() != "today" || !slices.Contains(sh.AreaIDs(), "customers") || slices.Contains(sh.AreaIDs(), "mydepartures") {
		t.Errorf("agent after guide: on %q, areas %v", sh.Current(), sh.AreaIDs())
	}
}

func TestThemeVariantAndFonts(t *testing.T) {
	light := NewTheme("light", "en")
	if got, want := light.Color(theme.ColorNameBackground, theme.VariantDark), theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight); got != want {
		t.Errorf("light theme asked for dark background: %v, want the light one %v", got, want)
	}
	dark := NewTheme("dark", "vi")
	if got, want := dark.Color(theme.ColorNameBackground, theme.VariantLight), theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark); got != want {
		t.Errorf("dark theme asked for light background: %v, want the dark one %v", got, want)
	}
	system := NewTheme("system", "en")
	if got, want := system.Color(theme.ColorNameBackground, theme.VariantDark), theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark); got != want {
		t.Errorf("system theme does not follow the variant: %v, want %v", got, want)
	}
	if f := NewTheme("system", "zh").Font(fyne.TextStyle{}); f != assets.CJKResource {
		t.Errorf("Chinese interface font %s, want the bundled CJK font", f.Name())
	}
	if f := NewTheme("system", "zh").Font(fyne.TextStyle{Bold: true}); f != assets.CJKResource {
		t.Errorf("Chinese bold font %s, want the bundled CJK font", f.Name())
	}
	if f := NewTheme("system", "zh").Font(fyne.TextStyle{Monospace: true}); f == assets.CJKResource {
		t.Error("monospace text should keep Fyne's monospace font")
	}
	if f := NewTheme("system", "vi").Font(fyne.TextStyle{}); f != theme.DefaultTheme().Font(fyne.TextStyle{}) {
		t.Errorf("Vietnamese interface font %s, want Fyne's Noto Sans", f.Name())
	}
}

// BenchmarkChineseFirstDraw measures what the CJK font costs a window:
// a fresh app with the Chinese theme drawing a label (parsing the 4.6 MB
// font included, as at start-up), against the default font.
func BenchmarkChineseFirstDraw(b *testing.B) {
	for _, tc := range []struct{ name, lang string }{{"zh", "zh"}, {"en", "en"}} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				a := test.NewApp()
				a.Settings().SetTheme(NewTheme("light", tc.lang))
				w := test.NewWindow(widget.NewLabel("客户 Khách hàng Клиенты customers"))
				w.Canvas().Capture()
				w.Close()
				a.Quit()
			}
		})
	}
}
