package bookings

import (
	"errors"
	"slices"
	"strings"

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

// payForm takes a payment (deposit, balance, surcharge) or records a
// refund.
type payForm struct {
	refund           bool
	kind, currency   *widget.Select
	method           *widget.Select
	amount, date     *input.Entry
	receipt, note    *input.Entry
	amountErr, dateE *widget.Label
	general          *widget.Label
	modal            *modal
	submit           func()
}

var (
	payKinds = []app.PaymentKind{app.PaymentDeposit, app.PaymentBalance, app.PaymentSurcharge}
	methods  = []app.PaymentMethod{app.MethodCash, app.MethodBankTransfer, app.MethodCard, app.MethodEWallet}
)

func (d *detail) onPay()    { d.openPay(false) }
func (d *detail) onRefund() { d.openPay(true) }

// openPay opens the payment form (refund: the refund form) for the
// booking shown. Amounts are read in the currency chosen, so one typed
// in another currency than the booking's is the service's to refuse.
func (d *detail) openPay(refund bool) {
	a := d.a
	if d.v == nil || a.save != nil {
		return
	}
	st, b := d.v.st, d.v.st.Booking
	f := &payForm{refund: refund, amountErr: input.NewProblemLabel(), dateE: input.NewProblemLabel(), general: input.NewProblemLabel()}
	var entries []*input.Entry
	mk := func(ph string) *input.Entry { e := newEntry(ph); entries = append(entries, e); return e }
	f.amount = mk("0")
	f.date = mk("YYYY-MM-DD")
	f.date.SetText(a.today().String())
	f.receipt = mk(lang.X("bookings.pay.receipt_ph", "Receipt number (optional)"))
	f.note = mk(lang.X("bookings.pay.note_ph", "Note (optional; a surcharge's line description)"))
	f.currency = widget.NewSelect(currencies(), nil)
	if !slices.Contains(f.currency.Options, b.Currency) {
		f.currency.Options = append([]string{b.Currency}, f.currency.Options...)
	}
	f.currency.SetSelected(b.Currency)
	var mnames []string
	for _, m := range methods {
		mnames = append(mnames, methodName(m))
	}
	f.method = widget.NewSelect(mnames, nil)
	f.method.SetSelectedIndex(0)
	if refund {
		f.method.SetSelectedIndex(1)
	}
	var knames []string
	for _, k := range payKinds {
		knames = append(knames, paymentKindName(k))
	}
	f.kind = widget.NewSelect(knames, nil)
	suggest := st.Balance
	if st.Paid.Amount == 0 && b.IsOpen() {
		f.kind.SetSelectedIndex(0)
		if dep, err := st.Total.Percent(service.DepositPercent); err == nil && dep.Amount > 0 {
			suggest = dep
		}
	} else {
		f.kind.SetSelectedIndex(1)
	}
	if refund {
		suggest = st.Paid
	}
	if suggest.Amount > 0 {
		f.amount.SetText(suggest.Decimal())
	}
	label := func(key, fallback string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	var rows []fyne.CanvasObject
	if !refund {
		rows = append(rows, label("bookings.pay.kind", "Kind"), f.kind)
	}
	rows = append(rows,
		label("bookings.pay.amount", "Amount"), container.NewVBox(container.NewBorder(nil, nil, nil, f.currency, f.amount), f.amountErr),
		label("bookings.pay.method", "Method"), f.method,
		label("bookings.pay.date", "Date"), container.NewVBox(f.date, f.dateE))
	if !refund {
		rows = append(rows, label("bookings.pay.receipt", "Receipt no."), f.receipt)
	}
	rows = append(rows, label("bookings.pay.note", "Note"), f.note)
	summary := widget.NewLabel(lang.X("bookings.pay.summary", "{{.Code}}: total {{.Total}} · paid {{.Paid}} · balance {{.Balance}}",
		map[string]any{"Code": b.Code, "Total": format.Money(st.Total), "Paid": format.Money(st.Paid), "Balance": format.Money(st.Balance)}))
	summary.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(summary, formRows(rows...), f.general)

	f.submit = func() {
		setErr(f.amountErr, "")
		setErr(f.dateE, "")
		setErr(f.general, "")
		m, err := money.Parse(f.amount.Text, f.currency.Selected)
		if err != nil {
			setErr(f.amountErr, lang.X("bookings.pay.bad_amount", "Not an amount: {{.Error}}", map[string]any{"Error": err.Error()}))
			return
		}
		date, err := parseDate(f.date.Text)
		if err != nil || date.IsZero() {
			setErr(f.dateE, lang.X("bookings.form.bad_date", "Not a date like 2026-12-20"))
			return
		}
		method := methods[max(0, f.method.SelectedIndex())]
		kind := payKinds[max(0, f.kind.SelectedIndex())]
		receipt, note := strings.TrimSpace(f.receipt.Text), strings.TrimSpace(f.note.Text)
		f.modal.busy(true)
		go func() {
			var p *app.Payment
			var err error
			if refund {
				p, err = a.data.Payments.Refund(b.ID, m, method, date, note)
			} else {
				p, err = a.data.Payments.Take(service.Take{BookingID: b.ID, Kind: kind, Amount: m, Method: method, Date: date, Receipt: receipt, Note: note})
			}
			a.do(func() {
				f.modal.busy(false)
				if err != nil {
					setErr(f.general, refusal(err))
					return
				}
				a.save = nil
				f.modal.d.Hide()
				a.changed(b.ID, lang.X("bookings.pay.done", "{{.Kind}} of {{.Amount}} recorded.", map[string]any{"Kind": paymentKindName(p.Type), "Amount": format.Money(p.Amount)}))
			})
		}()
	}
	title := lang.X("bookings.pay.title", "Take payment")
	if refund {
		title = lang.X("bookings.refund.title", "Refund")
	}
	f.modal = newModal(a.win, title, lang.X("bookings.form.save", "Save (Ctrl+S)"), content, entries, f.submit)
	f.modal.onClose = func() { a.save = nil; d.payForm = nil }
	d.payForm = f
	a.save = f.submit
	f.modal.show(560, 460)
	a.win.Canvas().Focus(f.amount)
}

// refusal is a service's refusal in words for an inline message.
func refusal(err error) string {
	if errors.Is(err, app.ErrForbidden) {
		return lang.X("bookings.forbidden", "Not allowed for your role: {{.Error}}", map[string]any{"Error": err.Error()})
	}
	return format.Explain(err)
}

// cancelForm cancels the booking with a reason and, when asked, the
// refund the cancellation terms give.
type cancelForm struct {
	reason  *input.Entry
	refund  *widget.Check
	general *widget.Label
	modal   *modal
	submit  func()
}

func (d *detail) onCancel() {
	a := d.a
	if d.v == nil || a.save != nil {
		return
	}
	b := d.v.st.Booking
	f := &cancelForm{reason: newEntry(lang.X("bookings.cancel.reason_ph", "Why the booking is cancelled")), general: input.NewProblemLabel()}
	f.refund = widget.NewCheck(lang.X("bookings.cancel.refund", "Refund what the cancellation terms give back"), nil)
	f.refund.SetChecked(d.v.st.Paid.Amount > 0)
	if d.v.st.Paid.Amount <= 0 {
		f.refund.Hide()
	}
	note := widget.NewLabel(lang.X("bookings.cancel.note", "The share kept depends on how many days before the start the booking is cancelled (Settings: cancellation terms)."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	content := container.NewVBox(
		widget.NewLabelWithStyle(lang.X("bookings.cancel.reason", "Reason"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		f.reason, f.refund, note, f.general)
	f.submit = func() {
		setErr(f.general, "")
		if strings.TrimSpace(f.reason.Text) == "" {
			setErr(f.general, lang.X("bookings.cancel.reason_required", "Say why: the reason is required."))
			return
		}
		reason, refund, today := f.reason.Text, f.refund.Checked && f.refund.Visible(), a.today()
		f.modal.busy(true)
		go func() {
			c, err := a.data.Payments.Cancel(b.ID, reason, today, refund)
			a.do(func() {
				f.modal.busy(false)
				if err != nil {
					setErr(f.general, refusal(err))
					return
				}
				a.save = nil
				f.modal.d.Hide()
				msg := lang.X("bookings.cancel.done", "{{.Code}} cancelled.", map[string]any{"Code": b.Code})
				if c.PolicyApplied {
					msg = lang.X("bookings.cancel.done_terms", "{{.Code}} cancelled {{.Days}} days before the start: {{.Percent}}% kept ({{.Kept}}), {{.Refund}} to refund.",
						map[string]any{"Code": b.Code, "Days": c.DaysBefore, "Percent": c.KeepPercent, "Kept": format.Money(c.Kept), "Refund": format.Money(c.Refund)})
				}
				if c.RefundPayment != nil {
					msg += " " + lang.X("bookings.cancel.refunded", "Refund of {{.Amount}} recorded.", map[string]any{"Amount": format.Money(c.RefundPayment.Amount)})
				}
				a.Reload()
				a.changed(b.ID, msg)
			})
		}()
	}
	f.modal = newModal(a.win, lang.X("bookings.cancel.title", "Cancel {{.Code}}", map[string]any{"Code": b.Code}), lang.X("bookings.cancel.ok", "Cancel the booking"), content, []*input.Entry{f.reason}, f.submit)
	f.modal.onClose = func() { a.save = nil; d.cancelForm = nil }
	d.cancelForm = f
	a.save = f.submit
	f.modal.show(520, 320)
	a.win.Canvas().Focus(f.reason)
}

// onEditLines opens the price lines of the booking shown for editing.
func (d *detail) onEditLines() {
	a := d.a
	if d.v == nil || a.save != nil {
		return
	}
	b := d.v.st.Booking
	var entries []*input.Entry
	general := input.NewProblemLabel()
	ed := newLinesEditor(func() string { return b.Currency }, func(e *input.Entry) { entries = append(entries, e) })
	ed.discounts = b.Discounts
	ed.set(b.Lines)
	var m *modal
	submit := func() {
		setErr(general, "")
		lines, ok := ed.read()
		if !ok {
			return
		}
		m.busy(true)
		go func() {
			_, err := a.data.Pipeline.SetLines(b.ID, lines)
			a.do(func() {
				m.busy(false)
				if err != nil {
					var ve *app.ValidationError
					if errors.As(err, &ve) {
						var rest []string
						for _, p := range ed.showProblems(ve) {
							rest = append(rest, p.Field+": "+p.Message)
						}
						setErr(general, strings.Join(rest, "; "))
					} else {
						setErr(general, refusal(err))
					}
					return
				}
				a.save = nil
				m.d.Hide()
				a.changed(b.ID, lang.X("bookings.lines.saved", "Price lines saved."))
			})
		}()
	}
	content := container.NewVScroll(container.NewVBox(ed.content, general))
	m = newModal(a.win, lang.X("bookings.lines.title", "Price lines of {{.Code}}", map[string]any{"Code": b.Code}), lang.X("bookings.form.save", "Save (Ctrl+S)"), content, entries, submit)
	m.onClose = func() { a.save = nil; d.linesForm = nil }
	d.linesForm = ed
	a.save = submit
	m.show(860, 520)
}
