package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

func cmdCustomer(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("customer: want a subcommand: add, show, search, list, convert, tag or merge")
	}
	switch args[0] {
	case "add":
		return customerAdd(e, args[1:])
	case "show":
		return customerShow(e, args[1:])
	case "search":
		return customerSearch(e, args[1:])
	case "list":
		return customerList(e, args[1:])
	case "convert":
		return customerConvert(e, args[1:])
	case "tag":
		return customerTag(e, args[1:]) // segment_tag.go
	case "merge":
		return customerMerge(e, args[1:])
	}
	return usagef("customer: unknown subcommand %q (want add, show, search, list, convert, tag or merge)", args[0])
}

// customerJSON is a customer as --json prints it: its id and every field.
type customerJSON struct {
	ID string `json:"id"`
	*app.Customer
}

func customerAdd(e *env, args []string) error {
	fs := newFlags("customer add", e)
	var c app.Customer
	var phones, emails, tags listFlag
	var birthday, gender, stage string
	var asJSON, allowDup bool
	fs.StringVar(&c.Name, "name", "", "full name (required)")
	fs.Var(&phones, "phone", "phone number (repeatable)")
	fs.Var(&emails, "email", "email address (repeatable)")
	fs.StringVar(&c.PassportNumber, "passport", "", "passport number")
	fs.StringVar(&c.IDNumber, "id-number", "", "national ID (CCCD) number")
	fs.StringVar(&birthday, "birthday", "", "birth date (1990-03-25, 25/03/1990 or 25.03.1990)")
	fs.Var(&tags, "tag", "tag (repeatable)")
	fs.StringVar(&gender, "gender", "", "male, female or other")
	fs.StringVar(&c.Address, "address", "", "street address")
	fs.StringVar(&c.Province, "province", "", "province or city")
	fs.StringVar(&c.Country, "country", "", "country code (VN, RU, CN…); phones without a country code are read in it")
	fs.StringVar(&c.Channel, "channel", "", "where the customer came from")
	fs.StringVar(&stage, "stage", "", "target, lead, prospect or customer (default lead)")
	fs.StringVar(&c.Notes, "notes", "", "notes")
	fs.BoolVar(&allowDup, "allow-duplicate", false, "add even if a customer shares a phone, email or document")
	fs.BoolVar(&asJSON, "json", false, "print the new customer as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if birthday != "" {
		d, err := service.ParseLooseDate(birthday)
		if err != nil {
			return fmt.Errorf("customer: birthday: %v: %w", err, app.ErrInvalid)
		}
		c.Birthday = d
	}
	c.Phones, c.Emails, c.Tags = phones, emails, tags
	c.Gender, c.Stage = app.Gender(gender), app.Stage(stage)
	if err := c.Validate(); err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	if !allowDup {
		var dup string
		if err := s.View(func(r service.Reader) (err error) { dup, err = service.FindDuplicate(r, &c); return }); err != nil {
			return err
		}
		if dup != "" {
			return fmt.Errorf("customer: customer %s already has this phone, email or document (show it with `customer show %s`, or add with --allow-duplicate): %w", dup, dup, app.ErrInvalid)
		}
	}
	id, err := service.NewCustomers(s, e.session()).Create(&c)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, customerJSON{id, &c})
	}
	fmt.Fprintln(e.stdout, id)
	return nil
}

// mergeJSON is what customer merge --json prints.
type mergeJSON struct {
	Kept    string `json:"kept"`
	Dropped string `json:"dropped"`
	// Moved and Followed count per kind the records that went over to
	// the kept customer (service.MergePlan).
	Moved    map[app.Kind]int `json:"moved"`
	Followed map[app.Kind]int `json:"followed"`
	Customer customerJSON     `json:"customer"`
}

