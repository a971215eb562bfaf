package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// printData writes a booking with its customer, departure, tour, a
// traveler, a payment and a hotel order into a fresh data directory.
func printData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	vnd := func(n int64) money.Money { return money.New(n, "VND") }
	err = s.Update(func(tx service.Tx) error {
		for _, r := range []struct {
			id string
			e  app.Entity
		}{
			{app.CompanySettingsID, &app.CompanySettings{CompanyName: "Công ty TNHH Du lịch Sông Hồng", Country: "VN", LicenceNumber: "01-1234/2019/TCDL-GP LHQT"}},
			{"c1", &app.Customer{Name: "Nguyễn Văn An", Language: "vi", OwnerID: "u1"}},
			{"t1", &app.Tour{Code: "DAD-4D3N", Name: "Đà Nẵng 4N3Đ", Days: 4, Nights: 3, PriceAdult: vnd(7500000)}},
			{"d1", &app.Departure{TourID: "t1", Code: "DAD-261201", StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4}, Capacity: 30}},
			{"b1", &app.Booking{Code: "BK-2026-000001", CustomerID: "c1", OwnerID: "u1", DepartureID: "d1", Currency: "VND", Status: app.BookingDeposit,
				Lines: []app.PriceLine{{Description: "Người lớn", Quantity: 2, UnitPrice: vnd(7500000)}}}},
			{"tr1", &app.Traveler{BookingID: "b1", DepartureID: "d1", Name: "Nguyễn Văn An"}},
			{"p1", &app.Payment{BookingID: "b1", CustomerID: "c1", Type: app.PaymentDeposit, Method: app.MethodCash, Amount: vnd(5000000), ReceivedBy: "u1", Date: app.Date{Year: 2026, Month: 10, Day: 3}}},
			{"pt1", &app.Partner{Name: "Mường Thanh Đà Nẵng", Type: app.PartnerHotel}},
			{"o1", &app.ServiceOrder{DepartureID: "d1", PartnerID: "pt1", Service: "1 phòng đôi", Quantity: 3, UnitCost: vnd(1200000)}},
		} {
			if _, err := service.StoreEntity(tx, r.id, r.e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPrint(t *testing.T) {
	dir := printData(t)
	for _, c := range []struct{ kind, id, want string }{
		{"quote", "b1", "BÁO GIÁ TOUR"},
		{"quote", "t1", "BÁO GIÁ TOUR"},
		{"contract", "b1", "Mười lăm triệu đồng."},
		{"receipt", "p1", "Năm triệu đồng."},
		{"voucher", "o1", "Mường Thanh Đà Nẵng"},
		{"grouplist", "d1", "DANH SÁCH ĐOÀN"},
		{"roominglist", "d1", "DANH SÁCH PHÒNG"},
	} {
		out := filepath.Join(dir, c.kind+"-"+c.id+".pdf")
		mustCtl(t, dir, "print", c.kind, c.id, "-o", out)
		pdf, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("%s %s: %v, %q…", c.kind, c.id, err, pdf[:min(len(pdf), 8)])
		}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			txt, err := exec.Command("pdftotext", out, "-").Output()
			if err != nil || !strings.Contains(strings.Join(strings.Fields(string(txt)), " "), c.want) {
				t.Errorf("%s %s: %q not in the PDF (%v)", c.kind, c.id, c.want, err)
			}
		}
	}
	// English on request, to stdout.
	code, stdout, _ := ctl(t, dir, "print", "contract", "b1", "-o", "-", "--lang", "en")
	if code != 0 || !strings.HasPrefix(stdout, "%PDF-") {
		t.Errorf("contract to stdout: exit %d", code)
	}
}

func TestPrintBadInput(t *testing.T) {
	dir := printData(t)
	out := filepath.Join(dir, "x.pdf")
	for _, args := range [][]string{
		{"print", "invoice", "b1", "-o", out},                  // unknown document
		{"print", "contract", "nope", "-o", out},               // unknown id
		{"print", "contract", "p1", "-o", out},                 // a payment is not a booking
		{"print", "receipt", "b1", "-o", out},                  // a booking is not a payment
		{"print", "grouplist", "b1", "-o", out},                // nor a departure
		{"print", "quote", "c1", "-o", out},                    // a customer is neither booking nor tour
		{"print", "contract", "b1"},                            // no -o
		{"print", "contract", "b1", "-o", out, "--lang", "fr"}, // unknown language
		{"print", "contract", "-o", out},                       // no id
	} {
		if code, _, stderr := ctl(t, dir, args...); code != exitInput || stderr == "" {
			t.Errorf("%q: exit %d (stderr %q), want %d", args, code, stderr, exitInput)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed print wrote a file")
	}
	// A file that cannot be written is not bad input.
	if code, _, _ := ctl(t, dir, "print", "contract", "b1", "-o", filepath.Join(dir, "no", "such", "dir", "x.pdf")); code != exitFailure {
		t.Errorf("unwritable output: exit %d, want %d", code, exitFailure)
	}
}
