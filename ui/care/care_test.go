package care

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

var (
	agent    = service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	director = service.Session{UserID: "dir-1", OfficeID: "office-hn", Role: app.RoleDirector}
	today    = app.Date{Year: 2026, Month: 11, Day: 23}
)

type harness struct {
	*uitest.UI
	t     *testing.T
	store *localdb.Store
	win   fyne.Window
	area  *Area
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ui := uitest.New(t)
	store := localdbtest.Open(t)
	return &harness{UI: ui, t: t, store: store}
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
	h.win = h.Window()
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	h.area = newArea(Deps{Store: h.store, Session: s, Device: "dev-test", Now: now}, h.win, h.Do)
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.WaitFor("the area to load", func() bool {
		ok := h.area.Campaigns.shownGen == h.area.Campaigns.loadGen && h.area.Messages.shownGen == h.area.Messages.loadGen
		if h.area.Complaints != nil {
			ok = ok && h.area.Complaints.shownGen == h.area.Complaints.loadGen && h.area.Tasks.shownGen == h.area.Tasks.loadGen &&
				h.area.Feedback.shownGen == h.area.Feedback.loadGen
		}
		return ok
	})
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
	h.WaitFor("the booking to be offered", func() bool { return f.booking.SelectedIndex() == 0 })
	test.Type(f.desc, "The hotel room was not the one booked.")
	f.submit()
	h.WaitFor("the complaint to be listed", func() bool { return c.form == nil && len(c.shown) == 1 && c.current() != nil })
	cp := c.current()
	if cp.Status != app.ComplaintReceived || cp.BookingID != b.ID || cp.CustomerID != cid {
		t.Fatalf("stored complaint: %+v", cp.Complaint)
	}
	if got := strings.Join(buttonTexts(c.moves), ","); got != "Investigating,Resolved" {
		t.Errorf("moves offered from received = %s, want Investigating,Resolved (closed is not legal)", got)
	}

	// received → investigating.
	test.Tap(c.buttons[app.ComplaintInvestigating])
	h.WaitFor("the move", func() bool { return c.current() != nil && c.current().Status == app.ComplaintInvestigating })
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
	h.WaitFor("resolved", func() bool { return c.current() != nil && c.current().Status == app.ComplaintResolved })
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
	h.WaitFor("the refusal", func() bool { return strings.HasPrefix(c.msg.Text, "Not moved") })
	if !strings.Contains(c.msg.Text, `"closed" to "investigating"`) || c.msg.Importance != widget.DangerImportance {
		t.Errorf("refusal = %q", c.msg.Text)
	}
	got, _ = service.NewComplaints(h.store, agent).Get(cp.ID)
	if got.Status != app.ComplaintClosed {
		t.Errorf("after the refused move the complaint is %s, want closed", got.Status)
	}
	h.WaitFor("the reload", func() bool { return c.shownGen == c.loadGen })
	c.filterSel.SetSelectedIndex(1) // all: closed ones too
	h.WaitFor("closed shown", func() bool { return c.current() != nil && c.current().Status == app.ComplaintClosed })
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
		h.WaitFor("the customer to be offered", func() bool { return f.customer.SelectedIndex() == 0 })
		f.template.SetSelectedIndex(1 + indexOf(f.templates, template))
		f.submit()
		return f
	}
	// The birthday greeting to a customer who agreed to marketing: queued.
	send("Trần Thị Bình", app.TemplateBirthday)
	h.WaitFor("the queued message", func() bool { return m.form == nil && len(m.rows) == 1 })
	if r := m.rows[0]; r.Status != app.MessageQueued || r.CustomerName != "Trần Thị Bình" || r.To != "binh@example.vn" || r.Purpose != app.PurposeGreeting {
		t.Errorf("queued: %s to %s (%s) purpose %s", r.Status, r.CustomerName, r.To, r.Purpose)
	}
	// The same greeting to one who did not: refused in the form, nothing stored.
	f := send("Lê Văn Cường", app.TemplateBirthday)
	h.WaitFor("the refusal", func() bool { return f.msg.Visible() })
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
	h.WaitFor("the second message", func() bool { return m.form == nil && len(m.rows) == 2 })
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

