package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/tourdesk/tourdesk/app/report"
)

// writeReportXLSX writes t as one sheet with typed cells, which
// cmd/internal/tabular's writer (text cells only, so phone numbers keep
// their "+" and leading zeros) cannot: integers and money as numbers
// (money with its currency's decimals, "#,##0" or "#,##0.00", and a last
// Currency column), percentages as fractions shown as "0.00%", the
// heading row bold, the totals row bold under it all. The sheet is named
// after the report; the period and currency head the sheet above the
// table.
func writeReportXLSX(w io.Writer, t *report.Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(t.Title)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	styles := map[string]int{}
	style := func(format string, isBold bool) (int, error) {
		key := fmt.Sprint(format, isBold)
		if id, ok := styles[key]; ok {
			return id, nil
		}
		st := &excelize.Style{CustomNumFmt: &format}
		if isBold {
			st.Font = &excelize.Font{Bold: true}
		}
		id, err := f.NewStyle(st)
		styles[key] = id
		return id, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	hasMoney := t.HasMoney()
	ncol := len(t.Columns)
	if hasMoney {
		ncol++
	}
	// The stream writer takes column widths before any row.
	widths := make([]int, ncol)
	for i, c := range t.Columns {
		widths[i] = len([]rune(c.Title))
	}
	if hasMoney {
		widths[ncol-1] = 8
	}
	for _, r := range append(t.Rows, t.Total) {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c.Format("en"))))
		}
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(wd+2, 8), 60))); err != nil {
			return err
		}
	}
	num := 0
	put := func(cells []any) error {
		num++
		cell, _ := excelize.CoordinatesToCellName(1, num)
		return sw.SetRow(cell, cells)
	}
	if err := put([]any{excelize.Cell{StyleID: bold, Value: t.Title}}); err != nil {
		return err
	}
	if err := put([]any{fmt.Sprintf("%s (%s..%s), amounts in %s", t.Period, t.Period.From, t.Period.To, t.Currency)}); err != nil {
		return err
	}
	num++ // a blank row
	head := make([]any, 0, ncol)
	for _, c := range t.Columns {
		head = append(head, excelize.Cell{StyleID: bold, Value: c.Title})
	}
	if hasMoney {
		head = append(head, excelize.Cell{StyleID: bold, Value: "Currency"})
	}
	if err := put(head); err != nil {
		return err
	}
	row := func(r []report.Cell, isBold bool) error {
		out := make([]any, 0, ncol)
		for _, c := range r {
			v, format, err := xlsxValue(c)
			if err != nil {
				return err
			}
			cell := excelize.Cell{Value: v}
			switch {
			case format != "":
				if cell.StyleID, err = style(format, isBold); err != nil {
					return err
				}
			case isBold:
				cell.StyleID = bold
			}
			out = append(out, cell)
		}
		if hasMoney {
			out = append(out, excelize.Cell{Value: report.RowCurrency(r)})
		}
		return put(out)
	}
	for _, r := range t.Rows {
		if err := row(r, false); err != nil {
			return err
		}
	}
	if t.Total != nil {
		if err := row(t.Total, true); err != nil {
			return err
		}
	}
	if len(t.Notes) > 0 {
		num++
		for _, n := range t.Notes {
			if err := put([]any{n}); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// xlsxValue is a cell's value for excelize and its number format ("" for
// none): money in major units at its currency's decimals (parsed from its
// exact decimal form, so the double is the nearest to the amount).
func xlsxValue(c report.Cell) (any, string, error) {
	switch c.Kind {
	case report.Text:
		return c.Text, "", nil
	case report.Int:
		return c.Int, "#,##0", nil
	case report.Money:
		v, err := strconv.ParseFloat(c.Money.Decimal(), 64)
		if err != nil {
			return nil, "", err
		}
		format := "#,##0"
		if exp := c.Money.Exponent(); exp > 0 {
			format += "." + strings.Repeat("0", exp)
		}
		return v, format, nil
	case report.Percent:
		return float64(c.BP) / 10000, "0.00%", nil
	}
	return nil, "", nil
}

// sheetName makes a title a valid sheet name: at most 31 characters,
// none of []:*?/\.
func sheetName(title string) string {
	r := strings.NewReplacer("[", "(", "]", ")", ":", " ", "*", " ", "?", " ", "/", "-", "\\", "-")
	name := []rune(r.Replace(title))
	if len(name) > 31 {
		name = name[:31]
	}
	if len(name) == 0 {
		return "Report"
	}
	return string(name)
}
