package localdb

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

func TestRevoke(t *testing.T) {
	s := openTest(t)
	save(t, s, "c1", map[string]string{"name": `"Nguyễn An"`, "phones": `["+84901234567"]`})
	save(t, s, "c2", map[string]string{"name": `"Trần Bình"`})
	save(t, s, "c3", map[string]string{"name": `"Lê Châu"`})
	if err := s.Update(func(tx service.Tx) error { return tx.Delete(app.KindCustomer, "c3") }); err != nil {
		t.Fatal(err)
	}
	if err := s.Ack(4); err != nil {
		t.Fatal(err)
	}
	save(t, s, "c2", map[string]string{"notes": `"unsynced"`})

	refs := []Ref{{app.KindCustomer, "c1"}, {app.KindCustomer, "c2"}, {app.KindCustomer, "c3"}, {app.KindCustomer, "never-here"}}
	removed, blocked, err := s.Revoke(refs)
	if err != nil {
		t.Fatal(err)
	}
	if removed != 2 || len(blocked) != 1 || blocked[0].ID != "c2" {
		t.Fatalf("removed %d, blocked %+v", removed, blocked)
	}
	for _, id := range []string{"c1", "c3"} {
		if _, err := s.Get(app.KindCustomer, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("get %s after revoke: %v", id, err)
		}
	}
	if ids, _ := s.Search(app.KindCustomer, "nguyen", 5); len(ids) != 0 {
		t.Fatalf("search finds revoked: %v", ids)
	}
	if ids, _ := s.Lookup(app.KindCustomer, "phones", "+84901234567"); len(ids) != 0 {
		t.Fatalf("lookup finds revoked: %v", ids)
	}
	if n, _ := s.Count(app.KindCustomer); n != 1 {
		t.Fatalf("count %d", n)
	}
	if ids, _ := s.SortedIDs(app.KindCustomer); !sameIDs(ids, []string{"c2"}) {
		t.Fatalf("sorted %v", ids)
	}
	// Once its change is settled, the blocked record goes too.
	if _, err := s.Settle(5, nil); err != nil {
		t.Fatal(err)
	}
	if removed, blocked, err := s.Revoke(refs); err != nil || removed != 1 || len(blocked) != 0 {
		t.Fatalf("second revoke: %d %+v %v", removed, blocked, err)
	}
	// A record granted again later comes back whole through ApplyRemote.
	stamp := record.Stamp{Wall: 1 << 50, Device: "server"}
	if _, _, err := s.ApplyRemote([]record.Record{{Kind: string(app.KindCustomer), ID: "c1",
		Fields: map[string]record.Field{"name": {Value: []byte(`"Nguyễn An"`), Stamp: stamp}}}}); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.Search(app.KindCustomer, "nguyen", 5); !sameIDs(ids, []string{"c1"}) {
		t.Fatalf("search after re-grant: %v", ids)
	}
}