// task stores an open task for agent due on due.
func (h *harness) task(title string, ty app.TaskType, due app.Date, cid string) string {
	h.t.Helper()
	var id string
	err := h.store.Update(func(tx service.Tx) error {
		id = "task-" + strings.ReplaceAll(strings.ToLower(title), " ", "-")
		_, err := service.StoreEntity(tx, id, &app.Task{Title: title, Type: ty, DueDate: due, AssigneeID: agent.UserID, CustomerID: cid})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

func (h *harness) selectTask(id string) {
	h.t.Helper()
	tb := h.area.Tasks
	for i, tk := range tb.shown {
		if tk.ID == id {
			tb.list.Select(i)
			return
		}
	}
	h.t.Fatalf("task %s is not listed", id)
}

func TestTasksDoneSnoozeAndFilters(t *testing.T) {
	h := newHarness(t)
	cid := h.customer("Nguyễn Văn An", "an@example.vn", true)
	call := h.task("Call An", app.TaskCall, today.AddDays(-2), cid)
	bday := h.task("Birthday An", app.TaskBirthday, today, cid)
	h.open(agent)
	tb := h.area.Tasks
	if len(tb.shown) != 2 || tb.count.Text != "2 tasks" {
		t.Fatalf("open tasks: %d (%q)", len(tb.shown), tb.count.Text)
	}
	// Type filter: birthdays only.
	tb.kind.SetSelectedIndex(1 + indexOfType(app.TaskBirthday))
	if len(tb.shown) != 1 || tb.shown[0].ID != bday {
		t.Errorf("birthday filter shows %d tasks", len(tb.shown))
	}
	tb.kind.SetSelectedIndex(0)

	// Done with a note.
	h.selectTask(call)
	if !tb.actions.Visible() {
		t.Fatal("an open task of the agent's offers no actions")
	}
	test.Type(tb.noteEntry, "Called, all fine")
	test.Tap(tb.done)
	h.WaitFor("done", func() bool { return tb.msg.Text == "Marked done." && tb.shownGen == tb.loadGen && len(tb.shown) == 1 })
	stored, err := service.Load[app.Task](h.store, call)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != app.TaskDone || stored.DoneBy != agent.UserID || !strings.Contains(stored.Notes, "Called, all fine") {
		t.Errorf("stored: status %s by %s notes %q", stored.Status, stored.DoneBy, stored.Notes)
	}
	tb.status.SetSelectedIndex(1) // done
	if len(tb.shown) != 1 || tb.shown[0].ID != call {
		t.Errorf("done filter shows %d tasks", len(tb.shown))
	}
	tb.status.SetSelectedIndex(0)

	// Snooze: a bad date and a day that is not after today are refused
	// and change nothing; a later day is stored.
	h.selectTask(bday)
	test.Type(tb.snoozeEntry, "soon")
	test.Tap(tb.snz)
	if tb.msg.Text != "Not a date like 2026-12-01." || tb.msg.Importance != widget.DangerImportance {
		t.Errorf("bad snooze date shows %q", tb.msg.Text)
	}
	tb.snoozeEntry.SetText("")
	test.Type(tb.snoozeEntry, "2026-11-23")
	test.Tap(tb.snz)
	h.WaitFor("the refusal", func() bool { return strings.HasPrefix(tb.msg.Text, "Not done") })
	if tb.snoozeEntry.Text != "2026-11-23" {
		t.Errorf("the typed day was lost: %q", tb.snoozeEntry.Text)
	}
	tb.snoozeEntry.SetText("")
	test.Type(tb.snoozeEntry, "2026-11-30")
	test.Tap(tb.snz)
	h.WaitFor("snoozed", func() bool { return tb.msg.Text == "Put off until 2026-11-30." })
	stored, _ = service.Load[app.Task](h.store, bday)
	if stored.SnoozedUntil != (app.Date{Year: 2026, Month: 11, Day: 30}) || !stored.IsOpen() {
		t.Errorf("stored: snoozed until %s, open %v", stored.SnoozedUntil, stored.IsOpen())
	}
}

func indexOfType(ty app.TaskType) int {
	for i, v := range app.TaskTypes {
		if v == ty {
			return i
		}
	}
	return -1
}

func TestFeedbackFiledAndAveraged(t *testing.T) {
	h := newHarness(t)
	pay := service.NewPayments(h.store, agent)
	var codes []string
	for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bình"} {
		b := h.booking(h.customer(name, fmt.Sprintf("c%d@example.vn", i), true), 1, 2_000_000)
		if _, err := pay.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(600_000, "VND"), Date: today}); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, b.Code)
	}
	h.open(agent)
	fb := h.area.Feedback
	file := func(code string, ratings []int) {
		t.Helper()
		test.Tap(fb.add)
		f := fb.form
		test.Type(f.search, code)
		h.WaitFor("the booking", func() bool { return f.booking.SelectedIndex() == 0 })
		for i, r := range ratings {
			f.ratings[i].SetSelectedIndex(r) // index r is the rating r ("–" is 0)
		}
		f.submit()
	}
	// Overall missing: refused in the form.
	file(codes[0], []int{5, 4, 0, 3, 5, 0})
	if f := fb.form; f == nil || !strings.Contains(f.msg.Text, "overall rating is required") {
		t.Fatalf("a form without the overall rating was not refused")
	}
	fb.form.ratings[5].SetSelectedIndex(4)
	fb.form.submit()
	h.WaitFor("the first form", func() bool { return fb.form == nil && len(fb.all) == 1 })
	file(codes[1], []int{4, 2, 3, 0, 4, 5})
	h.WaitFor("the second form", func() bool { return fb.form == nil && len(fb.all) == 2 })
	// By hand: guide (5+4)/2 = 4.5; hotel (4+2)/2 = 3.0; transport 3 (one
	// answer); food 3 (one); program (5+4)/2 = 4.5; overall (4+5)/2 = 4.5.
	if got, want := fb.averages.Text, "2 forms · Guide 4.5 · Hotel 3.0 · Transport 3.0 · Food 3.0 · Program 4.5 · Overall 4.5"; got != want {
		t.Errorf("averages = %q, want %q", got, want)
	}
	var first *feedbackRow
	for _, r := range fb.all {
		if r.Code == codes[0] {
			first = r
		}
	}
	if first == nil || first.Guide != 5 || first.Hotel != 4 || first.Transport != 0 || first.Food != 3 || first.Itinerary != 5 || first.Overall != 4 || first.FiledBy != agent.UserID {
		t.Errorf("stored form of %s: %+v", codes[0], first)
	}
}

