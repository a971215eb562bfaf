package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

func cmdPayment(e *env, args []string) error {
	return dispatch(e, "payment", args,
		sub{"take", func(e *env, args []string) error { return paymentTake(e, args, false) }},
		sub{"refund", func(e *env, args []string) error { return paymentTake(e, args, true) }},
	)
}

// paymentTake is `payment take` and, with refund, `payment refund`.
func paymentTake(e *env, args []string, refund bool) error {
	name := "payment take"
	if refund {
		name = "payment refund"
	}
	fs := newFlags(name, e)
	kind := "refund"
	if !refund {
		fs.StringVar(&kind, "kind", "", "deposit, balance or surcharge (required)")
	}
	amountS := fs.String("amount", "", `the amount, as written on the receipt ("5.000.000", "1,250.50") (required)`)
	currency := fs.String("currency", "", "the amount's currency (default: the booking's)")
	method := fs.String("method", "cash", "cash, bank_transfer, card or e_wallet")
	receipt := fs.String("receipt", "", "receipt number")
	note := fs.String("note", "", "note (for a surcharge: the description of the price line it adds, e.g. \"Single room supplement\")")
	asJSON := fs.Bool("json", false, "print the payment as JSON")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 1, "one booking ID")
	if err != nil {
		return err
	}
	if kind == "" {
		return usagef("%s: --kind is required (deposit, balance or surcharge)", name)
	}
	if *amountS == "" {
		return usagef("%s: --amount is required", name)
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	b, err := service.NewPipeline(s, e.session(), s.DeviceID()).Get(pos[0])
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	cur := strings.ToUpper(strings.TrimSpace(*currency))
	if cur == "" {
		cur = b.Currency
	}
	amount, err := money.Parse(*amountS, cur)
	if err != nil {
		return fmt.Errorf("%s: --amount: %v: %w", name, err, app.ErrInvalid)
	}
	svc := service.NewPayments(s, e.session())
	var py *app.Payment
	if refund {
		py, err = svc.Refund(b.ID, amount, app.PaymentMethod(*method), day, *note)
	} else {
		py, err = svc.Take(service.Take{BookingID: b.ID, Kind: app.PaymentKind(kind), Amount: amount,
			Method: app.PaymentMethod(*method), Date: day, Receipt: *receipt, Note: *note})
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if *asJSON {
		return writeJSON(e.stdout, paymentJSON{py.ID, py})
	}
	st, err := svc.Statement(b.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\t%s: %s %s; paid %s, balance %s, %s\n", py.ID, b.Code, py.Type, py.Amount, st.Paid, st.Balance, st.Booking.Status)
	return nil
}

func cmdReceivables(e *env, args []string) error {
	fs := newFlags("receivables", e)
	asJSON := fs.Bool("json", false, "print as JSON")
	today := todayFlag(fs)
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	rep, err := service.NewPayments(s, e.session()).Receivables(day)
	if err != nil {
		return err
	}
	if *asJSON {
		if rep.Customers == nil {
			rep.Customers = []service.CustomerDebt{}
		}
		return writeJSON(e.stdout, rep)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "customer\tnot due\t0–30\t31–60\t61–90\t90+\ttotal\t\n")
	row := func(name string, a service.Ageing, alert string) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, a.NotDue.Decimal(), a.Days30.Decimal(), a.Days60.Decimal(), a.Days90.Decimal(), a.Over90.Decimal(), a.Total.Decimal(), alert)
	}
	for _, c := range rep.Customers {
		alert := ""
		if c.OverLimit {
			alert = "OVER DEBT LIMIT " + rep.DebtLimit.String()
		}
		row(c.Name, c.Ageing, alert)
	}
	row("all ("+rep.Currency+")", rep.Total, "")
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(e.stderr, "tourdeskctl: receivables: left out: %s\n", p)
	}
	return nil
}
