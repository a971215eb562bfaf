package edit_test

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/internal/edit"
)

func outbox(t *testing.T, s *localdb.Store) int {
	t.Helper()
	c, err := s.Outbox(0)
	if err != nil {
		t.Fatal(err)
	}
	return len(c)
}

func load(t *testing.T, s *localdb.Store, id string) *app.Partner {
	t.Helper()
	p, err := service.Load[app.Partner](s, id)
	if err != nil {
		t.Fatal(err)
	}
	p.ID = id
	return p
}

// A new partner is stored whole; an edit stores only the field the form
// changed, so a change another device made to another field meanwhile
// stays; an edit that changes nothing writes nothing.
func TestSaveNewThenOnlyTheChangedFields(t *testing.T) {
	s := localdbtest.Open(t)
	id, err := edit.Save(s, "", nil, &app.Partner{Name: "Khách sạn Biển Xanh", Type: app.PartnerHotel, Province: "Đà Nẵng"})
	if err != nil || id == "" {
		t.Fatalf("new: id %q, %v", id, err)
	}
	before := load(t, s, id)

	// Meanwhile (a sync), the notes change.
	synced := *before
	synced.Notes = "Pays on the 5th"
	if _, err := edit.Save(s, id, before, &synced); err != nil {
		t.Fatal(err)
	}
	n := outbox(t, s)

	// The form, opened before that, changes the province only.
	form := *before
	form.Province = "Quảng Nam"
	if got, err := edit.Save(s, id, before, &form); err != nil || got != id {
		t.Fatalf("edit: id %q, %v", got, err)
	}
	after := load(t, s, id)
	if after.Province != "Quảng Nam" || after.Notes != "Pays on the 5th" || after.Name != "Khách sạn Biển Xanh" {
		t.Errorf("after the edit: province %q, notes %q, name %q", after.Province, after.Notes, after.Name)
	}
	if got := outbox(t, s); got != n+1 {
		t.Errorf("outbox %d after the edit, want %d (one change)", got, n+1)
	}

	// Unchanged: nothing written.
	same := *after
	if _, err := edit.Save(s, id, after, &same); err != nil {
		t.Fatal(err)
	}
	if got := outbox(t, s); got != n+1 {
		t.Errorf("outbox %d after saving no change, want %d", got, n+1)
	}
}

// An invalid entity stores nothing; an edit of a record deleted
// meanwhile is refused as not found.
func TestSaveRefusals(t *testing.T) {
	s := localdbtest.Open(t)
	_, err := edit.Save(s, "", nil, &app.Partner{Type: app.PartnerHotel})
	if !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("no name: %v, want a validation error", err)
	}
	if n, _ := s.Count(app.KindPartner); n != 0 {
		t.Fatalf("%d partners stored after a refusal", n)
	}
	id, err := edit.Save(s, "", nil, &app.Partner{Name: "Xe Hùng", Type: app.PartnerTransport})
	if err != nil {
		t.Fatal(err)
	}
	before := load(t, s, id)
	if err := s.Update(func(tx service.Tx) error { return tx.Delete(app.KindPartner, id) }); err != nil {
		t.Fatal(err)
	}
	form := *before
	form.Notes = "16 seats"
	if _, err := edit.Save(s, id, before, &form); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("edit of a deleted partner: %v, want not found", err)
	}
}
