package customers

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

func TestFilterByTierStageTagAndOwner(t *testing.T) {
	h := newHarness(t)
	h.add(app.Customer{Name: "Nguyễn Văn An", Tier: app.TierVIP1, Stage: app.StageCustomer, Tags: []string{"golf"}})
	h.add(app.Customer{Name: "Trần Thị Bình", Tier: app.TierVIP1, Stage: app.StageCustomer})
	h.add(app.Customer{Name: "Lê Văn Cường", Tier: app.TierRegular, Stage: app.StageCustomer, Tags: []string{"golf"}})
	h.add(app.Customer{Name: "Phạm Thị Dung", Stage: app.StageLead})
	h.add(app.Customer{Name: "Hoàng Văn Em", Tier: app.TierVIP1, Stage: app.StageCustomer, OwnerID: "agent-2"})
	// A manager's view, so the owner filter is offered.
	h.x.Session = service.Session{UserID: "mgr-1", Role: app.RoleManager}
	h.open()
	f := h.area.filters
	if f == nil {
		t.Fatal("no filter bar")
	}

	f.tier.SetSelected(tierName(app.TierVIP1))
	h.WaitFor("the tier filter", h.settled)
	if got, want := h.listedNames(), []string{"Hoàng Văn Em", "Nguyễn Văn An", "Trần Thị Bình"}; !slices.Equal(got, want) {
		t.Errorf("VIP 1 lists %q, want %q", got, want)
	}
	if got := h.area.count.Text; got != "3 customers match the filters" {
		t.Errorf("count = %q", got)
	}

	// Typing in the search narrows the filtered list.
	test.Type(h.area.search, "binh")
	h.WaitFor("search within the filter", h.settled)
	if got := h.listedNames(); !slices.Equal(got, []string{"Trần Thị Bình"}) {
		t.Errorf("VIP 1 + binh lists %q", got)
	}
	h.area.search.SetText("")
	h.WaitFor("the filter alone", h.settled)

	// Tag golf and tier VIP 1: An alone.
	test.Type(f.tag, "golf")
	h.WaitFor("the tag filter", func() bool { return h.area.filter.tag == "golf" && h.settled() })
	if got := h.listedNames(); !slices.Equal(got, []string{"Nguyễn Văn An"}) {
		t.Errorf("VIP 1 + golf lists %q", got)
	}
	f.tag.SetText("")
	h.WaitFor("the tag cleared", func() bool { return h.area.filter.tag == "" && h.settled() })

	// Owner agent-2 (the owner list is loaded from the users; none are
	// stored here, so pick by id).
	f.owners = []string{"agent-1", "agent-2"}
	f.owner.Options = []string{"Any owner", "Agent 1", "Agent 2"}
	f.owner.SetSelectedIndex(2)
	h.WaitFor("the owner filter", h.settled)
	if got := h.listedNames(); !slices.Equal(got, []string{"Hoàng Văn Em"}) {
		t.Errorf("VIP 1 of agent-2 lists %q", got)
	}

	// Stage lead, any tier, any owner: Dung.
	f.reset()
	f.stage.SetSelected(stageName(app.StageLead))
	h.WaitFor("the stage filter", h.settled)
	if got := h.listedNames(); !slices.Equal(got, []string{"Phạm Thị Dung"}) {
		t.Errorf("leads: %q", got)
	}
	f.tier.SetSelected(tierName(app.TierVIP2))
	h.WaitFor("an empty filter", h.settled)
	if len(h.area.ids) != 0 || !h.area.empty.Visible() || h.area.empty.Text != "No customer matches the filters." {
		t.Errorf("empty filter: %d rows, message %q", len(h.area.ids), h.area.empty.Text)
	}
	f.reset()
	h.WaitFor("everyone", h.settled)
	if got := len(h.area.ids); got != 5 || h.area.count.Text != "5 customers" {
		t.Errorf("after clearing: %d rows, %q", got, h.area.count.Text)
	}
}

