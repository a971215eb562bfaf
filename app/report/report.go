// Package report holds TourDesk's reports: each works out, for a period
// (a month, quarter, year or any run of days), a Table of typed cells
// (text, integers, money with its currency, percentages) that tourdeskctl
// prints or exports (CSV, XLSX, JSON) and the desktop's Reports area
// shows. Reports read the store through app/service's Store interface
// (every booking and payment in one pass through FieldScanner when the
// store has it) and convert every amount into the company's reporting
// currency (CompanySettings.DefaultCurrency) with the exchange rates kept
// in the settings.
//
// What the figures mean, in one place:
//
//   - A booking counts in the period of its BookedOn day (the day the
//     request came in; its start date when unset).
//   - A sale is a booking holding seats: at deposit, paid, travelling or
//     completed. Sales are the totals of sales (app.Booking.Total).
//   - Revenue is what customers paid on the period's bookings, refunds and
//     reversals subtracted (app.Paid), whatever their status: a cancelled
//     booking's kept money is revenue, as in a departure's settlement.
//   - Cost and profit are the settlement's (service.Settlements): a
//     departure's costs shared among its bookings by seats, plus each
//     sale's agent commission, converted into the reporting currency;
//     profit is revenue less cost.
//   - Receivables and payables are what is owed on the report's day:
//     service.Payments.Receivables and service.PayablesReport. Campaign
//     figures are app/segment.AllCampaignStats. The report computes none
//     of these itself: it reads the bookings and payments once a run
//     (service.LoadBooks) and asks those books for each figure.
//
// Amounts that cannot be converted (a currency with no rate) are left out
// and named in the table's notes, never silently dropped.
package report

import (
	"fmt"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// Info describes one report.
type Info struct {
	// Name is what `tourdeskctl report NAME` takes; stable.
	Name string `json:"name"`
	// Title and Description are English (the UI translates by Name).
	Title       string `json:"title"`
	Description string `json:"description"`
}

type def struct {
	Info
	run func(d *data) (*Table, error)
}

var defs []def

func define(name, title, desc string, run func(d *data) (*Table, error)) {
	defs = append(defs, def{Info{name, title, desc}, run})
}

// menuOrder is the order List gives: the overview first, then sales,
// customers, operations and money, segments last.
var menuOrder = []string{"overview", "revenue", "customers-booked", "return-rate", "by-tour", "by-region",
	"by-salesperson", "by-month", "pipeline", "staff", "customers-by-region", "costs", "receivables-payables",
	"campaign-roi", "vip-tiers", "abc"}

// List returns every report, in the order menus show them.
func List() []Info {
	out := make([]Info, len(defs))
	for i, d := range defs {
		out[i] = d.Info
	}
	rank := func(name string) int {
		if i := slices.Index(menuOrder, name); i >= 0 {
			return i
		}
		return len(menuOrder)
	}
	slices.SortStableFunc(out, func(a, b Info) int { return rank(a.Name) - rank(b.Name) })
	return out
}

// Lookup returns the report named name.
func Lookup(name string) (Info, bool) {
	i := slices.IndexFunc(defs, func(d def) bool { return d.Name == name })
	if i < 0 {
		return Info{}, false
	}
	return defs[i].Info, true
}

// Options are what a report run needs besides its name.
type Options struct {
	Period Period
	// Today is the day receivables and payables are aged on (and the
	// overview's "owed now"); the zero Date means the period's last day.
	Today app.Date
}

// Run works out the report name over s for opt.Period. An unknown name
// is an error matching app.ErrNotFound.
func Run(s service.Store, name string, opt Options) (*Table, error) {
	i := slices.IndexFunc(defs, func(d def) bool { return d.Name == name })
	if i < 0 {
		return nil, fmt.Errorf("report %q: %w (try: tourdeskctl report list)", name, app.ErrNotFound)
	}
	if opt.Period.IsZero() {
		return nil, fmt.Errorf("report %s: no period: %w", name, app.ErrInvalid)
	}
	if opt.Today.IsZero() {
		opt.Today = opt.Period.To
	}
	d, err := newData(s, opt.Period, opt.Today)
	if err != nil {
		return nil, err
	}
	t, err := defs[i].run(d)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", name, err)
	}
	t.Name, t.Period, t.Currency = name, opt.Period, d.cur
	if t.Title == "" {
		t.Title = defs[i].Title
	}
	t.Notes = append(t.Notes, d.problems...)
	return t, nil
}

func newTable(cols ...Column) *Table { return &Table{Columns: cols} }

func col(key, title string, kind CellKind) Column { return Column{Key: key, Title: title, Kind: kind} }
