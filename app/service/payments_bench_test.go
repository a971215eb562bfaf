package service_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// moneyBenchStore opens the store MONEY_BENCH_DB names, else the report
// benchmarks' 100,000-customer store (os.TempDir()/
// tourdesk-report-bench-100000-seed1/store.db, built by `go test
// ./app/report -bench Reports`: demo data plus service orders, expenses,
// supplier payments, incidents and settled departures); the benchmark is
// skipped when neither exists. The store is only read.
func moneyBenchStore(b *testing.B) *localdb.Store {
	b.Helper()
	path := os.Getenv("MONEY_BENCH_DB")
	if path == "" {
		dir := filepath.Join(os.TempDir(), "tourdesk-report-bench-100000-seed1")
		if _, err := os.Stat(filepath.Join(dir, "complete")); err != nil {
			b.Skip("no benchmark store: set MONEY_BENCH_DB or run go test ./app/report -bench Reports once")
		}
		path = filepath.Join(dir, "store.db")
	}
	s, err := localdb.Open(path, localdb.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

var moneyBenchToday = app.Date{Year: 2026, Month: 11, Day: 23}

// moneyCPU starts measuring the process's CPU time; the function it
// returns, deferred, reports it per run as cpu-ms/op (the shared build
// machine's ns/op counts the wait for a core too).
func moneyCPU(b *testing.B) func() {
	start := moneyCPUTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((moneyCPUTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
		}
	}
}

// BenchmarkReceivables is the receivables report (tourdeskctl
// receivables, the Payments area) over every booking.
func BenchmarkReceivables(b *testing.B) {
	s := moneyBenchStore(b)
	p := service.NewPayments(s, service.Session{})
	defer moneyCPU(b)()
	for b.Loop() {
		rep, err := p.Receivables(moneyBenchToday)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(rep.Customers)), "customers")
	}
}

// BenchmarkPayables is the supplier payables report over every service
// order.
func BenchmarkPayables(b *testing.B) {
	s := moneyBenchStore(b)
	defer moneyCPU(b)()
	for b.Loop() {
		rep, err := service.PayablesReport(s, moneyBenchToday)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(rep.Partners)), "partners")
	}
}

// BenchmarkSettlementOfEach works out every departure's settlement one
// by one (SettlementOf in one transaction).
func BenchmarkSettlementOfEach(b *testing.B) {
	s := moneyBenchStore(b)
	ids, err := s.SortedIDs(app.KindDeparture)
	if err != nil {
		b.Fatal(err)
	}
	defer moneyCPU(b)()
	for b.Loop() {
		err := s.View(func(r service.Reader) error {
			for _, id := range ids {
				if _, err := service.SettlementOf(r, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ids)), "departures")
}

// BenchmarkSettlements works out every departure's settlement at once
// (Settlements: one pass over bookings and payments).
func BenchmarkSettlements(b *testing.B) {
	s := moneyBenchStore(b)
	ids, err := s.SortedIDs(app.KindDeparture)
	if err != nil {
		b.Fatal(err)
	}
	defer moneyCPU(b)()
	for b.Loop() {
		all, err := service.Settlements(s, ids)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range all {
			if d.Err != nil {
				b.Fatal(d.Err)
			}
		}
	}
	b.ReportMetric(float64(len(ids)), "departures")
}
