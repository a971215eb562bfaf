package money

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// ParseError says why a typed amount was not read. It wraps ErrSyntax,
// ErrPrecision, ErrOverflow or ErrCurrency.
type ParseError struct {
	Input    string
	Currency string
	Reason   string
	Err      error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%q is not an amount of %s: %s", e.Input, e.Currency, e.Reason)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads an amount of currency as people type it, in the Vietnamese,
// Russian, Chinese or English way:
//
//	"15.000.000", "15,000,000", "15 000 000"  → 15000000 (VND or any)
//	"1250.50", "1250,50", "1,250.50", "1.250,50", "1 250,50" → 1250.50
//	"-12.5", "+7", "12 500 ₽", "$1,250.00", "1250.50 USD"
//
// The rules, in order:
//   - Spaces (including no-break spaces) and apostrophes only group digits.
//   - When both "." and "," appear, the last one is the decimal mark and
//     the other groups digits.
//   - A mark that appears more than once groups digits.
//   - A single mark followed by exactly three digits groups digits when the
//     currency has fewer than three minor digits and one to three digits
//     other than "0" stand before it ("1.250" USD is 1250.00, "15.000" VND
//     is 15000, but "1250.500" USD is 1250.50 and "0.125" USD is an error).
//   - Otherwise a single mark is the decimal mark.
//
// Groups after the first must have exactly three digits. Decimals beyond
// the currency's exponent are accepted only when they are zeros
// ("1250.500" USD); otherwise ErrPrecision. A leading or trailing currency
// symbol or code is accepted when it names currency ("₫", "đ", "VNĐ",
// "₽", "руб.", "¥", "元", "RMB", "$", "US$", "USD"). Errors are *ParseError.
func Parse(s, currency string) (Money, error) {
	currency = NormalizeCode(currency)
	c, ok := currencies[currency]
	fail := func(err error, reason string) (Money, error) {
		return Money{}, &ParseError{Input: s, Currency: currency, Reason: reason, Err: err}
	}
	if !ok {
		return fail(ErrCurrency, "unknown currency")
	}
	if !utf8.ValidString(s) || len(s) > 100 {
		return fail(ErrSyntax, "not a number")
	}
	v := strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") {
		neg = v[0] == '-'
		v = strings.TrimSpace(v[1:])
	}
	v = stripCurrency(v, c)
	if !neg && (strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+")) {
		neg = v[0] == '-'
		v = strings.TrimSpace(v[1:])
	}
	// Keep digits and marks; spaces and apostrophes become group marks.
	var b strings.Builder
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',':
			b.WriteRune(r)
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'' || r == '’':
			b.WriteByte(' ')
		default:
			return fail(ErrSyntax, fmt.Sprintf("%q is not a digit", r))
		}
	}
	v = b.String()
	if v == "" {
		return fail(ErrSyntax, "no digits")
	}
	dot, comma := strings.Count(v, "."), strings.Count(v, ",")
	decimal := byte(0)
	switch {
	case dot > 0 && comma > 0:
		decimal = '.'
		if strings.LastIndexByte(v, ',') > strings.LastIndexByte(v, '.') {
			decimal = ','
		}
		if strings.Count(v, string(decimal)) > 1 {
			return fail(ErrSyntax, "more than one decimal mark")
		}
	case dot == 1 || comma == 1:
		mark := byte('.')
		if comma == 1 {
			mark = ','
		}
		i := strings.IndexByte(v, mark)
		before, after := v[:i], v[i+1:]
		grouping := len(after) == 3 && digitsOnly(after) && c.Exponent < 3 &&
			len(before) <= 3 && digitsOnly(before) && before != "0"
		if !grouping {
			decimal = mark
		}
	}
	intPart, frac := v, ""
	if decimal != 0 {
		i := strings.IndexByte(v, decimal)
		intPart, frac = v[:i], v[i+1:]
		if frac != "" && !digitsOnly(frac) {
			return fail(ErrSyntax, "only digits may follow the decimal mark")
		}
	}
	digits, reason := ungroup(intPart)
	if reason != "" {
		return fail(ErrSyntax, reason)
	}
	if digits == "" && frac == "" {
		return fail(ErrSyntax, "no digits")
	}
	if len(frac) > c.Exponent {
		if strings.Trim(frac[c.Exponent:], "0") != "" {
			if c.Exponent == 0 {
				return fail(ErrPrecision, c.Code+" has no decimals")
			}
			return fail(ErrPrecision, fmt.Sprintf("%s has only %d decimals", c.Code, c.Exponent))
		}
		frac = frac[:c.Exponent]
	}
	digits += frac + strings.Repeat("0", c.Exponent-len(frac))
	var n uint64
	for i := 0; i < len(digits); i++ {
		d := uint64(digits[i] - '0')
		if n > (math.MaxInt64-d)/10 {
			return fail(ErrOverflow, "too large")
		}
		n = n*10 + d
	}
	a := int64(n)
	if neg {
		a = -a
	}
	return Money{a, c.Code}, nil
}

// ungroup returns the digits of intPart, which holds digits and group
// separators (space, "." or ","), or a reason it is not digits grouped by
// three with one kind of separator.
func ungroup(intPart string) (digits, reason string) {
	intPart = strings.TrimSpace(intPart)
	if intPart == "" {
		return "", ""
	}
	var groups []string
	sep := byte(0)
	start := 0
	for i := 0; i <= len(intPart); i++ {
		if i < len(intPart) && intPart[i] >= '0' && intPart[i] <= '9' {
			continue
		}
		if i == start {
			return "", "separators must stand between digits"
		}
		groups = append(groups, intPart[start:i])
		if i < len(intPart) {
			if sep != 0 && intPart[i] != sep {
				return "", "mixes different group separators"
			}
			sep = intPart[i]
		}
		start = i + 1
	}
	if len(groups) > 1 {
		if len(groups[0]) > 3 {
			return "", "digits must be grouped by three"
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", "digits must be grouped by three"
			}
		}
	}
	return strings.Join(groups, ""), ""
}

func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// stripCurrency removes a leading or trailing symbol or code of c.
func stripCurrency(v string, c Currency) string {
	names := []string{c.Code, strings.ToLower(c.Code), c.Symbol}
	switch c.Code {
	case "VND":
		names = append(names, "đ", "Đ", "đồng", "dong", "VNĐ", "vnđ")
	case "RUB":
		names = append(names, "руб.", "руб", "р.", "р")
	case "CNY":
		names = append(names, "元", "RMB", "rmb", "CN¥")
	case "JPY":
		names = append(names, "円")
	case "USD":
		names = append(names, "US$")
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		if strings.HasSuffix(v, n) {
			return strings.TrimSpace(strings.TrimSuffix(v, n))
		}
		if strings.HasPrefix(v, n) {
			return strings.TrimSpace(strings.TrimPrefix(v, n))
		}
	}
	return v
}
