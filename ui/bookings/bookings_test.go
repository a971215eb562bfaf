package bookings

import (
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/customers"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

var (
	agent = service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	today = app.Date{Year: 2026, Month: 11, Day: 23}
)

// harness runs the Bookings area over a real localdb store in a
// temporary directory; the area's fyne.Do work is queued and run on the
// test goroutine by WaitFor (uitest.UI).
type harness struct {
	*uitest.UI
	t       *testing.T
	store   *localdb.Store
	data    *Data
	printer *fakePrinter
	win     fyne.Window
	area    *Area
}

type fakePrinter struct {
	mu   sync.Mutex
	jobs []customers.PrintJob
}

func (p *fakePrinter) Print(j customers.PrintJob) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs = append(p.jobs, j)
	return "/tmp/" + j.Name + ".pdf", nil
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ui := uitest.New(t)
	store := localdbtest.Open(t)
	return &harness{UI: ui, t: t, store: store, data: NewData(store, agent, "dev-test"), printer: &fakePrinter{}}
}

func (h *harness) save(e app.Entity) string {
	h.t.Helper()
	id := record.NewID()
	if err := h.store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, id, e); return err }); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// customer stores a customer of the agent.
func (h *harness) customer(name string) string {
	h.t.Helper()
	id, err := service.NewCustomers(h.store, agent).Create(&app.Customer{Name: name, Type: app.Person, Stage: app.StageLead, Language: "vi", Phones: []string{"0901234567"}})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// custom stores a custom-trip request of one line qty × price VND.
func (h *harness) custom(customerID string, qty int, price int64) *app.Booking {
	h.t.Helper()
	b, err := h.data.Pipeline.Create(service.Request{CustomerID: customerID, Destination: "Sa Pa", StartDate: app.Date{Year: 2026, Month: 12, Day: 5}, EndDate: app.Date{Year: 2026, Month: 12, Day: 7},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: qty, UnitPrice: money.New(price, "VND")}}}, today)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

func (h *harness) open() {
	h.t.Helper()
	h.win = h.Window()
	h.area = newArea(h.data, h.printer, h.win, h.Do, func() app.Date { return today })
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.WaitFor("the list", func() bool { return h.area.shownGen == h.area.queryGen })
}

// selectFirst selects the first listed booking and waits for its detail.
func (h *harness) selectFirst() {
	h.t.Helper()
	gen := h.area.detailGen
	h.area.list.Select(0)
	h.WaitFor("the detail", func() bool { return h.area.detailShown > gen })
}

// waitDetail waits for a detail load after the current one.
func (h *harness) waitDetail(cond func() bool) {
	h.t.Helper()
	h.WaitFor("the detail", func() bool { return h.area.detailShown == h.area.detailGen && h.area.detail.v != nil && cond() })
}

// rowTexts are the list rows laid out: title, total, sub.
func (h *harness) rowTexts() []string {
	var out []string
	for _, o := range test.LaidOutObjects(h.area.list) {
		if r, ok := o.(*row); ok && r.Visible() && r.title.Text != "" {
			out = append(out, r.title.Text+" | "+r.total.Text+" | "+r.sub.Text+" | "+r.balance.Text)
		}
	}
	return out
}

func texts(ls []*widget.Label) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Text)
	}
	return strings.Join(out, "\n")
}

