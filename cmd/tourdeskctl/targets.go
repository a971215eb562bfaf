package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

func cmdTargets(e *env, args []string) error {
	return dispatch(e, "targets", args,
		sub{"assign", targetsAssign},
		sub{"list", targetsList},
	)
}

// targetsAssign is `targets assign --campaign ID|--ids a,b,c --agent USER`.
func targetsAssign(e *env, args []string) error {
	fs := newFlags("targets assign", e)
	campaign := fs.String("campaign", "", "assign the campaign's customers still at target")
	idsS := fs.String("ids", "", "assign these customers (ids separated by commas)")
	agentID := fs.String("agent", "", "the user id of the agent who gets them (required)")
	asJSON := fs.Bool("json", false, "print the assigned customers as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if (*campaign == "") == (*idsS == "") {
		return usagef("targets assign: want one of --campaign ID or --ids a,b,c")
	}
	if *agentID == "" {
		return usagef("targets assign: --agent is required")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	svc := service.NewTargets(s, e.session())
	var ids []string
	if *campaign != "" {
		if ids, err = svc.CampaignTargets(*campaign); err != nil {
			return fmt.Errorf("targets assign: %w", err)
		}
		if len(ids) == 0 {
			return fmt.Errorf("targets assign: campaign %s has no customers at stage target: %w", *campaign, app.ErrInvalid)
		}
	} else {
		for _, id := range strings.Split(*idsS, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
	}
	got, err := svc.Assign(ids, *agentID)
	if err != nil {
		return fmt.Errorf("targets assign: %w", err)
	}
	if *asJSON {
		out := make([]customerJSON, len(got))
		for i, c := range got {
			out[i] = customerJSON{c.ID, c}
		}
		return writeJSON(e.stdout, out)
	}
	for _, c := range got {
		fmt.Fprintf(e.stdout, "%s\t%s\n", c.ID, c.Name)
	}
	fmt.Fprintf(e.stdout, "%d target(s) assigned to %s\n", len(got), *agentID)
	return nil
}

// targetsList is `targets list [--agent ID] [--json]`.
func targetsList(e *env, args []string) error {
	fs := newFlags("targets list", e)
	agentID := fs.String("agent", "", `only the targets of this user ("-": the unassigned ones)`)
	asJSON := fs.Bool("json", false, "print as a JSON array")
	_, s, err := e.parseOpen(fs, args, 0, "no arguments")
	if err != nil {
		return err
	}
	list, err := service.NewTargets(s, e.session()).List(*agentID)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, list)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, t := range list {
		owner := t.OwnerID
		if owner == "" {
			owner = "(unassigned)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.CustomerID, t.Name, t.Phone, t.Email, owner)
	}
	return tw.Flush()
}

// customerConvert is `customer convert ID lead|prospect [--note T]`.
func customerConvert(e *env, args []string) error {
	fs := newFlags("customer convert", e)
	note := fs.String("note", "", "why: what the customer said (logged as an interaction)")
	asJSON := fs.Bool("json", false, "print the customer as JSON")
	pos, err := parse(fs, args, 2, "a customer ID and a stage (lead or prospect)")
	if err != nil {
		return err
	}
	to := app.Stage(pos[1])
	if to != app.StageLead && to != app.StageProspect {
		return usagef("customer convert: stage %q: want lead or prospect (a request makes a prospect, a deposit a customer)", pos[1])
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	c, err := service.NewTargets(s, e.session()).Convert(pos[0], to, *note, time.Now())
	if err != nil {
		return fmt.Errorf("customer convert: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, customerJSON{c.ID, c})
	}
	fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", c.ID, c.Name, c.Stage)
	return nil
}
