package tours

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/printing"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

const (
	tourID    = "0190c2d4-4444-7000-8000-000000000001"
	depID     = "0190c2d4-5555-7000-8000-000000000001"
	laterID   = "0190c2d4-5555-7000-8000-000000000002"
	partnerID = "0190c2d4-8888-7000-8000-000000000001"
	guideID   = "0190c2d4-2222-7000-8000-000000000003"
	opID      = "0190c2d4-2222-7000-8000-000000000002"
	custID    = "0190c2d4-3333-7000-8000-000000000001"
	bookID    = "0190c2d4-6666-7000-8000-000000000001"
)

var today = app.Date{Year: 2026, Month: 11, Day: 23}

// pdfPrinter builds the document with package printing over the test's
// store (as cmd/tourdesk's printer does) and records the job and its size.
type pdfPrinter struct {
	store service.Store
	mu    sync.Mutex
	jobs  []PrintJob
	sizes []int
}

func (p *pdfPrinter) Print(job PrintJob) (string, error) {
	m, err := printing.Document(p.store, job.Kind, job.ID, job.Lang, today)
	if err != nil {
		return "", err
	}
	pdf, err := printing.Render(m)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs = append(p.jobs, job)
	p.sizes = append(p.sizes, len(pdf))
	return "/tmp/" + job.Kind + "-" + job.Name + ".pdf", nil
}

type harness struct {
	*uitest.UI
	t       *testing.T
	store   *localdb.Store
	printer *pdfPrinter
	win     fyne.Window
	area    *Area
}

