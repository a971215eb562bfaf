package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app/service"
)

// customerTag is `customer tag ID [--add T]... [--remove T]... [--json]`:
// it changes the customer's tags through service.Customers.Edit, so only
// the tags field is written and the server's rules apply.
func customerTag(e *env, args []string) error {
	fs := newFlags("customer tag", e)
	var add, remove listFlag
	fs.Var(&add, "add", "a tag to add (repeatable)")
	fs.Var(&remove, "remove", "a tag to remove, any case (repeatable)")
	asJSON := fs.Bool("json", false, "print the customer as JSON")
	pos, err := parse(fs, args, 1, "a customer ID")
	if err != nil {
		return err
	}
	if len(add) == 0 && len(remove) == 0 {
		return usagef("customer tag: want --add T or --remove T")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	svc := service.NewCustomers(s, e.session())
	before, err := svc.Get(pos[0])
	if err != nil {
		return fmt.Errorf("customer tag: %w", err)
	}
	after := *before
	after.Tags = slices.DeleteFunc(slices.Clone(before.Tags), func(t string) bool {
		return slices.ContainsFunc(remove, func(r string) bool { return strings.EqualFold(strings.TrimSpace(r), t) })
	})
	for _, t := range add {
		t = strings.TrimSpace(t)
		if t != "" && !slices.ContainsFunc(after.Tags, func(x string) bool { return strings.EqualFold(x, t) }) {
			after.Tags = append(after.Tags, t)
		}
	}
	if err := svc.Edit(pos[0], before, &after); err != nil {
		return fmt.Errorf("customer tag: %w", err)
	}
	c, err := svc.Get(pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, customerJSON{pos[0], c})
	}
	fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", pos[0], c.Name, strings.Join(c.Tags, ", "))
	return nil
}
