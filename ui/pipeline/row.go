package pipeline

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/ui/bookings"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// row is one request in the list: code and customer with the total, and
// under them the trip and its start.
type row struct {
	widget.BaseWidget
	title, total, sub *widget.Label
}

func newRow() *row {
	r := &row{title: widget.NewLabel(""), total: widget.NewLabel(""), sub: widget.NewLabel("")}
	r.title.TextStyle.Bold = true
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.sub.Truncation = fyne.TextTruncateEllipsis
	r.sub.SizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, r.total, r.title)
	return widget.NewSimpleRenderer(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()-theme.InnerPadding()/2), top, r.sub))
}

func (r *row) set(b *bookings.Row, loading bool) {
	if b == nil {
		t := ""
		if loading {
			t = "…"
		}
		r.title.SetText(t)
		r.total.SetText("")
		r.sub.SetText("")
		return
	}
	r.title.SetText(b.Booking.Code + " · " + b.Customer)
	r.total.SetText(format.Money(b.Total))
	r.sub.SetText(b.Trip + " · " + b.Start.String())
}
