package segment

import (
	"github.com/tourdesk/tourdesk/app/money"
)

// item is what a booking's total needs of one price line (quantity, unit
// price) or discount (percent, amount).
type item struct {
	n int64
	m money.Money
}

// parseItems reads a JSON array of objects (a booking's lines or
// discounts) into items, taking from each object the integer field intKey
// and the money field moneyKey ({"amount": int, "currency": "…"}) and
// skipping the rest, without reflection: the scan of every booking spends
// most of its time in encoding/json otherwise. ok is false for anything
// it is not sure to read exactly as encoding/json would (a key that
// differs from the wanted one only by case, an escaped key or currency, a
// fraction or exponent, a number out of range, bad JSON): the caller then
// decodes with encoding/json. null and an absent value are no items.
func parseItems(raw []byte, intKey, moneyKey string, out []item) (_ []item, ok bool) {
	if len(raw) == 0 {
		return out, true
	}
	p := parser{b: raw}
	p.ws()
	if p.lit("null") {
		p.ws()
		return out, p.eof()
	}
	if !p.byte('[') {
		return out, false
	}
	p.ws()
	if p.byte(']') {
		p.ws()
		return out, p.eof()
	}
	for {
		it, ok := p.object(intKey, moneyKey)
		if !ok {
			return out, false
		}
		out = append(out, it)
		p.ws()
		if p.byte(']') {
			p.ws()
			return out, p.eof()
		}
		if !p.byte(',') {
			return out, false
		}
		p.ws()
	}
}

type parser struct {
	b []byte
	i int
}

func (p *parser) eof() bool { return p.i >= len(p.b) }

func (p *parser) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

// byte consumes c if it is next.
func (p *parser) byte(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// lit consumes the literal s if it is next.
func (p *parser) lit(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

// plainString reads a string without escapes (ok false otherwise).
func (p *parser) plainString() (string, bool) {
	b, ok := p.plainBytes()
	return string(b), ok
}

// plainBytes reads a string without escapes, control bytes or non-ASCII
// (ok false otherwise: leave it to encoding/json) and returns its bytes,
// which alias the input.
func (p *parser) plainBytes() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			b := p.b[start:p.i]
			p.i++
			return b, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// currency reads a currency code, without allocating for the usual ones.
func (p *parser) currency() (string, bool) {
	for _, c := range [...]string{"VND", "USD", "EUR", "RUB", "CNY", "THB", "JPY", "KRW", "SGD"} {
		if p.lit(`"` + c + `"`) {
			return c, true
		}
	}
	return p.plainString()
}

// int reads an integer in int64 range (no fraction or exponent).
func (p *parser) int() (int64, bool) {
	neg := p.byte('-')
	start := p.i
	var n int64
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		d := int64(p.b[p.i] - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
		p.i++
	}
	if p.i == start || (p.b[start] == '0' && p.i-start > 1) {
		return 0, false
	}
	if p.i < len(p.b) && (p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// skip skips one JSON value of any kind, checking it as strictly as
// encoding/json does.
func (p *parser) skip() bool {
	p.ws()
	if p.eof() {
		return false
	}
	switch p.b[p.i] {
	case '"':
		return p.skipString()
	case '{', '[':
		open := p.b[p.i]
		closing := byte('}')
		if open == '[' {
			closing = ']'
		}
		p.i++
		p.ws()
		if p.byte(closing) {
			return true
		}
		for {
			if open == '{' {
				p.ws()
				if p.eof() || p.b[p.i] != '"' || !p.skipString() {
					return false
				}
				p.ws()
				if !p.byte(':') {
					return false
				}
			}
			if !p.skip() {
				return false
			}
			p.ws()
			if p.byte(closing) {
				return true
			}
			if !p.byte(',') {
				return false
			}
		}
	case 't':
		return p.lit("true")
	case 'f':
		return p.lit("false")
	case 'n':
		return p.lit("null")
	}
	return p.skipNumber()
}

// skipString skips a string: escapes must be JSON's, no control bytes.
func (p *parser) skipString() bool {
	p.i++ // the opening quote
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return false
			}
			switch p.b[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(p.b) {
					return false
				}
				for _, h := range p.b[p.i+2 : p.i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				p.i += 6
			default:
				return false
			}
		default:
			p.i++
		}
	}
	return false
}

// skipNumber skips -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func (p *parser) skipNumber() bool {
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	p.byte('-')
	if p.byte('0') {
		// no more digits may follow a leading zero
	} else if digits() == 0 {
		return false
	}
	if p.byte('.') && digits() == 0 {
		return false
	}
	if p.byte('e') || p.byte('E') {
		if !p.byte('+') {
			p.byte('-')
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// object reads one object of the array.
func (p *parser) object(intKey, moneyKey string) (item, bool) {
	var it item
	if !p.byte('{') {
		return it, false
	}
	p.ws()
	if p.byte('}') {
		return it, true
	}
	for {
		p.ws()
		key, ok := p.plainBytes()
		if !ok {
			return it, false
		}
		p.ws()
		if !p.byte(':') {
			return it, false
		}
		p.ws()
		switch {
		case string(key) == intKey:
			if p.lit("null") {
				break
			}
			if it.n, ok = p.int(); !ok {
				return it, false
			}
		case string(key) == moneyKey:
			if p.lit("null") {
				break
			}
			if it.m, ok = p.money(); !ok {
				return it, false
			}
		case equalFold(key, intKey) || equalFold(key, moneyKey):
			return it, false
		default:
			if !p.skip() {
				return it, false
			}
		}
		p.ws()
		if p.byte('}') {
			return it, true
		}
		if !p.byte(',') {
			return it, false
		}
	}
}

// money reads {"amount": int, "currency": "XXX"} (other keys skipped).
func (p *parser) money() (money.Money, bool) {
	var m money.Money
	if !p.byte('{') {
		return m, false
	}
	p.ws()
	if p.byte('}') {
		return m, true
	}
	for {
		p.ws()
		key, ok := p.plainBytes()
		if !ok {
			return m, false
		}
		p.ws()
		if !p.byte(':') {
			return m, false
		}
		p.ws()
		switch {
		case string(key) == "amount":
			if !p.lit("null") {
				if m.Amount, ok = p.int(); !ok {
					return m, false
				}
			}
		case string(key) == "currency":
			if !p.lit("null") {
				if m.Currency, ok = p.currency(); !ok {
					return m, false
				}
			}
		case equalFold(key, "amount") || equalFold(key, "currency"):
			return m, false
		default:
			if !p.skip() {
				return m, false
			}
		}
		p.ws()
		if p.byte('}') {
			return m, true
		}
		if !p.byte(',') {
			return m, false
		}
	}
}

// equalFold is ASCII case-insensitive equality (encoding/json matches
// keys that way).
func equalFold(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}