func TestDetailShowsTimeline(t *testing.T) {
	h := newHarness(t)
	agent := h.x.Session
	id := h.add(app.Customer{Name: "Võ Thị Giang", Phones: []string{"0905111222"}})
	day := app.Date{Year: 2026, Month: 11, Day: 2}
	b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: id, Destination: "Sa Pa",
		StartDate: app.Date{Year: 2026, Month: 12, Day: 10}, EndDate: app.Date{Year: 2026, Month: 12, Day: 12},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(4_000_000, "VND")}}}, day)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(1_200_000, "VND"), Date: day.AddDays(1)}); err != nil {
		t.Fatal(err)
	}
	h.open()
	h.area.list.Select(0)
	h.WaitFor("the timeline", func() bool { return len(h.area.detail.timeline.lines) > 0 })
	lines := h.area.detail.timeline.lines
	// Newest first: the trip (upcoming), the payment and the booking on
	// the 3rd, the request on the 2nd.
	if len(lines) != 4 {
		t.Fatalf("timeline = %q, want 4 events", lines)
	}
	if !strings.HasPrefix(lines[0], "2026-12-10 Trip: ") || !strings.HasPrefix(lines[len(lines)-1], "2026-11-02 Request: ") {
		t.Errorf("timeline order = %q", lines)
	}
	pay := money.New(1_200_000, "VND").Format(uiLang())
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "2026-11-03 Payment: ") && strings.HasSuffix(l, pay) }) {
		t.Errorf("no payment of %s on 2026-11-03 in %q", pay, lines)
	}
}

func TestDuplicateOfferedAndMerged(t *testing.T) {
	h := newHarness(t)
	agent := h.x.Session
	first := h.add(app.Customer{Name: "Nguyễn Văn An", Phones: []string{"0901234567"}, Tags: []string{"golf"}})
	// The first one has a booking: it is the one kept.
	if _, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: first, Destination: "Huế",
		StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 2},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(2_000_000, "VND")}}},
		app.Date{Year: 2026, Month: 11, Day: 20}); err != nil {
		t.Fatal(err)
	}
	second := h.add(app.Customer{Name: "Nguyen Van An", Phones: []string{"+84 90 123 4567"}, Emails: []string{"an@example.vn"}, Tags: []string{"family"}})
	h.open()

	h.area.showDetail(second)
	h.WaitFor("the duplicate bar", func() bool { return h.area.detail.dup.Visible() })
	if got := h.area.detail.dupText.Text; got != "Possible duplicate of Nguyễn Văn An (same phone, email or document)." {
		t.Errorf("duplicate bar = %q", got)
	}
	// The older one is offered the newer too.
	h.area.showDetail(first)
	h.WaitFor("the duplicate bar on the first", func() bool {
		c := h.area.detail.customer
		return c != nil && c.ID == first && h.area.detail.dup.Visible()
	})
	if got := h.area.detail.duplicate.ID; got != second {
		t.Errorf("the first's duplicate is %s, want the second", got)
	}
	test.Tap(h.area.detail.dupMerge)
	h.WaitFor("the confirmation", func() bool { return h.area.mergeConfirm != nil })
	h.area.mergeConfirm()
	h.WaitFor("the merge", func() bool { return !h.area.merging && h.settled() && len(h.area.ids) == 1 })

	if _, err := h.svc.Get(second); err == nil {
		t.Error("the duplicate without history is still there")
	}
	kept, err := h.svc.Get(first)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Name != "Nguyễn Văn An" || !slices.Equal(kept.Emails, []string{"an@example.vn"}) || !slices.Equal(kept.Tags, []string{"golf", "family"}) || !slices.Equal(kept.Phones, []string{"+84901234567"}) {
		t.Errorf("kept = %q %v %v %v", kept.Name, kept.Emails, kept.Tags, kept.Phones)
	}
	h.WaitFor("the kept customer's detail", func() bool {
		c := h.area.detail.customer
		return c != nil && c.ID == first && !h.area.detail.dup.Visible()
	})
}

