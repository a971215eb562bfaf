package bookings

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// lineTypes are the traveler types a price line is for, in menu order.
var lineTypes = []app.TravelerType{app.TravelerAdult, app.TravelerChild, app.TravelerInfant, app.TravelerOther}

// linesEditor edits a booking's price lines: description, type,
// quantity and unit price per line, each line's amount and the subtotal
// worked out as the user types. It is owned by the UI goroutine.
type linesEditor struct {
	// currency is the booking's currency (prices are read in it).
	currency func() string
	// wire hooks a new entry into the form (Enter, Escape).
	wire  func(*input.Entry)
	rows  []*lineRow
	box   *fyne.Container
	total *widget.Label
	// discounts are shown (not edited) under the lines: the booking's
	// own, the loyalty discount among them.
	discounts []app.Discount
	content   fyne.CanvasObject
}

type lineRow struct {
	desc, qty, price *input.Entry
	typ              *widget.Select
	amount, err      *widget.Label
	remove           *widget.Button
	content          fyne.CanvasObject
}

func newLinesEditor(currency func() string, wire func(*input.Entry)) *linesEditor {
	l := &linesEditor{currency: currency, wire: wire, box: container.NewVBox(), total: widget.NewLabel("")}
	l.total.TextStyle.Bold = true
	l.total.Alignment = fyne.TextAlignTrailing
	add := widget.NewButtonWithIcon(lang.X("bookings.lines.add", "Add line"), theme.ContentAddIcon(), func() { l.add(app.PriceLine{Quantity: 1}) })
	add.Importance = widget.LowImportance
	head := container.NewGridWithColumns(5,
		widget.NewLabelWithStyle(lang.X("bookings.lines.description", "Description"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(lang.X("bookings.lines.type", "Type"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(lang.X("bookings.lines.qty", "Qty"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(lang.X("bookings.lines.unit_price", "Unit price"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(lang.X("bookings.lines.amount", "Amount"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
	)
	l.content = container.NewVBox(head, l.box, container.NewBorder(nil, nil, add, nil, l.total))
	return l
}

// set replaces the lines shown.
func (l *linesEditor) set(lines []app.PriceLine) {
	l.rows = nil
	l.box.Objects = nil
	for _, pl := range lines {
		l.add(pl)
	}
	if len(lines) == 0 {
		l.add(app.PriceLine{Description: TravelerTypeName(app.TravelerAdult), TravelerType: app.TravelerAdult, Quantity: 1})
	}
	l.update()
}

// untouched reports whether the lines are the empty one a new form
// starts with (a departure's prices may replace them).
func (l *linesEditor) untouched() bool {
	if len(l.rows) != 1 {
		return len(l.rows) == 0
	}
	r := l.rows[0]
	return strings.TrimSpace(r.price.Text) == "" && (r.qty.Text == "1" || r.qty.Text == "")
}

func (l *linesEditor) add(pl app.PriceLine) {
	r := &lineRow{
		desc:   newEntry(""),
		qty:    newEntry("1"),
		price:  newEntry("0"),
		amount: widget.NewLabel(""),
		err:    input.NewProblemLabel(),
	}
	r.desc.SetText(pl.Description)
	if pl.Quantity > 0 {
		r.qty.SetText(strconv.Itoa(pl.Quantity))
	}
	if !pl.UnitPrice.IsZero() {
		r.price.SetText(pl.UnitPrice.Decimal())
	}
	var names []string
	for _, t := range lineTypes {
		names = append(names, TravelerTypeName(t))
	}
	r.typ = widget.NewSelect(names, nil)
	t := pl.TravelerType
	if t == "" {
		t = app.TravelerAdult
	}
	for i, lt := range lineTypes {
		if lt == t {
			r.typ.SetSelectedIndex(i)
		}
	}
	r.amount.Alignment = fyne.TextAlignTrailing
	for _, e := range []*input.Entry{r.desc, r.qty, r.price} {
		e.OnChanged = func(string) { setErr(r.err, ""); l.update() }
		if l.wire != nil {
			l.wire(e)
		}
	}
	r.typ.OnChanged = func(string) { l.update() }
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { l.removeRow(r) })
	r.remove.Importance = widget.LowImportance
	grid := container.NewGridWithColumns(5, r.desc, r.typ, r.qty, r.price, r.amount)
	r.content = container.NewVBox(container.NewBorder(nil, nil, nil, r.remove, grid), r.err)
	l.rows = append(l.rows, r)
	l.box.Add(r.content)
	l.update()
}

func (l *linesEditor) removeRow(r *lineRow) {
	for i, x := range l.rows {
		if x == r {
			l.rows = append(l.rows[:i], l.rows[i+1:]...)
			l.box.Remove(r.content)
			break
		}
	}
	l.update()
}

// line reads row r; problem says what is wrong with what was typed.
func (l *linesEditor) line(r *lineRow) (pl app.PriceLine, problem string) {
	cur := l.currency()
	pl.Description = strings.TrimSpace(r.desc.Text)
	pl.TravelerType = lineTypes[max(0, r.typ.SelectedIndex())]
	q, err := strconv.Atoi(strings.TrimSpace(r.qty.Text))
	if err != nil || q < 1 {
		return pl, lang.X("bookings.lines.bad_qty", "Quantity: a whole number, 1 or more")
	}
	pl.Quantity = q
	if strings.TrimSpace(r.price.Text) == "" {
		pl.UnitPrice = money.New(0, cur)
		return pl, ""
	}
	m, err := money.Parse(r.price.Text, cur)
	if err != nil {
		return pl, lang.X("bookings.lines.bad_price", "Unit price: {{.Error}}", map[string]any{"Error": err.Error()})
	}
	pl.UnitPrice = m
	return pl, ""
}

// update works out each line's amount and the subtotal, discounts and
// total as typed.
func (l *linesEditor) update() {
	cur := l.currency()
	b := &app.Booking{Currency: cur, Discounts: l.discounts}
	ok := true
	for _, r := range l.rows {
		pl, problem := l.line(r)
		if problem != "" {
			r.amount.SetText("—")
			ok = false
			continue
		}
		a, err := pl.Amount()
		if err != nil {
			r.amount.SetText("—")
			ok = false
			continue
		}
		r.amount.SetText(format.Money(a))
		b.Lines = append(b.Lines, pl)
	}
	sub, err1 := b.Subtotal()
	total, err2 := b.Total()
	switch {
	case !ok || err1 != nil || err2 != nil:
		l.total.SetText(lang.X("bookings.lines.total_unknown", "Total: fix the lines above"))
	case len(l.discounts) > 0:
		l.total.SetText(lang.X("bookings.lines.total_discounted", "Subtotal {{.Subtotal}} · total after discounts {{.Total}}", map[string]any{"Subtotal": format.Money(sub), "Total": format.Money(total)}))
	default:
		l.total.SetText(lang.X("bookings.lines.total", "Total {{.Total}}", map[string]any{"Total": format.Money(total)}))
	}
}

// read returns the lines typed, or false after showing each line's
// problem beside it.
func (l *linesEditor) read() ([]app.PriceLine, bool) {
	var out []app.PriceLine
	ok := true
	for _, r := range l.rows {
		pl, problem := l.line(r)
		setErr(r.err, problem)
		if problem != "" {
			ok = false
		}
		out = append(out, pl)
	}
	return out, ok
}

// showProblems puts a validation error's "lines.N…" problems beside
// line N; it returns the problems that are not about a line.
func (l *linesEditor) showProblems(ve *app.ValidationError) []app.FieldError {
	var rest []app.FieldError
	for _, p := range ve.Problems {
		var n int
		var field string
		if _, err := fmt.Sscanf(strings.Replace(p.Field, ".", " ", 2), "lines %d %s", &n, &field); err == nil && n >= 0 && n < len(l.rows) {
			setErr(l.rows[n].err, field+": "+p.Message)
			continue
		}
		rest = append(rest, p)
	}
	return rest
}
