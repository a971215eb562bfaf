package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// segmentWorld: VND, camp-tet (cost 5M, 2026-01-01..06-30); An sold
// 50M on 2025-06-01, 60M on 2026-03-01 and 100M on 2026-10-01; Bình,
// brought in by camp-tet, 40M on 2026-11-10; Chi (no consent) 20M on
// 2026-06-15. All Lan's (agent, Hà Nội).
func segmentWorld(t *testing.T, dir string) {
	t.Helper()
	n := 0
	withStore(t, dir, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			save := func(id string, e app.Entity) error {
				_, err := service.StoreEntity(tx, id, e)
				return err
			}
			sale := func(customer string, millions int64, on string) error {
				n++
				d, _ := app.ParseDate(on)
				return save("bk-"+customer+on, &app.Booking{Code: app.BookingCode(2026, n), CustomerID: customer, OwnerID: "u-lan", OfficeID: "o-hn",
					Destination: "Huế", StartDate: d.AddDays(10), EndDate: d.AddDays(12), Currency: "VND", Status: app.BookingCompleted, BookedOn: d,
					Lines: []app.PriceLine{{Description: "Tour", Quantity: 1, UnitPrice: money.New(millions*1_000_000, "VND")}}})
			}
			for _, err := range []error{
				save(app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND"}),
				save("u-lan", &app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: "o-hn", Active: true}),
				save("camp-tet", &app.Campaign{Name: "Tết 2026", Channel: app.ChannelZalo, Cost: money.New(5_000_000, "VND"),
					StartDate: app.Date{Year: 2026, Month: 1, Day: 1}, EndDate: app.Date{Year: 2026, Month: 6, Day: 30}}),
				save("cust-a", &app.Customer{Name: "An", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageCustomer, MarketingConsent: true}),
				save("cust-b", &app.Customer{Name: "Bình", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageCustomer, MarketingConsent: true, CampaignID: "camp-tet"}),
				save("cust-c", &app.Customer{Name: "Chi", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageCustomer}),
				sale("cust-a", 50, "2025-06-01"), sale("cust-a", 60, "2026-03-01"), sale("cust-a", 100, "2026-10-01"),
				sale("cust-b", 40, "2026-11-10"), sale("cust-c", 20, "2026-06-15"),
			} {
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// ABC over 2026 (220M): An 160M → A, Bình 40M (An's 160M = 72.7% before
// him) → A, Chi 20M (200M = 90.9% before her) → B. Tiers on 2026-11-23:
// An 210M in 24 months → VIP2, Bình and Chi new. camp-tet: 1 target
// (Bình), 1 lead, 1 booking of 40M: ROI (40M − 5M)/5M = 700%.
func TestSegmentCommands(t *testing.T) {
	dir := t.TempDir()
	segmentWorld(t, dir)

	var abc segment.ABCResult
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "segment", "abc", "--period", "2026", "--json")), &abc); err != nil {
		t.Fatal(err)
	}
	if abc.Total != 220_000_000 || abc.Counts["A"] != 2 || abc.Counts["B"] != 1 || abc.Counts["C"] != 0 || abc.Rows[2].CustomerID != "cust-c" {
		t.Errorf("abc: %+v", abc)
	}
	out := mustCtl(t, dir, "segment", "abc", "--period", "2026", "--top", "1")
	if !strings.Contains(out, "ABC by revenue, 2026-01-01..2026-12-31: 3 customers") || !strings.Contains(out, "cust-a") || strings.Contains(out, "cust-b") {
		t.Errorf("abc text:\n%s", out)
	}
	out = mustCtl(t, dir, "segment", "abc", "--period", "2026", "--by", "trips")
	if !strings.Contains(out, "4 trips") {
		t.Errorf("abc by trips:\n%s", out)
	}
	failCtl(t, dir, "--period is required", "segment", "abc")
	failCtl(t, dir, "rank by revenue or trips", "segment", "abc", "--period", "2026", "--by", "price")
	failCtl(t, dir, "is not a period", "segment", "rfm", "--period", "last year")

	// Rules: the defaults, then the agency's own (VIP1 = 2 trips in 12
	// months, ABC at 70/90: An A, Bình with 72.7% before him B, Chi C),
	// then back to the defaults.
	if out := mustCtl(t, dir, "segment", "rules"); !strings.Contains(out, "vip1     revenue ≥ 300.000.000 ₫ or 8+ trips in 24 months") ||
		!strings.Contains(out, "ABC  A 80%, B up to 95%, C the rest") {
		t.Errorf("default rules:\n%s", out)
	}
	rulesFile := filepath.Join(t.TempDir(), "rules.json")
	write := func(body string) {
		if err := os.WriteFile(rulesFile, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"tiers": [{"tier": "vip1", "months": 12, "min_trips": 2}], "a_percent": 70, "b_percent": 90}`)
	mustCtl(t, dir, "segment", "rules", "--set", rulesFile)
	if out := mustCtl(t, dir, "segment", "tiers", "--today", "2026-11-23"); !strings.Contains(out, "vip1     1") || !strings.Contains(out, "(none)   2") {
		t.Errorf("tiers by the agency's rules:\n%s", out)
	}
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "segment", "abc", "--period", "2026", "--json")), &abc); err != nil {
		t.Fatal(err)
	}
	if abc.Counts["A"] != 1 || abc.Counts["B"] != 1 || abc.Counts["C"] != 1 || abc.APercent != 70 {
		t.Errorf("abc at 70/90: %+v", abc.Counts)
	}
	write(`{"tiers": [{"tier": "vip1", "months": 12}]}`)
	failCtl(t, dir, "segmentation.tiers.0", "segment", "rules", "--set", rulesFile)
	write(`{"tiers": [], "a_pct": 70}`)
	failCtl(t, dir, "unknown field", "segment", "rules", "--set", rulesFile)
	mustCtl(t, dir, "segment", "rules", "--reset")
	if out := mustCtl(t, dir, "segment", "rules"); !strings.Contains(out, "6    regular  1+ trips") {
		t.Errorf("rules after reset:\n%s", out)
	}

	var rfm segment.RFMResult
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "segment", "rfm", "--period", "2026", "--json")), &rfm); err != nil {
		t.Fatal(err)
	}
	// Recency to 2026-12-31: Bình 51 days, An 91, Chi 199; score 1 +
	// ⌊5k/3⌋ with k the customers strictly worse: Bình 4, An 2, Chi 1.
	// F: An 2 trips (k 2 → 4), the others 1 (k 0 → 1). M: An 160M (4),
	// Bình 40M (2), Chi 20M (1).
	got := map[string]string{}
	for _, r := range rfm.Rows {
		got[r.CustomerID] = r.Score()
	}
	if got["cust-b"] != "412" || got["cust-a"] != "244" || got["cust-c"] != "111" {
		t.Errorf("rfm scores %v", got)
	}

	out = mustCtl(t, dir, "segment", "tiers", "--today", "2026-11-23")
	if !strings.Contains(out, "3 customer(s) differ") || !strings.Contains(out, "vip2     1") {
		t.Errorf("tiers:\n%s", out)
	}
	// As of the end of 2028 An's trips are older than 24 months but two
	// are within 36: loyal; Bình and Chi have one old trip: regular.
	out = mustCtl(t, dir, "segment", "tiers", "--period", "2028")
	if !strings.Contains(out, "tiers as of 2028-12-31") || !strings.Contains(out, "loyal    1") || !strings.Contains(out, "regular  2") {
		t.Errorf("tiers --period 2028:\n%s", out)
	}
	loginAs(t, dir, "u-mkt", app.RoleMarketing, "")
	code, _, errOut := ctl(t, dir, "segment", "tiers", "--save", "--today", "2026-11-23")
	if code != exitFailure || !strings.Contains(errOut, "marketing may not change customers' tiers") {
		t.Errorf("marketing saving tiers: exit %d %q", code, errOut)
	}
	loginAs(t, dir, "u-lan", app.RoleAgent, "o-hn")
	if out := mustCtl(t, dir, "segment", "tiers", "--save", "--today", "2026-11-23"); !strings.Contains(out, "3 customer(s) updated") {
		t.Errorf("tiers --save:\n%s", out)
	}
	if out := mustCtl(t, dir, "segment", "tiers", "--save", "--today", "2026-11-23"); !strings.Contains(out, "0 customer(s) updated") {
		t.Errorf("tiers --save again:\n%s", out)
	}
	out = mustCtl(t, dir, "segment", "find", "--tier", "new", "--today", "2026-11-23")
	if !strings.Contains(out, "cust-b  Bình  new") || !strings.Contains(out, "cust-c  Chi   new") || !strings.Contains(out, "2 customer(s) in \"(unsaved)\" (tier new)") {
		t.Errorf("segment find --tier new:\n%s", out)
	}
	failCtl(t, dir, "segments.0.tiers.0", "segment", "find", "--tier", "gold")
	code, _, errOut = ctl(t, dir, "segment", "save", "VIP & new", "--tier", "vip2")
	if code != exitFailure || !strings.Contains(errOut, "may not change the segments") {
		t.Errorf("agent saving a segment: exit %d %q", code, errOut)
	}
	if out := mustCtl(t, dir, "customer", "tag", "cust-a", "--add", "VIP", "--add", "khách quen"); out != "cust-a\tAn\tVIP, khách quen\n" {
		t.Errorf("customer tag: %q", out)
	}
	if out := mustCtl(t, dir, "customer", "tag", "cust-a", "--remove", "vip"); out != "cust-a\tAn\tkhách quen\n" {
		t.Errorf("customer tag --remove: %q", out)
	}

	loginAs(t, dir, "u-mkt", app.RoleMarketing, "")
	code, _, errOut = ctl(t, dir, "segment", "rules", "--reset")
	if code != exitFailure || !strings.Contains(errOut, "marketing may not change the segmentation") {
		t.Errorf("marketing setting rules: exit %d %q", code, errOut)
	}
	out = mustCtl(t, dir, "segment", "save", "VIP & new", "--tier", "VIP2", "--tier", "new", "--consent")
	if out != "segment \"VIP & new\" saved: tier vip2 or new; marketing consent\n" {
		t.Errorf("segment save: %q", out)
	}
	failCtl(t, dir, "segments.1.abc.0", "segment", "save", "Bad", "--abc", "D")
	if out := mustCtl(t, dir, "segment", "list"); !strings.Contains(out, "VIP & new") || strings.Contains(out, "Bad") {
		t.Errorf("segment list:\n%s", out)
	}
	var members []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "segment", "members", "vip & new", "--json", "--today", "2026-11-23")), &members); err != nil {
		t.Fatal(err)
	}
	if len(members) != 2 || members[0].Name != "An" || members[1].Name != "Bình" {
		t.Errorf("members %+v (Chi has no consent)", members)
	}
	id := strings.Fields(mustCtl(t, dir, "campaign", "add", "--name", "VIP tri ân", "--channel", "email", "--cost", "2.000.000"))[0]
	out = mustCtl(t, dir, "segment", "targets", "VIP & new", "--campaign", id, "--today", "2026-11-23")
	if !strings.Contains(out, "2 customer(s); 2 added to campaign "+id+"'s target list (now 2)") {
		t.Errorf("segment targets:\n%s", out)
	}
	failCtl(t, dir, "not found", "segment", "targets", "nope", "--campaign", id)
	failCtl(t, dir, "--campaign is required", "segment", "targets", "VIP & new")

	var st segment.CampaignStats
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "campaign", "stats", "camp-tet", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	want := segment.CampaignStats{CampaignID: "camp-tet", Name: "Tết 2026", Channel: app.ChannelZalo, Status: app.CampaignDraft, Currency: "VND",
		Cost: 5_000_000, Targets: 1, Leads: 1, Requests: 1, Bookings: 1, Customers: 1, Revenue: 40_000_000,
		LeadRateBP: 10000, CustomerRateBP: 10000, ROIBP: 70000, HasROI: true}
	if st != want {
		t.Errorf("campaign stats\n got %+v\nwant %+v", st, want)
	}
	if out := mustCtl(t, dir, "campaign", "stats", "camp-tet"); !strings.Contains(out, "700.00%") || !strings.Contains(out, "40.000.000 ₫") {
		t.Errorf("campaign stats text:\n%s", out)
	}
	if out := mustCtl(t, dir, "campaign", "stats"); !strings.Contains(out, "VIP tri ân") || !strings.Contains(out, "Tết 2026") {
		t.Errorf("all campaigns:\n%s", out)
	}
	failCtl(t, dir, "not found", "campaign", "stats", "nope")
	if out := mustCtl(t, dir, "segment", "delete", "vip & new"); !strings.Contains(out, "deleted") {
		t.Errorf("segment delete: %q", out)
	}
}
