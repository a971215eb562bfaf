package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	register("segment", cmdSegment, `  segment abc --period P [--by revenue|trips] [--top N] [--json]   (P: 2026, 2026-Q3, 2026-11, 2026-01-01..2026-06-30, 12m)
  segment rfm --period P [--top N] [--json]
  segment tiers [--save] [--today D | --period P] [--top N] [--json]   (VIP tiers by the settings' rules as of today or P's end; --save stores them)
  segment rules [--json] | segment rules --set FILE.json | segment rules --reset   (tier rules and ABC thresholds; setting them is an admin's)
  segment save NAME [--tier T]... [--abc A|B|C]... [--abc-by revenue|trips] [--abc-months N] [--tag T]... [--region R]...
               [--stage S]... [--last-trip-before D] [--last-trip-after D] [--consent]
  segment list [--json] | segment members NAME [--today D] [--json] | segment delete NAME
  segment find [--tier T]... [--tag T]... [the conditions of save] [--json]   (customers of an unsaved filter)
  segment targets NAME --campaign ID [--today D] [--json]   (add the segment's customers to the campaign's target list)
  customer tag ID [--add T]... [--remove T]... [--json]
`)
}

func cmdSegment(e *env, args []string) error {
	return dispatch(e, "segment", args,
		sub{"abc", segmentABC},
		sub{"rfm", segmentRFM},
		sub{"tiers", segmentTiers},
		sub{"rules", segmentRules},
		sub{"save", segmentSave},
		sub{"list", segmentList},
		sub{"members", segmentMembers},
		sub{"find", segmentFind},
		sub{"delete", segmentDelete},
		sub{"targets", segmentTargets},
	)
}

// periodFlag adds --period (required) and --today; it returns a function
// reading the period after parsing.
func periodFlag(fs interface {
	String(name, value, usage string) *string
}, today func() (app.Date, error)) func() (segment.Period, error) {
	p := fs.String("period", "", "the period: 2026, 2026-Q3, 2026-11, 2026-01-01..2026-06-30 or 12m (the last 12 months)")
	return func() (segment.Period, error) {
		if *p == "" {
			return segment.Period{}, usagef("--period is required (2026, 2026-Q3, 2026-11, 2026-01-01..2026-06-30 or 12m)")
		}
		d, err := today()
		if err != nil {
			return segment.Period{}, err
		}
		per, err := segment.ParsePeriod(*p, d)
		if err != nil {
			return segment.Period{}, usagef("--period: %v", err)
		}
		return per, nil
	}
}

// names returns the names of customers ids ("" for one the store lacks).
func names(s service.Store, ids []string) map[string]string {
	out := make(map[string]string, len(ids))
	_ = s.View(func(r service.Reader) error {
		for _, id := range ids {
			if c, err := service.Load[app.Customer](r, id); err == nil {
				out[id] = c.Name
			}
		}
		return nil
	})
	return out
}

// printTop prints the rows of a ranking through a tabwriter, one line each
// (line, given the row and the name of its customer id(row)).
func printTop[R any](e *env, s service.Store, rows []R, id func(R) string, line func(r R, name string) string) error {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = id(r)
	}
	nm := names(s, ids)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, line(r, nm[id(r)]))
	}
	return tw.Flush()
}

// amount formats minor units of currency.
func amount(v int64, currency string) string { return money.New(v, currency).Format("vi") }

// share is part of total as a percentage with one decimal.
// noRate warns of sold bookings left out for want of an exchange rate.
func noRate(e *env, n int) {
	if n > 0 {
		fmt.Fprintf(e.stdout, "note: %d sold booking(s) left out: no exchange rate for their currency in the settings\n", n)
	}
}

func share(part, total int64) string {
	if total == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", float64(part)*100/float64(total))
}

