package bookings

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// The documents printed (package printing's kinds, which ui does not
// import).
const (
	docQuote    = "quote"
	docContract = "contract"
	docReceipt  = "receipt"
)

// view is everything the detail shows of one booking.
type view struct {
	st        *service.Statement
	customer  *app.Customer
	departure string
	travelers []*app.Traveler
	// What the user may do (the client's hint; the server decides).
	canLines, canPay, canCancel, canTravelers bool
}

func (a *Area) loadView(id string) (*view, error) {
	st, err := a.data.Payments.Statement(id)
	if err != nil {
		return nil, err
	}
	v := &view{st: st}
	b := st.Booking
	if c, err := service.Load[app.Customer](a.data.Store, b.CustomerID); err == nil {
		c.ID = b.CustomerID
		v.customer = c
	}
	if st.Seats != nil {
		v.departure = st.Seats.Departure.Code
	}
	if a.data.CanCreate(app.KindTraveler) {
		if v.travelers, err = a.data.Pipeline.Travelers(id); err != nil {
			return nil, err
		}
		v.canTravelers = b.Status != app.BookingCancelled && b.Status != app.BookingLost
	}
	readOnly := a.data.Session.Role == app.RoleDirector
	v.canLines = !readOnly && b.IsOpen() && a.data.CanEdit(id, "lines")
	v.canPay = !readOnly && a.data.CanCreate(app.KindPayment)
	v.canCancel = !readOnly && b.Status != app.BookingCancelled && app.BookingTransitions.Allowed(b.Status, app.BookingCancelled) && a.data.CanEdit(id, "status")
	return v, nil
}

// detail is the right-hand pane: the selected booking.
type detail struct {
	a       *Area
	v       *view
	box     *fyne.Container
	content fyne.CanvasObject

	heading, customer, trip, money, message *widget.Label
	lines, discounts, payments, travelers   []*widget.Label
	total                                   *widget.Label
	pay, refund, cancel, editLines          *widget.Button
	addTraveler                             *widget.Button
	editTraveler                            []*widget.Button
	printButtons                            []*widget.Button
	progress                                *widget.ProgressBarInfinite
	// pendingMessage is shown once the next detail lands (what a change
	// did).
	pendingMessage string
	// receiptLang is the language receipts print in.
	receiptLang string
	// The forms open (nil when closed), for Ctrl+S and tests.
	payForm    *payForm
	cancelForm *cancelForm
	linesForm  *linesEditor
	travForm   *travelerForm
}

func newDetail(a *Area) *detail {
	d := &detail{a: a, box: container.NewVBox(), message: widget.NewLabel(""), progress: widget.NewProgressBarInfinite()}
	d.message.Wrapping = fyne.TextWrapWord
	d.message.Hide()
	d.progress.Hide()
	d.box.Add(centered(lang.X("bookings.detail.none", "Select a booking to see it, or make a new one (Ctrl+N).")))
	d.content = container.NewVScroll(container.NewPadded(d.box))
	return d
}

func centered(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	l.Importance = widget.LowImportance
	return l
}

func (d *detail) showError(err error) {
	d.v = nil
	d.box.Objects = []fyne.CanvasObject{centered(lang.X("bookings.detail.error", "Could not load the booking: {{.Error}}", map[string]any{"Error": format.Explain(err)}))}
	d.box.Refresh()
}

// setMessage shows what an action did (bad: as an error) under the
// money.
func (d *detail) setMessage(msg string, bad bool) {
	d.message.Importance = widget.SuccessImportance
	if bad {
		d.message.Importance = widget.DangerImportance
	}
	d.message.SetText(msg)
	if msg == "" {
		d.message.Hide()
	} else {
		d.message.Show()
	}
	d.message.Refresh()
}

