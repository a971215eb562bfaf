package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/localdb"
)

// A value the server kept but the user may no longer read (the customer
// moved to another agent) is listed as "a newer value was kept", and
// restoring it says why it cannot be done instead of failing obscurely.
func TestConflictsListAndRestoreOfARevokedRecord(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC).UnixMilli()
	withStore(t, dir, func(s *localdb.Store) error {
		_, err := s.LogSuperseded([]localdb.Superseded{{
			Kind: app.KindBooking, ID: record.NewID(), Field: "notes",
			LocalValue: json.RawMessage(`"Phòng gần thang máy"`), LocalStamp: record.Stamp{Wall: at, Device: "d-minh"},
			RemoteStamp: record.Stamp{Wall: at + 60_000, Device: "d-lan"},
		}})
		return err
	})
	out := mustCtl(t, dir, "conflicts", "list")
	if !strings.Contains(out, `notes: you wrote "Phòng gần thang máy"`) || !strings.Contains(out, "a newer value was kept") || strings.Contains(out, "wrote null") {
		t.Fatalf("conflicts list:\n%s", out)
	}
	failCtl(t, dir, "conflicts restore: ", "conflicts", "restore", "1")
}
