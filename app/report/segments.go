package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
)

func init() {
	define("campaign-roi", "Campaign ROI",
		"Campaigns starting in the period: cost, targets, leads, bookings and revenue attributed to each, conversion and return on investment.", campaignROI)
	define("abc", "Customers by ABC class",
		"Customers who bought in the period ranked by revenue: A brings the first 80% of it, B the next 15%, C the rest.", abcClasses)
	define("vip-tiers", "Customers by VIP tier",
		"Customers who ever bought, by tier: VIP1, VIP2, VIP3, loyal, regular, new.", vipTiers)
}

// campaignOf is the campaign a booking is attributed to: its own
// campaign, else its customer's (where the customer came from).
func (d *data) campaignOf(r *bookingRow) string {
	if r.b.CampaignID != "" {
		return r.b.CampaignID
	}
	if c := d.customers[r.b.CustomerID]; c != nil {
		return c.campaign
	}
	return ""
}

type campaignAgg struct {
	c                     *app.Campaign
	cost                  int64
	targets, leads        int
	bookings              int
	revenue               int64
	customersWithPurchase map[string]bool
}

type roiTotals struct {
	campaigns     int
	cost, revenue int64
}

// campaignRows attributes customers and bookings to the campaigns that
// start in the period. A campaign's customers are those whose campaign_id
// names it: targets (still at stage target) and leads (every stage past
// it). Its bookings are the sales attributed to it (campaignOf) booked on
// or after its start, however long after: a campaign's effect outlasts it.
func campaignRows(d *data) ([]*campaignAgg, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	if err := d.loadCustomers(); err != nil {
		return nil, err
	}
	if err := d.loadCampaigns(); err != nil {
		return nil, err
	}
	by := map[string]*campaignAgg{}
	var list []*campaignAgg
	for _, c := range d.campaigns {
		if !d.period.Contains(c.StartDate) {
			continue
		}
		a := &campaignAgg{c: c, customersWithPurchase: map[string]bool{}}
		if cost, ok := d.convert(c.Cost, "campaign "+c.Name); ok {
			a.cost = cost.Amount
		}
		by[c.ID] = a
		list = append(list, a)
	}
	if len(list) == 0 {
		return nil, nil
	}
	for _, c := range d.customers {
		a := by[c.campaign]
		if a == nil {
			continue
		}
		if c.stage == app.StageTarget {
			a.targets++
		} else {
			a.leads++
		}
	}
	for _, r := range d.bookings {
		if !r.ok || (!r.sold() && r.revenue.Amount == 0) {
			continue
		}
		a := by[d.campaignOf(r)]
		if a == nil || r.day.Before(a.c.StartDate) {
			continue // not this campaign's, or booked before it began
		}
		a.revenue += r.revenue.Amount
		if r.sold() {
			a.bookings++
			a.customersWithPurchase[r.b.CustomerID] = true
		}
	}
	slices.SortFunc(list, func(x, y *campaignAgg) int {
		return cmp.Or(x.c.StartDate.Compare(y.c.StartDate), strings.Compare(x.c.Name, y.c.Name), strings.Compare(x.c.ID, y.c.ID))
	})
	return list, nil
}

func campaignTotals(d *data) (roiTotals, error) {
	list, err := campaignRows(d)
	var t roiTotals
	for _, a := range list {
		t.campaigns++
		t.cost += a.cost
		t.revenue += a.revenue
	}
	return t, err
}

func campaignROI(d *data) (*Table, error) {
	list, err := campaignRows(d)
	if err != nil {
		return nil, err
	}
	t := newTable(col("campaign", "Campaign", Text), col("channel", "Channel", Text), col("cost", "Cost", Money),
		col("targets", "Targets", Int), col("leads", "Leads", Int), col("buyers", "Customers who bought", Int),
		col("bookings", "Bookings", Int), col("conversion", "Leads who bought", Percent),
		col("revenue", "Revenue", Money), col("roi", "ROI", Percent))
	var tot roiTotals
	var targets, leads, buyers, bookings int
	for _, a := range list {
		b := len(a.customersWithPurchase)
		t.addRow(TextCell(a.c.Name), TextCell(string(a.c.Channel)), d.money(a.cost), intCell(a.targets), intCell(a.leads),
			intCell(b), intCell(a.bookings), rate(int64(b), int64(a.leads)), d.money(a.revenue), rate(a.revenue-a.cost, a.cost))
		tot.cost += a.cost
		tot.revenue += a.revenue
		targets += a.targets
		leads += a.leads
		buyers += b
		bookings += a.bookings
	}
	t.Total = []Cell{TextCell("Total"), EmptyCell(), d.money(tot.cost), intCell(targets), intCell(leads), intCell(buyers), intCell(bookings),
		rate(int64(buyers), int64(leads)), d.money(tot.revenue), rate(tot.revenue-tot.cost, tot.cost)}
	t.note("ROI is (revenue − cost) / cost. A booking is attributed to its own campaign, else to the campaign its customer came from, if booked on or after the campaign's start.")
	return t, nil
}

