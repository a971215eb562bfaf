package segment_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

func openStore(t testing.TB) *localdb.Store {
	t.Helper()
	s, err := localdb.Open(filepath.Join(t.TempDir(), "test.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func put(t testing.TB, s service.Store, id string, e app.Entity) {
	t.Helper()
	if err := s.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, id, e)
		return err
	}); err != nil {
		t.Fatalf("save %s %s: %v", e.Kind(), id, err)
	}
}

func day(s string) app.Date {
	d, err := app.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var bookingSeq = 0

// sale stores a booking of customer for one adult at price, booked on on.
func sale(t testing.TB, s service.Store, customer string, price money.Money, status app.BookingStatus, on, campaign string) string {
	t.Helper()
	bookingSeq++
	id := "bk-" + customer + "-" + on + "-" + string(status)
	b := &app.Booking{
		Code: app.BookingCode(2026, bookingSeq), CustomerID: customer, OwnerID: "u-lan", CampaignID: campaign,
		Destination: "Đà Nẵng", StartDate: day(on).AddDays(20), EndDate: day(on).AddDays(23), Currency: price.Currency,
		Lines:  []app.PriceLine{{Description: "Tour", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: price}},
		Status: status, BookedOn: day(on),
	}
	if status == app.BookingCancelled || status == app.BookingLost {
		b.Reason = "changed plans"
	}
	put(t, s, id, b)
	return id
}

func vnd(millions int64) money.Money { return money.New(millions*1_000_000, "VND") }

// world is the hand-built data set of these tests (today 2026-11-23,
// default currency VND, 1 USD = 25,000 VND):
//
//	customer     sold bookings (booked on: total)                     other
//	cust-a An    2025-06-01 50M, 2026-03-01 60M, 2026-10-01 100M      consent
//	cust-b Bình  2026-11-10 40M (from camp-tet's window)               consent, brought by camp-tet
//	cust-c Chi   2026-06-15 20M (deposit)                              a cancelled 30M on 2026-07-01; no consent
//	cust-d Dũng  2026-02-01 10M, 2026-08-01 10M                        on camp-tet's target list
//	cust-e Em    2026-01-10 400 USD = 10M (source campaign camp-tet)   consent; 10,000 RUB (no rate: left out)
//	cust-f Phúc  2024-05-01 8M                                         a lost 2026 inquiry
//	cust-g Giang none                                                  lead brought by camp-tet, a lost request
//	cust-h Hải   2025-01-05, 2025-02-05, 2025-12-05 5M each
//	cust-t1      none                                                  target brought by camp-tet
//	cust-t2      none                                                  target, no campaign, tagged "hn-list"
func world(t testing.TB) *localdb.Store {
	s := openStore(t)
	put(t, s, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND",
		ExchangeRates: []app.ExchangeRate{{Currency: "USD", Rate: "25000"}}})
	put(t, s, "camp-tet", &app.Campaign{Name: "Tết 2026", Channel: app.ChannelFacebook, Cost: vnd(5),
		StartDate: day("2026-01-01"), EndDate: day("2026-06-30"), TargetIDs: []string{"cust-d"}})
	cust := func(id, name string, stage app.Stage, consent bool, campaign string, tags ...string) {
		put(t, s, id, &app.Customer{Name: name, Stage: stage, MarketingConsent: consent, CampaignID: campaign,
			OwnerID: "u-lan", Tags: tags, Region: "North"})
	}
	cust("cust-a", "An", app.StageCustomer, true, "")
	cust("cust-b", "Bình", app.StageCustomer, true, "camp-tet")
	cust("cust-c", "Chi", app.StageCustomer, false, "")
	cust("cust-d", "Dũng", app.StageCustomer, false, "")
	cust("cust-e", "Em", app.StageCustomer, true, "")
	cust("cust-f", "Phúc", app.StageCustomer, false, "")
	cust("cust-g", "Giang", app.StageLead, true, "camp-tet")
	cust("cust-h", "Hải", app.StageCustomer, true, "")
	cust("cust-t1", "Tâm", app.StageTarget, true, "camp-tet")
	cust("cust-t2", "Thảo", app.StageTarget, true, "", "hn-list")

	sale(t, s, "cust-a", vnd(50), app.BookingCompleted, "2025-06-01", "")
	sale(t, s, "cust-a", vnd(60), app.BookingCompleted, "2026-03-01", "")
	sale(t, s, "cust-a", vnd(100), app.BookingCompleted, "2026-10-01", "")
	sale(t, s, "cust-b", vnd(40), app.BookingPaid, "2026-11-10", "")
	sale(t, s, "cust-c", vnd(20), app.BookingDeposit, "2026-06-15", "")
	sale(t, s, "cust-c", vnd(30), app.BookingCancelled, "2026-07-01", "")
	sale(t, s, "cust-d", vnd(10), app.BookingCompleted, "2026-02-01", "")
	sale(t, s, "cust-d", vnd(10), app.BookingCompleted, "2026-08-01", "")
	sale(t, s, "cust-e", money.New(400_00, "USD"), app.BookingCompleted, "2026-01-10", "camp-tet")
	sale(t, s, "cust-f", vnd(8), app.BookingCompleted, "2024-05-01", "")
	sale(t, s, "cust-f", vnd(9), app.BookingLost, "2026-04-01", "")
	sale(t, s, "cust-g", vnd(12), app.BookingLost, "2026-08-01", "")
	sale(t, s, "cust-h", vnd(5), app.BookingCompleted, "2025-01-05", "")
	sale(t, s, "cust-h", vnd(5), app.BookingCompleted, "2025-02-05", "")
	sale(t, s, "cust-h", vnd(5), app.BookingCompleted, "2025-12-05", "")
	// No rate for roubles: left out of every figure, counted in NoRate.
	sale(t, s, "cust-e", money.New(10_000_00, "RUB"), app.BookingCompleted, "2026-05-05", "")
	return s
}

