package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	register("complaint", cmdComplaint,
		"  complaint add BOOKING --what \"…\" [--today D] [--json] | complaint add --customer ID --what \"…\"\n"+
			"  complaint move ID investigating|resolved|closed [--resolution T] [--compensation \"500.000\"] [--refund PAYMENT] [--today D] [--json]\n"+
			"  complaint show ID [--json] | complaint list [--customer ID] [--json]   (list: those not closed)\n")
}

func cmdComplaint(e *env, args []string) error {
	return dispatch(e, "complaint", args,
		sub{"add", complaintAdd},
		sub{"move", complaintMove},
		sub{"show", complaintShow},
		sub{"list", complaintList},
	)
}

type complaintJSON struct {
	ID string `json:"id"`
	*app.Complaint
}

func complaintAdd(e *env, args []string) error {
	fs := newFlags("complaint add", e)
	what := fs.String("what", "", "what the customer complains about (required)")
	customer := fs.String("customer", "", "the customer, for a complaint about no booking")
	asJSON := fs.Bool("json", false, "print the complaint as JSON")
	today := todayFlag(fs)
	pos, err := parse(fs, args, -1, "")
	if err != nil {
		return err
	}
	if len(pos) > 1 || (len(pos) == 0) == (*customer == "") {
		return usagef("complaint add: want one booking ID, or --customer ID")
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	n := service.ComplaintNew{CustomerID: *customer, Description: *what}
	if len(pos) == 1 {
		n.BookingID = pos[0]
	}
	cp, err := service.NewComplaints(s, e.session()).Add(n, day)
	if err != nil {
		return fmt.Errorf("complaint add: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, complaintJSON{cp.ID, cp})
	}
	fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", cp.ID, cp.Status, cp.Description)
	return nil
}

func complaintMove(e *env, args []string) error {
	fs := newFlags("complaint move", e)
	resolution := fs.String("resolution", "", "the answer given (required to resolve)")
	compS := fs.String("compensation", "", `what the agency gives back, in the booking's currency ("500.000"; "0" clears it)`)
	refund := fs.String("refund", "", "the refund payment that paid the compensation")
	asJSON := fs.Bool("json", false, "print the complaint as JSON")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 2, "a complaint ID and a status (investigating, resolved or closed)")
	if err != nil {
		return err
	}
	to := app.ComplaintStatus(pos[1])
	switch to {
	case app.ComplaintInvestigating, app.ComplaintResolved, app.ComplaintClosed:
	default:
		return usagef("complaint move: status %q: want investigating, resolved or closed", pos[1])
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	svc := service.NewComplaints(s, e.session())
	m := service.ComplaintMove{To: to, Resolution: *resolution, RefundID: *refund, On: day}
	if *compS != "" {
		cp, err := svc.Get(pos[0])
		if err != nil {
			return fmt.Errorf("complaint move: %w", err)
		}
		cur, err := complaintCurrency(s, cp)
		if err != nil {
			return fmt.Errorf("complaint move: %w", err)
		}
		amount, err := money.Parse(*compS, cur)
		if err != nil {
			return fmt.Errorf("complaint move: --compensation: %v: %w", err, app.ErrInvalid)
		}
		m.Compensation = &amount
	}
	cp, err := svc.Move(pos[0], m)
	if err != nil {
		return fmt.Errorf("complaint move: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, complaintJSON{cp.ID, cp})
	}
	printComplaint(e, cp)
	return nil
}

// complaintCurrency is the currency of cp's booking, or the default one.
func complaintCurrency(s service.Store, cp *app.Complaint) (string, error) {
	if cp.BookingID != "" {
		b, err := service.Load[app.Booking](s, cp.BookingID)
		if err != nil {
			return "", err
		}
		return b.Currency, nil
	}
	set, err := service.Load[app.CompanySettings](s, app.CompanySettingsID)
	if err != nil || set.DefaultCurrency == "" {
		return "VND", nil
	}
	return set.DefaultCurrency, nil
}

func complaintShow(e *env, args []string) error {
	fs := newFlags("complaint show", e)
	asJSON := fs.Bool("json", false, "print the complaint as JSON")
	pos, s, err := e.parseOpen(fs, args, 1, "one complaint ID")
	if err != nil {
		return err
	}
	cp, err := service.NewComplaints(s, e.session()).Get(pos[0])
	if err != nil {
		return fmt.Errorf("complaint show: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, complaintJSON{cp.ID, cp})
	}
	printComplaint(e, cp)
	return nil
}

func complaintList(e *env, args []string) error {
	fs := newFlags("complaint list", e)
	customer := fs.String("customer", "", "only this customer's complaints (closed ones too)")
	asJSON := fs.Bool("json", false, "print as a JSON array")
	_, s, err := e.parseOpen(fs, args, 0, "no arguments")
	if err != nil {
		return err
	}
	svc := service.NewComplaints(s, e.session())
	var list []*app.Complaint
	if *customer != "" {
		list, err = svc.ForCustomer(*customer)
	} else {
		list, err = svc.Open()
	}
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]complaintJSON, len(list))
		for i, cp := range list {
			out[i] = complaintJSON{cp.ID, cp}
		}
		return writeJSON(e.stdout, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, cp := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cp.ID, cp.ReceivedOn, cp.Status, cp.Description)
	}
	return tw.Flush()
}

func printComplaint(e *env, cp *app.Complaint) {
	fmt.Fprintf(e.stdout, "%s\t%s\treceived %s\t%s\n", cp.ID, cp.Status, cp.ReceivedOn, cp.Description)
	if cp.Resolution != "" {
		fmt.Fprintf(e.stdout, "resolution: %s\n", cp.Resolution)
	}
	if !cp.Compensation.IsZero() {
		fmt.Fprintf(e.stdout, "compensation: %s\n", cp.Compensation.Format("vi"))
	}
}
