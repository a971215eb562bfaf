package service

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/money"
)

// Settlement is a departure's money, in one currency (DepartureCurrency),
// every amount in another currency converted with the settings' rates.
//
//   - Revenue is every payment of every booking on the departure, refunds
//     subtracted (a cancelled booking's kept money is revenue too).
//   - Costs are the service orders not cancelled (quantity × unit cost),
//     the expenses (reversals subtracting; supplier payments are not
//     costs, they pay an order already counted), the incidents' costs,
//     and the agents' commissions: CompanySettings.AgentCommissionBP of
//     each seat-holding booking's revenue, rounded half away from zero to
//     a minor unit of the settlement's currency (a cancelled booking's
//     kept money earns none: nothing was sold).
//   - Profit is Revenue − Cost; Margin is Profit / Revenue in basis points
//     (1/100 of a percent), 0 when there is no revenue.
//   - Per booking: its revenue, its own commission, and the other costs
//     allocated by seats among the bookings holding seats (largest
//     remainder, so the shares add up to the total exactly); bookings
//     holding no seat carry no cost.
//
// Frozen at settling. Settle stores the figures on the departure
// (app.Departure.Settlement: Settled below), with what they were worked
// out with: the commission rate, the default currency and the exchange
// rates of the day. A settled departure's figures are then always worked
// out with those frozen inputs, never with the settings of today, so
// changing the commission rate or a rate later changes nothing of it.
// They are still worked out from the entries, so a correction made after
// settling (an accountant's expense reversal, a balance collected or a
// refund paid) shows in the figures; Corrections is how far they moved
// from the settled ones, line by line. A departure settled before the
// figures were frozen (Settled nil) is worked out with today's settings.
type Settlement struct {
	DepartureID string      `json:"departure_id"`
	Code        string      `json:"code"`
	Status      string      `json:"status"`
	Currency    string      `json:"currency"`
	Revenue     money.Money `json:"revenue"`
	// Costs by category: "service_orders", "incidents", "commissions",
	// "compensation" (complaints resolved with one: Compensations) and
	// each expense category ("meals", "transport", …); only categories
	// with costs.
	Costs    map[string]money.Money `json:"costs"`
	Cost     money.Money            `json:"cost"`
	Profit   money.Money            `json:"profit"`
	MarginBP int64                  `json:"margin_bp"`
	Bookings []BookingProfit        `json:"bookings"`
	// Unpaid are the seat-holding bookings with a balance above zero.
	Unpaid []BookingProfit `json:"unpaid,omitempty"`
	// CommissionBP is the agents' commission rate applied (the frozen
	// one on a settled departure).
	CommissionBP int `json:"commission_bp"`
	// Settled are the figures frozen when the departure was settled (nil
	// before, and on a departure settled before figures were frozen).
	Settled *app.SettledFigures `json:"settled,omitempty"`
	// Corrections is what changed since settling (nil when nothing did).
	Corrections *Corrections `json:"corrections,omitempty"`
}

// Corrections are the differences between a settled departure's figures
// now and as settled, in the settlement's currency: positive when the
// figure went up. Costs lists only the categories that moved.
type Corrections struct {
	Revenue money.Money            `json:"revenue"`
	Costs   map[string]money.Money `json:"costs,omitempty"`
	Cost    money.Money            `json:"cost"`
	Profit  money.Money            `json:"profit"`
}

// BookingProfit is one booking's share of a settlement, in the
// settlement's currency (Balance in the booking's own).
type BookingProfit struct {
	BookingID string      `json:"booking_id"`
	Code      string      `json:"code"`
	Seats     int         `json:"seats"`
	Revenue   money.Money `json:"revenue"`
	Cost      money.Money `json:"cost"`
	Profit    money.Money `json:"profit"`
	MarginBP  int64       `json:"margin_bp"`
	Balance   money.Money `json:"balance"`
}

