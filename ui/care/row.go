package care

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// row is one line of a tab's list: a bold title with a figure or state
// on the right, and a smaller line under them.
type row struct {
	widget.BaseWidget
	title, right, sub *widget.Label
}

func newRow() *row {
	r := &row{title: widget.NewLabel(""), right: widget.NewLabel(""), sub: widget.NewLabel("")}
	r.title.TextStyle.Bold = true
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.sub.Truncation = fyne.TextTruncateEllipsis
	r.sub.SizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, r.right, r.title)
	return widget.NewSimpleRenderer(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()-theme.InnerPadding()/2), top, r.sub))
}

func (r *row) set(title, right, sub string, bad bool) {
	r.title.SetText(title)
	r.right.Importance = widget.MediumImportance
	if bad {
		r.right.Importance = widget.DangerImportance
	}
	r.right.SetText(right)
	r.sub.SetText(sub)
}
