package service_test

import (
	"os"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/demodb"
)

// BenchmarkCare: care generation over the demo data set on 2026-11-23 as
// the store's own machine (no role: every customer's tasks), the first
// run (writes the tasks) and a repeated one (finds them all); then the
// Today list of the agent owning the most tasks and the timeline of
// customer 0. CARE_BENCH_TODAY sets another day.
//
//	go test -tags ci,migrated_fynedo -run '^$' -bench BenchmarkCare -benchtime 3x ./app/service/
func BenchmarkCare(b *testing.B) {
	// The demo data set of CARE_BENCH_CUSTOMERS customers (default
	// 100,000; seed 1, today 2026-11-23), built once by demodb. Each run
	// works on a copy: care generation writes tasks.
	base := demodb.Path(b, demodb.Spec{Customers: demodb.Customers(b, "CARE_BENCH_CUSTOMERS", 100000), Seed: 1})
	today := app.DateOf(demo.DefaultNow)
	if v := os.Getenv("CARE_BENCH_TODAY"); v != "" { // e.g. 2027-01-30: Tết greetings
		d, err := app.ParseDate(v)
		if err != nil {
			b.Fatalf("CARE_BENCH_TODAY=%q: %v", v, err)
		}
		today = d
	}
	var s *localdb.Store
	b.Run("generate_first", func(b *testing.B) {
		made := 0
		for b.Loop() {
			b.StopTimer()
			s = demodb.OpenCopy(b, base)
			b.StartTimer()
			res, err := service.NewCare(s, service.Session{}).Generate(today)
			if err != nil {
				b.Fatal(err)
			}
			made = len(res.Created)
		}
		b.ReportMetric(float64(made), "tasks")
	})
	s = demodb.OpenCopy(b, base)
	care := service.NewCare(s, service.Session{})
	first, err := care.Generate(today)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("generate_again", func(b *testing.B) {
		for b.Loop() {
			res, err := care.Generate(today)
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Created) != 0 {
				b.Fatalf("a repeated run made %d tasks", len(res.Created))
			}
		}
	})
	per := map[string]int{}
	for _, t := range first.Created {
		per[t.AssigneeID]++
	}
	busiest := ""
	for u, n := range per {
		if n > per[busiest] || n == per[busiest] && u < busiest {
			busiest = u
		}
	}
	b.Run("due_tasks", func(b *testing.B) {
		n := 0
		for b.Loop() {
			l, err := care.DueTasks(busiest, today.AddDays(7))
			if err != nil {
				b.Fatal(err)
			}
			n = len(l)
		}
		b.ReportMetric(float64(n), "tasks")
	})
	ids, err := s.Search(app.KindCustomer, "0901234567", 1)
	if err != nil || len(ids) == 0 {
		b.Fatalf("customer 0: %v %v", ids, err)
	}
	b.Run("timeline", func(b *testing.B) {
		n := 0
		for b.Loop() {
			tl, err := care.Timeline(ids[0])
			if err != nil {
				b.Fatal(err)
			}
			n = len(tl)
		}
		b.ReportMetric(float64(n), "entries")
	})
}
