package service

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// One-pass reading for the money reports (receivables, payables,
// settlements of many departures). A store that reads a few fields of
// every record of a kind with one cursor (localdb.Store.ScanFields, the
// msgFieldScanner interface) is read that way: 100,000 bookings and their
// payments take a fraction of a second instead of a transaction, a tree
// descent, an index lookup and a full decode each. Any other store is read
// record by record with the straightforward code (bookingRow, Load), which
// the tests compare the fast path against on the same store.

// fieldScanner is the store's one-cursor reader, when it has one.
func fieldScanner(s Store) (msgFieldScanner, bool) {
	fs, ok := s.(msgFieldScanner)
	return fs, ok
}

// Decoding of single JSON values: the compact JSON encoding/json writes
// is read directly, anything else goes through json.Unmarshal.

func rawString(v json.RawMessage) (string, error) {
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

func rawDateOf(v json.RawMessage) (app.Date, error) {
	if len(v) == 12 && v[0] == '"' && v[5] == '-' && v[8] == '-' && v[11] == '"' {
		y, ok1 := rawDigits(v[1:5])
		m, ok2 := rawDigits(v[6:8])
		d, ok3 := rawDigits(v[9:11])
		if ok1 && ok2 && ok3 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			date := app.Date{Year: y, Month: time.Month(m), Day: d}
			if d <= 28 || app.DateOf(date.Time()) == date { // no 30 February
				return date, nil
			}
		}
	}
	var d app.Date
	if len(v) == 0 || string(v) == "null" {
		return d, nil
	}
	err := json.Unmarshal(v, &d)
	return d, err
}

func rawDigits(v []byte) (int, bool) {
	x := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	return x, len(v) > 0
}

func rawMoney(v json.RawMessage) (money.Money, error) {
	const pre, mid = `{"amount":`, `,"currency":"`
	if len(v) > len(pre)+len(mid)+2 && string(v[:len(pre)]) == pre && v[len(v)-1] == '}' && v[len(v)-2] == '"' {
		rest := v[len(pre) : len(v)-2]
		if i := bytes.Index(rest, []byte(mid)); i > 0 {
			num, cur := rest[:i], rest[i+len(mid):]
			neg := num[0] == '-'
			if neg {
				num = num[1:]
			}
			if n, ok := rawDigits(num); ok && len(num) <= 18 && bytes.IndexByte(cur, '"') < 0 && bytes.IndexByte(cur, '\\') < 0 {
				if neg {
					n = -n
				}
				return money.New(int64(n), string(cur)), nil
			}
		}
	}
	var m money.Money
	if len(v) == 0 || string(v) == "null" {
		return m, nil
	}
	err := json.Unmarshal(v, &m)
	return m, err
}

func rawInto(v json.RawMessage, into any) error {
	if len(v) == 0 || string(v) == "null" {
		return nil
	}
	return json.Unmarshal(v, into)
}

// moneyFields decodes the values of one record's scanned fields, keeping
// the first error (naming the record and field).
type moneyFields struct {
	kind app.Kind
	id   string
	err  error
}

func (d *moneyFields) fail(field string, err error) {
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("%s %s: %s: %w", d.kind, d.id, field, err)
	}
}

func (d *moneyFields) str(v json.RawMessage, field string) string {
	s, err := rawString(v)
	d.fail(field, err)
	return s
}

func (d *moneyFields) date(v json.RawMessage, field string) app.Date {
	t, err := rawDateOf(v)
	d.fail(field, err)
	return t
}

// lines decodes a booking's price lines into to (descriptions dropped on
// the fast path: no money figure needs them).
func (d *moneyFields) lines(v json.RawMessage, to *[]app.PriceLine) {
	var ok bool
	if *to, ok = parsePriceLines(v); !ok {
		d.fail("lines", rawInto(v, to))
	}
}

// discounts decodes a booking's discounts into to.
func (d *moneyFields) discounts(v json.RawMessage, to *[]app.Discount) {
	var ok bool
	if *to, ok = parseDiscountLines(v); !ok {
		d.fail("discounts", rawInto(v, to))
	}
}

