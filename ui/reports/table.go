package reports

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// rowCount is the table's rows: the data, then the totals.
func rowCount(t *report.Table) int {
	if t == nil {
		return 0
	}
	n := len(t.Rows)
	if t.Total != nil {
		n++
	}
	return n
}

// rowAt is row i of t (the totals after the data).
func rowAt(t *report.Table, i int) ([]report.Cell, bool) {
	if i < len(t.Rows) {
		return t.Rows[i], false
	}
	return t.Total, true
}

// CellText is what the table shows in row i, column j of t (the totals
// row after the data), in the current language.
func CellText(t *report.Table, i, j int) string {
	r, _ := rowAt(t, i)
	if j >= len(r) {
		return ""
	}
	if r[j].Kind == report.Text && j < len(t.Columns) {
		return valueText(t.Columns[j], r[j].Text)
	}
	return r[j].Format(i18n.Current())
}

func newTable(a *Area) *widget.Table {
	t := widget.NewTable(
		func() (int, int) {
			if a.shown == nil {
				return 0, 0
			}
			return rowCount(a.shown), len(a.shown.Columns)
		},
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			t := a.shown
			if t == nil || id.Row >= rowCount(t) || id.Col >= len(t.Columns) {
				l.SetText("")
				return
			}
			_, total := rowAt(t, id.Row)
			l.TextStyle.Bold = total
			l.Alignment = fyne.TextAlignLeading
			if k := t.Columns[id.Col].Kind; k == report.Int || k == report.Money || k == report.Percent {
				l.Alignment = fyne.TextAlignTrailing
			}
			text := CellText(t, id.Row, id.Col)
			if total && id.Col == 0 && (text == "—" || text == "Total") {
				text = lang.X("reports.total", "Total")
			}
			l.SetText(text)
		})
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if a.shown == nil || id.Col < 0 || id.Col >= len(a.shown.Columns) {
			l.SetText("")
			return
		}
		l.SetText(ColumnTitle(a.shown.Columns[id.Col]))
	}
	return t
}

// columnWidth fits column i of t to its longest text, within bounds.
func columnWidth(t *report.Table, i int, c report.Column) float32 {
	n := len([]rune(ColumnTitle(c)))
	for r := 0; r < rowCount(t); r++ {
		n = max(n, len([]rune(CellText(t, r, i))))
	}
	return float32(min(max(n*8+28, 70), 340))
}

// sized is an invisible spacer of width w.
func sized(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return r
}

// newCard is one headline figure of the overview.
func newCard(label, value string) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	l := widget.NewLabel(label)
	l.Truncation = fyne.TextTruncateEllipsis
	v := widget.NewLabel(value)
	v.TextStyle.Bold = true
	v.SizeName = theme.SizeNameSubHeadingText
	v.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(bg, container.NewVBox(l, v))
}

// slug is s as a translation key part: lower-case letters and digits,
// runs of anything else as one "_".
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}
