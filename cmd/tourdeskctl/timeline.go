package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	register("timeline", cmdTimeline, "  timeline CUSTOMER [--json]             (requests, bookings, trips, payments, interactions, complaints, feedback, tasks done; newest first)\n")
}

func cmdTimeline(e *env, args []string) error {
	fs := newFlags("timeline", e)
	asJSON := fs.Bool("json", false, "print as a JSON array")
	pos, s, err := e.parseOpen(fs, args, 1, "one customer ID")
	if err != nil {
		return err
	}
	tl, err := service.NewCare(s, e.session()).Timeline(pos[0])
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	if *asJSON {
		if tl == nil {
			tl = []service.TimelineEntry{}
		}
		return writeJSON(e.stdout, tl)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, t := range tl {
		amount := ""
		if t.Amount != nil {
			amount = t.Amount.Format("vi")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Date, t.Kind, amount, t.Title)
	}
	return tw.Flush()
}
