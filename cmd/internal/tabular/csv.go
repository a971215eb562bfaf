package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
)

// bom is the UTF-8 byte order mark Excel writes at the start of CSV files.
const bom = "\ufeff"

// CSVReader reads CSV (or TSV) text.
type CSVReader struct {
	r     *csv.Reader
	comma rune
}

// NewCSVReader reads CSV from r. It strips a leading UTF-8 byte order mark
// and picks the delimiter (comma, semicolon or tab) that occurs most often
// outside quotes on the first line, preferring comma on a tie. Quotes are
// read leniently (a stray quote inside an unquoted cell is kept as a
// character), rows may have different numbers of cells, blank lines are
// skipped, and cell bytes are returned unchanged, valid UTF-8 or not.
func NewCSVReader(r io.Reader) (*CSVReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	comma := detectDelimiter(head)
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	return &CSVReader{r: cr, comma: comma}, nil
}

// Delimiter is the cell delimiter the reader detected.
func (c *CSVReader) Delimiter() rune { return c.comma }

// Next implements Rows; num is the line the row starts on.
func (c *CSVReader) Next() ([]string, int, error) {
	row, err := c.r.Read()
	if err != nil {
		return nil, 0, err
	}
	line, _ := c.r.FieldPos(0)
	return row, line, nil
}

// Close implements Rows; it does nothing.
func (c *CSVReader) Close() error { return nil }

// detectDelimiter counts candidate delimiters outside quotes on the first
// line of head.
func detectDelimiter(head []byte) rune {
	var commas, semis, tabs int
	quoted := false
	for _, b := range head {
		if b == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if b == '\n' || b == '\r' {
			break
		}
		switch b {
		case ',':
			commas++
		case ';':
			semis++
		case '\t':
			tabs++
		}
	}
	switch {
	case semis > commas && semis >= tabs:
		return ';'
	case tabs > commas && tabs > semis:
		return '\t'
	}
	return ','
}

// CSVWriter writes RFC 4180 CSV with a UTF-8 byte order mark (so Excel
// shows Vietnamese, Russian and Chinese text correctly), comma-delimited,
// with CRLF line ends. A cell is quoted when it holds a delimiter any
// reader might pick (comma, semicolon, tab), a quote, a line break, or
// leading or trailing space, and a row of one empty cell is written as ""
// so that it is not read back as a blank line.
type CSVWriter struct {
	w       *bufio.Writer
	started bool
}

// NewCSVWriter returns a CSV writer on w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write implements Writer.
func (c *CSVWriter) Write(row []string) error {
	if !c.started {
		c.started = true
		c.w.WriteString(bom)
	}
	if len(row) == 1 && row[0] == "" {
		c.w.WriteString(`""` + "\r\n")
		return nil
	}
	for i, cell := range row {
		if i > 0 {
			c.w.WriteByte(',')
		}
		if needsQuotes(cell) {
			c.w.WriteByte('"')
			c.w.WriteString(strings.ReplaceAll(cell, `"`, `""`))
			c.w.WriteByte('"')
		} else {
			c.w.WriteString(cell)
		}
	}
	_, err := c.w.WriteString("\r\n")
	return err
}

// Close implements Writer.
func (c *CSVWriter) Close() error {
	if !c.started {
		c.started = true
		c.w.WriteString(bom)
	}
	return c.w.Flush()
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if strings.ContainsAny(s, ",;\t\"\r\n") {
		return true
	}
	// Leading or trailing space would be trimmed by many readers; a BOM
	// at the very start would be stripped.
	return s[0] == ' ' || s[len(s)-1] == ' ' || bytes.HasPrefix([]byte(s), []byte(bom))
}
