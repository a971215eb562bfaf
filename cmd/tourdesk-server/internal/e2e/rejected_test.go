package e2e

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// TestRejectedChangeStaysOnDevice: a change the server refuses leaves the
// outbox for the rejected log, and its values must not stay in the local
// record: the server notes the refusal as a visibility change of the
// pushing user, so the pull after the push brings the record back whole
// (a refused edit of a readable record: the server's value and stamp) or
// revokes it (a refused create: the server never had it). Afterwards
// each replica equals its user's view of the server.
func TestRejectedChangeStaysOnDevice(t *testing.T) {
	w := newWorld(t, 1, map[string]app.Role{"lan": app.RoleAgent, "minh": app.RoleAgent, "hanh": app.RoleAccountant})
	lan, ha := w.newDevice("lan", "lan"), w.newDevice("hanh", "hanh")
	id := record.NewID()
	if err := lan.save(app.KindCustomer, id, map[string]any{"name": "Nguyễn Văn An", "owner_id": lan.user.ID, "office_id": w.office.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := lan.sync(); err != nil {
		t.Fatal(err)
	}
	if _, err := ha.sync(); err != nil {
		t.Fatal(err)
	}
	// The accountant may not edit a customer; Lan may not create one for Minh.
	if err := ha.save(app.KindCustomer, id, map[string]any{"name": "refused name"}); err != nil {
		t.Fatal(err)
	}
	forged := record.NewID()
	if err := lan.save(app.KindCustomer, forged, map[string]any{"name": "forged", "owner_id": w.users["minh"].ID, "office_id": w.office.ID}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*device{ha, lan, ha, lan} {
		s, err := d.sync()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %+v", d.name, s)
	}
	snap, _ := w.serverState()
	for _, d := range []*device{ha, lan} {
		for _, line := range diffReplica(d, w.subject(d.login), snap) {
			t.Error(line)
		}
	}
}