// segmentABC is `segment abc --period P [--by revenue|trips] [--top N] [--json]`.
func segmentABC(e *env, args []string) error {
	fs := newFlags("segment abc", e)
	today := todayFlag(fs)
	period := periodFlag(fs, today)
	byS := fs.String("by", "revenue", "rank customers by revenue or trips")
	top := fs.Int("top", 10, "list the N best customers (0: none)")
	asJSON := fs.Bool("json", false, "print the whole analysis as JSON (every customer)")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	per, err := period()
	if err != nil {
		return err
	}
	by, err := segment.ParseBy(*byS)
	if err != nil {
		return usagef("--by: %v", err)
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	res, err := segment.ABC(s, per, by)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	value := func(v int64) string {
		if by == segment.ByTrips {
			return fmt.Sprintf("%d trips", v)
		}
		return amount(v, res.Currency)
	}
	fmt.Fprintf(e.stdout, "ABC by %s, %s: %d customers, %s (A %d%%, B %d%%)\n", by, per, len(res.Rows), value(res.Total), res.APercent, res.BPercent)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "class\tcustomers\t%s\tshare\t\n", by)
	for _, c := range segment.Classes {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", c, res.Counts[c], value(res.Values[c]), share(res.Values[c], res.Total))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	noRate(e, res.NoRate)
	n := min(*top, len(res.Rows))
	if n <= 0 {
		return nil
	}
	fmt.Fprintf(e.stdout, "\ntop %d:\n", n)
	return printTop(e, s, res.Rows[:n], func(r segment.ABCRow) string { return r.CustomerID }, func(r segment.ABCRow, name string) string {
		return fmt.Sprintf("%s\t%s\t%s\t%s\tcumulative %s", r.Class, r.CustomerID, name, value(r.Value), segment.FormatBP(r.CumulativeBP))
	})
}

// segmentRFM is `segment rfm --period P [--top N] [--json]`.
func segmentRFM(e *env, args []string) error {
	fs := newFlags("segment rfm", e)
	today := todayFlag(fs)
	period := periodFlag(fs, today)
	top := fs.Int("top", 10, "list the N best-scored customers (0: none)")
	asJSON := fs.Bool("json", false, "print every customer's scores as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	per, err := period()
	if err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	res, err := segment.RFM(s, per)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "RFM %s: %d customers (scores 1–5, 5 best; recency to %s)\n", per, len(res.Rows), per.To)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "score\tR\tF\tM\t\n")
	for sc := 5; sc >= 1; sc-- {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t\n", sc, res.Counts["R"][sc], res.Counts["F"][sc], res.Counts["M"][sc])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	noRate(e, res.NoRate)
	n := min(*top, len(res.Rows))
	if n <= 0 {
		return nil
	}
	fmt.Fprintf(e.stdout, "\ntop %d:\n", n)
	return printTop(e, s, res.Rows[:n], func(r segment.RFMRow) string { return r.CustomerID }, func(r segment.RFMRow, name string) string {
		return fmt.Sprintf("%s\t%s\t%s\t%d days\t%d trips\t%s", r.Score(), r.CustomerID, name, r.RecencyDays, r.Frequency, amount(r.Monetary, res.Currency))
	})
}

// segmentTiers is `segment tiers [--save] [--today D] [--top N] [--json]`.
func segmentTiers(e *env, args []string) error {
	fs := newFlags("segment tiers", e)
	today := todayFlag(fs)
	periodS := fs.String("period", "", "compute the tiers as of the period's last day (instead of --today)")
	save := fs.Bool("save", false, "store the computed tiers on the customers (only changed ones are written)")
	top := fs.Int("top", 0, "list the first N customers by tier and revenue")
	asJSON := fs.Bool("json", false, "print every customer's tier as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	d, err := today()
	if err != nil {
		return err
	}
	if *periodS != "" {
		per, err := segment.ParsePeriod(*periodS, d)
		if err != nil {
			return usagef("--period: %v", err)
		}
		d = per.To
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	var res *segment.TierResult
	if *save {
		if err := segment.MaySaveTiers(e.session()); err != nil {
			return fmt.Errorf("segment tiers: %w", err)
		}
		res, err = segment.SaveTiers(s, d)
	} else {
		res, err = segment.Tiers(s, d)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "tiers as of %s: %d customers with purchases\n", d, len(res.Rows))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, t := range app.CustomerTiers {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", t, res.Counts[t], ruleText(res.Rules, t, res.Currency))
	}
	if n := res.Counts[app.TierNone]; n > 0 {
		fmt.Fprintf(tw, "(none)\t%d\tno rule matched\n", n)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	noRate(e, res.NoRate)
	if *save {
		fmt.Fprintf(e.stdout, "%d customer(s) updated\n", res.Changed)
	} else {
		fmt.Fprintf(e.stdout, "%d customer(s) differ from their stored tier (--save stores them)\n", res.Changed)
	}
	if n := min(*top, len(res.Rows)); n > 0 {
		return printTop(e, s, res.Rows[:n], func(r segment.TierRow) string { return r.CustomerID }, func(r segment.TierRow, name string) string {
			return fmt.Sprintf("%s\t%s\t%s\t%d trips\t%s\tlast %s", r.Tier, r.CustomerID, name, r.Trips, amount(r.Revenue, res.Currency), r.Last)
		})
	}
	return nil
}

// segmentRules is `segment rules [--json] | --set FILE | --reset`.
func segmentRules(e *env, args []string) error {
	fs := newFlags("segment rules", e)
	set := fs.String("set", "", "a JSON file of rules (the shape --json prints) to store in the settings")
	reset := fs.Bool("reset", false, "go back to the default rules")
	asJSON := fs.Bool("json", false, "print the rules in force as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if *set != "" && *reset {
		return usagef("segment rules: --set or --reset, not both")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	if *set != "" || *reset {
		var rules *app.SegmentRules
		if *set != "" {
			b, err := os.ReadFile(*set)
			if err != nil {
				return err
			}
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&rules); err != nil {
				return usagef("segment rules: %s: %v", *set, err)
			}
		}
		if err := s.View(func(r service.Reader) error {
			return segment.MayEdit(r, e.session(), app.KindSetting, app.CompanySettingsID, "segmentation")
		}); err != nil {
			return fmt.Errorf("segment rules: %w", err)
		}
		if err := segment.SaveRules(s, rules); err != nil {
			return fmt.Errorf("segment rules: %w", err)
		}
	}
	var cur string
	var rules app.SegmentRules
	_ = s.View(func(r service.Reader) error {
		st := segment.Settings(r)
		cur, rules = st.DefaultCurrency, st.SegmentRulesOf()
		return nil
	})
	if *asJSON {
		return writeJSON(e.stdout, rules)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for i, r := range rules.Tiers {
		fmt.Fprintf(tw, "%d\t%s\t%s\n", i+1, r.Tier, ruleText([]app.TierRule{r}, r.Tier, cur))
	}
	fmt.Fprintf(tw, "ABC\tA %d%%, B up to %d%%, C the rest\n", rules.APercent, rules.BPercent)
	return tw.Flush()
}

// ruleText says the first rule giving tier t in words.
func ruleText(rules []app.TierRule, t app.CustomerTier, currency string) string {
	for _, r := range rules {
		if r.Tier != t {
			continue
		}
		var conds []string
		if r.MinRevenue.Amount > 0 {
			conds = append(conds, "revenue ≥ "+r.MinRevenue.Format("vi"))
		}
		if r.MinTrips > 0 {
			conds = append(conds, fmt.Sprintf("%d+ trips", r.MinTrips))
		}
		join := " or "
		if r.All {
			join = " and "
		}
		s := strings.Join(conds, join)
		if r.Months > 0 {
			s += fmt.Sprintf(" in %d months", r.Months)
		}
		if r.FirstWithinMonths > 0 {
			s += fmt.Sprintf(", first trip within %d months", r.FirstWithinMonths)
		}
		return s
	}
	return ""
}

// filterFlags adds the conditions of a segment to fs and returns a
// function building the segment (named name) after parsing.
func filterFlags(fs *flag.FlagSet) func(name string) (app.SavedSegment, error) {
	var tiers, abc, tags, regions, stages listFlag
	fs.Var(&tiers, "tier", "a tier (vip1, vip2, vip3, loyal, regular, new); repeatable: any of them")
	fs.Var(&abc, "abc", "an ABC class (A, B, C); repeatable")
	abcBy := fs.String("abc-by", "", "ABC by revenue (default) or trips")
	abcMonths := fs.Int("abc-months", 0, "ABC over the last N months (default 12)")
	fs.Var(&tags, "tag", "a tag; repeatable: any of them")
	fs.Var(&regions, "region", "a region; repeatable: any of them")
	fs.Var(&stages, "stage", "a stage (target, lead, prospect, customer); repeatable")
	before := fs.String("last-trip-before", "", "last trip before this date")
	after := fs.String("last-trip-after", "", "last trip on or after this date")
	consent := fs.Bool("consent", false, "only customers who gave marketing consent")
	return func(name string) (app.SavedSegment, error) {
		g := app.SavedSegment{Name: name, ABCBy: *abcBy, ABCMonths: *abcMonths, Tags: tags, Regions: regions, Consent: *consent}
		for _, t := range tiers {
			g.Tiers = append(g.Tiers, app.CustomerTier(strings.ToLower(t)))
		}
		for _, c := range abc {
			g.ABC = append(g.ABC, strings.ToUpper(c))
		}
		for _, st := range stages {
			g.Stages = append(g.Stages, app.Stage(strings.ToLower(st)))
		}
		for _, d := range []struct {
			s   string
			to  *app.Date
			opt string
		}{{*before, &g.LastTripBefore, "--last-trip-before"}, {*after, &g.LastTripAfter, "--last-trip-after"}} {
			if d.s == "" {
				continue
			}
			v, err := service.ParseLooseDate(d.s)
			if err != nil {
				return g, usagef("%s: %v", d.opt, err)
			}
			*d.to = v
		}
		return g, nil
	}
}

// segmentSave is `segment save NAME [conditions]`.
func segmentSave(e *env, args []string) error {
	fs := newFlags("segment save", e)
	filter := filterFlags(fs)
	asJSON := fs.Bool("json", false, "print the saved segment as JSON")
	pos, err := parse(fs, args, 1, "a segment name")
	if err != nil {
		return err
	}
	g, err := filter(pos[0])
	if err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	if err := s.View(func(r service.Reader) error {
		return segment.MayEdit(r, e.session(), app.KindSetting, app.CompanySettingsID, "segments")
	}); err != nil {
		return fmt.Errorf("segment save: %w", err)
	}
	if err := segment.SaveSegment(s, g); err != nil {
		return fmt.Errorf("segment save: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, g)
	}
	fmt.Fprintf(e.stdout, "segment %q saved: %s\n", g.Name, describe(g))
	return nil
}

// segmentFind is `segment find [conditions] [--json]`: the customers of a
// segment not saved (an agent's "my VIP customers").
func segmentFind(e *env, args []string) error {
	fs := newFlags("segment find", e)
	today := todayFlag(fs)
	filter := filterFlags(fs)
	asJSON := fs.Bool("json", false, "print the customers as a JSON array")
	if _, err := parse(fs, args, 0, "no arguments (conditions are flags)"); err != nil {
		return err
	}
	g, err := filter("(unsaved)")
	if err != nil {
		return err
	}
	if err := segment.CheckSegment(g); err != nil {
		return fmt.Errorf("segment find: %w", err)
	}
	return printMembers(e, g, today, *asJSON)
}

// describe says a segment's conditions in words.
func describe(g app.SavedSegment) string {
	var parts []string
	list := func(what string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, what+" "+strings.Join(vs, " or "))
		}
	}
	tiers := make([]string, len(g.Tiers))
	for i, t := range g.Tiers {
		tiers[i] = string(t)
	}
	list("tier", tiers)
	if len(g.ABC) > 0 {
		by, months := g.ABCBy, g.ABCMonths
		if by == "" {
			by = "revenue"
		}
		if months == 0 {
			months = segment.DefaultABCMonths
		}
		list(fmt.Sprintf("ABC class (by %s, last %d months)", by, months), g.ABC)
	}
	list("tag", g.Tags)
	list("region", g.Regions)
	stages := make([]string, len(g.Stages))
	for i, st := range g.Stages {
		stages[i] = string(st)
	}
	list("stage", stages)
	if !g.LastTripBefore.IsZero() {
		parts = append(parts, "last trip before "+g.LastTripBefore.String())
	}
	if !g.LastTripAfter.IsZero() {
		parts = append(parts, "last trip on or after "+g.LastTripAfter.String())
	}
	if g.Consent {
		parts = append(parts, "marketing consent")
	}
	if len(parts) == 0 {
		return "every customer"
	}
	return strings.Join(parts, "; ")
}

// segmentList is `segment list [--json]`.
func segmentList(e *env, args []string) error {
	fs := newFlags("segment list", e)
	asJSON := fs.Bool("json", false, "print the saved segments as JSON")
	_, s, err := e.parseOpen(fs, args, 0, "no arguments")
	if err != nil {
		return err
	}
	var list []app.SavedSegment
	_ = s.View(func(r service.Reader) error {
		list = segment.Segments(r)
		return nil
	})
	if list == nil {
		list = []app.SavedSegment{}
	}
	if *asJSON {
		return writeJSON(e.stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "no saved segments (segment save NAME --tier vip1 …)")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, g := range list {
		fmt.Fprintf(tw, "%s\t%s\n", g.Name, describe(g))
	}
	return tw.Flush()
}

// findSegment loads the saved segment named name.
func findSegment(s service.Store, name string) (app.SavedSegment, error) {
	var g app.SavedSegment
	err := s.View(func(r service.Reader) error {
		var err error
		g, err = segment.FindSegment(r, name)
		return err
	})
	return g, err
}

// segmentMembers is `segment members NAME [--today D] [--json]`.
func segmentMembers(e *env, args []string) error {
	fs := newFlags("segment members", e)
	today := todayFlag(fs)
	asJSON := fs.Bool("json", false, "print the members as a JSON array")
	pos, s, err := e.parseOpen(fs, args, 1, "a segment name")
	if err != nil {
		return err
	}
	g, err := findSegment(s, pos[0])
	if err != nil {
		return fmt.Errorf("segment members: %w", err)
	}
	return printMembers(e, g, today, *asJSON)
}

// printMembers lists the customers of g as of the --today flag.
func printMembers(e *env, g app.SavedSegment, today func() (app.Date, error), asJSON bool) error {
	s, d, err := e.openOn(today)
	if err != nil {
		return err
	}
	ids, err := segment.Members(s, g, d)
	if err != nil {
		return err
	}
	type member struct {
		ID    string           `json:"id"`
		Name  string           `json:"name"`
		Tier  app.CustomerTier `json:"tier"`
		Phone string           `json:"phone"`
		Email string           `json:"email"`
	}
	out := make([]member, 0, len(ids))
	if err := s.View(func(r service.Reader) error {
		for _, id := range ids {
			c, err := service.Load[app.Customer](r, id)
			if err != nil {
				return err
			}
			out = append(out, member{id, c.Name, c.Tier, c.MainPhone(), c.MainEmail()})
		}
		return nil
	}); err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, m := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Name, m.Tier, m.Phone, m.Email)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d customer(s) in %q (%s)\n", len(out), g.Name, describe(g))
	return nil
}

// segmentDelete is `segment delete NAME`.
func segmentDelete(e *env, args []string) error {
	fs := newFlags("segment delete", e)
	pos, s, err := e.parseOpen(fs, args, 1, "a segment name")
	if err != nil {
		return err
	}
	if err := s.View(func(r service.Reader) error {
		return segment.MayEdit(r, e.session(), app.KindSetting, app.CompanySettingsID, "segments")
	}); err != nil {
		return fmt.Errorf("segment delete: %w", err)
	}
	if err := segment.DeleteSegment(s, pos[0]); err != nil {
		return fmt.Errorf("segment delete: %w", err)
	}
	fmt.Fprintf(e.stdout, "segment %q deleted\n", pos[0])
	return nil
}

// segmentTargets is `segment targets NAME --campaign ID [--json]`.
func segmentTargets(e *env, args []string) error {
	fs := newFlags("segment targets", e)
	today := todayFlag(fs)
	campaign := fs.String("campaign", "", "the campaign whose target list gets the segment's customers (required)")
	asJSON := fs.Bool("json", false, "print the outcome as JSON")
	pos, err := parse(fs, args, 1, "a segment name")
	if err != nil {
		return err
	}
	if *campaign == "" {
		return usagef("segment targets: --campaign is required")
	}
	s, d, err := e.openOn(today)
	if err != nil {
		return err
	}
	if err := s.View(func(r service.Reader) error {
		return segment.MayEdit(r, e.session(), app.KindCampaign, *campaign, "target_ids")
	}); err != nil {
		return fmt.Errorf("segment targets: %w", err)
	}
	tl, err := segment.MakeTargets(s, pos[0], *campaign, d)
	if err != nil {
		return fmt.Errorf("segment targets: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, tl)
	}
	printTargetList(e.stdout, tl)
	return nil
}

func printTargetList(w io.Writer, tl *segment.TargetList) {
	fmt.Fprintf(w, "segment %q: %d customer(s); %d added to campaign %s's target list (now %d)", tl.Segment, tl.Members, tl.Added, tl.CampaignID, tl.Total)
	if tl.Claimed > 0 {
		fmt.Fprintf(w, "; %d unassigned target(s) now the campaign's (targets assign --campaign %s)", tl.Claimed, tl.CampaignID)
	}
	fmt.Fprintln(w)
	if tl.NoConsent > 0 {
		fmt.Fprintf(w, "note: %d of them gave no marketing consent: do not send them marketing messages\n", tl.NoConsent)
	}
}
