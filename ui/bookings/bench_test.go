package bookings

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// benchStore opens a copy of the demo data set of BENCH_CUSTOMERS
// customers (default 100,000; seed 1, today 2026-11-23), built once in
// os.TempDir()/tourdesk-care-bench-<n>-seed1 (the same data set as the
// service's care benchmarks, so either builds it for both).
func benchStore(b *testing.B) *localdb.Store {
	b.Helper()
	n := 100000
	if v := os.Getenv("BENCH_CUSTOMERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("BENCH_CUSTOMERS=%q", v)
		}
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("tourdesk-care-bench-%d-seed1", n))
	base := filepath.Join(dir, "store.db")
	marker := filepath.Join(dir, "complete")
	if _, err := os.Stat(marker); err != nil {
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			b.Fatal(err)
		}
		s, err := localdb.Open(base, localdb.Options{NoSync: true})
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
	in, err := os.Open(base)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	path := filepath.Join(b.TempDir(), "store.db")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	s, err := localdb.Open(path, localdb.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchSessions are an agent, their manager's office and a director of
// the demo agency.
func benchSessions(b *testing.B, s *localdb.Store) map[string]service.Session {
	b.Helper()
	agents, err := s.Lookup(app.KindUser, "role", string(app.RoleAgent))
	if err != nil || len(agents) == 0 {
		b.Fatalf("no agents in the demo store: %v", err)
	}
	u, err := service.Load[app.User](s, agents[0])
	if err != nil {
		b.Fatal(err)
	}
	return map[string]service.Session{
		"agent":    {UserID: agents[0], OfficeID: u.OfficeID, Role: app.RoleAgent},
		"manager":  {UserID: "manager", OfficeID: u.OfficeID, Role: app.RoleManager},
		"director": {UserID: "director", Role: app.RoleDirector},
	}
}

// BenchmarkListIDs is the Bookings list's first load: the ids in the
// user's scope, latest first.
func BenchmarkListIDs(b *testing.B) {
	s := benchStore(b)
	for _, role := range []string{"agent", "manager", "director"} {
		d := NewData(s, benchSessions(b, s)[role], "bench")
		b.Run(role, func(b *testing.B) {
			n := 0
			for b.Loop() {
				ids, err := d.IDs()
				if err != nil {
					b.Fatal(err)
				}
				n = len(ids)
			}
			b.ReportMetric(float64(n), "bookings")
		})
	}
}

// BenchmarkRowsPage is one page (100 rows) of the list: bookings with
// their customer, trip and money.
func BenchmarkRowsPage(b *testing.B) {
	s := benchStore(b)
	d := NewData(s, benchSessions(b, s)["director"], "bench")
	ids, err := d.IDs()
	if err != nil {
		b.Fatal(err)
	}
	page := ids[:min(len(ids), pageSize)]
	for b.Loop() {
		if _, err := d.Rows(page); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch is the list's search as the user types: a customer's
// name and a booking code.
func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	d := NewData(s, benchSessions(b, s)["agent"], "bench")
	for _, q := range []string{"nguyen", "nguyen van an", "BK-2026-0001"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := d.Search(q, searchLimit); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDepartures is the New booking form's departure menu.
func BenchmarkDepartures(b *testing.B) {
	s := benchStore(b)
	d := NewData(s, benchSessions(b, s)["agent"], "bench")
	for b.Loop() {
		if _, err := d.Departures(app.Date{Year: 2026, Month: 11, Day: 23}, 300); err != nil {
			b.Fatal(err)
		}
	}
}
