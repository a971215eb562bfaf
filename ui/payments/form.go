package payments

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/ui/input"
)

// newEntry is a form's entry holding text; the form sets its OnEscape.
func newEntry(text string) *input.Entry {
	e := input.NewEntry()
	e.SetText(text)
	return e
}

// moneyForm is the Take payment or Pay supplier form in a dialog: amount
// (in the balance's currency), method (payments only), date, receipt
// number (payments only) and note. Enter in an entry saves, Escape
// cancels; a refusal shows at the top and the form keeps what was typed.
type moneyForm struct {
	win      fyne.Window
	currency string
	methods  []app.PaymentMethod

	amount, date, receipt, note *input.Entry
	method                      *widget.Select
	errLabel                    *widget.Label
	save                        *widget.Button
	d                           *dialog.CustomDialog

	onSave  func(m money.Money, method app.PaymentMethod, date app.Date, receipt, note string)
	onClose func()
}

func newMoneyForm(win fyne.Window, title string, owed money.Money, today app.Date, payment bool) *moneyForm {
	f := &moneyForm{win: win, currency: owed.Currency, methods: app.PaymentMethods}
	f.amount = newEntry(plainAmount(owed))
	f.date = newEntry(today.String())
	f.date.SetPlaceHolder(lang.X("payments.form.date_hint", "YYYY-MM-DD"))
	f.receipt = newEntry("")
	f.note = newEntry("")
	f.errLabel = input.NewProblemLabel()
	var names []string
	for _, m := range f.methods {
		names = append(names, methodName(m))
	}
	f.method = widget.NewSelect(names, nil)
	f.method.SetSelectedIndex(0)

	l := func(key, fallback string) *widget.Label {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	items := []fyne.CanvasObject{
		l("payments.form.amount", "Amount"), container.NewBorder(nil, nil, nil, widget.NewLabel(owed.Currency), f.amount),
	}
	if payment {
		items = append(items, l("payments.form.method", "Method"), f.method)
	}
	items = append(items, l("payments.form.date", "Date"), f.date)
	if payment {
		items = append(items, l("payments.form.receipt", "Receipt no."), f.receipt)
	}
	items = append(items, l("payments.form.note", "Note"), f.note)
	grid := container.New(layout.NewFormLayout(), items...)

	f.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(f.errLabel, grid), win)
	cancel := widget.NewButton(lang.X("payments.form.cancel", "Cancel"), f.close)
	f.save = widget.NewButtonWithIcon(lang.X("payments.form.save", "Save"), theme.ConfirmIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.d.SetButtons([]fyne.CanvasObject{cancel, f.save})
	f.d.SetOnClosed(func() {
		if f.onClose != nil {
			f.onClose()
		}
	})
	for _, e := range []*input.Entry{f.amount, f.date, f.receipt, f.note} {
		e.OnEscape = f.close
		e.OnSubmitted = func(string) { f.submit() }
		e.OnChanged = func(string) { f.setError("") }
	}
	return f
}

func (f *moneyForm) show() {
	f.d.Resize(fyne.NewSize(460, 0))
	f.d.Show()
	f.win.Canvas().Focus(f.amount)
}

func (f *moneyForm) close() { f.d.Hide() }

// submit checks the amount and date and hands them over; what does not
// parse is said in the form and nothing is saved.
func (f *moneyForm) submit() {
	if f.save.Disabled() {
		return
	}
	m, err := money.Parse(strings.TrimSpace(f.amount.Text), f.currency)
	if err != nil {
		f.setError(lang.X("payments.form.bad_amount", "Not an amount: {{.Text}} (for example 2500000)", map[string]any{"Text": f.amount.Text}))
		return
	}
	d, err := app.ParseDate(strings.TrimSpace(f.date.Text))
	if err != nil || d.IsZero() {
		f.setError(lang.X("payments.form.bad_date", "Not a date like 2026-11-23"))
		return
	}
	method := app.MethodCash
	if i := f.method.SelectedIndex(); i >= 0 && i < len(f.methods) {
		method = f.methods[i]
	}
	f.onSave(m, method, d, strings.TrimSpace(f.receipt.Text), strings.TrimSpace(f.note.Text))
}

func (f *moneyForm) setBusy(busy bool) {
	if busy {
		f.save.Disable()
	} else {
		f.save.Enable()
	}
}

func (f *moneyForm) setError(msg string) {
	f.errLabel.SetText(msg)
	if msg == "" {
		f.errLabel.Hide()
	} else {
		f.errLabel.Show()
	}
}

// plainAmount writes m as digits a person edits ("7000000", "1250.50").
func plainAmount(m money.Money) string {
	s := m.String() // "1250.50 USD"
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	return s
}

func methodName(m app.PaymentMethod) string {
	switch m {
	case app.MethodCash:
		return lang.X("payments.method.cash", "Cash")
	case app.MethodBankTransfer:
		return lang.X("payments.method.bank_transfer", "Bank transfer")
	case app.MethodCard:
		return lang.X("payments.method.card", "Card")
	case app.MethodEWallet:
		return lang.X("payments.method.e_wallet", "E-wallet")
	}
	return string(m)
}
