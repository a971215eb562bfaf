package bookings

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// newForm is the New booking form: a customer (searched as typed), a
// departure or a custom trip (destination and dates), the currency, the
// price lines with live totals, the balance due date and the customer's
// requests. It keeps what was typed until it closes.
type newForm struct {
	data  *Data
	do    func(func())
	today app.Date

	custSearch *input.Entry
	custSelect *widget.Select
	custs      []Choice
	custGen    int
	custTimer  *time.Timer
	custErr    *widget.Label

	kind      *widget.RadioGroup
	depSelect *widget.Select
	deps      []Departure
	depInfo   *widget.Label
	depErr    *widget.Label
	depGen    int
	depBox    *fyne.Container

	destination, start, end *input.Entry
	destErr, datesErr       *widget.Label
	customBox               *fyne.Container

	currency   *widget.Select
	curErr     *widget.Label
	lines      *linesEditor
	balanceDue *input.Entry
	dueErr     *widget.Label
	requests   *input.Entry
	general    *widget.Label
	entries    []*input.Entry
	content    fyne.CanvasObject
}

// currencies offered: the agencies' usual ones (money.Codes lists them
// first).
func currencies() []string {
	c := money.Codes()
	return c[:min(len(c), 12)]
}

func newNewForm(data *Data, do func(func()), today app.Date) *newForm {
	f := &newForm{data: data, do: do, today: today}
	wire := func(e *input.Entry) { f.entries = append(f.entries, e) }
	mk := func(ph string) *input.Entry { e := newEntry(ph); wire(e); return e }

	f.custSearch = mk(lang.X("bookings.new.customer_search", "Type a name, phone or email"))
	f.custSearch.OnChanged = f.onCustomerTyped
	f.custSelect = widget.NewSelect(nil, func(string) { setErr(f.custErr, "") })
	f.custSelect.PlaceHolder = lang.X("bookings.new.customer_pick", "(type above, then choose)")
	f.custErr = input.NewProblemLabel()

	depText, customText := lang.X("bookings.new.on_departure", "Departure"), lang.X("bookings.new.custom_trip", "Custom trip")
	f.kind = widget.NewRadioGroup([]string{depText, customText}, nil)
	f.kind.Horizontal = true
	f.kind.Required = true
	f.depSelect = widget.NewSelect(nil, f.onDeparture)
	f.depSelect.PlaceHolder = lang.X("bookings.new.loading_departures", "Loading departures…")
	f.depInfo = widget.NewLabel("")
	f.depInfo.Importance = widget.LowImportance
	f.depErr = input.NewProblemLabel()
	f.depBox = container.NewVBox(f.depSelect, f.depInfo, f.depErr)

	f.destination = mk(lang.X("bookings.new.destination_ph", "For example: Sa Pa, family tour"))
	f.start = mk("YYYY-MM-DD")
	f.end = mk("YYYY-MM-DD")
	f.destErr, f.datesErr = input.NewProblemLabel(), input.NewProblemLabel()
	f.customBox = container.NewVBox(f.destination, f.destErr, container.NewGridWithColumns(2, f.start, f.end), f.datesErr)
	f.kind.OnChanged = func(s string) {
		if s == customText {
			f.depBox.Hide()
			f.customBox.Show()
		} else {
			f.customBox.Hide()
			f.depBox.Show()
		}
	}
	f.kind.SetSelected(depText)

	f.currency = widget.NewSelect(currencies(), func(string) { setErr(f.curErr, ""); f.lines.update() })
	f.curErr = input.NewProblemLabel()
	f.lines = newLinesEditor(f.cur, wire)
	f.currency.SetSelected(data.DefaultCurrency())
	f.lines.set(nil)

	f.balanceDue = mk(lang.X("bookings.new.balance_due_ph", "YYYY-MM-DD (empty: the trip's start)"))
	f.dueErr = input.NewProblemLabel()
	f.requests = newEntry(lang.X("bookings.new.requests_ph", "Special requests for the whole booking"))
	f.requests.MultiLine = true
	f.requests.Wrapping = fyne.TextWrapWord
	f.requests.SetMinRowsVisible(2)
	wire(f.requests)
	f.general = input.NewProblemLabel()

	loyalty := widget.NewLabel(lang.X("bookings.new.loyalty_note", "A loyalty discount the customer qualifies for is added when the booking is saved."))
	loyalty.Importance = widget.LowImportance
	loyalty.Wrapping = fyne.TextWrapWord

	label := func(key, fallback string) *widget.Label {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	form := formRows(
		label("bookings.new.customer", "Customer"), container.NewVBox(f.custSearch, f.custSelect, f.custErr),
		label("bookings.new.trip", "Trip"), container.NewVBox(f.kind, f.depBox, f.customBox),
		label("bookings.new.currency", "Currency"), container.NewVBox(f.currency, f.curErr),
		label("bookings.new.balance_due", "Balance due"), container.NewVBox(f.balanceDue, f.dueErr),
		label("bookings.new.requests", "Requests"), f.requests,
	)
	f.content = container.NewVScroll(container.NewVBox(f.general, form,
		widget.NewSeparator(), label("bookings.new.price", "Price"), f.lines.content, loyalty))
	f.loadDepartures()
	return f
}

func (f *newForm) cur() string {
	if f.currency == nil || f.currency.Selected == "" {
		return "VND"
	}
	return f.currency.Selected
}

// onCustomerTyped searches customers once typing pauses.
func (f *newForm) onCustomerTyped(q string) {
	setErr(f.custErr, "")
	f.custGen++
	gen := f.custGen
	if f.custTimer != nil {
		f.custTimer.Stop()
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	f.custTimer = time.AfterFunc(150*time.Millisecond, func() {
		found, err := f.data.FindCustomers(q, 30)
		f.do(func() {
			if gen != f.custGen {
				return
			}
			if err != nil {
				setErr(f.custErr, err.Error())
				return
			}
			f.custs = found
			opts := make([]string, len(found))
			for i, c := range found {
				opts[i] = c.Label
			}
			f.custSelect.SetOptions(opts)
			f.custSelect.ClearSelected()
			switch len(found) {
			case 0:
				setErr(f.custErr, lang.X("bookings.new.no_customer", "No customer of yours matches “{{.Query}}”.", map[string]any{"Query": q}))
			case 1:
				f.custSelect.SetSelectedIndex(0)
			}
		})
	})
}

// loadDepartures fills the departure menu with the coming departures.
func (f *newForm) loadDepartures() {
	go func() {
		deps, err := f.data.Departures(f.today, 300)
		f.do(func() {
			if err != nil {
				setErr(f.depErr, err.Error())
				return
			}
			f.deps = deps
			opts := make([]string, len(deps))
			for i, d := range deps {
				opts[i] = d.Label
			}
			f.depSelect.SetOptions(opts)
			f.depSelect.PlaceHolder = lang.X("bookings.new.departure_pick", "(choose a departure)")
			if len(deps) == 0 {
				f.depSelect.PlaceHolder = lang.X("bookings.new.no_departures", "(no departures coming: make a custom trip)")
			}
			f.depSelect.Refresh()
		})
	}()
}

// onDeparture takes the chosen departure's currency and, when the lines
// are still the empty one, its tour's adult price; it shows its seats.
func (f *newForm) onDeparture(string) {
	setErr(f.depErr, "")
	i := f.depSelect.SelectedIndex()
	if i < 0 || i >= len(f.deps) {
		return
	}
	d := f.deps[i]
	if t := d.Tour; t != nil && !t.PriceAdult.IsZero() {
		if f.lines.untouched() {
			f.currency.SetSelected(t.PriceAdult.Currency)
			f.lines.set([]app.PriceLine{{Description: TravelerTypeName(app.TravelerAdult), TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: t.PriceAdult}})
		}
	}
	f.depGen++
	gen := f.depGen
	f.depInfo.SetText(format.Dates(d.Start, d.End))
	go func() {
		st, err := f.data.Seats(d.ID)
		f.do(func() {
			if gen != f.depGen || err != nil {
				return
			}
			f.depInfo.SetText(lang.X("bookings.new.seats", "{{.Dates}} · {{.Left}} of {{.Capacity}} seats left", map[string]any{
				"Dates": format.Dates(d.Start, d.End), "Left": st.Left, "Capacity": st.Departure.Capacity}))
		})
	}()
}

// read returns the request typed, or false after showing what is wrong
// beside the entries.
func (f *newForm) read() (service.Request, bool) {
	var req service.Request
	ok := true
	for _, l := range []*widget.Label{f.custErr, f.depErr, f.destErr, f.datesErr, f.curErr, f.dueErr, f.general} {
		setErr(l, "")
	}
	if i := f.custSelect.SelectedIndex(); i >= 0 && i < len(f.custs) {
		req.CustomerID = f.custs[i].ID
	} else {
		setErr(f.custErr, lang.X("bookings.new.customer_required", "Choose the customer: type their name, then pick them."))
		ok = false
	}
	if f.depBox.Visible() {
		if i := f.depSelect.SelectedIndex(); i >= 0 && i < len(f.deps) {
			req.DepartureID = f.deps[i].ID
		} else {
			setErr(f.depErr, lang.X("bookings.new.departure_required", "Choose a departure, or make a custom trip."))
			ok = false
		}
	} else {
		req.Destination = strings.TrimSpace(f.destination.Text)
		var err1, err2 error
		req.StartDate, err1 = parseDate(f.start.Text)
		req.EndDate, err2 = parseDate(f.end.Text)
		if err1 != nil || err2 != nil {
			setErr(f.datesErr, lang.X("bookings.form.bad_date", "Not a date like 2026-12-20"))
			ok = false
		}
	}
	req.Currency = f.cur()
	var lok bool
	req.Lines, lok = f.lines.read()
	ok = ok && lok
	var err error
	if req.BalanceDue, err = parseDate(f.balanceDue.Text); err != nil {
		setErr(f.dueErr, lang.X("bookings.form.bad_date", "Not a date like 2026-12-20"))
		ok = false
	}
	req.Requests = f.requests.Text
	return req, ok
}

// showError shows a refusal from the service beside the entries it is
// about.
func (f *newForm) showError(err error) {
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		setErr(f.general, format.Explain(err))
		return
	}
	var rest []string
	for _, p := range f.lines.showProblems(ve) {
		switch p.Field {
		case "destination":
			setErr(f.destErr, p.Message)
		case "start_date", "end_date":
			setErr(f.datesErr, p.Field+": "+p.Message)
		case "currency":
			setErr(f.curErr, p.Message)
		case "balance_due":
			setErr(f.dueErr, p.Message)
		default:
			rest = append(rest, p.Field+": "+p.Message)
		}
	}
	if len(rest) > 0 {
		setErr(f.general, strings.Join(rest, "; "))
	}
}

// parseDate reads an optional date ("" is the zero date).
func parseDate(s string) (app.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return app.Date{}, nil
	}
	return app.ParseDate(s)
}
