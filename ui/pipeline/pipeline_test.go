package pipeline

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/bookings"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

var (
	agent = service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	other = service.Session{UserID: "agent-2", OfficeID: "office-hn", Role: app.RoleAgent}
	today = app.Date{Year: 2026, Month: 11, Day: 23}
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
	return &harness{UI: uitest.New(t), t: t, store: localdbtest.Open(t)}
}

// request stores a customer of s and a custom-trip request for them with
// one line of qty × price VND, and returns the booking.
func (h *harness) request(s service.Session, name string, qty int, price int64) *app.Booking {
	h.t.Helper()
	cid, err := service.NewCustomers(h.store, s).Create(&app.Customer{Name: name, Type: app.Person, Stage: app.StageLead, Phones: []string{"0901234567"}})
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := service.NewPipeline(h.store, s, "dev-test").Create(service.Request{CustomerID: cid, Destination: "Hạ Long", StartDate: app.Date{Year: 2026, Month: 12, Day: 20}, EndDate: app.Date{Year: 2026, Month: 12, Day: 22},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: qty, UnitPrice: money.New(price, "VND")}}}, today)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

func (h *harness) open(s service.Session) {
	h.t.Helper()
	h.win = h.Window()
	h.area = newArea(bookings.NewData(h.store, s, "dev-test"), h.win, h.Do)
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.settle()
}

// settle waits for the latest load to be shown.
func (h *harness) settle() {
	h.t.Helper()
	h.WaitFor("the pipeline to load", func() bool { return h.area.shownGen == h.area.loadGen })
}

// stageLines are the stage list's rows as shown: "name count totals".
func (h *harness) stageLines() []string {
	var out []string
	for _, o := range test.LaidOutObjects(h.area.stageList) {
		box, ok := o.(*fyne.Container)
		if !ok || len(box.Objects) != 2 {
			continue
		}
		top, ok := box.Objects[0].(*fyne.Container)
		if !ok || len(top.Objects) != 2 {
			continue
		}
		name, ok1 := top.Objects[0].(*widget.Label)
		count, ok2 := top.Objects[1].(*widget.Label)
		total, ok3 := box.Objects[1].(*widget.Label)
		if ok1 && ok2 && ok3 && box.Visible() {
			out = append(out, name.Text+" "+count.Text+" "+total.Text)
		}
	}
	return out
}

// selectCode selects the request with code in the current stage's list.
func (h *harness) selectCode(code string) {
	h.t.Helper()
	for i, id := range h.area.stages[h.area.current].IDs {
		rows, _ := h.area.data.Rows([]string{id})
		if rows[id] != nil && rows[id].Booking.Code == code {
			h.area.list.Select(i)
			h.WaitFor("the card", func() bool { return strings.HasPrefix(h.area.card.title.Text, code) })
			return
		}
	}
	h.t.Fatalf("%s is not listed at %s", code, h.area.stages[h.area.current].Status)
}

func TestStageCountsAndValuesOfOwnRequests(t *testing.T) {
	h := newHarness(t)
	h.request(agent, "Nguyễn Văn An", 2, 3_000_000)     // 6,000,000
	h.request(agent, "Trần Thị Bình", 1, 4_500_000)     // 4,500,000
	q := h.request(agent, "Lê Văn Cường", 3, 1_000_000) // 3,000,000, quoted below
	h.request(other, "Phạm Thu Dung", 5, 9_000_000)     // another agent's: not counted
	if _, err := service.NewPipeline(h.store, agent, "dev-test").Move(q.ID, app.BookingQuoted, "", service.MoveOptions{}); err != nil {
		t.Fatal(err)
	}
	h.open(agent)
	lines := h.stageLines()
	// By hand: inquiry 6,000,000 + 4,500,000 = 10,500,000 ₫; quoted 3,000,000 ₫.
	want := map[string]bool{"Inquiry 2 10,500,000 ₫": true, "Quoted 1 3,000,000 ₫": true, "Consulting 0 —": true}
	for _, l := range lines {
		delete(want, l)
	}
	if len(want) > 0 {
		t.Errorf("stage list shows %q; missing %v", lines, want)
	}
	if got := h.area.heading.Text; got != "Inquiry: 2 requests" {
		t.Errorf("heading = %q", got)
	}
	if n := len(h.area.stages[0].IDs); n != 2 {
		t.Errorf("inquiry list holds %d requests, want 2 (not agent-2's)", n)
	}
}

