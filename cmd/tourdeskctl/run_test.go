package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/cmd/internal/tabular"
	"github.com/tourdesk/tourdesk/localdb"
)

// ctl runs tourdeskctl in-process on the data directory dir.
func ctl(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"--data", dir}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustCtl runs tourdeskctl and fails the test unless it exits 0.
func mustCtl(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out, errOut := ctl(t, dir, args...)
	if code != 0 {
		t.Fatalf("tourdeskctl %q: exit %d, stderr %q", args, code, errOut)
	}
	return out
}

// fold lower-cases s and strips diacritics (đ → d), as search does.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == 'đ' {
			r = 'd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

type jsonCustomer struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Phones []string `json:"phones"`
	Emails []string `json:"emails"`
}

func TestDemoAndSearch(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := ctl(t, dir, "demo", "--customers", "2000", "--seed", "3", "--json")
	if code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	var sum struct {
		Counts map[string]int `json:"counts"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Counts["customer"] != 2000 {
		t.Fatalf("demo --json: %v %s", err, out)
	}
	if !strings.Contains(errOut, "demo: 2000/2000 customers") {
		t.Errorf("no progress on stderr: %q", errOut)
	}

	var found []jsonCustomer
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "customer", "search", "nguyen", "--limit", "5000", "--json")), &found); err != nil {
		t.Fatal(err)
	}
	if len(found) < 300 {
		t.Errorf("search nguyen found %d of 2000 customers, want about 38%% of the Vietnamese", len(found))
	}
	for _, c := range found {
		if !strings.Contains(fold(c.Name), "nguyen") {
			t.Errorf("search nguyen found %q", c.Name)
		}
	}

	for _, q := range []string{"0901 234 567", "+84 90 123 4567"} {
		if err := json.Unmarshal([]byte(mustCtl(t, dir, "customer", "search", q, "--json")), &found); err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].Phones[0] != "+84901234567" {
			t.Errorf("search %q: %+v", q, found)
		}
	}
	// Text output: one line per customer.
	if out := mustCtl(t, dir, "customer", "search", "0901 234 567"); !strings.Contains(out, "Nguyễn Văn An") || strings.Count(out, "\n") != 1 {
		t.Errorf("search text output %q", out)
	}

	var list []jsonCustomer
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "customer", "list", "--limit", "7", "--json")), &list); err != nil || len(list) != 7 {
		t.Fatalf("list: %d, %v", len(list), err)
	}
	var one jsonCustomer
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "customer", "show", list[3].ID, "--json")), &one); err != nil || one.ID != list[3].ID {
		t.Fatalf("show: %+v %v", one, err)
	}
	if out := mustCtl(t, dir, "customer", "show", list[3].ID); !strings.Contains(out, list[3].Name) {
		t.Errorf("show text output %q", out)
	}
}

func TestCustomerAddAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	id := strings.TrimSpace(mustCtl(t, dir, "customer", "add", "--name", "Trần Thị Bình", "--phone", "0912 345 678",
		"--email", "binh@example.vn", "--passport", "c1234567", "--birthday", "25/03/1990", "--tag", "VIP", "--tag", "gia đình"))
	var c jsonCustomer
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "customer", "show", id, "--json")), &c); err != nil || c.Phones[0] != "+84912345678" {
		t.Fatalf("show after add: %+v %v", c, err)
	}

	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, 1, "no command given"},
		{"unknown command", []string{"frobnicate"}, 1, `unknown command "frobnicate"`},
		{"bad flag", []string{"customer", "list", "--bogus"}, 1, "flag provided but not defined: -bogus"},
		{"invalid phone", []string{"customer", "add", "--name", "Lê Văn C", "--phone", "12"}, 1, `customer: phones.0: "12" is not a valid phone number`},
		{"empty name", []string{"customer", "add", "--phone", "0903 333 333"}, 1, "customer: name: is required"},
		{"bad birthday", []string{"customer", "add", "--name", "X", "--birthday", "31.02.1990"}, 1, "birthday"},
		{"duplicate", []string{"customer", "add", "--name", "Bình", "--phone", "+84912345678"}, 1, "already has this phone"},
		{"not found", []string{"customer", "show", "0193583f-0000-7000-8000-000000000000"}, 1, "not found"},
		{"show without id", []string{"customer", "show"}, 1, "want one customer ID"},
		{"search without query", []string{"customer", "search"}, 1, "want a query"},
		{"import missing file", []string{"import", "customers", filepath.Join(dir, "nope.csv")}, 1, "no such file"},
		{"import unknown type", []string{"import", "customers", "list.pdf"}, 1, "unknown file type"},
		{"demo bad today", []string{"demo", "--customers", "5", "--today", "2026-13-01"}, 1, "--today"},
		{"demo no customers", []string{"demo", "--customers", "0"}, 1, "--customers must be positive"},
		{"export bad format", []string{"export", "--format", "pdf", "--out", dir}, 1, "--format must be"},
		{"backup onto the store", []string{"backup", filepath.Join(dir, storeFile)}, 2, "that is the data file itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := ctl(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "tourdeskctl: ") || !strings.Contains(last, tt.msg) {
				t.Errorf("stderr %q, want one line containing %q", errOut, tt.msg)
			}
		})
	}

	// A store held by another process is an "other failure": exit 2.
	held, err := localdb.Open(filepath.Join(t.TempDir(), storeFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, errOut := ctl(t, filepath.Dir(held.Path()), "customer", "list")
	if code != 2 || !strings.Contains(errOut, "already open") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("locked store: exit %d, stderr %q", code, errOut)
	}
}

// The import of issue 2 through the CLI, on a real store: a CSV with bad
// rows (Excel's semicolons and BOM) and the same rows as XLSX.
func TestImportBadRows(t *testing.T) {
	rows := [][]string{
		{"Họ tên", "Điện thoại", "Email", "Hộ chiếu", "Ngày sinh", "Tỉnh", "Ghi chú", "Màu yêu thích"},
		{"Nguyễn Văn An", "0901 234 567", "an@example.vn", "B1234567", "25/03/1990", "Hà Nội", "", "xanh"},
		{"", "0903 333 333", "", "", "", "", "", ""},
		{"Lê Văn Cường", "12", "", "", "", "", "", ""},
		{"Ph\xe1m Thị Dung", "0905 555 555", "", "", "", "", "", ""},
		{"Hoàng Văn Em", "0904 444 444", "", "", "", "", strings.Repeat("x", 10000), ""},
		{"Binh Tran", "+84 91 234 5678", "binh.tran@gmail.com", "", "", "", "", ""},
		{"Nguyen Van An", "0987 654 321", "AN@example.vn", "", "", "", "", ""},
		{"Иванов Иван Иванович", "+7 912 345-67-89", "", "", "02.11.1979", "Москва", "", ""},
	}
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			mustCtl(t, dir, "customer", "add", "--name", "Trần Thị Bình", "--phone", "0912345678")
			file := filepath.Join(dir, "khach."+format)
			var buf bytes.Buffer
			if format == "csv" {
				buf.WriteString("\ufeff")
				w := csv.NewWriter(&buf)
				w.Comma = ';'
				w.WriteAll(rows)
			} else if err := tabular.WriteAll(&buf, tabular.XLSX, rows[0], rows[1:]); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(file, buf.Bytes(), 0o644)

			var rep struct {
				Rows, Imported, Merged int
				Unknown                []string `json:"unknown_columns"`
				Merges                 []struct {
					Row     int
					IntoRow int `json:"into_row"`
					By      string
				}
				Rejected []struct {
					Row    int
					Field  string
					Reason string
				}
			}
			if err := json.Unmarshal([]byte(mustCtl(t, dir, "import", "customers", file, "--json")), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Rows != 8 || rep.Imported != 2 || rep.Merged != 2 || len(rep.Unknown) != 1 || rep.Unknown[0] != "Màu yêu thích" {
				t.Errorf("report %+v", rep)
			}
			wantRejected := map[int]string{3: "name", 4: "phones.0", 5: "name", 6: "notes"}
			if len(rep.Rejected) != len(wantRejected) {
				t.Errorf("rejected %+v", rep.Rejected)
			}
			for _, r := range rep.Rejected {
				if wantRejected[r.Row] != r.Field || r.Reason == "" {
					t.Errorf("rejected row %d field %q (%s)", r.Row, r.Field, r.Reason)
				}
			}
			if len(rep.Merges) != 2 || rep.Merges[0].Row != 7 || rep.Merges[0].By != "phone +84912345678" || rep.Merges[1].Row != 8 || rep.Merges[1].IntoRow != 2 {
				t.Errorf("merges %+v", rep.Merges)
			}
			var all []jsonCustomer
			json.Unmarshal([]byte(mustCtl(t, dir, "customer", "list", "--json")), &all)
			if len(all) != 3 {
				t.Fatalf("%d customers after import, want 3: %+v", len(all), all)
			}
			var an []jsonCustomer
			json.Unmarshal([]byte(mustCtl(t, dir, "customer", "search", "0901234567", "--json")), &an)
			if len(an) != 1 || an[0].Name != "Nguyễn Văn An" || strings.Join(an[0].Phones, " ") != "+84901234567 +84987654321" {
				t.Errorf("Nguyễn Văn An after import: %+v", an)
			}
			// The text report names every rejected row.
			out := mustCtl(t, dir, "import", "customers", file)
			for _, want := range []string{"8 rows: 0 imported, 4 merged", "row 3: rejected: Họ tên: is required", `row 4: rejected: Điện thoại: "12" is not a valid phone number`,
				"row 5: rejected: Họ tên: contains bytes that are not valid UTF-8", "row 6: rejected: Ghi chú: is too long (10000 characters"} {
				if !strings.Contains(out, want) {
					t.Errorf("report lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestExportEveryKindAndBackup(t *testing.T) {
	dir := t.TempDir()
	mustCtl(t, dir, "demo", "--customers", "150")
	for _, format := range []string{"csv", "xlsx", "json"} {
		out := filepath.Join(dir, "export-"+format)
		mustCtl(t, dir, "export", "--format", format, "--out", out)
		for _, info := range app.Kinds() {
			path := filepath.Join(out, string(info.Kind)+"."+format)
			var n int
			switch format {
			case "json":
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				var recs []map[string]any
				if err := json.Unmarshal(b, &recs); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				n = len(recs)
				if n > 0 && recs[0]["id"] == nil {
					t.Errorf("%s: records without id", path)
				}
			default:
				rows, err := tabular.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				header, data, err := tabular.ReadAll(rows)
				rows.Close()
				if err != nil || len(header) < 2 || header[0] != "id" {
					t.Fatalf("%s: header %q, %v", path, header, err)
				}
				n = len(data)
			}
			s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := s.Count(info.Kind)
			s.Close()
			if n != want {
				t.Errorf("%s: %d records, store holds %d", path, n, want)
			}
		}
	}

	// The CSV export imports back into a fresh store without loss of customers.
	fresh := t.TempDir()
	var rep struct{ Rows, Imported, Merged int }
	json.Unmarshal([]byte(mustCtl(t, fresh, "import", "customers", filepath.Join(dir, "export-csv", "customer.csv"), "--json")), &rep)
	if rep.Rows != 150 || rep.Imported != 150 {
		t.Errorf("re-import of the export: %+v", rep)
	}

	backup := filepath.Join(t.TempDir(), "backup.db")
	mustCtl(t, dir, "backup", backup)
	s, err := localdb.Open(backup, localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.Count(app.KindCustomer); n != 150 {
		t.Errorf("backup holds %d customers", n)
	}
}
