package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/localdb"
)

// benchStore opens the demo data set of REPORT_BENCH_CUSTOMERS customers
// (default 100,000; seed 1, today 2026-11-23: what `tourdeskctl demo
// --customers 100000 --today 2026-11-23` writes), built once in
// os.TempDir()/tourdesk-report-bench-<customers>-seed1 and reused by later
// runs (a "complete" marker is written after the last batch). Building
// 100,000 takes 1.5–3 minutes. REPORT_BENCH_DB names an existing store file
// to use instead (e.g. one tourdeskctl demo wrote).
func benchStore(b *testing.B) *localdb.Store {
	b.Helper()
	path := os.Getenv("REPORT_BENCH_DB")
	if path == "" {
		n := 100000
		if v := os.Getenv("REPORT_BENCH_CUSTOMERS"); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil || n <= 0 {
				b.Fatalf("REPORT_BENCH_CUSTOMERS=%q", v)
			}
		}
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("tourdesk-report-bench-%d-seed1", n))
		path = filepath.Join(dir, "store.db")
		marker := filepath.Join(dir, "complete")
		if _, err := os.Stat(marker); err != nil {
			os.RemoveAll(dir)
			s, err := localdb.Open(path, localdb.Options{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("building the %d-customer demo store in %s (once)", n, dir)
			if _, err := demo.Generate(s, demo.Options{Customers: n, Seed: 1, Now: demo.DefaultNow}, nil); err != nil {
				b.Fatal(err)
			}
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(marker, nil, 0o600); err != nil {
				b.Fatal(err)
			}
		}
	}
	s, err := localdb.Open(path, localdb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkReports runs every report over the demo data set for the year
// 2026 (the demo's bookings run from mid-2025 to mid-2027), each from a
// cold start: no cache survives between runs, as in `tourdeskctl report`.
func BenchmarkReports(b *testing.B) {
	s := benchStore(b)
	p := Year(2026)
	today := app.Date{Year: 2026, Month: 11, Day: 23}
	for _, info := range List() {
		b.Run(info.Name, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				t, err := Run(s, info.Name, Options{Period: p, Today: today})
				if err != nil {
					b.Fatal(err)
				}
				rows = len(t.Rows)
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
