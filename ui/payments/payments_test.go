package payments

import (
	"strings"
	"sync"
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
	"github.com/tourdesk/tourdesk/ui/customers"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

var (
	agent      = service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	agent2     = service.Session{UserID: "agent-2", OfficeID: "office-hn", Role: app.RoleAgent}
	accountant = service.Session{UserID: "acc-1", OfficeID: "office-hn", Role: app.RoleAccountant}
	director   = service.Session{UserID: "dir-1", Role: app.RoleDirector}
	day        = app.Date{Year: 2026, Month: 11, Day: 23}
)

func vnd(n int64) string { return money.New(n, "VND").Format(i18n.Current()) }

type printer struct {
	mu   sync.Mutex
	jobs []customers.PrintJob
}

func (p *printer) Print(j customers.PrintJob) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs = append(p.jobs, j)
	return "/tmp/receipt.pdf", nil
}

type harness struct {
	*uitest.UI
	t       *testing.T
	store   *localdb.Store
	win     fyne.Window
	area    *Area
	printer *printer
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ui := uitest.New(t)
	store := localdbtest.Open(t)
	return &harness{UI: ui, t: t, store: store, printer: &printer{}}
}

// booking stores a customer of agent-1 and a custom trip of two adults at
// price each, balance due on due, with deposit paid.
func (h *harness) booking(name string, price, deposit int64, due app.Date) *app.Booking {
	h.t.Helper()
	cid, err := service.NewCustomers(h.store, agent).Create(&app.Customer{Name: name, Phones: []string{"0901234567"}})
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: cid, Destination: "Hạ Long",
		StartDate: day.AddDays(40), EndDate: day.AddDays(42), BalanceDue: due,
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(price, "VND")}}}, day.AddDays(-60))
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(deposit, "VND"), Date: day.AddDays(-60)}); err != nil {
		h.t.Fatal(err)
	}
	return b
}

func (h *harness) open(s service.Session) {
	h.t.Helper()
	h.win = h.Window()
	noon := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.Local)
	h.area = newArea(Deps{Store: h.store, Session: s, Printer: h.printer, Now: func() time.Time { return noon }}, h.win, h.Do)
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.settle()
}

func (h *harness) settle() {
	h.t.Helper()
	h.WaitFor("the figures", func() bool { return h.area.shownGen == h.area.loadGen })
}

// buttons returns the panel's buttons by text.
func (h *harness) buttons() map[string][]*widget.Button {
	out := map[string][]*widget.Button{}
	for _, o := range test.LaidOutObjects(h.area.cards) {
		if b, ok := o.(*widget.Button); ok {
			out[b.Text] = append(out[b.Text], b)
		}
	}
	return out
}