var today = day("2026-11-23")

// plainStore hides localdb's ScanFields: LoadFacts reads by id.
type plainStore struct{ service.Store }

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]string{
		"2026":                   "2026-01-01..2026-12-31",
		"2026-Q3":                "2026-07-01..2026-09-30",
		"2026-q1":                "2026-01-01..2026-03-31",
		"2026-02":                "2026-02-01..2026-02-28",
		"2026-01-15..2026-03-02": "2026-01-15..2026-03-02",
		"12m":                    "2025-11-24..2026-11-23",
		"1m":                     "2026-10-24..2026-11-23",
	} {
		p, err := segment.ParsePeriod(in, today)
		if err != nil || p.String() != want {
			t.Errorf("ParsePeriod(%q) = %s, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"", "26", "2026-Q5", "2026-13", "2026-03-01..2026-01-01", "0m", "soon"} {
		if _, err := segment.ParsePeriod(bad, today); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}

// ABC by revenue over 2026: An 160M, Bình 40M, Chi 20M, Dũng 20M, Em 10M
// (total 250M; Chi's cancelled booking, Phúc's lost one and 2025's sales
// are out). An opens at 0% → A; Bình has 160M = 64% before him → A; Chi
// 200M = 80% before her, not below 80% → B; Dũng (after Chi by id) 88% →
// B; Em 96% → C.
func TestABC(t *testing.T) {
	s := world(t)
	p, _ := segment.ParsePeriod("2026", today)
	res, err := segment.ABC(s, p, segment.ByRevenue)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id    string
		value int64
		cum   int64
		class string
	}
	want := []row{
		{"cust-a", 160_000_000, 6400, "A"},
		{"cust-b", 40_000_000, 8000, "A"},
		{"cust-c", 20_000_000, 8800, "B"},
		{"cust-d", 20_000_000, 9600, "B"},
		{"cust-e", 10_000_000, 10000, "C"},
	}
	var got []row
	for _, r := range res.Rows {
		got = append(got, row{r.CustomerID, r.Value, r.CumulativeBP, r.Class})
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n got %v\nwant %v", got, want)
	}
	if res.Total != 250_000_000 || res.Currency != "VND" || res.NoRate != 1 {
		t.Errorf("total %d %s, no rate %d; want 250000000 VND, 1", res.Total, res.Currency, res.NoRate)
	}
	if res.Counts["A"] != 2 || res.Counts["B"] != 2 || res.Counts["C"] != 1 ||
		res.Values["A"] != 200_000_000 || res.Values["B"] != 40_000_000 || res.Values["C"] != 10_000_000 {
		t.Errorf("counts %v values %v", res.Counts, res.Values)
	}
	if res.Class("cust-f") != "" {
		t.Error("a customer with no purchase in the period is classed")
	}
	// A store without ScanFields is read by id, with the same result.
	slow, err := segment.ABC(plainStore{s}, p, segment.ByRevenue)
	if err != nil || !reflect.DeepEqual(slow, res) {
		t.Errorf("read by id: %+v, %v\nwant %+v", slow, err, res)
	}

	// By trips: An 2, Dũng 2, Bình 1, Chi 1, Em 1 (7 in all). Before each:
	// 0, 2, 4, 5 trips (below 80% of 7 = 5.6) → A; Em 6 (below 6.65) → B.
	res, err = segment.ABC(s, p, segment.ByTrips)
	if err != nil {
		t.Fatal(err)
	}
	var ids, classes []string
	for _, r := range res.Rows {
		ids, classes = append(ids, r.CustomerID), append(classes, r.Class)
	}
	if !slices.Equal(ids, []string{"cust-a", "cust-d", "cust-b", "cust-c", "cust-e"}) ||
		!slices.Equal(classes, []string{"A", "A", "A", "A", "B"}) || res.Total != 7 {
		t.Errorf("by trips: %v %v total %d", ids, classes, res.Total)
	}
}

// RFM over 2026 (to 2026-12-31): recency An 91 days, Bình 51, Chi 199,
// Dũng 152, Em 355; frequency 2, 1, 1, 2, 1; monetary 160M, 40M, 20M,
// 20M, 10M. Score 1 + ⌊5k/5⌋ with k the customers strictly worse:
// R: Bình 5, An 4, Dũng 3, Chi 2, Em 1; F: the two with 2 trips have 3
// below → 4, the rest 1; M: An 5, Bình 4, Chi and Dũng (Em below) 2, Em 1.
func TestRFM(t *testing.T) {
	s := world(t)
	p, _ := segment.ParsePeriod("2026", today)
	res, err := segment.RFM(s, p)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id       string
		days, fr int
		mon      int64
		score    string
	}
	want := []row{
		{"cust-b", 51, 1, 40_000_000, "514"},
		{"cust-a", 91, 2, 160_000_000, "445"},
		{"cust-d", 152, 2, 20_000_000, "342"},
		{"cust-c", 199, 1, 20_000_000, "212"},
		{"cust-e", 355, 1, 10_000_000, "111"},
	}
	var got []row
	for _, r := range res.Rows {
		got = append(got, row{r.CustomerID, r.RecencyDays, r.Frequency, r.Monetary, r.Score()})
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n got %v\nwant %v", got, want)
	}
	if res.Counts["F"] != [6]int{0, 3, 0, 0, 2, 0} {
		t.Errorf("F counts %v", res.Counts["F"])
	}
}

