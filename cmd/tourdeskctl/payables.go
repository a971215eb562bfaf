package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// orderPay is `order pay ORDER --amount A [--currency C] [--note T]`: a
// supplier payment of a service order (an accountant's).
func orderPay(e *env, args []string) error {
	fs := newFlags("order pay", e)
	amountS := fs.String("amount", "", `the amount paid ("20.000.000", "1,250.50") (required)`)
	currency := fs.String("currency", "", "the amount's currency (default: the order's)")
	note := fs.String("note", "", "note (bank reference, invoice number)")
	asJSON := fs.Bool("json", false, "print the payment as JSON")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 1, "one service order ID")
	if err != nil {
		return err
	}
	if *amountS == "" {
		return usagef("order pay: --amount is required")
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	o, err := service.Load[app.ServiceOrder](s, pos[0])
	if err != nil {
		return fmt.Errorf("order pay: service order %s: %w", pos[0], app.ErrNotFound)
	}
	cur := strings.ToUpper(strings.TrimSpace(*currency))
	if cur == "" {
		cur = o.UnitCost.Currency
	}
	amount, err := money.Parse(*amountS, cur)
	if err != nil {
		return fmt.Errorf("order pay: --amount: %v: %w", err, app.ErrInvalid)
	}
	exp, err := service.NewOperations(s, e.session()).PaySupplier(service.PaySupplier{OrderID: pos[0], Amount: amount, Date: day, Note: *note})
	if err != nil {
		return fmt.Errorf("order pay: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, struct {
			ID string `json:"id"`
			*app.Expense
		}{exp.ID, exp})
	}
	fmt.Fprintf(e.stdout, "%s\tpaid %s for %s\n", exp.ID, exp.Amount, o.Service)
	return nil
}

// cmdPayables is `payables [--json] [--today D]`.
func cmdPayables(e *env, args []string) error {
	fs := newFlags("payables", e)
	asJSON := fs.Bool("json", false, "print as JSON")
	today := todayFlag(fs)
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	rep, err := service.PayablesReport(s, day)
	if err != nil {
		return err
	}
	if *asJSON {
		if rep.Partners == nil {
			rep.Partners = []service.PartnerPayable{}
		}
		return writeJSON(e.stdout, rep)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "partner\tordered\tpaid\towed\tnot due\t0–30\t31–60\t61–90\t90+\t\n")
	row := func(name string, ordered, paid, owed money.Money, a service.Ageing) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, ordered.Decimal(), paid.Decimal(), owed.Decimal(),
			a.NotDue.Decimal(), a.Days30.Decimal(), a.Days60.Decimal(), a.Days90.Decimal(), a.Over90.Decimal())
	}
	for _, p := range rep.Partners {
		name := p.Name
		if name == "" {
			name = p.PartnerID
		}
		row(name, p.Ordered, p.Paid, p.Owed, p.Ageing)
	}
	row("all ("+rep.Currency+")", rep.Ordered, rep.Paid, rep.Owed, rep.Ageing)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(e.stderr, "tourdeskctl: payables: left out: %s\n", p)
	}
	return nil
}
