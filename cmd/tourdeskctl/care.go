package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	register("care", cmdCare, "  care generate [--today D] [--json]      (care tasks: return calls, birthdays, holidays, balances, passports; idempotent)\n")
}

func cmdCare(e *env, args []string) error {
	if len(args) == 0 || args[0] != "generate" {
		return usagef("care: want a subcommand: generate")
	}
	fs := newFlags("care generate", e)
	asJSON := fs.Bool("json", false, "print what was made as JSON")
	today := todayFlag(fs)
	if _, err := parse(fs, args[1:], 0, "no arguments"); err != nil {
		return err
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	res, err := service.NewCare(s, e.session()).Generate(day)
	if err != nil {
		return fmt.Errorf("care generate: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Created  []taskJSON `json:"created"`
			Closed   []taskJSON `json:"closed"`
			Existing int        `json:"existing"`
			Refused  int        `json:"refused"`
		}{tasksJSON(res.Created), tasksJSON(res.Closed), res.Existing, res.Refused})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, t := range res.Created {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.DueDate, t.Type, t.AssigneeID, t.Title)
	}
	for _, t := range res.Closed {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s (closed: paid)\n", t.ID, t.DueDate, t.Type, t.AssigneeID, t.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d task(s) made, %d there already, %d closed", len(res.Created), res.Existing, len(res.Closed))
	if res.Refused > 0 {
		fmt.Fprintf(e.stdout, ", %d left to their owners' devices", res.Refused)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// taskJSON is a task with its id.
type taskJSON struct {
	ID string `json:"id"`
	*app.Task
}

func tasksJSON(ts []*app.Task) []taskJSON {
	out := make([]taskJSON, len(ts))
	for i, t := range ts {
		out[i] = taskJSON{t.ID, t}
	}
	return out
}
