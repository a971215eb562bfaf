package care

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

var (
	agent    = service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	director = service.Session{UserID: "dir-1", OfficeID: "office-hn", Role: app.RoleDirector}
	today    = app.Date{Year: 2026, Month: 11, Day: 23}
)

type harness struct {
	t     *testing.T
	store *localdb.Store
	win   fyne.Window
	area  *Area
	queue chan func()
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	i18n.Register()
	store, err := localdb.Open(filepath.Join(t.TempDir(), "test.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return &harness{t: t, store: store, queue: make(chan func(), 4096)}
}

func (h *harness) customer(name, email string, consent bool) string {
	h.t.Helper()
	id, err := service.NewCustomers(h.store, agent).Create(&app.Customer{Name: name, Type: app.Person, Stage: app.StageLead,
		Phones: []string{"0901234567"}, Emails: []string{email}, MarketingConsent: consent})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// booking stores a custom trip for customer cid with one line of
// qty × price VND, and returns it.
func (h *harness) booking(cid string, qty int, price int64) *app.Booking {
	h.t.Helper()
	b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: cid, Destination: "Hạ Long",
		StartDate: app.Date{Year: 2026, Month: 11, Day: 10}, EndDate: app.Date{Year: 2026, Month: 11, Day: 12},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: qty, UnitPrice: money.New(price, "VND")}}}, today)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

func (h *harness) open(s service.Session) {
	h.t.Helper()
	h.win = test.NewWindow(nil)
	h.t.Cleanup(h.win.Close)
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	h.area = newArea(Deps{Store: h.store, Session: s, Device: "dev-test", Now: now}, h.win, func(f func()) { h.queue <- f })
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.waitFor("the area to load", func() bool {
		ok := h.area.Campaigns.shownGen == h.area.Campaigns.loadGen && h.area.Messages.shownGen == h.area.Messages.loadGen
		if h.area.Complaints != nil {
			ok = ok && h.area.Complaints.shownGen == h.area.Complaints.loadGen && h.area.Tasks.shownGen == h.area.Tasks.loadGen &&
				h.area.Feedback.shownGen == h.area.Feedback.loadGen
		}
		return ok
	})
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case f := <-h.queue:
			f()
		case <-deadline:
			h.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func buttonTexts(c *fyne.Container) []string {
	var out []string
	for _, o := range c.Objects {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b.Text)
		}
	}
	return out
}

