package tours

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// orderRowWidgets are one service order row's widgets.
type orderRowWidgets struct {
	label   *widget.Label
	actions *fyne.Container
	index   int
}

func (dd *depDetail) newOrderRow() fyne.CanvasObject {
	r := &orderRowWidgets{label: widget.NewLabel("Khách sạn Biển Xanh · Twin rooms × 3 × 1.600.000 ₫ = 4.800.000 ₫ · 2026-12-01 → 2026-12-03 · Confirmed BX-5521")}
	r.label.Wrapping = fyne.TextWrapWord
	r.actions = container.NewHBox()
	box := container.NewBorder(nil, nil, nil, r.actions, r.label)
	dd.orderRow[box] = r
	return box
}

func (dd *depDetail) updateOrderRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := dd.orderRow[o.(*fyne.Container)]
	r.index = i
	if dd.data == nil || i < 0 || i >= len(dd.data.orders) {
		return
	}
	ord := dd.data.orders[i]
	r.label.SetText(dd.orderText(ord))
	r.actions.RemoveAll()
	if dd.a.operates() || dd.a.session.Role == app.RoleAccountant {
		for _, to := range app.ServiceOrderTransitions[ord.Status] {
			to := to
			b := widget.NewButton(orderMoveName(to), func() { dd.moveOrder(ord, to) })
			if to == app.OrderCancelled {
				b.Importance = widget.LowImportance
			}
			r.actions.Add(b)
		}
	}
	if dd.a.printer != nil && ord.Status != app.OrderCancelled {
		id := ord.ID
		r.actions.Add(widget.NewButton(lang.X("tours.print.voucher", "Voucher"), func() { dd.print(docVoucher, id) }))
	}
	r.actions.Refresh()
}

// orderText is a service order row: partner, service, quantity × unit
// cost = cost, dates, status and confirmation number.
func (dd *depDetail) orderText(o *app.ServiceOrder) string {
	cost := ""
	if total, err := o.Cost(); err == nil {
		cost = lang.X("tours.order.cost", "{{.Quantity}} × {{.Unit}} = {{.Total}}", map[string]any{"Quantity": o.Quantity, "Unit": format.Money(o.UnitCost), "Total": format.Money(total)})
	}
	var when string
	if !o.StartDate.IsZero() {
		when = format.Dates(o.StartDate, o.EndDate)
	}
	return format.JoinNonEmpty(" · ", dd.data.partners[o.PartnerID], o.Service, cost, when, strings.TrimSpace(orderStatusName(o.Status)+" "+o.ConfirmationNumber))
}

func orderMoveName(to app.ServiceOrderStatus) string {
	switch to {
	case app.OrderConfirmed:
		return lang.X("tours.order.confirm", "Confirm")
	case app.OrderCompleted:
		return lang.X("tours.order.complete", "Completed")
	case app.OrderCancelled:
		return lang.X("tours.order.cancel", "Cancel")
	}
	return string(to)
}

// moveOrder moves order o to status to; confirming asks for the
// partner's confirmation number first.
func (dd *depDetail) moveOrder(o *app.ServiceOrder, to app.ServiceOrderStatus) {
	if to != app.OrderConfirmed {
		dd.after(func() error { _, err := dd.a.ops.SetOrderStatus(o.ID, to, ""); return err }, nil)
		return
	}
	e := widget.NewEntry()
	e.SetPlaceHolder(lang.X("tours.order.confirmation_hint", "The partner's confirmation number"))
	dialog.ShowForm(lang.X("tours.order.confirm_title", "Confirm the order"), lang.X("tours.order.confirm", "Confirm"), lang.X("tours.cancel", "Cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("tours.order.confirmation", "Confirmation no."), e)},
		func(ok bool) {
			if ok {
				dd.confirmOrder(o.ID, e.Text)
			}
		}, dd.a.win)
}

func (dd *depDetail) confirmOrder(id, number string) {
	dd.after(func() error { _, err := dd.a.ops.SetOrderStatus(id, app.OrderConfirmed, number); return err }, nil)
}

// orderForm adds a service order to the departure shown.
type orderForm struct {
	dd       *depDetail
	content  fyne.CanvasObject
	partner  *widget.Select
	pids     []string
	service  *widget.Entry
	start    *widget.Entry
	end      *widget.Entry
	quantity *widget.Entry
	unitCost *widget.Entry
	currency *widget.Entry
	errLabel *widget.Label
	add      *widget.Button
}

func newOrderForm(dd *depDetail) *orderForm {
	f := &orderForm{dd: dd}
	f.partner = widget.NewSelect(nil, func(string) { f.clear() })
	f.partner.PlaceHolder = lang.X("tours.order.partner", "Partner")
	f.service = widget.NewEntry()
	f.service.SetPlaceHolder(lang.X("tours.order.service", "Service, e.g. 10 twin rooms, 2 nights"))
	f.start = widget.NewEntry()
	f.start.SetPlaceHolder(lang.X("tours.order.start", "From (YYYY-MM-DD)"))
	f.end = widget.NewEntry()
	f.end.SetPlaceHolder(lang.X("tours.order.end", "To (YYYY-MM-DD)"))
	f.quantity = widget.NewEntry()
	f.quantity.SetText("1")
	f.quantity.SetPlaceHolder(lang.X("tours.order.quantity", "Quantity"))
	f.unitCost = widget.NewEntry()
	f.unitCost.SetPlaceHolder(lang.X("tours.order.unit_cost", "Unit cost"))
	f.currency = widget.NewEntry()
	f.currency.SetPlaceHolder("VND")
	for _, e := range []*widget.Entry{f.service, f.start, f.end, f.quantity, f.unitCost, f.currency} {
		e.OnSubmitted = func(string) { f.submit() }
		e.OnChanged = func(string) { f.clear() }
	}
	f.errLabel = input.NewProblemLabel()
	f.add = widget.NewButton(lang.X("tours.order.add", "Add service order"), f.submit)
	f.add.Importance = widget.HighImportance
	grid := container.New(layout.NewGridLayout(3), f.start, f.end, f.quantity)
	cost := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(80, f.currency.MinSize().Height), f.currency), f.unitCost)
	f.content = container.NewVBox(container.NewGridWithColumns(2, f.partner, f.service), grid, cost, f.errLabel, container.NewHBox(f.add))
	return f
}