// newHarness opens a store holding a tour, its departure 2026-12-01 to
// 12-04 (capacity 20, minimum 5) with a booking at deposit for 2 adults
// and 1 child (3 seats) and its 3 travelers, a later departure with no
// booking, a hotel partner and a guide.
func newHarness(t *testing.T) *harness {
	t.Helper()
	ui := uitest.New(t)
	i18n.SetLanguage("en")
	store := localdbtest.Open(t)
	d := func(m, day int) app.Date { return app.Date{Year: 2026, Month: time.Month(m), Day: day} }
	err := store.Update(func(tx service.Tx) error {
		vnd := func(n int64) money.Money { return money.New(n, "VND") }
		for _, e := range []struct {
			id string
			e  app.Entity
		}{
			{tourID, &app.Tour{Code: "DAD-4D3N", Name: "Đà Nẵng – Hội An", Days: 4, Nights: 3, PriceAdult: vnd(6_900_000), PriceChild: vnd(5_200_000),
				Program: []app.ProgramDay{{Day: 1, Title: "Hà Nội – Đà Nẵng", Meals: []app.Meal{app.Dinner}, Accommodation: "Biển Xanh"}}}},
			{depID, &app.Departure{TourID: tourID, Code: "DAD-2026-12-01", StartDate: d(12, 1), EndDate: d(12, 4), Capacity: 20, MinTravelers: 5, Status: app.DepartureConfirmed}},
			{laterID, &app.Departure{TourID: tourID, Code: "DAD-2027-01-05", StartDate: app.Date{Year: 2027, Month: 1, Day: 5}, EndDate: app.Date{Year: 2027, Month: 1, Day: 8}, Capacity: 20}},
			{partnerID, &app.Partner{Name: "Khách sạn Biển Xanh", Type: app.PartnerHotel}},
			{guideID, &app.User{Name: "Võ Văn Gia", Login: "gia.vo", Role: app.RoleGuide, OfficeID: "0190c2d4-1111-7000-8000-000000000001", Active: true}},
			{custID, &app.Customer{Type: app.Person, Name: "Nguyễn Văn An", Phones: []string{"+84901234567"}, Stage: app.StageCustomer, OwnerID: opID}},
			{bookID, &app.Booking{CustomerID: custID, OwnerID: opID, Status: app.BookingDeposit, Currency: "VND", Code: "BK-2026-000001", DepartureID: depID,
				Destination: "Đà Nẵng", StartDate: d(12, 1), EndDate: d(12, 4),
				Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: vnd(6_900_000)}, {Description: "Child", TravelerType: app.TravelerChild, Quantity: 1, UnitPrice: vnd(5_200_000)}}}},
			{"0190c2d4-7777-7000-8000-000000000001", &app.Traveler{BookingID: bookID, DepartureID: depID, Name: "Nguyễn Văn An", RoomType: app.RoomDouble}},
			{"0190c2d4-7777-7000-8000-000000000002", &app.Traveler{BookingID: bookID, DepartureID: depID, Name: "Lê Thị Hoa", RoomType: app.RoomDouble}},
			{"0190c2d4-7777-7000-8000-000000000003", &app.Traveler{BookingID: bookID, DepartureID: depID, Name: "Nguyễn Minh", Type: app.TravelerChild, RoomType: app.RoomDouble}},
		} {
			if _, err := service.StoreEntity(tx, e.id, e.e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &harness{UI: ui, t: t, store: store, printer: &pdfPrinter{store: store}}
}

func (h *harness) open(role app.Role) {
	h.t.Helper()
	h.win = h.Window()
	h.area = newArea(h.store, service.Session{UserID: opID, Role: role}, h.printer.Print, h.win, h.Do, func() app.Date { return today })
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.WaitFor("the lists", func() bool {
		return h.area.deps.shownGen == h.area.deps.loadGen && h.area.tours.shownGen == h.area.tours.loadGen
	})
}

// selectDeparture selects the list's row i and waits for its detail.
func (h *harness) selectDeparture(i int) {
	h.t.Helper()
	dd := h.area.deps.detail
	gen := dd.gen
	h.area.deps.list.Select(i)
	h.WaitFor("the departure", func() bool { return dd.gen > gen && dd.shown == dd.gen })
}

func (h *harness) reloaded(dd *depDetail, gen int) func() bool {
	return func() bool { return dd.gen > gen && dd.shown == dd.gen }
}

// The list shows departures by date with seats derived from the
// bookings: 2 adults + 1 child = 3 of 20 taken, 17 left, below the
// minimum of 5.
func TestDepartureListSeats(t *testing.T) {
	h := newHarness(t)
	h.open(app.RoleAgent)
	d := h.area.deps
	if got := d.count.Text; got != "2 departures, by date" {
		t.Errorf("count %q", got)
	}
	if d.ids[0] != depID || d.ids[1] != laterID {
		t.Fatalf("order %v, want by start date", d.ids)
	}
	h.WaitFor("the rows", func() bool { return d.rows[depID] != nil && d.rows[laterID] != nil })
	var lines []string
	for _, o := range test.LaidOutObjects(d.list) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			lines = append(lines, l.Text)
		}
	}
	joined := strings.Join(lines, "\n")
	for _, want := range []string{
		"DAD-2026-12-01 · Đà Nẵng – Hội An",
		"2026-12-01 → 2026-12-04 · Confirmed",
		"3/20 taken, 17 left · below minimum 5",
		"2027-01-05 → 2027-01-08 · Planned",
		"0/20 taken, 20 left",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("list lacks %q:\n%s", want, joined)
		}
	}
	// An agent reads: no service orders, no group list, no New tour.
	h.selectDeparture(0)
	if h.area.tours.newButton.Visible() || h.area.deps.detail.order.content.Visible() {
		t.Error("an agent may add tours or service orders")
	}
}

