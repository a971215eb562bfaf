package customers

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// bookingsSection is the Bookings part of the customer detail: each
// booking with its trip, dates, status and money, Print quote and Print
// contract buttons, and its payments, each with Print receipt. A customer
// has a handful of bookings, so the section is a plain box, not a virtual
// list. It is owned by the UI goroutine.
type bookingsSection struct {
	// onPrint asks the area to print document kind of record id; nil
	// hides the print buttons (no printer wired).
	onPrint func(kind, id, name string)

	title       *widget.Label
	status      *widget.Label
	printStatus *widget.Label
	progress    *widget.ProgressBarInfinite
	list        *fyne.Container
	views       []*bookingView
	printing    bool
	content     fyne.CanvasObject
}

// bookingView is one booking of the section.
type bookingView struct {
	row      service.BookingRow
	heading  *widget.Label
	trip     *widget.Label
	money    *widget.Label
	quote    *widget.Button
	contract *widget.Button
	// payments and receipts are in row.Payments order.
	payments []*widget.Label
	receipts []*widget.Button
	content  fyne.CanvasObject
}

func newBookingsSection(onPrint func(kind, id, name string)) *bookingsSection {
	s := &bookingsSection{
		onPrint:     onPrint,
		title:       widget.NewLabel(lang.X("customers.bookings.title", "Bookings")),
		status:      widget.NewLabel(""),
		printStatus: widget.NewLabel(""),
		progress:    widget.NewProgressBarInfinite(),
		list:        container.NewVBox(),
	}
	s.title.TextStyle.Bold = true
	s.title.SizeName = theme.SizeNameSubHeadingText
	s.status.Importance = widget.LowImportance
	s.status.Wrapping = fyne.TextWrapWord
	s.printStatus.Importance = widget.LowImportance
	s.printStatus.Wrapping = fyne.TextWrapWord
	s.printStatus.Hide()
	s.progress.Hide()
	s.content = container.NewVBox(widget.NewSeparator(), s.title, s.printStatus, s.progress, s.status, s.list)
	return s
}

// loading empties the section while the bookings of another customer load.
func (s *bookingsSection) loading() {
	s.views = nil
	s.list.Objects = nil
	s.list.Refresh()
	if !s.printing {
		s.printStatus.SetText("")
		s.printStatus.Hide()
	}
	s.status.SetText(lang.X("customers.bookings.loading", "Loading bookings…"))
	s.status.Show()
}

// set shows rows, or err when they could not be loaded.
func (s *bookingsSection) set(rows []service.BookingRow, err error) {
	s.views = nil
	s.list.Objects = nil
	switch {
	case err != nil:
		s.status.SetText(lang.X("customers.bookings.error", "Could not load the bookings: {{.Error}}", map[string]any{"Error": err.Error()}))
		s.status.Show()
	case len(rows) == 0:
		s.status.SetText(lang.X("customers.bookings.none", "No bookings yet."))
		s.status.Show()
	default:
		s.status.Hide()
	}
	for i, r := range rows {
		v := s.newBookingView(r)
		s.views = append(s.views, v)
		if i > 0 {
			s.list.Add(widget.NewSeparator())
		}
		s.list.Add(v.content)
	}
	s.setPrinting(s.printing, s.printStatus.Text)
	s.list.Refresh()
}

// setPrinting shows a print under way (busy: the progress bar runs and
// every print button is disabled, one print at a time) or its outcome.
func (s *bookingsSection) setPrinting(busy bool, msg string) {
	s.printing = busy
	s.printStatus.SetText(msg)
	if msg == "" {
		s.printStatus.Hide()
	} else {
		s.printStatus.Show()
	}
	if busy {
		s.progress.Show()
		s.progress.Start()
	} else {
		s.progress.Stop()
		s.progress.Hide()
	}
	for _, v := range s.views {
		for _, b := range append([]*widget.Button{v.quote, v.contract}, v.receipts...) {
			if busy {
				b.Disable()
			} else {
				b.Enable()
			}
		}
	}
}

