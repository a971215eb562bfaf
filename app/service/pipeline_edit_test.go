package service_test

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

func TestEditTravelerSavesChangedFieldsOnly(t *testing.T) {
	store := openStore(t)
	p := service.NewPipeline(store, agent, "dev-1")
	b, err := p.Create(service.Request{CustomerID: newCustomer(t, store, "Lan"), Destination: "Sa Pa", StartDate: day("2026-12-01"), EndDate: day("2026-12-03"), Currency: "VND"}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := p.AddTraveler(b.ID, &app.Traveler{Name: "Nguyễn An", Type: app.TravelerAdult})
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := p.Travelers(b.ID)
	before := ts[0]
	after := *before
	after.PassportNumber = "c1234567"
	after.Type = app.TravelerChild
	if err := p.EditTraveler(id, before, &after); err != nil {
		t.Fatal(err)
	}
	bad := after
	bad.Name = ""
	if err := p.EditTraveler(id, &after, &bad); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("empty name: %v, want invalid", err)
	}
	ts, _ = p.Travelers(b.ID)
	if got := ts[0]; got.PassportNumber != "C1234567" || got.Type != app.TravelerChild || got.Name != "Nguyễn An" || got.BookingID != b.ID {
		t.Errorf("stored traveler = %+v", got)
	}
}

func TestSetLinesRepricesOpenBookingsOnly(t *testing.T) {
	store := openStore(t)
	p := service.NewPipeline(store, agent, "dev-1")
	b, err := p.Create(service.Request{CustomerID: newCustomer(t, store, "Lan"), Destination: "Sa Pa", StartDate: day("2026-12-01"), EndDate: day("2026-12-03"), Currency: "VND"}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	lines := []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: amount(t, "3.000.000", "VND")}}
	got, err := p.SetLines(b.ID, lines)
	if err != nil {
		t.Fatal(err)
	}
	if tot, _ := got.Total(); tot.Amount != 6_000_000 {
		t.Errorf("total = %v, want 6,000,000 VND", tot)
	}
	if _, err := p.SetLines(b.ID, []app.PriceLine{{Description: "x", Quantity: 1, UnitPrice: amount(t, "10", "USD")}}); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("a USD line on a VND booking: %v, want invalid", err)
	}
	if _, err := p.Move(b.ID, app.BookingLost, "chose another agency", service.MoveOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.SetLines(b.ID, lines[:0]); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("repricing a lost booking: %v, want refused", err)
	}
	stored, _ := p.Get(b.ID)
	if tot, _ := stored.Total(); tot.Amount != 6_000_000 {
		t.Errorf("stored total = %v, want 6,000,000 VND", tot)
	}
}
