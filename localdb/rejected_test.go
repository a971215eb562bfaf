package localdb

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

func TestSettleRejectsWithoutBlocking(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"name": `"An"`})              // 1 accepted
	save(t, s, "c2", map[string]string{"owner_id": `"forged"`})      // 2 rejected
	save(t, s, "c1", map[string]string{"notes": `"kept"`})           // 3 accepted
	save(t, s, "c3", map[string]string{"name": `"Châu"`})            // 4 rejected, last of the batch
	save(t, s, "c1", map[string]string{"notes": `"not yet pushed"`}) // 5 not in the batch
	added, err := s.Settle(4, map[uint64]Reason{
		2: {Code: "forbidden", Field: "owner_id", Message: "you may not make this change"},
		4: {Code: "unknown_kind"},
		9: {Code: "forbidden"}, // not in the outbox: ignored
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 || added[0].DeviceSeq != 2 || added[0].ID != "c2" || added[0].Reason.Field != "owner_id" ||
		string(added[0].Fields["owner_id"].Value) != `"forged"` || added[0].Fields["owner_id"].Stamp.Device != s.DeviceID() ||
		added[1].DeviceSeq != 4 || added[1].Reason.Code != "unknown_kind" || added[0].Seq != 1 || added[1].Seq != 2 {
		t.Fatalf("added %+v", added)
	}
	out, err := s.Outbox(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].DeviceSeq != 5 {
		t.Fatalf("outbox after settle: %+v", out)
	}
	log, err := s.RejectedChanges()
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[1].Kind != app.KindCustomer || log[1].ID != "c3" || string(log[1].Fields["name"].Value) != `"Châu"` {
		t.Fatalf("log %+v", log)
	}
	// Settling again (a replayed answer) changes nothing.
	if again, err := s.Settle(4, map[uint64]Reason{2: {Code: "forbidden"}}); err != nil || len(again) != 0 {
		t.Fatalf("second settle: %+v, %v", again, err)
	}
	if log, _ := s.RejectedChanges(); len(log) != 2 {
		t.Fatalf("log grew: %+v", log)
	}
	// The rejected value (seq 4, the newest handled) no longer counts as
	// unsynced: a newer remote value beats it without a conflict.
	stamp := record.Stamp{Wall: 1 << 50, Device: "lan-laptop"}
	_, conflicts, err := s.ApplyRemote([]record.Record{{Kind: string(app.KindCustomer), ID: "c3",
		Fields: map[string]record.Field{"name": {Value: []byte(`"Châu Lan"`), Stamp: stamp}}}})
	if err != nil || len(conflicts) != 0 {
		t.Fatalf("apply: %+v, %v", conflicts, err)
	}
	// Settling everything with no rejection is Ack.
	if added, err := s.Settle(5, nil); err != nil || len(added) != 0 {
		t.Fatalf("settle 5: %+v, %v", added, err)
	}
	if out, _ := s.Outbox(0); len(out) != 0 {
		t.Fatalf("outbox %+v", out)
	}
}
