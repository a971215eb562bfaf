package report

import (
	"fmt"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
)

// The segmentation reports are app/segment's figures (its definitions:
// purchases are sold bookings valued at their totals; VIP tiers by the
// agency's rules; campaign attribution and ROI), laid out as tables.

func init() {
	define("campaign-roi", "Campaign ROI",
		"Campaigns starting in the period: cost, targets, leads, requests, bookings and sales attributed to each, conversion and return on investment (app/segment).", campaignROI)
	define("abc", "Customers by ABC class",
		"Customers who bought in the period ranked by sales: A makes the first 80%, B the next 15%, C the rest (the settings' thresholds; app/segment).", abcClasses)
	define("vip-tiers", "Customers by VIP tier",
		"Customers who ever bought, by the tier the agency's rules give them at the end of the period (app/segment).", vipTiers)
}

// facts reads app/segment's purchases once per run.
func (d *data) facts() (*segment.Facts, error) {
	if d.segFacts != nil {
		return d.segFacts, nil
	}
	f, err := segment.LoadFacts(d.s)
	if err != nil {
		return nil, err
	}
	if f.NoRate > 0 {
		d.problem("segment:norate", "%d sales in a currency with no exchange rate are left out of the segmentation", f.NoRate)
	}
	d.segFacts = f
	return f, nil
}

func (d *data) segPeriod() segment.Period {
	return segment.Period{From: d.period.From, To: d.period.To}
}

// asOf is the day tiers are worked out on: the period's end, or today
// when that is earlier.
func (d *data) asOf() app.Date {
	if d.today.Before(d.period.To) {
		return d.today
	}
	return d.period.To
}

func abcClasses(d *data) (*Table, error) {
	f, err := d.facts()
	if err != nil {
		return nil, err
	}
	res := f.ABC(d.segPeriod(), segment.ByRevenue)
	n := len(res.Rows)
	t := newTable(col("class", "Class", Text), col("customers", "Customers", Int), col("customer_share", "Share of customers", Percent),
		col("sales", "Sales", Money), col("sales_share", "Share of sales", Percent))
	for _, c := range segment.Classes {
		t.addRow(TextCell(c), intCell(res.Counts[c]), rate(int64(res.Counts[c]), int64(n)), d.money(res.Values[c]), rate(res.Values[c], res.Total))
	}
	t.Total = []Cell{TextCell("Total"), intCell(n), rate(int64(n), int64(n)), d.money(res.Total), rate(res.Total, res.Total)}
	t.note("A: the customers making the first %d%% of the period's sales, B: up to %d%%, C: the rest (app/segment.ABC by revenue).", res.APercent, res.BPercent)
	return t, nil
}

func vipTiers(d *data) (*Table, error) {
	f, err := d.facts()
	if err != nil {
		return nil, err
	}
	var res *segment.TierResult
	err = d.s.View(func(r service.Reader) error {
		var err error
		res, err = f.Tiers(r, d.asOf())
		return err
	})
	if err != nil {
		return nil, err
	}
	revenue := map[app.CustomerTier]int64{}
	var total int64
	for _, row := range res.Rows {
		revenue[row.Tier] += row.Revenue
		total += row.Revenue
	}
	n := len(res.Rows)
	t := newTable(col("tier", "Tier", Text), col("customers", "Customers", Int), col("share", "Share", Percent), col("sales", "Lifetime sales", Money))
	tiers := app.CustomerTiers
	if res.Counts[app.TierNone] > 0 {
		tiers = append(tiers[:len(tiers):len(tiers)], app.TierNone)
	}
	for _, tier := range tiers {
		label := string(tier)
		if tier == app.TierNone {
			label = "(no rule matches)"
		}
		t.addRow(TextCell(label), intCell(res.Counts[tier]), rate(int64(res.Counts[tier]), int64(n)), d.money(revenue[tier]))
	}
	t.Total = []Cell{TextCell("Total"), intCell(n), rate(int64(n), int64(n)), d.money(total)}
	t.note("Tiers as of %s by the agency's rules (app/segment.Tiers); %d customers' stored tier differs (segment SaveTiers updates them).", d.asOf(), res.Changed)
	return t, nil
}

// campaignStats are the figures of the campaigns that start in the
// period, by start date: app/segment.AllCampaignStats (attribution,
// targets, leads, requests, sales at booking totals, ROI; of the run's
// books and one pass over the customers on a localdb store).
func (d *data) campaignStats() ([]*segment.CampaignStats, error) {
	if err := d.loadCampaigns(); err != nil {
		return nil, err
	}
	start := map[string]app.Date{}
	for _, c := range d.campaigns {
		if d.period.Contains(c.StartDate) {
			start[c.ID] = c.StartDate
		}
	}
	if len(start) == 0 {
		return nil, nil
	}
	books, err := d.loadBooks()
	if err != nil {
		return nil, err
	}
	all, err := segment.AllCampaignStatsOf(books)
	if err != nil {
		return nil, err
	}
	var out []*segment.CampaignStats
	for _, st := range all {
		if _, ok := start[st.CampaignID]; ok {
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(x, y *segment.CampaignStats) int {
		return start[x.CampaignID].Compare(start[y.CampaignID])
	})
	return out, nil
}

type roiTotals struct {
	campaigns                                  int
	cost, revenue                              int64
	targets, leads, requests, bookings, buyers int
}

func campaignTotals(list []*segment.CampaignStats) roiTotals {
	var t roiTotals
	for _, st := range list {
		t.campaigns++
		t.cost += st.Cost
		t.revenue += st.Revenue
		t.targets += st.Targets
		t.leads += st.Leads
		t.requests += st.Requests
		t.bookings += st.Bookings
		t.buyers += st.Customers
	}
	return t
}

func campaignROI(d *data) (*Table, error) {
	list, err := d.campaignStats()
	if err != nil {
		return nil, err
	}
	t := newTable(col("campaign", "Campaign", Text), col("channel", "Channel", Text), col("cost", "Cost", Money),
		col("targets", "Targets", Int), col("leads", "Leads", Int), col("requests", "Requests", Int), col("bookings", "Bookings", Int),
		col("customers", "Customers who bought", Int), col("conversion", "Leads who bought", Percent),
		col("sales", "Sales", Money), col("roi", "ROI", Percent))
	for _, st := range list {
		roi := EmptyCell()
		if st.HasROI {
			roi = PercentCell(st.ROIBP)
		}
		conv := EmptyCell()
		if st.Leads > 0 {
			conv = PercentCell(st.CustomerRateBP)
		}
		t.addRow(TextCell(st.Name), TextCell(string(st.Channel)), d.money(st.Cost), intCell(st.Targets), intCell(st.Leads),
			intCell(st.Requests), intCell(st.Bookings), intCell(st.Customers), conv, d.money(st.Revenue), roi)
	}
	tot := campaignTotals(list)
	t.Total = []Cell{TextCell(fmt.Sprintf("Total: %d campaigns", tot.campaigns)), EmptyCell(), d.money(tot.cost), intCell(tot.targets), intCell(tot.leads),
		intCell(tot.requests), intCell(tot.bookings), intCell(tot.buyers), rate(int64(tot.buyers), int64(tot.leads)), d.money(tot.revenue),
		rate(tot.revenue-tot.cost, tot.cost)}
	t.note("ROI is (sales − cost) / cost. A booking counts for its own campaign, else for the campaign that brought its customer in when booked from its start to %d days after its end (app/segment.CampaignStats).", segment.AttributionDays)
	return t, nil
}
