package report

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/tourdesk/tourdesk/app/money"
)

// CellKind is what a cell holds.
type CellKind uint8

const (
	// Empty is a cell with nothing to show (a rate with no base).
	Empty CellKind = iota
	Text
	Int
	// Money is an amount with its currency.
	Money
	// Percent is a ratio in basis points (1/100 of a percent).
	Percent
)

var kindNames = []string{"empty", "text", "int", "money", "percent"}

// String is the kind's name ("money").
func (k CellKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind" + strconv.Itoa(int(k))
}

// MarshalText encodes the kind's name.
func (k CellKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Cell is one typed value of a table. Exactly the field of its Kind is
// meaningful.
type Cell struct {
	Kind  CellKind
	Text  string
	Int   int64
	Money money.Money
	// BP is a Percent cell's value in basis points: 1234 is 12.34%.
	BP int64
}

// TextCell, IntCell, MoneyCell, PercentCell and EmptyCell make cells.
func TextCell(s string) Cell       { return Cell{Kind: Text, Text: s} }
func IntCell(n int64) Cell         { return Cell{Kind: Int, Int: n} }
func MoneyCell(m money.Money) Cell { return Cell{Kind: Money, Money: m} }
func PercentCell(bp int64) Cell    { return Cell{Kind: Percent, BP: bp} }
func EmptyCell() Cell              { return Cell{} }
func intCell(n int) Cell           { return IntCell(int64(n)) }

// rate is num/den as a Percent cell, or Empty when den is zero.
func rate(num, den int64) Cell {
	if den == 0 {
		return EmptyCell()
	}
	return PercentCell(ratioBP(num, den))
}

// ratioBP is num/den in basis points, rounded half away from zero.
func ratioBP(num, den int64) int64 {
	if den == 0 {
		return 0
	}
	n := num * 10000
	q, r := n/den, n%den
	if 2*abs64(r) >= abs64(den) {
		if (n < 0) != (den < 0) {
			q--
		} else {
			q++
		}
	}
	return q
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// PercentString is bp as "12.34" (no sign of percent): the number a
// spreadsheet or a CSV reader takes.
func PercentString(bp int64) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	return fmt.Sprintf("%s%d.%02d", sign, bp/100, bp%100)
}

// Format writes the cell for people reading lang ("vi", "en", "ru", "zh"):
// grouped money with its symbol (money.Money.Format), "12.34%", "—" for
// an empty cell.
func (c Cell) Format(lang string) string {
	switch c.Kind {
	case Text:
		return c.Text
	case Int:
		return groupInt(c.Int, lang)
	case Money:
		if c.Money.Amount == 0 {
			return money.New(0, "").Format(lang) // "0"
		}
		return c.Money.Format(lang)
	case Percent:
		s := PercentString(c.BP)
		if lang == "vi" || lang == "ru" {
			s = replaceDot(s, ',')
		}
		return s + "%"
	}
	return "—"
}

// Plain writes the cell for a machine: text as is, integers in digits,
// money as its decimal amount without grouping ("1250.50"; the currency
// goes in a column of its own), a percent as "12.34", empty as "".
func (c Cell) Plain() string {
	switch c.Kind {
	case Text:
		return c.Text
	case Int:
		return strconv.FormatInt(c.Int, 10)
	case Money:
		return c.Money.Decimal()
	case Percent:
		return PercentString(c.BP)
	}
	return ""
}

// MarshalJSON encodes text as a string, an integer as a number, money as
// {"amount": minor units, "currency": code} (as money.Money does), a
// percent as {"bp": basis points, "percent": "12.34"}, empty as null.
func (c Cell) MarshalJSON() ([]byte, error) {
	switch c.Kind {
	case Text:
		return json.Marshal(c.Text)
	case Int:
		return json.Marshal(c.Int)
	case Money:
		return json.Marshal(c.Money)
	case Percent:
		return json.Marshal(struct {
			BP      int64  `json:"bp"`
			Percent string `json:"percent"`
		}{c.BP, PercentString(c.BP)})
	}
	return []byte("null"), nil
}

func replaceDot(s string, r byte) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '.' {
			b[i] = r
		}
	}
	return string(b)
}

func groupInt(n int64, lang string) string {
	sep := ","
	switch lang {
	case "vi":
		sep = "."
	case "ru":
		sep = " "
	}
	s := strconv.FormatInt(n, 10)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, sep...)
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

// Column is one column of a table. Key is stable (for translations,
// JSON and scripts); Title is the English heading.
type Column struct {
	Key   string   `json:"key"`
	Title string   `json:"title"`
	Kind  CellKind `json:"kind"`
}

// Table is a report's result: what both tourdeskctl and the desktop's
// Reports area show and export. Money cells are in the company's
// reporting currency (Currency) unless a column says otherwise; every
// money cell of one row is in one currency, so an export can give each row
// a single currency column.
type Table struct {
	// Name is the report's name (see List); Title its English heading.
	Name   string `json:"name"`
	Title  string `json:"title"`
	Period Period `json:"period"`
	// Currency is the reporting currency money was converted into.
	Currency string   `json:"currency"`
	Columns  []Column `json:"columns"`
	Rows     [][]Cell `json:"rows"`
	// Total is the totals row, nil when the report has none.
	Total []Cell `json:"total,omitempty"`
	// Notes explain the figures and name anything left out (a booking in
	// a currency with no exchange rate).
	Notes []string `json:"notes,omitempty"`
}

// HasMoney reports whether any column or cell holds money.
func (t *Table) HasMoney() bool {
	for _, c := range t.Columns {
		if c.Kind == Money {
			return true
		}
	}
	for _, r := range append(t.Rows, t.Total) {
		if RowCurrency(r) != "" {
			return true
		}
	}
	return false
}

// RowCurrency is the currency of the row's money cells ("" if none).
func RowCurrency(row []Cell) string {
	for _, c := range row {
		if c.Kind == Money && c.Money.Currency != "" {
			return c.Money.Currency
		}
	}
	return ""
}

// addRow appends a row, checking it has a cell per column (a programming
// error otherwise).
func (t *Table) addRow(cells ...Cell) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("report %s: row of %d cells for %d columns", t.Name, len(cells), len(t.Columns)))
	}
	t.Rows = append(t.Rows, cells)
}

func (t *Table) note(format string, args ...any) {
	t.Notes = append(t.Notes, fmt.Sprintf(format, args...))
}

// Records is t as rows of text for a CSV file or any plain export: the
// column titles, then each row and the totals row last; integers in
// digits, money as its plain decimal amount ("1250.50", no grouping),
// percentages as numbers ("12.34") under a title ending in " (%)", empty
// cells empty, and, when the table holds money, a last "Currency" column
// with each row's currency.
func (t *Table) Records() [][]string {
	money := t.HasMoney()
	head := make([]string, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		title := c.Title
		if c.Kind == Percent {
			title += " (%)"
		}
		head = append(head, title)
	}
	if money {
		head = append(head, "Currency")
	}
	out := make([][]string, 0, len(t.Rows)+2)
	out = append(out, head)
	add := func(r []Cell) {
		row := make([]string, 0, len(r)+1)
		for _, c := range r {
			row = append(row, c.Plain())
		}
		if money {
			row = append(row, RowCurrency(r))
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