// abcClass ranks customers by revenue (biggest first, ties by id) and
// gives A to those whose running total, before them, is under 80% of the
// whole, B under 95%, C to the rest: the classic 80/15/5 split.
func abcClass(revenue map[string]int64) map[string]byte {
	ids := make([]string, 0, len(revenue))
	var total int64
	for id, v := range revenue {
		ids = append(ids, id)
		total += v
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(revenue[b], revenue[a]), strings.Compare(a, b)) })
	out := make(map[string]byte, len(ids))
	var run int64
	for _, id := range ids {
		switch {
		case run*100 < total*80:
			out[id] = 'A'
		case run*100 < total*95:
			out[id] = 'B'
		default:
			out[id] = 'C'
		}
		run += revenue[id]
	}
	return out
}

func abcClasses(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	revenue := map[string]int64{}
	for _, r := range d.inPeriod() {
		if r.revenue.Amount > 0 || r.sold() {
			revenue[r.b.CustomerID] += r.revenue.Amount
		}
	}
	for id, v := range revenue {
		if v <= 0 {
			delete(revenue, id) // bought nothing net: no class
		}
	}
	classes := abcClass(revenue)
	var total int64
	count, sum := map[byte]int{}, map[byte]int64{}
	for id, c := range classes {
		count[c]++
		sum[c] += revenue[id]
		total += revenue[id]
	}
	t := newTable(col("class", "Class", Text), col("customers", "Customers", Int), col("customer_share", "Share of customers", Percent),
		col("revenue", "Revenue", Money), col("revenue_share", "Share of revenue", Percent))
	for _, c := range []byte{'A', 'B', 'C'} {
		t.addRow(TextCell(string(c)), intCell(count[c]), rate(int64(count[c]), int64(len(classes))), d.money(sum[c]), rate(sum[c], total))
	}
	t.Total = []Cell{TextCell("Total"), intCell(len(classes)), rate(int64(len(classes)), int64(len(classes))), d.money(total), rate(total, total)}
	t.note("Computed by this report (abcClass): customers with revenue in the period, A = the first 80%% of revenue, B = the next 15%%, C = the rest.")
	return t, nil
}

// VIP tiers, most valued first.
var vipTierNames = []string{"VIP1", "VIP2", "VIP3", "loyal", "regular", "new"}

// vipTier places a customer by lifetime sales (every sale ever, reporting
// currency) and number of sales: the top 1% of buyers by sales are VIP1,
// the next 4% VIP2, the next 5% VIP3; of the rest, three sales or more
// make a loyal customer, two a regular one, one a new one. rank is the
// customer's place (0 = biggest), of n buyers.
func vipTier(rank, n, sales int) string {
	switch {
	case rank*100 < n*1:
		return "VIP1"
	case rank*100 < n*5:
		return "VIP2"
	case rank*100 < n*10:
		return "VIP3"
	case sales >= 3:
		return "loyal"
	case sales == 2:
		return "regular"
	}
	return "new"
}

func vipTiers(d *data) (*Table, error) {
	if err := d.loadBookings(); err != nil {
		return nil, err
	}
	value, sales := map[string]int64{}, map[string]int{}
	for _, r := range d.bookings {
		if r.ok && r.sold() && !r.day.After(d.period.To) {
			value[r.b.CustomerID] += r.sales.Amount
			sales[r.b.CustomerID]++
		}
	}
	ids := make([]string, 0, len(value))
	for id := range value {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(value[b], value[a]), strings.Compare(a, b)) })
	count, sum := map[string]int{}, map[string]int64{}
	for i, id := range ids {
		tier := vipTier(i, len(ids), sales[id])
		count[tier]++
		sum[tier] += value[id]
	}
	t := newTable(col("tier", "Tier", Text), col("customers", "Customers", Int), col("share", "Share", Percent), col("sales", "Lifetime sales", Money))
	var total int64
	for _, tier := range vipTierNames {
		t.addRow(TextCell(tier), intCell(count[tier]), rate(int64(count[tier]), int64(len(ids))), d.money(sum[tier]))
		total += sum[tier]
	}
	t.Total = []Cell{TextCell("Total"), intCell(len(ids)), rate(int64(len(ids)), int64(len(ids))), d.money(total)}
	t.note("Computed by this report (vipTier), as of the period's end: the top 1%% of buyers by lifetime sales are VIP1, the next 4%% VIP2, the next 5%% VIP3; of the rest 3+ sales loyal, 2 regular, 1 new.")
	return t, nil
}