func (d *detail) setPrinting(busy bool) {
	for _, b := range d.printButtons {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if busy {
		d.progress.Show()
		d.progress.Start()
	} else {
		d.progress.Stop()
		d.progress.Hide()
	}
}

func section(title string) fyne.CanvasObject {
	l := widget.NewLabel(title)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameSubHeadingText
	return container.NewVBox(widget.NewSeparator(), l)
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// show shows v.
func (d *detail) show(v *view) {
	same := d.v != nil && d.v.st.Booking.ID == v.st.Booking.ID
	d.v = v
	st, b := v.st, v.st.Booking
	a := d.a
	d.lines, d.discounts, d.payments, d.travelers, d.editTraveler, d.printButtons = nil, nil, nil, nil, nil, nil
	objs := []fyne.CanvasObject{}

	d.heading = widget.NewLabel(b.Code + " · " + StatusName(b.Status))
	d.heading.TextStyle.Bold = true
	d.heading.SizeName = theme.SizeNameSubHeadingText
	d.heading.Wrapping = fyne.TextWrapWord
	name := ""
	if v.customer != nil {
		name = v.customer.Name
	}
	d.customer = wrapped(name)
	trip := format.JoinNonEmpty(" · ", st.Trip, format.Dates(st.Start, st.End), v.departure)
	if st.Seats != nil {
		trip = format.JoinNonEmpty(" · ", trip, lang.X("bookings.detail.seats", "{{.Left}} of {{.Capacity}} seats left", map[string]any{"Left": st.Seats.Left, "Capacity": st.Seats.Departure.Capacity}))
	}
	if b.Waitlisted {
		trip = format.JoinNonEmpty(" · ", trip, lang.X("bookings.detail.waitlisted", "on the waiting list"))
	}
	d.trip = wrapped(trip)
	if b.Reason != "" {
		objs = append(objs, d.heading, d.customer, d.trip, wrapped(lang.X("bookings.detail.reason", "Reason: {{.Reason}}", map[string]any{"Reason": b.Reason})))
	} else {
		objs = append(objs, d.heading, d.customer, d.trip)
	}
	if a.printer != nil {
		language := i18n.Current()
		if v.customer != nil && slices.Contains(app.Languages, v.customer.Language) {
			language = v.customer.Language
		}
		if !slices.Contains(app.Languages, language) {
			language = "en"
		}
		pq := widget.NewButtonWithIcon(lang.X("bookings.print_quote", "Print quote"), theme.DocumentPrintIcon(), func() { a.print(docQuote, b.ID, b.Code, language) })
		pc := widget.NewButtonWithIcon(lang.X("bookings.print_contract", "Print contract"), theme.DocumentPrintIcon(), func() { a.print(docContract, b.ID, b.Code, language) })
		d.printButtons = append(d.printButtons, pq, pc)
		objs = append(objs, container.NewHBox(pq, pc), d.progress)
		defer func() {
			// Receipts, one per payment, print in the same language.
			d.setPrinting(a.printing)
		}()
		d.receiptLang = language
	}

	// Price.
	objs = append(objs, section(lang.X("bookings.detail.price", "Price")))
	for _, l := range b.Lines {
		amt, _ := l.Amount()
		kind := TravelerTypeName(l.TravelerType)
		if strings.EqualFold(strings.TrimSpace(l.Description), kind) || l.TravelerType == app.TravelerOther {
			kind = ""
		}
		text := format.JoinNonEmpty(" · ", l.Description, kind, fmt.Sprintf("%d × %s = %s", l.Quantity, format.Money(l.UnitPrice), format.Money(amt)))
		if l.Surcharge {
			text += " · " + lang.X("bookings.detail.surcharge_line", "surcharge")
		}
		lab := wrapped(text)
		d.lines = append(d.lines, lab)
		objs = append(objs, lab)
	}
	if len(b.Lines) == 0 {
		objs = append(objs, wrapped(lang.X("bookings.detail.no_lines", "No price lines yet.")))
	}
	sub, _ := b.Subtotal()
	off, _ := b.DiscountTotal()
	for _, disc := range b.Discounts {
		desc := disc.Description
		if strings.HasPrefix(desc, app.LoyaltyPrefix) {
			desc = lang.X("bookings.detail.loyalty", "Loyalty discount: {{.Program}}", map[string]any{"Program": strings.TrimPrefix(desc, app.LoyaltyPrefix)})
		}
		amount := format.Money(disc.Amount)
		if disc.Percent != 0 {
			amount = fmt.Sprintf("%d%%", disc.Percent)
		}
		lab := wrapped(format.JoinNonEmpty(" · ", desc, "−"+amount))
		lab.Importance = widget.SuccessImportance
		d.discounts = append(d.discounts, lab)
		objs = append(objs, lab)
	}
	if len(b.Discounts) > 0 {
		objs = append(objs, wrapped(lang.X("bookings.detail.subtotal", "Subtotal {{.Subtotal}} · discounts −{{.Discount}}", map[string]any{"Subtotal": format.Money(sub), "Discount": format.Money(off)})))
	}
	d.total = widget.NewLabel(lang.X("bookings.detail.total", "Total {{.Total}}", map[string]any{"Total": format.Money(st.Total)}))
	d.total.TextStyle.Bold = true
	objs = append(objs, d.total)
	d.editLines = widget.NewButtonWithIcon(lang.X("bookings.edit_lines", "Edit price lines"), theme.DocumentCreateIcon(), d.onEditLines)
	if v.canLines {
		objs = append(objs, container.NewHBox(d.editLines))
	}

	// Money.
	objs = append(objs, section(lang.X("bookings.detail.payments", "Payments")))
	if st.Problem != nil {
		d.money = wrapped(lang.X("bookings.detail.money_problem", "The payments cannot be summed: {{.Error}}", map[string]any{"Error": st.Problem.Error()}))
		d.money.Importance = widget.DangerImportance
	} else {
		args := map[string]any{"Total": format.Money(st.Total), "Paid": format.Money(st.Paid), "Balance": format.Money(st.Balance), "Due": st.Due.String()}
		text := lang.X("bookings.detail.money", "Total {{.Total}} · paid {{.Paid}} · balance {{.Balance}}", args)
		switch {
		case b.Status == app.BookingCancelled || b.Status == app.BookingLost:
			text = lang.X("bookings.detail.money_closed", "Total {{.Total}} · paid {{.Paid}} · nothing more is owed", args)
		case !st.Due.IsZero() && st.Balance.Amount > 0:
			text = lang.X("bookings.detail.money_due", "Total {{.Total}} · paid {{.Paid}} · balance {{.Balance}} due {{.Due}}", args)
		}
		d.money = wrapped(text)
		d.money.TextStyle.Bold = true
		if st.Balance.Amount > 0 && b.IsOpen() {
			d.money.Importance = widget.WarningImportance
		}
	}
	objs = append(objs, d.money)
	for _, p := range st.Payments {
		kind := paymentKindName(p.Type)
		if p.ReversalOf != "" {
			kind = lang.X("bookings.payment.reversal", "{{.Kind}} (reversal)", map[string]any{"Kind": kind})
		}
		lab := wrapped(format.JoinNonEmpty(" · ", p.Date.String(), kind, format.Money(p.Signed()), methodName(p.Method), p.ReceiptNumber, p.Note))
		d.payments = append(d.payments, lab)
		row := fyne.CanvasObject(lab)
		if a.printer != nil {
			pname := p.ReceiptNumber
			if pname == "" {
				pname = b.Code + "-" + p.Date.String()
			}
			id, language := p.ID, d.receiptLang
			rb := widget.NewButtonWithIcon(lang.X("bookings.print_receipt", "Receipt"), theme.DocumentPrintIcon(), func() { a.print(docReceipt, id, pname, language) })
			rb.Importance = widget.LowImportance
			d.printButtons = append(d.printButtons, rb)
			indent := canvas.NewRectangle(color.Transparent)
			indent.SetMinSize(fyne.NewSize(theme.Padding()*4, 0))
			row = container.NewBorder(nil, nil, indent, rb, lab)
		}
		objs = append(objs, row)
	}
	if len(st.Payments) == 0 {
		objs = append(objs, wrapped(lang.X("bookings.detail.no_payments", "No payments yet.")))
	}
	d.pay = widget.NewButtonWithIcon(lang.X("bookings.take_payment", "Take payment"), theme.ContentAddIcon(), d.onPay)
	d.pay.Importance = widget.HighImportance
	d.refund = widget.NewButtonWithIcon(lang.X("bookings.refund", "Refund"), theme.ContentUndoIcon(), d.onRefund)
	d.cancel = widget.NewButtonWithIcon(lang.X("bookings.cancel_booking", "Cancel booking"), theme.CancelIcon(), d.onCancel)
	d.cancel.Importance = widget.DangerImportance
	var actions []fyne.CanvasObject
	if v.canPay {
		if b.Status != app.BookingCancelled && b.Status != app.BookingLost {
			actions = append(actions, d.pay)
		}
		if st.Paid.Amount > 0 {
			actions = append(actions, d.refund)
		}
	}
	if v.canCancel {
		actions = append(actions, d.cancel)
	}
	if len(actions) > 0 {
		objs = append(objs, container.NewHBox(actions...))
	}
	objs = append(objs, d.message)

	// Travelers.
	if v.travelers != nil || v.canTravelers {
		objs = append(objs, section(lang.X("bookings.detail.travelers", "Travelers")))
		for _, t := range v.travelers {
			lab := wrapped(travelerLine(t))
			d.travelers = append(d.travelers, lab)
			t := t
			eb := widget.NewButtonWithIcon(lang.X("bookings.edit", "Edit"), theme.DocumentCreateIcon(), func() { d.onTraveler(t) })
			eb.Importance = widget.LowImportance
			d.editTraveler = append(d.editTraveler, eb)
			if v.canTravelers {
				objs = append(objs, container.NewBorder(nil, nil, nil, eb, lab))
			} else {
				objs = append(objs, lab)
			}
		}
		if len(v.travelers) == 0 {
			objs = append(objs, wrapped(lang.X("bookings.detail.no_travelers", "No travelers yet.")))
		}
		d.addTraveler = widget.NewButtonWithIcon(lang.X("bookings.add_traveler", "Add traveler"), theme.ContentAddIcon(), func() { d.onTraveler(nil) })
		if v.canTravelers {
			objs = append(objs, container.NewHBox(d.addTraveler))
		}
	}
	d.box.Objects = []fyne.CanvasObject{container.New(layout.NewCustomPaddedVBoxLayout(theme.Padding()/2), objs...)}
	d.box.Refresh()
	if d.pendingMessage != "" {
		d.setMessage(d.pendingMessage, false)
		d.pendingMessage = ""
	} else if !same {
		d.setMessage("", false)
	}
}

// travelerLine is a traveler as the detail lists them.
func travelerLine(t *app.Traveler) string {
	passport := ""
	if t.PassportNumber != "" {
		passport = lang.X("bookings.traveler.passport", "passport {{.Number}}", map[string]any{"Number": t.PassportNumber})
		if !t.PassportExpiry.IsZero() {
			passport += " (" + lang.X("bookings.traveler.expires", "expires {{.Date}}", map[string]any{"Date": t.PassportExpiry.String()}) + ")"
		}
	}
	return format.JoinNonEmpty(" · ", t.Name, t.LatinName, TravelerTypeName(t.Type), t.BirthDate.String(), passport, t.Nationality)
}
