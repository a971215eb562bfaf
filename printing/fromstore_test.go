package printing

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// TestDocument builds documents from a real store: the language defaults
// to the customer's, a wrong kind is invalid and a wrong id not found.
// (cmd/tourdeskctl's print tests cover every kind through the command.)
func TestDocument(t *testing.T) {
	s, err := localdb.Open(filepath.Join(t.TempDir(), "test.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	vnd := func(n int64) money.Money { return money.New(n, "VND") }
	err = s.Update(func(tx service.Tx) error {
		for id, e := range map[string]app.Entity{
			"c1": &app.Customer{Name: "Trần Thị Bích", Language: "en", OwnerID: "u1"},
			"b1": &app.Booking{Code: "BK-2026-000007", CustomerID: "c1", OwnerID: "u1", Destination: "Sa Pa", Currency: "VND", Status: app.BookingQuoted,
				StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 3},
				Lines: []app.PriceLine{{Description: "Adult", Quantity: 2, UnitPrice: vnd(4000000)}}},
		} {
			if _, err := service.StoreEntity(tx, id, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	m, err := Document(s, KindContract, "b1", "", printedOn)
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, m)
	// English (the customer's language), with no travelers yet.
	mustContain(t, "contract", pages[0], "Trần Thị Bích", "BK-2026-000007", "Eight million dong")

	if _, err := Document(s, "invoice", "b1", "", printedOn); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("unknown kind: %v, want app.ErrInvalid", err)
	}
	for _, kind := range []string{KindQuote, KindContract, KindReceipt, KindVoucher, KindGroupList} {
		if _, err := Document(s, kind, "nope", "", printedOn); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("%s of an unknown id: %v, want app.ErrNotFound", kind, err)
		}
	}
	if _, err := Document(s, KindReceipt, "b1", "", printedOn); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("receipt of a booking id: %v, want app.ErrNotFound", err)
	}
}
