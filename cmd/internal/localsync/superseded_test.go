package localsync_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

const (
	minhID = "0190c2d4-2222-7000-8000-000000000002"
	maiID  = "0190c2d4-2222-7000-8000-000000000009"
)

// newOfficeServer is newServer with a second agent (minh.tran) and their
// manager (mai.pham).
func newOfficeServer(t *testing.T) string {
	t.Helper()
	store := memstore.New()
	hash, err := server.HashPassword(password, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []app.User{
		{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true},
		{ID: minhID, Name: "Trần Văn Minh", Login: "minh.tran", Role: app.RoleAgent, OfficeID: office, Active: true},
		{ID: maiID, Name: "Phạm Thị Mai", Login: "mai.pham", Role: app.RoleManager, OfficeID: office, Active: true},
	} {
		store.PutAccount(server.Account{User: u, PasswordHash: hash})
	}
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// newDeviceOf is newDevice for any user, on a wall clock shared by the
// test (so that stamps order as the story does).
func newDeviceOf(t *testing.T, url, login string, wall *atomic.Int64) *device {
	t.Helper()
	d := &device{wall: wall}
	now := func() time.Time { return time.UnixMilli(wall.Load()) }
	db, err := localdb.Open(filepath.Join(t.TempDir(), login+".db"), localdb.Options{NoSync: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d.db = db
	if d.c, err = client.New(url, client.WithRetries(1, time.Millisecond), client.WithWallClock(now)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.c.Login(context.Background(), login, password, db.DeviceID()); err != nil {
		t.Fatal(err)
	}
	return d
}

func conflictOf(t *testing.T, d *device, kind app.Kind, id, field string) (localdb.Conflict, int) {
	t.Helper()
	cs, err := d.db.Conflicts()
	if err != nil {
		t.Fatal(err)
	}
	var found localdb.Conflict
	n := 0
	for _, c := range cs {
		if c.Kind == kind && c.ID == id && c.Field == field {
			found, n = c, n+1
		}
	}
	return found, n
}

// The convergence test's seed 186: Lan edits a booking offline; its
// customer goes to Minh, who then writes the same field. Lan's pull
// brings a revoke instead of Minh's value, so the loss is never seen by
// ApplyPull; her edit is pushed (accepted: made before the reassignment)
// and loses on the server. The server says so, her conflict log keeps
// it, the booking is removed, and restoring it says why it cannot be.
func TestSupersededThenRevokedLandsInConflictLog(t *testing.T) {
	url := newOfficeServer(t)
	wall := &atomic.Int64{}
	wall.Store(time.Now().UnixMilli())
	tick := func() { wall.Add(int64(time.Minute / time.Millisecond)) }
	lan := newDeviceOf(t, url, "lan.nguyen", wall)
	minh := newDeviceOf(t, url, "minh.tran", wall)
	mai := newDeviceOf(t, url, "mai.pham", wall)

	lan.save(t, app.KindCustomer, custID, "name", "Hoa", "owner_id", lanID, "office_id", office)
	lan.save(t, app.KindBooking, bookID, "customer_id", custID, "owner_id", lanID, "office_id", office,
		"status", app.BookingInquiry, "currency", "VND", "destination", "Huế",
		"code", "BK-2026-000001", "start_date", "2026-12-01", "end_date", "2026-12-03")
	lan.sync(t)
	mai.sync(t)

	tick()
	lan.save(t, app.KindBooking, bookID, "requests", "window seats")
	tick()
	mai.save(t, app.KindCustomer, custID, "owner_id", minhID)
	mai.sync(t)
	minh.sync(t)
	tick()
	minh.save(t, app.KindBooking, bookID, "requests", "aisle seats")
	minh.sync(t)

	sum := lan.sync(t)
	if sum.Conflicts != 1 || sum.Revoked < 2 {
		t.Fatalf("lan's sync: %+v; want one conflict and the customer and booking revoked", sum)
	}
	if _, err := lan.db.Get(app.KindBooking, bookID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("the booking is still on lan's laptop: %v", err)
	}
	c, n := conflictOf(t, lan, app.KindBooking, bookID, "requests")
	if n != 1 || string(c.LocalValue) != `"window seats"` || (c.RemoteValue != nil && string(c.RemoteValue) != "null") || c.RemoteStamp.Device != minh.db.DeviceID() {
		t.Fatalf("conflict log: %d entries, %+v; want lan's value, no remote value (she may not read it), minh's stamp", n, c)
	}
	err := lan.db.RestoreConflict(c.Seq)
	if !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("restore of a revoked record: %v, want app.ErrForbidden", err)
	}
	if out, _ := lan.db.Outbox(0); len(out) != 0 {
		t.Fatalf("the refused restore left changes in the outbox: %+v", out)
	}
	if sum := lan.sync(t); sum.Conflicts != 0 {
		t.Errorf("a second sync logs again: %+v", sum)
	}
	if _, n := conflictOf(t, lan, app.KindBooking, bookID, "requests"); n != 1 {
		t.Errorf("%d conflict entries after a second sync, want 1", n)
	}
	// Minh's value stays.
	rec, err := minh.db.Get(app.KindBooking, bookID)
	if err != nil || string(rec.Fields["requests"].Value) != `"aisle seats"` {
		t.Fatalf("minh's booking: %+v, %v", rec, err)
	}
}

// The same loss on a record Lan still reads (Mai's newer edit reached the
// server between Lan's pull and her push): the conflict log holds both
// values, and restoring pushes Lan's value again, which then wins.
func TestSupersededReadableCanBeRestored(t *testing.T) {
	url := newOfficeServer(t)
	wall := &atomic.Int64{}
	wall.Store(time.Now().UnixMilli())
	tick := func() { wall.Add(int64(time.Minute / time.Millisecond)) }
	lan := newDeviceOf(t, url, "lan.nguyen", wall)
	mai := newDeviceOf(t, url, "mai.pham", wall)
	lan.save(t, app.KindCustomer, custID, "name", "Hoa", "owner_id", lanID, "office_id", office)
	lan.sync(t)
	mai.sync(t)

	tick()
	lan.save(t, app.KindCustomer, custID, "notes", "from lan")
	tick()
	mai.save(t, app.KindCustomer, custID, "notes", "from mai")
	raced := false
	sum, err := lan.c.Sync(context.Background(), localsync.Store{DB: lan.db}, func(p client.Progress) {
		if p.Phase == client.PhasePull && !raced {
			raced = true
			mai.sync(t)
		}
	})
	if err != nil || sum.Conflicts != 1 {
		t.Fatalf("lan's sync: %+v, %v; want one conflict", sum, err)
	}
	c, n := conflictOf(t, lan, app.KindCustomer, custID, "notes")
	if n != 1 || string(c.LocalValue) != `"from lan"` || string(c.RemoteValue) != `"from mai"` {
		t.Fatalf("conflict log: %d entries, %+v", n, c)
	}
	if rec, _ := lan.db.Get(app.KindCustomer, custID); string(rec.Fields["notes"].Value) != `"from mai"` {
		t.Fatalf("lan's notes %s, want the kept value", rec.Fields["notes"].Value)
	}
	tick()
	if err := lan.db.RestoreConflict(c.Seq); err != nil {
		t.Fatal(err)
	}
	lan.sync(t)
	mai.sync(t)
	if rec, _ := mai.db.Get(app.KindCustomer, custID); string(rec.Fields["notes"].Value) != `"from lan"` {
		t.Fatalf("after the restore mai holds notes %s", rec.Fields["notes"].Value)
	}
}
