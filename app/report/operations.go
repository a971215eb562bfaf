package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
)

func init() {
	define("pipeline", "Pipeline conversion by stage",
		"The period's requests by how far they got: inquiry, consulting, quoted, deposit, paid, travelling, completed; cancelled and lost apart.", pipeline)
	define("staff", "Staff activity",
		"Per agent: interactions logged, requests taken, sales, conversion and revenue in the period.", staffActivity)
	define("customers-by-region", "Customers by region",
		"Customers on file per region, and those who booked in the period with their sales and revenue.", customersByRegion)
}

// pipelineOrder is the sales pipeline, each stage reached by every
// booking at or past it.
var pipelineOrder = []app.BookingStatus{app.BookingInquiry, app.BookingConsulting, app.BookingQuoted,
	app.BookingDeposit, app.BookingPaid, app.BookingTravelling, app.BookingCompleted}

// reached is the furthest pipeline stage a booking is known to have
// reached: its status along the pipeline; a cancelled booking with money
// paid reached deposit (nothing moves to deposit without a payment), one
// without money and a lost one the inquiry (they may have been quoted,
// but no record says so).
func reached(r *bookingRow) int {
	switch r.b.Status {
	case app.BookingCancelled:
		if r.paid.Amount != 0 {
			return slices.Index(pipelineOrder, app.BookingDeposit)
		}
		return 0
	case app.BookingLost:
		return 0
	}
	if i := slices.Index(pipelineOrder, r.b.Status); i >= 0 {
		return i
	}
	return 0
}

func pipeline(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	at := map[app.BookingStatus]int{}
	value := map[app.BookingStatus]int64{}
	reach := make([]int, len(pipelineOrder))
	total := 0
	for _, r := range d.bookings {
		if !d.period.Contains(r.day) {
			continue
		}
		total++
		at[r.b.Status]++
		if r.ok {
			if c, ok := d.convert(r.total, "booking "+r.b.Code); ok {
				value[r.b.Status] += c.Amount
			}
		}
		for i := 0; i <= reached(r); i++ {
			reach[i]++
		}
	}
	t := newTable(col("stage", "Stage", Text), col("now", "Bookings there now", Int), col("value", "Their value", Money),
		col("reached", "Reached the stage", Int), col("from_previous", "From the stage before", Percent),
		col("from_inquiry", "From inquiry", Percent))
	for i, s := range pipelineOrder {
		prev := EmptyCell()
		if i > 0 {
			prev = rate(int64(reach[i]), int64(reach[i-1]))
		}
		t.addRow(TextCell(string(s)), intCell(at[s]), d.money(value[s]), intCell(reach[i]), prev, rate(int64(reach[i]), int64(reach[0])))
	}
	for _, s := range []app.BookingStatus{app.BookingCancelled, app.BookingLost} {
		t.addRow(TextCell(string(s)), intCell(at[s]), d.money(value[s]), EmptyCell(), EmptyCell(), rate(int64(at[s]), int64(reach[0])))
	}
	t.Total = []Cell{TextCell("Total"), intCell(total), EmptyCell(), EmptyCell(), EmptyCell(), EmptyCell()}
	t.note("A stage is reached by every request at it or past it; a cancelled booking with money paid counts as having reached deposit, one without money and a lost one only the inquiry.")
	return t, nil
}

