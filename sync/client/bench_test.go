package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/client/clienttest"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

// benchStore adapts localdb to client.LocalStore for the benchmark (the
// binaries use cmd/internal/localsync, which this package cannot import).
type benchStore struct{ db *localdb.Store }

func (s benchStore) DeviceID() string { return s.db.DeviceID() }
func (s benchStore) Outbox(limit int) ([]protocol.Change, error) {
	out, err := s.db.Outbox(limit)
	changes := make([]protocol.Change, len(out))
	for i, c := range out {
		changes[i] = protocol.Change(c)
	}
	return changes, err
}
func (s benchStore) LastDeviceSeq() (uint64, error) { return s.db.LastDeviceSeq() }
func (s benchStore) Settle(upto uint64, rejected, refused map[uint64]client.Reason) error {
	conv := func(in map[uint64]client.Reason) map[uint64]localdb.Reason {
		out := map[uint64]localdb.Reason{}
		for k, v := range in {
			out[k] = localdb.Reason(v)
		}
		return out
	}
	_, err := s.db.SettleRefused(upto, conv(rejected), conv(refused))
	return err
}
func (s benchStore) LogSuperseded(ss []client.Superseded) (int, error) {
	in := make([]localdb.Superseded, len(ss))
	for i, e := range ss {
		in[i] = localdb.Superseded(e)
	}
	added, err := s.db.LogSuperseded(in)
	return len(added), err
}
func (s benchStore) ApplyRemote(recs []record.Record, whole []protocol.Ref, limit time.Time) (int, int, error) {
	p := localdb.Pulled{Records: recs, ClockLimit: limit}
	for _, r := range whole {
		p.Whole = append(p.Whole, localdb.Ref(r))
	}
	n, c, err := s.db.ApplyPull(p)
	return n, len(c), err
}
func (s benchStore) Revoke(refs []protocol.Ref) (int, []protocol.Ref, error) {
	in := make([]localdb.Ref, len(refs))
	for i, r := range refs {
		in[i] = localdb.Ref(r)
	}
	n, b, err := s.db.Revoke(in)
	var out []protocol.Ref
	for _, r := range b {
		out = append(out, protocol.Ref(r))
	}
	return n, out, err
}
func (s benchStore) LoadSnapshot(cursor string, next func() (record.Record, error), limit time.Time) (client.SnapshotResult, error) {
	res, err := s.db.LoadSnapshot(localdb.Snapshot{Next: next, Cursor: cursor, ClockLimit: limit})
	return client.SnapshotResult{Records: res.Records, Applied: res.Applied, Removed: res.Removed, Conflicts: len(res.Conflicts)}, err
}
func (s benchStore) SyncCursor() (string, error)           { return s.db.SyncCursor() }
func (s benchStore) SetSyncCursor(c string) error          { return s.db.SetSyncCursor(c) }
func (s benchStore) RewindClock(l time.Time) (bool, error) { return s.db.RewindClock(l) }

// BenchmarkSync100k measures, against the real sync handler on loopback,
// what DESIGN.md's PouchDB baseline measured: the first push of 100,000
// customer records of about 1 KB from one client, the first pull of them
// into an empty client (a streamed snapshot, and again by pull pages for
// comparison), a sync of 100 changed records and a no-op sync.
// Both clients are localdb stores with fsync on. Run it once:
//
//	go test -run '^$' -bench Sync100k -benchtime 1x ./sync/client/
func BenchmarkSync100k(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("TOURDESK_BENCH_RECORDS")); err == nil && v >= 1000 {
		n = v // a quick look at the shape: TOURDESK_BENCH_RECORDS=2000
	}
	for range b.N {
		benchSync(b, n)
	}
}

