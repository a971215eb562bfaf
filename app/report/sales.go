package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app/money"
)

func init() {
	define("customers-booked", "Customers who booked",
		"Every customer with a sale booked in the period: bookings, travelers, sales and revenue, biggest first.", customersBooked)
	define("return-rate", "Return rate",
		"Of the customers who booked in the period, how many had bought before (returning) and how many bought twice or more.", returnRate)
	define("revenue", "Revenue and average revenue per customer",
		"Sales, revenue received, and their averages per customer and per booking; sales by the bookings' own currencies.", revenueSummary)
	define("by-tour", "Revenue and profit by tour",
		"Sales, revenue, cost and profit of the period's bookings, by tour (custom trips apart).", byTour)
	define("by-region", "Revenue and profit by region",
		"Sales, revenue, cost and profit of the period's bookings, by the customer's region.", byRegion)
	define("by-salesperson", "Revenue and profit by salesperson",
		"Sales, revenue, cost and profit of the period's bookings, by the agent who owns them.", bySalesperson)
	define("by-month", "Revenue and profit by month",
		"Sales, revenue, cost and profit of the period's bookings, month by month.", byMonth)
}

// customersBooked lists customers with at least one sale in the period.
func customersBooked(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	type agg struct {
		id, name, region string
		bookings, seats  int
		sales, revenue   int64
	}
	by := map[string]*agg{}
	for _, r := range d.inPeriod() {
		if !r.sold() {
			continue
		}
		a := by[r.b.CustomerID]
		if a == nil {
			a = &agg{id: r.b.CustomerID}
			by[r.b.CustomerID] = a
		}
		a.bookings++
		a.seats += r.seats
		a.sales += r.sales.Amount
		a.revenue += r.revenue.Amount
	}
	ids := make(map[string]bool, len(by))
	for id := range by {
		ids[id] = true
	}
	names, err := d.customerNames(ids)
	if err != nil {
		return nil, err
	}
	list := make([]*agg, 0, len(by))
	for _, a := range by {
		a.name = a.id
		if n, ok := names[a.id]; ok {
			a.name, a.region = n[0], n[1]
		}
		list = append(list, a)
	}
	slices.SortFunc(list, func(a, b *agg) int {
		return cmp.Or(cmp.Compare(b.sales, a.sales), strings.Compare(a.name, b.name), strings.Compare(a.id, b.id))
	})
	t := newTable(col("customer", "Customer", Text), col("region", "Region", Text), col("bookings", "Bookings", Int),
		col("travelers", "Travelers", Int), col("sales", "Sales", Money), col("revenue", "Revenue", Money))
	var tot agg
	for _, a := range list {
		t.addRow(TextCell(a.name), TextCell(a.region), intCell(a.bookings), intCell(a.seats), d.money(a.sales), d.money(a.revenue))
		tot.bookings += a.bookings
		tot.seats += a.seats
		tot.sales += a.sales
		tot.revenue += a.revenue
	}
	t.Total = []Cell{TextCell(fmt.Sprintf("Total: %d customers", len(list))), EmptyCell(), intCell(tot.bookings), intCell(tot.seats), d.money(tot.sales), d.money(tot.revenue)}
	return t, nil
}

func (d *data) money(amount int64) Cell { return MoneyCell(money.New(amount, d.cur)) }

// returnRate counts new and returning customers among those who booked.
func returnRate(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	inPeriod := map[string]int{} // customer → sales in the period
	before := map[string]bool{}  // customer → a sale before the period
	for _, r := range d.bookings {
		if !r.sold() || r.day.IsZero() {
			continue
		}
		switch {
		case r.day.Before(d.period.From):
			before[r.b.CustomerID] = true
		case d.period.Contains(r.day):
			inPeriod[r.b.CustomerID]++
		}
	}
	returning, repeat := 0, 0
	for c, n := range inPeriod {
		if before[c] {
			returning++
		}
		if n >= 2 {
			repeat++
		}
	}
	n := len(inPeriod)
	t := newTable(col("measure", "Measure", Text), col("value", "Value", Empty))
	t.addRow(TextCell("Customers who booked"), intCell(n))
	t.addRow(TextCell("New customers (no earlier purchase)"), intCell(n-returning))
	t.addRow(TextCell("Returning customers (bought before the period)"), intCell(returning))
	t.addRow(TextCell("Return rate (returning / who booked)"), rate(int64(returning), int64(n)))
	t.addRow(TextCell("Customers who bought before the period"), intCell(len(before)))
	t.addRow(TextCell("Of them, bought again in the period"), rate(int64(returning), int64(len(before))))
	t.addRow(TextCell("Customers with two or more bookings in the period"), intCell(repeat))
	t.addRow(TextCell("Repeat rate (two or more / who booked)"), rate(int64(repeat), int64(n)))
	return t, nil
}

