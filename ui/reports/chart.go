package reports

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// maxBars is the most rows a chart draws; a longer table (customers
// one by one) is shown as a table only.
const maxBars = 40

// Bar is one bar of the chart.
type Bar struct {
	Label, Value string
	// Amount is the bar's length in the column's unit (minor units for
	// money); negative bars are drawn in the error colour.
	Amount int64
}

// ChartBars picks what a chart of t shows: the first column as the
// category (a text axis: tour, region, month, stage) and the first money
// column as the length (else the first integer column), one bar per data
// row. ok is false when t has no such axis or too many rows.
func ChartBars(t *report.Table) (title string, bars []Bar, ok bool) {
	if t == nil || len(t.Rows) == 0 || len(t.Rows) > maxBars || len(t.Columns) < 2 || t.Columns[0].Kind != report.Text {
		return "", nil, false
	}
	col := -1
	for _, want := range []report.CellKind{report.Money, report.Int} {
		for i, c := range t.Columns[1:] {
			if c.Kind == want {
				col = i + 1
				break
			}
		}
		if col >= 0 {
			break
		}
	}
	if col < 0 {
		return "", nil, false
	}
	for _, r := range t.Rows {
		if col >= len(r) {
			continue
		}
		b := Bar{Label: r[0].Format(i18n.Current()), Value: r[col].Format(i18n.Current())}
		if r[0].Kind == report.Text {
			b.Label = valueText(t.Columns[0], r[0].Text)
		}
		switch r[col].Kind {
		case report.Money:
			b.Amount = r[col].Money.Amount
		case report.Int:
			b.Amount = r[col].Int
		}
		bars = append(bars, b)
	}
	return ColumnTitle(t.Columns[col]), bars, true
}

// barChart draws horizontal bars with canvas rectangles: the category on
// the left, the bar, and its value after it.
type barChart struct {
	widget.BaseWidget
	title *widget.Label
	bars  []Bar
	objs  []fyne.CanvasObject
}

func newBarChart() *barChart {
	c := &barChart{title: widget.NewLabel("")}
	c.title.TextStyle.Bold = true
	c.ExtendBaseWidget(c)
	return c
}

// set shows t's bars; false when t has none to show.
func (c *barChart) set(t *report.Table) bool {
	title, bars, ok := ChartBars(t)
	if !ok {
		return false
	}
	c.title.SetText(title)
	c.bars = bars
	c.objs = []fyne.CanvasObject{c.title}
	for _, b := range bars {
		l := canvas.NewText(fit(b.Label, labelW-2*theme.Padding(), theme.CaptionTextSize()), theme.Color(theme.ColorNameForeground))
		l.TextSize = theme.CaptionTextSize()
		col := theme.Color(theme.ColorNamePrimary)
		if b.Amount < 0 {
			col = theme.Color(theme.ColorNameError)
		}
		r := canvas.NewRectangle(col)
		v := canvas.NewText(b.Value, theme.Color(theme.ColorNameForeground))
		v.TextSize = theme.CaptionTextSize()
		c.objs = append(c.objs, l, r, v)
	}
	c.Refresh()
	return true
}

// CreateRenderer implements fyne.Widget.
func (c *barChart) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{c: c} }

type chartRenderer struct{ c *barChart }

const (
	barRow   = 22
	labelW   = 200
	valueW   = 150
	barInset = 4
)

func (r *chartRenderer) Layout(size fyne.Size) {
	c := r.c
	if len(c.objs) == 0 {
		return
	}
	th := c.title.MinSize().Height
	c.title.Move(fyne.NewPos(0, 0))
	c.title.Resize(fyne.NewSize(size.Width, th))
	var most int64
	for _, b := range c.bars {
		most = max(most, abs(b.Amount))
	}
	room := max(size.Width-labelW-valueW-2*barInset, 20)
	for i, b := range c.bars {
		y := th + float32(i*barRow)
		l, bar, v := c.objs[1+3*i].(*canvas.Text), c.objs[2+3*i], c.objs[3+3*i].(*canvas.Text)
		l.Move(fyne.NewPos(theme.Padding(), y+2))
		l.Resize(fyne.NewSize(labelW-theme.Padding(), barRow-4))
		w := float32(0)
		if most > 0 {
			w = room * float32(abs(b.Amount)) / float32(most)
		}
		bar.Move(fyne.NewPos(labelW, y+3))
		bar.Resize(fyne.NewSize(max(w, 1), barRow-6))
		v.Move(fyne.NewPos(labelW+w+barInset, y+2))
		v.Resize(fyne.NewSize(valueW, barRow-4))
	}
}

// fit cuts s with an ellipsis to fit width at text size (canvas.Text
// does not truncate).
func fit(s string, width, size float32) string {
	if fyne.MeasureText(s, size, fyne.TextStyle{}).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; fyne.MeasureText(t, size, fyne.TextStyle{}).Width <= width {
			return t
		}
	}
	return "…"
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func (r *chartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(labelW+valueW+60, r.c.title.MinSize().Height+float32(len(r.c.bars)*barRow)+theme.Padding())
}

func (r *chartRenderer) Refresh() {
	for _, o := range r.c.objs {
		if t, ok := o.(*canvas.Text); ok {
			t.Color = theme.Color(theme.ColorNameForeground)
		}
	}
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.c.objs }
func (r *chartRenderer) Destroy()                     {}
