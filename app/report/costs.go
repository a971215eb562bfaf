package report

import (
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	define("costs", "Costs by category",
		"Marketing (campaigns starting in the period), operations (service orders and trip expenses), agents' commissions and incidentals, each by item.", costsByCategory)
	define("receivables-payables", "Receivables and payables",
		"What customers owe and what is owed to suppliers on the report's day, aged by days past due.", receivablesPayables)
}

// Cost categories of the costs report.
const (
	CostMarketing   = "marketing"
	CostOperations  = "operations"
	CostCommissions = "commissions"
	CostIncidentals = "incidentals"
)

// costCategory is the report's category of an expense: trip services are
// operations, tips and other spending incidentals; supplier payments are
// not costs (they pay a service order, whose cost is counted).
func costCategory(c app.ExpenseCategory) string {
	switch c {
	case app.ExpenseTips, app.ExpenseOther:
		return CostIncidentals
	case app.ExpenseSupplierPayment:
		return ""
	}
	return CostOperations
}

// costLine is one item of the costs report.
type costLine struct {
	category, item string
	amount         int64
}

// costLines works out the period's costs, each dated: a campaign by its
// start date, a service order (not cancelled) by its start date or else its
// departure's, an expense (reversals subtracting) by its date, an incident
// by its day (UTC), a commission by its booking's day.
func (d *data) costLines() ([]costLine, error) {
	if err := d.loadCosts(); err != nil {
		return nil, err
	}
	if err := d.loadCampaigns(); err != nil {
		return nil, err
	}
	if err := d.loadCatalog(); err != nil {
		return nil, err
	}
	sums := map[[2]string]int64{}
	add := func(cat, item string, m money.Money, day app.Date, what string) {
		if !d.period.Contains(day) || cat == "" {
			return
		}
		if c, ok := d.convert(m, what); ok {
			sums[[2]string{cat, item}] += c.Amount
		}
	}
	for _, c := range d.campaigns {
		if !c.Cost.IsZero() {
			add(CostMarketing, "campaigns: "+string(c.Channel), c.Cost, c.StartDate, "campaign "+c.Name)
		}
	}
	for _, o := range d.orders {
		if o.Status == app.OrderCancelled {
			continue
		}
		c, err := o.Cost()
		if err != nil {
			continue // noted by loadCosts
		}
		day := o.StartDate
		if dep := d.departures[o.DepartureID]; day.IsZero() && dep != nil {
			day = dep.StartDate
		}
		add(CostOperations, "service orders", c, day, "service order "+o.ID)
	}
	for _, e := range d.expenses {
		add(costCategory(e.Category), "expenses: "+string(e.Category), e.Signed(), e.Date, "expense "+e.ID)
	}
	for _, in := range d.incidents {
		if !in.Cost.IsZero() {
			add(CostIncidentals, "incidents", in.Cost, app.DateOf(in.At.UTC()), "incident "+in.ID)
		}
	}
	if d.set.AgentCommissionBP != 0 {
		for _, r := range d.inPeriod() {
			if r.sold() {
				sums[[2]string{CostCommissions, "agents' commissions"}] += commission(r.revenue.Amount, d.set.AgentCommissionBP)
			}
		}
	}
	var out []costLine
	for _, cat := range []string{CostMarketing, CostOperations, CostCommissions, CostIncidentals} {
		var items []string
		for k := range sums {
			if k[0] == cat {
				items = append(items, k[1])
			}
		}
		slices.Sort(items)
		for _, it := range items {
			out = append(out, costLine{cat, it, sums[[2]string{cat, it}]})
		}
	}
	return out, nil
}

