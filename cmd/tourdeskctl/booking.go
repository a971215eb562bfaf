package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

func cmdBooking(e *env, args []string) error {
	return dispatch(e, "booking", args,
		sub{"create", bookingCreate},
		sub{"stage", bookingStage},
		sub{"show", bookingShow},
		sub{"travelers", bookingTravelers},
		sub{"cancel", bookingCancel},
		sub{"oversell", bookingOversell},
	)
}

// bookingTravelers is `booking travelers add …`, its only subcommand.
func bookingTravelers(e *env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("booking travelers: want add")
	}
	return bookingTravelerAdd(e, args[1:])
}

// todayFlag adds --today (default: the local date now) and returns a
// function reading it after parsing. Services take the day as an argument;
// this is the one place the clock is read.
func todayFlag(fs *flag.FlagSet) func() (app.Date, error) {
	s := fs.String("today", "", "the date to act on, YYYY-MM-DD (default today)")
	return func() (app.Date, error) {
		if *s == "" {
			return app.DateOf(time.Now()), nil
		}
		d, err := service.ParseLooseDate(*s)
		if err != nil {
			return app.Date{}, usagef("--today: %v", err)
		}
		return d, nil
	}
}

// parseLine reads "desc:type:qty:price" (the description may hold colons).
func parseLine(s, currency string) (app.PriceLine, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 4 {
		return app.PriceLine{}, usagef("--line %q: want description:type:quantity:price, e.g. \"Adult:adult:2:5.000.000\"", s)
	}
	n := len(parts)
	qty, err := strconv.Atoi(strings.TrimSpace(parts[n-2]))
	if err != nil {
		return app.PriceLine{}, usagef("--line %q: quantity %q is not a whole number", s, parts[n-2])
	}
	price, err := money.Parse(parts[n-1], currency)
	if err != nil {
		return app.PriceLine{}, usagef("--line %q: price: %v", s, err)
	}
	return app.PriceLine{
		Description:  strings.Join(parts[:n-3], ":"),
		TravelerType: app.TravelerType(strings.TrimSpace(parts[n-3])),
		Quantity:     qty,
		UnitPrice:    price,
	}, nil
}

func (e *env) pipeline() (*service.Pipeline, error) {
	s, err := e.open()
	if err != nil {
		return nil, err
	}
	return service.NewPipeline(s, e.session(), s.DeviceID()), nil
}

