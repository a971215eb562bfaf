package report

import (
	"slices"

	"github.com/tourdesk/tourdesk/app"
)

func init() {
	define("overview", "Director's overview",
		"The headline figures of the period on one page: sales, revenue, profit, customers, return rate, pipeline, costs, campaigns, receivables and payables.", overview)
}

func overview(d *data) (*Table, error) {
	if err := d.loadCosts(); err != nil {
		return nil, err
	}
	st := d.salesTotals()
	var cost int64
	for _, r := range d.inPeriod() {
		if r.sold() {
			cost += r.cost
		}
	}
	rr, err := returnRate(d)
	if err != nil {
		return nil, err
	}
	lines, err := d.costLines()
	if err != nil {
		return nil, err
	}
	byCat := map[string]int64{}
	var costs int64
	for _, l := range lines {
		byCat[l.category] += l.amount
		costs += l.amount
	}
	requests, deposits := 0, 0
	depositAt := slices.Index(pipelineOrder, app.BookingDeposit)
	for _, r := range d.bookings {
		if d.period.Contains(r.day) {
			requests++
			if reached(r) >= depositAt {
				deposits++
			}
		}
	}
	stats, err := d.campaignStats()
	if err != nil {
		return nil, err
	}
	roi := campaignTotals(stats)
	rec, _, over, err := d.receivables()
	if err != nil {
		return nil, err
	}
	rp, err := receivablesPayables(d)
	if err != nil {
		return nil, err
	}
	payOwed := rp.Total[2]

	t := newTable(col("measure", "Measure", Text), col("value", "Value", Empty))
	add := func(label string, c Cell) { t.addRow(TextCell(label), c) }
	add("Sales (bookings)", intCell(st.sold))
	add("Travelers", intCell(st.seats))
	add("Sales", d.money(st.sales))
	add("Revenue received", d.money(st.revenue))
	add("Cost of the sales (settlement)", d.money(cost))
	add("Profit", d.money(st.revenue-cost))
	add("Margin", rate(st.revenue-cost, st.revenue))
	add("Customers who booked", intCell(st.customers))
	add("New customers", rr.Rows[1][1])
	add("Return rate", rr.Rows[3][1])
	add("Average sales per customer", d.money(divRound(st.sales, st.customers)))
	add("Average revenue per paying customer", d.money(divRound(st.revenue, st.payers)))
	add("Requests", intCell(requests))
	add("Requests that reached a deposit", rate(int64(deposits), int64(requests)))
	add("Costs", d.money(costs))
	add("  of which marketing", d.money(byCat[CostMarketing]))
	add("  of which operations", d.money(byCat[CostOperations]))
	add("  of which commissions", d.money(byCat[CostCommissions]))
	add("  of which incidentals", d.money(byCat[CostIncidentals]))
	add("Campaigns started", intCell(roi.campaigns))
	add("Campaign sales", d.money(roi.revenue))
	add("Campaign ROI", rate(roi.revenue-roi.cost, roi.cost))
	add("Customers owe (on "+d.today.String()+")", MoneyCell(rec.Total))
	add("  of which overdue", d.money(rec.Total.Amount-rec.NotDue.Amount))
	add("Customers over the debt limit", intCell(over))
	add("Owed to suppliers", payOwed)
	return t, nil
}
