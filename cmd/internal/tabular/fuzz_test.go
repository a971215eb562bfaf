package tabular

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
)

// FuzzCSVReader checks that no input makes the reader panic or loop, and
// that every table the writer can write reads back unchanged.
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		bom + "Tên;Điện thoại\r\nAn;0901\r\n",
		"a\tb\n\"x\ty\"\t2\n",
		"\"unterminated,\n1,2",
		"B\xffnh,1\n",
		"\"\"\n\n,\n",
		"a;b,c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewCSVReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var table [][]string
		for i := 0; ; i++ {
			row, _, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return // a malformed file may be refused, but not panic
			}
			if i > len(data)+1 {
				t.Fatal("more rows than input bytes")
			}
			table = append(table, row)
		}

		// Write what was read (minus what CSV cannot carry: CR, which a
		// reader turns into LF inside quotes) and read it back.
		for _, row := range table {
			for j := range row {
				row[j] = strings.ReplaceAll(row[j], "\r", "")
			}
		}
		var buf bytes.Buffer
		w := NewCSVWriter(&buf)
		for _, row := range table {
			if err := w.Write(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r2, err := NewCSVReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		var again [][]string
		for {
			row, _, err := r2.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("reading back what the writer wrote: %v\n%q", err, buf.String())
			}
			again = append(again, row)
		}
		if !reflect.DeepEqual(table, again) {
			t.Fatalf("round trip changed the table:\n got %q\nwant %q\nfile %q", again, table, buf.String())
		}
	})
}
