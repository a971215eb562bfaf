package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	register("campaign", cmdCampaign, `  campaign add --name N --channel C [--cost A] [--currency C] [--start D] [--end D] [--status S] [--json]
  campaign stats [ID] [--json]          (targets → leads → bookings, revenue, profit, ROI; every campaign without ID)
`)
}

func cmdCampaign(e *env, args []string) error {
	return dispatch(e, "campaign", args,
		sub{"add", campaignAdd},
		sub{"stats", campaignStats},
	)
}

// campaignAdd is `campaign add --name N --channel C [--cost A] …`.
func campaignAdd(e *env, args []string) error {
	fs := newFlags("campaign add", e)
	name := fs.String("name", "", "the campaign's name (required)")
	channel := fs.String("channel", "", "email, sms, facebook, zalo, google, tiktok, website, event, print or other (required)")
	cost := fs.String("cost", "", `what it cost in total ("5.000.000")`)
	currency := fs.String("currency", "", "the cost's currency (default: the company's)")
	start := fs.String("start", "", "first day, YYYY-MM-DD")
	end := fs.String("end", "", "last day, YYYY-MM-DD")
	status := fs.String("status", "", "draft (default), running, finished or cancelled")
	segText := fs.String("segment", "", "who is targeted, in words")
	asJSON := fs.Bool("json", false, "print the campaign as JSON")
	_, s, err := e.parseOpen(fs, args, 0, "no arguments")
	if err != nil {
		return err
	}
	sess := e.session()
	c := &app.Campaign{Name: *name, Channel: app.Channel(*channel), Status: app.CampaignStatus(*status), Segment: *segText, OwnerID: sess.UserID, OfficeID: sess.OfficeID}
	if sess.Role == app.RoleAdmin || sess.Role == "" {
		c.OfficeID = ""
	}
	if *cost != "" {
		cur := *currency
		if cur == "" {
			_ = s.View(func(r service.Reader) error { cur = segment.Settings(r).DefaultCurrency; return nil })
		}
		if c.Cost, err = money.Parse(*cost, cur); err != nil {
			return usagef("--cost: %v", err)
		}
	}
	for _, d := range []struct {
		s   string
		to  *app.Date
		opt string
	}{{*start, &c.StartDate, "--start"}, {*end, &c.EndDate, "--end"}} {
		if d.s == "" {
			continue
		}
		if *d.to, err = service.ParseLooseDate(d.s); err != nil {
			return usagef("%s: %v", d.opt, err)
		}
	}
	id := record.NewID()
	if err := s.View(func(r service.Reader) error { return segment.MayEdit(r, sess, app.KindCampaign, id, "name") }); err != nil {
		return fmt.Errorf("campaign add: %w", err)
	}
	if err := s.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, id, c)
		return err
	}); err != nil {
		return fmt.Errorf("campaign add: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, struct {
			ID string `json:"id"`
			*app.Campaign
		}{id, c})
	}
	fmt.Fprintf(e.stdout, "%s\t%s\n", id, c.Name)
	return nil
}

// campaignStats is `campaign stats [ID] [--json]`.
func campaignStats(e *env, args []string) error {
	fs := newFlags("campaign stats", e)
	asJSON := fs.Bool("json", false, "print as JSON (an object for one campaign, an array for all)")
	pos, err := parse(fs, args, -1, "at most one campaign ID")
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("campaign stats: want at most one campaign ID, got %d", len(pos))
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	var list []*segment.CampaignStats
	if len(pos) == 1 {
		st, err := segment.CampaignStatsOf(s, pos[0])
		if err != nil {
			return fmt.Errorf("campaign stats: %w", err)
		}
		if *asJSON {
			return writeJSON(e.stdout, st)
		}
		list = []*segment.CampaignStats{st}
	} else {
		if list, err = segment.AllCampaignStats(s); err != nil {
			return fmt.Errorf("campaign stats: %w", err)
		}
		if *asJSON {
			return writeJSON(e.stdout, list)
		}
	}
	if len(list) == 1 {
		st := list[0]
		m := func(v int64) string { return amount(v, st.Currency) }
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "campaign\t%s (%s, %s, %s)\n", st.Name, st.CampaignID, st.Channel, st.Status)
		fmt.Fprintf(tw, "cost\t%s\n", m(st.Cost))
		fmt.Fprintf(tw, "targets\t%d\n", st.Targets)
		fmt.Fprintf(tw, "leads\t%d\t%s of targets\n", st.Leads, segment.FormatBP(st.LeadRateBP))
		fmt.Fprintf(tw, "requests\t%d\n", st.Requests)
		fmt.Fprintf(tw, "bookings\t%d\tby %d customer(s), %s of leads\n", st.Bookings, st.Customers, segment.FormatBP(st.CustomerRateBP))
		fmt.Fprintf(tw, "revenue\t%s\n", m(st.Revenue))
		fmt.Fprintf(tw, "ROI (revenue)\t%s\n", roi(st.HasROI, st.ROIBP, "the campaign cost nothing"))
		fmt.Fprintf(tw, "profit\t%s\tfrom %d of %d booking(s) on settled departures\n", m(st.Profit), st.ProfitBookings, st.Bookings)
		fmt.Fprintf(tw, "ROI (profit)\t%s\n", roi(st.HasProfitROI, st.ProfitROIBP, "not every booking's departure is settled, or no cost"))
		return tw.Flush()
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "no campaigns")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\tcost\ttargets\tleads\tbookings\trevenue\tROI")
	for _, st := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", st.CampaignID, st.Name, amount(st.Cost, st.Currency), st.Targets, st.Leads,
			st.Bookings, amount(st.Revenue, st.Currency), roi(st.HasROI, st.ROIBP, "-"))
	}
	return tw.Flush()
}

func roi(has bool, bp int64, why string) string {
	if !has && why == "-" {
		return "-"
	}
	if !has {
		return "n/a (" + why + ")"
	}
	return segment.FormatBP(bp)
}
