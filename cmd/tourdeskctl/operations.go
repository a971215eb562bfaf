package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// operations opens the store and returns its operations service.
func (e *env) operations() (*service.Operations, error) {
	s, err := e.open()
	if err != nil {
		return nil, err
	}
	return service.NewOperations(s, e.session()), nil
}

// depAmount parses an amount in currency, or in departure dep's currency
// when currency is empty.
func (e *env) depAmount(name, flagName, s, currency, dep string) (money.Money, error) {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	if cur == "" {
		st, err := e.open()
		if err != nil {
			return money.Money{}, err
		}
		if cur, err = service.DepartureCurrency(st, dep); err != nil {
			return money.Money{}, err
		}
	}
	m, err := money.Parse(s, cur)
	if err != nil {
		return money.Money{}, fmt.Errorf("%s: %s: %v: %w", name, flagName, err, app.ErrInvalid)
	}
	return m, nil
}

func parseDay(flagName, s string) (app.Date, error) {
	if s == "" {
		return app.Date{}, nil
	}
	d, err := service.ParseLooseDate(s)
	if err != nil {
		return app.Date{}, usagef("%s: %v", flagName, err)
	}
	return d, nil
}

func cmdOrder(e *env, args []string) error {
	return dispatch(e, "order", args,
		sub{"add", orderAdd},
		sub{"status", orderStatus},
		sub{"pay", orderPay},
	)
}