func TestOverdueBalanceInItsBucketAndTakePayment(t *testing.T) {
	h := newHarness(t)
	// Cường: 2 × 5,000,000 − 3,000,000 = 7,000,000 owed, due 45 days ago.
	late := h.booking("Lê Văn Cường", 5_000_000, 3_000_000, day.AddDays(-45))
	// Hoa: 2 × 3,000,000 − 2,000,000 = 4,000,000 owed, due in 10 days.
	h.booking("Phạm Thị Hoa", 3_000_000, 2_000_000, day.AddDays(10))
	h.open(accountant)

	want := map[int]string{notDue: vnd(4_000_000), days30: vnd(0), days60: vnd(7_000_000), days90: vnd(0), over90: vnd(0), total: vnd(11_000_000)}
	for b, w := range want {
		if got := h.area.totals[b].Text; got != w {
			t.Errorf("bucket %d shows %q, want %q", b, got, w)
		}
	}
	if n := len(h.area.data.Customers); n != 2 || h.area.data.Customers[0].Name != "Lê Văn Cường" {
		t.Fatalf("customers = %+v, want Cường (most owed) then Hoa", h.area.data.Customers)
	}
	// The customer's row says which bucket the debt is in.
	r := listrow.New()
	h.area.custList.UpdateItem(0, r)
	if _, amount, sub := r.Texts(); sub != "31–60 days: "+vnd(7_000_000) || amount != vnd(7_000_000) {
		t.Errorf("row: %q / %q, want %q", amount, sub, "31–60 days: "+vnd(7_000_000))
	}
	// Only Cường's balance is overdue.
	if n := len(h.area.data.Overdue); n != 1 || h.area.data.Overdue[0].Code != late.Code || h.area.data.Overdue[0].DaysOverdue != 45 {
		t.Fatalf("overdue = %+v", h.area.data.Overdue)
	}
	if got := h.area.overCount.Text; got != "1 balance past its due date" {
		t.Errorf("overdue count = %q", got)
	}

	// Take a payment from the overdue list: a zero amount is refused by
	// the service inline and nothing is stored.
	h.area.tabs.SelectIndex(1)
	h.area.overList.Select(0)
	if got := h.area.panelTitle.Text; got != "Lê Văn Cường" {
		t.Errorf("panel title = %q", got)
	}
	takes := h.buttons()["Take payment"]
	if len(takes) != 1 {
		t.Fatalf("take buttons: %d", len(takes))
	}
	test.Tap(takes[0])
	f := h.area.form
	if f == nil {
		t.Fatal("no form")
	}
	if got := f.amount.Text; got != "7000000" {
		t.Errorf("amount offered = %q, want the balance 7000000", got)
	}
	f.amount.SetText("")
	test.Type(f.amount, "0")
	test.Tap(f.save)
	h.WaitFor("the refusal", func() bool { return f.errLabel.Visible() && !f.save.Disabled() })
	if h.area.form != f {
		t.Fatal("the form closed on a refusal")
	}
	st, _ := service.NewPayments(h.store, accountant).Statement(late.ID)
	if st.Balance.Amount != 7_000_000 {
		t.Fatalf("balance after a refusal = %d", st.Balance.Amount)
	}
	f.amount.SetText("2000000")
	f.receipt.SetText("PT-0042")
	f.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.WaitFor("the payment", func() bool { return h.area.form == nil && h.area.panelMsg.Visible() })
	h.settle()
	if got := h.area.panelMsg.Text; got != vnd(2_000_000)+" received for "+late.Code+"." {
		t.Errorf("message = %q", got)
	}
	st, _ = service.NewPayments(h.store, accountant).Statement(late.ID)
	if st.Balance.Amount != 5_000_000 {
		t.Errorf("balance after paying 2,000,000 = %d, want 5,000,000", st.Balance.Amount)
	}
	if got := h.area.totals[days60].Text; got != vnd(5_000_000) {
		t.Errorf("31–60 bucket after the payment = %q", got)
	}

	// Print the receipt of the payment just taken.
	test.Tap(h.area.printBtn)
	h.WaitFor("the print", func() bool { return strings.Contains(h.area.panelMsg.Text, "/tmp/receipt.pdf") })
	if len(h.printer.jobs) != 1 || h.printer.jobs[0].Kind != "receipt" || h.printer.jobs[0].ID != h.area.last.ID || h.printer.jobs[0].Name != "PT-0042" {
		t.Errorf("print jobs = %+v", h.printer.jobs)
	}
}

func TestRolesSeeTheirScope(t *testing.T) {
	h := newHarness(t)
	h.booking("Lê Văn Cường", 5_000_000, 3_000_000, day.AddDays(-45))

	// Another agent sees none of agent-1's customers.
	h.open(agent2)
	if n := len(h.area.data.Customers); n != 0 {
		t.Errorf("agent-2 sees %d debtors", n)
	}
	if len(h.area.tabs.Items) != 2 {
		t.Errorf("an agent has %d tabs, want 2 (no supplier payables)", len(h.area.tabs.Items))
	}

	// The director reads everything and may take nothing.
	h.open(director)
	if n := len(h.area.data.Customers); n != 1 {
		t.Fatalf("director sees %d debtors, want 1", n)
	}
	h.area.custList.Select(0)
	if n := len(h.buttons()["Take payment"]); n != 0 {
		t.Errorf("director has %d Take payment buttons", n)
	}
	if len(h.area.tabs.Items) != 3 {
		t.Errorf("director has %d tabs, want 3", len(h.area.tabs.Items))
	}

	// The owner takes payments.
	h.open(agent)
	h.area.custList.Select(0)
	if n := len(h.buttons()["Take payment"]); n != 1 {
		t.Errorf("agent-1 has %d Take payment buttons", n)
	}
}

