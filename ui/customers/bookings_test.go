package customers

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// recordingPrinter records the jobs it is given and answers with path and
// err; the UI's job is to call it, not to make PDFs.
type recordingPrinter struct {
	mu   sync.Mutex
	jobs []PrintJob
	path string
	err  error
}

func (p *recordingPrinter) Print(job PrintJob) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs = append(p.jobs, job)
	return p.path, p.err
}

func (p *recordingPrinter) recorded() []PrintJob {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]PrintJob(nil), p.jobs...)
}

// addBooking stores a tour, a departure and a booking of customerID for
// two adults at 7,500,000 ₫ with a 5,000,000 ₫ deposit paid, as a sync
// would, and returns the booking's and the payment's ids.
func (h *harness) addBooking(customerID string) (bookingID, paymentID string) {
	h.t.Helper()
	vnd := func(n int64) money.Money { return money.New(n, "VND") }
	err := h.store.Update(func(tx service.Tx) error {
		for _, r := range []struct {
			id string
			e  app.Entity
		}{
			{"t1", &app.Tour{Code: "DAD-4D3N", Name: "Đà Nẵng 4N3Đ", Days: 4, Nights: 3, PriceAdult: vnd(7500000)}},
			{"d1", &app.Departure{TourID: "t1", Code: "DAD-261201", StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4}, Capacity: 30}},
			{"b1", &app.Booking{Code: "BK-2026-000001", CustomerID: customerID, OwnerID: "agent-1", DepartureID: "d1", Currency: "VND", Status: app.BookingDeposit,
				Lines: []app.PriceLine{{Description: "Người lớn", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: vnd(7500000)}}}},
			{"p1", &app.Payment{BookingID: "b1", CustomerID: customerID, Type: app.PaymentDeposit, Method: app.MethodCash, Amount: vnd(5000000), ReceiptNumber: "PT-0001", ReceivedBy: "agent-1", Date: app.Date{Year: 2026, Month: 10, Day: 3}}},
		} {
			if _, err := service.StoreEntity(tx, r.id, r.e); err != nil {
				return fmt.Errorf("%s: %w", r.id, err)
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return "b1", "p1"
}

// selectCustomer selects the list row of id and waits for the detail to
// show their bookings.
func (h *harness) selectCustomer(id string) {
	h.t.Helper()
	for i, x := range h.area.ids {
		if x == id {
			h.area.list.Select(i)
		}
	}
	h.WaitFor("the bookings to load", func() bool {
		s := h.area.detail.bookings
		return h.area.detail.customer != nil && h.area.detail.customer.ID == id && (len(s.views) > 0 || !strings.HasPrefix(s.status.Text, "Loading"))
	})
}

func TestDetailListsBookingsAndPrintsContract(t *testing.T) {
	h := newHarness(t)
	rec := &recordingPrinter{path: "/tmp/print/contract-BK-2026-000001.pdf"}
	h.printer = rec
	an := h.add(app.Customer{Name: "Nguyễn Văn An", Language: "ru", Phones: []string{"0901234567"}})
	h.add(app.Customer{Name: "Trần Thị Bình", Phones: []string{"0912345678"}})
	bookingID, paymentID := h.addBooking(an)
	h.open()

	h.selectCustomer(an)
	s := h.area.detail.bookings
	if len(s.views) != 1 {
		t.Fatalf("%d bookings shown, want 1 (status %q)", len(s.views), s.status.Text)
	}
	v := s.views[0]
	for what, got := range map[string]string{"heading": v.heading.Text, "trip": v.trip.Text, "money": v.money.Text} {
		t.Logf("%s: %s", what, got)
	}
	if !strings.Contains(v.heading.Text, "BK-2026-000001") || !strings.Contains(v.heading.Text, "Deposit paid") {
		t.Errorf("heading %q, want the code and status", v.heading.Text)
	}
	if want := "Đà Nẵng 4N3Đ · 2026-12-01 → 2026-12-04"; v.trip.Text != want {
		t.Errorf("trip %q, want %q", v.trip.Text, want)
	}
	if want := "Total 15,000,000 ₫ · paid 5,000,000 ₫ · balance 10,000,000 ₫"; v.money.Text != want {
		t.Errorf("money %q, want %q", v.money.Text, want)
	}
	if len(v.payments) != 1 || !strings.Contains(v.payments[0].Text, "5,000,000 ₫") || !strings.Contains(v.payments[0].Text, "PT-0001") {
		t.Errorf("payments %v, want the 5,000,000 ₫ deposit PT-0001", v.payments)
	}
	if !isShown(v.contract) || !isShown(v.receipts[0]) {
		t.Error("the print buttons are hidden although a printer is wired")
	}

	// Print contract: the printer gets the booking in the customer's
	// language; while it runs the buttons are disabled.
	test.Tap(v.contract)
	if !v.quote.Disabled() || !s.progress.Visible() {
		t.Error("no busy state while printing")
	}
	h.WaitFor("the print to finish", func() bool { return h.area.printing == nil })
	jobs := rec.recorded()
	if want := (PrintJob{Kind: "contract", ID: bookingID, Lang: "ru", Name: "BK-2026-000001"}); len(jobs) != 1 || jobs[0] != want {
		t.Fatalf("printer got %+v, want [%+v]", jobs, want)
	}
	if v.quote.Disabled() || s.progress.Visible() || !strings.Contains(s.printStatus.Text, rec.path) {
		t.Errorf("after printing: quote disabled %v, progress %v, status %q", v.quote.Disabled(), s.progress.Visible(), s.printStatus.Text)
	}

	// Print receipt: the payment's id, named after its receipt number.
	test.Tap(v.receipts[0])
	h.WaitFor("the receipt to print", func() bool { return h.area.printing == nil && len(rec.recorded()) == 2 })
	if want := (PrintJob{Kind: "receipt", ID: paymentID, Lang: "ru", Name: "PT-0001"}); rec.recorded()[1] != want {
		t.Errorf("printer got %+v, want %+v", rec.recorded()[1], want)
	}

	// A customer with no bookings (and no language) says so.
	for i, id := range h.area.ids {
		if id != an {
			h.area.list.Select(i)
			h.WaitFor("the other customer", func() bool {
				return h.area.detail.customer.ID == id && s.status.Visible() && s.status.Text != "Loading bookings…"
			})
		}
	}
	if len(s.views) != 0 || s.status.Text != "No bookings yet." {
		t.Errorf("customer without bookings: %d views, status %q", len(s.views), s.status.Text)
	}
}

func TestPrintFailureShowsDialog(t *testing.T) {
	h := newHarness(t)
	h.printer = &recordingPrinter{err: fmt.Errorf("contract: %w", app.ErrNotFound)}
	an := h.add(app.Customer{Name: "Nguyễn Văn An"})
	h.addBooking(an)
	h.open()
	h.selectCustomer(an)

	test.Tap(h.area.detail.bookings.views[0].quote)
	h.WaitFor("the print to fail", func() bool { return h.area.printing == nil })
	d := topDialogText(h.win)
	if !strings.Contains(d, "Could not print the quote BK-2026-000001") || !strings.Contains(d, "no longer exists") {
		t.Errorf("error dialog %q", d)
	}
	if got := h.printer.(*recordingPrinter).recorded()[0].Lang; got != "en" {
		t.Errorf("document language %q, want the UI's (en) for a customer without one", got)
	}

	// The PDF was written but the viewer would not start: say where it is.
	h.printer.(*recordingPrinter).path, h.printer.(*recordingPrinter).err = "/tmp/x/quote-BK.pdf", errors.New("xdg-open: not found")
	test.Tap(h.area.detail.bookings.views[0].quote)
	h.WaitFor("the print", func() bool { return h.area.printing == nil && len(h.printer.(*recordingPrinter).recorded()) == 2 })
	if d := topDialogText(h.win); !strings.Contains(d, "/tmp/x/quote-BK.pdf") || !strings.Contains(d, "xdg-open: not found") {
		t.Errorf("error dialog %q", d)
	}
}

func TestNoPrinterHidesPrintButtons(t *testing.T) {
	h := newHarness(t)
	an := h.add(app.Customer{Name: "Nguyễn Văn An"})
	h.addBooking(an)
	h.open()
	h.selectCustomer(an)
	v := h.area.detail.bookings.views[0]
	if isShown(v.contract) || isShown(v.receipts[0]) {
		t.Error("print buttons shown without a printer")
	}
}

// isShown reports whether o and the containers it sits in are visible.
func isShown(o fyne.CanvasObject) bool {
	return o.Visible() && widgetVisibleInTree(o)
}

func widgetVisibleInTree(o fyne.CanvasObject) bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return false
	}
	// Walk from the root down to o, failing at any hidden container.
	var walk func(cur fyne.CanvasObject) (found, visible bool)
	walk = func(cur fyne.CanvasObject) (bool, bool) {
		if cur == o {
			return true, cur.Visible()
		}
		var kids []fyne.CanvasObject
		switch x := cur.(type) {
		case *fyne.Container:
			kids = x.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
		}
		for _, k := range kids {
			if found, vis := walk(k); found {
				return true, vis && cur.Visible()
			}
		}
		return false, false
	}
	_, vis := walk(c.Content())
	return vis
}

// topDialogText is the text of the labels in the window's topmost overlay.
func topDialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		switch l := o.(type) {
		case *widget.Label:
			texts = append(texts, l.Text)
		case *widget.RichText:
			texts = append(texts, l.String())
		}
	}
	return strings.Join(texts, " ")
}