// An operator adds a service order to the departure: a bad quantity is
// said inline and stores nothing; then the order is stored, listed with
// its cost, confirmed with the partner's number, and its voucher prints.
func TestAddServiceOrder(t *testing.T) {
	h := newHarness(t)
	h.open(app.RoleOperator)
	h.selectDeparture(0)
	dd := h.area.deps.detail
	f := dd.order
	if f.start.Text != "2026-12-01" || f.end.Text != "2026-12-04" || f.currency.Text != "VND" {
		t.Errorf("defaults %q %q %q", f.start.Text, f.end.Text, f.currency.Text)
	}
	f.partner.SetSelectedIndex(0)
	test.Type(f.service, "Twin rooms, 3 nights")
	f.quantity.SetText("three")
	test.Type(f.unitCost, "1.600.000")
	test.Tap(f.add)
	if !f.errLabel.Visible() || f.errLabel.Text != "The quantity is a whole number, e.g. 10." {
		t.Fatalf("bad quantity message %q (visible %v)", f.errLabel.Text, f.errLabel.Visible())
	}
	ops := service.NewOperations(h.store, service.Session{Role: app.RoleOperator})
	if os, _ := ops.Orders(depID); len(os) != 0 {
		t.Fatalf("a refused order stored %d orders", len(os))
	}
	if f.service.Text != "Twin rooms, 3 nights" || f.unitCost.Text != "1.600.000" {
		t.Errorf("typed text lost: %q %q", f.service.Text, f.unitCost.Text)
	}
	f.quantity.SetText("10")
	gen := dd.gen
	test.Tap(f.add)
	h.WaitFor("the order", h.reloaded(dd, gen))
	if f.errLabel.Visible() {
		t.Fatalf("error %q", f.errLabel.Text)
	}
	os, err := ops.Orders(depID)
	if err != nil || len(os) != 1 {
		t.Fatalf("orders %v, %v", os, err)
	}
	o := os[0]
	if o.PartnerID != partnerID || o.Quantity != 10 || o.UnitCost != money.New(1_600_000, "VND") || o.Status != app.OrderRequested ||
		o.StartDate != (app.Date{Year: 2026, Month: 12, Day: 1}) || o.Service != "Twin rooms, 3 nights" {
		t.Errorf("stored %+v", o)
	}
	// 10 × 1,600,000 = 16,000,000 ₫
	want := "Khách sạn Biển Xanh · Twin rooms, 3 nights · 10 × 1,600,000 ₫ = 16,000,000 ₫ · 2026-12-01 → 2026-12-04 · Requested"
	if got := dd.orderText(dd.data.orders[0]); got != want {
		t.Errorf("row %q\nwant %q", got, want)
	}
	if f.service.Text != "" {
		t.Errorf("the form kept %q after the save", f.service.Text)
	}

	gen = dd.gen
	dd.confirmOrder(o.ID, "BX-5521")
	h.WaitFor("the confirmation", h.reloaded(dd, gen))
	if got := dd.data.orders[0]; got.Status != app.OrderConfirmed || got.ConfirmationNumber != "BX-5521" {
		t.Errorf("after confirm %+v", got)
	}
	if got := dd.orderText(dd.data.orders[0]); !strings.HasSuffix(got, "Confirmed BX-5521") {
		t.Errorf("row %q", got)
	}

	dd.print(docVoucher, o.ID)
	h.WaitFor("the voucher", func() bool { return !dd.printing })
	test.Tap(dd.printBox.Objects[1].(*widget.Button)) // rooming list
	h.WaitFor("the rooming list", func() bool { return !dd.printing })
	if len(h.printer.jobs) != 2 || h.printer.jobs[0].Kind != "voucher" || h.printer.jobs[0].ID != o.ID ||
		h.printer.jobs[1].Kind != "roominglist" || h.printer.jobs[1].ID != depID || h.printer.sizes[1] == 0 {
		t.Fatalf("printed %+v (%v); message %q", h.printer.jobs, h.printer.sizes, dd.printMsg.Text)
	}
	if !strings.HasPrefix(dd.printMsg.Text, "The rooming list of DAD-2026-12-01 is open") {
		t.Errorf("print message %q", dd.printMsg.Text)
	}
}

