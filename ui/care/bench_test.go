package care

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// BenchmarkLoad is what each Care tab reads when the area opens (or
// reloads after a sync), as a director sees it (every record), over a
// copy of the 100,000-customer demo store that ui/bookings' and
// app/service's benchmarks build, with its care tasks generated for
// 2026-11-23 (run those benchmarks first; this one skips without it).
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
	if _, err := service.NewCare(s, service.Session{}).Generate(today); err != nil {
		b.Fatal(err)
	}
	test.NewTempApp(b)
	a := newArea(Deps{Store: s, Session: director}, test.NewWindow(nil), func(func()) {})
	n, _ := s.Count(app.KindTask)
	b.Logf("%d tasks", n)
	b.Run("tasks", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := a.Tasks.load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("complaints", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Complaints.load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("feedback", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Feedback.load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("campaigns", func(b *testing.B) {
		for b.Loop() {
			if _, err := segment.AllCampaignStats(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("messages", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Messages.svc.List("", ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