func orderAdd(e *env, args []string) error {
	fs := newFlags("order add", e)
	partner := fs.String("partner", "", "the partner's id (required)")
	what := fs.String("what", "", "what is ordered (required)")
	qty := fs.Int("qty", 1, "quantity (rooms × nights are one quantity)")
	unit := fs.String("unit-cost", "", "the cost of one unit (required)")
	currency := fs.String("currency", "", "the unit cost's currency (default: the departure's)")
	start := fs.String("start", "", "first day of the service")
	end := fs.String("end", "", "last day of the service")
	pos, err := parse(fs, args, 1, "one departure ID")
	if err != nil {
		return err
	}
	if *partner == "" || *what == "" || *unit == "" {
		return usagef("order add: --partner, --what and --unit-cost are required")
	}
	cost, err := e.depAmount("order add", "--unit-cost", *unit, *currency, pos[0])
	if err != nil {
		return err
	}
	o := &app.ServiceOrder{DepartureID: pos[0], PartnerID: *partner, Service: *what, Quantity: *qty, UnitCost: cost}
	if o.StartDate, err = parseDay("--start", *start); err != nil {
		return err
	}
	if o.EndDate, err = parseDay("--end", *end); err != nil {
		return err
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	id, err := ops.AddOrder(o)
	if err != nil {
		return fmt.Errorf("order add: %w", err)
	}
	total, _ := o.Cost()
	fmt.Fprintf(e.stdout, "%s\t%s × %d = %s, %s\n", id, o.UnitCost, o.Quantity, total, o.Status)
	return nil
}

func orderStatus(e *env, args []string) error {
	fs := newFlags("order status", e)
	conf := fs.String("confirmation", "", "the partner's confirmation number (needed to confirm)")
	pos, err := parse(fs, args, 2, "an order ID and a status")
	if err != nil {
		return err
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	o, err := ops.SetOrderStatus(pos[0], app.ServiceOrderStatus(pos[1]), *conf)
	if err != nil {
		return fmt.Errorf("order status: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\t%s %s\n", o.ID, o.Status, o.ConfirmationNumber)
	return nil
}

func cmdCheckIn(e *env, args []string) error {
	fs := newFlags("checkin", e)
	dayS := fs.String("day", "", "the day of the trip, YYYY-MM-DD (default today)")
	pos, err := parse(fs, args, 2, "a departure ID and a traveler ID")
	if err != nil {
		return err
	}
	d := app.DateOf(time.Now())
	if *dayS != "" {
		if d, err = parseDay("--day", *dayS); err != nil {
			return err
		}
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	t, err := ops.CheckIn(pos[0], pos[1], d)
	if err != nil {
		return fmt.Errorf("checkin: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\t%s checked in on %s\n", t.ID, t.Name, d)
	return nil
}

func cmdIncident(e *env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("incident: want the subcommand add")
	}
	fs := newFlags("incident add", e)
	what := fs.String("what", "", "what happened (required)")
	costS := fs.String("cost", "", "what it cost the agency")
	currency := fs.String("currency", "", "the cost's currency (default: the departure's)")
	severity := fs.String("severity", "low", "low, medium, high or critical")
	traveler := fs.String("traveler", "", "the traveler it concerns")
	pos, err := parse(fs, args[1:], 1, "one departure ID")
	if err != nil {
		return err
	}
	if *what == "" {
		return usagef("incident add: --what is required")
	}
	in := &app.Incident{DepartureID: pos[0], TravelerID: *traveler, Severity: app.Severity(*severity), Description: *what}
	if *costS != "" {
		if in.Cost, err = e.depAmount("incident add", "--cost", *costS, *currency, pos[0]); err != nil {
			return err
		}
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	id, err := ops.AddIncident(in, time.Now())
	if err != nil {
		return fmt.Errorf("incident add: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\tincident recorded\n", id)
	return nil
}

func cmdExpense(e *env, args []string) error {
	return dispatch(e, "expense", args,
		sub{"add", expenseAdd},
		sub{"reverse", expenseReverse},
	)
}

func expenseAdd(e *env, args []string) error {
	fs := newFlags("expense add", e)
	cat := fs.String("category", "", "accommodation, meals, transport, tickets, guide, tips or other (required)")
	amountS := fs.String("amount", "", "the amount (required)")
	currency := fs.String("currency", "", "the amount's currency (default: the departure's)")
	note := fs.String("note", "", "note")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 1, "one departure ID")
	if err != nil {
		return err
	}
	if *cat == "" || *amountS == "" {
		return usagef("expense add: --category and --amount are required")
	}
	d, err := today()
	if err != nil {
		return err
	}
	m, err := e.depAmount("expense add", "--amount", *amountS, *currency, pos[0])
	if err != nil {
		return err
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	ex := &app.Expense{DepartureID: pos[0], Category: app.ExpenseCategory(*cat), Amount: m, Date: d, Note: *note}
	id, err := ops.AddExpense(ex)
	if err != nil {
		return fmt.Errorf("expense add: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\t%s %s\n", id, ex.Category, ex.Amount)
	return nil
}

func expenseReverse(e *env, args []string) error {
	fs := newFlags("expense reverse", e)
	note := fs.String("note", "", "why")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 1, "one expense ID")
	if err != nil {
		return err
	}
	d, err := today()
	if err != nil {
		return err
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	rev, err := ops.ReverseExpense(pos[0], d, *note)
	if err != nil {
		return fmt.Errorf("expense reverse: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\treverses %s (%s)\n", rev.ID, pos[0], rev.Amount)
	return nil
}

func cmdSettle(e *env, args []string) error {
	fs := newFlags("settle", e)
	override := fs.String("override-unpaid", "", "settle although bookings owe money, for this reason (recorded)")
	show := fs.Bool("show", false, "print the settlement without settling: the figures so far, or those frozen when it was settled and any corrections since")
	asJSON := fs.Bool("json", false, "print the settlement as JSON")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 1, "one departure ID")
	if err != nil {
		return err
	}
	s, d, err := e.openOn(today)
	if err != nil {
		return err
	}
	var st *service.Settlement
	if *show {
		if !service.SeesAllMoney(e.session().Role) {
			return fmt.Errorf("settle --show: a %s's store does not hold every booking's prices and payments; departure show prints a settled departure's frozen figures: %w", e.session().Role, app.ErrForbidden)
		}
		st, err = service.SettlementOf(s, pos[0])
	} else {
		st, err = service.Settle(s, e.session(), pos[0], d, *override)
	}
	if err != nil {
		return fmt.Errorf("settle: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, st)
	}
	printSettlement(e.stdout, st)
	return nil
}

// printSettlement prints a settlement: on a settled departure the figures
// frozen when it was settled, then any corrections since and the figures
// now; else the figures as they stand.
func printSettlement(w io.Writer, st *service.Settlement) {
	fmt.Fprintf(w, "departure %s: %s, in %s\n", st.Code, st.Status, st.Currency)
	f := st.Settled
	if f == nil {
		printFigures(w, st.Revenue, st.Costs, st.Cost, st.Profit, st.MarginBP)
		for _, b := range st.Bookings {
			printBookingFigures(w, b.Code, b.Seats, b.Revenue, b.Cost, b.Profit, b.MarginBP)
		}
	} else {
		by := ""
		if f.By != "" {
			by = " by " + f.By
		}
		fmt.Fprintf(w, "settled on %s%s, commission %s (figures frozen then)\n", f.On, by, service.Margin(int64(f.CommissionBP)))
		printFigures(w, f.Revenue, f.Costs, f.Cost, f.Profit, f.MarginBP)
		for _, b := range f.Bookings {
			printBookingFigures(w, b.Code, b.Seats, b.Revenue, b.Cost, b.Profit, b.MarginBP)
		}
		if c := st.Corrections; c != nil {
			fmt.Fprintln(w, "corrections since settling:")
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
			if c.Revenue.Amount != 0 {
				fmt.Fprintf(tw, "  revenue\t%s\t\n", signed(c.Revenue))
			}
			for _, cat := range sortedKeys(c.Costs) {
				fmt.Fprintf(tw, "  cost: %s\t%s\t\n", cat, signed(c.Costs[cat]))
			}
			fmt.Fprintf(tw, "  profit\t%s\t\n", signed(c.Profit))
			tw.Flush()
			fmt.Fprintf(w, "now: revenue %s  costs %s  profit %s  margin %s\n", st.Revenue, st.Cost, st.Profit, service.Margin(st.MarginBP))
		}
	}
	for _, u := range st.Unpaid {
		fmt.Fprintf(w, "  unpaid: %s owes %s\n", u.Code, u.Balance)
	}
}

func printFigures(w io.Writer, revenue money.Money, costs map[string]money.Money, cost, profit money.Money, marginBP int64) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "revenue\t%s\t\n", revenue)
	for _, c := range sortedKeys(costs) {
		fmt.Fprintf(tw, "cost: %s\t%s\t\n", c, costs[c])
	}
	fmt.Fprintf(tw, "costs\t%s\t\n", cost)
	fmt.Fprintf(tw, "profit\t%s\t\n", profit)
	fmt.Fprintf(tw, "margin\t%s\t\n", service.Margin(marginBP))
	tw.Flush()
}

func printBookingFigures(w io.Writer, code string, seats int, revenue, cost, profit money.Money, marginBP int64) {
	fmt.Fprintf(w, "  %s  %d seat(s)  revenue %s  cost %s  profit %s  margin %s\n", code, seats, revenue, cost, profit, service.Margin(marginBP))
}

// signed is m with its sign always shown ("+200000 VND").
func signed(m money.Money) string {
	if m.Amount > 0 {
		return "+" + m.String()
	}
	return m.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func cmdDeparture(e *env, args []string) error {
	return dispatch(e, "departure", args,
		sub{"show", departureShow},
		sub{"guide", departureGuide},
		sub{"meeting", departureMeeting},
		sub{"status", departureStatus},
	)
}

// departureGuide is `departure guide ID USER [--remove]`.
func departureGuide(e *env, args []string) error {
	fs := newFlags("departure guide", e)
	remove := fs.Bool("remove", false, "take the guide off instead")
	pos, err := parse(fs, args, 2, "a departure ID and a user ID")
	if err != nil {
		return err
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	d, err := ops.SetGuide(pos[0], pos[1], *remove)
	if err != nil {
		return fmt.Errorf("departure guide: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\tguides: %s\n", d.ID, strings.Join(d.GuideIDs, ", "))
	return nil
}

// departureMeeting is `departure meeting ID --place P --time HH:MM`.
func departureMeeting(e *env, args []string) error {
	fs := newFlags("departure meeting", e)
	place := fs.String("place", "", "where the group gathers")
	at := fs.String("time", "", `when, "05:30"`)
	pos, err := parse(fs, args, 1, "one departure ID")
	if err != nil {
		return err
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	d, err := ops.SetMeeting(pos[0], *place, *at)
	if err != nil {
		return fmt.Errorf("departure meeting: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\tmeeting %s at %s\n", d.ID, d.MeetingTime, d.MeetingPoint)
	return nil
}

// departureStatus is `departure status ID STATUS`.
func departureStatus(e *env, args []string) error {
	fs := newFlags("departure status", e)
	pos, err := parse(fs, args, 2, "a departure ID and a status")
	if err != nil {
		return err
	}
	ops, err := e.operations()
	if err != nil {
		return err
	}
	d, err := ops.SetDepartureStatus(pos[0], app.DepartureStatus(pos[1]))
	if err != nil {
		return fmt.Errorf("departure status: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\t%s\n", d.ID, d.Status)
	return nil
}

// departureShowJSON is `departure show --json`.
type departureShowJSON struct {
	ID        string            `json:"id"`
	Departure *app.Departure    `json:"departure"`
	Group     []groupMemberJSON `json:"group"`
	Incidents []incidentJSON    `json:"incidents"`
	// Settlement is shown once the departure is settled.
	Settlement *service.Settlement `json:"settlement,omitempty"`
}

type groupMemberJSON struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	CheckedIn []app.Date `json:"checked_in"`
}

type incidentJSON struct {
	ID string `json:"id"`
	*app.Incident
}

func departureShow(e *env, args []string) error {
	fs := newFlags("departure show", e)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, s, err := e.parseOpen(fs, args, 1, "one departure ID")
	if err != nil {
		return err
	}
	out := departureShowJSON{ID: pos[0]}
	err = s.View(func(r service.Reader) error {
		d, err := service.Load[app.Departure](r, pos[0])
		if err != nil {
			return fmt.Errorf("departure %s: %w", pos[0], err)
		}
		out.Departure = d
		group, err := service.GroupList(r, pos[0])
		if err != nil {
			return err
		}
		for _, m := range group {
			out.Group = append(out.Group, groupMemberJSON{ID: m.Traveler.ID, Name: m.Traveler.Name, CheckedIn: m.Days})
		}
		incs, err := service.Incidents(r, pos[0])
		if err != nil {
			return err
		}
		for _, in := range incs {
			out.Incidents = append(out.Incidents, incidentJSON{in.ID, in})
		}
		if d.Status == app.DepartureSettled {
			// Worked out again only where every booking's money is in the
			// store; elsewhere (an operator's) the frozen figures.
			d.ID = pos[0]
			if service.SeesAllMoney(e.session().Role) {
				if out.Settlement, err = service.SettlementOf(r, pos[0]); err != nil {
					return err
				}
			} else {
				out.Settlement = service.FrozenSettlement(d)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	d := out.Departure
	fmt.Fprintf(e.stdout, "departure %s  %s to %s  %s\n", d.Code, d.StartDate, d.EndDate, d.Status)
	if d.MeetingPoint != "" || d.MeetingTime != "" {
		fmt.Fprintf(e.stdout, "meeting: %s at %s\n", d.MeetingTime, d.MeetingPoint)
	}
	if len(d.GuideIDs) > 0 {
		fmt.Fprintf(e.stdout, "guides: %s\n", strings.Join(d.GuideIDs, ", "))
	}
	fmt.Fprintf(e.stdout, "group list (%d):\n", len(out.Group))
	for _, m := range out.Group {
		days := make([]string, len(m.CheckedIn))
		for i, dd := range m.CheckedIn {
			days[i] = dd.String()
		}
		fmt.Fprintf(e.stdout, "  %s  %s  checked in: %s\n", m.ID, m.Name, strings.Join(days, " "))
	}
	fmt.Fprintf(e.stdout, "incidents (%d):\n", len(out.Incidents))
	for _, in := range out.Incidents {
		cost := ""
		if !in.Cost.IsZero() {
			cost = " cost " + in.Cost.String()
		}
		fmt.Fprintf(e.stdout, "  %s  %s  %s: %s%s\n", in.ID, in.At.Format(time.RFC3339), in.Severity, in.Description, cost)
	}
	if out.Settlement != nil {
		printSettlement(e.stdout, out.Settlement)
	}
	return nil
}