// Two copies that both have history merge: the one with more is kept
// (here not the one shown), the dialog says what moves to it, and its
// history then holds both copies'.
func TestMergeWhenBothHaveHistory(t *testing.T) {
	h := newHarness(t)
	agent := h.x.Session
	var ids, bookings []string
	for _, name := range []string{"Đỗ Văn Hải", "Do Van Hai"} {
		id := h.add(app.Customer{Name: name, Phones: []string{"0987654321"}})
		b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: id, Destination: "Huế",
			StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 2},
			Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(2_000_000, "VND")}}},
			app.Date{Year: 2026, Month: 11, Day: 20})
		if err != nil {
			t.Fatal(err)
		}
		ids, bookings = append(ids, id), append(bookings, b.ID)
	}
	// The first: its booking, two payments and a call (4 records); the
	// second: its booking, one payment and a call (3).
	err := h.store.Update(func(tx service.Tx) error {
		for _, e := range []app.Entity{
			&app.Payment{BookingID: bookings[0], CustomerID: ids[0], Type: app.PaymentDeposit, Method: app.MethodCash, Amount: money.New(500_000, "VND"), ReceivedBy: agent.UserID, Date: app.Date{Year: 2026, Month: 11, Day: 21}},
			&app.Payment{BookingID: bookings[0], CustomerID: ids[0], Type: app.PaymentBalance, Method: app.MethodCash, Amount: money.New(1_500_000, "VND"), ReceivedBy: agent.UserID, Date: app.Date{Year: 2026, Month: 11, Day: 22}},
			&app.Interaction{CustomerID: ids[0], Type: app.InteractionCall, Direction: app.Inbound, Summary: "asked about Huế", At: time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC), UserID: agent.UserID},
			&app.Payment{BookingID: bookings[1], CustomerID: ids[1], Type: app.PaymentDeposit, Method: app.MethodCash, Amount: money.New(700_000, "VND"), ReceivedBy: agent.UserID, Date: app.Date{Year: 2026, Month: 11, Day: 21}},
			&app.Interaction{CustomerID: ids[1], Type: app.InteractionEmail, Direction: app.Outbound, Summary: "sent the Huế quote", At: time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC), UserID: agent.UserID},
		} {
			if _, err := service.StoreEntity(tx, record.NewID(), e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.open()
	h.area.showDetail(ids[1])
	h.WaitFor("the duplicate bar", func() bool {
		c := h.area.detail.customer
		return c != nil && c.ID == ids[1] && h.area.detail.dup.Visible()
	})
	test.Tap(h.area.detail.dupMerge)
	h.WaitFor("the confirmation", func() bool { return h.area.mergeConfirm != nil && !h.area.merging })
	if want := "1 booking, 1 payment, 1 contact will move to Đỗ Văn Hải."; !strings.HasSuffix(h.area.mergeMessage, want) ||
		!strings.HasPrefix(h.area.mergeMessage, "Merge Do Van Hai into Đỗ Văn Hải?") {
		t.Errorf("merge dialog says %q, want it to end with %q", h.area.mergeMessage, want)
	}
	h.area.mergeConfirm()
	h.WaitFor("the merge", func() bool { return !h.area.merging && h.settled() && len(h.area.ids) == 1 })
	if n, _ := h.svc.Count(); n != 1 {
		t.Errorf("%d customers left, want 1", n)
	}
	if _, err := h.svc.Get(ids[1]); err == nil {
		t.Error("the dropped copy is still there")
	}
	h.WaitFor("the kept customer's history", func() bool {
		c := h.area.detail.customer
		return c != nil && c.ID == ids[0] && !h.area.detail.dup.Visible() && len(h.area.detail.timeline.lines) > 0
	})
	count := map[string]int{}
	for _, l := range h.area.detail.timeline.lines {
		kind, _, _ := strings.Cut(strings.TrimSpace(l[len("2026-11-21"):]), ":")
		count[kind]++
	}
	// Both copies: 2 requests, 3 payments, 2 contacts (and the trips and
	// bookings made).
	calls := 0
	for _, l := range h.area.detail.timeline.lines {
		if strings.Contains(l, "asked about Huế") || strings.Contains(l, "sent the Huế quote") {
			calls++
		}
	}
	if count["Request"] != 2 || count["Payment"] != 3 || calls != 2 {
		t.Errorf("kept customer's history %q", h.area.detail.timeline.lines)
	}
	if got := len(h.area.detail.bookings.views); got != 2 {
		t.Errorf("%d bookings in the detail, want 2", got)
	}
}

// The detail's History button shows the selected customer's history
// through Extras.History (the shell passes syncui.ShowHistory), and is
// absent without it.
func TestHistoryButton(t *testing.T) {
	h := newHarness(t)
	h.add(app.Customer{Name: "Đinh Thị Hoa", Phones: []string{"0905333444"}})
	h.open()
	h.area.list.Select(0)
	h.WaitFor("the detail", func() bool { return h.area.detail.customer != nil })
	if h.area.detail.history != nil {
		t.Fatal("a History button without a server to ask")
	}

	h = newHarness(t)
	id := h.add(app.Customer{Name: "Đinh Thị Hoa", Phones: []string{"0905333444"}})
	var asked []string
	h.x.History = func(kind app.Kind, rid, name string) { asked = append(asked, string(kind)+" "+rid+" "+name) }
	h.open()
	h.area.list.Select(0)
	h.WaitFor("the detail", func() bool { return h.area.detail.customer != nil })
	test.Tap(h.area.detail.history)
	if want := []string{"customer " + id + " Đinh Thị Hoa"}; !slices.Equal(asked, want) {
		t.Errorf("history asked for %q, want %q", asked, want)
	}
}