func bookingCreate(e *env, args []string) error {
	fs := newFlags("booking create", e)
	var req service.Request
	var lines listFlag
	var start, end, due string
	fs.StringVar(&req.CustomerID, "customer", "", "customer id (required)")
	fs.StringVar(&req.DepartureID, "departure", "", "catalogue departure id")
	fs.StringVar(&req.Destination, "trip", "", "custom trip: its destination")
	fs.StringVar(&start, "start", "", "custom trip: first day")
	fs.StringVar(&end, "end", "", "custom trip: last day")
	fs.StringVar(&due, "due", "", "when the balance is due (default: the trip's start)")
	fs.Var(&lines, "line", `price line "description:type:quantity:price" (type adult, child, infant or other; repeatable)`)
	fs.StringVar(&req.Currency, "currency", "", "the booking's currency (default: the company's)")
	fs.StringVar(&req.Requests, "requests", "", "the customer's special requests")
	fs.StringVar(&req.Notes, "notes", "", "notes")
	asJSON := fs.Bool("json", false, "print the new booking as JSON")
	today := todayFlag(fs)
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if req.CustomerID == "" {
		return usagef("booking create: --customer is required")
	}
	if (req.DepartureID == "") == (req.Destination == "") {
		return usagef("booking create: give --departure ID or --trip DESTINATION with --start and --end")
	}
	if req.DepartureID != "" && (start != "" || end != "") {
		return usagef("booking create: --start and --end are for a custom trip (--trip); a departure has its dates")
	}
	for _, d := range []struct {
		s  string
		to *app.Date
		n  string
	}{{start, &req.StartDate, "start"}, {end, &req.EndDate, "end"}, {due, &req.BalanceDue, "due"}} {
		if d.s == "" {
			continue
		}
		v, err := service.ParseLooseDate(d.s)
		if err != nil {
			return usagef("booking create: --%s: %v", d.n, err)
		}
		*d.to = v
	}
	day, err := today()
	if err != nil {
		return err
	}
	pl, err := e.pipeline()
	if err != nil {
		return err
	}
	cur := strings.ToUpper(strings.TrimSpace(req.Currency))
	if cur == "" {
		cur = companyCurrency(e)
		req.Currency = cur
	}
	for _, l := range lines {
		pl, err := parseLine(l, cur)
		if err != nil {
			return err
		}
		req.Lines = append(req.Lines, pl)
	}
	b, err := pl.Create(req, day)
	if err != nil {
		return fmt.Errorf("booking create: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, bookingJSON{ID: b.ID, Booking: b})
	}
	fmt.Fprintf(e.stdout, "%s\t%s\n", b.ID, b.Code)
	return nil
}

// companyCurrency is the default currency of the company's settings.
func companyCurrency(e *env) string {
	s, err := e.open()
	if err != nil {
		return "VND"
	}
	set, err := service.Load[app.CompanySettings](s, app.CompanySettingsID)
	if err != nil || set.DefaultCurrency == "" {
		return "VND"
	}
	return set.DefaultCurrency
}

func bookingStage(e *env, args []string) error {
	fs := newFlags("booking stage", e)
	reason := fs.String("reason", "", "why (required for cancelled and lost)")
	waitlist := fs.Bool("waitlist", false, "put the booking on the waiting list when its departure is full")
	pos, err := parse(fs, args, 2, "a booking ID and a stage")
	if err != nil {
		return err
	}
	to := app.BookingStatus(strings.ToLower(pos[1]))
	known := false
	for _, s := range app.BookingStatuses {
		known = known || s == to
	}
	if !known {
		return usagef("booking stage: unknown stage %q (want one of %v)", pos[1], app.BookingStatuses)
	}
	pl, err := e.pipeline()
	if err != nil {
		return err
	}
	b, err := pl.Move(pos[0], to, *reason, service.MoveOptions{Waitlist: *waitlist})
	if err != nil {
		return fmt.Errorf("booking stage: %w", err)
	}
	if b.Waitlisted && b.Status != to {
		fmt.Fprintf(e.stdout, "%s: departure full, on the waiting list (still %s)\n", b.Code, b.Status)
		return nil
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", b.Code, b.Status)
	return nil
}

// bookingJSON is a booking as --json prints it: its id and every field.
type bookingJSON struct {
	ID string `json:"id"`
	*app.Booking
}

// bookingShowJSON is `booking show --json`.
type bookingShowJSON struct {
	Booking    bookingJSON    `json:"booking"`
	Trip       string         `json:"trip"`
	Start      app.Date       `json:"start"`
	End        app.Date       `json:"end"`
	Total      money.Money    `json:"total"`
	Paid       money.Money    `json:"paid"`
	Balance    money.Money    `json:"balance"`
	Due        app.Date       `json:"due"`
	Problem    string         `json:"problem,omitempty"`
	Seats      *seatsJSON     `json:"seats,omitempty"`
	Overbooked bool           `json:"overbooked"`
	Travelers  []travelerJSON `json:"travelers"`
	Payments   []paymentJSON  `json:"payments"`
}

type seatsJSON struct {
	Capacity       int  `json:"capacity"`
	Taken          int  `json:"taken"`
	Left           int  `json:"left"`
	Waitlisted     int  `json:"waitlisted"`
	MinTravelers   int  `json:"min_travelers"`
	ReachedMinimum bool `json:"reached_minimum"`
	Overbooked     bool `json:"overbooked"`
}

type travelerJSON struct {
	ID string `json:"id"`
	*app.Traveler
}

type paymentJSON struct {
	ID string `json:"id"`
	*app.Payment
}

func bookingShow(e *env, args []string) error {
	fs := newFlags("booking show", e)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args, 1, "one booking ID")
	if err != nil {
		return err
	}
	pl, err := e.pipeline()
	if err != nil {
		return err
	}
	st, err := service.NewPayments(e.store, e.session()).Statement(pos[0])
	if err != nil {
		return fmt.Errorf("booking show: %w", err)
	}
	trs, err := pl.Travelers(pos[0])
	if err != nil {
		return err
	}
	out := bookingShowJSON{
		Booking: bookingJSON{st.Booking.ID, st.Booking}, Trip: st.Trip, Start: st.Start, End: st.End,
		Total: st.Total, Paid: st.Paid, Balance: st.Balance, Due: st.Due, Overbooked: st.Flagged,
		Travelers: []travelerJSON{}, Payments: []paymentJSON{},
	}
	if st.Problem != nil {
		out.Problem = st.Problem.Error()
	}
	if st.Seats != nil {
		d := st.Seats.Departure
		out.Seats = &seatsJSON{d.Capacity, st.Seats.Taken, st.Seats.Left, st.Seats.Waitlisted, d.MinTravelers, st.Seats.ReachedMinimum, st.Seats.Overbooked}
	}
	for _, t := range trs {
		out.Travelers = append(out.Travelers, travelerJSON{t.ID, t})
	}
	for _, p := range st.Payments {
		out.Payments = append(out.Payments, paymentJSON{p.ID, p})
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	printBooking(e.stdout, &out)
	return nil
}

func printBooking(w io.Writer, b *bookingShowJSON) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	line := func(label string, v any) {
		if s := fmt.Sprint(v); s != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", label, s)
		}
	}
	bk := b.Booking.Booking
	line("id", b.Booking.ID)
	line("code", bk.Code)
	line("customer", bk.CustomerID)
	line("trip", b.Trip)
	line("dates", fmt.Sprintf("%s – %s", b.Start, b.End))
	line("status", bk.Status)
	line("reason", bk.Reason)
	if bk.Waitlisted {
		line("waiting list", "yes (holds no seat)")
	}
	for _, l := range bk.Lines {
		line("line", fmt.Sprintf("%s (%s) %d × %s", l.Description, l.TravelerType, l.Quantity, l.UnitPrice))
	}
	line("total", b.Total)
	line("paid", b.Paid)
	line("balance", b.Balance)
	line("due", b.Due)
	line("problem", b.Problem)
	if s := b.Seats; s != nil {
		min := "not reached"
		if s.ReachedMinimum {
			min = "reached"
		}
		line("seats", fmt.Sprintf("%d taken of %d, %d left, %d waitlisted; minimum %d %s", s.Taken, s.Capacity, s.Left, s.Waitlisted, s.MinTravelers, min))
	}
	if b.Overbooked {
		line("WARNING", "the departure is overbooked and this booking is one of those sold for the last seats: the manager decides")
	}
	for _, t := range b.Travelers {
		line("traveler", strings.TrimSpace(fmt.Sprintf("%s %s %s", t.Name, t.PassportNumber, t.ID)))
	}
	for _, p := range b.Payments {
		line("payment", fmt.Sprintf("%s %s %s %s", p.Date, p.Type, p.Signed(), p.Method))
	}
	tw.Flush()
}

