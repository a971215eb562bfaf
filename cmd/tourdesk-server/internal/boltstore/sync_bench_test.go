package boltstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/client/clienttest"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchServer is the real handler over a bbolt store with fsync on, on
// 127.0.0.1.
func benchServer(b *testing.B) (*boltstore.Store, *httptest.Server) {
	st, err := boltstore.Open(filepath.Join(b.TempDir(), boltstore.FileName), boltstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	srv, err := server.New(server.Config{Store: st, BcryptCost: bcrypt.MinCost})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	return st, ts
}

func benchDevice(b *testing.B, url, login, path string, noSync bool, opts ...client.Option) (*localdb.Store, *client.Client, *clienttest.Wire) {
	db, err := localdb.Open(path, localdb.Options{NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	w, hc := clienttest.NewWire(30 * time.Minute)
	opts = append([]client.Option{client.WithHTTPClient(hc), client.WithBatchSize(protocol.MaxPushChanges), client.WithPullLimit(protocol.MaxPullLimit)}, opts...)
	c, err := client.New(url, opts...)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Login(context.Background(), login, resyncPassword, db.DeviceID()); err != nil {
		b.Fatal(err)
	}
	return db, c, w
}

// BenchmarkDemoSync measures the sync of the demo agency (app/demo:
// TOURDESK_BENCH_CUSTOMERS customers, 100,000 by default, with their
// bookings, travelers and payments, and the agency's tours, departures,
// partners, offices and users) through the real handler over the bbolt
// server store with fsync on, on loopback, clients being localdb stores
// with fsync on:
//
//   - first push: an admin's device that generated the data pushes it all
//     (batches of 1,000);
//   - first sync of an empty client: a director's new laptop (it reads
//     everything), filled from the streamed snapshot; with
//     TOURDESK_BENCH_PAGES=1 also a second new laptop filled with pull
//     pages of 5,000 instead, for comparison;
//   - 100 customers changed on the admin's device (one field each):
//     its push, and the director's pull;
//   - a no-op sync.
//
// Run it once:
//
//	go test -tags ci,migrated_fynedo -run '^$' -bench DemoSync -benchtime 1x -timeout 60m ./cmd/tourdesk-server/internal/boltstore/
func BenchmarkDemoSync(b *testing.B) {
	n := envInt("TOURDESK_BENCH_CUSTOMERS", 100_000)
	for range b.N {
		benchDemoSync(b, n)
	}
}

func benchDemoSync(b *testing.B, n int) {
	ctx := context.Background()
	b.StopTimer()
	st, ts := benchServer(b)
	hash, _ := server.HashPassword(resyncPassword, bcrypt.MinCost)
	if _, err := st.AddUser(app.User{Name: "Quản trị", Login: "admin", Role: app.RoleAdmin, Active: true}, hash); err != nil {
		b.Fatal(err)
	}
	if _, err := st.AddUser(app.User{Name: "Giám đốc", Login: "giamdoc", Role: app.RoleDirector, Active: true}, hash); err != nil {
		b.Fatal(err)
	}
	seedPath := filepath.Join(b.TempDir(), "seed.db")
	gen, err := localdb.Open(seedPath, localdb.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	sum, err := demo.Generate(gen, demo.Options{Customers: n, BatchSize: 2000}, nil)
	if err != nil {
		b.Fatal(err)
	}
	gen.Close()
	b.Logf("demo data: %d records %v, generated in %v", sum.Total(), sum.Counts, time.Since(t0).Round(time.Second))
	admin, ca, wa := benchDevice(b, ts.URL, "admin", seedPath, false)
	cpu0 := cpuTime()
	report := func(what string, w *clienttest.Wire, d time.Duration) {
		cpu := cpuTime()
		b.Logf("%-34s %9.3f s  %s, %.3f s CPU (client and server)", what, d.Seconds(), w, (cpu - cpu0).Seconds())
		cpu0 = cpu
	}

	b.StartTimer()
	wa.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	s, err := ca.Sync(ctx, localsync.Store{DB: admin}, nil)
	if err != nil {
		b.Fatalf("first push: %v", err)
	}
	d := time.Since(t0)
	report(fmt.Sprintf("first push (%d accepted, %d refused)", s.Pushed, len(s.Rejected)), wa, d)
	b.ReportMetric(d.Seconds(), "push_s")
	b.ReportMetric(float64(s.Pushed)/d.Seconds(), "push_rec/s")
	b.ReportMetric(float64(wa.Up.Load())/float64(s.Pushed), "push_B/rec")

	dir, cd, wd := benchDevice(b, ts.URL, "giamdoc", filepath.Join(b.TempDir(), "director.db"), false)
	wd.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	s, err = cd.Sync(ctx, localsync.Store{DB: dir}, nil)
	if err != nil || !s.Snapshot {
		b.Fatalf("first sync (snapshot): %+v %v", s, err)
	}
	d = time.Since(t0)
	pulled := s.Pulled
	report(fmt.Sprintf("first sync, snapshot (%d records)", pulled), wd, d)
	b.ReportMetric(d.Seconds(), "snapshot_s")
	b.ReportMetric(float64(pulled)/d.Seconds(), "snapshot_rec/s")
	b.ReportMetric(float64(wd.Down.Load())/float64(pulled), "snapshot_B/rec")
	if info, err := os.Stat(dir.Path()); err == nil {
		b.Logf("director's data file: %.1f MB", float64(info.Size())/1e6)
	}

	if os.Getenv("TOURDESK_BENCH_PAGES") != "" {
		pg, cp, wp := benchDevice(b, ts.URL, "giamdoc", filepath.Join(b.TempDir(), "pages.db"), false, client.WithoutSnapshot())
		wp.Reset()
		cpu0 = cpuTime()
		t0 = time.Now()
		s, err := cp.Sync(ctx, localsync.Store{DB: pg}, nil)
		if err != nil || s.Snapshot {
			b.Fatalf("first sync (pages): %+v %v", s, err)
		}
		d := time.Since(t0)
		report(fmt.Sprintf("first sync, pull pages (%d records)", s.Pulled), wp, d)
		b.ReportMetric(d.Seconds(), "pages_s")
	}

	// 100 customers changed on the admin's device, one field each.
	b.StopTimer()
	ids, err := admin.SortedIDs(app.KindCustomer)
	if err != nil {
		b.Fatal(err)
	}
	err = admin.Update(func(tx service.Tx) error {
		for i := range 100 {
			v, _ := json.Marshal(fmt.Sprintf("gọi lại lúc %d giờ", i%12+8))
			if _, err := tx.Save(app.KindCustomer, ids[i*len(ids)/100], map[string]json.RawMessage{"notes": v}); err != nil {
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
	if s, err := ca.Sync(ctx, localsync.Store{DB: admin}, nil); err != nil || s.Pushed != 100 {
		b.Fatalf("push 100: %+v %v", s, err)
	}
	d = time.Since(t0)
	report("100 changed: pushing device", wa, d)
	b.ReportMetric(float64(d.Microseconds())/1000, "inc_push_ms")
	b.ReportMetric(float64(wa.Up.Load()+wa.Down.Load())/100, "inc_push_B/rec")
	wd.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	if s, err := cd.Sync(ctx, localsync.Store{DB: dir}, nil); err != nil || s.Pulled != 100 {
		b.Fatalf("pull 100: %+v %v", s, err)
	}
	d = time.Since(t0)
	report("100 changed: pulling device", wd, d)
	b.ReportMetric(float64(d.Microseconds())/1000, "inc_pull_ms")
	b.ReportMetric(float64(wd.Up.Load()+wd.Down.Load())/100, "inc_pull_B/rec")
	wd.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	if s, err := cd.Sync(ctx, localsync.Store{DB: dir}, nil); err != nil || s.Pulled != 0 {
		b.Fatalf("no-op: %+v %v", s, err)
	}
	report("no-op sync", wd, time.Since(t0))
	b.ReportMetric(float64(wd.Up.Load()+wd.Down.Load()), "noop_B")
}

// BenchmarkConcurrentClients measures TOURDESK_BENCH_CLIENTS devices (200
// by default) syncing at once against one server: the real handler over
// the bbolt store with fsync on, on loopback. Each device is one agent
// (their own account, all in one office) with TOURDESK_BENCH_OWNED
// customers (50) pushed and pulled before the clock starts. Then every
// device at once runs TOURDESK_BENCH_ROUNDS rounds (5) of: change 5 of its
// customers (one field each), sync (pull, push, pull). The clients'
// localdb stores run without fsync, so the machine's two cores go to the
// server as far as they can (clients and server share them). It reports
// the syncs per second, the changes per second and the latency
// percentiles of one sync.
//
//	go test -tags ci,migrated_fynedo -run '^$' -bench ConcurrentClients -benchtime 1x -timeout 30m ./cmd/tourdesk-server/internal/boltstore/
func BenchmarkConcurrentClients(b *testing.B) {
	nc := envInt("TOURDESK_BENCH_CLIENTS", 200)
	owned := envInt("TOURDESK_BENCH_OWNED", 50)
	rounds := envInt("TOURDESK_BENCH_ROUNDS", 5)
	for range b.N {
		benchConcurrent(b, nc, owned, rounds)
	}
}

func benchConcurrent(b *testing.B, nc, owned, rounds int) {
	ctx := context.Background()
	b.StopTimer()
	st, ts := benchServer(b)
	o, err := st.AddOffice(app.Office{Name: "Đà Nẵng"})
	if err != nil {
		b.Fatal(err)
	}
	hash, _ := server.HashPassword(resyncPassword, bcrypt.MinCost)
	type dev struct {
		db    *localdb.Store
		c     *client.Client
		w     *clienttest.Wire
		owner string
		ids   []string
	}
	devs := make([]*dev, nc)
	for i := range devs {
		login := fmt.Sprintf("agent%03d", i)
		u, err := st.AddUser(app.User{Name: "Nhân viên " + login, Login: login, Role: app.RoleAgent, OfficeID: o.ID, Active: true}, hash)
		if err != nil {
			b.Fatal(err)
		}
		db, c, w := benchDevice(b, ts.URL, login, filepath.Join(b.TempDir(), login+".db"), true, client.WithBatchSize(100))
		d := &dev{db: db, c: c, w: w, owner: u.ID}
		err = db.Update(func(tx service.Tx) error {
			for j := range owned {
				id := record.NewID()
				d.ids = append(d.ids, id)
				v := map[string]json.RawMessage{}
				for k, x := range map[string]any{"name": fmt.Sprintf("Khách %d của %s", j, login), "owner_id": u.ID, "office_id": o.ID,
					"phones": []string{fmt.Sprintf("+8490%03d%04d", i, j)}, "province": "Đà Nẵng", "notes": "Thích đi biển."} {
					v[k], _ = json.Marshal(x)
				}
				if _, err := tx.Save(app.KindCustomer, id, v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		devs[i] = d
	}
	// Setup, not timed: every device pushes its customers and gets the
	// office's users; all at once, 8 at a time.
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, d := range devs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, err := d.c.Sync(ctx, localsync.Store{DB: d.db}, nil); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, d := range devs {
		d.w.Reset()
	}

	var mu sync.Mutex
	var lat []time.Duration
	var changes atomic.Int64
	start := make(chan struct{})
	b.StartTimer()
	cpu0 := cpuTime()
	t0 := time.Now()
	for i, d := range devs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			<-start
			for round := range rounds {
				err := d.db.Update(func(tx service.Tx) error {
					for k := range 5 {
						v, _ := json.Marshal(fmt.Sprintf("vòng %d, lần %d", round, k))
						if _, err := tx.Save(app.KindCustomer, d.ids[r.IntN(len(d.ids))], map[string]json.RawMessage{"notes": v}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Error(err)
					return
				}
				s0 := time.Now()
				s, err := d.c.Sync(ctx, localsync.Store{DB: d.db}, nil)
				el := time.Since(s0)
				if err != nil {
					b.Error(err)
					return
				}
				changes.Add(int64(s.Pushed))
				mu.Lock()
				lat = append(lat, el)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	total := time.Since(t0)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	var reqs, up, down int64
	for _, d := range devs {
		reqs += d.w.Reqs.Load()
		up += d.w.Up.Load()
		down += d.w.Down.Load()
	}
	b.Logf("CPU used (200 clients' stores and the server): %.1f s, %.1f ms per sync", cpu.Seconds(), float64(cpu.Milliseconds())/float64(len(lat)))
	b.Logf("%d clients × %d rounds: %d syncs in %v: %.0f syncs/s, %.0f changes/s, %.0f requests/s; sync latency p50 %v p90 %v p99 %v max %v; %.0f bytes per changed record (up+down)",
		nc, rounds, len(lat), total.Round(time.Millisecond), float64(len(lat))/total.Seconds(), float64(changes.Load())/total.Seconds(), float64(reqs)/total.Seconds(),
		pct(0.5).Round(time.Millisecond), pct(0.9).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond),
		float64(up+down)/float64(changes.Load()))
	b.ReportMetric(float64(len(lat))/total.Seconds(), "syncs/s")
	b.ReportMetric(float64(changes.Load())/total.Seconds(), "changes/s")
	b.ReportMetric(float64(pct(0.5).Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99_ms")
}
