package shell

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	gotext "github.com/go-text/typesetting/font"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/syncui"
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
// opens on My departures. The real list of areas, each built as a stub.
func TestGuideOpensOnMyDepartures(t *testing.T) {
	test.NewTempApp(t)
	i18n.Register()
	saved := Areas
	t.Cleanup(func() { Areas = saved })
	Areas = nil
	for _, a := range saved {
		id := a.ID
		a.New = func(Services, fyne.Window) Screen { return &stub{label: widget.NewLabel(id)} }
		Areas = append(Areas, a)
	}
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
	agent := AreasFor(app.RoleAgent)
	if sh.Current() != agent[0].ID || !slices.Contains(sh.AreaIDs(), "customers") || slices.Contains(sh.AreaIDs(), "mydepartures") {
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
	for _, language := range []string{"en", "vi", "zh"} {
		th := NewTheme("system", language)
		if f := th.Font(fyne.TextStyle{}); f != SansRegular {
			t.Errorf("%s: regular font %s, want TourDesk Sans", language, f.Name())
		}
		if f := th.Font(fyne.TextStyle{Bold: true}); f != SansBold {
			t.Errorf("%s: bold font %s, want TourDesk Sans Bold", language, f.Name())
		}
		if f := th.Font(fyne.TextStyle{Monospace: true}); f != theme.DefaultTheme().Font(fyne.TextStyle{Monospace: true}) {
			t.Errorf("%s: monospace font %s, want Fyne's", language, f.Name())
		}
	}
	if f := NewTheme("system", "vi").Font(fyne.TextStyle{Italic: true}); f != theme.DefaultTheme().Font(fyne.TextStyle{Italic: true}) {
		t.Errorf("Vietnamese italic %s, want Fyne's italic", f.Name())
	}
	if f := NewTheme("system", "zh").Font(fyne.TextStyle{Italic: true}); f != SansRegular {
		t.Errorf("Chinese italic %s, want TourDesk Sans", f.Name())
	}
}

// TestSansCoversEveryScript checks TourDesk Sans has a real glyph (not
// .notdef) for every letter of names in Vietnamese, Russian and Chinese,
// in both weights, read the way Fyne reads fonts (go-text).
func TestSansCoversEveryScript(t *testing.T) {
	for name, data := range map[string][]byte{"regular": sansRegular, "bold": sansBold} {
		face, err := gotext.ParseTTF(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, text := range []string{"Nguyễn Thị Minh Khai Đà Nẵng ư ơ ặ ỹ", "Иванов Сергей Ёлкин", "王伟 李娜 張偉 客户 出发团，（）"} {
			for _, r := range text {
				if r == ' ' {
					continue
				}
				if g, ok := face.NominalGlyph(r); !ok || g == 0 {
					t.Errorf("%s: no glyph for %q (U+%04X)", name, r, r)
				}
			}
		}
	}
}

// BenchmarkFirstDraw measures what TourDesk Sans (3.3 MB per weight)
// costs a window: a fresh app drawing a label in the regular and the bold
// face (parsing the fonts included, as at start-up), against Fyne's
// default theme (its Noto Sans, CJK drawn as boxes in tests).
func BenchmarkFirstDraw(b *testing.B) {
	for _, tc := range []struct {
		name string
		th   fyne.Theme
	}{{"tourdesk-sans", NewTheme("light", "vi")}, {"fyne-default", theme.DefaultTheme()}} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				a := test.NewApp()
				a.Settings().SetTheme(tc.th)
				w := test.NewWindow(container.NewVBox(widget.NewLabel("客户 Khách hàng Клиенты customers"), widget.NewLabelWithStyle("王伟 Nguyễn", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
				w.Canvas().Capture()
				w.Close()
				a.Quit()
			}
		})
	}
}

// countingBackend counts syncs (syncui's own tests cover the rest).
type countingBackend struct{ syncs chan struct{} }

func (b *countingBackend) Identity() (syncui.Identity, bool) {
	return syncui.Identity{Role: app.RoleAgent}, true
}
func (b *countingBackend) Login(context.Context, string, string, string) (syncui.Identity, error) {
	return syncui.Identity{}, syncui.ErrUnauthorized
}
func (b *countingBackend) Sync(context.Context, func(syncui.Progress)) (syncui.Result, error) {
	b.syncs <- struct{}{}
	return syncui.Result{}, nil
}
func (b *countingBackend) Conflicts() ([]syncui.Conflict, error) { return nil, nil }
func (b *countingBackend) Restore(uint64) error                  { return nil }
func (b *countingBackend) History(context.Context, app.Kind, string) ([]syncui.HistoryEntry, error) {
	return nil, nil
}

// TestSyncShortcut: Ctrl+R starts a sync whatever area is shown, and the
// status bar and the Conflicts area come with Services.Sync.
func TestSyncShortcut(t *testing.T) {
	test.NewTempApp(t)
	i18n.Register()
	saved := Areas
	t.Cleanup(func() { Areas = saved })
	Areas = nil
	for _, a := range saved {
		id := a.ID
		if id != "conflicts" {
			a.New = func(Services, fyne.Window) Screen { return &stub{label: widget.NewLabel(id)} }
		}
		Areas = append(Areas, a)
	}
	b := &countingBackend{syncs: make(chan struct{}, 4)}
	queue := make(chan func(), 16)
	sy := syncui.New(b, func(f func()) { queue <- f }, nil)
	w := test.NewWindow(nil)
	defer w.Close()
	sh := New(w, Services{Session: service.Session{UserID: "a", Role: app.RoleAgent}, Sync: sy})
	w.SetContent(sh.Content())
	if sh.Bar == nil || !slices.Contains(sh.AreaIDs(), "conflicts") {
		t.Fatalf("with Sync: bar %v, areas %v", sh.Bar, sh.AreaIDs())
	}
	w.Canvas().(fyne.Shortcutable).TypedShortcut(SyncShortcut)
	<-b.syncs
	for sy.State().Running {
		(<-queue)()
	}
}
