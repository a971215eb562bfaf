package bookings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// row is one line of the bookings list: code and customer with the
// total, and under them the trip, its start, the stage and the balance.
type row struct {
	widget.BaseWidget
	title, total, sub, balance *widget.Label
}

func newRow() *row {
	r := &row{title: widget.NewLabel(""), total: widget.NewLabel(""), sub: widget.NewLabel(""), balance: widget.NewLabel("")}
	r.balance.SizeName = theme.SizeNameCaptionText
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
	bottom := container.NewBorder(nil, nil, nil, r.balance, r.sub)
	return widget.NewSimpleRenderer(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()-theme.InnerPadding()/2), top, bottom))
}

// set shows b; nil shows a row still loading ("…") or gone (blank).
func (r *row) set(b *Row, loading bool) {
	if b == nil {
		t := ""
		if loading {
			t = "…"
		}
		r.title.SetText(t)
		r.total.SetText("")
		r.sub.SetText("")
		r.balance.SetText("")
		return
	}
	r.title.SetText(b.Booking.Code + " · " + b.Customer)
	r.total.SetText(format.Money(b.Total))
	bal := ""
	if b.Problem == nil && b.Booking.Status != app.BookingCancelled && b.Booking.Status != app.BookingLost {
		bal = lang.X("bookings.row.balance", "balance {{.Balance}}", map[string]any{"Balance": format.Money(b.Balance)})
	}
	r.sub.SetText(format.JoinNonEmpty(" · ", b.Trip, b.Start.String(), StatusName(b.Booking.Status)))
	r.balance.SetText(bal)
}
