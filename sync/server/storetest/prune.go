package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// testRecordsPrune checks server.PruneTx, when the store's transactions
// implement it: the horizon, device cursors and the removal of
// visibility changes up to a sequence, for every user, and that all of
// it rolls back with the transaction.
func testRecordsPrune(t *testing.T, h Harness) {
	var isPrune bool
	view(t, h.Records, func(v server.RecordView) error {
		_, isPrune = v.(server.PruneTx)
		return nil
	})
	if !isPrune {
		t.Skip("the store's transactions are not server.PruneTx")
	}
	ref := func(id string) protocol.Ref { return protocol.Ref{Kind: app.KindCustomer, ID: id} }
	seen := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	update(t, h.Records, func(tx server.RecordTx) error {
		pt := tx.(server.PruneTx)
		if n, err := pt.Horizon(); n != 0 || err != nil {
			t.Errorf("Horizon of a new store = %d, %v; want 0", n, err)
		}
		if c, err := pt.DeviceCursors(); len(c) != 0 || err != nil {
			t.Errorf("DeviceCursors of a new store = %v, %v; want none", c, err)
		}
		for seq := uint64(1); seq <= 6; seq++ {
			if _, err := tx.NextSeq(); err != nil {
				return err
			}
		}
		// u1 at 1, 3, 5 (two at 3); u2 at 2, 6; "u10" shares u1's prefix.
		for _, e := range []struct {
			user string
			seq  uint64
			id   string
		}{{"u1", 1, "a"}, {"u1", 3, "b"}, {"u1", 3, "c"}, {"u1", 5, "d"}, {"u2", 2, "e"}, {"u2", 6, "f"}, {"u10", 3, "g"}} {
			if err := tx.AddVisibilityChange(e.user, e.seq, ref(e.id)); err != nil {
				return err
			}
		}
		if err := pt.SetDeviceCursor("d1", server.DeviceCursor{Seq: 4, Seen: seen}); err != nil {
			return err
		}
		if err := pt.SetDeviceCursor("d2", server.DeviceCursor{Seq: 2, Seen: seen.Add(-time.Hour)}); err != nil {
			return err
		}
		if m, err := pt.PruneMarks(); len(m) != 0 || err != nil {
			t.Errorf("PruneMarks of a new store = %v, %v; want none", m, err)
		}
		if err := pt.SetPruneMarks([]server.PruneMark{{At: seen, Seq: 3}, {At: seen.Add(time.Hour), Seq: 6}}); err != nil {
			return err
		}
		return pt.SetHorizon(2)
	})
	update(t, h.Records, func(tx server.RecordTx) error {
		pt := tx.(server.PruneTx)
		n, err := pt.DeleteVisibilityChanges(3)
		if err != nil {
			return err
		}
		// u1: 1, 3, 3; u2: 2; u10: 3 → 5 removed.
		if n != 5 {
			t.Errorf("DeleteVisibilityChanges(3) = %d, want 5", n)
		}
		return pt.DeleteDeviceCursor("d2")
	})
	view(t, h.Records, func(v server.RecordView) error {
		pt := v.(server.PruneTx)
		if n, err := pt.Horizon(); n != 2 || err != nil {
			t.Errorf("Horizon = %d, %v; want 2", n, err)
		}
		m, err := pt.PruneMarks()
		if err != nil || len(m) != 2 || !m[0].At.Equal(seen) || m[0].Seq != 3 || !m[1].At.Equal(seen.Add(time.Hour)) || m[1].Seq != 6 {
			t.Errorf("PruneMarks = %v, %v", m, err)
		}
		c, err := pt.DeviceCursors()
		if err != nil || len(c) != 1 || c["d1"].Seq != 4 || !c["d1"].Seen.Equal(seen) {
			t.Errorf("DeviceCursors = %v, %v; want d1 at 4 seen %v", c, err, seen)
		}
		for user, want := range map[string]string{"u1": "5:customer/d ", "u2": "6:customer/f ", "u10": ""} {
			got, err := v.VisibilityChanges(user, 0, 10)
			if err != nil || seqRefs(got) != want {
				t.Errorf("VisibilityChanges(%s) = %s, %v; want %s", user, seqRefs(got), err, want)
			}
		}
		return nil
	})
	boom := errors.New("boom")
	err := h.Records.UpdateRecords(func(tx server.RecordTx) error {
		pt := tx.(server.PruneTx)
		pt.SetHorizon(9)
		pt.SetDeviceCursor("d3", server.DeviceCursor{Seq: 1, Seen: seen})
		pt.DeleteVisibilityChanges(10)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("UpdateRecords = %v, want fn's error", err)
	}
	view(t, h.Records, func(v server.RecordView) error {
		pt := v.(server.PruneTx)
		n, _ := pt.Horizon()
		c, _ := pt.DeviceCursors()
		got, _ := v.VisibilityChanges("u2", 0, 10)
		if n != 2 || len(c) != 1 || seqRefs(got) != "6:customer/f " {
			t.Errorf("after a rollback: horizon %d, cursors %v, u2's changes %s", n, c, seqRefs(got))
		}
		return nil
	})
}
