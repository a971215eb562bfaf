package tabular

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readAll(t *testing.T, rows Rows) [][]string {
	t.Helper()
	var out [][]string
	for {
		row, _, err := rows.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
}

var sample = [][]string{
	{"Họ tên", "Điện thoại", "Email", "Ghi chú"},
	{"Nguyễn Văn An", "0901 234 567", "an@example.vn", "khách VIP; thích biển"},
	{"Иванов Иван Иванович", "+7 912 345-67-89", "", "line one\nline two"},
	{"王伟", "+86 138 0013 8000", "wang@example.cn", `he said "hi", twice`},
	{""},
	{" leading space", "tab\there", "", ""},
	{"0123", "00084", "1e5", "=SUM(A1)"},
}

func TestCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAll(&buf, CSV, sample[0], sample[1:]); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte(bom)) {
		t.Error("CSV written without a UTF-8 BOM")
	}
	r, err := NewCSVReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, r); !reflect.DeepEqual(got, sample) {
		t.Fatalf("round trip:\n got %q\nwant %q", got, sample)
	}
}

func TestXLSXRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAll(&buf, XLSX, sample[0], sample[1:]); err != nil {
		t.Fatal(err)
	}
	r, err := NewXLSXReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAll(t, r)
	// XLSX drops trailing empty cells; compare with them trimmed.
	want := make([][]string, len(sample))
	for i, row := range sample {
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		want[i] = row
	}
	for i := range got {
		if len(got[i]) == 0 {
			got[i] = nil
		}
		if len(want[i]) == 0 {
			want[i] = nil
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %q\nwant %q", got, want)
	}
}

func TestXLSXRejectsOverlongCell(t *testing.T) {
	w, err := NewXLSXWriter(io.Discard, "customers")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{strings.Repeat("x", 40000)}); err == nil {
		t.Fatal("a 40,000-character cell was accepted (Excel would truncate it)")
	}
}

func TestCSVDelimiterAndBOM(t *testing.T) {
	tests := []struct {
		name, in string
		delim    rune
		want     [][]string
	}{
		{"comma", "a,b\n1,2\n", ',', [][]string{{"a", "b"}, {"1", "2"}}},
		{"semicolon", bom + "Tên;Điện thoại\r\nAn;0901\r\n", ';', [][]string{{"Tên", "Điện thoại"}, {"An", "0901"}}},
		{"tab", "a\tb\tc\n1\t2,5\t3\n", '\t', [][]string{{"a", "b", "c"}, {"1", "2,5", "3"}}},
		{"quoted delimiters ignored", "\"a;b;c\",d\n", ',', [][]string{{"a;b;c", "d"}}},
		{"single column", "name\nAn\n", ',', [][]string{{"name"}, {"An"}}},
		{"stray quote", "a,b\nsay \"hi,x\n", ',', [][]string{{"a", "b"}, {`say "hi`, "x"}}},
		{"ragged rows", "a,b,c\n1\n1,2,3,4\n", ',', [][]string{{"a", "b", "c"}, {"1"}, {"1", "2", "3", "4"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if r.Delimiter() != tt.delim {
				t.Errorf("delimiter %q, want %q", r.Delimiter(), tt.delim)
			}
			if got := readAll(t, r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCSVKeepsInvalidUTF8AndLineNumbers(t *testing.T) {
	in := "name,phone\nAn,0901234567\n\nB\xffnh,0912345678\n\"multi\nline\",1\nC,2\n"
	r, err := NewCSVReader(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	var cells []string
	for {
		row, n, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, n)
		cells = append(cells, row[0])
	}
	if want := []int{1, 2, 4, 5, 7}; !reflect.DeepEqual(lines, want) {
		t.Errorf("line numbers %v, want %v", lines, want)
	}
	if cells[2] != "B\xffnh" {
		t.Errorf("invalid UTF-8 cell = %q, want the bytes unchanged", cells[2])
	}
}

func TestOpenByExtension(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.csv", "a.XLSX"} {
		path := filepath.Join(dir, name)
		format, err := FormatOf(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteAll(f, format, []string{"name"}, [][]string{{"Nguyễn Thị Lan"}}); err != nil {
			t.Fatal(err)
		}
		f.Close()
		rows, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got := readAll(t, rows)
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if want := [][]string{{"name"}, {"Nguyễn Thị Lan"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	if _, err := Open(filepath.Join(dir, "a.pdf")); err == nil {
		t.Error("opened a .pdf as a table")
	}
	bad := filepath.Join(dir, "bad.xlsx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := Open(bad); err == nil {
		t.Error("opened garbage as XLSX")
	}
}
