package caretext

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

// The wordings of every generated task (as app/service/care.go writes
// them) in Vietnamese; a typed task, or a title edited away from the
// generated wording, shows as stored.
func TestTitlesInVietnamese(t *testing.T) {
	uitest.New(t)
	i18n.SetLanguage("vi")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	names := func(id string) string {
		if id == "c1" {
			return "Nguyễn Bảo Uyên"
		}
		return ""
	}
	for _, c := range []struct {
		task app.Task
		want string
	}{
		{app.Task{Occasion: "balance_due", Type: app.TaskPaymentDue, CustomerID: "c1",
			Title: "Balance of BK-2026-000096 due 2026-12-01: Nguyễn B. Uyên owes 3.000.000 ₫"},
			"Số tiền còn lại của BK-2026-000096 đến hạn 2026-12-01: Nguyễn Bảo Uyên còn nợ 3.000.000 ₫"},
		{app.Task{Occasion: "balance_overdue", Type: app.TaskPaymentDue, CustomerID: "gone",
			Title: "Balance of BK-2026-000096 overdue since 2026-11-20: Trần An owes 1.250,50 US$"},
			"Số tiền còn lại của BK-2026-000096 quá hạn từ 2026-11-20: Trần An còn nợ 1.250,50 US$"},
		{app.Task{Occasion: "passport", Type: app.TaskPassport, CustomerID: "c1",
			Title: "Passport of Lê Minh expires 2027-03-01, less than 6 months after the return of BK-2026-000100 (2027-01-10): renew it before 2027-01-05"},
			"Hộ chiếu của Lê Minh hết hạn 2027-03-01, chưa đủ 6 tháng sau ngày về của BK-2026-000100 (2027-01-10): cần gia hạn trước 2027-01-05"},
		{app.Task{Occasion: "tet", Type: app.TaskHoliday, Title: "Tết greetings to your customers (12 customers)"},
			"Gửi lời chúc Tết tới khách hàng của bạn (12 khách hàng)"},
		{app.Task{Occasion: "new_year", Type: app.TaskHoliday, Title: "New Year greetings to your customers (1 customer)"},
			"Gửi lời chúc Năm mới tới khách hàng của bạn (1 khách hàng)"},
		{app.Task{Occasion: "founding_day", Type: app.TaskHoliday, Title: "Ngày thành lập greetings to your customers (2 customers)"},
			"Gửi lời chúc Ngày thành lập tới khách hàng của bạn (2 khách hàng)"},
		// Typed by a person: as stored, even in the generated wording.
		{app.Task{Type: app.TaskCall, CustomerID: "c1", Title: "Birthday greeting: Uyên (51)"}, "Birthday greeting: Uyên (51)"},
		// A generated task whose title was edited: as stored.
		{app.Task{Occasion: "birthday", Type: app.TaskBirthday, CustomerID: "c1", Title: "Gọi chúc mừng chị Uyên"}, "Gọi chúc mừng chị Uyên"},
	} {
		if got := Title(&c.task, names); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.task.Title, got, c.want)
		}
	}
	if got, want := Generated("Birthday greeting: Phạm Thị Tuyết (51)"), "Chúc mừng sinh nhật: Phạm Thị Tuyết (51 tuổi)"; got != want {
		t.Errorf("Generated = %q, want %q", got, want)
	}
}
