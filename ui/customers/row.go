package customers

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
)

// row is one line of the customer list: the name and main phone, and
// under them the province and main email in small print.
type row struct {
	widget.BaseWidget
	name, phone, sub *widget.Label
}

func newRow() *row {
	r := &row{
		name:  widget.NewLabel(""),
		phone: widget.NewLabel(""),
		sub:   widget.NewLabel(""),
	}
	r.name.TextStyle.Bold = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.sub.Truncation = fyne.TextTruncateEllipsis
	r.sub.SizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, r.phone, r.name)
	return widget.NewSimpleRenderer(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()-theme.InnerPadding()/2), top, r.sub))
}

// set shows c; a nil c shows a row still loading ("…") or one whose
// customer is gone (blank).
func (r *row) set(c *app.Customer, loading bool) {
	if c == nil {
		text := ""
		if loading {
			text = "…"
		}
		r.name.SetText(text)
		r.phone.SetText("")
		r.sub.SetText("")
		return
	}
	r.name.SetText(c.Name)
	r.phone.SetText(formatPhone(c.MainPhone(), c.Country))
	var sub []string
	if c.Province != "" {
		sub = append(sub, c.Province)
	}
	if e := c.MainEmail(); e != "" {
		sub = append(sub, e)
	}
	if len(sub) == 0 {
		sub = append(sub, stageName(c.Stage))
	}
	r.sub.SetText(strings.Join(sub, " · "))
}
