package boltstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

const resyncPassword = "mật khẩu đủ dài 2026"

// laptop is one device: a localdb store and a client signed in on the
// real handler over loopback.
type laptop struct {
	db *localdb.Store
	c  *client.Client
}

func newLaptop(t *testing.T, url, login string) *laptop {
	t.Helper()
	db, err := localdb.Open(filepath.Join(t.TempDir(), login+".db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c, err := client.New(url, client.WithRetries(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), login, resyncPassword, db.DeviceID()); err != nil {
		t.Fatal(err)
	}
	return &laptop{db: db, c: c}
}

func (l *laptop) save(t *testing.T, id string, kv ...string) {
	t.Helper()
	values := map[string]json.RawMessage{}
	for i := 0; i+1 < len(kv); i += 2 {
		v, _ := json.Marshal(kv[i+1])
		values[kv[i]] = v
	}
	if err := l.db.Update(func(tx service.Tx) error { _, err := tx.Save(app.KindCustomer, id, values); return err }); err != nil {
		t.Fatal(err)
	}
}

func (l *laptop) sync(t *testing.T) client.Summary {
	t.Helper()
	sum, err := l.c.Sync(context.Background(), localsync.Store{DB: l.db}, nil)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

func (l *laptop) value(t *testing.T, id, field string) string {
	t.Helper()
	rec, err := l.db.Get(app.KindCustomer, id)
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	return string(rec.Fields[field].Value)
}

// TestPruneAndResync: a laptop offline for 91 days, with edits typed
// offline, comes back after the server pruned the deletion and the
// reassignment it never pulled. Its pull is answered resync_required; it
// pushes what was typed, then replaces its records with a snapshot: the
// deleted customer is deleted, the reassigned one gone, the typed edits
// kept (on the server and here). The pruned tombstone keeps only its
// deleted, scope and link fields; the audit log keeps every value.
func TestPruneAndResync(t *testing.T) {
	st := open(t)
	o, err := st.AddOffice(app.Office{Name: "Đà Nẵng"})
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := server.HashPassword(resyncPassword, bcrypt.MinCost)
	add := func(name, login string, role app.Role) string {
		u, err := st.AddUser(app.User{Name: name, Login: login, Role: role, OfficeID: o.ID, Active: true}, hash)
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	lan := add("Nguyễn Thị Lan", "lan", app.RoleAgent)
	minh := add("Trần Văn Minh", "minh", app.RoleAgent)
	add("Lê Hùng", "hung", app.RoleManager)

	t0 := time.Now()
	var now atomic.Int64
	now.Store(t0.UnixMilli())
	srv, err := server.New(server.Config{Store: st, BcryptCost: bcrypt.MinCost, SessionTTL: 400 * 24 * time.Hour,
		Now: func() time.Time { return time.UnixMilli(now.Load()) }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	c1, c2, c3, c4 := record.NewID(), record.NewID(), record.NewID(), record.NewID()
	a := newLaptop(t, ts.URL, "lan")
	for _, id := range []string{c1, c2, c3} {
		a.save(t, id, "name", "Khách "+id[len(id)-4:], "owner_id", lan, "office_id", o.ID)
	}
	a.sync(t)

	// B: Lan's second laptop, filled from a snapshot, then offline.
	b := newLaptop(t, ts.URL, "lan")
	if sum := b.sync(t); !sum.Snapshot || sum.Pulled < 3 {
		t.Fatalf("B's first sync: %+v; want a snapshot of at least the 3 customers", sum)
	}
	m := newLaptop(t, ts.URL, "hung")
	m.sync(t)
	// While B is away: c3 moves to Minh, c1 is deleted, c2 renamed.
	m.save(t, c3, "owner_id", minh)
	m.sync(t)
	if err := a.db.Update(func(tx service.Tx) error { return tx.Delete(app.KindCustomer, c1) }); err != nil {
		t.Fatal(err)
	}
	a.save(t, c2, "name", "Khách đổi tên")
	a.sync(t)
	// B's user types offline: notes on c2, a new customer c4.
	b.save(t, c2, "notes", "gọi lại thứ hai")
	b.save(t, c4, "name", "Khách mới", "owner_id", lan, "office_id", o.ID)

	// The first Prune only marks the time: nothing is a window old.
	ps, err := srv.Prune()
	if err != nil || ps.Horizon != 0 || ps.Tombstones != 0 {
		t.Fatalf("first prune: %+v %v; want nothing pruned", ps, err)
	}
	var last uint64
	st.ViewRecords(func(v server.RecordView) error { last, _ = v.LastSeq(); return nil })

	// 91 days later A and the manager sync; B does not. A device counts
	// as having the changes up to where its latest pull started: the
	// manager's first sync now pulls A's changes, its second starts past
	// them.
	now.Store(t0.Add(91 * 24 * time.Hour).UnixMilli())
	a.sync(t)
	m.sync(t)
	m.sync(t)
	ps, err = srv.Prune()
	if err != nil {
		t.Fatal(err)
	}
	// A and M are active, B (seen at t0) forgotten; the horizon is the
	// newest sequence at the first Prune, which both have passed.
	if ps.Horizon != last || ps.Devices != 2 || ps.Forgotten != 1 || ps.Tombstones != 1 || ps.Visibility < 2 {
		t.Fatalf("prune: %+v; want horizon %d, 2 devices, 1 forgotten, 1 tombstone, the 2+ visibility changes of c3", ps, last)
	}
	st.ViewRecords(func(v server.RecordView) error {
		r, err := v.Record(app.KindCustomer, c1)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := r.Fields["name"]; ok || string(r.Fields[record.Deleted].Value) != "true" || string(r.Fields["owner_id"].Value) != strconv.Quote(lan) {
			t.Errorf("pruned tombstone holds %v; want deleted and owner, no name", r.Fields)
		}
		audit, _ := v.Audit(app.KindCustomer, c1)
		if !slices.ContainsFunc(audit, func(e server.AuditRecord) bool { return e.Field == "name" }) {
			t.Errorf("the audit log lost c1's name: %v", audit)
		}
		for _, u := range []string{lan, minh} {
			if vis, _ := v.VisibilityChanges(u, 0, 100); len(vis) != 0 {
				t.Errorf("visibility changes of %s left: %v", u, vis)
			}
		}
		return nil
	})

	// A version-3 pull from B's old cursor is refused with the code; an
	// older client is answered from scratch.
	cur, _ := b.db.SyncCursor()
	for _, tc := range []struct {
		version int
		status  int
	}{{3, http.StatusGone}, {2, http.StatusOK}} {
		req, _ := http.NewRequest("GET", ts.URL+protocol.PathPull+"?cursor="+cur, nil)
		req.Header.Set(protocol.HeaderVersion, strconv.Itoa(tc.version))
		req.Header.Set("Authorization", "Bearer "+b.c.Token())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Code    string          `json:"code"`
			Records []record.Record `json:"records"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || (tc.version == 3 && body.Code != protocol.CodeResyncRequired) || (tc.version == 2 && len(body.Records) == 0) {
			t.Errorf("version %d pull from cursor %s: %d %q, %d records", tc.version, cur, resp.StatusCode, body.Code, len(body.Records))
		}
	}

	sum := b.sync(t)
	if !sum.Snapshot || sum.Pushed != 2 || len(sum.Rejected) != 0 {
		t.Fatalf("B's resync: %+v; want the 2 typed changes pushed, then a snapshot", sum)
	}
	if out, _ := b.db.Outbox(0); len(out) != 0 {
		t.Errorf("B's outbox holds %d changes", len(out))
	}
	if got := b.value(t, c2, "name"); got != `"Khách đổi tên"` {
		t.Errorf("c2 name on B = %s", got)
	}
	if got := b.value(t, c2, "notes"); got != `"gọi lại thứ hai"` {
		t.Errorf("c2 notes on B = %s (typed offline)", got)
	}
	if got := b.value(t, c4, "name"); got != `"Khách mới"` {
		t.Errorf("c4 on B = %s (created offline)", got)
	}
	if rec, err := b.db.Get(app.KindCustomer, c1); err != nil || !rec.IsDeleted() {
		t.Errorf("c1 on B: %v %v; want its tombstone", rec.Fields, err)
	}
	if _, err := b.db.Get(app.KindCustomer, c3); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("c3 (now Minh's) on B: %v; want it gone", err)
	}
	if n, _ := b.db.Count(app.KindCustomer); n != 2 {
		t.Errorf("B counts %d live customers, want 2 (c2, c4)", n)
	}
	// A sees what B typed.
	a.sync(t)
	if got := a.value(t, c2, "notes"); got != `"gọi lại thứ hai"` {
		t.Errorf("c2 notes on A = %s", got)
	}
	// B is back in step: its next sync is an ordinary pull.
	if sum := b.sync(t); sum.Snapshot {
		t.Errorf("B's next sync loaded a snapshot again: %+v", sum)
	}
}
