// Package payments is the Payments area of the desktop app: the
// receivables (what customers owe, aged 0–30, 31–60, 61–90 and over 90
// days past the due date, with the debt-limit alert), the overdue
// balances, latest first, and the supplier payables per partner; taking a
// payment on a booking and paying a supplier where the role may (the
// service's refusal shows inline, nothing is written), and printing the
// receipt of a payment just taken.
//
// An agent sees their own customers' balances, a manager their office's,
// an accountant, director or admin everything; a director reads only.
// Payables show to the roles whose store holds the service orders
// (accountant, director, admin); only an accountant or admin pays.
// Store work runs off the UI goroutine and is applied through fyne.Do.
package payments

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/customers"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/format"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// Deps is what the area needs.
type Deps struct {
	Store   service.Store
	Session service.Session
	// Printer prints receipts (nil: no print button).
	Printer customers.Printer
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Area is the Payments screen. Its fields are owned by the UI goroutine
// except deps, pay, ops and do, set once in New.
type Area struct {
	deps Deps
	pay  *service.Payments
	ops  *service.Operations
	win  fyne.Window
	do   func(func())

	mayTake, mayPay, payables bool

	tabs      *container.AppTabs
	totals    [nBuckets]*widget.Label
	limit     *widget.Label
	status    *widget.Label
	custList  *widget.List
	overList  *widget.List
	overCount *widget.Label
	partList  *widget.List
	partTotal *widget.Label

	panelTitle *widget.Label
	panelSub   *widget.Label
	panelMsg   *widget.Label
	printBtn   *widget.Button
	cards      *fyne.Container
	content    fyne.CanvasObject

	day      app.Date
	data     *receivables
	partners []service.PartnerPayable
	payCur   string
	loadGen  int
	shownGen int
	// selected is what the panel shows: "c:"+customer id, "b:"+booking
	// id or "p:"+partner id ("" for nothing).
	selected string
	// last is the payment taken last (its receipt can be printed).
	last     *app.Payment
	lastCode string
	printing bool
	// form is the open Take payment or Pay supplier form (nil: none).
	form *moneyForm
}

// New builds the Payments area and starts loading it.
func New(d Deps, win fyne.Window) *Area { return newArea(d, win, fyne.Do) }

func newArea(d Deps, win fyne.Window, do func(func())) *Area {
	if d.Now == nil {
		d.Now = time.Now
	}
	a := &Area{deps: d, pay: service.NewPayments(d.Store, d.Session), ops: service.NewOperations(d.Store, d.Session), win: win, do: do,
		mayTake: mayTake(d.Session), mayPay: mayPaySuppliers(d.Session.Role), payables: seesPayables(d.Session.Role)}

	heads := []string{
		lang.X("payments.bucket.not_due", "Not due"),
		lang.X("payments.bucket.30", "0–30 days"),
		lang.X("payments.bucket.60", "31–60 days"),
		lang.X("payments.bucket.90", "61–90 days"),
		lang.X("payments.bucket.over90", "Over 90 days"),
		lang.X("payments.bucket.total", "Total"),
	}
	// Three buckets a row, each its name over its amount: six columns
	// would cut the amounts of a large agency.
	grid := container.NewGridWithColumns(3)
	for i, h := range heads {
		l := widget.NewLabel(h)
		l.TextStyle.Bold = true
		l.Truncation = fyne.TextTruncateEllipsis
		a.totals[i] = widget.NewLabel("—")
		a.totals[i].Truncation = fyne.TextTruncateEllipsis
		grid.Add(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), l, a.totals[i]))
	}
	a.limit = widget.NewLabel("")
	a.limit.Wrapping = fyne.TextWrapWord
	a.status = widget.NewLabel(lang.X("payments.loading", "Loading…"))
	a.status.TextStyle.Italic = true
	a.status.Wrapping = fyne.TextWrapWord

	a.custList = widget.NewList(
		func() int {
			if a.data == nil {
				return 0
			}
			return len(a.data.Customers)
		},
		func() fyne.CanvasObject { return listrow.New() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if a.data != nil && i < len(a.data.Customers) {
				r := a.data.Customers[i]
				setRow(o, r.Name, a.money(r.Ageing[total]), agedText(a, r.Ageing), r.OverLimit)
			}
		},
	)
	a.custList.OnSelected = func(i widget.ListItemID) {
		if a.data != nil && i < len(a.data.Customers) {
			a.selected = "c:" + a.data.Customers[i].CustomerID
			a.showPanel()
		}
	}
	a.overCount = widget.NewLabel("")
	a.overList = widget.NewList(
		func() int {
			if a.data == nil {
				return 0
			}
			return len(a.data.Overdue)
		},
		func() fyne.CanvasObject { return listrow.New() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if a.data != nil && i < len(a.data.Overdue) {
				r := a.data.Overdue[i]
				setRow(o, r.Code+" · "+r.Customer, formatMoney(r.Balance), lateText(r.Receivable), r.DaysOverdue > 90)
			}
		},
	)
	a.overList.OnSelected = func(i widget.ListItemID) {
		if a.data != nil && i < len(a.data.Overdue) {
			a.selected = "b:" + a.data.Overdue[i].BookingID
			a.showPanel()
		}
	}
	a.partTotal = widget.NewLabel("")
	a.partTotal.Wrapping = fyne.TextWrapWord
	a.partList = widget.NewList(
		func() int { return len(a.partners) },
		func() fyne.CanvasObject { return listrow.New() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(a.partners) {
				p := a.partners[i]
				var b buckets
				b[notDue], b[days30], b[days60], b[days90], b[over90] = p.Ageing.NotDue.Amount, p.Ageing.Days30.Amount, p.Ageing.Days60.Amount, p.Ageing.Days90.Amount, p.Ageing.Over90.Amount
				b[total] = p.Ageing.Total.Amount
				name := p.Name
				if name == "" {
					name = p.PartnerID
				}
				setRow(o, name, formatMoney(p.Owed), agedText(a, b), false)
			}
		},
	)
	a.partList.OnSelected = func(i widget.ListItemID) {
		if i < len(a.partners) {
			a.selected = "p:" + a.partners[i].PartnerID
			a.showPanel()
		}
	}

	recTab := container.NewBorder(container.NewVBox(grid, a.limit), nil, nil, nil, a.custList)
	overTab := container.NewBorder(a.overCount, nil, nil, nil, a.overList)
	a.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("payments.tab.receivables", "Receivables"), recTab),
		container.NewTabItem(lang.X("payments.tab.overdue", "Overdue"), overTab),
	)
	if a.payables {
		a.tabs.Append(container.NewTabItem(lang.X("payments.tab.payables", "Supplier payables"), container.NewBorder(a.partTotal, nil, nil, nil, a.partList)))
	}

	a.panelTitle = widget.NewLabel(lang.X("payments.panel.none", "Select a customer, a balance or a partner."))
	a.panelTitle.TextStyle.Bold = true
	a.panelTitle.SizeName = theme.SizeNameSubHeadingText
	a.panelTitle.Wrapping = fyne.TextWrapWord
	a.panelSub = widget.NewLabel("")
	a.panelSub.Wrapping = fyne.TextWrapWord
	a.panelSub.Hide()
	a.panelMsg = widget.NewLabel("")
	a.panelMsg.Wrapping = fyne.TextWrapWord
	a.panelMsg.Hide()
	a.printBtn = widget.NewButtonWithIcon(lang.X("payments.print_receipt", "Print receipt"), theme.DocumentPrintIcon(), a.printReceipt)
	a.printBtn.Hide()
	a.cards = container.NewVBox()
	panel := container.NewBorder(container.NewVBox(a.panelTitle, a.panelSub, a.panelMsg, container.NewHBox(a.printBtn), widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(a.cards))

	split := container.NewHSplit(container.NewBorder(a.status, nil, nil, nil, a.tabs), panel)
	split.Offset = 0.6
	a.content = split
	a.Reload()
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Shortcuts: F5 reads the figures again.
func (a *Area) Shortcuts() map[fyne.Shortcut]func() {
	return map[fyne.Shortcut]func(){&desktop.CustomShortcut{KeyName: fyne.KeyF5}: a.Reload}
}

func (a *Area) today() app.Date { return app.DateOf(a.deps.Now().Local()) }

// Reload works the figures out again off the UI goroutine.
func (a *Area) Reload() {
	a.loadGen++
	gen, day := a.loadGen, a.today()
	if a.deps.Store == nil {
		return
	}
	go func() {
		rec, err := loadReceivables(a.deps.Store, a.deps.Session, day)
		var pay *service.Payables
		var perr error
		if a.payables {
			pay, perr = service.PayablesReport(a.deps.Store, day)
		}
		a.do(func() {
			if gen != a.loadGen {
				return
			}
			a.shownGen = gen
			a.day = day
			a.apply(rec, err, pay, perr)
		})
	}()
}

func (a *Area) apply(rec *receivables, err error, pay *service.Payables, perr error) {
	var problems []string
	if err != nil {
		a.status.SetText(lang.X("payments.error.load", "Could not work out the receivables: {{.Error}}", map[string]any{"Error": err.Error()}))
		a.status.Show()
		return
	}
	a.data = rec
	for i := range a.totals {
		a.totals[i].SetText(a.money(rec.Total[i]))
		a.totals[i].Importance = widget.MediumImportance
		if i >= days30 && i <= over90 && rec.Total[i] > 0 {
			a.totals[i].Importance = widget.DangerImportance
		}
		a.totals[i].Refresh()
	}
	args := map[string]any{"Limit": formatMoney(rec.DebtLimit), "Count": rec.OverLimit}
	switch {
	case rec.DebtLimit.Amount <= 0:
		a.limit.SetText(lang.X("payments.limit.none", "No debt limit is set (Settings)."))
		a.limit.Importance = widget.MediumImportance
	case rec.OverLimit > 0:
		a.limit.SetText(lang.XN("payments.limit.over", "⚠ {{.Count}} customers owe more than the debt limit of {{.Limit}}", rec.OverLimit, args))
		a.limit.Importance = widget.DangerImportance
	default:
		a.limit.SetText(lang.X("payments.limit.ok", "Nobody owes more than the debt limit of {{.Limit}}.", args))
		a.limit.Importance = widget.MediumImportance
	}
	a.limit.Refresh()
	a.overCount.SetText(lang.XN("payments.overdue.count", "{{.Count}} balances past their due date", len(rec.Overdue), map[string]any{"Count": i18n.Int(len(rec.Overdue))}))
	problems = append(problems, rec.Problems...)
	if a.payables {
		if perr != nil {
			problems = append(problems, lang.X("payments.error.payables", "Could not work out the payables: {{.Error}}", map[string]any{"Error": perr.Error()}))
			a.partners = nil
		} else {
			a.partners, a.payCur = pay.Partners, pay.Currency
			if len(pay.Partners) == 0 {
				a.partTotal.SetText(lang.X("payments.payables.none", "No service order is confirmed or paid: no supplier is owed anything."))
			} else {
				a.partTotal.SetText(lang.X("payments.payables.total", "Ordered {{.Ordered}}, paid {{.Paid}}, owed {{.Owed}}", map[string]any{
					"Ordered": formatMoney(pay.Ordered), "Paid": formatMoney(pay.Paid), "Owed": formatMoney(pay.Owed)}))
			}
			problems = append(problems, pay.Problems...)
		}
		a.partList.Refresh()
	}
	if len(problems) > 0 {
		a.status.SetText(lang.X("payments.problems", "Left out: {{.Problems}}", map[string]any{"Problems": strings.Join(problems, "; ")}))
		a.status.Show()
	} else {
		a.status.Hide()
	}
	a.custList.Refresh()
	a.overList.Refresh()
	a.showPanel()
}

// money formats an amount of the report's currency.
func (a *Area) money(amount int64) string {
	if a.data == nil {
		return ""
	}
	return formatMoney(money.New(amount, a.data.Currency))
}

func formatMoney(m money.Money) string {
	if m.Currency == "" {
		return "0"
	}
	return m.Format(i18n.Current())
}

// agedText is the non-zero buckets of b, in order.
func agedText(a *Area, b buckets) string {
	names := []string{
		lang.X("payments.bucket.not_due", "Not due"),
		lang.X("payments.bucket.30", "0–30 days"),
		lang.X("payments.bucket.60", "31–60 days"),
		lang.X("payments.bucket.90", "61–90 days"),
		lang.X("payments.bucket.over90", "Over 90 days"),
	}
	var parts []string
	for i := notDue; i <= over90; i++ {
		if b[i] != 0 {
			parts = append(parts, names[i]+": "+a.money(b[i]))
		}
	}
	return strings.Join(parts, " · ")
}

// lateText says when a balance was due and how late it is.
func lateText(r service.Receivable) string {
	args := map[string]any{"Date": r.Due.String(), "Days": r.DaysOverdue}
	switch {
	case r.DaysOverdue > 0:
		return lang.XN("payments.late", "due {{.Date}}, {{.Days}} days overdue", r.DaysOverdue, args)
	case r.DaysOverdue == 0:
		return lang.X("payments.due_today", "due today")
	}
	return lang.X("payments.due", "due {{.Date}}", args)
}

// showPanel fills the right-hand panel with what is selected.
func (a *Area) showPanel() {
	a.cards.Objects = nil
	kind, id, _ := strings.Cut(a.selected, ":")
	switch kind {
	case "c", "b":
		a.showDebt(kind, id)
	case "p":
		a.showPartner(id)
	default:
		a.panelTitle.SetText(lang.X("payments.panel.none", "Select a customer, a balance or a partner."))
		a.panelSub.Hide()
	}
	a.cards.Refresh()
}

func (a *Area) showDebt(kind, id string) {
	if a.data == nil {
		return
	}
	var rows []overdueRow
	var owner *debtRow
	for i := range a.data.Customers {
		cd := &a.data.Customers[i]
		for _, b := range cd.Bookings {
			if (kind == "c" && cd.CustomerID == id) || (kind == "b" && b.BookingID == id) {
				rows = append(rows, overdueRow{Receivable: b, CustomerID: cd.CustomerID, Customer: cd.Name})
				owner = cd
			}
		}
	}
	if owner == nil {
		a.panelTitle.SetText(lang.X("payments.panel.paid", "Nothing owed any more."))
		a.panelSub.Hide()
		return
	}
	a.panelTitle.SetText(owner.Name)
	sub := lang.X("payments.panel.owes", "Owes {{.Total}} in all", map[string]any{"Total": a.money(owner.Ageing[total])})
	if owner.OverLimit {
		sub += " · " + lang.X("payments.panel.over_limit", "over the debt limit of {{.Limit}}", map[string]any{"Limit": formatMoney(a.data.DebtLimit)})
		a.panelSub.Importance = widget.DangerImportance
	} else {
		a.panelSub.Importance = widget.MediumImportance
	}
	a.panelSub.SetText(sub)
	a.panelSub.Show()
	for _, r := range rows {
		r := r
		code := widget.NewLabel(r.Code)
		code.TextStyle.Bold = true
		line := widget.NewLabel(lang.X("payments.booking.balance", "Balance {{.Amount}}, {{.When}} ({{.Bucket}})", map[string]any{
			"Amount": formatMoney(r.Balance), "When": lateText(r.Receivable), "Bucket": bucketName(bucketOf(r.DaysOverdue))}))
		line.Wrapping = fyne.TextWrapWord
		if r.DaysOverdue > 0 {
			line.Importance = widget.DangerImportance
		}
		box := container.NewVBox(code, line)
		if a.mayTake {
			take := widget.NewButtonWithIcon(lang.X("payments.take", "Take payment"), theme.ContentAddIcon(), func() { a.openTake(r) })
			take.Importance = widget.HighImportance
			box.Add(container.NewHBox(take))
		}
		box.Add(widget.NewSeparator())
		a.cards.Add(box)
	}
}

func (a *Area) showPartner(id string) {
	var p *service.PartnerPayable
	for i := range a.partners {
		if a.partners[i].PartnerID == id {
			p = &a.partners[i]
		}
	}
	if p == nil {
		a.panelTitle.SetText(lang.X("payments.panel.none", "Select a customer, a balance or a partner."))
		a.panelSub.Hide()
		return
	}
	a.panelTitle.SetText(p.Name)
	a.panelSub.Importance = widget.MediumImportance
	a.panelSub.SetText(lang.X("payments.payables.partner", "Ordered {{.Ordered}}, paid {{.Paid}}, owed {{.Owed}}", map[string]any{
		"Ordered": formatMoney(p.Ordered), "Paid": formatMoney(p.Paid), "Owed": formatMoney(p.Owed)}))
	a.panelSub.Show()
	for _, o := range p.Orders {
		o := o
		head := widget.NewLabel(o.Service + " · " + orderStatusName(o.Status))
		head.TextStyle.Bold = true
		head.Wrapping = fyne.TextWrapWord
		line := widget.NewLabel(lang.X("payments.order.line", "Cost {{.Cost}}, paid {{.Paid}}, owed {{.Owed}} · due {{.Date}}", map[string]any{
			"Cost": formatMoney(o.Cost), "Paid": formatMoney(o.Paid), "Owed": formatMoney(o.Owed), "Date": o.Due.String()}))
		line.Wrapping = fyne.TextWrapWord
		if o.Owed.Amount > 0 && o.DaysOverdue > 0 {
			line.Importance = widget.DangerImportance
		}
		box := container.NewVBox(head, line)
		if a.mayPay && o.Owed.Amount > 0 {
			btn := widget.NewButtonWithIcon(lang.X("payments.pay_supplier", "Pay supplier"), theme.ConfirmIcon(), func() { a.openPaySupplier(p.Name, o) })
			box.Add(container.NewHBox(btn))
		}
		box.Add(widget.NewSeparator())
		a.cards.Add(box)
	}
}

// setMessage shows a success (ok) or a refusal under the panel's title.
func (a *Area) setMessage(msg string, ok bool) {
	a.panelMsg.SetText(msg)
	if ok {
		a.panelMsg.Importance = widget.SuccessImportance
	} else {
		a.panelMsg.Importance = widget.DangerImportance
	}
	if msg == "" {
		a.panelMsg.Hide()
	} else {
		a.panelMsg.Show()
	}
	a.panelMsg.Refresh()
}

// openTake opens the Take payment form for balance r.
func (a *Area) openTake(r overdueRow) {
	if a.form != nil {
		return
	}
	f := newMoneyForm(a.win, lang.X("payments.take.title", "Take payment: {{.Code}}", map[string]any{"Code": r.Code}), r.Balance, a.today(), true)
	a.form = f
	f.onClose = func() { a.form = nil }
	f.onSave = func(m money.Money, method app.PaymentMethod, date app.Date, receipt, note string) {
		f.setBusy(true)
		go func() {
			p, err := a.pay.Take(service.Take{BookingID: r.BookingID, Kind: app.PaymentBalance, Amount: m, Method: method, Date: date, Receipt: receipt, Note: note})
			a.do(func() {
				f.setBusy(false)
				if err != nil {
					f.setError(explain(err))
					return
				}
				f.close()
				a.last, a.lastCode = p, r.Code
				a.setMessage(lang.X("payments.taken", "{{.Amount}} received for {{.Code}}.", map[string]any{"Amount": formatMoney(p.Amount), "Code": r.Code}), true)
				if a.deps.Printer != nil {
					a.printBtn.Show()
				}
				a.Reload()
			})
		}()
	}
	f.show()
}

// openPaySupplier opens the Pay supplier form for order o of partner.
func (a *Area) openPaySupplier(partner string, o service.OrderPayable) {
	if a.form != nil {
		return
	}
	f := newMoneyForm(a.win, lang.X("payments.pay.title", "Pay {{.Partner}}: {{.Service}}", map[string]any{"Partner": partner, "Service": o.Service}), o.Owed, a.today(), false)
	a.form = f
	f.onClose = func() { a.form = nil }
	f.onSave = func(m money.Money, _ app.PaymentMethod, date app.Date, _, note string) {
		f.setBusy(true)
		go func() {
			_, err := a.ops.PaySupplier(service.PaySupplier{OrderID: o.OrderID, Amount: m, Date: date, Note: note})
			a.do(func() {
				f.setBusy(false)
				if err != nil {
					f.setError(explain(err))
					return
				}
				f.close()
				a.last = nil
				a.printBtn.Hide()
				a.setMessage(lang.X("payments.paid", "{{.Amount}} paid to {{.Partner}}.", map[string]any{"Amount": formatMoney(m), "Partner": partner}), true)
				a.Reload()
			})
		}()
	}
	f.show()
}

// printReceipt prints the receipt of the payment taken last.
func (a *Area) printReceipt() {
	if a.deps.Printer == nil || a.last == nil || a.printing {
		return
	}
	a.printing = true
	a.printBtn.Disable()
	job := customers.PrintJob{Kind: "receipt", ID: a.last.ID, Lang: i18n.Current(), Name: a.last.ReceiptNumber}
	if job.Name == "" {
		job.Name = a.lastCode + " " + a.last.Date.String()
	}
	go func() {
		path, err := a.deps.Printer.Print(job)
		a.do(func() {
			a.printing = false
			a.printBtn.Enable()
			if err != nil {
				a.setMessage(lang.X("payments.print.failed", "Could not print the receipt: {{.Error}}", map[string]any{"Error": err.Error()}), false)
				return
			}
			a.setMessage(lang.X("payments.print.done", "The receipt is open in your PDF viewer ({{.Path}}).", map[string]any{"Path": path}), true)
		})
	}()
}

// explain is a refusal in words: a role's refusal said as such (a
// validation error is never one: it matches app.ErrInvalid only), else as
// format.Explain words it.
func explain(err error) string {
	if errors.Is(err, app.ErrForbidden) {
		return lang.X("payments.error.forbidden", "Your role may not do this: {{.Error}}", map[string]any{"Error": err.Error()})
	}
	return format.Explain(err)
}

func bucketName(b int) string {
	switch b {
	case notDue:
		return lang.X("payments.bucket.not_due", "Not due")
	case days30:
		return lang.X("payments.bucket.30", "0–30 days")
	case days60:
		return lang.X("payments.bucket.60", "31–60 days")
	case days90:
		return lang.X("payments.bucket.90", "61–90 days")
	}
	return lang.X("payments.bucket.over90", "Over 90 days")
}

func orderStatusName(s string) string {
	switch app.ServiceOrderStatus(s) {
	case app.OrderConfirmed:
		return lang.X("payments.order.confirmed", "confirmed")
	case app.OrderCompleted:
		return lang.X("payments.order.completed", "completed")
	}
	return s
}

// setRow shows one line of the lists, o a listrow.Row: name and amount,
// and under them the detail in small print; alert marks it (⚠ before the
// name, the amount in red).
func setRow(o fyne.CanvasObject, name, amount, sub string, alert bool) {
	if alert {
		name = "⚠ " + name
	}
	o.(*listrow.Row).Set(name, amount, sub, alert)
}