func (s *bookingsSection) newBookingView(r service.BookingRow) *bookingView {
	b := r.Booking
	v := &bookingView{row: r}
	v.heading = widget.NewLabel(b.Code + " · " + bookingStatusName(b.Status))
	v.heading.TextStyle.Bold = true
	v.heading.Wrapping = fyne.TextWrapWord

	dates := r.Start.String()
	if !r.End.IsZero() && r.End != r.Start {
		dates += " → " + r.End.String()
	}
	v.trip = widget.NewLabel(joinNonEmpty(" · ", r.Trip, dates))
	v.trip.Wrapping = fyne.TextWrapWord

	ui := uiLang()
	if r.Problem != nil {
		v.money = widget.NewLabel(lang.X("customers.bookings.money_problem", "Total {{.Total}} · the payments cannot be summed: {{.Error}}",
			map[string]any{"Total": r.Total.Format(ui), "Error": r.Problem.Error()}))
		v.money.Importance = widget.DangerImportance
	} else {
		v.money = widget.NewLabel(lang.X("customers.bookings.money", "Total {{.Total}} · paid {{.Paid}} · balance {{.Balance}}",
			map[string]any{"Total": r.Total.Format(ui), "Paid": r.Paid.Format(ui), "Balance": r.Balance.Format(ui)}))
		if r.Balance.Amount > 0 && b.IsOpen() {
			v.money.Importance = widget.WarningImportance
		}
	}
	v.money.Wrapping = fyne.TextWrapWord

	printAction := func(kind, id, name string) func() {
		return func() {
			if s.onPrint != nil && !s.printing {
				s.onPrint(kind, id, name)
			}
		}
	}
	v.quote = widget.NewButtonWithIcon(lang.X("customers.bookings.print_quote", "Print quote"), theme.DocumentPrintIcon(), printAction(docQuote, b.ID, b.Code))
	v.contract = widget.NewButtonWithIcon(lang.X("customers.bookings.print_contract", "Print contract"), theme.DocumentPrintIcon(), printAction(docContract, b.ID, b.Code))
	buttons := container.NewHBox(v.quote, v.contract)

	// Only the heading shares its line with the buttons: the trip and
	// the money take the full width, so they wrap only when they must.
	rows := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewVBox(buttons), v.heading), v.trip, v.money}
	for _, p := range r.Payments {
		indent := canvas.NewRectangle(color.Transparent)
		indent.SetMinSize(fyne.NewSize(theme.Padding()*4, 0))
		l := widget.NewLabel(paymentLine(p, ui))
		l.Wrapping = fyne.TextWrapWord
		name := p.ReceiptNumber
		if name == "" {
			name = b.Code + "-" + p.Date.String()
		}
		rb := widget.NewButtonWithIcon(lang.X("customers.bookings.print_receipt", "Print receipt"), theme.DocumentPrintIcon(), printAction(docReceipt, p.ID, name))
		rb.Importance = widget.LowImportance
		v.payments = append(v.payments, l)
		v.receipts = append(v.receipts, rb)
		rows = append(rows, container.NewBorder(nil, nil, indent, rb, l))
	}
	if s.onPrint == nil {
		buttons.Hide()
		for _, rb := range v.receipts {
			rb.Hide()
		}
	}
	v.content = container.New(layout.NewCustomPaddedVBoxLayout(0), rows...)
	return v
}

// paymentLine is one payment as the section lists it: date, kind, the
// amount as it counts (a refund or a reversal negative), method and
// receipt number.
func paymentLine(p *app.Payment, ui string) string {
	kind := paymentKindName(p.Type)
	if p.ReversalOf != "" {
		kind = lang.X("customers.payment.reversal", "{{.Kind}} (reversal)", map[string]any{"Kind": kind})
	}
	return joinNonEmpty(" · ", p.Date.String(), kind, p.Signed().Format(ui), paymentMethodName(p.Method), p.ReceiptNumber)
}

// uiLang is the language the UI is shown in ("en" or "vi": the
// translation file in use says which), for formatting amounts.
func uiLang() string { return lang.X("format.language", "en") }

// docLang is the language a document for c is printed in: the customer's
// own when it is one TourDesk prints, else the UI's.
func docLang(c *app.Customer) string {
	if c != nil && slices.Contains(app.Languages, c.Language) {
		return c.Language
	}
	if l := uiLang(); slices.Contains(app.Languages, l) {
		return l
	}
	return "en"
}

// docName is the translated name of a document kind, in a sentence.
func docName(kind string) string {
	switch kind {
	case docQuote:
		return lang.X("customers.doc.quote", "quote")
	case docContract:
		return lang.X("customers.doc.contract", "contract")
	case docReceipt:
		return lang.X("customers.doc.receipt", "receipt")
	}
	return kind
}

// bookingStatusName is the translated name of a booking status.
func bookingStatusName(s app.BookingStatus) string {
	switch s {
	case app.BookingInquiry:
		return lang.X("booking.status.inquiry", "Inquiry")
	case app.BookingConsulting:
		return lang.X("booking.status.consulting", "Consulting")
	case app.BookingQuoted:
		return lang.X("booking.status.quoted", "Quoted")
	case app.BookingDeposit:
		return lang.X("booking.status.deposit", "Deposit paid")
	case app.BookingPaid:
		return lang.X("booking.status.paid", "Paid in full")
	case app.BookingTravelling:
		return lang.X("booking.status.travelling", "Travelling")
	case app.BookingCompleted:
		return lang.X("booking.status.completed", "Completed")
	case app.BookingCancelled:
		return lang.X("booking.status.cancelled", "Cancelled")
	case app.BookingLost:
		return lang.X("booking.status.lost", "Lost")
	}
	return string(s)
}

// paymentKindName is the translated name of a payment kind.
func paymentKindName(k app.PaymentKind) string {
	switch k {
	case app.PaymentDeposit:
		return lang.X("payment.kind.deposit", "Deposit")
	case app.PaymentBalance:
		return lang.X("payment.kind.balance", "Balance")
	case app.PaymentSurcharge:
		return lang.X("payment.kind.surcharge", "Surcharge")
	case app.PaymentRefund:
		return lang.X("payment.kind.refund", "Refund")
	}
	return string(k)
}

// paymentMethodName is the translated name of a payment method.
func paymentMethodName(m app.PaymentMethod) string {
	switch m {
	case app.MethodCash:
		return lang.X("payment.method.cash", "cash")
	case app.MethodBankTransfer:
		return lang.X("payment.method.bank_transfer", "bank transfer")
	case app.MethodCard:
		return lang.X("payment.method.card", "card")
	case app.MethodEWallet:
		return lang.X("payment.method.e_wallet", "e-wallet")
	}
	return string(m)
}
