package care

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb/demodb"
)

// BenchmarkLoad is what each Care tab reads when the area opens (or
// reloads after a sync), as a director sees it (every record), over a
// copy of the demo store of BENCH_CUSTOMERS customers (default 100,000;
// seed 1) that localdb/demodb builds once for this and the other
// benchmarks, with its care tasks generated for 2026-11-23.
func BenchmarkLoad(b *testing.B) {
	s := demodb.OpenCopy(b, demodb.Path(b, demodb.Spec{Customers: demodb.Customers(b, "BENCH_CUSTOMERS", 100000), Seed: 1}))
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
