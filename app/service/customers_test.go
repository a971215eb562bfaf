package service_test

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

func openStore(t *testing.T) *localdb.Store {
	t.Helper()
	s, err := localdb.Open(filepath.Join(t.TempDir(), "test.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

var agent = service.Session{UserID: "u-lan", OfficeID: "o-hn", Role: app.RoleAgent}

func TestCreateValidatesAndStoresNothingOnError(t *testing.T) {
	store := openStore(t)
	svc := service.NewCustomers(store, agent)

	_, err := svc.Create(&app.Customer{Name: "Nguyễn Văn An", Phones: []string{"12"}})
	var ve *app.ValidationError
	if !errors.As(err, &ve) || ve.Field("phones.0") == "" {
		t.Fatalf("Create with a bad phone = %v, want a validation error on phones.0", err)
	}
	if n, _ := svc.Count(); n != 0 {
		t.Fatalf("a rejected customer was stored: count %d", n)
	}

	c := &app.Customer{Name: "Nguyễn Văn An", Phones: []string{"0901 234 567"}}
	id, err := svc.Create(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got.OwnerID != agent.UserID || got.OfficeID != agent.OfficeID || got.Phones[0] != "+84901234567" {
		t.Fatalf("stored %+v, want owner, office and E.164 phone", got)
	}
	found, err := svc.Search("0901 234 567", 10)
	if err != nil || len(found) != 1 || found[0].ID != id {
		t.Fatalf("Search by phone = %v, %v", found, err)
	}
}

// An edit writes only what the user changed in the form, so a value that
// arrived (from a sync, or another window) while the form was open survives.
func TestEditKeepsFieldsTheUserDidNotTouch(t *testing.T) {
	store := openStore(t)
	svc := service.NewCustomers(store, agent)
	id, err := svc.Create(&app.Customer{Name: "Trần Thị Bình", Emails: []string{"binh@example.vn"}})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := svc.Get(id)

	// Meanwhile someone else changes the email.
	other, _ := svc.Get(id)
	other.Emails = []string{"binh.tran@example.vn"}
	if err := svc.Edit(id, before, other); err != nil {
		t.Fatal(err)
	}

	// The form, loaded before that, changes only the notes.
	after := *before
	after.Notes = "Prefers window seats"
	if err := svc.Edit(id, before, &after); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Get(id)
	if got.Notes != "Prefers window seats" || !slices.Equal(got.Emails, []string{"binh.tran@example.vn"}) {
		t.Fatalf("after edit: notes %q emails %q", got.Notes, got.Emails)
	}
}

func TestEditRejectsBadStageMoveAndInvalidInput(t *testing.T) {
	store := openStore(t)
	svc := service.NewCustomers(store, agent)
	id, _ := svc.Create(&app.Customer{Name: "Иванов Иван", Stage: app.StageCustomer})
	before, _ := svc.Get(id)

	back := *before
	back.Stage = app.StageLead
	if err := svc.Edit(id, before, &back); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("customer → lead = %v, want a transition error", err)
	}
	bad := *before
	bad.Name = ""
	if err := svc.Edit(id, before, &bad); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("empty name = %v, want ErrInvalid", err)
	}
	got, _ := svc.Get(id)
	if got.Stage != app.StageCustomer || got.Name != "Иванов Иван" {
		t.Fatalf("a rejected edit changed the customer: %+v", got)
	}
}

func TestDeleteAndFindDuplicate(t *testing.T) {
	store := openStore(t)
	svc := service.NewCustomers(store, agent)
	id, _ := svc.Create(&app.Customer{Name: "王伟", Phones: []string{"+86 138 0013 8000"}, PassportNumber: "E12345678"})

	dup := &app.Customer{Name: "Wang Wei", Phones: []string{"138 0013 8000"}, Country: "CN"}
	if err := dup.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, err := service.FindDuplicate(store, dup); err != nil || got != id {
		t.Fatalf("FindDuplicate by phone = %q, %v; want %q", got, err, id)
	}
	byPassport := &app.Customer{Name: "Wang", PassportNumber: "e 12345678"}
	_ = byPassport.Validate()
	if got, _ := service.FindDuplicate(store, byPassport); got != id {
		t.Fatalf("FindDuplicate by passport = %q, want %q", got, id)
	}

	if err := svc.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Get(id); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("Get after delete = %v, want ErrNotFound", err)
	}
	if got, _ := service.FindDuplicate(store, dup); got != "" {
		t.Fatalf("a deleted customer is still a duplicate: %q", got)
	}
}
