package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/shell"
	"github.com/tourdesk/tourdesk/ui/syncui"
)

const (
	office   = "0190c2d4-1111-7000-8000-000000000001"
	password = "mật khẩu đúng 2026"
	lanID    = "0190c2d4-2222-7000-8000-000000000001"
	maiID    = "0190c2d4-2222-7000-8000-000000000003"
	giaID    = "0190c2d4-2222-7000-8000-000000000005"
	custID   = "0190c2d4-3333-7000-8000-000000000001"
)

// syncServer starts the real sync handler over a memory store on
// loopback: an agent, her manager and a guide.
func syncServer(t *testing.T) *httptest.Server {
	t.Helper()
	store := memstore.New()
	hash, err := server.HashPassword(password, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []app.User{
		{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true},
		{ID: maiID, Name: "Phạm Thị Mai", Login: "mai.pham", Role: app.RoleManager, OfficeID: office, Active: true},
		{ID: giaID, Name: "Võ Văn Gia", Login: "gia.vo", Role: app.RoleGuide, OfficeID: office, Active: true},
	} {
		store.PutAccount(server.Account{User: u, PasswordHash: hash})
	}
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// stubScreen stands in for an area whose own tests live elsewhere (they
// load through fyne.Do, which the test driver runs on the loading
// goroutine); it counts reloads.
type stubScreen struct {
	label   *widget.Label
	reloads int
}

func (s *stubScreen) Content() fyne.CanvasObject { return s.label }
func (s *stubScreen) Reload()                    { s.reloads++ }

// device is one computer: a real store in a temporary directory, the
// real backend, the Sync controller and the shell in a test window. The
// controller's results go to queue and the test runs them (drain), so
// every widget change happens on the test goroutine, as in the app.
type device struct {
	t       *testing.T
	dir     string
	store   *localdb.Store
	backend *backend
	sync    *syncui.Sync
	win     fyne.Window
	shell   *shell.Shell
	queue   chan func()
	stubs   map[string]*stubScreen
}

func newDevice(t *testing.T, role app.Role) *device {
	t.Helper()
	dir := t.TempDir()
	store, err := localdb.Open(filepath.Join(dir, "default.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	d := &device{t: t, dir: dir, store: store, queue: make(chan func(), 1024), stubs: map[string]*stubScreen{}}
	d.backend = newBackend(store, dir, client.WithRetries(0, 0))
	d.sync = syncui.New(d.backend, func(f func()) { d.queue <- f }, nil)
	dk := &desk{store: store, sync: d.sync}
	d.win = test.NewWindow(nil)
	t.Cleanup(d.win.Close)
	d.win.Resize(fyne.NewSize(1000, 700))
	d.shell = shell.New(d.win, dk.services(service.Session{UserID: "local", Role: role}))
	d.sync.OnLogin = func(id syncui.Identity) { d.shell.SetServices(dk.services(sessionOf(id))) }
	d.win.SetContent(d.shell.Content())
	return d
}

// drain runs queued UI work until cond holds (10 s at most: a failure,
// not a timing).
func (d *device) drain(cond func() bool) {
	d.t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case f := <-d.queue:
			f()
		case <-deadline:
			d.t.Fatalf("gave up waiting; state %+v", d.sync.State())
		}
	}
}

// syncNow syncs through the controller and waits for the end.
func (d *device) syncNow() syncui.State {
	d.t.Helper()
	d.sync.Now()
	if !d.sync.State().Running {
		d.t.Fatalf("Now started no sync: %+v", d.sync.State())
	}
	d.drain(func() bool { return !d.sync.State().Running })
	return d.sync.State()
}

// login signs in through the backend and the controller, without the
// form.
func (d *device) login(url, user string) {
	d.t.Helper()
	var err error
	done := false
	d.sync.Login(url, user, password, func(e error) { err, done = e, true })
	d.drain(func() bool { return done })
	if err != nil {
		d.t.Fatalf("login %s: %v", user, err)
	}
	d.drain(func() bool { return !d.sync.State().Running })
}

func (d *device) saveCustomer(fields ...any) {
	d.t.Helper()
	values := map[string]json.RawMessage{}
	for i := 0; i+1 < len(fields); i += 2 {
		values[fields[i].(string)], _ = json.Marshal(fields[i+1])
	}
	if err := d.store.Update(func(tx service.Tx) error { _, err := tx.Save(app.KindCustomer, custID, values); return err }); err != nil {
		d.t.Fatal(err)
	}
}

func (d *device) field(name string) string {
	d.t.Helper()
	r, err := d.store.Get(app.KindCustomer, custID)
	if err != nil {
		d.t.Fatalf("customer: %v", err)
	}
	return string(r.Fields[name].Value)
}

// stubAreas replaces every area but Conflicts (which loads through the
// controller's queue) with a stub, keeping ids, roles and order.
func stubAreas(t *testing.T, devices func() []*device) {
	saved := shell.Areas
	t.Cleanup(func() { shell.Areas = saved })
	var areas []shell.Area
	for _, a := range saved {
		if a.ID != "conflicts" {
			id := a.ID
			a.New = func(s shell.Services, w fyne.Window) shell.Screen {
				st := &stubScreen{label: widget.NewLabel(id)}
				for _, d := range devices() {
					if d.win == w {
						d.stubs[id] = st
					}
				}
				return st
			}
		}
		areas = append(areas, a)
	}
	shell.Areas = areas
}

func setup(t *testing.T) {
	test.NewTempApp(t)
	i18n.Register()
	i18n.SetLanguage("en")
}

func TestLoginShowsErrorThenFollowsTheRole(t *testing.T) {
	setup(t)
	ts := syncServer(t)
	var all []*device
	stubAreas(t, func() []*device { return all })
	d := newDevice(t, app.RoleAgent)
	all = append(all, d)

	if got := d.shell.AreaIDs(); !slices.Contains(got, "customers") {
		t.Fatalf("offline agent's sidebar %v lacks customers", got)
	}
	if bar := d.shell.Bar; !bar.LogIn.Visible() || bar.SyncNow.Visible() || !strings.Contains(bar.Status.Text, "log in") {
		t.Errorf("not logged in: Log in shown %v, Sync shown %v, status %q", bar.LogIn.Visible(), bar.SyncNow.Visible(), bar.Status.Text)
	}

	form := d.shell.ShowLogin()
	if form == nil {
		t.Fatal("no login form")
	}
	test.Type(form.Server, ts.URL)
	test.Type(form.User, "gia.vo")
	test.Type(form.Password, "sai mật khẩu")
	test.Tap(form.Submit)
	d.drain(func() bool {
		return form.Message.Visible() && strings.Contains(form.Message.Text, "Wrong user name or password")
	})
	if form.User.Text != "gia.vo" || form.Server.Text != ts.URL {
		t.Errorf("the form lost what was typed: server %q, user %q", form.Server.Text, form.User.Text)
	}
	if _, err := os.Stat(filepath.Join(d.dir, session.File)); !os.IsNotExist(err) {
		t.Errorf("a refused login saved a session: %v", err)
	}
	if got := d.shell.AreaIDs(); !slices.Contains(got, "customers") {
		t.Errorf("a refused login changed the sidebar: %v", got)
	}

	form.Password.SetText("")
	test.Type(form.Password, password)
	test.Tap(form.Submit)
	d.drain(func() bool { return d.sync.State().LoggedIn && !d.sync.State().Running })

	want := []string{}
	for _, a := range shell.AreasFor(app.RoleGuide) {
		want = append(want, a.ID)
	}
	if got := d.shell.AreaIDs(); !slices.Equal(got, want) || slices.Contains(got, "customers") {
		t.Errorf("guide's sidebar %v, want %v (no customers)", got, want)
	}
	if got := d.shell.Current(); got != want[0] {
		t.Errorf("guide's app opened on %q, want the first of the role's areas %q", got, want[0])
	}
	st := d.sync.State()
	if st.Identity.UserID != giaID || st.Identity.Role != app.RoleGuide || st.LastSync.IsZero() || st.Offline {
		t.Errorf("after login: %+v", st)
	}
	raw, err := os.ReadFile(filepath.Join(d.dir, session.File))
	var saved session.Session
	if err != nil || json.Unmarshal(raw, &saved) != nil || saved.UserID != giaID || saved.Role != app.RoleGuide || saved.DeviceID != d.store.DeviceID() {
		t.Errorf("session file %s, %v", raw, err)
	}
	if fi, err := os.Stat(filepath.Join(d.dir, session.File)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("session file mode: %v %v", fi, err)
	}
	if bar := d.shell.Bar; bar.LogIn.Visible() || !bar.SyncNow.Visible() || !strings.Contains(bar.Status.Text, "Võ Văn Gia") {
		t.Errorf("logged in: Log in shown %v, Sync shown %v, status %q", bar.LogIn.Visible(), bar.SyncNow.Visible(), bar.Status.Text)
	}

	// The next start reads the saved session: same user, no login.
	again := newBackend(d.store, d.dir)
	if id, ok := again.Identity(); !ok || id.UserID != giaID || id.Role != app.RoleGuide {
		t.Errorf("saved session read back as %+v, %v", id, ok)
	}
}

func TestSyncWithServerReloadsAreas(t *testing.T) {
	setup(t)
	ts := syncServer(t)
	var all []*device
	stubAreas(t, func() []*device { return all })
	lan, mai := newDevice(t, app.RoleAgent), newDevice(t, app.RoleAgent)
	all = append(all, lan, mai)
	lan.login(ts.URL, "lan.nguyen")
	mai.login(ts.URL, "mai.pham")

	lan.saveCustomer("name", "Nguyễn Văn An", "owner_id", lanID, "office_id", office, "phones", []string{"+84901234567"}, "stage", "customer")
	st := lan.syncNow()
	if st.Err != "" || st.Offline || st.Last.Pushed != 1 || st.LastSync.IsZero() {
		t.Fatalf("lan's sync: %+v", st)
	}
	if !strings.Contains(lan.shell.Bar.Status.Text, "Last sync") {
		t.Errorf("status after sync: %q", lan.shell.Bar.Status.Text)
	}

	// Mai's Customers screen is built; her sync brings Lan's customer and
	// tells the screens to reload.
	mai.shell.Show("customers")
	before := mai.stubs["customers"].reloads
	st = mai.syncNow()
	if st.Last.Pulled < 1 || st.Last.Applied < 1 {
		t.Fatalf("mai's sync: %+v", st.Last)
	}
	if got := mai.field("name"); got != `"Nguyễn Văn An"` {
		t.Errorf("mai's store: name %s", got)
	}
	if got := mai.stubs["customers"].reloads; got != before+1 {
		t.Errorf("customers reloaded %d times after a sync that brought data, want %d", got, before+1)
	}
	// A sync that brings nothing reloads nothing.
	mai.syncNow()
	if got := mai.stubs["customers"].reloads; got != before+1 {
		t.Errorf("an empty sync reloaded the screens (%d)", got)
	}
}

func TestOfflineIndicatorWhenServerIsDown(t *testing.T) {
	setup(t)
	ts := syncServer(t)
	var all []*device
	stubAreas(t, func() []*device { return all })
	d := newDevice(t, app.RoleAgent)
	all = append(all, d)
	d.login(ts.URL, "lan.nguyen")
	if d.sync.State().Offline {
		t.Fatal("offline while the server is up")
	}
	ts.Close()

	d.saveCustomer("name", "Trần Văn Bình", "owner_id", lanID, "office_id", office, "stage", "lead")
	st := d.syncNow()
	if !st.Offline || st.NeedLogin || !st.LoggedIn {
		t.Fatalf("server down: %+v", st)
	}
	bar := d.shell.Bar
	if !strings.HasPrefix(bar.Status.Text, "Offline") || bar.Progress.Visible() || bar.SyncNow.Disabled() {
		t.Errorf("bar: status %q, progress shown %v, Sync disabled %v", bar.Status.Text, bar.Progress.Visible(), bar.SyncNow.Disabled())
	}
	if out, err := d.store.Outbox(10); err != nil || len(out) != 1 {
		t.Errorf("the change made offline should wait in the outbox: %d, %v", len(out), err)
	}

	// The login form says the server cannot be reached.
	form := syncui.ShowLogin(d.win, d.sync, ts.URL)
	test.Type(form.User, "lan.nguyen")
	test.Type(form.Password, password)
	test.Tap(form.Submit)
	d.drain(func() bool {
		return form.Message.Visible() && strings.Contains(form.Message.Text, "Cannot reach the server")
	})

	// History needs the server.
	h := syncui.ShowHistory(d.win, d.sync, app.KindCustomer, custID, "Trần Văn Bình")
	d.drain(func() bool { return strings.Contains(h.Status.Text, "kept on the server") })
}

func TestConflictRestoreAndHistory(t *testing.T) {
	setup(t)
	ts := syncServer(t)
	var all []*device
	stubAreas(t, func() []*device { return all })
	lan, mai := newDevice(t, app.RoleAgent), newDevice(t, app.RoleAgent)
	all = append(all, lan, mai)
	lan.login(ts.URL, "lan.nguyen")
	mai.login(ts.URL, "mai.pham")
	lan.saveCustomer("name", "Nguyễn Văn An", "owner_id", lanID, "office_id", office, "stage", "customer")
	lan.syncNow()
	mai.syncNow()

	// Both change the name offline; Mai's later change reaches the
	// server first and wins; Lan's value goes to her conflict log.
	lan.saveCustomer("name", "Nguyễn Văn Anh")
	time.Sleep(5 * time.Millisecond) // a later stamp for Mai
	mai.saveCustomer("name", "Nguyễn Văn Ân")
	mai.syncNow()
	st := lan.syncNow()
	if st.Conflicts != 1 {
		t.Fatalf("lan's conflicts after the clash: %+v", st)
	}
	badge := lan.shell.Bar.Conflicts
	if !badge.Visible() || badge.Text != "1 conflict" {
		t.Errorf("badge shown %v, text %q", badge.Visible(), badge.Text)
	}
	test.Tap(badge)
	if lan.shell.Current() != "conflicts" {
		t.Fatalf("the badge opened %q", lan.shell.Current())
	}
	view := lan.shell.Screen("conflicts").(*syncui.Conflicts)
	lan.drain(func() bool { return len(view.Items) == 1 })
	c := view.Items[0]
	if c.Field != "name" || syncui.Value(c.Mine) != "Nguyễn Văn Anh" || syncui.Value(c.Kept) != "Nguyễn Văn Ân" || c.Record != "Nguyễn Văn Ân" || c.Restored {
		t.Fatalf("conflict %+v", c)
	}
	if got := lan.field("name"); got != `"Nguyễn Văn Ân"` {
		t.Fatalf("lan's store before restore: %s", got)
	}

	// Restore: Lan's value is written again and the sync that follows
	// sends it, so Mai gets it too.
	view.Restore(c.Seq)
	lan.drain(func() bool {
		return len(view.Items) == 1 && view.Items[0].Restored && lan.sync.State().Conflicts == 0 && !lan.sync.State().Running && lan.sync.State().Last.Pushed == 1
	})
	if got := lan.field("name"); got != `"Nguyễn Văn Anh"` {
		t.Errorf("lan's store after restore: %s", got)
	}
	if badge.Visible() {
		t.Error("the badge is still shown with no conflict left")
	}
	mai.syncNow()
	if got := mai.field("name"); got != `"Nguyễn Văn Anh"` {
		t.Errorf("mai's store after lan's restore: %s", got)
	}

	// The record's history from the server: the three names, who wrote
	// them (users' names when the store has their records, else ids).
	h := syncui.ShowHistory(lan.win, lan.sync, app.KindCustomer, custID, "Nguyễn Văn Anh")
	lan.drain(func() bool {
		return len(h.Entries) > 0 || strings.Contains(h.Status.Text, "server") && !strings.Contains(h.Status.Text, "Asking")
	})
	var names, lost []string
	for _, e := range h.Entries {
		switch {
		case e.Field == "name" && e.Superseded:
			lost = append(lost, syncui.Value(e.New))
		case e.Field == "name":
			who := e.User
			if who == lanID || who == maiID { // a server that sends no user_name
				who = map[string]string{lanID: "Nguyễn Thị Lan", maiID: "Phạm Thị Mai"}[who]
			}
			names = append(names, syncui.Value(e.New)+" by "+who)
		}
	}
	if want := []string{"Nguyễn Văn An by Nguyễn Thị Lan", "Nguyễn Văn Ân by Phạm Thị Mai", "Nguyễn Văn Anh by Nguyễn Thị Lan"}; !slices.Equal(names, want) {
		t.Errorf("history of name: %v, want %v (status %q)", names, want, h.Status.Text)
	}
	if want := []string{"Nguyễn Văn Anh"}; !slices.Equal(lost, want) {
		t.Errorf("superseded names in the history: %v, want %v (Lan's first push lost to Mai's)", lost, want)
	}
}

// TestSessionForAnotherDataFileIsIgnored: a session.json written for
// another device is not used (the data file was replaced).
func TestSessionForAnotherDataFileIsIgnored(t *testing.T) {
	dir := t.TempDir()
	store, err := localdb.Open(filepath.Join(dir, "default.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	s := &session.Session{Server: "http://127.0.0.1:1", Token: "t", DeviceID: "another", UserID: lanID, Role: app.RoleAgent}
	if err := session.Write(dir, *s); err != nil {
		t.Fatal(err)
	}
	if _, ok := newBackend(store, dir).Identity(); ok {
		t.Error("used a session of another data file")
	}
	s.DeviceID = store.DeviceID()
	session.Write(dir, *s)
	if id, ok := newBackend(store, dir).Identity(); !ok || id.UserID != lanID {
		t.Errorf("own session: %+v %v", id, ok)
	}
}
