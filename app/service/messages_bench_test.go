package service_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// msgBenchBase returns a demo store file of MSG_BENCH_CUSTOMERS customers
// (default 100,000; seed 1, today 2026-11-23): MSG_BENCH_STORE when set
// (an existing demo store, only read), else one built once in
// os.TempDir()/tourdesk-msg-bench-<n>-seed1 and reused by later runs.
func msgBenchBase(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("MSG_BENCH_STORE"); p != "" {
		return p
	}
	n := 100000
	if v := os.Getenv("MSG_BENCH_CUSTOMERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("MSG_BENCH_CUSTOMERS=%q", v)
		}
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("tourdesk-msg-bench-%d-seed1", n))
	path, marker := filepath.Join(dir, "store.db"), filepath.Join(dir, "complete")
	if _, err := os.Stat(marker); err == nil {
		return path
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
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
	return path
}

// msgBenchCopy opens a fresh copy of base.
func msgBenchCopy(b *testing.B, base string) *localdb.Store {
	b.Helper()
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
				s := msgBenchCopy(b, base)
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
