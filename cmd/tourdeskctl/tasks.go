package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	register("tasks", cmdTasks, "  tasks [--due D] [--all] [--json]       (your Today list: open tasks due by D; --all: every task, any status)\n")
	register("task", cmdTask, "  task done|cancel ID [--note T] | task snooze ID --until D [--today D]\n")
}

func cmdTasks(e *env, args []string) error {
	fs := newFlags("tasks", e)
	dueS := fs.String("due", "", "list the tasks due on or before this day, YYYY-MM-DD (default today)")
	all := fs.Bool("all", false, "list every task of the store, done and cancelled too")
	asJSON := fs.Bool("json", false, "print as a JSON array")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	due := app.DateOf(time.Now())
	if *dueS != "" {
		d, err := service.ParseLooseDate(*dueS)
		if err != nil {
			return usagef("tasks: --due: %v", err)
		}
		due = d
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	sess := e.session()
	care := service.NewCare(s, sess)
	var list []*app.Task
	if *all {
		list, err = care.AllTasks()
	} else {
		if sess.UserID == "" {
			return usagef("tasks: whose? log in or give --user ID")
		}
		list, err = care.DueTasks(sess.UserID, due)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, tasksJSON(list))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, t := range list {
		mark := string(t.Status)
		if t.Overdue(due) {
			mark = "overdue"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.DueDate, mark, t.Type, t.Title)
	}
	return tw.Flush()
}

func cmdTask(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("task: want a subcommand: done, cancel or snooze")
	}
	sub := args[0]
	fs := newFlags("task "+sub, e)
	note := fs.String("note", "", "what was done (added to the task's notes)")
	untilS := fs.String("until", "", "snooze: hide the task until this day, YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "print the task as JSON")
	today := todayFlag(fs)
	switch sub {
	case "done", "cancel", "snooze":
	default:
		return usagef("task: unknown subcommand %q (want done, cancel or snooze)", sub)
	}
	pos, err := parse(fs, args[1:], 1, "one task ID")
	if err != nil {
		return err
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	care := service.NewCare(s, e.session())
	var t *app.Task
	switch sub {
	case "done":
		t, err = care.Done(pos[0], *note, time.Now())
	case "cancel":
		t, err = care.Cancel(pos[0], *note, time.Now())
	case "snooze":
		if *untilS == "" {
			return usagef("task snooze: --until is required")
		}
		until, perr := service.ParseLooseDate(*untilS)
		if perr != nil {
			return usagef("task snooze: --until: %v", perr)
		}
		t, err = care.Snooze(pos[0], until, day)
	}
	if err != nil {
		return fmt.Errorf("task %s: %w", sub, err)
	}
	if *asJSON {
		return writeJSON(e.stdout, taskJSON{t.ID, t})
	}
	state := string(t.Status)
	if sub == "snooze" {
		state = "snoozed until " + t.SnoozedUntil.String()
	}
	fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", t.ID, state, t.Title)
	return nil
}
