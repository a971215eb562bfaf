package e2e

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// TestRejectedChangeStaysOnDevice: a change the server refuses leaves the
// outbox for the rejected log, but its values stay in the local record and
// nothing ever brings back the server's: a refused edit keeps showing the
// refused value, a refused create keeps a record the server never had.
// The replica then differs from its user's view of the server for good.
func TestRejectedChangeStaysOnDevice(t *testing.T) {
	t.Skip("BUG: localdb.Settle keeps refused values in the local record and no pull replaces them (refused create stays, refused edit shows the refused value); see the e2e report")
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
		for _, line := range diffReplica(d, w.subject(d.login), snap, nil, nil) {
			t.Error(line)
		}
	}
}