func benchSync(b *testing.B, n int) {
	ctx := context.Background()
	store := memstore.New()
	hash, _ := server.HashPassword(password, bcrypt.MinCost)
	store.PutAccount(server.Account{User: app.User{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true}, PasswordHash: hash})
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	open := func(name string) *localdb.Store {
		db, err := localdb.Open(filepath.Join(b.TempDir(), name), localdb.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	}
	dev := func(db *localdb.Store) (*client.Client, *clienttest.Wire) {
		w, hc := clienttest.NewWire(5 * time.Minute)
		c, err := client.New(ts.URL, client.WithHTTPClient(hc), client.WithBatchSize(protocol.MaxPushChanges), client.WithPullLimit(protocol.MaxPullLimit))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Login(ctx, "lan.nguyen", password, db.DeviceID()); err != nil {
			b.Fatal(err)
		}
		return c, w
	}

	// The fixture: n customers of about 1 KB each, made on device A.
	b.StopTimer()
	a := open("a.db")
	ids := make([]string, n)
	var size int
	for start := 0; start < n; start += 1000 {
		err := a.Update(func(tx service.Tx) error {
			for i := start; i < min(n, start+1000); i++ {
				ids[i] = record.NewID()
				v := clienttest.Customer(i, lanID, office)
				if i == 0 {
					for k, x := range v {
						size += len(k) + len(x)
					}
				}
				if _, err := tx.Save(app.KindCustomer, ids[i], v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	ca, wa := dev(a)
	b.StartTimer()

	cpu0 := cpuTime()
	report := func(name string, w *clienttest.Wire, d time.Duration) {
		cpu := cpuTime()
		b.Logf("%-22s %9.3f s  %6d requests  %12d bytes up  %12d bytes down  %8.3f s CPU (client and server)", name, d.Seconds(), w.Reqs.Load(), w.Up.Load(), w.Down.Load(), (cpu - cpu0).Seconds())
		cpu0 = cpu
	}
	wa.Reset()
	cpu0 = cpuTime()
	t0 := time.Now()
	sum, err := ca.Sync(ctx, benchStore{a}, nil)
	if err != nil || sum.Pushed != n {
		b.Fatalf("first push: %+v %v (first refusal: %+v)", sum.Pushed, err, sum.Rejected[:min(1, len(sum.Rejected))])
	}
	pushD := time.Since(t0)
	report("first push", wa, pushD)
	b.ReportMetric(pushD.Seconds(), "push_s")
	b.ReportMetric(float64(wa.Reqs.Load()), "push_reqs")
	b.ReportMetric(float64(wa.Up.Load())/1e6, "push_MB_up")

	bdb := open("b.db")
	cb, wb := dev(bdb)
	wb.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	sum, err = cb.Sync(ctx, benchStore{bdb}, nil)
	if err != nil || sum.Pulled < n {
		b.Fatalf("first pull: %+v %v", sum.Pulled, err)
	}
	pullD := time.Since(t0)
	report("first pull (snapshot)", wb, pullD)
	b.ReportMetric(pullD.Seconds(), "pull_s")
	b.ReportMetric(float64(wb.Reqs.Load()), "pull_reqs")
	b.ReportMetric(float64(wb.Down.Load())/1e6, "pull_MB_down")
	if !sum.Snapshot {
		b.Fatal("the first pull did not load a snapshot")
	}

	// The same first pull by pages of 5,000 (WithoutSnapshot), for
	// comparison.
	b.StopTimer()
	pdb := open("pages.db")
	w, hc := clienttest.NewWire(5 * time.Minute)
	cp, err := client.New(ts.URL, client.WithHTTPClient(hc), client.WithPullLimit(protocol.MaxPullLimit), client.WithoutSnapshot())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := cp.Login(ctx, "lan.nguyen", password, pdb.DeviceID()); err != nil {
		b.Fatal(err)
	}
	w.Reset()
	b.StartTimer()
	cpu0 = cpuTime()
	t0 = time.Now()
	if sum, err := cp.Sync(ctx, benchStore{pdb}, nil); err != nil || sum.Snapshot || sum.Pulled < n {
		b.Fatalf("first pull by pages: %+v %v", sum, err)
	}
	pagesD := time.Since(t0)
	report("first pull (pages)", w, pagesD)
	b.ReportMetric(pagesD.Seconds(), "pages_s")

	// 100 records changed on A (one field each), pushed by A and pulled by B.
	b.StopTimer()
	err = a.Update(func(tx service.Tx) error {
		for i := 0; i < 100; i++ {
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
	if sum, err := ca.Sync(ctx, benchStore{a}, nil); err != nil || sum.Pushed != 100 {
		b.Fatalf("push 100: %+v %v", sum, err)
	}
	incPush := time.Since(t0)
	report("100 changed: push", wa, incPush)
	wb.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	if sum, err := cb.Sync(ctx, benchStore{bdb}, nil); err != nil || sum.Pulled != 100 {
		b.Fatalf("pull 100: %+v %v", sum, err)
	}
	incPull := time.Since(t0)
	report("100 changed: pull", wb, incPull)
	b.ReportMetric(float64(incPush.Milliseconds()), "inc_push_ms")
	b.ReportMetric(float64(incPull.Milliseconds()), "inc_pull_ms")
	b.ReportMetric(float64(wa.Up.Load()+wa.Down.Load())/100, "inc_push_B/rec")
	b.ReportMetric(float64(wb.Up.Load()+wb.Down.Load())/100, "inc_pull_B/rec")

	wb.Reset()
	cpu0 = cpuTime()
	t0 = time.Now()
	if sum, err := cb.Sync(ctx, benchStore{bdb}, nil); err != nil || sum.Pulled != 0 {
		b.Fatalf("no-op: %+v %v", sum, err)
	}
	report("no-op sync", wb, time.Since(t0))
	b.ReportMetric(float64(wb.Reqs.Load()), "noop_reqs")
	b.ReportMetric(float64(wb.Up.Load()+wb.Down.Load()), "noop_B")
	b.Logf("record size: %d bytes of names and values", size)
}
