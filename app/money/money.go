// Package money holds amounts of money as integer minor units plus an ISO
// 4217 currency code, never as floats: 1250.50 USD is Money{125050, "USD"}
// and 15,000,000 VND is Money{15000000, "VND"} (VND has no minor unit).
//
// Arithmetic is checked: mixing currencies returns ErrMixedCurrency and a
// result outside int64 returns ErrOverflow; nothing here panics. The zero
// Money (amount 0, no currency) is neutral in Add and Sub, so a running
// total may start from it.
//
// JSON: a Money encodes as an object {"amount": 125050, "currency": "USD"}
// where amount is in minor units (cents for USD, đồng for VND). This is the
// form stored in records and sent on the wire; String gives the plain
// "1250.50 USD" form for logs and exports.
package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Errors returned by arithmetic and Parse; test with errors.Is.
var (
	ErrMixedCurrency = errors.New("money: amounts in different currencies")
	ErrOverflow      = errors.New("money: amount too large")
	ErrCurrency      = errors.New("money: unknown currency")
	ErrSyntax        = errors.New("money: not an amount")
	ErrPrecision     = errors.New("money: too many decimals for the currency")
)

// Money is an amount in minor units of Currency (an ISO 4217 code such as
// "VND", "USD"). The zero value means "no amount".
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// New returns amount minor units of currency.
func New(amount int64, currency string) Money { return Money{amount, currency} }

// IsZero reports whether m is the zero Money (no amount, no currency).
func (m Money) IsZero() bool { return m == Money{} }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.Amount < 0 }

// Exponent is the number of minor-unit digits of m's currency; unknown
// currencies are treated as having 2.
func (m Money) Exponent() int {
	if c, ok := currencies[m.Currency]; ok {
		return c.Exponent
	}
	return 2
}

// Check returns ErrCurrency (wrapped, naming the code) unless m's currency
// is known. The zero Money passes.
func (m Money) Check() error {
	if m.IsZero() || Known(m.Currency) {
		return nil
	}
	return fmt.Errorf("%w %q", ErrCurrency, m.Currency)
}

// same returns the common currency of m and o, treating the zero Money as
// having any currency.
func same(m, o Money) (string, error) {
	switch {
	case m.Currency == o.Currency:
		return m.Currency, nil
	case m.IsZero():
		return o.Currency, nil
	case o.IsZero():
		return m.Currency, nil
	}
	return "", fmt.Errorf("%w: %s and %s", ErrMixedCurrency, m.Currency, o.Currency)
}

// Add returns m + o. Both must be in one currency (or one of them the zero
// Money).
func (m Money) Add(o Money) (Money, error) {
	cur, err := same(m, o)
	if err != nil {
		return Money{}, err
	}
	r := m.Amount + o.Amount // wraps on overflow, detected below
	// Signed overflow: both operands have the same sign and the result's
	// sign differs.
	if (m.Amount >= 0) == (o.Amount >= 0) && (r >= 0) != (m.Amount >= 0) {
		return Money{}, ErrOverflow
	}
	return Money{r, cur}, nil
}

// Sub returns m - o, under the rules of Add.
func (m Money) Sub(o Money) (Money, error) {
	n, err := o.Neg()
	if err != nil {
		return Money{}, err
	}
	return m.Add(n)
}

// Neg returns -m; only the most negative int64 amount cannot be negated.
func (m Money) Neg() (Money, error) {
	if m.Amount == math.MinInt64 {
		return Money{}, ErrOverflow
	}
	return Money{-m.Amount, m.Currency}, nil
}

// Abs returns |m|.
func (m Money) Abs() (Money, error) {
	if m.Amount < 0 {
		return m.Neg()
	}
	return m, nil
}

// Mul returns m × q (a quantity of travelers, nights, rooms).
func (m Money) Mul(q int64) (Money, error) {
	if m.Amount == 0 || q == 0 {
		return Money{0, m.Currency}, nil
	}
	r := m.Amount * q
	if r/q != m.Amount || (m.Amount == -1 && q == math.MinInt64) || (q == -1 && m.Amount == math.MinInt64) {
		return Money{}, ErrOverflow
	}
	return Money{r, m.Currency}, nil
}

// Percent returns p percent of m (p may be negative or above 100), rounded
// to a whole minor unit half away from zero: 10% of 0.05 USD is 0.01 USD,
// 10% of -0.05 USD is -0.01 USD, 15% of 1,000,003 VND is 150,000 VND.
func (m Money) Percent(p int64) (Money, error) {
	if p > math.MaxInt64/100 || p < math.MinInt64/100 {
		return Money{}, ErrOverflow
	}
	return m.BasisPoints(p * 100)
}

