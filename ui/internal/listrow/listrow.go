// Package listrow is the row of TourDesk's two-line lists (customers,
// care's tabs, the pipeline, payments): a bold title with a figure or
// state on the right, and a smaller line under them.
package listrow

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Row is one line of a widget.List; make it in the list's create
// function and fill it with Set in the update function.
type Row struct {
	widget.BaseWidget
	title, right, sub *widget.Label
}

// New returns an empty Row.
func New() *Row {
	r := &Row{title: widget.NewLabel(""), right: widget.NewLabel(""), sub: widget.NewLabel("")}
	r.title.TextStyle.Bold = true
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.sub.Truncation = fyne.TextTruncateEllipsis
	r.sub.SizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget: the title with right at its end,
// the small line close under them.
func (r *Row) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, r.right, r.title)
	return widget.NewSimpleRenderer(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()-theme.InnerPadding()/2), top, r.sub))
}

// Set shows title, right and sub; bad shows right in red (overdue, over
// the limit, failed).
func (r *Row) Set(title, right, sub string, bad bool) {
	r.title.SetText(title)
	r.right.Importance = widget.MediumImportance
	if bad {
		r.right.Importance = widget.DangerImportance
	}
	r.right.SetText(right)
	r.sub.SetText(sub)
}

// Texts are the title, right and sub as the row shows them.
func (r *Row) Texts() (title, right, sub string) { return r.title.Text, r.right.Text, r.sub.Text }
