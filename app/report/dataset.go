package report

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
)

// data is what the reports of one run read, loaded kind by kind on first
// use: one run of the director's overview reads bookings once for all its
// figures.
type data struct {
	s      service.Store
	period Period
	today  app.Date
	set    *app.CompanySettings
	cur    string // reporting currency

	// problems name records left out of the figures (no exchange rate,
	// mixed currencies), once each.
	problems []string
	seen     map[string]bool

	bookings  []*bookingRow // every live booking, id order
	byBooking map[string]*bookingRow

	customers map[string]customerRow

	users      map[string]*app.User
	offices    map[string]*app.Office
	tours      map[string]*app.Tour
	departures map[string]*app.Departure
	campaigns  []*app.Campaign

	orders    []*app.ServiceOrder
	expenses  []*app.Expense
	incidents []*app.Incident

	interactions []interactionRow

	rec                 *service.Receivables // worked out once (receivables)
	pay                 *service.Payables    // worked out once (payables)
	receivableCustomers int
	payablePartners     int
	segFacts            *segment.Facts
	regions             map[string]*regionCount
	frozen              map[string]*app.CompanySettings // settled departures' settings

	books  *service.Books // read once (loadBooks)
	loaded map[string]bool
	// converted caches conversions (prices repeat: tours have a few).
	converted map[money.Money]money.Money
	intern    interner
}

// bookingRow is one booking with the money reports need, worked out once.
type bookingRow struct {
	b *app.Booking
	// day is the day the booking counts on: BookedOn ("reports count by
	// it"), or its start date when BookedOn is unset.
	day   app.Date
	seats int
	// total is app.Booking.Total in the booking's currency; paid the net
	// of its payments (app.Paid: refunds and reversals subtracted).
	total, paid money.Money
	// sales is total and revenue is paid, in the reporting currency; ok
	// is false when they could not be worked out (a problem is noted).
	sales, revenue money.Money
	ok             bool
	// cost is the booking's share of its departure's costs plus its
	// agent's commission, as its settlement allocates them, in the
	// reporting currency (costs loaded only).
	cost int64
}

// sold reports whether the booking is a sale: a deposit is in and it was
// not cancelled (deposit, paid, travelling, completed).
func (r *bookingRow) sold() bool { return r.b.HoldsSeat() }

type customerRow struct {
	region, campaign string
	// stage as stored ("" only for a record no Validate has seen).
	stage app.Stage
}

type interactionRow struct {
	user string
	day  app.Date // UTC
}

