package reports

import (
	"testing"

	"github.com/tourdesk/tourdesk/ui/i18n"
)

// In Vietnamese, the values a report writes from a known set (the
// pipeline's stages, "Custom trips") read in Vietnamese; figures and the
// table the export gets stay as the report made them.
func TestReportValuesInVietnamese(t *testing.T) {
	h := newHarness(t)
	tinyData(h)
	i18n.SetLanguage("vi")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	h.open(director, nil)
	h.area.setPeriod(kindQuarter, 2026, 3) // Q4 2026
	h.pick("pipeline")
	rows := h.rows()
	if len(rows) < 4 {
		t.Fatalf("pipeline rows = %q", rows)
	}
	// Stage | now | value | reached | from previous | from inquiry: An's and
	// Bình's bookings are at deposit, Cường's is an inquiry.
	if got := rows[0][0]; got != "Yêu cầu" {
		t.Errorf("first stage = %q, want Yêu cầu", got)
	}
	if got := rows[3][0] + " | " + rows[3][1]; got != "Đã đặt cọc | 2" {
		t.Errorf("deposit row = %q, want Đã đặt cọc | 2", got)
	}
	if raw := h.area.Shown().Rows[3][0].Text; raw != "deposit" {
		t.Errorf("the report's own value = %q, want deposit (exports keep it)", raw)
	}

	h.pick("by-tour")
	rows = h.rows()
	if len(rows) == 0 || rows[0][0] != "Tour thiết kế riêng" {
		t.Errorf("by tour rows = %q, want the custom trips first as Tour thiết kế riêng", rows)
	}
}