func TestNewCampaignListedWithItsFigures(t *testing.T) {
	h := newHarness(t)
	h.open(service.Session{UserID: "mkt-1", OfficeID: "office-hn", Role: app.RoleMarketing})
	c := h.area.Campaigns
	test.Tap(c.add)
	f := c.form
	f.submit()
	if !strings.Contains(f.msg.Text, "needs a name") {
		t.Errorf("no name: %q", f.msg.Text)
	}
	test.Type(f.name, "Tết 2027")
	test.Type(f.cost, "5.000.000")
	test.Type(f.start, "2026-12-01")
	test.Type(f.end, "2026-11-01")
	f.submit()
	if !strings.Contains(f.msg.Text, "ends before it starts") {
		t.Errorf("backwards dates: %q", f.msg.Text)
	}
	f.end.SetText("")
	test.Type(f.end, "2027-02-28")
	f.submit()
	h.WaitFor("the campaign", func() bool { return c.form == nil && len(c.stats) == 1 })
	st := c.stats[0]
	if st.Name != "Tết 2027" || st.Cost != 5_000_000 || st.Currency != "VND" {
		t.Errorf("stats: %+v", st)
	}
	var cells []string
	for _, col := range campaignCols {
		cells = append(cells, col.cell(st))
	}
	// Nothing brought in yet: ROI −100% of a 5,000,000 ₫ cost.
	if got, want := strings.Join(cells, " | "), "Tết 2027 | Email | Draft | 5,000,000 ₫ | 0 | 0 | 0 | 0.00% | 0 ₫ | -100.00%"; got != want {
		t.Errorf("row = %s\nwant  %s", got, want)
	}
}