func TestDebtLimitAlert(t *testing.T) {
	h := newHarness(t)
	if err := h.store.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Travel", DefaultCurrency: "VND",
			DebtLimit: money.New(6_000_000, "VND")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// 7,000,000 owed: over the 6,000,000 limit; 4,000,000: under it.
	h.booking("Lê Văn Cường", 5_000_000, 3_000_000, day.AddDays(-45))
	h.booking("Phạm Thị Hoa", 3_000_000, 2_000_000, day.AddDays(10))
	h.open(accountant)
	if got, want := h.area.limit.Text, "⚠ 1 customer owes more than the debt limit of "+vnd(6_000_000); got != want {
		t.Errorf("limit line = %q, want %q", got, want)
	}
	r := listrow.New()
	h.area.custList.UpdateItem(0, r)
	if name, _, _ := r.Texts(); name != "⚠ Lê Văn Cường" {
		t.Errorf("first row = %q, want the alert on Cường", name)
	}
	h.area.custList.UpdateItem(1, r)
	if name, _, _ := r.Texts(); name != "Phạm Thị Hoa" {
		t.Errorf("second row = %q", name)
	}
	h.area.custList.Select(0)
	if !strings.Contains(h.area.panelSub.Text, "over the debt limit of "+vnd(6_000_000)) {
		t.Errorf("panel = %q", h.area.panelSub.Text)
	}
}

// save stores e under a new id.
func (h *harness) save(e app.Entity) string {
	h.t.Helper()
	id := record.NewID()
	if err := h.store.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, id, e)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return id
}

func TestPaySupplier(t *testing.T) {
	h := newHarness(t)
	dep := h.save(&app.Departure{TourID: record.NewID(), Code: "DAD-PAY", StartDate: day.AddDays(-10), EndDate: day.AddDays(-7), Capacity: 20, MinTravelers: 2})
	hotel := h.save(&app.Partner{Name: "Furama", Type: app.PartnerHotel})
	ops := service.NewOperations(h.store, service.Session{UserID: "op-1", Role: app.RoleOperator})
	// 10 rooms × 1,200,000 = 12,000,000 owed, due 7 days ago.
	order, err := ops.AddOrder(&app.ServiceOrder{DepartureID: dep, PartnerID: hotel, Service: "rooms", Quantity: 10, UnitCost: money.New(1_200_000, "VND"),
		StartDate: day.AddDays(-10), EndDate: day.AddDays(-7)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ops.SetOrderStatus(order, app.OrderConfirmed, "CONF-1"); err != nil {
		t.Fatal(err)
	}
	h.open(accountant)
	if len(h.area.partners) != 1 || h.area.partners[0].Name != "Furama" {
		t.Fatalf("partners = %+v", h.area.partners)
	}
	h.area.tabs.SelectIndex(2)
	h.area.partList.Select(0)
	pays := h.buttons()["Pay supplier"]
	if len(pays) != 1 {
		t.Fatalf("%d Pay supplier buttons", len(pays))
	}
	test.Tap(pays[0])
	f := h.area.form
	if f.amount.Text != "12000000" {
		t.Errorf("amount offered = %q", f.amount.Text)
	}
	// More than owed: the service refuses, the form stays with the text.
	f.amount.SetText("13000000")
	test.Tap(f.save)
	h.WaitFor("the refusal", func() bool { return f.errLabel.Visible() && !f.save.Disabled() })
	if !strings.Contains(f.errLabel.Text, "more than that") || f.amount.Text != "13000000" {
		t.Errorf("refusal %q, amount %q", f.errLabel.Text, f.amount.Text)
	}
	// A bad amount never reaches the service.
	f.amount.SetText("12 triệu")
	test.Tap(f.save)
	if !strings.HasPrefix(f.errLabel.Text, "Not an amount") {
		t.Errorf("bad amount says %q", f.errLabel.Text)
	}
	f.amount.SetText("5000000")
	test.Tap(f.save)
	h.WaitFor("the payment", func() bool { return h.area.form == nil })
	h.settle()
	if got := h.area.partners[0].Owed; got != money.New(7_000_000, "VND") {
		t.Errorf("owed after paying 5,000,000 of 12,000,000 = %v", got)
	}
	if got := h.area.panelMsg.Text; got != vnd(5_000_000)+" paid to Furama." {
		t.Errorf("message = %q", got)
	}

	// An agent has no payables tab; a director sees it without Pay buttons.
	h.open(director)
	h.area.tabs.SelectIndex(2)
	h.area.partList.Select(0)
	if n := len(h.buttons()["Pay supplier"]); n != 0 {
		t.Errorf("director has %d Pay supplier buttons", n)
	}
}