// customerMerge merges customer DROP into KEEP (service.Customers.Merge):
// DROP's bookings, travelers, tasks, complaints and feedback move to KEEP,
// its payments and interactions follow, its contact fields are merged in,
// and DROP is deleted.
func customerMerge(e *env, args []string) error {
	fs := newFlags("customer merge", e)
	asJSON := fs.Bool("json", false, "print what moved and the kept customer as JSON")
	pos, s, err := e.parseOpen(fs, args, 2, "KEEP and DROP customer IDs")
	if err != nil {
		return err
	}
	svc := service.NewCustomers(s, e.session())
	plan, err := svc.Merge(pos[0], pos[1])
	if err != nil {
		return fmt.Errorf("customer merge: %w", err)
	}
	c, err := svc.Get(plan.Keep)
	if err != nil {
		return fmt.Errorf("customer merge: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, mergeJSON{plan.Keep, plan.Drop, plan.Moved, plan.Followed, customerJSON{c.ID, c}})
	}
	var parts []string
	for _, k := range plan.Kinds() {
		n, name := plan.Count(k), string(k)
		if n != 1 && k != app.KindFeedback {
			name += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, name))
	}
	what := "nothing"
	if len(parts) > 0 {
		what = strings.Join(parts, ", ")
	}
	fmt.Fprintf(e.stdout, "merged %s into %s (%s); moved: %s\n", plan.Drop, plan.Keep, c.Name, what)
	return nil
}

func customerShow(e *env, args []string) error {
	fs := newFlags("customer show", e)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, s, err := e.parseOpen(fs, args, 1, "one customer ID")
	if err != nil {
		return err
	}
	c, err := service.NewCustomers(s, e.session()).Get(pos[0])
	if err != nil {
		return fmt.Errorf("customer: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, customerJSON{c.ID, c})
	}
	printCustomer(e.stdout, c)
	return nil
}

func customerSearch(e *env, args []string) error {
	fs := newFlags("customer search", e)
	limit := fs.Int("limit", 50, "at most this many customers")
	asJSON := fs.Bool("json", false, "print as a JSON array")
	pos, err := parse(fs, args, -1, "a query")
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return usagef("customer search: want a query (a name, phone, email or passport number)")
	}
	if *limit <= 0 {
		return usagef("customer search: --limit must be positive")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	list, err := service.NewCustomers(s, e.session()).Search(query, *limit)
	if err != nil {
		return err
	}
	return printCustomers(e, list, *asJSON)
}

func customerList(e *env, args []string) error {
	fs := newFlags("customer list", e)
	limit := fs.Int("limit", 50, "at most this many customers (0: all)")
	asJSON := fs.Bool("json", false, "print as a JSON array")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if *limit < 0 {
		return usagef("customer list: --limit must not be negative")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	svc := service.NewCustomers(s, e.session())
	ids, err := svc.SortedIDs()
	if err != nil {
		return err
	}
	if *limit > 0 && len(ids) > *limit {
		ids = ids[:*limit]
	}
	list, err := svc.GetMany(ids)
	if err != nil {
		return err
	}
	return printCustomers(e, list, *asJSON)
}

func printCustomers(e *env, list []*app.Customer, asJSON bool) error {
	if asJSON {
		out := make([]customerJSON, len(list))
		for i, c := range list {
			out[i] = customerJSON{c.ID, c}
		}
		return writeJSON(e.stdout, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, c := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Name, c.MainPhone(), c.MainEmail(), c.Province)
	}
	return tw.Flush()
}

func printCustomer(w io.Writer, c *app.Customer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	line := func(label string, v any) {
		s := fmt.Sprint(v)
		if s == "" || s == "[]" || s == "false" {
			return
		}
		fmt.Fprintf(tw, "%s:\t%s\n", label, s)
	}
	line("id", c.ID)
	line("name", c.Name)
	line("latin name", c.LatinName)
	line("type", c.Type)
	line("contact person", c.ContactPerson)
	line("gender", c.Gender)
	line("birthday", c.Birthday)
	line("phones", strings.Join(c.Phones, ", "))
	line("emails", strings.Join(c.Emails, ", "))
	line("address", c.Address)
	line("province", c.Province)
	line("region", c.Region)
	line("country", c.Country)
	line("nationality", c.Nationality)
	line("passport", c.PassportNumber)
	line("passport expiry", c.PassportExpiry)
	line("ID number", c.IDNumber)
	line("tags", strings.Join(c.Tags, ", "))
	line("channel", c.Channel)
	line("stage", c.Stage)
	line("owner", c.OwnerID)
	line("marketing consent", c.MarketingConsent)
	line("notes", c.Notes)
	tw.Flush()
}
