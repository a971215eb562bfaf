package main

import (
	"fmt"
	"io"

	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/cmd/internal/tabular"
	"github.com/tourdesk/tourdesk/ui/reports"
)

// tableExporter writes the Reports area's exports through
// cmd/internal/tabular (the ui may not import it): CSV, and XLSX with
// text cells. Amounts are plain decimals without grouping ("1250.50")
// and percentages plain numbers in a column titled "… (%)", so a
// spreadsheet reads them as numbers; a table holding money gets a last
// Currency column. It is what `tourdeskctl report --format csv` writes.
type tableExporter struct{}

var _ reports.Exporter = tableExporter{}

// Formats implements reports.Exporter.
func (tableExporter) Formats() []string { return []string{string(tabular.CSV), string(tabular.XLSX)} }

// Export implements reports.Exporter.
func (tableExporter) Export(w io.Writer, format string, t *report.Table) error {
	f := tabular.Format(format)
	if f != tabular.CSV && f != tabular.XLSX {
		return fmt.Errorf("export %s: unknown format %q (csv or xlsx)", t.Name, format)
	}
	rows := exportRows(t)
	return tabular.WriteAll(w, f, rows[0], rows[1:])
}

// exportRows is t as text cells: the column titles, each row, the
// totals last, and the Currency column when t holds money.
func exportRows(t *report.Table) [][]string {
	hasMoney := t.HasMoney()
	head := make([]string, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		title := c.Title
		if c.Kind == report.Percent {
			title += " (%)"
		}
		head = append(head, title)
	}
	if hasMoney {
		head = append(head, "Currency")
	}
	out := [][]string{head}
	add := func(r []report.Cell) {
		row := make([]string, 0, len(r)+1)
		for _, c := range r {
			row = append(row, c.Plain())
		}
		if hasMoney {
			row = append(row, report.RowCurrency(r))
		}
		out = append(out, row)
	}
	for _, r := range t.Rows {
		add(r)
	}
	if t.Total != nil {
		add(t.Total)
	}
	return out
}