// Margin formats a margin in basis points as a percentage ("12.34%").
func Margin(bp int64) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	return fmt.Sprintf("%s%d.%02d%%", sign, bp/100, bp%100)
}

// Settle works out departure id's settlement and closes it (status
// settled, which locks it; see Operations). The departure must be
// completed. Bookings holding seats with an unpaid balance refuse the
// settlement (an *OpsError naming them) unless overrideUnpaid gives the
// reason, which is recorded in the departure's notes with the day and the
// bookings. The figures are frozen on the departure (see Settlement). Only
// an accountant or admin settles (app.ErrForbidden for anyone else): an
// operator may change a departure's status, but does not see the money
// the figures are made of.
func Settle(s Store, session Session, id string, today app.Date, overrideUnpaid string) (*Settlement, error) {
	var st *Settlement
	err := s.Update(func(tx Tx) error {
		d, err := loadDeparture(tx, id)
		if err != nil {
			return err
		}
		if d.Status == app.DepartureSettled {
			return opsRefuse("departure %s is settled already", depName(d))
		}
		if err := app.DepartureTransitions.Check(app.KindDeparture, "status", d.Status, app.DepartureSettled); err != nil {
			return opsRefuse("departure %s is %s: only a completed departure is settled", depName(d), d.Status)
		}
		if session.Role != "" {
			rec, err := tx.Get(app.KindDeparture, id)
			if err != nil {
				return err
			}
			if !access.CanEdit(subject(session), rec, "status", lookup{tx}) {
				return fmt.Errorf("a %s may not settle departure %s: %w", session.Role, depName(d), app.ErrForbidden)
			}
			// The table lets an operator change a departure's status, but
			// an operator's store holds neither the bookings' prices nor
			// their payments: the figures frozen would be wrong.
			if !access.Accounting(session.Role) {
				return fmt.Errorf("departure %s is settled by an accountant (or admin): the %s role does not see the bookings' prices and payments the figures are made of: %w", depName(d), session.Role, app.ErrForbidden)
			}
		}
		if st, err = settlementTx(tx, d); err != nil {
			return err
		}
		fields := []string{"status"}
		if len(st.Unpaid) > 0 {
			reason := strings.TrimSpace(overrideUnpaid)
			codes := make([]string, len(st.Unpaid))
			for i, u := range st.Unpaid {
				codes[i] = fmt.Sprintf("%s owes %s", u.Code, u.Balance)
			}
			if reason == "" {
				return opsRefuse("departure %s has unpaid balances (%s): collect them, or settle with an override and its reason", depName(d), strings.Join(codes, ", "))
			}
			note := fmt.Sprintf("Settled on %s with unpaid balances (%s) by %s: %s", today, strings.Join(codes, ", "), session.UserID, reason)
			d.Notes = strings.TrimSpace(d.Notes + "\n" + note)
			fields = append(fields, "notes")
		}
		d.Status = app.DepartureSettled
		d.Settlement = freeze(st, settings(tx), today, session.UserID)
		st.Status = string(d.Status)
		st.Settled = d.Settlement
		return saveFields(tx, id, d, append(fields, "settlement")...)
	})
	return st, err
}

// SettlementOf works out departure id's settlement without closing it.
func SettlementOf(r Reader, id string) (*Settlement, error) {
	d, err := loadDeparture(r, id)
	if err != nil {
		return nil, err
	}
	return settlementTx(r, d)
}

