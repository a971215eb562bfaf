package customers

import (
	"slices"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// In Vietnamese, the history's entries read in Vietnamese: the payment
// says its booking, kind and method in Vietnamese.
func TestTimelineInVietnamese(t *testing.T) {
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
	if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(1_200_000, "VND"),
		Method: app.MethodBankTransfer, Date: day.AddDays(1)}); err != nil {
		t.Fatal(err)
	}
	i18n.SetLanguage("vi")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	h.open()
	h.area.list.Select(0)
	h.WaitFor("the timeline", func() bool { return len(h.area.detail.timeline.lines) > 0 })
	lines := h.area.detail.timeline.lines
	want := "2026-11-03 Thanh toán: Thanh toán " + b.Code + ": Đặt cọc, chuyển khoản · 1.200.000 ₫"
	if !slices.Contains(lines, want) {
		t.Errorf("timeline = %q\nwant the line %q", lines, want)
	}
	for _, l := range lines {
		if strings.Contains(l, "Payment") || strings.Contains(l, "Request") || strings.Contains(l, "Booked") {
			t.Errorf("English left in %q", l)
		}
	}
}
