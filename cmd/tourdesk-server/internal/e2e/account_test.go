package e2e

import (
	"slices"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// setUser changes login's account through the server's store as
// `tourdesk-server user set` does (boltstore.ChangeUser with
// server.AccountChange), and keeps the world's copy of the user.
func (w *world) setUser(login string, edit func(*app.User)) {
	w.t.Helper()
	u, err := w.store.ChangeUser(login, func(u *app.User) error { edit(u); return nil },
		func(tx server.RecordTx, before, after app.User, write func() error) error {
			return server.AccountChange(tx, nil, before, after, write)
		})
	if err != nil {
		w.t.Fatalf("change %s: %v", login, err)
	}
	w.users[login] = u
}

// wantReplica fails the test where d's store differs from what its user
// may see of the server.
func (w *world) wantReplica(d *device) {
	w.t.Helper()
	snap, _ := w.serverState()
	for _, line := range diffReplica(d, w.subject(d.login), snap) {
		w.t.Error(line)
	}
}

func mustSync(t *testing.T, d *device) {
	t.Helper()
	if _, err := d.sync(); err != nil {
		t.Fatalf("%s sync: %v", d.name, err)
	}
}

// TestRoleAndOfficeChanges: an administrator's change of a user's role or
// office is a grant and a revoke like a reassignment. An agent promoted
// to manager pulls the office's other customers with what hangs off them,
// although they are older than her cursor; a manager moved to another
// office first pushes his unsynced edit (refused now, kept in his
// rejected log), then loses the old office's records and gets the new
// office's. Through the real handler over a bbolt store, with real
// localdb devices.
func TestRoleAndOfficeChanges(t *testing.T) {
	w := newWorld(t, 1, map[string]app.Role{"lan": app.RoleAgent, "minh": app.RoleAgent, "mai": app.RoleManager})
	sgn, err := w.store.AddOffice(app.Office{Name: "Sài Gòn", Code: "SGN"})
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := server.HashPassword(password, bcrypt.MinCost)
	tuan, err := w.store.AddUser(app.User{Name: "Tuấn", Login: "tuan", Role: app.RoleAgent, OfficeID: sgn.ID, Active: true}, hash)
	if err != nil {
		t.Fatal(err)
	}
	w.users["tuan"] = tuan
	lan, minh, mai, tu := w.newDevice("lan", "lan"), w.newDevice("minh", "minh"), w.newDevice("mai", "mai"), w.newDevice("tuan", "tuan")

	customer := func(d *device, name, office string) string {
		t.Helper()
		id := record.NewID()
		if err := d.save(app.KindCustomer, id, map[string]any{"name": name, "owner_id": d.user.ID, "office_id": office}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	booking := func(d *device, cust, office string) string {
		t.Helper()
		id := record.NewID()
		err := d.save(app.KindBooking, id, map[string]any{
			"code": "BK-2026-00000" + string(rune('1'+len(d.live(app.KindBooking)))), "customer_id": cust, "owner_id": d.user.ID,
			"office_id": office, "status": "inquiry", "currency": "VND",
			"destination": "Hạ Long", "start_date": "2026-12-01", "end_date": "2026-12-03",
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	cLan := customer(lan, "Nguyễn Văn An", w.office.ID)
	bLan := booking(lan, cLan, w.office.ID)
	cMinh := customer(minh, "Trần Thị Bình", w.office.ID)
	bMinh := booking(minh, cMinh, w.office.ID)
	cTuan := customer(tu, "Lê Văn Cường", sgn.ID)
	for _, d := range []*device{lan, minh, tu, mai, lan} {
		mustSync(t, d)
	}
	if got := lan.live(app.KindCustomer); !slices.Equal(got, []string{cLan}) {
		t.Fatalf("agent lan holds customers %v, want only her own", got)
	}
	if got := mai.live(app.KindCustomer); len(got) != 2 {
		t.Fatalf("manager mai holds %d customers, want the office's 2", len(got))
	}

	// Lan is promoted: her next pull brings Minh's customer and booking,
	// written before her cursor.
	w.setUser("lan", func(u *app.User) { u.Role = app.RoleManager })
	mustSync(t, lan)
	if _, ok := lan.get(app.KindCustomer, cMinh); !ok {
		t.Error("manager lan lacks Minh's customer after her promotion")
	}
	if _, ok := lan.get(app.KindBooking, bMinh); !ok {
		t.Error("manager lan lacks Minh's booking after her promotion")
	}
	if slices.Contains(lan.live(app.KindCustomer), cTuan) {
		t.Error("manager lan holds another office's customer")
	}
	w.wantReplica(lan)

	// Mai edits Lan's customer offline, then is moved to Sài Gòn.
	if err := mai.save(app.KindCustomer, cLan, map[string]any{"notes": "gọi lại sau Tết"}); err != nil {
		t.Fatal(err)
	}
	w.setUser("mai", func(u *app.User) { u.OfficeID = sgn.ID })
	sum, err := mai.sync()
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Rejected) != 1 || sum.Rejected[0].ID != cLan || sum.Rejected[0].Code != protocol.CodeForbidden {
		t.Errorf("mai's edit of a Hà Nội customer after her move: rejected %+v, want it refused (forbidden)", sum.Rejected)
	}
	rej, err := mai.db.RejectedChanges()
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 1 || compact(rej[0].Fields["notes"].Value) != `"gọi lại sau Tết"` {
		t.Errorf("mai's rejected log: %+v, want her note kept", rej)
	}
	for _, id := range []string{cLan, cMinh} {
		if _, ok := mai.get(app.KindCustomer, id); ok {
			t.Errorf("mai still holds Hà Nội customer %s after moving to Sài Gòn", id)
		}
	}
	for _, id := range []string{bLan, bMinh} {
		if _, ok := mai.get(app.KindBooking, id); ok {
			t.Errorf("mai still holds Hà Nội booking %s after moving to Sài Gòn", id)
		}
	}
	if got := mai.live(app.KindCustomer); !slices.Equal(got, []string{cTuan}) {
		t.Errorf("mai holds customers %v after her move, want Sài Gòn's %s", got, cTuan)
	}
	w.wantReplica(mai)

	// The others are unaffected; a sync of each converges.
	for _, d := range []*device{lan, minh, tu} {
		mustSync(t, d)
		w.wantReplica(d)
	}

	// Moving a user moves who manages their tasks: Minh's own to-do,
	// seen by Lan as the manager of his office, leaves Lan's laptop when
	// he moves to Sài Gòn, and reaches Mai, Sài Gòn's manager now. Neither
	// manager's view of the task record changed through a push.
	task := record.NewID()
	if err := minh.save(app.KindTask, task, map[string]any{"title": "gửi hợp đồng", "type": "other", "assignee_id": minh.user.ID, "status": "open", "due_date": "2026-11-30"}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, minh)
	mustSync(t, lan)
	if _, ok := lan.get(app.KindTask, task); !ok {
		t.Fatal("manager lan lacks the task of an agent of her office")
	}
	w.setUser("minh", func(u *app.User) { u.OfficeID = sgn.ID })
	for _, d := range []*device{lan, mai, minh} {
		mustSync(t, d)
		w.wantReplica(d)
	}
	if _, ok := lan.get(app.KindTask, task); ok {
		t.Error("lan still holds the task of an agent who moved to another office")
	}
	if _, ok := mai.get(app.KindTask, task); !ok {
		t.Error("mai lacks the task of an agent who moved to her office")
	}
}
