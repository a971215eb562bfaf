package mydepartures

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

const (
	office   = "0190c2d4-1111-7000-8000-000000000001"
	password = "mật khẩu đúng 2026"
	adminID  = "0190c2d4-2222-7000-8000-000000000001"
	opID     = "0190c2d4-2222-7000-8000-000000000002"
	guideID  = "0190c2d4-2222-7000-8000-000000000003"
	tourID   = "0190c2d4-4444-7000-8000-000000000001"
	depID    = "0190c2d4-5555-7000-8000-000000000001"
	custID   = "0190c2d4-3333-7000-8000-000000000001"
	bookID   = "0190c2d4-6666-7000-8000-000000000001"
	anID     = "0190c2d4-7777-7000-8000-000000000001"
	binhID   = "0190c2d4-7777-7000-8000-000000000002"
)

// today is the test's day: the second day of the departure.
var today = app.Date{Year: 2026, Month: 12, Day: 2}

// local is a localdb store seen as sync/client's LocalStore, the same
// conversions as cmd/internal/localsync (which only cmd may import).
type local struct{ db *localdb.Store }

func (s local) DeviceID() string { return s.db.DeviceID() }
func (s local) Outbox(limit int) ([]protocol.Change, error) {
	out, err := s.db.Outbox(limit)
	changes := make([]protocol.Change, len(out))
	for i, c := range out {
		changes[i] = protocol.Change(c)
	}
	return changes, err
}
func (s local) LastDeviceSeq() (uint64, error) { return s.db.LastDeviceSeq() }
func (s local) Settle(upto uint64, rejected, refused map[uint64]client.Reason) error {
	conv := func(in map[uint64]client.Reason) map[uint64]localdb.Reason {
		out := map[uint64]localdb.Reason{}
		for k, v := range in {
			out[k] = localdb.Reason(v)
		}
		return out
	}
	_, err := s.db.SettleRefused(upto, conv(rejected), conv(refused))
	return err
}
func (s local) LogSuperseded(ss []client.Superseded) (int, error) {
	in := make([]localdb.Superseded, len(ss))
	for i, e := range ss {
		in[i] = localdb.Superseded(e)
	}
	added, err := s.db.LogSuperseded(in)
	return len(added), err
}
func (s local) ApplyRemote(recs []record.Record, whole []protocol.Ref, limit time.Time) (int, int, error) {
	p := localdb.Pulled{Records: recs, ClockLimit: limit}
	for _, r := range whole {
		p.Whole = append(p.Whole, localdb.Ref(r))
	}
	n, c, err := s.db.ApplyPull(p)
	return n, len(c), err
}
func (s local) Revoke(refs []protocol.Ref) (int, []protocol.Ref, error) {
	in := make([]localdb.Ref, len(refs))
	for i, r := range refs {
		in[i] = localdb.Ref(r)
	}
	n, b, err := s.db.Revoke(in)
	var out []protocol.Ref
	for _, r := range b {
		out = append(out, protocol.Ref(r))
	}
	return n, out, err
}
func (s local) SyncCursor() (string, error)           { return s.db.SyncCursor() }
func (s local) SetSyncCursor(c string) error          { return s.db.SetSyncCursor(c) }
func (s local) RewindClock(l time.Time) (bool, error) { return s.db.RewindClock(l) }

// device is one computer: its own store and a sync client logged in as
// its user.
type device struct {
	t      *testing.T
	login  string
	store  *localdb.Store
	client *client.Client
}

func newDevice(t *testing.T, login string) *device {
	t.Helper()
	return &device{t: t, login: login, store: localdbtest.Open(t)}
}

// connect logs the device in to the server at url (a new client, as the
// app makes after the server address changed).
func (d *device) connect(url string) {
	d.t.Helper()
	c, err := client.New(url, client.WithRetries(0, 0))
	if err != nil {
		d.t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), d.login, password, d.store.DeviceID()); err != nil {
		d.t.Fatalf("login %s: %v", d.login, err)
	}
	d.client = c
}