func (f *orderForm) setData(data *depData, same bool) {
	sel := f.partner.SelectedIndex()
	f.pids = nil
	var opts []string
	for _, p := range data.allPart {
		f.pids = append(f.pids, p.ID)
		opts = append(opts, p.Name+" · "+string(p.Type))
	}
	f.partner.Options = opts
	if same && sel >= 0 && sel < len(opts) {
		f.partner.SetSelectedIndex(sel)
	} else {
		f.partner.ClearSelected()
	}
	if !same || f.currency.Text == "" {
		f.currency.SetText(data.currency)
		d := data.row.dep
		f.start.SetText(d.StartDate.String())
		f.end.SetText(d.EndDate.String())
	}
}

func (f *orderForm) clear() {
	if f.errLabel.Visible() {
		f.errLabel.Hide()
	}
}

func (f *orderForm) fail(msg string) {
	f.errLabel.SetText(msg)
	f.errLabel.Show()
}

// read is the order the form describes, or the first problem found.
func (f *orderForm) read() (*app.ServiceOrder, error) {
	dd := f.dd
	if dd.data == nil {
		return nil, errors.New("no departure")
	}
	o := &app.ServiceOrder{DepartureID: dd.data.row.dep.ID, Service: f.service.Text}
	i := f.partner.SelectedIndex()
	if i < 0 || i >= len(f.pids) {
		return nil, errors.New(lang.X("tours.order.need_partner", "Choose the partner."))
	}
	o.PartnerID = f.pids[i]
	var err error
	if s := strings.TrimSpace(f.start.Text); s != "" {
		if o.StartDate, err = app.ParseDate(s); err != nil {
			return nil, errors.New(lang.X("tours.bad_date", "Not a date like 2026-12-01: {{.Text}}", map[string]any{"Text": s}))
		}
	}
	if s := strings.TrimSpace(f.end.Text); s != "" {
		if o.EndDate, err = app.ParseDate(s); err != nil {
			return nil, errors.New(lang.X("tours.bad_date", "Not a date like 2026-12-01: {{.Text}}", map[string]any{"Text": s}))
		}
	}
	if o.Quantity, err = strconv.Atoi(strings.TrimSpace(f.quantity.Text)); err != nil {
		return nil, errors.New(lang.X("tours.order.bad_quantity", "The quantity is a whole number, e.g. 10."))
	}
	cur := money.NormalizeCode(strings.TrimSpace(f.currency.Text))
	if !money.Known(cur) {
		return nil, errors.New(lang.X("tours.bad_currency", "Unknown currency “{{.Code}}” (e.g. VND, USD).", map[string]any{"Code": f.currency.Text}))
	}
	if o.UnitCost, err = money.Parse(strings.TrimSpace(f.unitCost.Text), cur); err != nil {
		return nil, errors.New(lang.X("tours.bad_amount", "Not an amount: {{.Error}}", map[string]any{"Error": err.Error()}))
	}
	return o, nil
}

// submit adds the order; on a problem the form keeps what was typed and
// says what to fix.
func (f *orderForm) submit() {
	if f.add.Disabled() {
		return
	}
	o, err := f.read()
	if err != nil {
		f.fail(err.Error())
		return
	}
	if err := o.Validate(); err != nil {
		f.fail(format.Explain(err))
		return
	}
	f.add.Disable()
	dd := f.dd
	id := dd.id
	go func() {
		_, err := dd.a.ops.AddOrder(o)
		dd.a.do(func() {
			f.add.Enable()
			if err != nil {
				f.fail(format.Explain(err))
				return
			}
			f.service.SetText("")
			f.unitCost.SetText("")
			f.quantity.SetText("1")
			f.errLabel.Hide()
			if dd.id == id {
				dd.show(id)
			}
		})
	}()
}
