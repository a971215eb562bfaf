package localsync_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

// cutWriter lets the first n bytes of a body through, then fails.
type cutWriter struct {
	http.ResponseWriter
	n int
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if len(p) > c.n {
		p = p[:c.n]
	}
	k, _ := c.ResponseWriter.Write(p)
	c.n -= k
	if c.n == 0 {
		return k, fmt.Errorf("cut")
	}
	return k, nil
}

// A new device is filled by one snapshot request. A snapshot cut short
// (the connection drops half-way) fails the sync and saves no cursor; the
// next sync loads a whole snapshot and the device equals the one that
// wrote the records.
func TestSnapshotFillsNewDeviceAndSurvivesACut(t *testing.T) {
	store := memstore.New()
	hash, _ := server.HashPassword(password, bcrypt.MinCost)
	store.PutAccount(server.Account{User: app.User{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true}, PasswordHash: hash})
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	var cut, snapshots, pulls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case protocol.PathSnapshot:
			snapshots.Add(1)
			if cut.Load() > 0 {
				w = &cutWriter{w, int(cut.Load())}
			}
		case protocol.PathPull:
			pulls.Add(1)
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()

	a := newDevice(t, ts.URL, time.Now())
	ids := make([]string, 300)
	for i := range ids {
		ids[i] = record.NewID()
		a.save(t, app.KindCustomer, ids[i], "name", fmt.Sprintf("Khách %03d", i), "owner_id", lanID, "office_id", office,
			"notes", "Một ghi chú đủ dài để bản chụp vượt qua vài khối nén gzip, lặp lại nhiều lần cho chắc chắn.")
	}
	a.sync(t)

	b := newDevice(t, ts.URL, time.Now())
	cut.Store(3000) // a few records in, before the end line
	if _, err := b.c.Sync(context.Background(), localsync.Store{DB: b.db}, nil); err == nil {
		t.Fatal("a snapshot cut short synced without error")
	}
	if c, _ := b.db.SyncCursor(); c != "" {
		t.Fatalf("cursor %q saved after a cut snapshot", c)
	}
	cut.Store(0)
	snapshots.Store(0)
	pulls.Store(0)
	sum := b.sync(t)
	if !sum.Snapshot || snapshots.Load() != 1 || pulls.Load() != 0 {
		t.Errorf("second sync: %+v, %d snapshot and %d pull requests; want one snapshot, no pull", sum, snapshots.Load(), pulls.Load())
	}
	if n, _ := b.db.Count(app.KindCustomer); n != len(ids) {
		t.Errorf("B holds %d customers, want %d", n, len(ids))
	}
	for _, id := range ids {
		ra, _ := a.db.Get(app.KindCustomer, id)
		rb, err := b.db.Get(app.KindCustomer, id)
		if err != nil || len(ra.Fields) != len(rb.Fields) {
			t.Fatalf("%s on B: %v %v", id, rb.Fields, err)
		}
		for name, f := range ra.Fields {
			if g := rb.Fields[name]; string(g.Value) != string(f.Value) || g.Stamp != f.Stamp {
				t.Fatalf("%s.%s on B = %s %v, on A %s %v", id, name, g.Value, g.Stamp, f.Value, f.Stamp)
			}
		}
	}
	// Then it is an ordinary device: an edit on A arrives by a pull.
	a.save(t, app.KindCustomer, ids[7], "name", "Khách bảy")
	a.sync(t)
	pulls.Store(0)
	if sum := b.sync(t); sum.Snapshot || sum.Pulled != 1 || pulls.Load() != 1 {
		t.Errorf("incremental sync: %+v, %d pulls", sum, pulls.Load())
	}
}