func (d *device) sync() (client.Summary, error) {
	return d.client.Sync(context.Background(), local{d.store}, nil)
}

// seed stores on the admin's device what head office prepared: a tour,
// its departure (guided by the guide, 2026-12-01 to 12-04) and a booking
// at deposit with two travelers on the group list.
func seed(t *testing.T, s service.Store) {
	t.Helper()
	err := s.Update(func(tx service.Tx) error {
		for _, e := range []struct {
			id string
			e  app.Entity
		}{
			{tourID, &app.Tour{Code: "DAD-4D3N", Name: "Đà Nẵng – Hội An", Days: 4, Nights: 3, PriceAdult: money.New(6_900_000, "VND")}},
			{depID, &app.Departure{TourID: tourID, Code: "DAD-2026-12-01", StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4}, Capacity: 20, MinTravelers: 1, GuideIDs: []string{guideID}, Status: app.DepartureConfirmed}},
			{custID, &app.Customer{Type: app.Person, Name: "Nguyễn Văn An", Phones: []string{"+84901234567"}, Stage: app.StageCustomer, OwnerID: adminID, OfficeID: office}},
		} {
			if _, err := service.StoreEntity(tx, e.id, e.e); err != nil {
				return err
			}
		}
		raw := func(kv ...any) map[string]json.RawMessage {
			m := map[string]json.RawMessage{}
			for i := 0; i < len(kv); i += 2 {
				b, _ := json.Marshal(kv[i+1])
				m[kv[i].(string)] = b
			}
			return m
		}
		if _, err := tx.Save(app.KindBooking, bookID, raw("customer_id", custID, "owner_id", adminID, "office_id", office, "status", "deposit", "currency", "VND",
			"code", "BK-2026-000001", "destination", "Đà Nẵng", "start_date", "2026-12-01", "end_date", "2026-12-04", "departure_id", depID, "tour_id", tourID)); err != nil {
			return err
		}
		for id, name := range map[string]string{anID: "Nguyễn Văn An", binhID: "Trần Thị Bình"} {
			if _, err := tx.Save(app.KindTraveler, id, raw("booking_id", bookID, "departure_id", depID, "name", name, "type", "adult", "phone", "+84901234567")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGuideChecksInWithServerDown: the guide's laptop has its departure
// from a sync; the server goes down; the guide checks a traveler in: the
// check-in is stored and shown; the sync fails; a server over the same
// store comes back, the guide's sync delivers the check-in, and head
// office's operator sees it after theirs.
func TestGuideChecksInWithServerDown(t *testing.T) {
	u := uitest.New(t)
	i18n.SetLanguage("en")

	store := memstore.New()
	hash, err := server.HashPassword(password, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []app.User{
		{ID: adminID, Name: "Admin", Login: "admin", Role: app.RoleAdmin, Active: true},
		{ID: opID, Name: "Đỗ Văn Tú", Login: "tu.do", Role: app.RoleOperator, OfficeID: office, Active: true},
		{ID: guideID, Name: "Võ Văn Gia", Login: "gia.vo", Role: app.RoleGuide, OfficeID: office, Active: true},
	} {
		store.PutAccount(server.Account{User: u, PasswordHash: hash})
	}
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	admin := newDevice(t, "admin")
	seed(t, admin.store)
	admin.connect(ts.URL)
	if sum, err := admin.sync(); err != nil || len(sum.Rejected) > 0 {
		t.Fatalf("admin's sync: %+v, %v", sum, err)
	}
	guide := newDevice(t, "gia.vo")
	guide.connect(ts.URL)
	if _, err := guide.sync(); err != nil {
		t.Fatalf("guide's first sync: %v", err)
	}

	// The server goes down.
	ts.Close()

	win := u.Window()
	a := newArea(guide.store, service.Session{UserID: guideID, OfficeID: office, Role: app.RoleGuide}, win, u.Do, func() app.Date { return today })
	win.SetContent(a.Content())
	win.Resize(fyne.NewSize(1100, 700))
	wait := u.WaitFor
	wait("the departures", func() bool { return a.shownGen == a.listGen })
	if len(a.deps) != 1 || a.deps[0].dep.Code != "DAD-2026-12-01" || a.deps[0].tour != "Đà Nẵng – Hội An" {
		t.Fatalf("listed %+v, want the one departure DAD-2026-12-01 of Đà Nẵng – Hội An", a.deps)
	}
	a.list.Select(0)
	wait("the group list", func() bool { return a.shownDet == a.detailGen && a.dep != nil })
	if got := a.count.Text; got != "0/2 checked in today" {
		t.Fatalf("count %q, want 0/2 checked in today", got)
	}
	if a.day != today {
		t.Errorf("day shown %s, want today %s", a.day, today)
	}

	// Tap "Check in" on Trần Thị Bình's row.
	tap := func(name string) {
		t.Helper()
		for _, o := range test.LaidOutObjects(a.group) {
			box, ok := o.(*fyne.Container)
			if r := a.memberRows[box]; ok && r != nil && r.name.Text == name && box.Visible() {
				test.Tap(r.button)
				return
			}
		}
		t.Fatalf("no row for %s", name)
	}
	button := func(name string) string {
		for _, o := range test.LaidOutObjects(a.group) {
			box, _ := o.(*fyne.Container)
			if r := a.memberRows[box]; r != nil && r.name.Text == name {
				return r.button.Text
			}
		}
		return ""
	}
	tap("Trần Thị Bình")
	wait("the check-in", func() bool { return a.count.Text == "1/2 checked in today" })
	if got := button("Trần Thị Bình"); got != "✓ Checked in · undo" {
		t.Errorf("Bình's button %q after check-in", got)
	}
	if got := button("Nguyễn Văn An"); got != "Check in" {
		t.Errorf("An's button %q, want Check in", got)
	}
	daysOf := func(s service.Store, id string) []app.Date {
		t.Helper()
		var ms []service.GroupMember
		if err := s.View(func(r service.Reader) error { ms, err = service.GroupList(r, depID); return err }); err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Traveler.ID == id {
				return m.Days
			}
		}
		t.Fatalf("traveler %s not on the group list", id)
		return nil
	}
	if got := daysOf(guide.store, binhID); !slices.Equal(got, []app.Date{today}) {
		t.Fatalf("stored check-in days %v, want [%s]", got, today)
	}

	// Undo and check in again: the count follows.
	tap("Trần Thị Bình")
	wait("the undo", func() bool { return a.count.Text == "0/2 checked in today" })
	if got := daysOf(guide.store, binhID); len(got) != 0 {
		t.Fatalf("after undo the days are %v", got)
	}
	tap("Trần Thị Bình")
	wait("the check-in again", func() bool { return a.count.Text == "1/2 checked in today" })

	// The sync cannot reach the server; nothing is lost.
	if _, err := guide.sync(); err == nil {
		t.Fatal("sync with the server down succeeded")
	}
	if out, err := guide.store.Outbox(100); err != nil || len(out) == 0 {
		t.Fatalf("outbox %d changes (%v), want the check-in waiting", len(out), err)
	}

	// The server is back (a new listener over the same store).
	ts2 := httptest.NewServer(srv)
	defer ts2.Close()
	guide.connect(ts2.URL)
	sum, err := guide.sync()
	if err != nil || sum.Pushed == 0 || len(sum.Rejected) > 0 {
		t.Fatalf("guide's sync after the server came back: %+v, %v", sum, err)
	}
	if out, _ := guide.store.Outbox(100); len(out) != 0 {
		t.Errorf("outbox still holds %d changes", len(out))
	}
	op := newDevice(t, "tu.do")
	op.connect(ts2.URL)
	if _, err := op.sync(); err != nil {
		t.Fatalf("operator's sync: %v", err)
	}
	if got := daysOf(op.store, binhID); !slices.Equal(got, []app.Date{today}) {
		t.Fatalf("head office sees Bình checked in on %v, want [%s]", got, today)
	}
	if got := daysOf(op.store, anID); len(got) != 0 {
		t.Errorf("head office sees An checked in on %v, want none", got)
	}
}

// TestIncidentAndExpenseOffline: an incident with a cost and a traveler,
// an expense and its reversal, all on the guide's store alone; a bad
// amount changes nothing and says why.
func TestIncidentAndExpenseOffline(t *testing.T) {
	u := uitest.New(t)
	i18n.SetLanguage("en")
	dev := newDevice(t, "gia.vo")
	seed(t, dev.store)
	win := u.Window()
	a := newArea(dev.store, service.Session{UserID: guideID, OfficeID: office, Role: app.RoleGuide}, win, u.Do, func() app.Date { return today })
	win.SetContent(a.Content())
	win.Resize(fyne.NewSize(1100, 700))
	wait := u.WaitFor
	wait("the departures", func() bool { return a.shownGen == a.listGen })
	a.list.Select(0)
	wait("the detail", func() bool { return a.shownDet == a.detailGen && a.dep != nil })

	// Incident: 500.000 ₫, high, about An.
	f := a.incForm
	test.Type(f.description, "An lost his passport at the hotel")
	f.severity.SetSelectedIndex(2)
	test.Type(f.cost, "500.000")
	f.traveler.SetSelected("Nguyễn Văn An")
	gen := a.detailGen
	test.Tap(f.add)
	wait("the incident", func() bool { return a.detailGen > gen && a.shownDet == a.detailGen })
	if len(a.incidents) != 1 {
		t.Fatalf("%d incidents shown, want 1 (form error %q)", len(a.incidents), f.error.Text)
	}
	in := a.incidents[0]
	if in.Severity != app.SeverityHigh || in.Cost != money.New(500000, "VND") || in.TravelerID != anID || in.ReportedBy != guideID {
		t.Errorf("stored incident %+v", in)
	}
	if txt := a.incidentText(in); !strings.Contains(txt, "High") || !strings.Contains(txt, "Nguyễn Văn An") || !strings.Contains(txt, "lost his passport") {
		t.Errorf("incident row %q", txt)
	}

	// A bad amount: the message, nothing stored, the note kept.
	e := a.expForm
	test.Type(e.amount, "12abc")
	test.Type(e.note, "lunch Hội An")
	test.Tap(e.add)
	if !e.error.Visible() || !strings.HasPrefix(e.error.Text, "Not an amount") {
		t.Fatalf("bad amount message %q (visible %v)", e.error.Text, e.error.Visible())
	}
	if ex, _ := service.Expenses(dev.store, depID); len(ex) != 0 {
		t.Fatalf("a bad amount stored %d expenses", len(ex))
	}
	if e.note.Text != "lunch Hội An" {
		t.Errorf("note lost: %q", e.note.Text)
	}
	e.amount.SetText("1.500.000")
	e.category.SetSelected("Meals")
	gen = a.detailGen
	test.Tap(e.add)
	wait("the expense", func() bool { return a.detailGen > gen && a.shownDet == a.detailGen })
	if len(a.expenses) != 1 || a.expenses[0].Amount != money.New(1_500_000, "VND") || a.expenses[0].Category != app.ExpenseMeals || a.expenses[0].Note != "lunch Hội An" {
		t.Fatalf("expenses %+v", a.expenses)
	}
	gen = a.detailGen
	a.reverse(a.expenses[0].ID)
	wait("the reversal", func() bool { return a.detailGen > gen && a.shownDet == a.detailGen })
	if len(a.expenses) != 2 || a.expenses[1].ReversalOf != a.expenses[0].ID || !a.reversed[a.expenses[0].ID] {
		t.Fatalf("after reversal: %+v", a.expenses)
	}
	// Reversing again is refused by the service and said inline.
	a.reverse(a.expenses[0].ID)
	wait("the refusal", func() bool { return a.message.Visible() })
	if !strings.Contains(a.message.Text, "reversed already") {
		t.Errorf("second reversal message %q", a.message.Text)
	}
}
