// Package tabular reads and writes tables of text cells as CSV or XLSX:
// the files agencies keep their customer lists in, and the files
// TourDesk exports. A table is a header row followed by data rows; every
// cell is a string.
//
// Readers are lenient where a spreadsheet user would expect it (a UTF-8
// byte order mark, ";" or tab as the delimiter, stray quotes) and never
// "repair" cell contents: bytes that are not valid UTF-8 are passed on as
// they are, so the caller can reject the one row that holds them with a
// clear reason instead of failing the whole file.
package tabular

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is a file format this package reads and writes.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// FormatOf returns the format named by path's extension (case-insensitive:
// .csv, .tsv and .txt are CSV; .xlsx and .xlsm are XLSX).
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return CSV, nil
	case ".xlsx", ".xlsm":
		return XLSX, nil
	}
	return "", fmt.Errorf("%s: unknown file type (want .csv or .xlsx)", filepath.Base(path))
}

// Rows is a stream of rows read from a table.
type Rows interface {
	// Next returns the next row and its number as the user sees it in the
	// file (1 for the first line of a CSV file or the first row of a
	// sheet), or io.EOF after the last row. The returned slice is the
	// caller's. Rows may have different lengths; trailing empty cells may
	// be missing.
	Next() (row []string, num int, err error)
	// Close releases the file. It is safe to call more than once.
	Close() error
}

// Writer writes a table one row at a time.
type Writer interface {
	// Write appends one row.
	Write(row []string) error
	// Close flushes everything written; the output is complete only once
	// Close has returned nil. It does not close the underlying io.Writer.
	Close() error
}

// Open opens path for reading, as CSV or XLSX by its extension.
func Open(path string) (Rows, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var rows Rows
	switch format {
	case CSV:
		rows, err = NewCSVReader(f)
	case XLSX:
		rows, err = NewXLSXReader(f)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return &fileRows{Rows: rows, f: f}, nil
}

type fileRows struct {
	Rows
	f *os.File
}

func (r *fileRows) Close() error {
	err := r.Rows.Close()
	if cerr := r.f.Close(); err == nil && cerr != nil && !errors.Is(cerr, os.ErrClosed) {
		err = cerr
	}
	return err
}

// NewWriter returns a writer of format on w.
func NewWriter(w io.Writer, format Format) (Writer, error) {
	switch format {
	case CSV:
		return NewCSVWriter(w), nil
	case XLSX:
		return NewXLSXWriter(w, "")
	}
	return nil, fmt.Errorf("tabular: unknown format %q", format)
}

// ReadAll reads every row of rows: the first as the header, the rest as
// data. An empty table gives a nil header and no error.
func ReadAll(rows Rows) (header []string, data [][]string, err error) {
	for {
		row, _, err := rows.Next()
		if err == io.EOF {
			return header, data, nil
		}
		if err != nil {
			return header, data, err
		}
		if header == nil {
			header = row
			continue
		}
		data = append(data, row)
	}
}

// WriteAll writes header and rows to w in format.
func WriteAll(w io.Writer, format Format, header []string, rows [][]string) error {
	tw, err := NewWriter(w, format)
	if err != nil {
		return err
	}
	if err := tw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := tw.Write(r); err != nil {
			return err
		}
	}
	return tw.Close()
}
