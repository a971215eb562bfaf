package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/ui/bookings"
)

// BenchmarkLoad is the Pipeline's load: every stage's requests in the
// user's scope (load, shown at once) and their per-currency values
// (loadTotals, shown when done), over a copy of the
// 100,000-customer demo store that ui/bookings' benchmarks build
// (run them first; this one skips without it).
func BenchmarkLoad(b *testing.B) {
	base := filepath.Join(os.TempDir(), "tourdesk-care-bench-100000-seed1")
	if _, err := os.Stat(filepath.Join(base, "complete")); err != nil {
		b.Skip("no demo store: run go test -bench . ./ui/bookings first")
	}
	src, err := os.ReadFile(filepath.Join(base, "store.db"))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "store.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		b.Fatal(err)
	}
	src = nil
	s, err := localdb.Open(path, localdb.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
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
