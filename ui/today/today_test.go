package today

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

var (
	agent = service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	day   = app.Date{Year: 2026, Month: 11, Day: 23}
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

func (h *harness) open(s service.Session) {
	h.t.Helper()
	h.win = h.Window()
	noon := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.Local)
	h.area = newArea(Deps{Store: h.store, Session: s, Now: func() time.Time { return noon }}, h.win, h.Do)
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.WaitFor("the tasks and the care generation", func() bool {
		return h.area.shownGen == h.area.loadGen && h.area.generatedOn == day && !h.area.generating
	})
}

// rows returns the title and sub-line of every task row laid out.
func (h *harness) rows() map[string]*taskRow {
	out := map[string]*taskRow{}
	for _, o := range test.LaidOutObjects(h.area.list) {
		if r, ok := o.(*taskRow); ok && r.Visible() && r.title.Text != "" {
			out[r.title.Text] = r
		}
	}
	return out
}

func (h *harness) customer(s service.Session, c app.Customer) string {
	h.t.Helper()
	id, err := service.NewCustomers(h.store, s).Create(&c)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// task stores a task made by a person (not generated).
func (h *harness) task(t app.Task) string {
	h.t.Helper()
	id := record.NewID()
	if err := h.store.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, id, &t)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return id
}

func TestTodayListsTasksAndDoneRemovesOne(t *testing.T) {
	h := newHarness(t)
	// Lan's birthday is today: opening Today generates her greeting.
	lan := h.customer(agent, app.Customer{Name: "Nguyễn Thị Lan", Phones: []string{"0901234567"}, Birthday: app.Date{Year: 1990, Month: 11, Day: 23}})
	// A call promised two days ago, still open: overdue.
	callID := h.task(app.Task{Title: "Call back about Phú Quốc", Type: app.TaskCall, DueDate: day.AddDays(-2), AssigneeID: agent.UserID, CustomerID: lan})
	// Done already, due tomorrow, another agent's: not listed.
	h.task(app.Task{Title: "Already done", Type: app.TaskCall, DueDate: day, AssigneeID: agent.UserID, Status: app.TaskDone})
	h.task(app.Task{Title: "Tomorrow's call", Type: app.TaskCall, DueDate: day.AddDays(1), AssigneeID: agent.UserID})
	h.task(app.Task{Title: "Someone else's", Type: app.TaskCall, DueDate: day, AssigneeID: "agent-2"})
	h.open(agent)

	greeting := "Birthday greeting: Nguyễn Thị Lan (36)"
	h.WaitFor("both tasks on the list", func() bool {
		r := h.rows()
		return r[greeting] != nil && r["Call back about Phú Quốc"] != nil
	})
	if got := len(h.area.shown); got != 2 {
		t.Errorf("%d tasks listed, want 2", got)
	}
	if got := h.area.count.Text; got != "2 to do, 1 overdue" {
		t.Errorf("count = %q", got)
	}
	call := h.rows()["Call back about Phú Quốc"]
	if !strings.Contains(call.sub.Text, "2 days overdue") {
		t.Errorf("overdue call's line = %q", call.sub.Text)
	}
	if got := h.area.birthday.Text; !strings.Contains(got, "Nguyễn Thị Lan") {
		t.Errorf("birthdays today = %q, want Lan", got)
	}

	// The greetings filter keeps only the birthday.
	h.area.filter.SetSelected(groupName(groupGreetings))
	if got := len(h.area.shown); got != 1 || h.area.shown[0].Title != greeting {
		t.Errorf("greetings filter shows %d tasks", got)
	}
	h.area.filter.SetSelected(groupName(groupAll))

	// Done on the call's row takes it off the list and stores it done.
	test.Tap(h.rows()["Call back about Phú Quốc"].done)
	h.WaitFor("the call to leave the list", func() bool { return h.rows()["Call back about Phú Quốc"] == nil && len(h.area.busy) == 0 })
	if got := h.area.count.Text; got != "1 to do" {
		t.Errorf("count after done = %q", got)
	}
	stored, err := service.Load[app.Task](h.store, callID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != app.TaskDone || stored.DoneBy != agent.UserID {
		t.Errorf("stored task: status %q by %q, want done by agent-1", stored.Status, stored.DoneBy)
	}

	// Snoozing the greeting for 3 days hides it; the store says until when.
	r := h.rows()[greeting]
	gid := r.id
	r.snooze(3)
	h.WaitFor("the greeting to leave the list", func() bool { return len(h.area.shown) == 0 && len(h.area.busy) == 0 })
	g, err := service.Load[app.Task](h.store, gid)
	if err != nil {
		t.Fatal(err)
	}
	if want := (app.Date{Year: 2026, Month: 11, Day: 26}); g.SnoozedUntil != want {
		t.Errorf("snoozed until %s, want %s", g.SnoozedUntil, want)
	}
	if !h.area.empty.Visible() {
		t.Error("an empty list shows no message")
	}

	// Reopening generates nothing new: the greeting stays snoozed.
	h.open(agent)
	if got := len(h.area.shown); got != 0 {
		t.Errorf("after reopening %d tasks listed, want 0", got)
	}
}

// A task closed meanwhile on another device (the sync brought it) cannot
// be snoozed: the refusal shows above the list, and the list is read again.
func TestTodayRefusalShownInline(t *testing.T) {
	h := newHarness(t)
	id := h.task(app.Task{Title: "Send the visa papers", Type: app.TaskOther, DueDate: day, AssigneeID: agent.UserID})
	h.open(agent)
	h.WaitFor("the task", func() bool { return h.rows()["Send the visa papers"] != nil })
	if _, err := service.NewCare(h.store, agent).Done(id, "done on the other laptop", time.Now()); err != nil {
		t.Fatal(err)
	}
	h.rows()["Send the visa papers"].snooze(1)
	h.WaitFor("the refusal and the reload", func() bool {
		return h.area.message.Visible() && len(h.area.busy) == 0 && h.area.shownGen == h.area.loadGen && len(h.area.shown) == 0
	})
	if !strings.HasPrefix(h.area.message.Text, "Could not snooze the task:") || !strings.Contains(h.area.message.Text, "only an open task can be snoozed") {
		t.Errorf("message = %q", h.area.message.Text)
	}
	if g, _ := service.Load[app.Task](h.store, id); !g.SnoozedUntil.IsZero() {
		t.Errorf("the refused snooze was stored: %s", g.SnoozedUntil)
	}
}

func TestTodayPaymentsDueAndDepartures(t *testing.T) {
	h := newHarness(t)
	cid := h.customer(agent, app.Customer{Name: "Lê Văn Cường", Phones: []string{"0903000111"}})
	pipe := service.NewPipeline(h.store, agent, "dev-test")
	// 10,000,000 ₫ custom trip, balance due 5 days ago, deposit 3,000,000.
	b, err := pipe.Create(service.Request{CustomerID: cid, Destination: "Hạ Long", StartDate: day.AddDays(20), EndDate: day.AddDays(22), BalanceDue: day.AddDays(-5),
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(5_000_000, "VND")}}}, day.AddDays(-30))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(3_000_000, "VND"), Date: day.AddDays(-30)}); err != nil {
		t.Fatal(err)
	}
	h.open(agent)
	h.WaitFor("the payments due", func() bool { return len(h.area.paysBox.Objects) > 0 })
	var texts []string
	for _, o := range h.area.paysBox.Objects {
		if w, ok := o.(*widget.Label); ok {
			texts = append(texts, w.Text)
		}
	}
	// 10,000,000 − 3,000,000 = 7,000,000 owed, due 2026-11-18.
	want := b.Code + " · Lê Văn Cường: " + money.New(7_000_000, "VND").Format(i18n.Current()) + ", 5 days overdue (due 2026-11-18)"
	if !slices.Contains(texts, want) {
		t.Errorf("payments due = %q, want %q", texts, want)
	}
	h.WaitFor("the departures", func() bool { return h.area.depEmpty.Text != "Loading…" })
	if got := h.area.depEmpty.Text; got != "No departure this week." {
		t.Errorf("departures = %q", got)
	}

	// A departure in two days and one in eight (next week): the first is
	// listed with its seats.
	var tour string
	for i, start := range []app.Date{day.AddDays(2), day.AddDays(8)} {
		if err := h.store.Update(func(tx service.Tx) error {
			if tour == "" {
				tour = record.NewID()
				if _, err := service.StoreEntity(tx, tour, &app.Tour{Name: "Đà Lạt 3N2Đ", Code: "DL-3N2D", Days: 3, Nights: 2, PriceAdult: money.New(3_500_000, "VND")}); err != nil {
					return err
				}
			}
			_, err := service.StoreEntity(tx, record.NewID(), &app.Departure{TourID: tour, Code: []string{"DL-261125", "DL-261201"}[i], StartDate: start, EndDate: start.AddDays(2), Capacity: 20, MinTravelers: 10})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	h.area.Reload()
	h.WaitFor("the departure", func() bool { return len(h.area.deps7.Objects) > 0 })
	box := h.area.deps7.Objects[0].(*fyne.Container)
	head, sub := box.Objects[0].(*widget.Label).Text, box.Objects[1].(*widget.Label).Text
	if head != "DL-261125 · Đà Lạt 3N2Đ" || sub != "2026-11-25 – 2026-11-27 · 0 of 20 seats · below the minimum of 10" || len(h.area.deps7.Objects) != 1 {
		t.Errorf("departures: %q / %q (%d listed)", head, sub, len(h.area.deps7.Objects))
	}
}
