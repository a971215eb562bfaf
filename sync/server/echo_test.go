package server_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/server"
)

// A device's own changes, stored as it pushed them, do not come back in
// its pulls; its cursor passes them. What other devices changed since
// comes back field by field.
func TestPullLeavesOutOwnChanges(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	ids := []string{cust1, "0190c2d4-3333-7000-8000-000000000101", "0190c2d4-3333-7000-8000-000000000102"}
	for i, id := range ids {
		a.push(a.change(app.KindCustomer, id, e.customer("lan.nguyen", fmt.Sprint("Khách ", i))...))
	}
	before := a.cursor
	p := a.pullPage(0)
	if len(p.Records) != 0 || len(p.Whole) != 0 || len(p.Revoked) != 0 || p.More {
		t.Fatalf("pull after pushing 3 records: %d records, whole %v, revoked %v, more %v; want nothing", len(p.Records), p.Whole, p.Revoked, p.More)
	}
	if p.Cursor == before || p.Cursor != "3" {
		t.Errorf("cursor %q after the pull; want it past the 3 changes (3)", p.Cursor)
	}
	// Another device of the same user gets them all.
	if got := e.device("lan.nguyen", "lan-desktop").pull(); len(got.Records) != 3 {
		t.Errorf("another device pulled %d records, want 3", len(got.Records))
	}

	// Another device edits one field of one record: only that comes back.
	e.clock.Advance(time.Minute)
	mgr := e.device("mai.pham", "mai-laptop")
	mgr.push(mgr.change(app.KindCustomer, ids[1], "notes", "gọi lại thứ hai"))
	p = a.pull()
	if len(p.Records) != 1 || p.Records[0].ID != ids[1] || len(p.Whole) != 0 {
		t.Fatalf("pull after another device's edit: %+v; want only %s", p, ids[1])
	}
	if names := slices.Collect(maps.Keys(p.Records[0].Fields)); len(names) != 1 || names[0] != "notes" {
		t.Errorf("fields pulled %v; want only notes", names)
	}

	// A record both edited: only the other device's field, even when the
	// pulling device's change is the later one.
	e.clock.Advance(time.Minute)
	mgr.push(mgr.change(app.KindCustomer, ids[2], "notes", "VIP"))
	a.push(a.change(app.KindCustomer, ids[2], "email", "khach2@example.com"))
	p = a.pull()
	if len(p.Records) != 1 || p.Records[0].ID != ids[2] {
		t.Fatalf("pull after both edited: %+v; want only %s", p, ids[2])
	}
	if names := slices.Collect(maps.Keys(p.Records[0].Fields)); len(names) != 1 || names[0] != "notes" {
		t.Errorf("fields pulled %v; want only the manager's notes", names)
	}

	// Nothing new: one small answer, the cursor unchanged.
	cur := a.cursor
	if p := a.pullPage(0); len(p.Records) != 0 || p.More || p.Cursor != cur {
		t.Errorf("no-op pull: %d records, more %v, cursor %q (was %q)", len(p.Records), p.More, p.Cursor, cur)
	}
}

// Own changes do not count against a page's limit: a device that pushed
// many records pulls past them in one request.
func TestPullOwnChangesNotPaged(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	for i := range 30 {
		a.push(a.change(app.KindCustomer, fmt.Sprintf("0190c2d4-3333-7000-8000-%012d", i), e.customer("lan.nguyen", fmt.Sprint("Khách ", i))...))
	}
	mgr := e.device("mai.pham", "mai-laptop")
	mgr.push(mgr.change(app.KindCustomer, "0190c2d4-3333-7000-8000-000000000007", "notes", "x"))
	p := a.pullPage(5)
	if len(p.Records) != 1 || p.More || p.Cursor != strconv.Itoa(31) {
		t.Errorf("pull with limit 5 after pushing 30: %d records, more %v, cursor %q; want the manager's one, no more, cursor 31", len(p.Records), p.More, p.Cursor)
	}
}
