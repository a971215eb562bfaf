package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/tabular"
)

func kindOf(s string) app.Kind { return app.Kind(s) }

// cmdExport writes every live record of every kind, one file per kind
// (customer.csv, booking.csv, …), with every field the records hold,
// including fields this version does not know.
//
// In CSV and XLSX the first column is id, then the kind's fields in the
// order of its type, then unknown fields by name. A text value is written
// as it is, a list of texts joined with "; ", a date as 2006-01-02, true
// and false as themselves, anything else as compact JSON. JSON export is
// one array of objects per kind ({"id": …, field: value, …}), values as
// stored.
func cmdExport(e *env, args []string) error {
	fs := newFlags("export", e)
	format := fs.String("format", "", "csv, xlsx or json")
	out := fs.String("out", "", "the directory to write into (created if absent)")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	switch *format {
	case "csv", "xlsx", "json":
	default:
		return usagef("export: --format must be csv, xlsx or json")
	}
	if *out == "" {
		return usagef("export: --out DIR is required")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	var total int
	for _, info := range app.Kinds() {
		n, err := exportKind(s, info, *format, *out)
		if err != nil {
			return fmt.Errorf("export %s: %w", info.Kind, err)
		}
		total += n
	}
	fmt.Fprintf(e.stdout, "exported %d records of %d kinds to %s\n", total, len(app.Kinds()), *out)
	return nil
}

func exportKind(s service.Store, info app.KindInfo, format, dir string) (int, error) {
	ids, err := s.SortedIDs(info.Kind)
	if err != nil {
		return 0, err
	}
	path := filepath.Join(dir, string(info.Kind)+"."+format)
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 256<<10)

	// Read in chunks, each in one transaction, so a big kind neither
	// holds one long read transaction nor opens one per record.
	each := func(fn func(record.Record) error) error {
		for start := 0; start < len(ids); start += 1000 {
			chunk := ids[start:min(start+1000, len(ids))]
			var recs []record.Record
			err := s.View(func(r service.Reader) error {
				for _, id := range chunk {
					rec, err := r.Get(info.Kind, id)
					if err != nil {
						return err
					}
					recs = append(recs, rec)
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, rec := range recs {
				if err := fn(rec); err != nil {
					return err
				}
			}
		}
		return nil
	}

	if format == "json" {
		bw.WriteString("[")
		first := true
		err := each(func(rec record.Record) error {
			if !first {
				bw.WriteString(",")
			}
			first = false
			bw.WriteString("\n")
			return writeRecordJSON(bw, rec)
		})
		if err != nil {
			return 0, err
		}
		bw.WriteString("\n]\n")
	} else {
		columns := fieldOrder(info)
		known := map[string]bool{}
		for _, c := range columns {
			known[c] = true
		}
		// Fields the type does not know (written by a newer version) get
		// columns too; finding them takes a first pass.
		var extra []string
		err := each(func(rec record.Record) error {
			for name := range rec.Fields {
				if !known[name] && name != record.Deleted {
					known[name] = true
					extra = append(extra, name)
				}
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
		sort.Strings(extra)
		columns = append(columns, extra...)
		w, err := tabular.NewWriter(bw, tabular.Format(format))
		if err != nil {
			return 0, err
		}
		if err := w.Write(append([]string{"id"}, columns...)); err != nil {
			return 0, err
		}
		row := make([]string, len(columns)+1)
		err = each(func(rec record.Record) error {
			row[0] = rec.ID
			for i, c := range columns {
				row[i+1] = cell(rec.Fields[c].Value)
			}
			return w.Write(row)
		})
		if err != nil {
			return 0, err
		}
		if err := w.Close(); err != nil {
			return 0, err
		}
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	return len(ids), f.Close()
}

func writeRecordJSON(bw *bufio.Writer, rec record.Record) error {
	names := make([]string, 0, len(rec.Fields))
	for n := range rec.Fields {
		if n != record.Deleted && n != "id" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	id, _ := json.Marshal(rec.ID)
	bw.WriteString(`{"id":`)
	bw.Write(id)
	for _, n := range names {
		k, _ := json.Marshal(n)
		bw.WriteString(",")
		bw.Write(k)
		bw.WriteString(":")
		v := rec.Fields[n].Value
		if len(v) == 0 {
			v = json.RawMessage("null")
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return fmt.Errorf("record %s field %s: %w", rec.ID, n, err)
		}
		bw.Write(buf.Bytes())
	}
	bw.WriteString("}")
	return nil
}

// fieldOrder lists a kind's JSON field names in the order of its type.
func fieldOrder(info app.KindInfo) []string {
	b, err := json.Marshal(info.New())
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.Token() // {
	var names []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		names = append(names, t.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	return slices.DeleteFunc(names, func(n string) bool { return n == "id" })
}

// cell renders a field's JSON value for a spreadsheet cell.
func cell(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case '[':
		var list []string
		if json.Unmarshal(v, &list) == nil {
			return strings.Join(list, "; ")
		}
	}
	var buf bytes.Buffer
	if json.Compact(&buf, v) == nil {
		return buf.String()
	}
	return string(v)
}