// Tiers on 2026-11-23 with the default rules: An has 210M in the last 24
// months → VIP2; Hải 3 trips in 24 months → VIP3; Dũng 2 trips → loyal;
// Bình, Chi, Em a first trip within 12 months → new; Phúc one trip in
// 2024 → regular; Giang and the targets none.
func TestTiers(t *testing.T) {
	s := world(t)
	want := map[string]app.CustomerTier{
		"cust-a": app.TierVIP2, "cust-h": app.TierVIP3, "cust-d": app.TierLoyal,
		"cust-b": app.TierNew, "cust-c": app.TierNew, "cust-e": app.TierNew, "cust-f": app.TierRegular,
	}
	res, err := segment.Tiers(s, today)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]app.CustomerTier{}
	for _, r := range res.Rows {
		got[r.CustomerID] = r.Tier
	}
	if len(got) != len(want) {
		t.Errorf("tiers %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: tier %q, want %q", id, got[id], w)
		}
	}
	if res.Rows[0].CustomerID != "cust-a" || res.Rows[0].Revenue != 210_000_000 || res.Rows[0].Trips != 3 {
		t.Errorf("first row %+v", res.Rows[0])
	}
	if res.Counts[app.TierNew] != 3 || res.Changed != 7 {
		t.Errorf("counts %v changed %d", res.Counts, res.Changed)
	}

	// Stored: the first save writes the 7, the second nothing.
	if res, err = segment.SaveTiers(s, today); err != nil || res.Changed != 7 {
		t.Fatalf("SaveTiers: changed %v, %v", res, err)
	}
	if res, err = segment.SaveTiers(s, today); err != nil || res.Changed != 0 {
		t.Fatalf("SaveTiers again: %+v, %v", res, err)
	}
	if ids, _ := s.Lookup(app.KindCustomer, "tier", "new"); !slices.Equal(ids, []string{"cust-b", "cust-c", "cust-e"}) {
		t.Errorf("customers of tier new: %v", ids)
	}
	counts, err := segment.StoredTierCounts(s)
	if err != nil || counts[app.TierNone] != 3 || counts[app.TierVIP2] != 1 || counts[app.TierVIP1] != 0 {
		t.Errorf("stored counts %v, %v", counts, err)
	}

	// Two years later An's trips have left the 24-month window but two
	// are within 36 months (2026-03-01, 2026-10-01): loyal.
	res, err = segment.Tiers(s, day("2028-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows {
		if r.CustomerID == "cust-a" && (r.Tier != app.TierLoyal || r.Stored != app.TierVIP2) {
			t.Errorf("An in 2028: %+v", r)
		}
	}

	// Custom rules from the settings: VIP1 needs 150M AND 2 trips in 12
	// months (An: 160M, 2 trips), everyone else with a trip is regular.
	put(t, s, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND",
		ExchangeRates: []app.ExchangeRate{{Currency: "USD", Rate: "25000"}},
		Segmentation: &app.SegmentRules{Tiers: []app.TierRule{
			{Tier: app.TierVIP1, Months: 12, MinRevenue: vnd(150), MinTrips: 2, All: true},
			{Tier: app.TierRegular, MinTrips: 1},
		}}})
	res, err = segment.Tiers(s, today)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts[app.TierVIP1] != 1 || res.Counts[app.TierRegular] != 6 || res.Rows[0].CustomerID != "cust-a" {
		t.Errorf("custom rules: counts %v, first %+v", res.Counts, res.Rows[0])
	}
}

