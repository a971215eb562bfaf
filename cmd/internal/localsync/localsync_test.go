package localsync_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

const (
	office   = "0190c2d4-1111-7000-8000-000000000001"
	password = "mật khẩu đúng 2026"
	lanID    = "0190c2d4-2222-7000-8000-000000000001"
	custID   = "0190c2d4-3333-7000-8000-000000000001"
	bookID   = "0190c2d4-4444-7000-8000-000000000001"
)

// device is one laptop: a localdb store whose wall clock is wall, and a
// client logged in as Lan, an agent, on the real server over loopback.
type device struct {
	db   *localdb.Store
	c    *client.Client
	wall *atomic.Int64
}

func newDevice(t *testing.T, url string, wall time.Time) *device {
	t.Helper()
	d := &device{wall: &atomic.Int64{}}
	d.wall.Store(wall.UnixMilli())
	db, err := localdb.Open(filepath.Join(t.TempDir(), "lan.db"), localdb.Options{NoSync: true, Now: func() time.Time { return time.UnixMilli(d.wall.Load()) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d.db = db
	wallClock := func() time.Time { return time.UnixMilli(d.wall.Load()) }
	if d.c, err = client.New(url, client.WithRetries(1, time.Millisecond), client.WithWallClock(wallClock)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.c.Login(context.Background(), "lan.nguyen", password, db.DeviceID()); err != nil {
		t.Fatal(err)
	}
	return d
}

func newServer(t *testing.T) string {
	t.Helper()
	store := memstore.New()
	hash, err := server.HashPassword(password, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	store.PutAccount(server.Account{User: app.User{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true}, PasswordHash: hash})
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

func (d *device) save(t *testing.T, kind app.Kind, id string, kv ...any) {
	t.Helper()
	values := map[string]json.RawMessage{}
	for i := 0; i+1 < len(kv); i += 2 {
		v, _ := json.Marshal(kv[i+1])
		values[kv[i].(string)] = v
	}
	if err := d.db.Update(func(tx service.Tx) error { _, err := tx.Save(kind, id, values); return err }); err != nil {
		t.Fatal(err)
	}
}

func (d *device) sync(t *testing.T) client.Summary {
	t.Helper()
	sum, err := d.c.Sync(context.Background(), localsync.Store{DB: d.db}, nil)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

func (d *device) stamp(t *testing.T, kind app.Kind, id, field string) time.Time {
	t.Helper()
	rec, err := d.db.Get(kind, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Fields[field].Stamp.Time()
}

func hasNote(notes []client.Refused, code string) bool {
	for _, n := range notes {
		if n.Code == code {
			return true
		}
	}
	return false
}

// A laptop whose clock is six years ahead creates a customer. The server
// lowers the stamps (clock_skew); the same sync's last pull brings the
// record whole, whose lower stamps replace the local far-future ones, and
// the store's clock is rewound. Once the user sets the clock right, the
// next edit is stamped now, is accepted without a note, and wins on the
// server.
func TestClockSkewRecordComesBackWhole(t *testing.T) {
	url := newServer(t)
	now := time.Now()
	d := newDevice(t, url, now.AddDate(6, 0, 0))
	d.save(t, app.KindCustomer, custID, "name", "Trần Thị Hoa", "owner_id", lanID, "office_id", office)
	if got := d.stamp(t, app.KindCustomer, custID, "name"); got.Before(now.AddDate(5, 0, 0)) {
		t.Fatalf("setup: local stamp %v is not in the future", got)
	}

	sum := d.sync(t)
	if !hasNote(sum.Notes, protocol.CodeClockSkew) {
		t.Fatalf("no clock_skew note: %+v", sum)
	}
	if sum.ClockAhead < 5*365*24*time.Hour {
		t.Errorf("ClockAhead = %v, want about six years", sum.ClockAhead)
	}
	if !sum.ClockRewound {
		t.Errorf("clock not rewound: %+v", sum)
	}
	if got := d.stamp(t, app.KindCustomer, custID, "name"); got.After(time.Now().Add(protocol.MaxClockSkew)) {
		t.Fatalf("after sync the local name keeps its far-future stamp %v (the whole record did not replace it)", got)
	}

	d.wall.Store(time.Now().UnixMilli()) // the user sets the clock right
	d.save(t, app.KindCustomer, custID, "name", "Trần Thị Hoa (Huế)")
	if got := d.stamp(t, app.KindCustomer, custID, "name"); got.After(time.Now().Add(protocol.MaxClockSkew + time.Second)) {
		t.Fatalf("the clock is stuck in the future: new stamp %v", got)
	}
	sum = d.sync(t)
	if len(sum.Notes) != 0 || sum.Pushed != 1 || sum.ClockAhead != 0 {
		t.Fatalf("second sync: %+v", sum)
	}

	// A fresh device of the same user sees the edit: it won on the server.
	other := newDevice(t, url, time.Now())
	other.sync(t)
	rec, err := other.db.Get(app.KindCustomer, custID)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(rec.Fields["name"].Value); got != `"Trần Thị Hoa (Huế)"` {
		t.Fatalf("server holds name %s", got)
	}
}

// Without the whole-record replacement and the rewind, the device would
// keep stamps the server no longer has: check the local copy equals the
// server's, field for field, after the skewed sync.
func TestClockSkewLocalEqualsServer(t *testing.T) {
	url := newServer(t)
	d := newDevice(t, url, time.Now().AddDate(6, 0, 0))
	d.save(t, app.KindCustomer, custID, "name", "Hoa", "owner_id", lanID, "office_id", office, "notes", "VIP")
	d.sync(t)
	other := newDevice(t, url, time.Now())
	other.sync(t)
	a, _ := d.db.Get(app.KindCustomer, custID)
	b, _ := other.db.Get(app.KindCustomer, custID)
	for name, f := range b.Fields {
		if a.Fields[name].Stamp != f.Stamp || string(a.Fields[name].Value) != string(f.Value) {
			t.Errorf("%s: device %v %s, server %v %s", name, a.Fields[name].Stamp, a.Fields[name].Value, f.Stamp, f.Value)
		}
	}
	if len(a.Fields) != len(b.Fields) {
		t.Errorf("device has %d fields, server %d", len(a.Fields), len(b.Fields))
	}
}

// An illegal status move is accepted with a note: the outbox is settled,
// the refused status is in the rejected log with its reason, and the
// server's status replaces the local one in the same sync.
func TestIllegalTransition(t *testing.T) {
	url := newServer(t)
	d := newDevice(t, url, time.Now())
	d.save(t, app.KindCustomer, custID, "name", "Hoa", "owner_id", lanID, "office_id", office)
	d.save(t, app.KindBooking, bookID, "customer_id", custID, "owner_id", lanID, "office_id", office,
		"status", app.BookingTravelling, "currency", "VND", "destination", "Huế",
		"code", "BK-2026-000001", "start_date", "2026-12-01", "end_date", "2026-12-03")
	if sum := d.sync(t); sum.Pushed != 2 || len(sum.Rejected) != 0 {
		t.Fatalf("first sync: %+v", sum)
	}
	d.save(t, app.KindBooking, bookID, "status", app.BookingInquiry, "destination", "Đà Nẵng")
	sum := d.sync(t)
	if !hasNote(sum.Notes, protocol.CodeIllegalTransition) || sum.Pushed != 1 {
		t.Fatalf("sync: %+v", sum)
	}
	if out, _ := d.db.Outbox(0); len(out) != 0 {
		t.Fatalf("outbox not settled: %+v", out)
	}
	rej, err := d.db.RejectedChanges()
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 1 || rej[0].Reason.Code != protocol.CodeIllegalTransition || len(rej[0].Fields) != 1 || string(rej[0].Fields["status"].Value) != `"inquiry"` {
		t.Fatalf("rejected log %+v", rej)
	}
	rec, _ := d.db.Get(app.KindBooking, bookID)
	if got := string(rec.Fields["status"].Value); got != `"travelling"` {
		t.Errorf("local status %s, want the server's travelling", got)
	}
	if got := string(rec.Fields["destination"].Value); got != `"Đà Nẵng"` {
		t.Errorf("destination %s: the rest of the change was not kept", got)
	}
	if sum := d.sync(t); sum.Pushed != 0 || len(sum.Notes) != 0 || sum.Conflicts != 0 {
		t.Fatalf("a third sync still does something: %+v", sum)
	}
}
