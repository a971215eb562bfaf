package localdb

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

func TestLogSuperseded(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"notes": `"mine"`})
	save(t, s, "c2", map[string]string{"notes": `"also mine"`})
	out, err := s.Outbox(0)
	if err != nil || len(out) != 2 {
		t.Fatalf("outbox %+v, %v", out, err)
	}
	remote := record.Stamp{Wall: out[1].Fields["notes"].Stamp.Wall + 1000, Device: "other"}
	entries := []Superseded{
		{Kind: app.KindCustomer, ID: "c1", Field: "notes", LocalValue: out[0].Fields["notes"].Value, LocalStamp: out[0].Fields["notes"].Stamp,
			RemoteValue: json.RawMessage(`"theirs"`), RemoteStamp: remote},
		{Kind: app.KindCustomer, ID: "c2", Field: "notes", LocalValue: out[1].Fields["notes"].Value, LocalStamp: out[1].Fields["notes"].Stamp,
			RemoteStamp: remote},
	}
	added, err := s.LogSuperseded(entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 || added[0].Seq != 1 || added[1].Seq != 2 || string(added[0].LocalValue) != `"mine"` || string(added[0].RemoteValue) != `"theirs"` {
		t.Fatalf("added %+v", added)
	}
	// The answer to a replayed push: nothing new.
	if again, err := s.LogSuperseded(entries); err != nil || len(again) != 0 {
		t.Fatalf("logging again added %+v, %v", again, err)
	}
	if _, err := s.LogSuperseded([]Superseded{{Kind: app.KindCustomer, ID: "c1"}}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("entry without a field: %v", err)
	}
	cs, err := s.Conflicts()
	if err != nil || len(cs) != 2 {
		t.Fatalf("conflicts %+v, %v", cs, err)
	}
	if err := s.Ack(2); err != nil {
		t.Fatal(err)
	}

	// c2 is revoked: its conflict stays, and cannot be restored.
	if removed, _, err := s.Revoke([]Ref{{app.KindCustomer, "c2"}}); err != nil || removed != 1 {
		t.Fatalf("revoke: %d, %v", removed, err)
	}
	if err := s.RestoreConflict(2); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("restore of a revoked record: %v, want ErrForbidden", err)
	}
	if out, _ := s.Outbox(0); len(out) != 0 {
		t.Fatalf("refused restore wrote %+v", out)
	}
	// c1 is still here, and gets the kept value with the next pull:
	// restoring writes the local value back as a change.
	pulled := record.Record{Kind: string(app.KindCustomer), ID: "c1", Fields: map[string]record.Field{"notes": {Value: json.RawMessage(`"theirs"`), Stamp: remote}}}
	if _, logged, err := s.ApplyPull(Pulled{Records: []record.Record{pulled}}); err != nil || len(logged) != 0 {
		t.Fatalf("pull of the kept value: %+v, %v (the pushed value is settled: no second conflict)", logged, err)
	}
	if err := s.RestoreConflict(1); err != nil {
		t.Fatal(err)
	}
	if out, _ := s.Outbox(0); len(out) != 1 || out[0].ID != "c1" || string(out[0].Fields["notes"].Value) != `"mine"` {
		t.Fatalf("outbox after restore %+v", out)
	}
	if err := checkStore(s); err != nil {
		t.Fatal(err)
	}
}
