package segment_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/demodb"
)

// The benchmarks run over demo data: SEGMENT_DEMO names a data directory
// filled by `tourdeskctl --data DIR demo --customers 100000 --today
// 2026-11-23` (its default.db is opened, not changed); without it a
// 2,000-customer demo store (seed 0) is built once by demodb and reused
// by later runs. See docs/PERFORMANCE.md, "Segmentation".
var (
	benchOnce  sync.Once
	benchStore *localdb.Store
	benchErr   error
)

func demoStore(b *testing.B) *localdb.Store {
	b.Helper()
	benchOnce.Do(func() {
		if dir := os.Getenv("SEGMENT_DEMO"); dir != "" {
			benchStore, benchErr = localdb.Open(filepath.Join(dir, "default.db"), localdb.Options{NoSync: true})
			return
		}
		// Opened here rather than with demodb.Open: the store outlives the
		// first benchmark, shared by all of them.
		path := demodb.Path(b, demodb.Spec{Customers: 2000})
		benchStore, benchErr = localdb.Open(path, localdb.Options{NoSync: true})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	if benchStore == nil { // demodb.Path failed the first benchmark
		b.Fatal("no demo store")
	}
	b.Cleanup(func() {
		n, _ := benchStore.Count(app.KindCustomer)
		bk, _ := benchStore.Count(app.KindBooking)
		b.ReportMetric(float64(n), "customers")
		b.ReportMetric(float64(bk), "bookings")
	})
	return benchStore
}

var benchToday = app.Date{Year: 2026, Month: 11, Day: 23}

// BenchmarkLoadFacts is the scan every analysis starts with: every
// booking read, the sold ones decoded and converted.
func BenchmarkLoadFacts(b *testing.B) {
	s := demoStore(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := segment.LoadFacts(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkABC is segment.ABC by revenue over the last 12 months, scan
// included (what `segment abc` and a report pay).
func BenchmarkABC(b *testing.B) {
	s := demoStore(b)
	p := segment.LastMonths(benchToday, 12)
	b.ResetTimer()
	for b.Loop() {
		res, err := segment.ABC(s, p, segment.ByRevenue)
		if err != nil || len(res.Rows) == 0 {
			b.Fatal(res, err)
		}
	}
}

// BenchmarkRFM is segment.RFM over the last 12 months, scan included.
func BenchmarkRFM(b *testing.B) {
	s := demoStore(b)
	p := segment.LastMonths(benchToday, 12)
	b.ResetTimer()
	for b.Loop() {
		res, err := segment.RFM(s, p)
		if err != nil || len(res.Rows) == 0 {
			b.Fatal(res, err)
		}
	}
}

// BenchmarkTiers is segment.Tiers with the default rules, scan and stored
// tiers included (not SaveTiers, which writes).
func BenchmarkTiers(b *testing.B) {
	s := demoStore(b)
	b.ResetTimer()
	for b.Loop() {
		res, err := segment.Tiers(s, benchToday)
		if err != nil || len(res.Rows) == 0 {
			b.Fatal(res, err)
		}
	}
}

// BenchmarkMembers is a saved segment mixing an indexed condition (tag
// "VIP"), an ABC class and consent: the heaviest kind of filter.
func BenchmarkMembers(b *testing.B) {
	s := demoStore(b)
	g := app.SavedSegment{Name: "VIP A", Tags: []string{"VIP"}, ABC: []string{"A", "B"}, Consent: true}
	b.ResetTimer()
	for b.Loop() {
		if _, err := segment.Members(s, g, benchToday); err != nil {
			b.Fatal(err)
		}
	}
}