// Guides and the group meeting, and the group list the operator sees.
func TestGuideMeetingAndGroup(t *testing.T) {
	h := newHarness(t)
	h.open(app.RoleOperator)
	h.selectDeparture(0)
	dd := h.area.deps.detail
	if dd.groupHdr.Text != "3 travelers on the group list" || len(dd.data.members) != 3 {
		t.Errorf("group header %q, %d members", dd.groupHdr.Text, len(dd.data.members))
	}
	if got := dd.memberText(dd.data.members[0]); got != "Lê Thị Hoa · adult · double room" {
		t.Errorf("first member %q", got)
	}
	dd.guideSel.SetSelected("Võ Văn Gia")
	gen := dd.gen
	test.Tap(dd.addGuide)
	h.WaitFor("the guide", h.reloaded(dd, gen))
	if dd.guides.Text != "Võ Văn Gia" || !slices.Equal(dd.data.row.dep.GuideIDs, []string{guideID}) {
		t.Errorf("guides %q %v", dd.guides.Text, dd.data.row.dep.GuideIDs)
	}
	dd.meetAt.SetText("5:30")
	dd.meetPt.SetText("Sân bay Nội Bài, ga quốc nội, cột 12")
	gen = dd.gen
	test.Tap(dd.meetSave)
	h.WaitFor("the meeting", h.reloaded(dd, gen))
	d, err := service.Load[app.Departure](h.store, depID)
	if err != nil || d.MeetingPoint != "Sân bay Nội Bài, ga quốc nội, cột 12" || d.MeetingTime != "05:30" {
		t.Errorf("stored meeting %q %q (%v); message %q", d.MeetingPoint, d.MeetingTime, err, dd.message.Text)
	}
	// A bad time is refused inline and changes nothing.
	dd.meetAt.SetText("25:99")
	gen = dd.gen
	test.Tap(dd.meetSave)
	h.WaitFor("the refusal", func() bool { return dd.message.Visible() })
	if d, _ := service.Load[app.Departure](h.store, depID); d.MeetingTime != "05:30" {
		t.Errorf("a refused time was stored: %q", d.MeetingTime)
	}
	if dd.meetAt.Text != "25:99" {
		t.Errorf("typed time lost: %q", dd.meetAt.Text)
	}
}

// The program editor: a new tour with a wrong number of nights shows the
// message beside Nights and stores nothing; fixed, the tour is stored
// with its days, meals and hotels.
func TestTourProgramEditor(t *testing.T) {
	h := newHarness(t)
	h.open(app.RoleOperator)
	tl := h.area.tours
	tl.onNew()
	f := tl.form
	test.Type(f.code, "hlg-3d2n")
	test.Type(f.name, "Hạ Long – Ninh Bình")
	f.days.SetText("3")
	f.nights.SetText("5")
	test.Type(f.priceAdult, "4.500.000")
	f.addDay(app.ProgramDay{})
	f.addDay(app.ProgramDay{})
	f.program[0].title.SetText("Hà Nội – Hạ Long")
	f.program[0].meals[app.Lunch].SetChecked(true)
	f.program[0].meals[app.Dinner].SetChecked(true)
	f.program[0].hotel.SetText("Du thuyền Paradise")
	f.program[1].title.SetText("")
	test.Tap(f.saveButton)
	if got := f.msgs.Text("nights"); got != "a 3-day tour has 2 nights (or 3 with a night flight), not 5" {
		t.Errorf("nights message %q", got)
	}
	if got := f.program[1].errLabel.Text; !f.program[1].errLabel.Visible() || got != "title: Required" {
		t.Errorf("day 2 message %q", got)
	}
	if n, _ := h.store.Count(app.KindTour); n != 1 {
		t.Fatalf("%d tours stored after a refused save", n)
	}
	f.nights.SetText("2")
	f.program[1].title.SetText("Ninh Bình – Hà Nội")
	f.program[1].meals[app.Breakfast].SetChecked(true)
	test.Tap(f.saveButton)
	if f.msgs.General.Visible() {
		t.Fatalf("refused: %q", f.msgs.General.Text)
	}
	h.WaitFor("the save", func() bool { return tl.form == nil && tl.shownGen == tl.loadGen && len(tl.tours) == 2 })
	var got *app.Tour
	for _, t := range tl.tours {
		if t.Code == "HLG-3D2N" {
			got = t
		}
	}
	if got == nil {
		t.Fatalf("tour not listed: %v", tl.tours)
	}
	want := []app.ProgramDay{
		{Day: 1, Title: "Hà Nội – Hạ Long", Meals: []app.Meal{app.Lunch, app.Dinner}, Accommodation: "Du thuyền Paradise"},
		{Day: 2, Title: "Ninh Bình – Hà Nội", Meals: []app.Meal{app.Breakfast}},
	}
	if got.Name != "Hạ Long – Ninh Bình" || got.Days != 3 || got.Nights != 2 || got.PriceAdult != money.New(4_500_000, "VND") || len(got.Program) != 2 ||
		!slices.Equal(got.Program[0].Meals, want[0].Meals) || got.Program[0].Accommodation != want[0].Accommodation ||
		got.Program[1].Title != want[1].Title || !slices.Equal(got.Program[1].Meals, want[1].Meals) {
		t.Errorf("stored %+v", got)
	}
	if !strings.Contains(tl.detail.Text, "Day 1: Hà Nội – Hạ Long") || !strings.Contains(tl.detail.Text, "Lunch, Dinner · Du thuyền Paradise") {
		t.Errorf("detail:\n%s", tl.detail.Text)
	}
}