func settlementTx(r Reader, d *app.Departure) (*Settlement, error) {
	in := settlementInputs{payments: map[string][]*app.Payment{}}
	var err error
	if in.orders, err = departureOrders(r, d.ID); err != nil {
		return nil, err
	}
	if in.expenses, err = Expenses(r, d.ID); err != nil {
		return nil, err
	}
	if in.incidents, err = Incidents(r, d.ID); err != nil {
		return nil, err
	}
	if in.compensations, err = Compensations(r, d.ID); err != nil {
		return nil, err
	}
	ids, err := r.Lookup(app.KindBooking, "departure_id", d.ID)
	if err != nil {
		return nil, err
	}
	if in.bookings, err = loadAll[app.Booking](r, ids, func(b *app.Booking, id string) { b.ID = id }); err != nil {
		return nil, err
	}
	for _, b := range in.bookings {
		if in.payments[b.ID], err = bookingPayments(r, b.ID); err != nil {
			return nil, err
		}
	}
	return settle(settings(r), d, in)
}

// settlementInputs are what a departure's settlement is made of: its
// service orders, expenses (reversals included), incidents, complaints
// resolved with a compensation (Compensations), its live bookings in id
// order and their payments (oldest first, by booking id).
type settlementInputs struct {
	orders        []*app.ServiceOrder
	expenses      []*app.Expense
	incidents     []*app.Incident
	compensations []*app.Complaint
	bookings      []*app.Booking
	payments      map[string][]*app.Payment
}

// bookingsCurrency is DepartureCurrency of a departure with bookings bs.
func bookingsCurrency(set *app.CompanySettings, bs []*app.Booking) string {
	cur := ""
	for _, b := range bs {
		switch {
		case cur == "":
			cur = b.Currency
		case cur != b.Currency:
			return set.DefaultCurrency
		}
	}
	if cur == "" {
		cur = set.DefaultCurrency
	}
	return cur
}

// settle works out departure d's settlement from its inputs, with set the
// settings of today.
func settle(set *app.CompanySettings, d *app.Departure, in settlementInputs) (*Settlement, error) {
	var cur string
	if f := d.Settlement; f != nil {
		// Settled: the inputs of the day it was settled.
		frozen := *set
		frozen.AgentCommissionBP, frozen.DefaultCurrency, frozen.ExchangeRates = f.CommissionBP, f.DefaultCurrency, f.Rates
		set, cur = &frozen, f.Currency
	} else {
		cur = bookingsCurrency(set, in.bookings)
	}
	zero := money.New(0, cur)
	st := &Settlement{DepartureID: d.ID, Code: d.Code, Status: string(d.Status), Currency: cur,
		Revenue: zero, Cost: zero, Costs: map[string]money.Money{}, CommissionBP: set.AgentCommissionBP, Settled: d.Settlement}
	conv := func(m money.Money, what string) (money.Money, error) {
		c, err := convertTo(set, m, cur)
		if err != nil {
			return money.Money{}, fmt.Errorf("departure %s: %s: %w", depName(d), what, err)
		}
		return c, nil
	}
	addCost := func(cat string, m money.Money, what string) error {
		c, err := conv(m, what)
		if err != nil {
			return err
		}
		if st.Cost, err = st.Cost.Add(c); err != nil {
			return err
		}
		prev, ok := st.Costs[cat]
		if !ok {
			prev = zero
		}
		st.Costs[cat], err = prev.Add(c)
		return err
	}

	for _, o := range in.orders {
		if o.Status == app.OrderCancelled {
			continue
		}
		c, err := o.Cost()
		if err != nil {
			return nil, err
		}
		if err := addCost("service_orders", c, "service order "+o.ID); err != nil {
			return nil, err
		}
	}
	for _, e := range in.expenses {
		if e.Category == app.ExpenseSupplierPayment {
			continue // pays a service order, whose cost is counted above
		}
		if err := addCost(string(e.Category), e.Signed(), "expense "+e.ID); err != nil {
			return nil, err
		}
	}
	for _, x := range in.incidents {
		if x.Cost.IsZero() {
			continue
		}
		if err := addCost("incidents", x.Cost, "incident "+x.ID); err != nil {
			return nil, err
		}
	}
	for _, cp := range in.compensations {
		if err := addCost(CostCompensation, cp.Compensation, "compensation of complaint "+cp.ID); err != nil {
			return nil, err
		}
	}

	seats := 0
	var err error
	for _, b := range in.bookings {
		ps := in.payments[b.ID]
		paid, ok := app.Paid(ps, b.Currency)
		if !ok {
			return nil, fmt.Errorf("booking %s: %w", b.Code, money.ErrMixedCurrency)
		}
		rev, err := conv(paid, "booking "+b.Code)
		if err != nil {
			return nil, err
		}
		bp := BookingProfit{BookingID: b.ID, Code: b.Code, Revenue: rev, Cost: zero, Balance: money.New(0, b.Currency)}
		if b.HoldsSeat() {
			bp.Seats = b.Seats()
			seats += bp.Seats
			if bp.Balance, err = app.Balance(b, ps); err != nil {
				return nil, err
			}
		}
		if !b.HoldsSeat() && rev.Amount == 0 {
			continue // a lost inquiry: nothing to show
		}
		if st.Revenue, err = st.Revenue.Add(rev); err != nil {
			return nil, err
		}
		st.Bookings = append(st.Bookings, bp)
	}
	allocate(st.Cost.Amount, seats, st.Bookings)
	for i := range st.Bookings {
		b := &st.Bookings[i]
		if b.Seats == 0 || set.AgentCommissionBP == 0 {
			continue
		}
		c := money.New(commission(b.Revenue.Amount, set.AgentCommissionBP), cur)
		if c.Amount == 0 {
			continue
		}
		b.Cost.Amount += c.Amount
		if err := addCost(CostCommissions, c, "commission of booking "+b.Code); err != nil {
			return nil, err
		}
	}
	for i := range st.Bookings {
		b := &st.Bookings[i]
		b.Profit = money.New(b.Revenue.Amount-b.Cost.Amount, cur)
		b.MarginBP = marginBP(b.Profit.Amount, b.Revenue.Amount)
		if b.Balance.Amount > 0 {
			st.Unpaid = append(st.Unpaid, *b)
		}
	}
	if st.Profit, err = st.Revenue.Sub(st.Cost); err != nil {
		return nil, err
	}
	st.MarginBP = marginBP(st.Profit.Amount, st.Revenue.Amount)
	if d.Settlement != nil {
		st.Corrections = corrections(st, d.Settlement)
	}
	return st, nil
}