// camp-tet (cost 5M, 2026-01-01..06-30, window to 2026-12-27): targets
// Bình, Giang, Tâm (brought in) and Dũng (its list) = 4; leads Bình and
// Giang (past target) and Em (her booking names the campaign) = 3;
// requests Em's, Bình's (no campaign of its own, in the window) and
// Giang's lost one = 3; bookings 2 by 2 customers; revenue 10M + 40M =
// 50M; ROI (50 − 5)/5 = 900%; leads/targets 75%, customers/leads 66.67%;
// no settled departure, so no profit ROI.
func TestCampaignStats(t *testing.T) {
	s := world(t)
	st, err := segment.CampaignStatsOf(s, "camp-tet")
	if err != nil {
		t.Fatal(err)
	}
	want := segment.CampaignStats{CampaignID: "camp-tet", Name: "Tết 2026", Channel: app.ChannelFacebook, Status: app.CampaignDraft,
		Currency: "VND", Cost: 5_000_000, Targets: 4, Leads: 3, Requests: 3, Bookings: 2, Customers: 2,
		Revenue: 50_000_000, LeadRateBP: 7500, CustomerRateBP: 6667, ROIBP: 90000, HasROI: true}
	if *st != want {
		t.Errorf("stats\n got %+v\nwant %+v", *st, want)
	}
	if segment.FormatBP(st.ROIBP) != "900.00%" || segment.FormatBP(-1234) != "-12.34%" {
		t.Errorf("FormatBP: %s", segment.FormatBP(st.ROIBP))
	}
	if _, err := segment.CampaignStatsOf(s, "nope"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown campaign: %v", err)
	}
	all, err := segment.AllCampaignStats(s)
	if err != nil || len(all) != 1 || all[0].Revenue != 50_000_000 {
		t.Errorf("AllCampaignStats: %v, %v", all, err)
	}
}

