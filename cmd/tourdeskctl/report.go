package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/cmd/internal/tabular"
)

func init() {
	register("report", cmdReport, `  report list [--json]                  (the reports: overview, revenue, by-tour, pipeline, staff, costs, campaign-roi, …)
  report NAME --period P [--format table|csv|xlsx|json] [--out FILE] [--today D] [--lang en|vi|ru|zh]
                                        (P: 2026-11, 2026-Q3, 2026 or 2026-01-05..2026-03-31)
`)
}

// cmdReport is `report list` and `report NAME --period P …`.
func cmdReport(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("report: want list or a report name (tourdeskctl report list)")
	}
	if args[0] == "list" {
		return reportList(e, args[1:])
	}
	name := args[0]
	if strings.HasPrefix(name, "-") {
		return usagef("report: the report name comes first: report NAME --period P")
	}
	fs := newFlags("report "+name, e)
	periodS := fs.String("period", "", "the period: 2026-11, 2026-Q3, 2026 or 2026-01-05..2026-03-31 (required)")
	format := fs.String("format", "", "table (default), csv, xlsx or json; default from --out's extension")
	out := fs.String("out", "", "write to FILE instead of standard output (required for xlsx)")
	lang := fs.String("lang", "en", "the language of numbers in table mode: en, vi, ru or zh")
	today := todayFlag(fs)
	if _, err := parse(fs, args[1:], 0, "no arguments after the report name"); err != nil {
		return err
	}
	if _, ok := report.Lookup(name); !ok {
		return fmt.Errorf("report %q: %w (tourdeskctl report list names them)", name, app.ErrNotFound)
	}
	if *periodS == "" {
		return usagef("report %s: --period is required (2026-11, 2026-Q3, 2026 or 2026-01-05..2026-03-31)", name)
	}
	period, err := report.ParsePeriod(*periodS)
	if err != nil {
		return err
	}
	f := *format
	if f == "" {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".csv":
			f = "csv"
		case ".xlsx":
			f = "xlsx"
		case ".json":
			f = "json"
		default:
			f = "table"
		}
	}
	switch f {
	case "table", "csv", "json":
	case "xlsx":
		if *out == "" {
			return usagef("report %s: xlsx needs --out FILE.xlsx", name)
		}
	default:
		return usagef("report %s: --format must be table, csv, xlsx or json", name)
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	t, err := report.Run(s, name, report.Options{Period: period, Today: day})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := io.Writer(&buf)
	if *out == "" {
		w = e.stdout
	}
	switch f {
	case "table":
		err = writeReportTable(w, t, *lang)
	case "csv":
		err = writeReportCSV(w, t)
	case "xlsx":
		err = writeReportXLSX(w, t)
	case "json":
		err = writeJSON(w, t)
	}
	if err != nil {
		return err
	}
	if f != "table" {
		for _, n := range t.Notes {
			fmt.Fprintf(e.stderr, "tourdeskctl: report %s: note: %s\n", name, n)
		}
	}
	if *out == "" {
		return nil
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s, %s, %d rows\n", *out, t.Title, t.Period, len(t.Rows))
	return nil
}

func reportList(e *env, args []string) error {
	fs := newFlags("report list", e)
	asJSON := fs.Bool("json", false, "print as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, report.List())
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range report.List() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, r.Title, r.Description)
	}
	return tw.Flush()
}

// writeReportTable prints t for people: a heading, the columns aligned
// (numbers to the right), money grouped with its symbol, the totals under
// a rule, then the notes.
func writeReportTable(w io.Writer, t *report.Table, lang string) error {
	type cell struct {
		s     string
		right bool
	}
	var rows [][]cell // nil: the rule above the totals
	head := make([]cell, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = cell{c.Title, c.Kind != report.Text && c.Kind != report.Empty}
	}
	rows = append(rows, head)
	cells := func(r []report.Cell) []cell {
		out := make([]cell, len(r))
		for i, c := range r {
			out[i] = cell{c.Format(lang), c.Kind != report.Text}
		}
		return out
	}
	for _, r := range t.Rows {
		rows = append(rows, cells(r))
	}
	if t.Total != nil {
		rows = append(rows, nil, cells(t.Total))
	}
	// Widths in terminal columns ("Nguyễn", "₫" one each, "王丽" two each).
	width := make([]int, len(t.Columns))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], textWidth(c.s))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s (%s..%s), amounts in %s\n\n", t.Title, t.Period, t.Period.From, t.Period.To, t.Currency)
	for _, r := range rows {
		if r == nil {
			total := 0
			for _, wd := range width {
				total += wd + 2
			}
			b.WriteString(strings.Repeat("─", max(total-2, 1)) + "\n")
			continue
		}
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-textWidth(c.s))
			if i > 0 {
				line.WriteString("  ")
			}
			if c.right {
				line.WriteString(pad + c.s)
			} else {
				line.WriteString(c.s + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	if len(t.Rows) == 0 {
		b.WriteString("(nothing in this period)\n")
	}
	for _, n := range t.Notes {
		b.WriteString("\nnote: " + n)
	}
	if len(t.Notes) > 0 {
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textWidth is how many terminal columns s takes: two for the wide
// characters of Chinese, Japanese and Korean, one for the rest.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
			r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6:
			n += 2
		default:
			n++
		}
	}
	return n
}

func writeReportCSV(w io.Writer, t *report.Table) error {
	rows := t.Records()
	return tabular.WriteAll(w, tabular.CSV, rows[0], rows[1:])
}
