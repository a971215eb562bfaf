package tabular

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// XLSXReader reads the first sheet of an Excel workbook, streaming its
// rows.
type XLSXReader struct {
	f    *excelize.File
	rows *excelize.Rows
	num  int
}

// NewXLSXReader reads an XLSX workbook from r (the whole file is read
// into memory: XLSX is a zip archive). Cells are returned as stored, not
// as displayed: a date is its Excel serial number ("36526" for
// 2000-01-01), a number its plain digits, so nothing depends on the
// locale the file was saved in.
func NewXLSXReader(r io.Reader) (*XLSXReader, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable XLSX workbook: %w", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fmt.Errorf("the workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet %q: %w", sheets[0], err)
	}
	return &XLSXReader{f: f, rows: rows}, nil
}

// Next implements Rows; num is the sheet's row number. Empty rows inside
// the sheet are returned as empty slices, so numbers match what Excel
// shows.
func (x *XLSXReader) Next() ([]string, int, error) {
	if x.rows == nil || !x.rows.Next() {
		if x.rows != nil {
			if err := x.rows.Error(); err != nil {
				return nil, 0, err
			}
		}
		return nil, 0, io.EOF
	}
	x.num++
	row, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, 0, fmt.Errorf("row %d: %w", x.num, err)
	}
	return row, x.num, nil
}

// Close implements Rows.
func (x *XLSXReader) Close() error {
	var err error
	if x.rows != nil {
		err = x.rows.Close()
		x.rows = nil
	}
	if x.f != nil {
		if cerr := x.f.Close(); err == nil {
			err = cerr
		}
		x.f = nil
	}
	return err
}

// XLSXWriter writes one sheet of an XLSX workbook through excelize's
// stream writer; every cell is a text cell, so phone numbers keep their
// "+" and leading zeros.
type XLSXWriter struct {
	w   io.Writer
	f   *excelize.File
	sw  *excelize.StreamWriter
	num int
}

// NewXLSXWriter returns a writer of a workbook with one sheet named sheet
// ("" means "Sheet1") that is written to w on Close.
func NewXLSXWriter(w io.Writer, sheet string) (*XLSXWriter, error) {
	f := excelize.NewFile()
	name := "Sheet1"
	if sheet != "" && sheet != name {
		if err := f.SetSheetName(name, sheet); err != nil {
			f.Close()
			return nil, err
		}
		name = sheet
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &XLSXWriter{w: w, f: f, sw: sw}, nil
}

// Write implements Writer. A cell longer than Excel's limit of 32,767
// characters is an error.
func (x *XLSXWriter) Write(row []string) error {
	x.num++
	cells := make([]any, len(row))
	for i, v := range row {
		// excelize would silently truncate a longer cell.
		if n := utf16Len(v); n > excelize.TotalCellChars {
			return fmt.Errorf("xlsx row %d: cell %d holds %d characters, more than Excel's limit of %d", x.num, i+1, n, excelize.TotalCellChars)
		}
		cells[i] = v
	}
	cell, err := excelize.CoordinatesToCellName(1, x.num)
	if err != nil {
		return err
	}
	if err := x.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("xlsx row %d: %w", x.num, err)
	}
	return nil
}

// Close implements Writer: it writes the workbook to the io.Writer.
func (x *XLSXWriter) Close() error {
	if x.f == nil {
		return nil
	}
	defer func() { x.f.Close(); x.f = nil }()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.w)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