func TestCreateBookingOnDepartureAndTakeDeposit(t *testing.T) {
	h := newHarness(t)
	cid := h.customer("Nguyễn Văn An")
	h.customer("Lê Thị Hoa")
	tour := h.save(&app.Tour{Code: "HLB-3D2N", Name: "Hạ Long Bay 3D2N", Days: 3, Nights: 2, PriceAdult: money.New(5_000_000, "VND")})
	h.save(&app.Departure{TourID: tour, Code: "HLB-261220", StartDate: app.Date{Year: 2026, Month: 12, Day: 20}, EndDate: app.Date{Year: 2026, Month: 12, Day: 22}, Capacity: 20, MinTravelers: 10})
	h.save(&app.LoyaltyProgram{Name: "Sen Vàng Club", Active: true, Tiers: []app.Tier{{Name: "Member", DiscountPercent: 5}}})
	h.open()
	if got := h.area.count.Text; got != "0 bookings" {
		t.Errorf("count = %q", got)
	}

	// New booking: find the customer by typing without diacritics.
	h.area.onNew()
	f := h.area.newForm
	if f == nil {
		t.Fatal("Ctrl+N opened no form")
	}
	test.Type(f.custSearch, "nguyen van")
	h.WaitFor("the customer", func() bool { return f.custSelect.Selected != "" })
	if !strings.HasPrefix(f.custSelect.Selected, "Nguyễn Văn An") {
		t.Errorf("customer chosen = %q", f.custSelect.Selected)
	}
	h.WaitFor("the departures", func() bool { return len(f.deps) > 0 })
	f.depSelect.SetSelectedIndex(0)
	h.WaitFor("the seats", func() bool { return strings.Contains(f.depInfo.Text, "seats left") })
	if got := f.depInfo.Text; got != "2026-12-20 → 2026-12-22 · 20 of 20 seats left" {
		t.Errorf("departure info = %q", got)
	}
	// The tour's adult price filled the line; two adults.
	if n := len(f.lines.rows); n != 1 || f.lines.rows[0].price.Text != "5000000" {
		t.Fatalf("lines after choosing the departure: %d, price %q", n, f.lines.rows[0].price.Text)
	}
	f.lines.rows[0].qty.SetText("2")
	if got := f.lines.total.Text; got != "Total 10,000,000 ₫" {
		t.Errorf("live total = %q, want Total 10,000,000 ₫", got)
	}
	h.area.save() // Ctrl+S
	h.waitDetail(func() bool { return strings.HasPrefix(h.area.detail.heading.Text, "BK-") })
	d := h.area.detail
	if h.area.newForm != nil {
		t.Error("the form is still open after saving")
	}
	// By hand: 2 × 5,000,000 = 10,000,000; loyalty 5% = 500,000; total 9,500,000.
	if got := texts(d.lines); got != "Adult · 2 × 5,000,000 ₫ = 10,000,000 ₫" {
		t.Errorf("lines = %q", got)
	}
	if got := texts(d.discounts); got != "Loyalty discount: Sen Vàng Club – Member · −5%" {
		t.Errorf("discount line = %q", got)
	}
	if got := d.total.Text; got != "Total 9,500,000 ₫" {
		t.Errorf("total = %q", got)
	}
	if !strings.Contains(d.heading.Text, "Inquiry") || !strings.Contains(d.trip.Text, "Hạ Long Bay 3D2N") || !strings.Contains(d.trip.Text, "HLB-261220") {
		t.Errorf("heading %q, trip %q", d.heading.Text, d.trip.Text)
	}
	code := strings.Split(d.heading.Text, " ")[0]
	h.WaitFor("the list", func() bool { return h.area.count.Text == "1 booking" })
	h.Drain()
	if got := d.message.Text; got != "Booking "+code+" created." {
		t.Errorf("message after creating = %q", got)
	}

	// Take the deposit: the form suggests 30% of the total (2,850,000);
	// the agent types 3.000.000 the Vietnamese way.
	test.Tap(d.pay)
	pf := d.payForm
	if pf == nil {
		t.Fatal("Take payment opened no form")
	}
	if pf.amount.Text != "2850000" || pf.kind.Selected != "Deposit" {
		t.Errorf("payment form suggests %s %q", pf.kind.Selected, pf.amount.Text)
	}
	pf.amount.SetText("3.000.000")
	h.area.save()
	h.waitDetail(func() bool { return d.payForm == nil && len(d.payments) == 1 })
	if got, want := d.money.Text, "Total 9,500,000 ₫ · paid 3,000,000 ₫ · balance 6,500,000 ₫ due 2026-12-20"; got != want {
		t.Errorf("money = %q, want %q", got, want)
	}
	if !strings.Contains(d.heading.Text, "Deposit paid") {
		t.Errorf("heading after the deposit = %q", d.heading.Text)
	}
	if got := d.message.Text; got != "Deposit of 3,000,000 ₫ recorded." {
		t.Errorf("message = %q", got)
	}
	if got := texts(d.payments); !strings.HasPrefix(got, "2026-11-23 · Deposit · 3,000,000 ₫ · Cash") {
		t.Errorf("payments = %q", got)
	}
	h.Drain()
	rows := h.rowTexts()
	if len(rows) != 1 || rows[0] != code+" · Nguyễn Văn An | 9,500,000 ₫ | Hạ Long Bay 3D2N · 2026-12-20 · Deposit paid | balance 6,500,000 ₫" {
		t.Errorf("list rows = %q", rows)
	}

	// What the store holds.
	ids, _ := h.store.Lookup(app.KindBooking, "customer_id", cid)
	if len(ids) != 1 {
		t.Fatalf("stored bookings of the customer: %d", len(ids))
	}
	st, err := h.data.Payments.Statement(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if st.Booking.Code != code || st.Booking.Status != app.BookingDeposit || st.Total.Amount != 9_500_000 || st.Paid.Amount != 3_000_000 || st.Balance.Amount != 6_500_000 {
		t.Errorf("stored: %s %s total %v paid %v balance %v", st.Booking.Code, st.Booking.Status, st.Total, st.Paid, st.Balance)
	}
	if len(st.Payments) != 1 || st.Payments[0].Type != app.PaymentDeposit || st.Payments[0].ReceivedBy != agent.UserID {
		t.Errorf("stored payments: %+v", st.Payments)
	}
}

func TestNewBookingProblemsShownInline(t *testing.T) {
	h := newHarness(t)
	h.customer("Nguyễn Văn An")
	h.open()
	h.area.onNew()
	f := h.area.newForm
	f.kind.SetSelected("Custom trip")
	f.lines.rows[0].price.SetText("abc")
	h.area.save()
	if !f.custErr.Visible() || !strings.Contains(f.custErr.Text, "Choose the customer") {
		t.Errorf("customer error = %q", f.custErr.Text)
	}
	if !f.lines.rows[0].err.Visible() || !strings.HasPrefix(f.lines.rows[0].err.Text, "Unit price:") {
		t.Errorf("line error = %q", f.lines.rows[0].err.Text)
	}
	test.Type(f.custSearch, "nguyen")
	h.WaitFor("the customer", func() bool { return f.custSelect.Selected != "" })
	f.lines.rows[0].price.SetText("1.500.000")
	f.start.SetText("2026-12-05")
	f.end.SetText("2026-12-07")
	h.area.save() // no destination: the service says so beside it
	h.WaitFor("the refusal", func() bool { return f.destErr.Visible() })
	if n, _ := h.store.Count(app.KindBooking); n != 0 {
		t.Errorf("%d bookings stored after a refusal", n)
	}
	test.Type(f.destination, "Sa Pa")
	h.area.save()
	h.waitDetail(func() bool { return strings.Contains(h.area.detail.trip.Text, "Sa Pa") })
	if got := h.area.detail.total.Text; got != "Total 1,500,000 ₫" {
		t.Errorf("total = %q", got)
	}
}

func TestBadPaymentsRefusedInlineChangeNothing(t *testing.T) {
	h := newHarness(t)
	b := h.custom(h.customer("Nguyễn Văn An"), 1, 2_000_000)
	h.open()
	h.selectFirst()
	d := h.area.detail
	test.Tap(d.pay)
	pf := d.payForm
	submit := func(amount, currency string) string {
		pf.currency.SetSelected(currency)
		pf.amount.SetText(amount)
		pf.submit()
		h.WaitFor("the answer", func() bool { return pf.general.Visible() || pf.amountErr.Visible() })
		msg := pf.general.Text + pf.amountErr.Text
		setErr(pf.general, "")
		setErr(pf.amountErr, "")
		return msg
	}
	if msg := submit("-500000", "VND"); !strings.Contains(msg, "must be above zero") {
		t.Errorf("negative amount: %q", msg)
	}
	if msg := submit("100", "USD"); !strings.Contains(msg, "amount is in USD but booking "+b.Code+" is in VND") {
		t.Errorf("wrong currency: %q", msg)
	}
	if d.payForm == nil || pf.amount.Text != "100" {
		t.Error("the form closed or lost what was typed")
	}
	// The booking is cancelled elsewhere while the form is open.
	if _, err := h.data.Payments.Cancel(b.ID, "customer changed plans", today, false); err != nil {
		t.Fatal(err)
	}
	if msg := submit("500000", "VND"); !strings.Contains(msg, "is cancelled: it takes no payments") {
		t.Errorf("paying a cancelled booking: %q", msg)
	}
	pf.modal.d.Hide()
	ids, _ := h.store.Lookup(app.KindPayment, "booking_id", b.ID)
	if len(ids) != 0 {
		t.Errorf("%d payments stored after refusals", len(ids))
	}
	h.area.Reload()
	h.waitDetail(func() bool { return strings.Contains(d.heading.Text, "Cancelled") })
	for _, o := range test.LaidOutObjects(d.content) {
		if o == fyne.CanvasObject(d.pay) && d.pay.Visible() {
			t.Error("a cancelled booking still offers Take payment")
		}
	}
}

func TestCancelWithRefundFromTerms(t *testing.T) {
	h := newHarness(t)
	// Terms: 30 days or more before the start keep 10%.
	set := &app.CompanySettings{CompanyName: "Sen Vàng Travel", DefaultCurrency: "VND", CancellationPolicy: []app.CancellationTerm{{DaysBefore: 30, KeepPercent: 10}, {DaysBefore: 0, KeepPercent: 100}}}
	if err := h.store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, app.CompanySettingsID, set); return err }); err != nil {
		t.Fatal(err)
	}
	cid := h.customer("Nguyễn Văn An")
	b, err := h.data.Pipeline.Create(service.Request{CustomerID: cid, Destination: "Phú Quốc", StartDate: app.Date{Year: 2027, Month: 1, Day: 10}, EndDate: app.Date{Year: 2027, Month: 1, Day: 14},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(4_000_000, "VND")}}}, today)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.data.Payments.Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(3_000_000, "VND"), Date: today}); err != nil {
		t.Fatal(err)
	}
	h.open()
	h.selectFirst()
	d := h.area.detail
	test.Tap(d.cancel)
	cf := d.cancelForm
	cf.submit()
	if !strings.Contains(cf.general.Text, "reason is required") {
		t.Errorf("no reason: %q", cf.general.Text)
	}
	test.Type(cf.reason, "visa refused")
	if !cf.refund.Checked {
		t.Error("refund not offered for a booking with money paid")
	}
	cf.submit()
	h.waitDetail(func() bool {
		return strings.Contains(d.heading.Text, "Cancelled") && strings.Contains(d.message.Text, "cancelled")
	})
	// By hand: 48 days before; total 8,000,000, 10% kept = 800,000; paid
	// 3,000,000, refund 2,200,000.
	if got, want := d.message.Text, b.Code+" cancelled 48 days before the start: 10% kept (800,000 ₫), 2,200,000 ₫ to refund. Refund of 2,200,000 ₫ recorded."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if got := d.money.Text; got != "Total 8,000,000 ₫ · paid 800,000 ₫ · nothing more is owed" {
		t.Errorf("money = %q", got)
	}
}