// BasisPoints returns bp hundredths of a percent of m (250 is 2.5%),
// rounded to a whole minor unit half away from zero.
func (m Money) BasisPoints(bp int64) (Money, error) {
	neg := (m.Amount < 0) != (bp < 0)
	hi, lo := bits.Mul64(absU(m.Amount), absU(bp))
	const d = 10000
	if hi >= d {
		return Money{}, ErrOverflow
	}
	q, rem := bits.Div64(hi, lo, d)
	if rem*2 >= d {
		q++
	}
	if q > math.MaxInt64 {
		return Money{}, ErrOverflow
	}
	r := int64(q)
	if neg {
		r = -r
	}
	return Money{r, m.Currency}, nil
}

// Discount returns m less p percent of it, the discount rounded as in
// Percent: 1,250.50 USD less 10% is 1,125.45 USD (125.05 off).
func (m Money) Discount(p int64) (Money, error) {
	off, err := m.Percent(p)
	if err != nil {
		return Money{}, err
	}
	return m.Sub(off)
}

// Sum adds amounts of one currency; the sum of none is the zero Money.
func Sum(ms ...Money) (Money, error) {
	var t Money
	for _, m := range ms {
		var err error
		if t, err = t.Add(m); err != nil {
			return Money{}, err
		}
	}
	return t, nil
}

// Compare returns -1, 0 or +1 as m is less than, equal to or more than o,
// or ErrMixedCurrency.
func (m Money) Compare(o Money) (int, error) {
	if _, err := same(m, o); err != nil {
		return 0, err
	}
	switch {
	case m.Amount < o.Amount:
		return -1, nil
	case m.Amount > o.Amount:
		return 1, nil
	}
	return 0, nil
}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// Decimal is the amount in major units with the currency's minor digits
// and no grouping: "1250.50", "-0.05", "15000000".
func (m Money) Decimal() string {
	exp := m.Exponent()
	digits := strconv.FormatUint(absU(m.Amount), 10)
	sign := ""
	if m.Amount < 0 {
		sign = "-"
	}
	if exp == 0 {
		return sign + digits
	}
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
}

// String is the plain form "1250.00 USD", "15000000 VND", "-5.00 EUR"; the
// zero Money is "0". Parse(amount, currency) reads the number back.
func (m Money) String() string {
	if m.IsZero() {
		return "0"
	}
	if m.Currency == "" {
		return m.Decimal()
	}
	return m.Decimal() + " " + m.Currency
}

// numberStyle is how a language groups digits and marks decimals.
// wholeWithoutFraction leaves out a fraction of zeros, as Russian
// documents write whole amounts ("12 500 ₽", but "12 500,50 ₽").
type numberStyle struct {
	group, decimal       string
	wholeWithoutFraction bool
}

var styles = map[string]numberStyle{
	"en": {",", ".", false},
	"zh": {",", ".", false},
	"vi": {".", ",", false},
	"ru": {" ", ",", true},
}

// Format writes m for people reading lang ("vi", "en", "ru", "zh"; others
// read as "en"): digits grouped by three and the currency's symbol,
// "15.000.000 ₫" (vi), "$1,250.00" (en), "12 500 ₽" (ru), "¥3,200.00"
// (zh). Spaces are plain ASCII spaces; a printer wanting no line break
// inside an amount substitutes U+00A0. Unknown currencies print their code
// after the number.
func (m Money) Format(lang string) string {
	if m.IsZero() {
		return "0"
	}
	st, ok := styles[lang]
	if !ok {
		st = styles["en"]
	}
	dec := m.Decimal()
	sign := ""
	if strings.HasPrefix(dec, "-") {
		sign, dec = "-", dec[1:]
	}
	intPart, frac, _ := strings.Cut(dec, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(st.group)
		}
		b.WriteRune(r)
	}
	num := b.String()
	if frac != "" && !(st.wholeWithoutFraction && strings.Trim(frac, "0") == "") {
		num += st.decimal + frac
	}
	c, known := currencies[m.Currency]
	switch {
	case m.Currency == "":
		return sign + num
	case !known:
		return sign + num + " " + m.Currency
	case c.SymbolFirst:
		return sign + c.Symbol + num
	}
	return sign + num + " " + c.Symbol
}