// SeesAllMoney reports whether the store of a user of role holds every
// booking's prices and payments (accountant, director, admin; "" is a
// store no one logged in to), so that a settlement worked out on it is
// right. Elsewhere (an operator's laptop) only the frozen figures of a
// settled departure can be shown: FrozenSettlement.
func SeesAllMoney(role app.Role) bool {
	switch role {
	case "", app.RoleAccountant, app.RoleDirector, app.RoleAdmin:
		return true
	}
	return false
}

// FrozenSettlement is the settlement of d as frozen when it was settled
// (nil when d holds none): the figures of d.Settlement, with no
// corrections (it reads nothing but d).
func FrozenSettlement(d *app.Departure) *Settlement {
	f := d.Settlement
	if f == nil {
		return nil
	}
	st := &Settlement{DepartureID: d.ID, Code: d.Code, Status: string(d.Status), Currency: f.Currency,
		Revenue: f.Revenue, Costs: maps.Clone(f.Costs), Cost: f.Cost, Profit: f.Profit, MarginBP: f.MarginBP,
		CommissionBP: f.CommissionBP, Settled: f}
	for _, b := range f.Bookings {
		st.Bookings = append(st.Bookings, BookingProfit{BookingID: b.BookingID, Code: b.Code, Seats: b.Seats,
			Revenue: b.Revenue, Cost: b.Cost, Profit: b.Profit, MarginBP: b.MarginBP})
	}
	return st
}