func costsByCategory(d *data) (*Table, error) {
	lines, err := d.costLines()
	if err != nil {
		return nil, err
	}
	var total int64
	byCat := map[string]int64{}
	for _, l := range lines {
		total += l.amount
		byCat[l.category] += l.amount
	}
	t := newTable(col("category", "Category", Text), col("item", "Item", Text), col("amount", "Amount", Money), col("share", "Share", Percent))
	for _, cat := range []string{CostMarketing, CostOperations, CostCommissions, CostIncidentals} {
		for _, l := range lines {
			if l.category == cat {
				t.addRow(TextCell(cat), TextCell(l.item), d.money(l.amount), rate(l.amount, total))
			}
		}
		t.addRow(TextCell(cat), TextCell("subtotal"), d.money(byCat[cat]), rate(byCat[cat], total))
	}
	t.Total = []Cell{TextCell("Total"), EmptyCell(), d.money(total), rate(total, total)}
	t.note("Supplier payments are not costs: they pay service orders, whose cost is counted on the order's start date.")
	return t, nil
}

// receivables works out what customers owe on d.today exactly as
// service.Payments.Receivables does: every booking holding seats with a
// balance (total less net paid) above zero, converted into the reporting
// currency, aged by whole days from its due date (BalanceDue, else the
// trip's start: its departure's, or its own) to today. It reads the
// bookings in one pass instead of a transaction per booking; a test
// checks both agree.
func (d *data) receivables() (service.Ageing, int, int, error) {
	if err := d.loadBookings(); err != nil {
		return service.Ageing{}, 0, 0, err
	}
	if err := d.loadCatalog(); err != nil {
		return service.Ageing{}, 0, 0, err
	}
	z := d.zero()
	a := service.Ageing{NotDue: z, Days30: z, Days60: z, Days90: z, Over90: z, Total: z}
	owing := map[string]int64{}
	n := 0
	for _, r := range d.bookings {
		b := r.b
		if !b.HoldsSeat() || r.total.Currency == "" {
			continue // not bound to pay, or its money could not be worked out (noted)
		}
		bal := money.New(r.total.Amount-r.paid.Amount, b.Currency)
		if bal.Amount <= 0 {
			continue
		}
		conv, ok := d.convert(bal, "booking "+b.Code)
		if !ok {
			continue
		}
		due := b.BalanceDue
		if due.IsZero() {
			due = b.StartDate
			if dep := d.departures[b.DepartureID]; b.DepartureID != "" && dep != nil {
				due = dep.StartDate
			}
		}
		late := 0
		if !due.IsZero() {
			late = int(d.today.Time().Sub(due.Time()).Hours() / 24)
		}
		ageingBucket(&a, late).Amount += conv.Amount
		a.Total.Amount += conv.Amount
		owing[b.CustomerID] += conv.Amount
		n++
	}
	over := 0
	if lim := d.set.DebtLimit.Amount; lim > 0 {
		for _, v := range owing {
			if v > lim {
				over++
			}
		}
	}
	d.receivableCustomers = len(owing)
	return a, n, over, nil
}

