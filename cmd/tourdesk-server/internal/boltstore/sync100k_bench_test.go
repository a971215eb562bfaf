package boltstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/client/clienttest"
	"github.com/tourdesk/tourdesk/sync/server"
)

// BenchmarkSync100kBolt is sync/client's BenchmarkSync100k (DESIGN.md's
// PouchDB comparison: the same ~1 KB customers, clienttest.Customer)
// against the real server store: the real handler over a bbolt store with
// fsync on, on 127.0.0.1, clients being localdb stores with fsync on.
// An agent's device pushes TOURDESK_BENCH_RECORDS customers (100,000 by
// default) in batches of 1,000; a new device of the same agent gets them
// by the streamed snapshot, another by pull pages of 5,000; then 100
// changed customers (one field each) are pushed and pulled, and a no-op
// sync. Run it once:
//
//	go test -tags ci,migrated_fynedo -run '^$' -bench Sync100kBolt -benchtime 1x -timeout 40m ./cmd/tourdesk-server/internal/boltstore/
func BenchmarkSync100kBolt(b *testing.B) {
	n := envInt("TOURDESK_BENCH_RECORDS", 100_000)
	for range b.N {
		benchSync100kBolt(b, n)
	}
}

func benchSync100kBolt(b *testing.B, n int) {
	ctx := context.Background()
	b.StopTimer()
	st, ts := benchServer(b)
	o, err := st.AddOffice(app.Office{Name: "Hồ Chí Minh"})
	if err != nil {
		b.Fatal(err)
	}
	hash, _ := server.HashPassword(resyncPassword, bcrypt.MinCost)
	lan, err := st.AddUser(app.User{Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: o.ID, Active: true}, hash)
	if err != nil {
		b.Fatal(err)
	}

	// The fixture: n customers of about 1 KB made on device A (not timed).
	a, ca, wa := benchDevice(b, ts.URL, "lan.nguyen", filepath.Join(b.TempDir(), "a.db"), false)
	ids := make([]string, n)
	for start := 0; start < n; start += 1000 {
		err := a.Update(func(tx service.Tx) error {
			for i := start; i < min(n, start+1000); i++ {
				ids[i] = record.NewID()
				if _, err := tx.Save(app.KindCustomer, ids[i], clienttest.Customer(i, lan.ID, o.ID)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}

	cpu0 := cpuTime()
	report := func(what string, w *clienttest.Wire, d time.Duration) {
		cpu := cpuTime()
		b.Logf("%-24s %9.3f s  %s, %.3f s CPU (client and server)", what, d.Seconds(), w, (cpu - cpu0).Seconds())
		cpu0 = cpu
	}

	b.StartTimer()
	wa.Reset()
	cpu0 = cpuTime()
	t0 := time.Now()
	s, err := ca.Sync(ctx, localsync.Store{DB: a}, nil)
	if err != nil || s.Pushed != n {
		b.Fatalf("first push: %d pushed, %v (first refusal: %+v)", s.Pushed, err, s.Rejected[:min(1, len(s.Rejected))])
	}
	d := time.Since(t0)
	report("first push", wa, d)
	b.ReportMetric(d.Seconds(), "push_s")
	b.ReportMetric(float64(wa.Reqs.Load()), "push_reqs")
	b.ReportMetric(float64(wa.Up.Load())/1e6, "push_MB_up")

	bdb, cb, wb := benchDevice(b, ts.URL, "lan.nguyen", filepath.Join(b.TempDir(), "b.db"), false)
	wb.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	s, err = cb.Sync(ctx, localsync.Store{DB: bdb}, nil)
	if err != nil || !s.Snapshot || s.Pulled < n {
		b.Fatalf("first pull (snapshot): %+v %v", s, err)
	}
	d = time.Since(t0)
	report("first pull (snapshot)", wb, d)
	b.ReportMetric(d.Seconds(), "pull_s")
	b.ReportMetric(float64(wb.Reqs.Load()), "pull_reqs")
	b.ReportMetric(float64(wb.Down.Load())/1e6, "pull_MB_down")

	b.StopTimer()
	pdb, cp, wp := benchDevice(b, ts.URL, "lan.nguyen", filepath.Join(b.TempDir(), "pages.db"), false, client.WithoutSnapshot())
	wp.Reset()
	b.StartTimer()
	cpu0 = cpuTime()
	t0 = time.Now()
	if s, err := cp.Sync(ctx, localsync.Store{DB: pdb}, nil); err != nil || s.Snapshot || s.Pulled < n {
		b.Fatalf("first pull (pages): %+v %v", s, err)
	}
	d = time.Since(t0)
	report("first pull (pages)", wp, d)
	b.ReportMetric(d.Seconds(), "pages_s")

	// 100 customers changed on A (one field each), pushed by A, pulled by B.
	b.StopTimer()
	err = a.Update(func(tx service.Tx) error {
		for i := range 100 {
			v, _ := json.Marshal(fmt.Sprintf("gọi lại lúc %d giờ", i%12+8))
			if _, err := tx.Save(app.KindCustomer, ids[i*997%n], map[string]json.RawMessage{"notes": v}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.StartTimer()
	wa.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	if s, err := ca.Sync(ctx, localsync.Store{DB: a}, nil); err != nil || s.Pushed != 100 {
		b.Fatalf("push 100: %+v %v", s, err)
	}
	d = time.Since(t0)
	report("100 changed: push", wa, d)
	b.ReportMetric(float64(d.Microseconds())/1000, "inc_push_ms")
	b.ReportMetric(float64(wa.Up.Load()+wa.Down.Load())/100, "inc_push_B/rec")
	wb.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	if s, err := cb.Sync(ctx, localsync.Store{DB: bdb}, nil); err != nil || s.Pulled != 100 {
		b.Fatalf("pull 100: %+v %v", s, err)
	}
	d = time.Since(t0)
	report("100 changed: pull", wb, d)
	b.ReportMetric(float64(d.Microseconds())/1000, "inc_pull_ms")
	b.ReportMetric(float64(wb.Up.Load()+wb.Down.Load())/100, "inc_pull_B/rec")

	wb.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	if s, err := cb.Sync(ctx, localsync.Store{DB: bdb}, nil); err != nil || s.Pulled != 0 {
		b.Fatalf("no-op: %+v %v", s, err)
	}
	report("no-op sync", wb, time.Since(t0))
	b.ReportMetric(float64(wb.Reqs.Load()), "noop_reqs")
	b.ReportMetric(float64(wb.Up.Load()+wb.Down.Load()), "noop_B")
}