// divRound is a/n rounded half away from zero (0 when n is 0).
func divRound(a int64, n int) int64 {
	if n == 0 {
		return 0
	}
	q, r := a/int64(n), a%int64(n)
	if 2*abs64(r) >= int64(n) {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// salesTotals are the headline sales figures of the period.
type salesTotals struct {
	sold, customers, payers, seats int
	sales, revenue                 int64
	// byCurrency: sales in each booking currency, before conversion.
	byCurrency map[string]int64
}

func (d *data) salesTotals() salesTotals {
	st := salesTotals{byCurrency: map[string]int64{}}
	customers, payers := map[string]bool{}, map[string]bool{}
	for _, r := range d.inPeriod() {
		st.revenue += r.revenue.Amount
		if r.revenue.Amount != 0 {
			payers[r.b.CustomerID] = true
		}
		if !r.sold() {
			continue
		}
		st.sold++
		st.seats += r.seats
		st.sales += r.sales.Amount
		st.byCurrency[r.b.Currency] += r.total.Amount
		customers[r.b.CustomerID] = true
	}
	st.customers, st.payers = len(customers), len(payers)
	return st
}

func revenueSummary(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	st := d.salesTotals()
	t := newTable(col("measure", "Measure", Text), col("value", "Value", Empty))
	t.addRow(TextCell("Sales (bookings)"), intCell(st.sold))
	t.addRow(TextCell("Travelers"), intCell(st.seats))
	t.addRow(TextCell("Customers who booked"), intCell(st.customers))
	t.addRow(TextCell("Sales"), d.money(st.sales))
	t.addRow(TextCell("Revenue received"), d.money(st.revenue))
	t.addRow(TextCell("Average sales per customer"), d.money(divRound(st.sales, st.customers)))
	t.addRow(TextCell("Average sales per booking"), d.money(divRound(st.sales, st.sold)))
	t.addRow(TextCell("Customers who paid"), intCell(st.payers))
	t.addRow(TextCell("Average revenue per paying customer"), d.money(divRound(st.revenue, st.payers)))
	curs := make([]string, 0, len(st.byCurrency))
	for c := range st.byCurrency {
		curs = append(curs, c)
	}
	slices.Sort(curs)
	if len(curs) > 1 || (len(curs) == 1 && curs[0] != d.cur) {
		for _, c := range curs {
			t.addRow(TextCell("Sales in "+c+" (before conversion)"), MoneyCell(money.New(st.byCurrency[c], c)))
		}
	}
	return t, nil
}

// groupRow is one line of a revenue-and-profit table.
type groupRow struct {
	key                  string
	bookings, seats      int
	sales, revenue, cost int64
}

// byGroup sums the period's bookings by key; keep lists keys shown even
// with nothing in them (months), in order. Without keep, groups come by
// revenue, biggest first.
func byGroup(d *data, keyTitle string, key func(*bookingRow) string, keep []string) (*Table, error) {
	if err := d.loadCosts(); err != nil {
		return nil, err
	}
	groups := map[string]*groupRow{}
	get := func(k string) *groupRow {
		g := groups[k]
		if g == nil {
			g = &groupRow{key: k}
			groups[k] = g
		}
		return g
	}
	for _, k := range keep {
		get(k)
	}
	for _, r := range d.inPeriod() {
		if !r.sold() && r.revenue.Amount == 0 {
			continue // a lost or open request: no money
		}
		g := get(key(r))
		g.revenue += r.revenue.Amount
		if r.sold() {
			g.bookings++
			g.seats += r.seats
			g.sales += r.sales.Amount
			g.cost += r.cost
		}
	}
	var list []*groupRow
	if keep != nil {
		for _, k := range keep {
			list = append(list, groups[k])
		}
	} else {
		for _, g := range groups {
			list = append(list, g)
		}
		slices.SortFunc(list, func(a, b *groupRow) int {
			return cmp.Or(cmp.Compare(b.revenue, a.revenue), cmp.Compare(b.sales, a.sales), strings.Compare(a.key, b.key))
		})
	}
	t := newTable(col("group", keyTitle, Text), col("bookings", "Bookings", Int), col("travelers", "Travelers", Int),
		col("sales", "Sales", Money), col("revenue", "Revenue", Money), col("cost", "Cost", Money),
		col("profit", "Profit", Money), col("margin", "Margin", Percent))
	var tot groupRow
	row := func(label string, g *groupRow) []Cell {
		profit := g.revenue - g.cost
		return []Cell{TextCell(label), intCell(g.bookings), intCell(g.seats), d.money(g.sales), d.money(g.revenue),
			d.money(g.cost), d.money(profit), rate(profit, g.revenue)}
	}
	for _, g := range list {
		t.addRow(row(g.key, g)...)
		tot.bookings += g.bookings
		tot.seats += g.seats
		tot.sales += g.sales
		tot.revenue += g.revenue
		tot.cost += g.cost
	}
	t.Total = row("Total", &tot)
	return t, nil
}

func byTour(d *data) (*Table, error) {
	if err := d.loadCatalog(); err != nil {
		return nil, err
	}
	return byGroup(d, "Tour", func(r *bookingRow) string {
		if r.b.DepartureID == "" {
			return "Custom trips"
		}
		dep := d.departures[r.b.DepartureID]
		if dep == nil {
			return "(departure deleted)"
		}
		if t := d.tours[dep.TourID]; t != nil {
			return t.Name
		}
		return "(tour deleted)"
	}, nil)
}

func byRegion(d *data) (*Table, error) {
	if err := d.loadCustomers(); err != nil {
		return nil, err
	}
	return byGroup(d, "Region", func(r *bookingRow) string { return d.regionOf(r.b.CustomerID) }, nil)
}

// noRegion stands for a customer with no region.
const noRegion = "(no region)"

func (d *data) regionOf(customerID string) string {
	if c := d.customers[customerID]; c.region != "" {
		return c.region
	}
	return noRegion
}

func bySalesperson(d *data) (*Table, error) {
	if err := d.loadCatalog(); err != nil {
		return nil, err
	}
	return byGroup(d, "Salesperson", func(r *bookingRow) string { return d.userName(r.b.OwnerID) }, nil)
}

func byMonth(d *data) (*Table, error) {
	return byGroup(d, "Month", func(r *bookingRow) string { return monthKey(r.day) }, d.period.months())
}