func bookingTravelerAdd(e *env, args []string) error {
	fs := newFlags("booking travelers add", e)
	var t app.Traveler
	var birth, typ string
	fs.StringVar(&t.Name, "name", "", "full name (required)")
	fs.StringVar(&t.LatinName, "latin-name", "", "name as in the passport")
	fs.StringVar(&t.PassportNumber, "passport", "", "passport number")
	fs.StringVar(&birth, "birth", "", "birth date")
	fs.StringVar(&typ, "type", "adult", "adult, child or infant")
	fs.StringVar(&t.Phone, "phone", "", "phone")
	fs.StringVar(&t.Nationality, "nationality", "", "nationality (country code)")
	pos, err := parse(fs, args, 1, "one booking ID")
	if err != nil {
		return err
	}
	if strings.TrimSpace(t.Name) == "" {
		return usagef("booking travelers add: --name is required")
	}
	if birth != "" {
		d, err := service.ParseLooseDate(birth)
		if err != nil {
			return usagef("booking travelers add: --birth: %v", err)
		}
		t.BirthDate = d
	}
	t.Type = app.TravelerType(typ)
	pl, err := e.pipeline()
	if err != nil {
		return err
	}
	id, err := pl.AddTraveler(pos[0], &t)
	if err != nil {
		return fmt.Errorf("booking travelers add: %w", err)
	}
	fmt.Fprintln(e.stdout, id)
	return nil
}

