package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tourdesk/tourdesk/cmd/internal/tabular"
)

// Two sales made through tourdeskctl itself, one in VND on a departure
// and one custom trip in USD (settings: 1 USD = 25,400 VND), reported for
// November 2026 in every format. By hand:
//
//	An:   2 adults × 5,000,000 = 10,000,000 VND, deposit 4,000,000 (owes 6,000,000, due at the start 12-20)
//	Bình: 1 adult × 300.00 USD = 7,620,000 VND, paid in full
//	sales 17,620,000; revenue 4,000,000 + 7,620,000 = 11,620,000;
//	per customer 17,620,000 / 2 = 8,810,000; per paying customer 11,620,000 / 2 = 5,810,000
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	dep := seedCatalogue(t, dir, 10)
	user := []string{"--user", "u-lan"}
	an := strings.TrimSpace(mustCtl(t, dir, append(user, "customer", "add", "--name", "Nguyễn Văn An")...))
	binh := strings.TrimSpace(mustCtl(t, dir, append(user, "customer", "add", "--name", "Trần Thị Bình")...))
	out := mustCtl(t, dir, append(user, "booking", "create", "--customer", an, "--departure", dep, "--line", "Adult:adult:2:5.000.000", "--today", "2026-11-01")...)
	b1, _, _ := strings.Cut(strings.TrimSpace(out), "\t")
	mustCtl(t, dir, append(user, "payment", "take", b1, "--kind", "deposit", "--amount", "4.000.000", "--today", "2026-11-02")...)
	out = mustCtl(t, dir, append(user, "booking", "create", "--customer", binh, "--trip", "Bangkok", "--start", "2026-12-01", "--end", "2026-12-05",
		"--line", "Adult:adult:1:300", "--currency", "USD", "--today", "2026-11-05")...)
	b2, _, _ := strings.Cut(strings.TrimSpace(out), "\t")
	mustCtl(t, dir, append(user, "payment", "take", b2, "--kind", "balance", "--amount", "300", "--currency", "USD", "--today", "2026-11-05")...)

	nov := []string{"--period", "2026-11", "--today", "2026-11-30"}
	// Table mode: for people.
	text := mustCtl(t, dir, append([]string{"report", "revenue"}, nov...)...)
	if !strings.HasPrefix(text, "Revenue and average revenue per customer — 2026-11 (2026-11-01..2026-11-30), amounts in VND\n") {
		t.Errorf("table heading:\n%s", text)
	}
	shown := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if label, value, ok := strings.Cut(line, "  "); ok {
			shown[label] = strings.TrimSpace(value)
		}
	}
	for label, want := range map[string]string{"Sales": "17,620,000 ₫", "Revenue received": "11,620,000 ₫",
		"Average revenue per paying customer": "5,810,000 ₫", "Sales in USD (before conversion)": "$300.00", "Sales (bookings)": "2"} {
		if shown[label] != want {
			t.Errorf("table: %s = %q, want %q:\n%s", label, shown[label], want, text)
		}
	}
	if vi := mustCtl(t, dir, append([]string{"report", "revenue", "--lang", "vi"}, nov...)...); !strings.Contains(vi, "17.620.000 ₫") {
		t.Errorf("--lang vi:\n%s", vi)
	}

	// CSV: plain numbers, a currency column.
	csvOut := strings.ReplaceAll(mustCtl(t, dir, append([]string{"report", "revenue", "--format", "csv"}, nov...)...), "\r\n", "\n")
	rows, err := tabular.NewCSVReader(strings.NewReader(csvOut))
	if err != nil {
		t.Fatal(err)
	}
	head, data, err := tabular.ReadAll(rows)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range data {
		got[r[0]] = strings.Join(r[1:], ",")
	}
	if strings.Join(head, ",") != "Measure,Value,Currency" || got["Sales"] != "17620000,VND" || got["Sales (bookings)"] != "2," ||
		got["Average sales per customer"] != "8810000,VND" || got["Sales in USD (before conversion)"] != "300.00,USD" {
		t.Errorf("csv:\n%s", csvOut)
	}

	// JSON: typed cells.
	var tab struct {
		Name, Currency string
		Period         string
		Columns        []struct{ Key, Title, Kind string }
		Rows           [][]json.RawMessage
	}
	if err := json.Unmarshal([]byte(mustCtl(t, dir, append([]string{"report", "revenue", "--format", "json"}, nov...)...)), &tab); err != nil {
		t.Fatal(err)
	}
	if tab.Name != "revenue" || tab.Currency != "VND" || tab.Period != "2026-11" || len(tab.Rows) != 11 ||
		compact(tab.Rows[3][1]) != `{"amount":17620000,"currency":"VND"}` || string(tab.Rows[0][1]) != "2" {
		t.Errorf("json: %+v", tab)
	}

	// Receivables: An owes 6,000,000, not due before 12-20.
	csvOut = strings.ReplaceAll(mustCtl(t, dir, append([]string{"report", "receivables-payables", "--format", "csv"}, nov...)...), "\r\n", "\n")
	if !strings.Contains(csvOut, "not due,6000000,0,VND\n") || !strings.Contains(csvOut, "Total,6000000,0,VND\n") {
		t.Errorf("receivables csv:\n%s", csvOut)
	}

	// XLSX to a file: numbers as numbers with their formats.
	file := filepath.Join(t.TempDir(), "sp.xlsx")
	if out := mustCtl(t, dir, append([]string{"report", "by-salesperson", "--out", file}, nov...)...); !strings.Contains(out, "Revenue and profit by salesperson, 2026-11, 1 rows") {
		t.Errorf("report --out printed %q", out)
	}
	checkReportXLSX(t, file)

	// report list, and refusals: one line, exit 1.
	list := mustCtl(t, dir, "report", "list")
	if !strings.HasPrefix(list, "overview") || !strings.Contains(list, "campaign-roi") || strings.Count(list, "\n") != 16 {
		t.Errorf("report list:\n%s", list)
	}
	failCtl(t, dir, `report "nope": not found`, "report", "nope", "--period", "2026")
	failCtl(t, dir, "--period is required", "report", "revenue")
	failCtl(t, dir, `period "2026-13"`, "report", "revenue", "--period", "2026-13")
	failCtl(t, dir, "xlsx needs --out", "report", "revenue", "--period", "2026", "--format", "xlsx")
	failCtl(t, dir, "--format must be", "report", "revenue", "--period", "2026", "--format", "pdf")
	failCtl(t, dir, "want list or a report name", "report")
}