// Saved segments: VIP2 or new with consent is An, Bình, Em (Chi has no
// consent); lapsed (last trip before 2026: Phúc's 2024-05-21, Hải's
// 2025-12-25 start dates) is Phúc and Hải; class A of the last 12 months
// by revenue (An 160M, Bình 40M, Chi 20M, Dũng 20M, Em 10M, Hải 5M: 255M;
// Chi has 200M = 78.4% before her) is An, Bình, Chi.
func TestSegmentsAndTargets(t *testing.T) {
	s := world(t)
	if _, err := segment.SaveTiers(s, today); err != nil {
		t.Fatal(err)
	}
	for _, g := range []app.SavedSegment{
		{Name: "VIP & new", Tiers: []app.CustomerTier{app.TierVIP2, app.TierNew}, Consent: true},
		{Name: "Lapsed", LastTripBefore: day("2026-01-01")},
		{Name: "Top A", ABC: []string{"A"}},
		{Name: "HN list", Tags: []string{"hn-list"}, Stages: []app.Stage{app.StageTarget}},
	} {
		if err := segment.SaveSegment(s, g); err != nil {
			t.Fatal(err)
		}
	}
	// Saving a segment under an existing name (any case) replaces it.
	if err := segment.SaveSegment(s, app.SavedSegment{Name: "lapsed", LastTripBefore: day("2025-01-01")}); err != nil {
		t.Fatal(err)
	}
	var bad *app.ValidationError
	if err := segment.SaveSegment(s, app.SavedSegment{Name: "x", ABC: []string{"D"}}); !errors.As(err, &bad) || bad.Problems[0].Field != "segments.4.abc.0" {
		t.Errorf("a segment with class D: %v", err)
	}
	members := func(name string) []string {
		t.Helper()
		var g app.SavedSegment
		_ = s.View(func(r service.Reader) error {
			var err error
			g, err = segment.FindSegment(r, name)
			if err != nil {
				t.Fatal(err)
			}
			return nil
		})
		ids, err := segment.Members(s, g, today)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := members("VIP & NEW"); !slices.Equal(got, []string{"cust-a", "cust-b", "cust-e"}) {
		t.Errorf("VIP & new: %v", got)
	}
	if got := members("Lapsed"); !slices.Equal(got, []string{"cust-f"}) {
		t.Errorf("lapsed before 2025: %v", got)
	}
	if err := segment.SaveSegment(s, app.SavedSegment{Name: "Lapsed", LastTripBefore: day("2026-01-01")}); err != nil {
		t.Fatal(err)
	}
	if got := members("Lapsed"); !slices.Equal(got, []string{"cust-h", "cust-f"}) {
		t.Errorf("lapsed before 2026: %v (by name: Hải, Phúc)", got)
	}
	if got := members("Top A"); !slices.Equal(got, []string{"cust-a", "cust-b", "cust-c"}) {
		t.Errorf("top A: %v", got)
	}

	// A target list for a new campaign from "VIP & new", then from "HN
	// list": Thảo is a target with no campaign, so she becomes the
	// campaign's (and shows in its targets for agents).
	put(t, s, "camp-vip", &app.Campaign{Name: "VIP tri ân", Channel: app.ChannelEmail})
	tl, err := segment.MakeTargets(s, "vip & new", "camp-vip", today)
	if err != nil || tl.Members != 3 || tl.Added != 3 || tl.Total != 3 || tl.NoConsent != 0 || tl.Claimed != 0 {
		t.Fatalf("MakeTargets: %+v, %v", tl, err)
	}
	if tl, err = segment.MakeTargets(s, "vip & new", "camp-vip", today); err != nil || tl.Added != 0 || tl.Total != 3 {
		t.Fatalf("MakeTargets again: %+v, %v", tl, err)
	}
	if tl, err = segment.MakeTargets(s, "HN list", "camp-vip", today); err != nil || tl.Added != 1 || tl.Claimed != 1 || tl.Total != 4 {
		t.Fatalf("MakeTargets HN list: %+v, %v", tl, err)
	}
	c, _ := service.Load[app.Campaign](s, "camp-vip")
	if !slices.Equal(c.TargetIDs, []string{"cust-a", "cust-b", "cust-e", "cust-t2"}) || c.Segment != "Segment: VIP & new" {
		t.Errorf("campaign after: %v %q", c.TargetIDs, c.Segment)
	}
	if ids, err := service.NewTargets(s, service.Session{}).CampaignTargets("camp-vip"); err != nil || !slices.Equal(ids, []string{"cust-t2"}) {
		t.Errorf("campaign targets for agents: %v, %v", ids, err)
	}
	st, err := segment.CampaignStatsOf(s, "camp-vip")
	if err != nil || st.Targets != 4 || st.Leads != 0 || st.HasROI {
		t.Errorf("camp-vip stats %+v, %v", st, err)
	}
	if _, err := segment.MakeTargets(s, "nope", "camp-vip", today); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown segment: %v", err)
	}
	if err := segment.DeleteSegment(s, "top a"); err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(r service.Reader) error {
		if n := len(segment.Segments(r)); n != 3 {
			t.Errorf("%d segments after delete", n)
		}
		return nil
	})
}