func (d *moneyFields) money(v json.RawMessage, field string) money.Money {
	m, err := rawMoney(v)
	d.fail(field, err)
	return m
}

// strings shares the strings of fields with few distinct values
// (currencies, statuses, departure ids) among the records holding them.
type sharedStrings map[string]string

func (in sharedStrings) str(d *moneyFields, v json.RawMessage, field string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		if s, ok := in[string(v[1:len(v)-1])]; ok {
			return s
		}
	}
	s := d.str(v, field)
	if len(in) < 10000 {
		in[s] = s
	}
	return s
}

// scanPayments reads every live payment whose booking keep accepts, with
// the fields money is made of (booking, type, amount, reversal, date),
// grouped by booking, oldest first as bookingPayments orders them.
func scanPayments(fs msgFieldScanner, keep func(bookingID string) bool) (map[string][]*app.Payment, error) {
	out := map[string][]*app.Payment{}
	in := sharedStrings{}
	var slab []app.Payment // allocated 1,024 at a time
	err := fs.ScanFields(app.KindPayment, []string{"booking_id", "type", "amount", "reversal_of", "date"}, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindPayment, id: id}
		bid := in.str(&d, v[0], "booking_id")
		if d.err != nil {
			return d.err
		}
		if !keep(bid) {
			return nil
		}
		if len(slab) == cap(slab) {
			slab = make([]app.Payment, 0, 1024)
		}
		slab = slab[:len(slab)+1]
		p := &slab[len(slab)-1]
		*p = app.Payment{ID: id, BookingID: bid, Type: app.PaymentKind(in.str(&d, v[1], "type")), Amount: d.money(v[2], "amount"),
			ReversalOf: d.str(v[3], "reversal_of"), Date: d.date(v[4], "date")}
		if d.err != nil {
			return d.err
		}
		out[bid] = append(out[bid], p)
		return nil
	})
	for _, ps := range out {
		sortPayments(ps)
	}
	return out, err
}

func sortPayments(ps []*app.Payment) {
	slices.SortStableFunc(ps, func(a, b *app.Payment) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) })
}

// departureStarts is every live departure's start date.
func departureStarts(fs msgFieldScanner) (map[string]app.Date, error) {
	out := map[string]app.Date{}
	err := fs.ScanFields(app.KindDeparture, []string{"start_date"}, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindDeparture, id: id}
		out[id] = d.date(v[0], "start_date")
		return d.err
	})
	return out, err
}

// moneyOfRow works out row's Total, Paid, Balance and Problem from its
// booking and payments, as bookingRow does.
func moneyOfRow(row *BookingRow) {
	b := row.Booking
	row.Total, row.Problem = b.Total()
	var ok bool
	row.Paid, ok = app.Paid(row.Payments, b.Currency)
	if !ok && row.Problem == nil {
		row.Problem = money.ErrMixedCurrency
	}
	if row.Problem == nil {
		row.Balance, row.Problem = app.Balance(b, row.Payments)
	}
}

// The price lines and discounts of a booking, read without reflection
// (LoadBooks, Settlements).

// lexer reads the compact JSON encoding/json writes, for the shapes
// parsePriceLines knows; any surprise sets bad and the caller falls back to
// json.Unmarshal.
type lexer struct {
	b   []byte
	i   int
	bad bool
}

func (l *lexer) eat(c byte) bool {
	if l.i < len(l.b) && l.b[l.i] == c {
		l.i++
		return true
	}
	return false
}

func (l *lexer) want(c byte) {
	if !l.eat(c) {
		l.bad = true
	}
}

// str reads a string without escapes (one with escapes is bad: the
// fallback decodes it).
func (l *lexer) str() []byte {
	if !l.eat('"') {
		l.bad = true
		return nil
	}
	j := bytes.IndexByte(l.b[l.i:], '"')
	if j < 0 || bytes.IndexByte(l.b[l.i:l.i+j], '\\') >= 0 {
		l.bad = true
		return nil
	}
	s := l.b[l.i : l.i+j]
	l.i += j + 1
	return s
}