func compact(v json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}

// checkReportXLSX reads back the by-salesperson workbook: Lan's row
// (owner u-lan, no user record: shown by id) with bookings, travelers
// and money as numbers, the margin as a fraction shown as a percentage,
// and the currency column.
func checkReportXLSX(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "Revenue and profit by salespers" { // 31 characters at most
		t.Errorf("sheet %q", sheet)
	}
	get := func(cell string) (string, excelize.CellType) {
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v, typ
	}
	if v, _ := get("A1"); v != "Revenue and profit by salesperson" {
		t.Errorf("A1 %q", v)
	}
	if v, _ := get("I4"); v != "Currency" {
		t.Errorf("I4 %q", v)
	}
	// Row 5: u-lan | 2 | 3 | 17,620,000 | 11,620,000 | 0 | 11,620,000 | 100% | VND
	for cell, want := range map[string]string{"A5": "u-lan", "B5": "2", "C5": "3", "D5": "17620000", "E5": "11620000", "G5": "11620000", "H5": "1", "I5": "VND"} {
		v, typ := get(cell)
		if v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
		if numeric := cell[0] >= 'B' && cell[0] <= 'H'; numeric && typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s is of type %v, not a number", cell, typ)
		}
	}
	style, err := f.GetCellStyle(sheet, "H5")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(style)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "0.00%" {
		t.Errorf("H5's number format: %+v %v", st, err)
	}
	if v, _ := get("A6"); v != "Total" {
		t.Errorf("A6 %q (the totals row)", v)
	}
}