// A campaign whose only sold booking is on a settled departure has a
// profit ROI: camp-hl (cost 2M, September 2026) brought Phương in; her
// booking (no campaign of its own, booked 2026-09-10: in the window) is 2
// adults × 10M = 20M, paid in full, on a departure whose one service
// order cost 6M. Settlement: revenue 20M − 6M = 14M profit. ROI (20M −
// 2M)/2M = 900%; profit ROI (14M − 2M)/2M = 600%.
func TestCampaignProfitROI(t *testing.T) {
	s := openStore(t)
	put(t, s, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND"})
	put(t, s, "camp-hl", &app.Campaign{Name: "Hạ Long thu", Channel: app.ChannelSMS, Cost: vnd(2),
		StartDate: day("2026-09-01"), EndDate: day("2026-09-30")})
	put(t, s, "cust-p", &app.Customer{Name: "Phương", OwnerID: "u-lan", Stage: app.StageCustomer, CampaignID: "camp-hl"})
	put(t, s, "tour-hl", &app.Tour{Code: "HLB-3D", Name: "Hạ Long 3 ngày", Days: 3, Nights: 2, PriceAdult: vnd(10)})
	put(t, s, "dep-hl", &app.Departure{TourID: "tour-hl", Code: "HLB-0110", StartDate: day("2026-10-01"), EndDate: day("2026-10-03"),
		Capacity: 20, Status: app.DepartureCompleted})
	put(t, s, "bk-p", &app.Booking{Code: app.BookingCode(2026, 900), CustomerID: "cust-p", OwnerID: "u-lan", DepartureID: "dep-hl",
		StartDate: day("2026-10-01"), EndDate: day("2026-10-03"), Currency: "VND", Status: app.BookingCompleted, BookedOn: day("2026-09-10"),
		Lines: []app.PriceLine{{Description: "Người lớn", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: vnd(10)}}})
	put(t, s, "pay-p", &app.Payment{BookingID: "bk-p", CustomerID: "cust-p", Type: app.PaymentDeposit, Method: app.MethodCash,
		Amount: vnd(20), ReceivedBy: "u-lan", Date: day("2026-09-12")})
	put(t, s, "so-hl", &app.ServiceOrder{DepartureID: "dep-hl", PartnerID: "p-coach", Service: "Xe 29 chỗ", Quantity: 1,
		UnitCost: vnd(6), Status: app.OrderConfirmed, ConfirmationNumber: "XE-123"})

	st, err := segment.CampaignStatsOf(s, "camp-hl")
	if err != nil {
		t.Fatal(err)
	}
	if st.Revenue != 20_000_000 || st.ProfitBookings != 0 || st.HasProfitROI || st.ROIBP != 90000 {
		t.Errorf("before settling: %+v", st)
	}
	// A departure marked settled with no frozen figures is recomputed.
	dep, err := service.Load[app.Departure](s, "dep-hl")
	if err != nil {
		t.Fatal(err)
	}
	dep.Status = app.DepartureSettled
	other := openStore(t)
	for id, e := range map[string]app.Entity{app.CompanySettingsID: &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND"}, "dep-hl": dep} {
		put(t, other, id, e)
	}
	copyRecords(t, s, other, "camp-hl", "cust-p", "tour-hl", "bk-p", "pay-p", "so-hl")
	if st, err = segment.CampaignStatsOf(other, "camp-hl"); err != nil || st.Profit != 14_000_000 || st.ProfitROIBP != 60000 {
		t.Errorf("settled, recomputed: %+v, %v", st, err)
	}

	if _, err := service.Settle(s, service.Session{}, "dep-hl", day("2026-10-05"), ""); err != nil {
		t.Fatal(err)
	}
	if st, err = segment.CampaignStatsOf(s, "camp-hl"); err != nil {
		t.Fatal(err)
	}
	if st.Profit != 14_000_000 || st.ProfitBookings != 1 || !st.HasProfitROI || st.ProfitROIBP != 60000 || st.ROIBP != 90000 {
		t.Errorf("after settling: %+v", st)
	}
	// Marketing's store holds no payments or service orders: the figures
	// frozen on the departure give the same profit.
	mkt := openStore(t)
	copyRecords(t, s, mkt, "camp-hl", "cust-p", "tour-hl", "dep-hl", "bk-p")
	put(t, mkt, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND"})
	if st, err = segment.CampaignStatsOf(mkt, "camp-hl"); err != nil || st.Profit != 14_000_000 || st.ProfitROIBP != 60000 {
		t.Errorf("marketing's store: %+v, %v", st, err)
	}
}

// copyRecords copies the live records ids (of any kind) from one store to
// another, as a sync would bring them.
func copyRecords(t *testing.T, from, to *localdb.Store, ids ...string) {
	t.Helper()
	for _, id := range ids {
		found := false
		for _, info := range app.Kinds() {
			rec, err := from.Get(info.Kind, id)
			if err != nil || rec.IsDeleted() {
				continue
			}
			if _, _, err := to.ApplyRemote([]record.Record{rec}); err != nil {
				t.Fatal(err)
			}
			found = true
		}
		if !found {
			t.Fatalf("no record %s", id)
		}
	}
}