// freeze is st as stored on the departure when it is settled, with the
// inputs it was worked out with (set: the settings of the day).
func freeze(st *Settlement, set *app.CompanySettings, today app.Date, by string) *app.SettledFigures {
	f := &app.SettledFigures{On: today, By: by, Currency: st.Currency, CommissionBP: set.AgentCommissionBP,
		DefaultCurrency: set.DefaultCurrency, Rates: slices.Clone(set.ExchangeRates),
		Revenue: st.Revenue, Costs: maps.Clone(st.Costs), Cost: st.Cost, Profit: st.Profit, MarginBP: st.MarginBP}
	for _, b := range st.Bookings {
		f.Bookings = append(f.Bookings, app.SettledBooking{BookingID: b.BookingID, Code: b.Code, Seats: b.Seats,
			Revenue: b.Revenue, Cost: b.Cost, Profit: b.Profit, MarginBP: b.MarginBP})
	}
	return f
}

// corrections is st less the settled figures f, or nil when nothing
// moved. Both are in f's currency (settlementTx works a settled departure
// out in it).
func corrections(st *Settlement, f *app.SettledFigures) *Corrections {
	cur := f.Currency
	c := &Corrections{
		Revenue: money.New(st.Revenue.Amount-f.Revenue.Amount, cur),
		Cost:    money.New(st.Cost.Amount-f.Cost.Amount, cur),
		Profit:  money.New(st.Profit.Amount-f.Profit.Amount, cur),
		Costs:   map[string]money.Money{},
	}
	for cat, m := range st.Costs {
		if d := m.Amount - f.Costs[cat].Amount; d != 0 {
			c.Costs[cat] = money.New(d, cur)
		}
	}
	for cat, m := range f.Costs {
		if _, ok := st.Costs[cat]; !ok && m.Amount != 0 {
			c.Costs[cat] = money.New(-m.Amount, cur)
		}
	}
	if c.Revenue.Amount == 0 && c.Cost.Amount == 0 && c.Profit.Amount == 0 && len(c.Costs) == 0 {
		return nil
	}
	return c
}

// CostCommissions is the settlement's cost category of the agents'
// commissions.
const CostCommissions = "commissions"

// Commission is an agent's commission at bp basis points of revenue (in
// minor units), rounded half away from zero, as settlements work it out.
func Commission(revenue int64, bp int) int64 { return commission(revenue, bp) }

// commission is bp basis points of revenue, rounded half away from zero.
func commission(revenue int64, bp int) int64 { return roundDiv(revenue*int64(bp), 10000) }

// allocate shares total among the rows by their seats, the remainder of
// the rounding going one minor unit each to the largest fractions (ties by
// order), so the shares add up to total.
func allocate(total int64, seats int, rows []BookingProfit) {
	if seats == 0 {
		return
	}
	type frac struct {
		i   int
		rem int64
	}
	var fr []frac
	given := int64(0)
	for i := range rows {
		if rows[i].Seats == 0 {
			continue
		}
		share := total * int64(rows[i].Seats) / int64(seats)
		rows[i].Cost.Amount = share
		given += share
		fr = append(fr, frac{i, total * int64(rows[i].Seats) % int64(seats)})
	}
	slices.SortStableFunc(fr, func(a, b frac) int { return cmp.Compare(b.rem, a.rem) })
	step := int64(1)
	if total < 0 {
		step = -1
	}
	for k := 0; given != total && len(fr) > 0; k = (k + 1) % len(fr) {
		rows[fr[k].i].Cost.Amount += step
		given += step
	}
}

// marginBP is profit/revenue in basis points, rounded half away from zero.
func marginBP(profit, revenue int64) int64 { return roundDiv(profit*10000, revenue) }

// roundDiv is n/d rounded half away from zero, 0 when d is 0.
func roundDiv(n, d int64) int64 {
	if d == 0 {
		return 0
	}
	q, r := n/d, n%d
	if 2*abs64(r) >= abs64(d) {
		if (n < 0) != (d < 0) {
			q--
		} else {
			q++
		}
	}
	return q
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
