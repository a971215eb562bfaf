package segment

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// DefaultABCMonths is the ABC period of a saved segment that gives none:
// the last 12 months.
const DefaultABCMonths = 12

// Segments returns the saved segments, in the order they were saved.
func Segments(r service.Reader) []app.SavedSegment { return Settings(r).Segments }

// FindSegment returns the saved segment named name (any case), or an
// error matching app.ErrNotFound.
func FindSegment(r service.Reader, name string) (app.SavedSegment, error) {
	for _, g := range Segments(r) {
		if strings.EqualFold(g.Name, strings.TrimSpace(name)) {
			return g, nil
		}
	}
	return app.SavedSegment{}, fmt.Errorf("segment %q: %w", name, app.ErrNotFound)
}

// SaveSegment stores g in the settings' saved segments, replacing the one
// of the same name (any case). A wrong segment is a *app.ValidationError
// naming its fields (as "segments.N.…"), and nothing is written. Only the
// settings' segments field is written (marketing may edit it and nothing
// else of the settings).
func SaveSegment(s service.Store, g app.SavedSegment) error {
	return s.Update(func(tx service.Tx) error {
		set := Settings(tx)
		list := slices.Clone(set.Segments)
		i := slices.IndexFunc(list, func(x app.SavedSegment) bool { return strings.EqualFold(x.Name, strings.TrimSpace(g.Name)) })
		if i >= 0 {
			list[i] = g
		} else {
			list = append(list, g)
		}
		return saveSegments(tx, set, list)
	})
}

// DeleteSegment removes the saved segment named name (app.ErrNotFound if
// there is none).
func DeleteSegment(s service.Store, name string) error {
	return s.Update(func(tx service.Tx) error {
		set := Settings(tx)
		i := slices.IndexFunc(set.Segments, func(x app.SavedSegment) bool { return strings.EqualFold(x.Name, strings.TrimSpace(name)) })
		if i < 0 {
			return fmt.Errorf("segment %q: %w", name, app.ErrNotFound)
		}
		return saveSegments(tx, set, slices.Delete(slices.Clone(set.Segments), i, i+1))
	})
}

// CheckSegment validates g alone (a filter not saved), reporting its
// problems as "segments.0.…" in a *app.ValidationError.
func CheckSegment(g app.SavedSegment) error {
	return segmentProblems(&app.CompanySettings{CompanyName: "-", DefaultCurrency: "VND", Segments: []app.SavedSegment{g}})
}

// segmentProblems validates set, reporting only the segments' problems.
func segmentProblems(set *app.CompanySettings) error { return problemsOf(set, "segments") }

// problemsOf validates set, reporting only the problems of field.
func problemsOf(set *app.CompanySettings, field string) error {
	if err := set.Validate(); err != nil {
		var v *app.ValidationError
		if !errors.As(err, &v) {
			return err
		}
		var mine []app.FieldError
		for _, p := range v.Problems {
			if p.Field == field || strings.HasPrefix(p.Field, field+".") {
				mine = append(mine, p)
			}
		}
		if len(mine) > 0 {
			return &app.ValidationError{Kind: app.KindSetting, Problems: mine}
		}
	}
	return nil
}

func saveSegments(tx service.Tx, set *app.CompanySettings, list []app.SavedSegment) error {
	set.Segments = list
	// Validate the whole settings but report only the segments' problems:
	// a store whose settings were never filled in (no company name) may
	// still keep segments.
	if err := segmentProblems(set); err != nil {
		return err
	}
	raw, err := json.Marshal(set.Segments)
	if err != nil {
		return err
	}
	_, err = tx.Save(app.KindSetting, app.CompanySettingsID, map[string]json.RawMessage{"segments": raw})
	return err
}

// Members returns the ids of the live customers in segment g as of today
// (see app.SavedSegment), in the customer list's order (by name).
func Members(s service.Store, g app.SavedSegment, today app.Date) ([]string, error) {
	all, err := s.SortedIDs(app.KindCustomer)
	if err != nil {
		return nil, err
	}
	var f *Facts
	if len(g.ABC) > 0 || !g.LastTripBefore.IsZero() || !g.LastTripAfter.IsZero() {
		if f, err = LoadFacts(s); err != nil {
			return nil, err
		}
	}
	var classes map[string]string
	if len(g.ABC) > 0 {
		months := g.ABCMonths
		if months == 0 {
			months = DefaultABCMonths
		}
		by := ByRevenue
		if g.ABCBy == string(ByTrips) {
			by = ByTrips
		}
		classes = f.ABC(LastMonths(today, months), by).ClassOf()
	}
	var out []string
	err = s.View(func(r service.Reader) error {
		// Conditions on indexed fields narrow the candidates first.
		var sets []map[string]bool
		anyOf := func(field string, values []string) error {
			if len(values) == 0 {
				return nil
			}
			m := map[string]bool{}
			for _, v := range values {
				ids, err := r.Lookup(app.KindCustomer, field, v)
				if err != nil {
					return err
				}
				for _, id := range ids {
					m[id] = true
				}
			}
			sets = append(sets, m)
			return nil
		}
		tiers := make([]string, len(g.Tiers))
		for i, t := range g.Tiers {
			tiers[i] = string(t)
		}
		stages := make([]string, len(g.Stages))
		for i, st := range g.Stages {
			stages[i] = string(st)
		}
		for _, c := range []struct {
			field  string
			values []string
		}{{"tier", tiers}, {"tags", g.Tags}, {"region", g.Regions}, {"stage", stages}} {
			if err := anyOf(c.field, c.values); err != nil {
				return err
			}
		}
		for _, id := range all {
			in := true
			for _, m := range sets {
				if !m[id] {
					in = false
					break
				}
			}
			if in && classes != nil && !slices.Contains(g.ABC, classes[id]) {
				in = false
			}
			if in && f != nil && (!g.LastTripBefore.IsZero() || !g.LastTripAfter.IsZero()) {
				last, ok := lastTrip(f.ByCustomer[id])
				switch {
				case !ok:
					in = false
				case !g.LastTripBefore.IsZero() && dayKey(last) >= dayKey(g.LastTripBefore):
					in = false
				case !g.LastTripAfter.IsZero() && dayKey(last) < dayKey(g.LastTripAfter):
					in = false
				}
			}
			if in && g.Consent {
				rec, err := r.Get(app.KindCustomer, id)
				if err != nil {
					return err
				}
				in = string(rec.Fields["marketing_consent"].Value) == "true"
			}
			if in {
				out = append(out, id)
			}
		}
		return nil
	})
	return out, err
}