func TestTravelersAndPrinting(t *testing.T) {
	h := newHarness(t)
	b := h.custom(h.customer("Nguyễn Văn An"), 2, 1_000_000)
	h.open()
	h.selectFirst()
	d := h.area.detail
	test.Tap(d.addTraveler)
	tf := d.travForm
	tf.passport.SetText("c1234567")
	tf.phone.SetText("12ab")
	tf.submit()
	h.WaitFor("the refusal", func() bool { return tf.errs["name"].Visible() })
	if got := tf.errs["name"].Text + " / " + tf.errs["phone"].Text; got != "Required / Not a valid phone number (for example 0901 234 567 or +84 90 123 4567)" {
		t.Errorf("inline problems = %q", got)
	}
	if n, _ := h.store.Count(app.KindTraveler); n != 0 {
		t.Errorf("%d travelers stored after a refusal", n)
	}
	tf.phone.SetText("0912 345 678")
	test.Type(tf.name, "Trần Thị Bình")
	tf.typ.SetSelected("Child")
	tf.expiry.SetText("2031-05-01")
	tf.submit()
	h.waitDetail(func() bool { return len(d.travelers) == 1 })
	if got := texts(d.travelers); got != "Trần Thị Bình · Child · passport C1234567 (expires 2031-05-01)" {
		t.Errorf("travelers = %q", got)
	}
	test.Tap(d.editTraveler[0])
	tf = d.travForm
	tf.passport.SetText("B7654321")
	h.area.save()
	h.waitDetail(func() bool { return strings.Contains(texts(d.travelers), "B7654321") })
	ts, _ := h.data.Pipeline.Travelers(b.ID)
	if len(ts) != 1 || ts[0].PassportNumber != "B7654321" || ts[0].Type != app.TravelerChild || ts[0].Name != "Trần Thị Bình" {
		t.Errorf("stored travelers: %+v", ts)
	}

	test.Tap(d.printButtons[1]) // Print contract
	h.WaitFor("the print", func() bool { return strings.Contains(d.message.Text, "PDF viewer") })
	h.printer.mu.Lock()
	jobs := h.printer.jobs
	h.printer.mu.Unlock()
	if len(jobs) != 1 || jobs[0] != (customers.PrintJob{Kind: "contract", ID: b.ID, Lang: "vi", Name: b.Code}) {
		t.Errorf("print jobs = %+v", jobs)
	}
}

