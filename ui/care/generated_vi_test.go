package care

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// In Vietnamese, the care tasks the service generated (stored with English
// titles) read in Vietnamese in the Tasks tab, from their fields; a task a
// person typed keeps its words.
func TestGeneratedTasksReadInVietnamese(t *testing.T) {
	h := newHarness(t)
	cid, err := service.NewCustomers(h.store, agent).Create(&app.Customer{Name: "Nguyễn Bảo Uyên", Type: app.Person, Stage: app.StageLead,
		Phones: []string{"0901234567"}, Birthday: app.Date{Year: 1975, Month: 11, Day: 23}})
	if err != nil {
		t.Fatal(err)
	}
	// A trip home yesterday (22 November): the return call is due today;
	// 2,000,000 of its 5,000,000 ₫ paid, the balance (due at the start, 20
	// November) is overdue.
	b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: cid, Destination: "Đà Lạt",
		StartDate: app.Date{Year: 2026, Month: 11, Day: 20}, EndDate: app.Date{Year: 2026, Month: 11, Day: 22},
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(5_000_000, "VND")}}}, app.Date{Year: 2026, Month: 10, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(2_000_000, "VND"), Date: app.Date{Year: 2026, Month: 10, Day: 2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewCare(h.store, agent).Generate(today); err != nil {
		t.Fatal(err)
	}
	typed := h.task("Gọi lại cho chị Uyên", app.TaskCall, today, cid)

	i18n.SetLanguage("vi")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	h.open(agent)
	tb := h.area.Tasks

	var call, bday, due *app.Task
	for _, tk := range tb.shown {
		switch tk.Type {
		case app.TaskReturnCall:
			call = tk
		case app.TaskBirthday:
			bday = tk
		case app.TaskPaymentDue:
			due = tk
		}
	}
	if call == nil || bday == nil || due == nil {
		t.Fatalf("generated tasks listed: call %v, birthday %v, balance %v", call != nil, bday != nil, due != nil)
	}
	// What the service stored stays English.
	if want := "Call Nguyễn Bảo Uyên: back from the trip (" + b.Code + ", returned 2026-11-22)"; call.Title != want {
		t.Errorf("stored title %q, want %q", call.Title, want)
	}
	// 2026 − 1975 = 51.
	wantCall := "Gọi cho Nguyễn Bảo Uyên: hỏi thăm sau chuyến đi (" + b.Code + ", về ngày 2026-11-22)"
	wantBday := "Chúc mừng sinh nhật: Nguyễn Bảo Uyên (51 tuổi)"

	h.selectTask(call.ID)
	if got := tb.title.Text; got != wantCall {
		t.Errorf("return call's detail title = %q, want %q", got, wantCall)
	}
	h.selectTask(bday.ID)
	if got := tb.title.Text; got != wantBday {
		t.Errorf("birthday's detail title = %q, want %q", got, wantBday)
	}
	h.selectTask(due.ID)
	// 5,000,000 − 2,000,000 = 3,000,000 ₫ owed.
	if got, want := tb.title.Text, "Số tiền còn lại của "+b.Code+" quá hạn từ 2026-11-20: Nguyễn Bảo Uyên còn nợ 3.000.000 ₫"; got != want {
		t.Errorf("balance's detail title = %q, want %q", got, want)
	}
	h.selectTask(typed)
	if got := tb.title.Text; got != "Gọi lại cho chị Uyên" {
		t.Errorf("typed task's title = %q", got)
	}

	// The list's rows say the same.
	titles := map[string]bool{}
	for i := range tb.shown {
		row := listrow.New()
		tb.updateRow(i, row)
		title, _, _ := row.Texts()
		titles[title] = true
	}
	for _, want := range []string{wantCall, wantBday, "Gọi lại cho chị Uyên"} {
		if !titles[want] {
			t.Errorf("no list row %q in %v", want, titles)
		}
	}
}
