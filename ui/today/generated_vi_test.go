package today

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// In Vietnamese, Today lists the tasks it generated in Vietnamese (the
// service stores English titles).
func TestGeneratedTasksInVietnamese(t *testing.T) {
	h := newHarness(t)
	cid := h.customer(agent, app.Customer{Name: "Phạm Thị Tuyết", Phones: []string{"0901234567"}, Birthday: app.Date{Year: 1975, Month: 11, Day: 23}})
	// Home yesterday from a trip paid in full: the return call is due today.
	b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: cid, Destination: "Huế",
		StartDate: app.Date{Year: 2026, Month: 11, Day: 20}, EndDate: app.Date{Year: 2026, Month: 11, Day: 22},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(3_000_000, "VND")}}}, app.Date{Year: 2026, Month: 10, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(3_000_000, "VND"), Date: app.Date{Year: 2026, Month: 10, Day: 2}}); err != nil {
		t.Fatal(err)
	}
	i18n.SetLanguage("vi")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	h.open(agent)

	// 2026 − 1975 = 51.
	bday := "Chúc mừng sinh nhật: Phạm Thị Tuyết (51 tuổi)"
	call := "Gọi cho Phạm Thị Tuyết: hỏi thăm sau chuyến đi (" + b.Code + ", về ngày 2026-11-22)"
	h.WaitFor("both generated tasks on the list", func() bool {
		r := h.rows()
		return r[bday] != nil && r[call] != nil
	})
	if got := len(h.area.shown); got != 2 {
		t.Errorf("%d tasks listed, want 2", got)
	}
	for _, tk := range h.area.shown {
		if tk.Type == app.TaskBirthday && tk.Title != "Birthday greeting: Phạm Thị Tuyết (51)" {
			t.Errorf("stored birthday title %q changed", tk.Title)
		}
	}
}