func newData(s service.Store, p Period, today app.Date) (*data, error) {
	d := &data{s: s, period: p, today: today, seen: map[string]bool{}, loaded: map[string]bool{}, converted: map[money.Money]money.Money{}, intern: interner{}}
	err := s.View(func(r service.Reader) error {
		set, err := service.Load[app.CompanySettings](r, app.CompanySettingsID)
		switch {
		case err == nil:
			d.set = set
		case isNotFound(err):
			d.set = &app.CompanySettings{}
		default:
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.set.DefaultCurrency == "" {
		d.set.DefaultCurrency = "VND"
	}
	d.cur = d.set.DefaultCurrency
	return d, nil
}

func (d *data) problem(key, format string, args ...any) {
	if d.seen[key] {
		return
	}
	d.seen[key] = true
	d.problems = append(d.problems, fmt.Sprintf(format, args...))
}

// convert is m in the reporting currency at the settings' rate
// (app.CompanySettings.Convert); ok is false, and a problem noted, when
// there is no rate.
func (d *data) convert(m money.Money, what string) (money.Money, bool) {
	if m.Currency == d.cur || m.Currency == "" {
		return money.New(m.Amount, d.cur), true
	}
	if c, ok := d.converted[m]; ok {
		return c, true
	}
	c, err := d.set.Convert(m)
	if err == nil {
		d.converted[m] = c
	}
	if err != nil {
		d.problem("rate:"+m.Currency, "amounts in %s are left out (%s, for one): the settings hold no exchange rate from %s to %s", m.Currency, what, m.Currency, d.cur)
		return money.Money{}, false
	}
	return c, true
}

func (d *data) zero() money.Money { return money.New(0, d.cur) }

func (d *data) once(name string) bool {
	if d.loaded[name] {
		return false
	}
	d.loaded[name] = true
	return true
}

// loadBooks reads the bookings and payments once for the run
// (service.LoadBooks): the report's own figures and the services' it
// shows (receivables, payables, settlements, campaign stats) are all
// worked out of them.
func (d *data) loadBooks() (*service.Books, error) {
	if d.books == nil {
		books, err := service.LoadBooks(d.s)
		if err != nil {
			return nil, err
		}
		d.books = books
	}
	return d.books, nil
}

// loadBookings works out every booking's total, net paid and their
// conversions, of the books.
func (d *data) loadBookings() error {
	if !d.once("bookings") {
		return nil
	}
	books, err := d.loadBooks()
	if err != nil {
		return err
	}
	all := books.Bookings()
	d.byBooking = make(map[string]*bookingRow, len(all))
	d.bookings = make([]*bookingRow, len(all))
	rows := make([]bookingRow, len(all)) // one allocation for them all
	for i, b := range all {
		if b.Status == "" { // a record no Validate has seen: the books' stays as stored
			c := *b
			c.Status = app.BookingInquiry
			b = &c
		}
		row := &rows[i]
		*row = bookingRow{b: b, day: b.BookedOn, seats: b.Seats()}
		if row.day.IsZero() {
			row.day = b.StartDate
		}
		d.bookings[i] = row
		d.byBooking[b.ID] = row
		// Net paid (app.Paid: a refund, or a reversal of money in,
		// subtracts); a payment in another currency than its booking's
		// makes the booking's money unknown.
		paid, ok := app.Paid(books.Payments(b.ID), b.Currency)
		row.paid = paid
		total, err := b.Total()
		switch {
		case err != nil:
			d.problem("booking:"+b.ID, "booking %s is left out: its price cannot be worked out (%v)", b.Code, err)
			continue
		case !ok:
			d.problem("booking:"+b.ID, "booking %s is left out: %v", b.Code, money.ErrMixedCurrency)
			continue
		}
		row.total = total
		var ok1, ok2 bool
		row.sales, ok1 = d.convert(total, "booking "+b.Code)
		row.revenue, ok2 = d.convert(row.paid, "booking "+b.Code)
		row.ok = ok1 && ok2
		if !row.sold() {
			row.sales = d.zero()
		}
	}
	return nil
}

// inPeriod returns the bookings counted in the period (by day) whose
// money could be worked out.
func (d *data) inPeriod() []*bookingRow {
	var out []*bookingRow
	for _, r := range d.bookings {
		if r.ok && d.period.Contains(r.day) {
			out = append(out, r)
		}
	}
	return out
}

var customerFields = []string{"region", "stage", "campaign_id"}

// regionCount is how many customers a region holds, and of them at stage
// customer.
type regionCount struct{ onFile, customers int }

// loadCustomers reads every customer's region, stage and campaign (not
// the name: customerNames reads those of the few a report lists) and
// counts them by region in d.regions.
func (d *data) loadCustomers() error {
	if !d.once("customers") {
		return nil
	}
	n, err := d.s.Count(app.KindCustomer)
	if err != nil {
		return err
	}
	d.customers = make(map[string]customerRow, n)
	d.regions = map[string]*regionCount{}
	in := d.intern
	return scanFields(d.s, app.KindCustomer, customerFields, func(id string, v []json.RawMessage) error {
		dec := decoder{kind: app.KindCustomer, id: id}
		c := customerRow{region: in.str(&dec, v[0], "region"), stage: app.Stage(in.str(&dec, v[1], "stage")),
			campaign: in.str(&dec, v[2], "campaign_id")}
		region := c.region
		if region == "" {
			region = noRegion
		}
		rc := d.regions[region]
		if rc == nil {
			rc = &regionCount{}
			d.regions[region] = rc
		}
		rc.onFile++
		if c.stage == app.StageCustomer {
			rc.customers++
		}
		d.customers[id] = c
		return dec.err
	})
}

// customerNames returns the name and region of the customers in ids.
func (d *data) customerNames(ids map[string]bool) (map[string][2]string, error) {
	out := make(map[string][2]string, len(ids))
	err := scanFields(d.s, app.KindCustomer, []string{"name", "region"}, func(id string, v []json.RawMessage) error {
		if !ids[id] {
			return nil
		}
		dec := decoder{kind: app.KindCustomer, id: id}
		out[id] = [2]string{dec.str(v[0], "name"), d.intern.str(&dec, v[1], "region")}
		return dec.err
	})
	return out, err
}

// loadCatalog reads users, offices, tours and departures.
func (d *data) loadCatalog() error {
	if !d.once("catalog") {
		return nil
	}
	users, err := loadEntities[app.User](d.s, func(u *app.User, id string) { u.ID = id })
	if err != nil {
		return err
	}
	offices, err := loadEntities[app.Office](d.s, func(o *app.Office, id string) { o.ID = id })
	if err != nil {
		return err
	}
	tours, err := loadEntities[app.Tour](d.s, func(t *app.Tour, id string) { t.ID = id })
	if err != nil {
		return err
	}
	d.users, d.offices, d.tours = byID(users, func(u *app.User) string { return u.ID }),
		byID(offices, func(o *app.Office) string { return o.ID }), byID(tours, func(t *app.Tour) string { return t.ID })
	return d.loadDepartures()
}

func byID[E any](list []*E, id func(*E) string) map[string]*E {
	m := make(map[string]*E, len(list))
	for _, e := range list {
		m[id(e)] = e
	}
	return m
}

func (d *data) loadCampaigns() error {
	if !d.once("campaigns") {
		return nil
	}
	var err error
	d.campaigns, err = loadEntities[app.Campaign](d.s, func(c *app.Campaign, id string) { c.ID = id })
	return err
}

// loadOps reads service orders, expenses and incidents (the fields the
// reports use).
func (d *data) loadOps() error {
	if !d.once("ops") {
		return nil
	}
	in := d.intern
	err := scanFields(d.s, app.KindServiceOrder, []string{"departure_id", "partner_id", "service", "start_date", "end_date", "quantity", "unit_cost", "status"},
		func(id string, v []json.RawMessage) error {
			dec := decoder{kind: app.KindServiceOrder, id: id}
			o := &app.ServiceOrder{ID: id, DepartureID: in.str(&dec, v[0], "departure_id"), PartnerID: in.str(&dec, v[1], "partner_id"),
				Service: in.str(&dec, v[2], "service"), StartDate: dec.date(v[3], "start_date"), EndDate: dec.date(v[4], "end_date"),
				UnitCost: dec.money(v[6], "unit_cost"), Status: app.ServiceOrderStatus(in.str(&dec, v[7], "status"))}
			dec.fail("quantity", junmarshal(v[5], &o.Quantity))
			d.orders = append(d.orders, o)
			return dec.err
		})
	if err != nil {
		return err
	}
	err = scanFields(d.s, app.KindExpense, []string{"departure_id", "category", "amount", "date", "partner_id", "reversal_of", "service_order_id"},
		func(id string, v []json.RawMessage) error {
			dec := decoder{kind: app.KindExpense, id: id}
			e := &app.Expense{ID: id, DepartureID: in.str(&dec, v[0], "departure_id"), Category: app.ExpenseCategory(in.str(&dec, v[1], "category")),
				Amount: dec.money(v[2], "amount"), Date: dec.date(v[3], "date"), PartnerID: in.str(&dec, v[4], "partner_id"),
				ReversalOf: dec.str(v[5], "reversal_of"), ServiceOrderID: dec.str(v[6], "service_order_id")}
			d.expenses = append(d.expenses, e)
			return dec.err
		})
	if err != nil {
		return err
	}
	return scanFields(d.s, app.KindIncident, []string{"departure_id", "at", "cost"}, func(id string, v []json.RawMessage) error {
		dec := decoder{kind: app.KindIncident, id: id}
		x := &app.Incident{ID: id, DepartureID: in.str(&dec, v[0], "departure_id"), Cost: dec.money(v[2], "cost")}
		var err error
		x.At, err = jtime(v[1])
		dec.fail("at", err)
		d.incidents = append(d.incidents, x)
		return dec.err
	})
}

// loadDepartures reads the departures' dates, status and, of a settled
// one, what its figures were frozen with (not the figures).
func (d *data) loadDepartures() error {
	d.departures = map[string]*app.Departure{}
	in := d.intern
	return scanFields(d.s, app.KindDeparture, []string{"tour_id", "code", "start_date", "end_date", "status", "settlement"},
		func(id string, v []json.RawMessage) error {
			dec := decoder{kind: app.KindDeparture, id: id}
			x := &app.Departure{ID: id, TourID: in.str(&dec, v[0], "tour_id"), Code: dec.str(v[1], "code"),
				StartDate: dec.date(v[2], "start_date"), EndDate: dec.date(v[3], "end_date"), Status: app.DepartureStatus(in.str(&dec, v[4], "status"))}
			if len(v[5]) > 0 && string(v[5]) != "null" {
				var f struct {
					CommissionBP    int                `json:"commission_bp"`
					DefaultCurrency string             `json:"default_currency"`
					Rates           []app.ExchangeRate `json:"rates"`
				}
				dec.fail("settlement", json.Unmarshal(v[5], &f))
				x.Settlement = &app.SettledFigures{CommissionBP: f.CommissionBP, DefaultCurrency: f.DefaultCurrency, Rates: f.Rates}
			}
			d.departures[id] = x
			return dec.err
		})
}

var interactionFields = []string{"user_id", "at"}

// loadInteractions reads who logged each interaction and on which day
// (UTC).
func (d *data) loadInteractions() error {
	if !d.once("interactions") {
		return nil
	}
	return scanFields(d.s, app.KindInteraction, interactionFields, func(id string, v []json.RawMessage) error {
		dec := decoder{kind: app.KindInteraction, id: id}
		it := interactionRow{user: d.intern.str(&dec, v[0], "user_id")}
		at, err := jtime(v[1])
		dec.fail("at", err)
		if !at.IsZero() {
			it.day = app.DateOf(at.UTC())
		}
		d.interactions = append(d.interactions, it)
		return dec.err
	})
}

// loadCosts gives every booking its cost as its departure's settlement
// allocates it (service.Settlements, all departures at once): its share
// of the departure's costs by seats plus its agent's commission,
// converted from the settlement's currency into the reporting currency
// (at the frozen rates of a departure settled with them). A departure
// whose settlement cannot be worked out (no exchange rate, mixed
// currencies) is noted and its bookings carry no cost. Custom trips (no
// departure) carry only their commission (service.Commission of their
// revenue at today's rate).
func (d *data) loadCosts() error {
	if err := d.loadBookings(); err != nil {
		return err
	}
	if err := d.loadCatalog(); err != nil {
		return err
	}
	if !d.once("costs") {
		return nil
	}
	ids := slices.Sorted(maps.Keys(d.departures))
	books, err := d.loadBooks()
	if err != nil {
		return err
	}
	all, err := books.Settlements(ids)
	if err != nil {
		return err
	}
	var unallocated int64
	for _, ds := range all {
		dep := d.departures[ds.DepartureID]
		if ds.Err != nil {
			d.problem("settlement:"+dep.ID, "departure %s: its costs are in no booking's cost: %v", depLabel(dep), ds.Err)
			continue
		}
		st := ds.Settlement
		set := d.settingsOf(dep.ID)
		var carried int64
		for _, b := range st.Bookings {
			carried += b.Cost.Amount
			row := d.byBooking[b.BookingID]
			if row == nil || b.Cost.Amount == 0 {
				continue
			}
			if c, ok := d.convertWith(set, money.New(b.Cost.Amount, st.Currency), "booking "+row.b.Code); ok {
				row.cost += c.Amount
			}
		}
		if rest := st.Cost.Amount - carried; rest != 0 {
			if c, ok := d.convertWith(set, money.New(rest, st.Currency), "departure "+depLabel(dep)); ok {
				unallocated += c.Amount
			}
		}
	}
	if unallocated != 0 {
		d.problem("unallocated", "%s of costs of departures no booking holds a seat on are in no booking's cost (the costs report has them)", money.New(unallocated, d.cur).Format("en"))
	}
	if bp := d.set.AgentCommissionBP; bp != 0 {
		for _, r := range d.bookings {
			if r.sold() && r.ok && d.departures[r.b.DepartureID] == nil {
				r.cost += service.Commission(r.revenue.Amount, bp)
			}
		}
	}
	return nil
}

// depLabel names a departure by its code, else its id.
func depLabel(dep *app.Departure) string {
	if dep.Code != "" {
		return dep.Code
	}
	return dep.ID
}

// settingsOf returns the settings departure dep's settlement is worked
// out with: for a departure settled with frozen figures, the commission
// rate and exchange rates of the day it was settled (as
// service.SettlementOf does); else the settings of today.
func (d *data) settingsOf(dep string) *app.CompanySettings {
	x := d.departures[dep]
	if x == nil || x.Settlement == nil {
		return d.set
	}
	if s := d.frozen[dep]; s != nil {
		return s
	}
	f := x.Settlement
	s := *d.set
	s.AgentCommissionBP = f.CommissionBP
	if f.DefaultCurrency == d.cur {
		s.ExchangeRates = f.Rates
	}
	if d.frozen == nil {
		d.frozen = map[string]*app.CompanySettings{}
	}
	d.frozen[dep] = &s
	return &s
}

// convertWith is convert at set's rates (set is d.set or a settled
// departure's frozen settings).
func (d *data) convertWith(set *app.CompanySettings, m money.Money, what string) (money.Money, bool) {
	if set == d.set || m.Currency == d.cur || m.Currency == "" {
		return d.convert(m, what)
	}
	c, err := set.Convert(m)
	if err != nil {
		d.problem("rate:"+m.Currency, "amounts in %s are left out (%s, for one): no exchange rate from %s to %s", m.Currency, what, m.Currency, d.cur)
		return money.Money{}, false
	}
	return c, true
}

// userName is the user's name, or the id when the user is unknown.
func (d *data) userName(id string) string {
	if u := d.users[id]; u != nil && u.Name != "" {
		return u.Name
	}
	if id == "" {
		return "(none)"
	}
	return id
}