func TestComplaintWorkflowWithIllegalMoveRefused(t *testing.T) {
	h := newHarness(t)
	cid := h.customer("Nguyễn Văn An", "an@example.vn", true)
	b := h.booking(cid, 2, 3_000_000)
	h.open(agent)
	c := h.area.Complaints

	// New complaint on the booking, through the dialog.
	test.Tap(c.add)
	if c.form == nil {
		t.Fatal("New complaint opened no form")
	}
	f := c.form
	f.submit() // nothing picked: refused in the form
	if !f.msg.Visible() || !strings.Contains(f.msg.Text, "pick the booking") {
		t.Errorf("submitting with no booking shows %q", f.msg.Text)
	}
	test.Type(f.search, b.Code)
	h.waitFor("the booking to be offered", func() bool { return f.booking.SelectedIndex() == 0 })
	test.Type(f.desc, "The hotel room was not the one booked.")
	f.submit()
	h.waitFor("the complaint to be listed", func() bool { return c.form == nil && len(c.shown) == 1 && c.current() != nil })
	cp := c.current()
	if cp.Status != app.ComplaintReceived || cp.BookingID != b.ID || cp.CustomerID != cid {
		t.Fatalf("stored complaint: %+v", cp.Complaint)
	}
	if got := strings.Join(buttonTexts(c.moves), ","); got != "Investigating,Resolved" {
		t.Errorf("moves offered from received = %s, want Investigating,Resolved (closed is not legal)", got)
	}

	// received → investigating.
	test.Tap(c.buttons[app.ComplaintInvestigating])
	h.waitFor("the move", func() bool { return c.current() != nil && c.current().Status == app.ComplaintInvestigating })
	if got := strings.Join(buttonTexts(c.moves), ","); got != "Resolved" {
		t.Errorf("moves offered from investigating = %s, want Resolved", got)
	}
	// Resolving without a resolution is refused in the card.
	test.Tap(c.buttons[app.ComplaintResolved])
	if !strings.Contains(c.msg.Text, "resolution") || c.msg.Importance != widget.DangerImportance {
		t.Errorf("resolving with no resolution shows %q", c.msg.Text)
	}
	// A bad compensation too.
	test.Type(c.resEntry, "Apology and a refund of one night.")
	test.Type(c.compEntry, "abc")
	test.Tap(c.buttons[app.ComplaintResolved])
	if !strings.Contains(c.msg.Text, "not an amount in VND") {
		t.Errorf("a bad compensation shows %q", c.msg.Text)
	}
	c.compEntry.SetText("")
	test.Type(c.compEntry, "500.000")
	test.Tap(c.buttons[app.ComplaintResolved])
	h.waitFor("resolved", func() bool { return c.current() != nil && c.current().Status == app.ComplaintResolved })
	got, err := service.NewComplaints(h.store, agent).Get(cp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Resolution != "Apology and a refund of one night." || got.Compensation != money.New(500_000, "VND") || got.ResolvedOn != today {
		t.Errorf("stored after resolving: resolution %q compensation %v on %s", got.Resolution, got.Compensation, got.ResolvedOn)
	}
	if !strings.Contains(c.resolution.Text, "500,000 ₫") {
		t.Errorf("card shows %q, want the compensation 500,000 ₫", c.resolution.Text)
	}

	// Closed meanwhile on another window: the card still offers
	// investigating; the service refuses it and nothing changes.
	if _, err := service.NewComplaints(h.store, agent).Move(cp.ID, service.ComplaintMove{To: app.ComplaintClosed}); err != nil {
		t.Fatal(err)
	}
	test.Tap(c.buttons[app.ComplaintInvestigating])
	h.waitFor("the refusal", func() bool { return strings.HasPrefix(c.msg.Text, "Not moved") })
	if !strings.Contains(c.msg.Text, `"closed" to "investigating"`) || c.msg.Importance != widget.DangerImportance {
		t.Errorf("refusal = %q", c.msg.Text)
	}
	got, _ = service.NewComplaints(h.store, agent).Get(cp.ID)
	if got.Status != app.ComplaintClosed {
		t.Errorf("after the refused move the complaint is %s, want closed", got.Status)
	}
	h.waitFor("the reload", func() bool { return c.shownGen == c.loadGen })
	c.filterSel.SetSelectedIndex(1) // all: closed ones too
	h.waitFor("closed shown", func() bool { return c.current() != nil && c.current().Status == app.ComplaintClosed })
	if got := buttonTexts(c.moves); len(got) != 0 {
		t.Errorf("a closed complaint offers %v", got)
	}
}

func TestOneOffMessageNeedsConsentForAGreeting(t *testing.T) {
	h := newHarness(t)
	h.customer("Trần Thị Bình", "binh@example.vn", true)
	h.customer("Lê Văn Cường", "cuong@example.vn", false)
	h.open(agent)
	m := h.area.Messages
	send := func(name, template string) *messageForm {
		t.Helper()
		test.Tap(m.send)
		f := m.form
		if f == nil {
			t.Fatal("Send a message opened no form")
		}
		test.Type(f.search, name)
		h.waitFor("the customer to be offered", func() bool { return f.customer.SelectedIndex() == 0 })
		f.template.SetSelectedIndex(1 + indexOf(f.templates, template))
		f.submit()
		return f
	}
	// The birthday greeting to a customer who agreed to marketing: queued.
	send("Trần Thị Bình", app.TemplateBirthday)
	h.waitFor("the queued message", func() bool { return m.form == nil && len(m.rows) == 1 })
	if r := m.rows[0]; r.Status != app.MessageQueued || r.CustomerName != "Trần Thị Bình" || r.To != "binh@example.vn" || r.Purpose != app.PurposeGreeting {
		t.Errorf("queued: %s to %s (%s) purpose %s", r.Status, r.CustomerName, r.To, r.Purpose)
	}
	// The same greeting to one who did not: refused in the form, nothing stored.
	f := send("Lê Văn Cường", app.TemplateBirthday)
	h.waitFor("the refusal", func() bool { return f.msg.Visible() })
	if !strings.Contains(f.msg.Text, "has not agreed to marketing messages") || f.msg.Importance != widget.DangerImportance {
		t.Errorf("refusal shown: %q", f.msg.Text)
	}
	if m.form == nil {
		t.Error("the form closed on a refusal (what was typed is lost)")
	}
	rows, err := service.NewMessages(h.store, agent).List("", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Errorf("%d messages stored, want 1 (the refused one is not)", len(rows))
	}
	// A plain service text to him is fine: it needs no consent.
	f.template.SetSelectedIndex(0)
	test.Type(f.text, "Your visa papers are ready.")
	f.submit()
	h.waitFor("the second message", func() bool { return m.form == nil && len(m.rows) == 2 })
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func TestDirectorSeesEverythingReadOnly(t *testing.T) {
	h := newHarness(t)
	cid := h.customer("Nguyễn Văn An", "an@example.vn", true)
	b := h.booking(cid, 1, 1_000_000)
	if _, err := service.NewComplaints(h.store, agent).Add(service.ComplaintNew{BookingID: b.ID, Description: "Late bus"}, today); err != nil {
		t.Fatal(err)
	}
	h.open(director)
	if h.area.Complaints.add.Visible() || h.area.Messages.send.Visible() || h.area.Tasks.generate.Visible() || h.area.Campaigns.add.Visible() {
		t.Error("a director is offered New buttons")
	}
	c := h.area.Complaints
	if len(c.shown) != 1 {
		t.Fatalf("director sees %d complaints, want 1", len(c.shown))
	}
	c.list.Select(0)
	if len(c.moves.Objects) != 0 {
		t.Errorf("a director is offered moves: %v", buttonTexts(c.moves))
	}
}

func TestMarketingSeesCampaignsAndMessagesOnly(t *testing.T) {
	h := newHarness(t)
	h.open(service.Session{UserID: "mkt-1", OfficeID: "office-hn", Role: app.RoleMarketing})
	var tabs []string
	for _, ti := range h.area.tabs.Items {
		tabs = append(tabs, ti.Text)
	}
	if got := strings.Join(tabs, ","); got != "Campaigns,Messages" {
		t.Errorf("marketing's tabs = %s", got)
	}
}
