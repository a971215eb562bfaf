package pipeline

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb/demodb"
	"github.com/tourdesk/tourdesk/ui/bookings"
)

// BenchmarkLoad is the Pipeline's load: every stage's requests in the
// user's scope (load, shown at once) and their per-currency values
// (loadTotals, shown when done), over a copy of the demo store of
// BENCH_CUSTOMERS customers (default 100,000; seed 1) that localdb/demodb
// builds once for this and the other benchmarks.
func BenchmarkLoad(b *testing.B) {
	s := demodb.OpenCopy(b, demodb.Path(b, demodb.Spec{Customers: demodb.Customers(b, "BENCH_CUSTOMERS", 100000), Seed: 1}))
	agents, _ := s.Lookup(app.KindUser, "role", string(app.RoleAgent))
	if len(agents) == 0 {
		b.Fatal("no agents")
	}
	u, err := service.Load[app.User](s, agents[0])
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		s    service.Session
	}{
		{"agent", service.Session{UserID: agents[0], OfficeID: u.OfficeID, Role: app.RoleAgent}},
		{"manager", service.Session{UserID: "manager", OfficeID: u.OfficeID, Role: app.RoleManager}},
		{"director", service.Session{UserID: "director", Role: app.RoleDirector}},
	} {
		a := &Area{data: bookings.NewData(s, c.s, "bench")}
		b.Run(c.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				stages, err := a.load()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := a.loadTotals(stages); err != nil {
					b.Fatal(err)
				}
				n = 0
				for _, st := range stages {
					n += len(st.IDs)
				}
			}
			b.ReportMetric(float64(n), "bookings")
		})
	}
}
