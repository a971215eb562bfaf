package service_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb/demodb"
)

// msgBenchBase returns a demo store file of MSG_BENCH_CUSTOMERS customers
// (default 100,000; seed 1, today 2026-11-23): MSG_BENCH_STORE when set
// (an existing demo store, only read), else the one demodb builds once.
func msgBenchBase(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("MSG_BENCH_STORE"); p != "" {
		return p
	}
	return demodb.Path(b, demodb.Spec{Customers: demodb.Customers(b, "MSG_BENCH_CUSTOMERS", 100000), Seed: 1})
}

// nopSender accepts every message.
type nopSender struct{}

func (nopSender) Send(context.Context, *app.Message, *app.MessageSettings) (string, error) {
	return "", nil
}

// BenchmarkMessagesBirthdays: the scheduler's day over the demo data set
// on 2026-11-23: queueing the birthday greetings (a scan of every
// customer, then one transaction per greeting), queueing again (the scan
// finds them all), and delivering them through a sender that accepts
// everything (each: sending, then sent with its interaction).
func BenchmarkMessagesBirthdays(b *testing.B) {
	base := msgBenchBase(b)
	day := app.Date{Year: 2026, Month: 11, Day: 23}
	now := func() time.Time { return time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC) }
	run := func(b *testing.B, name string, fn func(*testing.B, *service.Messages) (int, error)) {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				s := demodb.OpenCopy(b, base)
				m := service.NewMessages(s, service.Session{UserID: "u-system", Role: app.RoleAdmin})
				m.SetClock(now)
				if name != "queue" {
					if _, err := m.QueueBirthdays(day); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				n, err := fn(b, m)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "messages")
			}
		})
	}
	run(b, "queue", func(_ *testing.B, m *service.Messages) (int, error) {
		r, err := m.QueueBirthdays(day)
		return r.Queued + r.Skipped, err
	})
	run(b, "queue-again", func(_ *testing.B, m *service.Messages) (int, error) {
		r, err := m.QueueBirthdays(day)
		return r.Existing, err
	})
	run(b, "deliver", func(b *testing.B, m *service.Messages) (int, error) {
		r, err := m.Deliver(context.Background(), service.Senders{Email: nopSender{}, SMS: nopSender{}})
		b.ReportMetric(float64(r.GreetingTasksDone), "tasks-done")
		return r.Sent, err
	})
}