func TestIllegalMoveRefusedShowsMessageAndChangesNothing(t *testing.T) {
	h := newHarness(t)
	b := h.request(agent, "Nguyễn Văn An", 2, 3_000_000)
	p := service.NewPipeline(h.store, agent, "dev-test")
	if _, err := p.Move(b.ID, app.BookingQuoted, "", service.MoveOptions{}); err != nil {
		t.Fatal(err)
	}
	h.open(agent)
	h.area.stageList.Select(2) // Quoted
	h.selectCode(b.Code)
	// Only the legal moves from quoted are offered.
	var offered []string
	for _, o := range h.area.card.moves.Objects {
		offered = append(offered, o.(*widget.Button).Text)
	}
	if got, want := strings.Join(offered, ","), "Consulting,Deposit paid,Paid in full,Cancelled,Lost"; got != want {
		t.Errorf("moves offered from quoted = %s, want %s", got, want)
	}
	// Meanwhile the deposit comes in on another window: the booking is at
	// deposit, from which it can no longer be lost.
	if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(1_000_000, "VND"), Date: today}); err != nil {
		t.Fatal(err)
	}
	test.Tap(h.area.card.buttons[app.BookingLost])
	if h.area.reasonEntry == nil {
		t.Fatal("moving to lost asks for no reason")
	}
	// No reason: refused in the dialog itself.
	h.area.reasonOK()
	if h.area.reasonEntry == nil {
		t.Fatal("the reason dialog closed without a reason")
	}
	test.Type(h.area.reasonEntry, "chose another agency")
	h.area.reasonOK()
	h.WaitFor("the refusal", func() bool { return h.area.card.message.Visible() })
	msg := h.area.card.message.Text
	if !strings.Contains(msg, `cannot change from "deposit" to "lost"`) || h.area.card.message.Importance != widget.DangerImportance {
		t.Errorf("refusal message = %q (importance %v)", msg, h.area.card.message.Importance)
	}
	stored, err := p.Get(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != app.BookingDeposit || stored.Reason != "" {
		t.Errorf("stored booking: status %s reason %q, want deposit and no reason", stored.Status, stored.Reason)
	}
	// The card now shows what the store holds, with deposit's moves.
	h.WaitFor("the card to refresh", func() bool { return strings.Contains(h.area.card.title.Text, "Deposit paid") })
	if _, ok := h.area.card.buttons[app.BookingLost]; ok {
		t.Error("lost is still offered from deposit")
	}
}

func TestLegalMoveUpdatesCounts(t *testing.T) {
	h := newHarness(t)
	b := h.request(agent, "Nguyễn Văn An", 2, 3_000_000)
	h.open(agent)
	h.selectCode(b.Code)
	test.Tap(h.area.card.buttons[app.BookingConsulting])
	h.WaitFor("the move", func() bool { return strings.Contains(h.area.card.message.Text, "moved to Consulting") })
	h.settle()
	if n, m := len(h.area.stages[0].IDs), len(h.area.stages[1].IDs); n != 0 || m != 1 {
		t.Errorf("after the move: inquiry %d, consulting %d; want 0 and 1", n, m)
	}
	stored, _ := service.NewPipeline(h.store, agent, "dev-test").Get(b.ID)
	if stored.Status != app.BookingConsulting {
		t.Errorf("stored status = %s", stored.Status)
	}
}

func TestDirectorSeesAllReadOnly(t *testing.T) {
	h := newHarness(t)
	b := h.request(agent, "Nguyễn Văn An", 2, 3_000_000)
	h.request(other, "Phạm Thu Dung", 1, 1_000_000)
	h.open(service.Session{UserID: "dir-1", Role: app.RoleDirector})
	if n := len(h.area.stages[0].IDs); n != 2 {
		t.Errorf("director sees %d inquiries, want 2", n)
	}
	h.selectCode(b.Code)
	if n := len(h.area.card.moves.Objects); n != 0 {
		t.Errorf("a director is offered %d moves", n)
	}
}