// skipStr passes over a string, escapes and all (for values no figure
// reads, such as a line's description).
func (l *lexer) skipStr() {
	if !l.eat('"') {
		l.bad = true
		return
	}
	for l.i < len(l.b) {
		switch l.b[l.i] {
		case '\\':
			l.i += 2
			continue
		case '"':
			l.i++
			return
		}
		l.i++
	}
	l.bad = true
}

func (l *lexer) bool() bool {
	switch {
	case bytes.HasPrefix(l.b[l.i:], []byte("true")):
		l.i += 4
		return true
	case bytes.HasPrefix(l.b[l.i:], []byte("false")):
		l.i += 5
		return false
	}
	l.bad = true
	return false
}

func (l *lexer) int() int64 {
	neg := l.eat('-')
	start := l.i
	var n int64
	for l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '9' && l.i-start < 18 {
		n = n*10 + int64(l.b[l.i]-'0')
		l.i++
	}
	if l.i == start || (l.i < len(l.b) && (l.b[l.i] == '.' || l.b[l.i] == 'e' || l.b[l.i] >= '0' && l.b[l.i] <= '9')) {
		l.bad = true
	}
	if neg {
		n = -n
	}
	return n
}

// object reads {"key":value,...}, calling field for each key; field reads
// the value.
func (l *lexer) object(field func(key []byte)) {
	l.want('{')
	if l.eat('}') {
		return
	}
	for !l.bad {
		k := l.str()
		l.want(':')
		if l.bad {
			return
		}
		field(k)
		if l.eat('}') {
			return
		}
		l.want(',')
	}
}

func (l *lexer) money() money.Money {
	var m money.Money
	l.object(func(k []byte) {
		switch string(k) {
		case "amount":
			m.Amount = l.int()
		case "currency":
			m.Currency = string(l.str())
		default:
			l.bad = true
		}
	})
	return m
}

// parsePriceLines reads a booking's price lines; ok is false when v is not in
// the shape encoding/json writes them (then json.Unmarshal decodes it).
// Descriptions are not kept: no money figure needs them.
func parsePriceLines(v []byte) (lines []app.PriceLine, ok bool) {
	if len(v) == 0 || string(v) == "null" || string(v) == "[]" {
		return nil, true
	}
	l := &lexer{b: v}
	l.want('[')
	for !l.bad {
		var pl app.PriceLine
		l.object(func(k []byte) {
			switch string(k) {
			case "description":
				l.skipStr()
			case "traveler_type":
				pl.TravelerType = app.TravelerType(l.str())
			case "quantity":
				pl.Quantity = int(l.int())
			case "unit_price":
				pl.UnitPrice = l.money()
			case "surcharge":
				pl.Surcharge = l.bool()
			default:
				l.bad = true
			}
		})
		lines = append(lines, pl)
		if l.eat(']') {
			break
		}
		l.want(',')
	}
	if l.bad || l.i != len(l.b) {
		return nil, false
	}
	return lines, true
}

// parseDiscountLines reads a booking's discounts like parsePriceLines.
func parseDiscountLines(v []byte) (ds []app.Discount, ok bool) {
	if len(v) == 0 || string(v) == "null" || string(v) == "[]" {
		return nil, true
	}
	l := &lexer{b: v}
	l.want('[')
	for !l.bad {
		var d app.Discount
		l.object(func(k []byte) {
			switch string(k) {
			case "description":
				l.skipStr()
			case "percent":
				d.Percent = int(l.int())
			case "amount":
				d.Amount = l.money()
			default:
				l.bad = true
			}
		})
		ds = append(ds, d)
		if l.eat(']') {
			break
		}
		l.want(',')
	}
	if l.bad || l.i != len(l.b) {
		return nil, false
	}
	return ds, true
}