// A new departure: the end date and code follow the tour and start; a
// minimum above the seats is said beside it and stores nothing; fixed,
// the departure is stored, listed and shown.
func TestNewDeparture(t *testing.T) {
	h := newHarness(t)
	h.open(app.RoleOperator)
	d := h.area.deps
	if !d.newButton.Visible() {
		t.Fatal("an operator has no New departure button")
	}
	test.Tap(d.newButton)
	f := d.form
	if f == nil {
		t.Fatal("no form")
	}
	f.tour.SetSelectedIndex(0)
	test.Type(f.start, "2026-12-20")
	// DAD-4D3N is 4 days: 20 to 23 December.
	if f.end.Text != "2026-12-23" || f.code.Text != "DAD-4D3N-261220" {
		t.Errorf("proposed end %q, code %q", f.end.Text, f.code.Text)
	}
	f.capacity.SetText("12")
	f.minimum.SetText("15")
	test.Tap(f.saveButton)
	if got := f.msgs.Text("min_travelers"); got != "must be between 0 and the capacity (12)" {
		t.Errorf("minimum message %q", got)
	}
	if n, _ := h.store.Count(app.KindDeparture); n != 2 {
		t.Fatalf("%d departures after a refused save, want the 2 seeded", n)
	}
	f.minimum.SetText("8")
	dd := d.detail
	gen := dd.gen
	test.Tap(f.saveButton)
	h.WaitFor("the save", func() bool { return d.form == nil && dd.gen > gen && dd.shown == dd.gen && d.shownGen == d.loadGen })
	if n, _ := h.store.Count(app.KindDeparture); n != 3 {
		t.Fatalf("%d departures, want 3", n)
	}
	got := dd.data.row.dep
	if got.TourID != tourID || got.Code != "DAD-4D3N-261220" || got.Capacity != 12 || got.MinTravelers != 8 || got.Status != app.DeparturePlanned ||
		got.StartDate != (app.Date{Year: 2026, Month: 12, Day: 20}) || got.EndDate != (app.Date{Year: 2026, Month: 12, Day: 23}) {
		t.Errorf("stored %+v", got)
	}
	if len(d.ids) != 3 || d.ids[1] != got.ID {
		t.Errorf("list %v: the new departure belongs second by date", d.ids)
	}
}

// The operator sees only the legal moves (confirmed → running, planned,
// cancelled; never settled) and a move is stored; a director sees none
// and no forms.
func TestDepartureStatusMovesAndReadOnly(t *testing.T) {
	h := newHarness(t)
	h.open(app.RoleOperator)
	h.selectDeparture(0)
	dd := h.area.deps.detail
	var moves []string
	for _, o := range dd.status.Objects {
		moves = append(moves, o.(*widget.Button).Text)
	}
	if want := []string{"Move to Running", "Move to Planned", "Move to Cancelled"}; !slices.Equal(moves, want) {
		t.Fatalf("moves %v, want %v", moves, want)
	}
	gen := dd.gen
	test.Tap(dd.status.Objects[0].(*widget.Button))
	h.WaitFor("the move", h.reloaded(dd, gen))
	if d, _ := service.Load[app.Departure](h.store, depID); d.Status != app.DepartureRunning {
		t.Errorf("stored status %q, want running", d.Status)
	}
	if len(dd.status.Objects) != 1 || dd.status.Objects[0].(*widget.Button).Text != "Move to Completed" {
		t.Errorf("after running, moves %d", len(dd.status.Objects))
	}

	h2 := newHarness(t)
	h2.open(app.RoleDirector)
	h2.selectDeparture(0)
	dd2 := h2.area.deps.detail
	if len(dd2.status.Objects) != 0 || dd2.order.content.Visible() || dd2.meetSave.Visible() || h2.area.deps.newButton.Visible() || h2.area.tours.newButton.Visible() {
		t.Error("a director may change the departure")
	}
}