// payables works out what is owed to suppliers on d.today exactly as
// service.PayablesReport does: each service order confirmed or completed
// costs quantity × unit cost, less its supplier payments (expenses of
// category supplier_payment naming the order and its partner, reversals
// subtracting; in the order's currency), both converted into the
// reporting currency; owed is their difference, aged by whole days from
// the order's end date (its start date without one) to today when above
// zero. Orders never confirmed and never paid owe nothing. It reads the
// orders and expenses once instead of the partner's expenses per order
// (PayablesReport's cost grows with orders × expenses: 2.7 s for 2,600
// orders); a test checks both agree.
func (d *data) payables() (*service.Payables, error) {
	if err := d.loadOps(); err != nil {
		return nil, err
	}
	z := d.zero()
	rep := &service.Payables{Currency: d.cur, Ordered: z, Paid: z, Owed: z,
		Ageing: service.Ageing{NotDue: z, Days30: z, Days60: z, Days90: z, Over90: z, Total: z}}
	type key struct{ partner, order string }
	paid := map[key]int64{}
	mixed := map[key]bool{}
	cur := map[string]string{}
	for _, o := range d.orders {
		cur[o.ID] = o.UnitCost.Currency
	}
	for _, e := range d.expenses {
		if e.Category != app.ExpenseSupplierPayment {
			continue
		}
		k := key{e.PartnerID, e.ServiceOrderID}
		if c, ok := cur[e.ServiceOrderID]; ok && e.Amount.Currency != c {
			mixed[k] = true
		}
		paid[k] += e.Signed().Amount
	}
	partners := map[string]bool{}
	for _, o := range d.orders {
		k := key{o.PartnerID, o.ID}
		if mixed[k] {
			d.problem("payables:"+o.ID, "payables: service order %s is left out: a supplier payment is in another currency than the order's %s", o.ID, o.UnitCost.Currency)
			continue
		}
		cost := money.New(0, o.UnitCost.Currency)
		if o.Status == app.OrderConfirmed || o.Status == app.OrderCompleted {
			c, err := o.Cost()
			if err != nil {
				d.problem("payables:"+o.ID, "payables: service order %s is left out: %v", o.ID, err)
				continue
			}
			cost = c
		}
		p := money.New(paid[k], o.UnitCost.Currency)
		if cost.Amount == 0 && p.Amount == 0 {
			continue
		}
		cc, ok1 := d.convert(cost, "service order "+o.ID)
		pc, ok2 := d.convert(p, "service order "+o.ID)
		if !ok1 || !ok2 {
			continue
		}
		owed := cc.Amount - pc.Amount
		rep.Ordered.Amount += cc.Amount
		rep.Paid.Amount += pc.Amount
		rep.Owed.Amount += owed
		partners[o.PartnerID] = true
		if owed <= 0 {
			continue
		}
		due := o.EndDate
		if due.IsZero() {
			due = o.StartDate
		}
		late := 0
		if !due.IsZero() {
			late = int(d.today.Time().Sub(due.Time()).Hours() / 24)
		}
		*ageingBucket(&rep.Ageing, late) = money.New(ageingBucket(&rep.Ageing, late).Amount+owed, d.cur)
		rep.Ageing.Total.Amount += owed
	}
	d.payablePartners = len(partners)
	return rep, nil
}

// ageingBucket is the field of a that an amount late days past due goes
// to (service.Ageing's buckets: not due, 0–30, 31–60, 61–90, over 90).
func ageingBucket(a *service.Ageing, late int) *money.Money {
	switch {
	case late < 0:
		return &a.NotDue
	case late <= 30:
		return &a.Days30
	case late <= 60:
		return &a.Days60
	case late <= 90:
		return &a.Days90
	}
	return &a.Over90
}

func receivablesPayables(d *data) (*Table, error) {
	rec, nrec, over, err := d.receivables()
	if err != nil {
		return nil, err
	}
	pay, err := d.payables()
	if err != nil {
		return nil, err
	}
	t := newTable(col("ageing", "Days past due", Text), col("receivable", "Customers owe", Money), col("payable", "Owed to suppliers", Money))
	bucket := func(label string, r, p money.Money) {
		t.addRow(TextCell(label), MoneyCell(r), d.money(p.Amount))
	}
	bucket("not due", rec.NotDue, pay.Ageing.NotDue)
	bucket("0–30", rec.Days30, pay.Ageing.Days30)
	bucket("31–60", rec.Days60, pay.Ageing.Days60)
	bucket("61–90", rec.Days90, pay.Ageing.Days90)
	bucket("over 90", rec.Over90, pay.Ageing.Over90)
	t.Total = []Cell{TextCell("Total"), MoneyCell(rec.Total), d.money(pay.Ageing.Total.Amount)}
	t.note("Owed on %s: %d bookings of %d customers (%d over the debt limit); suppliers (%d): %s ordered, %s paid, %s owed (overpaid orders net).",
		d.today, nrec, d.receivableCustomers, over, d.payablePartners, pay.Ordered.Format("en"), pay.Paid.Format("en"), pay.Owed.Format("en"))
	return t, nil
}
