package service_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

func saveAt(t *testing.T, store service.Store, id string, e app.Entity) string {
	t.Helper()
	save2(t, store, id, e)
	return id
}

// users stores the users the target tests assign to: Lan (agent, Hà Nội),
// Kim (agent, Sài Gòn), Hà (accountant, Hà Nội), Tú (agent, Hà Nội, left).
func users(t *testing.T, store service.Store) {
	t.Helper()
	for id, u := range map[string]*app.User{
		"u-lan":  {Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: "o-hn", Active: true},
		"u-kim":  {Name: "Kim", Login: "kim", Role: app.RoleAgent, OfficeID: "o-sg", Active: true},
		"u-acc":  {Name: "Hà", Login: "ha.do", Role: app.RoleAccountant, OfficeID: "o-hn", Active: true},
		"u-tu":   {Name: "Tú", Login: "tu.le", Role: app.RoleAgent, OfficeID: "o-hn"},
		"u-minh": {Name: "Minh", Login: "minh", Role: app.RoleManager, OfficeID: "o-hn", Active: true},
	} {
		saveAt(t, store, id, u)
	}
}

func customer(t *testing.T, store service.Store, id string) *app.Customer {
	t.Helper()
	c, err := service.Load[app.Customer](store, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A campaign's targets in the Hà Nội office's pool are given to Lan by her
// manager (marketing, an agent and a manager reaching out of the office
// are refused first, writing nothing); Lan converts one to a lead when she
// answers, then to a prospect, and a request makes the other a prospect.
func TestTargetsAssignAndConvert(t *testing.T) {
	store := openStore(t)
	users(t, store)
	camp := save(t, store, &app.Campaign{Name: "Tết 2027", Channel: app.ChannelSMS})
	target := func(name, office string) string {
		return save(t, store, &app.Customer{Name: name, CampaignID: camp, OfficeID: office, Stage: app.StageTarget, Phones: []string{"+84901234567"}})
	}
	an, binh := target("Nguyễn Văn An", "o-hn"), target("Trần Thị Bình", "o-hn")
	lead := save(t, store, &app.Customer{Name: "Lê Văn Cường", CampaignID: camp, OfficeID: "o-hn", Stage: app.StageLead})
	saigon := target("Phạm Thị Dung", "o-sg")
	other := save(t, store, &app.Customer{Name: "Hoàng Văn Em", OfficeID: "o-hn", Stage: app.StageTarget})
	_, _ = lead, other

	svc := service.NewTargets(store, manager)
	ids, err := svc.CampaignTargets(camp)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || !contains(ids, an) || !contains(ids, binh) || !contains(ids, saigon) {
		t.Fatalf("campaign targets %v", ids)
	}
	if _, err := svc.CampaignTargets("0190f5c2-0000-7000-8000-000000000000"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown campaign: %v", err)
	}

	marketing := service.Session{UserID: "u-mai", OfficeID: "o-hn", Role: app.RoleMarketing}
	for what, tc := range map[string]struct {
		s     service.Session
		ids   []string
		agent string
		is    error
		says  string
	}{
		"marketing":           {marketing, []string{an}, "u-lan", app.ErrForbidden, "a marketing may not assign customer " + an + " (Nguyễn Văn An): owner_id may not be set to that user"},
		"an agent":            {agent, []string{an}, "u-lan", app.ErrForbidden, "an agent may not"},
		"another office's":    {manager, ids, "u-lan", app.ErrForbidden, "Phạm Thị Dung, office \"o-sg\""},
		"to another office":   {manager, []string{an}, "u-kim", app.ErrForbidden, "office_id may not be set"},
		"to an accountant":    {manager, []string{an}, "u-acc", app.ErrInvalid, "is an accountant: targets go to an agent or a manager"},
		"to a user who left":  {manager, []string{an}, "u-tu", app.ErrInvalid, "not active"},
		"to nobody":           {manager, []string{an}, "u-nobody", app.ErrNotFound, "user u-nobody"},
		"a lead":              {manager, []string{an, lead}, "u-lan", app.ErrInvalid, "Lê Văn Cường) is a lead, not a target"},
		"an unknown customer": {manager, []string{an, "c-none"}, "u-lan", app.ErrNotFound, "customer c-none"},
		"no customers at all": {manager, nil, "u-lan", app.ErrInvalid, "no target customers"},
	} {
		_, err := service.NewTargets(store, tc.s).Assign(tc.ids, tc.agent)
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want %v saying %q", what, err, tc.is, tc.says)
		}
	}
	if c := customer(t, store, an); c.OwnerID != "" {
		t.Fatalf("a refused assignment wrote the owner: %+v", c)
	}

	got, err := svc.Assign([]string{an, binh, an}, "u-lan")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("assigned %d", len(got))
	}
	for _, id := range []string{an, binh} {
		if c := customer(t, store, id); c.OwnerID != "u-lan" || c.OfficeID != "o-hn" || c.Stage != app.StageTarget {
			t.Errorf("assigned %+v", c)
		}
	}
	// The admin may give the Sài Gòn target to Kim.
	if _, err := service.NewTargets(store, service.Session{UserID: "u-root", Role: app.RoleAdmin}).Assign([]string{saigon}, "u-kim"); err != nil {
		t.Fatal(err)
	}

	list, err := svc.List("u-lan")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Nguyễn Văn An" || list[1].Name != "Trần Thị Bình" || list[0].Phone != "+84901234567" || list[0].CampaignID != camp {
		t.Errorf("Lan's targets %+v", list)
	}
	if all, _ := svc.List(""); len(all) != 4 {
		t.Errorf("all targets %+v", all)
	}
	if pool, _ := svc.List("-"); len(pool) != 1 || pool[0].CustomerID != other {
		t.Errorf("unassigned targets %+v", pool)
	}

	// Lan converts: target → lead with her note, then lead → prospect.
	lan := service.NewTargets(store, agent)
	at := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	if _, err := lan.Convert(an, app.StageCustomer, "", at); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "a deposit makes a customer") {
		t.Errorf("convert to customer: %v", err)
	}
	c, err := lan.Convert(an, app.StageLead, "called back after the SMS, wants Phú Quốc", at)
	if err != nil || c.Stage != app.StageLead {
		t.Fatalf("to lead: %v %+v", err, c)
	}
	if _, err := lan.Convert(an, app.StageLead, "", at); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "is a lead already") {
		t.Errorf("lead again: %v", err)
	}
	if _, err := lan.Convert(an, app.StageProspect, "", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := lan.Convert(an, app.StageLead, "", at); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "only moves forward") {
		t.Errorf("prospect → lead: %v", err)
	}
	if got := customerStage(t, store, an); got != app.StageProspect {
		t.Errorf("stage %s", got)
	}
	var notes []*app.Interaction
	if err := store.View(func(r service.Reader) error {
		ids, err := r.Lookup(app.KindInteraction, "customer_id", an)
		for _, id := range ids {
			it, err := service.Load[app.Interaction](r, id)
			if err != nil {
				return err
			}
			notes = append(notes, it)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || notes[0].Summary != "target → lead: called back after the SMS, wants Phú Quốc" || notes[0].UserID != "u-lan" ||
		notes[1].Summary != "lead → prospect: Interested in a trip" || !notes[0].At.Equal(at) {
		for _, n := range notes {
			t.Logf("%+v", n)
		}
		t.Errorf("interactions")
	}
	// Kim may not convert Lan's customer; marketing may not log it.
	kim := service.Session{UserID: "u-kim", OfficeID: "o-sg", Role: app.RoleAgent}
	if _, err := service.NewTargets(store, kim).Convert(binh, app.StageLead, "", at); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("another agent converts: %v", err)
	}
	if _, err := service.NewTargets(store, marketing).Convert(binh, app.StageLead, "", at); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("marketing converts: %v", err)
	}
	// A request from a target makes a prospect (the pipeline's rule).
	if _, err := service.NewPipeline(store, agent, store.DeviceID()).Create(service.Request{CustomerID: binh, Destination: "Huế",
		StartDate: day("2027-02-01"), EndDate: day("2027-02-03"), Currency: "VND"}, day("2026-11-24")); err != nil {
		t.Fatal(err)
	}
	if got := customerStage(t, store, binh); got != app.StageProspect {
		t.Errorf("after a request: %s", got)
	}
	if left, _ := lan.List("u-lan"); len(left) != 0 {
		t.Errorf("Lan's targets after converting both: %+v", left)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
