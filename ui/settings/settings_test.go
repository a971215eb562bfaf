package settings

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

type harness struct {
	*uitest.UI
	t     *testing.T
	store *localdb.Store
	prefs fyne.Preferences
	area  *Area
	win   fyne.Window
}

func open(t *testing.T, role app.Role) *harness {
	t.Helper()
	u := uitest.New(t)
	i18n.SetLanguage("en")
	store := localdbtest.Open(t)
	h := &harness{UI: u, t: t, store: store, prefs: fyne.CurrentApp().Preferences()}
	h.win = h.Window()
	h.win.Resize(fyne.NewSize(900, 700))
	h.area = NewForTest(Deps{Store: store, Session: service.Session{UserID: "u1", Role: role}, Prefs: h.prefs, Server: "http://10.0.0.5:8700"}, h.win, h.Do)
	h.win.SetContent(h.area.Content())
	h.WaitFor("the company settings", func() bool { return h.area.company != nil })
	return h
}

func (h *harness) stored() (*app.CompanySettings, bool) {
	h.t.Helper()
	c, err := service.Load[app.CompanySettings](h.store, app.CompanySettingsID)
	if err != nil {
		return nil, false
	}
	return c, true
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCompanyValidationSavesNothingThenSaves(t *testing.T) {
	h := open(t, app.RoleAdmin)
	a := h.area
	if !a.Save.Visible() || a.Save.Disabled() || a.Fields["company_name"].Disabled() {
		t.Fatal("an administrator cannot edit the company")
	}
	test.Type(a.Fields["company_name"], "Du Lịch Sen Vàng")
	test.Type(a.Fields["email"], "info@")
	test.Type(a.Fields["phone"], "12")
	test.Type(a.Fields["country"], "vn")
	a.SetLogoBytes([]byte("GIF89a not a png"))
	test.Tap(a.Save)

	for _, f := range []string{"email", "phone", "logo"} {
		if a.ErrorText(f) == "" {
			t.Errorf("no message beside %s", f)
		}
	}
	if a.ErrorText("company_name") != "" {
		t.Errorf("company_name flagged: %q", a.ErrorText("company_name"))
	}
	if _, ok := h.stored(); ok {
		t.Fatal("bad input was saved")
	}
	if a.Fields["email"].Text != "info@" || a.Fields["company_name"].Text != "Du Lịch Sen Vàng" {
		t.Error("the form lost what was typed")
	}

	// Typing in a field clears its message.
	test.Type(a.Fields["email"], "senvang.vn")
	if a.ErrorText("email") != "" {
		t.Errorf("email message kept after an edit: %q", a.ErrorText("email"))
	}
	a.Fields["phone"].SetText("028 3823 4567")
	logo := pngBytes(t)
	a.SetLogoBytes(logo)
	test.Type(a.Fields["licence_number"], "79-123/2020/TCDL-GP LHQT")
	test.Type(a.Fields["bank_account"], "Vietcombank CN Sài Gòn, 0071 0001 23456")
	test.Tap(a.Save)
	h.WaitFor("the save", func() bool { _, ok := h.stored(); return ok && a.Message.Text != "Saving…" })

	c, _ := h.stored()
	if c.CompanyName != "Du Lịch Sen Vàng" || c.Email != "info@senvang.vn" || c.Phone != "+842838234567" || c.Country != "VN" ||
		c.LicenceNumber != "79-123/2020/TCDL-GP LHQT" || c.DefaultCurrency != "VND" || c.Logo != base64.StdEncoding.EncodeToString(logo) {
		t.Errorf("stored %+v", c)
	}
	if a.Fields["phone"].Text != "+842838234567" {
		t.Errorf("the form shows phone %q after saving, want the stored +842838234567", a.Fields["phone"].Text)
	}

	// A second bad save changes nothing stored.
	a.Fields["default_currency"].SetText("dong")
	test.Tap(a.Save)
	if a.ErrorText("default_currency") == "" {
		t.Error("no message beside default_currency")
	}
	if c2, _ := h.stored(); c2.DefaultCurrency != "VND" {
		t.Errorf("bad currency stored: %q", c2.DefaultCurrency)
	}
}

func TestCompanyReadOnlyForOthers(t *testing.T) {
	h := open(t, app.RoleAgent)
	if h.area.Save.Visible() || !h.area.Fields["company_name"].Disabled() || !h.area.LogoPick.Disabled() {
		t.Error("an agent may edit the company's identity")
	}
	h.area.SaveCompany()
	if _, ok := h.stored(); ok {
		t.Error("an agent's save wrote the company record")
	}
	if len(h.area.tabs.Items) != 2 {
		t.Errorf("an agent sees %d tabs, want 2 (no Users)", len(h.area.tabs.Items))
	}
}

func TestComputerPreferences(t *testing.T) {
	h := open(t, app.RoleAdmin)
	a := h.area
	if a.Server.Text != "http://10.0.0.5:8700" {
		t.Errorf("server prefilled %q", a.Server.Text)
	}
	if Interval(h.prefs) != DefaultInterval*time.Minute {
		t.Errorf("default interval %v", Interval(h.prefs))
	}
	applied := 0
	a.deps.OnApply = func() { applied++ }

	a.Server.SetText("sync.example.vn")
	a.IntervalSel.SetSelectedIndex(2) // 15 minutes
	test.Tap(a.SaveLocal)
	if h.prefs.String(PrefServer) != "" || h.prefs.IntWithFallback(PrefInterval, -1) != -1 || applied != 0 {
		t.Errorf("a bad address saved something: server %q, interval %d, applied %d", h.prefs.String(PrefServer), h.prefs.IntWithFallback(PrefInterval, -1), applied)
	}
	if a.LocalMessage.Text == "" {
		t.Error("no message for a bad server address")
	}

	a.Server.SetText("https://sync.example.vn/")
	a.LanguageSel.SetSelectedIndex(1) // Tiếng Việt
	a.ThemeSel.SetSelectedIndex(2)    // dark
	test.Tap(a.SaveLocal)
	if got := h.prefs.String(PrefServer); got != "https://sync.example.vn" {
		t.Errorf("server %q", got)
	}
	if got := Interval(h.prefs); got != 15*time.Minute {
		t.Errorf("interval %v", got)
	}
	if h.prefs.String(PrefLanguage) != "vi" || h.prefs.String(PrefTheme) != "dark" || applied != 1 {
		t.Errorf("language %q, theme %q, applied %d", h.prefs.String(PrefLanguage), h.prefs.String(PrefTheme), applied)
	}
	if want := "A new language applies when TourDesk is started again."; !bytes.Contains([]byte(a.LocalMessage.Text), []byte(want)) {
		t.Errorf("message %q should say the language applies after a restart", a.LocalMessage.Text)
	}
}

func TestUsersListForAdmins(t *testing.T) {
	test.NewTempApp(t)
	store := localdbtest.Open(t)
	for _, u := range []app.User{
		{Name: "Phạm Thị Mai", Login: "mai.pham", Role: app.RoleManager, OfficeID: "0190c2d4-1111-7000-8000-000000000001", Active: true},
		{Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: "0190c2d4-1111-7000-8000-000000000001", Active: false},
	} {
		u := u
		id := "0190c2d4-2222-7000-8000-00000000000" + map[string]string{"mai.pham": "3", "lan.nguyen": "1"}[u.Login]
		if err := store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, id, &u); return err }); err != nil {
			t.Fatal(err)
		}
	}
	queue := make(chan func(), 16)
	w := test.NewWindow(nil)
	defer w.Close()
	a := NewForTest(Deps{Store: store, Session: service.Session{Role: app.RoleAdmin}}, w, func(f func()) { queue <- f })
	(<-queue)()
	if len(a.Users) != 2 || a.Users[0].Name != "Nguyễn Thị Lan" || a.Users[1].Name != "Phạm Thị Mai" {
		t.Fatalf("users %v", a.Users)
	}
	if a.UsersList.Length() != 2 {
		t.Errorf("list shows %d users", a.UsersList.Length())
	}
}
