package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/tabular"
	"github.com/tourdesk/tourdesk/localdb"
)

// TestExportWrittenAndReadBack runs a report over a store holding one
// sale (2 × 3,000,000 ₫ booked in October 2026, 2,000,000 ₫ paid) and
// exports it as CSV and XLSX with the Reports area's exporter; both read
// back with the same cells.
func TestExportWrittenAndReadBack(t *testing.T) {
	store, err := localdb.Open(filepath.Join(t.TempDir(), "test.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	s := service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	day := app.Date{Year: 2026, Month: 10, Day: 5}
	cid, err := service.NewCustomers(store, s).Create(&app.Customer{Name: "Nguyễn Văn An", Type: app.Person, Stage: app.StageLead, Phones: []string{"0901234567"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := service.NewPipeline(store, s, "dev-test").Create(service.Request{CustomerID: cid, Destination: "Hạ Long", StartDate: day.AddDays(40), EndDate: day.AddDays(42),
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(3_000_000, "VND")}}}, day)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewPayments(store, s).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(2_000_000, "VND"), Date: day}); err != nil {
		t.Fatal(err)
	}
	tb, err := report.Run(store, "by-month", report.Options{Period: report.Month(2026, 10)})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"Month|Bookings|Travelers|Sales|Revenue|Cost|Profit|Margin (%)|Currency",
		"2026-10|1|2|6000000|2000000|0|2000000|100.00|VND",
		"Total|1|2|6000000|2000000|0|2000000|100.00|VND",
	}, "\n")
	for _, format := range (tableExporter{}).Formats() {
		path := filepath.Join(t.TempDir(), "by-month."+format)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := (tableExporter{}).Export(f, format, tb); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		rows, err := tabular.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		head, data, err := tabular.ReadAll(rows)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		lines := []string{strings.Join(head, "|")}
		for _, r := range data {
			lines = append(lines, strings.Join(r, "|"))
		}
		if got := strings.Join(lines, "\n"); got != want {
			t.Errorf("%s read back:\n%s\nwant\n%s", format, got, want)
		}
	}
	if err := (tableExporter{}).Export(os.Stdout, "pdf", tb); err == nil {
		t.Error("an unknown format is accepted")
	}
}
