package bookings

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/demodb"
)

// benchStore opens a copy of the demo data set of BENCH_CUSTOMERS
// customers (default 100,000; seed 1, today 2026-11-23), built once by
// localdb/demodb (the same data set as the service's care benchmarks, so
// either builds it for both).
func benchStore(b *testing.B) *localdb.Store {
	b.Helper()
	return demodb.OpenCopy(b, demodb.Path(b, demodb.Spec{Customers: demodb.Customers(b, "BENCH_CUSTOMERS", 100000), Seed: 1}))
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
