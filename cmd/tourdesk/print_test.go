package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/printing"
	"github.com/tourdesk/tourdesk/ui/customers"
)

// printStore is a real store holding one booking of Nguyễn Văn An (no
// travelers yet) with a deposit paid.
func printStore(t *testing.T) *localdb.Store {
	t.Helper()
	s, err := localdb.Open(filepath.Join(t.TempDir(), "default.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	vnd := func(n int64) money.Money { return money.New(n, "VND") }
	err = s.Update(func(tx service.Tx) error {
		for _, r := range []struct {
			id string
			e  app.Entity
		}{
			{app.CompanySettingsID, &app.CompanySettings{CompanyName: "Công ty TNHH Du lịch Sông Hồng", Country: "VN"}},
			{"c1", &app.Customer{Name: "Nguyễn Văn An", Language: "vi", OwnerID: "u1"}},
			{"t1", &app.Tour{Code: "DAD-4D3N", Name: "Đà Nẵng 4N3Đ", Days: 4, Nights: 3, PriceAdult: vnd(7500000)}},
			{"d1", &app.Departure{TourID: "t1", Code: "DAD-261201", StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4}, Capacity: 30}},
			{"b1", &app.Booking{Code: "BK-2026-000001", CustomerID: "c1", OwnerID: "u1", DepartureID: "d1", Currency: "VND", Status: app.BookingDeposit,
				Lines: []app.PriceLine{{Description: "Người lớn", Quantity: 2, UnitPrice: vnd(7500000)}}}},
			{"p1", &app.Payment{BookingID: "b1", CustomerID: "c1", Type: app.PaymentDeposit, Method: app.MethodCash, Amount: vnd(5000000), ReceiptNumber: "PT/2026/001", ReceivedBy: "u1", Date: app.Date{Year: 2026, Month: 10, Day: 3}}},
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
	return s
}

// opener records the files handed to the operating system.
type opener struct {
	paths []string
	err   error
}

func (o *opener) open(path string) error {
	o.paths = append(o.paths, path)
	return o.err
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	pdf, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("%s: %v, not a PDF", path, err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestPrinterWritesAndOpensPDF(t *testing.T) {
	o := &opener{}
	dir := filepath.Join(t.TempDir(), "cache", "tourdesk", "print") // created by Print
	p := &pdfPrinter{store: printStore(t), dir: dir, open: o.open, today: func() app.Date { return app.Date{Year: 2026, Month: 11, Day: 23} }}

	path, err := p.Print(customers.PrintJob{Kind: "contract", ID: "b1", Lang: "vi", Name: "BK-2026-000001"})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "contract-BK-2026-000001.pdf"); path != want {
		t.Errorf("path %q, want %q", path, want)
	}
	if len(o.paths) != 1 || o.paths[0] != path {
		t.Errorf("opened %v, want [%s]", o.paths, path)
	}
	if txt := pdfText(t, path); !strings.Contains(txt, "Nguyễn Văn An") || !strings.Contains(txt, "HỢP ĐỒNG") {
		t.Errorf("the contract does not name the customer in Vietnamese:\n%s", txt)
	}

	// Printing again replaces the file; a receipt number with slashes
	// makes a plain file name; the document language is the job's.
	if again, err := p.Print(customers.PrintJob{Kind: "contract", ID: "b1", Lang: "en", Name: "BK-2026-000001"}); err != nil || again != path {
		t.Errorf("second print: %q, %v", again, err)
	} else if txt := pdfText(t, path); !strings.Contains(txt, "Nguyễn Văn An") || strings.Contains(txt, "HỢP ĐỒNG") {
		t.Errorf("the reprint in English:\n%s", txt)
	}
	rpath, err := p.Print(customers.PrintJob{Kind: "receipt", ID: "p1", Lang: "vi", Name: "PT/2026/001"})
	if err != nil || filepath.Base(rpath) != "receipt-PT_2026_001.pdf" {
		t.Errorf("receipt: %q, %v", rpath, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in %s, want 2 (no temporary files left)", len(entries), dir)
	}
}

func TestPrinterErrors(t *testing.T) {
	o := &opener{}
	p := &pdfPrinter{store: printStore(t), dir: t.TempDir(), open: o.open}

	// An unknown id: nothing written, nothing opened.
	if path, err := p.Print(customers.PrintJob{Kind: "contract", ID: "gone", Lang: "vi", Name: "BK-X"}); path != "" || !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown id: %q, %v; want ErrNotFound", path, err)
	}
	if len(o.paths) != 0 {
		t.Errorf("opened %v for a failed print", o.paths)
	}

	// No viewer: the file is there and its path comes back with the error.
	o.err = errors.New(`exec: "xdg-open": executable file not found in $PATH`)
	path, err := p.Print(customers.PrintJob{Kind: "quote", ID: "b1", Lang: "vi", Name: "BK-2026-000001"})
	if err == nil || path == "" {
		t.Fatalf("viewer failure: %q, %v", path, err)
	}
	if _, serr := os.Stat(path); serr != nil {
		t.Errorf("the PDF is not there: %v", serr)
	}

	// A directory that cannot be created: a clear error, no path.
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o600)
	p.dir = filepath.Join(blocker, "print")
	if path, err := p.Print(customers.PrintJob{Kind: "quote", ID: "b1", Lang: "vi"}); path != "" || err == nil {
		t.Errorf("unwritable dir: %q, %v", path, err)
	}
}

// The UI names documents without importing printing; the names must be
// printing's.
func TestUIKindsArePrintingKinds(t *testing.T) {
	for _, k := range []string{"quote", "contract", "receipt"} {
		if !slices.Contains(printing.Kinds, k) {
			t.Errorf("printing has no document %q", k)
		}
	}
}

func TestFileNameAndURL(t *testing.T) {
	for job, want := range map[customers.PrintJob]string{
		{Kind: "contract", Name: "BK-2026-000123"}:     "contract-BK-2026-000123.pdf",
		{Kind: "receipt", Name: "../../etc/passwd"}:    "receipt-_.._etc_passwd.pdf",
		{Kind: "receipt", ID: "0192f", Name: ""}:       "receipt-0192f.pdf",
		{Kind: "quote", Name: "Phiếu thu số 1"}:        "quote-Phi_u_thu_s__1.pdf",
		{Kind: "quote", Name: strings.Repeat("x", 99)}: "quote-" + strings.Repeat("x", 80) + ".pdf",
	} {
		if got := fileName(job); got != want {
			t.Errorf("fileName(%+v) = %q, want %q", job, got, want)
		}
	}
	if got := fileURL("/home/an/Tài liệu/contract BK.pdf").String(); got != "file:///home/an/T%C3%A0i%20li%E1%BB%87u/contract%20BK.pdf" {
		t.Errorf("fileURL = %q", got)
	}
}