func TestSearchByCodeAndCustomer(t *testing.T) {
	h := newHarness(t)
	b1 := h.custom(h.customer("Nguyễn Văn An"), 1, 1_000_000)
	h.custom(h.customer("Lê Thị Hoa"), 1, 2_000_000)
	h.open()
	if got := h.area.count.Text; got != "2 bookings" {
		t.Errorf("count = %q", got)
	}
	test.Type(h.area.search, "hoa")
	h.WaitFor("the search", func() bool { return h.area.shownGen == h.area.queryGen && h.area.count.Text == "1 found" })
	h.Drain()
	if rows := h.rowTexts(); len(rows) != 1 || !strings.Contains(rows[0], "Lê Thị Hoa") {
		t.Errorf("rows for hoa = %q", rows)
	}
	h.area.search.SetText(b1.Code)
	h.WaitFor("the search", func() bool { return h.area.shownGen == h.area.queryGen && h.area.count.Text == "1 found" })
	h.Drain()
	if rows := h.rowTexts(); len(rows) != 1 || !strings.HasPrefix(rows[0], b1.Code) {
		t.Errorf("rows for the code = %q", rows)
	}
}

func TestEnterSubmitsAndEscapeCancelsThePaymentForm(t *testing.T) {
	h := newHarness(t)
	b := h.custom(h.customer("Nguyễn Văn An"), 1, 2_000_000)
	h.open()
	h.selectFirst()
	d := h.area.detail
	test.Tap(d.pay)
	d.payForm.amount.SetText("100.000")
	d.payForm.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if d.payForm != nil || h.area.save != nil {
		t.Fatal("Escape left the payment form open")
	}
	test.Tap(d.pay)
	// By hand: 30% of 2,000,000.
	if got := d.payForm.amount.Text; got != "600000" {
		t.Errorf("suggested deposit = %q, want 600000", got)
	}
	d.payForm.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitDetail(func() bool { return d.payForm == nil && len(d.payments) == 1 })
	st, err := h.data.Payments.Statement(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Paid.Amount != 600_000 || st.Balance.Amount != 1_400_000 {
		t.Errorf("stored: paid %v balance %v", st.Paid, st.Balance)
	}
}

func TestSurchargeAndRepricing(t *testing.T) {
	h := newHarness(t)
	b := h.custom(h.customer("Nguyễn Văn An"), 2, 1_500_000) // 3,000,000
	h.open()
	h.selectFirst()
	d := h.area.detail

	// Reprice while the request is open: 2 adults at 1,500,000 and a
	// child at 800,000; the total follows as typed.
	test.Tap(d.editLines)
	ed := d.linesForm
	ed.add(app.PriceLine{Description: "Child", TravelerType: app.TravelerChild, Quantity: 1})
	ed.rows[1].price.SetText("800.000")
	if got := ed.total.Text; got != "Total 3,800,000 ₫" {
		t.Errorf("live total = %q", got)
	}
	ed.rows[1].qty.SetText("0")
	h.area.save()
	if !strings.HasPrefix(ed.rows[1].err.Text, "Quantity") {
		t.Errorf("quantity 0: %q", ed.rows[1].err.Text)
	}
	ed.rows[1].qty.SetText("1")
	h.area.save()
	h.waitDetail(func() bool { return d.linesForm == nil && d.total.Text == "Total 3,800,000 ₫" })

	// A surcharge is paid at once and adds its line: total and paid grow
	// by 500,000, the balance stays.
	test.Tap(d.pay)
	pf := d.payForm
	pf.kind.SetSelected("Surcharge")
	pf.amount.SetText("500.000")
	pf.note.SetText("Single room")
	h.area.save()
	h.waitDetail(func() bool { return d.payForm == nil && len(d.payments) == 1 })
	if got := d.money.Text; got != "Total 4,300,000 ₫ · paid 500,000 ₫ · balance 3,800,000 ₫ due 2026-12-05" {
		t.Errorf("money after the surcharge = %q", got)
	}
	if got := texts(d.lines); !strings.Contains(got, "Single room · 1 × 500,000 ₫ = 500,000 ₫ · surcharge") {
		t.Errorf("lines = %q", got)
	}
	// The first payment took the request to deposit.
	stored, _ := h.data.Pipeline.Get(b.ID)
	if stored.Status != app.BookingDeposit || len(stored.Lines) != 3 {
		t.Errorf("stored: %s with %d lines", stored.Status, len(stored.Lines))
	}

	// A refund above what was paid is refused inline.
	test.Tap(d.refund)
	rf := d.payForm
	rf.amount.SetText("600.000")
	rf.submit()
	h.WaitFor("the refusal", func() bool { return rf.general.Visible() })
	if !strings.Contains(rf.general.Text, "only") || !strings.Contains(rf.general.Text, "was paid") {
		t.Errorf("refund refusal = %q", rf.general.Text)
	}
	rf.amount.SetText("200.000")
	rf.submit()
	h.waitDetail(func() bool { return d.payForm == nil && len(d.payments) == 2 })
	if got := d.money.Text; got != "Total 4,300,000 ₫ · paid 300,000 ₫ · balance 4,000,000 ₫ due 2026-12-05" {
		t.Errorf("money after the refund = %q", got)
	}
}