func staffActivity(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	if err := d.loadCatalog(); err != nil {
		return nil, err
	}
	if err := d.loadInteractions(); err != nil {
		return nil, err
	}
	type agg struct {
		interactions, requests, sales int
		revenue, salesValue           int64
	}
	by := map[string]*agg{}
	get := func(id string) *agg {
		a := by[id]
		if a == nil {
			a = &agg{}
			by[id] = a
		}
		return a
	}
	// Every agent and manager is listed, with or without activity.
	for id, u := range d.users {
		if u.Role == app.RoleAgent || u.Role == app.RoleManager {
			get(id)
		}
	}
	for _, it := range d.interactions {
		if d.period.Contains(it.day) {
			get(it.user).interactions++
		}
	}
	for _, r := range d.bookings {
		if !d.period.Contains(r.day) {
			continue
		}
		a := get(r.b.OwnerID)
		a.requests++
		if r.ok {
			a.revenue += r.revenue.Amount
			if r.sold() {
				a.sales++
				a.salesValue += r.sales.Amount
			}
		}
	}
	ids := make([]string, 0, len(by))
	for id := range by {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(by[b].revenue, by[a].revenue), strings.Compare(d.userName(a), d.userName(b)), strings.Compare(a, b))
	})
	t := newTable(col("agent", "Agent", Text), col("office", "Office", Text), col("interactions", "Interactions", Int),
		col("requests", "Requests", Int), col("sales", "Sales (bookings)", Int), col("conversion", "Conversion", Percent),
		col("sales_value", "Sales", Money), col("revenue", "Revenue", Money))
	var tot agg
	for _, id := range ids {
		a := by[id]
		office := ""
		if u := d.users[id]; u != nil {
			if o := d.offices[u.OfficeID]; o != nil {
				office = o.Name
			}
		}
		t.addRow(TextCell(d.userName(id)), TextCell(office), intCell(a.interactions), intCell(a.requests), intCell(a.sales),
			rate(int64(a.sales), int64(a.requests)), d.money(a.salesValue), d.money(a.revenue))
		tot.interactions += a.interactions
		tot.requests += a.requests
		tot.sales += a.sales
		tot.salesValue += a.salesValue
		tot.revenue += a.revenue
	}
	t.Total = []Cell{TextCell("Total"), EmptyCell(), intCell(tot.interactions), intCell(tot.requests), intCell(tot.sales),
		rate(int64(tot.sales), int64(tot.requests)), d.money(tot.salesValue), d.money(tot.revenue)}
	t.note("Requests are the bookings the agent owns that came in during the period; interactions are those the agent logged in it (by the UTC day).")
	return t, nil
}

func customersByRegion(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	if err := d.loadCustomers(); err != nil {
		return nil, err
	}
	type agg struct {
		onFile, customers, booked int
		sales, revenue            int64
	}
	by := map[string]*agg{}
	get := func(k string) *agg {
		a := by[k]
		if a == nil {
			a = &agg{}
			by[k] = a
		}
		return a
	}
	for region, rc := range d.regions {
		a := get(region)
		a.onFile, a.customers = rc.onFile, rc.customers
	}
	booked := map[string]bool{}
	for _, r := range d.inPeriod() {
		a := get(d.regionOf(r.b.CustomerID))
		a.revenue += r.revenue.Amount
		if r.sold() {
			a.sales += r.sales.Amount
			if !booked[r.b.CustomerID] {
				booked[r.b.CustomerID] = true
				a.booked++
			}
		}
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(by[b].onFile, by[a].onFile), strings.Compare(a, b)) })
	var tot agg
	for _, a := range by {
		tot.onFile += a.onFile
		tot.customers += a.customers
		tot.booked += a.booked
		tot.sales += a.sales
		tot.revenue += a.revenue
	}
	t := newTable(col("region", "Region", Text), col("on_file", "On file", Int), col("share", "Share", Percent),
		col("customers", "At stage customer", Int), col("booked", "Booked in the period", Int),
		col("sales", "Sales", Money), col("revenue", "Revenue", Money))
	for _, k := range keys {
		a := by[k]
		t.addRow(TextCell(k), intCell(a.onFile), rate(int64(a.onFile), int64(tot.onFile)), intCell(a.customers), intCell(a.booked), d.money(a.sales), d.money(a.revenue))
	}
	t.Total = []Cell{TextCell("Total"), intCell(tot.onFile), rate(int64(tot.onFile), int64(tot.onFile)), intCell(tot.customers), intCell(tot.booked), d.money(tot.sales), d.money(tot.revenue)}
	return t, nil
}