func TestManagerSeesTheOfficeFromTheirUserRecord(t *testing.T) {
	h := newHarness(t)
	h.request(agent, "Nguyễn Văn An", 2, 3_000_000)
	h.request(other, "Phạm Thu Dung", 1, 1_000_000)
	h.request(service.Session{UserID: "agent-3", OfficeID: "office-dn", Role: app.RoleAgent}, "Võ Minh Khoa", 1, 7_000_000)
	if err := h.store.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, "mgr-1", &app.User{Name: "Trần Minh", Login: "minh.tran", Role: app.RoleManager, OfficeID: "office-hn", Active: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// The offline demo's session: a user and a role, no office.
	h.open(service.Session{UserID: "mgr-1", Role: app.RoleManager})
	st := h.area.stages[0]
	// By hand: the two Hà Nội requests, 6,000,000 + 1,000,000.
	if n := len(st.IDs); n != 2 || st.Totals["VND"] != 7_000_000 {
		t.Errorf("manager's inquiries: %d worth %d VND, want 2 worth 7,000,000", n, st.Totals["VND"])
	}
	h.area.list.Select(0)
	h.WaitFor("the card", func() bool { return len(h.area.card.buttons) > 0 })
}

func TestFullDepartureOffersTheWaitingList(t *testing.T) {
	h := newHarness(t)
	cid, err := service.NewCustomers(h.store, agent).Create(&app.Customer{Name: "Nguyễn Văn An", Type: app.Person, Stage: app.StageLead})
	if err != nil {
		t.Fatal(err)
	}
	var dep string
	if err := h.store.Update(func(tx service.Tx) error {
		dep = "dep-full"
		_, err := service.StoreEntity(tx, dep, &app.Departure{TourID: "tour-1", Code: "HLB-261220", StartDate: app.Date{Year: 2026, Month: 12, Day: 20}, EndDate: app.Date{Year: 2026, Month: 12, Day: 22}, Capacity: 2, MinTravelers: 1})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: cid, DepartureID: dep,
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 3, UnitPrice: money.New(1_000_000, "VND")}}}, today)
	if err != nil {
		t.Fatal(err)
	}
	h.open(agent)
	h.selectCode(b.Code)
	test.Tap(h.area.card.buttons[app.BookingDeposit])
	h.WaitFor("the refusal", func() bool { return h.area.card.waitlist.Visible() })
	if msg := h.area.card.message.Text; !strings.Contains(msg, "departure HLB-261220 is full: 2 seat(s) left, booking "+b.Code+" needs 3") {
		t.Errorf("message = %q", msg)
	}
	test.Tap(h.area.card.waitlist)
	h.WaitFor("the waiting list", func() bool {
		return strings.Contains(h.area.card.message.Text, "is on the waiting list of its departure")
	})
	stored, _ := service.NewPipeline(h.store, agent, "dev-test").Get(b.ID)
	if !stored.Waitlisted || stored.Status != app.BookingInquiry {
		t.Errorf("stored: waitlisted %v status %s, want waitlisted at inquiry", stored.Waitlisted, stored.Status)
	}
}

func TestShownAgainReadsThePipelineAgain(t *testing.T) {
	h := newHarness(t)
	h.request(agent, "Nguyễn Văn An", 2, 3_000_000)
	h.open(agent)
	h.area.Focus() // first shown: loaded by New already
	if h.area.loadGen != 1 {
		t.Errorf("first Focus loaded again (%d loads)", h.area.loadGen)
	}
	// A request made in the Bookings area meanwhile.
	h.request(agent, "Trần Thị Bình", 1, 4_500_000)
	h.area.Focus()
	h.settle()
	// By hand: 6,000,000 + 4,500,000.
	if st := h.area.stages[0]; len(st.IDs) != 2 || st.Totals["VND"] != 10_500_000 {
		t.Errorf("inquiry after showing again: %d worth %d VND", len(st.IDs), st.Totals["VND"])
	}
}