func bookingCancel(e *env, args []string) error {
	fs := newFlags("booking cancel", e)
	reason := fs.String("reason", "", "why (required)")
	refund := fs.String("refund", "none", "auto: refund what the cancellation policy gives back; none: refund by hand later")
	asJSON := fs.Bool("json", false, "print the outcome as JSON")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 1, "one booking ID")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*reason) == "" {
		return usagef("booking cancel: --reason is required")
	}
	if *refund != "auto" && *refund != "none" {
		return usagef("booking cancel: --refund %q: want auto or none", *refund)
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	c, err := service.NewPayments(s, e.session()).Cancel(pos[0], *reason, day, *refund == "auto")
	if err != nil {
		return fmt.Errorf("booking cancel: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{
			"id": c.Booking.ID, "code": c.Booking.Code, "days_before": c.DaysBefore, "policy_applied": c.PolicyApplied,
			"keep_percent": c.KeepPercent, "kept": c.Kept, "paid": c.Paid, "refund": c.Refund, "refunded": c.RefundPayment != nil,
		})
	}
	msg := fmt.Sprintf("%s: cancelled %d days before the start", c.Booking.Code, c.DaysBefore)
	switch {
	case !c.PolicyApplied:
		msg += "; no cancellation policy in the settings, refund by hand"
	case c.RefundPayment != nil:
		msg += fmt.Sprintf("; %d%% kept (%s), %s refunded", c.KeepPercent, c.Kept, c.Refund)
	default:
		msg += fmt.Sprintf("; %d%% kept (%s), refund due %s", c.KeepPercent, c.Kept, c.Refund)
	}
	fmt.Fprintln(e.stdout, msg)
	return nil
}

func bookingOversell(e *env, args []string) error {
	fs := newFlags("booking oversell", e)
	asJSON := fs.Bool("json", false, "print as JSON")
	today := todayFlag(fs)
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	res, err := service.CheckOversell(s, e.session(), day)
	if err != nil {
		return err
	}
	type row struct {
		DepartureID string   `json:"departure_id"`
		Code        string   `json:"code"`
		Capacity    int      `json:"capacity"`
		Taken       int      `json:"taken"`
		Flagged     []string `json:"flagged"`
		TaskID      string   `json:"task_id"`
		TaskCreated bool     `json:"task_created"`
	}
	rows := []row{}
	for _, o := range res {
		r := row{o.Departure.ID, o.Departure.Code, o.Departure.Capacity, o.Taken, nil, o.TaskID, o.TaskCreated}
		for _, b := range o.Flagged {
			r.Flagged = append(r.Flagged, b.Code)
		}
		rows = append(rows, r)
	}
	if *asJSON {
		return writeJSON(e.stdout, rows)
	}
	for _, r := range rows {
		fmt.Fprintf(e.stdout, "%s: %d seats taken of %d; bookings %s; task %s\n", r.Code, r.Taken, r.Capacity, strings.Join(r.Flagged, ", "), r.TaskID)
	}
	return nil
}
