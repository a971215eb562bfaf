package listrow

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Set shows the three texts; bad puts the right-hand text in red, and a
// later Set without it (the row reused for another item) takes it back.
func TestSet(t *testing.T) {
	test.NewTempApp(t)
	r := New()
	w := test.NewWindow(r)
	defer w.Close()
	r.Set("BK-2026-000001 · Nguyễn Văn An", "15.000.000 ₫", "Hạ Long · 2026-12-20", true)
	if title, right, sub := r.Texts(); title != "BK-2026-000001 · Nguyễn Văn An" || right != "15.000.000 ₫" || sub != "Hạ Long · 2026-12-20" {
		t.Errorf("Texts = %q, %q, %q", title, right, sub)
	}
	if r.right.Importance != widget.DangerImportance {
		t.Errorf("bad row: right importance %v, want danger", r.right.Importance)
	}
	r.Set("Lê Thị Hoa", "2.000.000 ₫", "", false)
	if r.right.Importance != widget.MediumImportance {
		t.Errorf("reused row: right importance %v, want medium", r.right.Importance)
	}
	if !r.title.TextStyle.Bold {
		t.Error("title not bold")
	}
}