func TestCtrlNOpensTheTabsFormAndEscapeClosesIt(t *testing.T) {
	h := newHarness(t)
	h.open(agent)
	h.area.tabs.SelectIndex(1) // complaints
	for k, fn := range h.area.Shortcuts() {
		if s, ok := k.(*desktop.CustomShortcut); ok && s.KeyName == fyne.KeyN {
			fn()
		}
	}
	f := h.area.Complaints.form
	if f == nil {
		t.Fatal("Ctrl+N on Complaints opened no form")
	}
	test.Type(f.desc, "Noisy room")
	f.desc.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.area.Complaints.form != nil {
		t.Error("Escape left the form open")
	}
}

func TestSearchWithNoMatchLeavesTheFormUsable(t *testing.T) {
	h := newHarness(t)
	h.customer("Trần Thị Bình", "binh@example.vn", true)
	h.open(agent)
	m := h.area.Messages
	test.Tap(m.send)
	f := m.form
	test.Type(f.search, "qz") // matches no one (and once made localdb panic)
	h.WaitFor("the search", func() bool { return f.find.shown == f.find.gen })
	if f.customer.SelectedIndex() != -1 || len(f.choices) != 0 {
		t.Errorf("qz offers %d customers", len(f.choices))
	}
	f.search.SetText("")
	test.Type(f.search, "Bình")
	h.WaitFor("the customer", func() bool { return f.customer.SelectedIndex() == 0 })
}

// refusingSender fails every message for good, as an SMTP server that
// refuses the recipient.
type refusingSender struct{}

func (refusingSender) Send(context.Context, *app.Message, *app.MessageSettings) (string, error) {
	return "", fmt.Errorf("550 mailbox unavailable: %w", service.ErrPermanent)
}

func TestFailedMessageShowsItsReasonAndIsRetriedThenCancelled(t *testing.T) {
	h := newHarness(t)
	cid := h.customer("Trần Thị Bình", "binh@example.vn", true)
	msg, err := service.NewMessages(h.store, agent).Send(cid, app.ChannelEmail, "Your visa papers are ready.")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewMessages(h.store, service.Session{}).Deliver(context.Background(), service.Senders{Email: refusingSender{}}); err != nil {
		t.Fatal(err)
	}
	h.open(agent)
	m := h.area.Messages
	m.filterSel.SetSelectedIndex(3) // failed
	h.WaitFor("the failed list", func() bool { return m.shownGen == m.loadGen && len(m.rows) == 1 })
	m.list.Select(0)
	if !strings.Contains(m.detail.Text, "Reason: ") || !strings.Contains(m.detail.Text, "550 mailbox unavailable") {
		t.Errorf("detail of a failed message: %q", m.detail.Text)
	}
	if !m.retry.Visible() || !m.cancel.Visible() {
		t.Fatal("a failed message offers no retry or cancel")
	}
	test.Tap(m.retry)
	h.WaitFor("the retry", func() bool { return m.msg.Text == "Queued again for the next run." && m.shownGen == m.loadGen })
	got, _ := service.NewMessages(h.store, agent).Get(msg.ID)
	if got.Status != app.MessageQueued {
		t.Errorf("after retry the message is %s", got.Status)
	}
	m.filterSel.SetSelectedIndex(0) // all
	h.WaitFor("all", func() bool { return m.shownGen == m.loadGen && len(m.rows) == 1 })
	m.list.Select(0)
	test.Tap(m.cancel)
	h.WaitFor("the cancel", func() bool { return m.msg.Text == "Message withdrawn." && m.shownGen == m.loadGen })
	got, _ = service.NewMessages(h.store, agent).Get(msg.ID)
	if got.Status != app.MessageCancelled {
		t.Errorf("after cancel the message is %s", got.Status)
	}
	m.list.Select(0)
	if m.retry.Visible() || m.cancel.Visible() {
		t.Error("a cancelled message still offers retry or cancel")
	}
}