// lastTrip is the latest trip date of ps.
func lastTrip(ps []Purchase) (app.Date, bool) {
	var last app.Date
	for _, p := range ps {
		if dayKey(p.Trip) > dayKey(last) {
			last = p.Trip
		}
	}
	return last, !last.IsZero()
}

// TargetList is what MakeTargets did.
type TargetList struct {
	CampaignID string `json:"campaign_id"`
	Segment    string `json:"segment"`
	// Members is the number of customers in the segment; Added those new
	// to the campaign's target list; Total the list's length after.
	Members int `json:"members"`
	Added   int `json:"added"`
	Total   int `json:"total"`
	// Claimed counts the targets (stage target, no campaign yet) whose
	// campaign_id became this campaign, so they appear in its target
	// list for agents (service.Targets.CampaignTargets, targets assign).
	Claimed int `json:"claimed"`
	// NoConsent counts members without marketing consent: they are on the
	// list, but messages must not be sent to them.
	NoConsent int `json:"no_consent"`
}

// MakeTargets adds the members of the saved segment named segName (as of
// today) to campaign campaignID's target list (Campaign.TargetIDs; a
// snapshot, kept in the order added), sets the campaign's segment text
// when empty, and gives its campaign_id to members at stage target that
// have none. An unknown segment or campaign matches app.ErrNotFound; a
// list that would pass app.MaxCampaignTargets is a *app.ValidationError
// and nothing is written.
func MakeTargets(s service.Store, segName, campaignID string, today app.Date) (*TargetList, error) {
	var g app.SavedSegment
	if err := s.View(func(r service.Reader) error {
		var err error
		g, err = FindSegment(r, segName)
		return err
	}); err != nil {
		return nil, err
	}
	members, err := Members(s, g, today)
	if err != nil {
		return nil, err
	}
	res := &TargetList{CampaignID: campaignID, Segment: g.Name, Members: len(members)}
	err = s.Update(func(tx service.Tx) error {
		c, err := service.Load[app.Campaign](tx, campaignID)
		if err != nil {
			return fmt.Errorf("campaign %s: %w", campaignID, app.ErrNotFound)
		}
		on := make(map[string]bool, len(c.TargetIDs))
		for _, id := range c.TargetIDs {
			on[id] = true
		}
		var claim []string
		for _, id := range members {
			rec, err := tx.Get(app.KindCustomer, id)
			if err != nil {
				return err
			}
			if string(rec.Fields["marketing_consent"].Value) != "true" {
				res.NoConsent++
			}
			if str(rec, "stage") == string(app.StageTarget) && str(rec, "campaign_id") == "" {
				claim = append(claim, id)
			}
			if !on[id] {
				on[id] = true
				c.TargetIDs = append(c.TargetIDs, id)
				res.Added++
			}
		}
		fields := []string{"target_ids"}
		if c.Segment == "" {
			c.Segment = "Segment: " + g.Name
			fields = append(fields, "segment")
		}
		if err := c.Validate(); err != nil {
			return err
		}
		values := map[string]json.RawMessage{}
		for _, name := range fields {
			var v any = c.TargetIDs
			if name == "segment" {
				v = c.Segment
			}
			raw, err := json.Marshal(v)
			if err != nil {
				return err
			}
			values[name] = raw
		}
		if _, err := tx.Save(app.KindCampaign, campaignID, values); err != nil {
			return err
		}
		raw, _ := json.Marshal(campaignID)
		for _, id := range claim {
			if _, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{"campaign_id": raw}); err != nil {
				return err
			}
		}
		res.Claimed, res.Total = len(claim), len(c.TargetIDs)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// SaveRules stores the agency's segmentation rules (tiers and ABC
// thresholds) in the settings; nil goes back to app.DefaultSegmentRules.
// Wrong rules are a *app.ValidationError naming their fields
// ("segmentation.tiers.0.min_trips") and nothing is written. Only the
// settings' segmentation field is written.
func SaveRules(s service.Store, rules *app.SegmentRules) error {
	return s.Update(func(tx service.Tx) error {
		set := Settings(tx)
		set.Segmentation = rules
		if err := problemsOf(set, "segmentation"); err != nil {
			return err
		}
		raw, err := json.Marshal(rules)
		if err != nil {
			return err
		}
		_, err = tx.Save(app.KindSetting, app.CompanySettingsID, map[string]json.RawMessage{"segmentation": raw})
		return err
	})
}
