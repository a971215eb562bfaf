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
	if err := d.loadOps(); err != nil {
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
			d.problem("order:"+o.ID, "service order %s is left out: %v", o.ID, err)
			continue
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
				sums[[2]string{CostCommissions, "agents' commissions"}] += service.Commission(r.revenue.Amount, d.set.AgentCommissionBP)
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

// receivables is what customers owe on d.today:
// service.Payments.Receivables of the run's books, its total aged, the bookings and customers owing and
// how many of these are over the debt limit. Bookings it leaves out are
// noted as the report's problems.
func (d *data) receivables() (service.Ageing, int, int, error) {
	rep := d.rec
	if rep == nil { // worked out once a run (the overview shows it twice)
		books, err := d.loadBooks()
		if err != nil {
			return service.Ageing{}, 0, 0, err
		}
		if rep, err = books.Receivables(d.today); err != nil {
			return service.Ageing{}, 0, 0, err
		}
		d.rec = rep
	}
	for _, p := range rep.Problems {
		d.problem("receivables:"+p, "receivables: %s is left out", p)
	}
	n, over := 0, 0
	for _, cd := range rep.Customers {
		n += len(cd.Bookings)
		if cd.OverLimit {
			over++
		}
	}
	d.receivableCustomers = len(rep.Customers)
	return rep.Total, n, over, nil
}

// payables is what is owed to suppliers on d.today: service.PayablesReport
// of the run's books (the supplier payments read once for all orders). Orders it leaves out
// are noted as the report's problems.
func (d *data) payables() (*service.Payables, error) {
	rep := d.pay
	if rep == nil { // worked out once a run
		books, err := d.loadBooks()
		if err != nil {
			return nil, err
		}
		if rep, err = books.Payables(d.today); err != nil {
			return nil, err
		}
		d.pay = rep
	}
	for _, p := range rep.Problems {
		d.problem("payables:"+p, "payables: %s is left out", p)
	}
	d.payablePartners = len(rep.Partners)
	return rep, nil
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
