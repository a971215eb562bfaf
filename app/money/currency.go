package money

import (
	"slices"
	"strings"
)

// Currency describes one ISO 4217 currency: its code, how many digits its
// minor unit has (2 for USD cents, 0 for VND, which has none in use), and
// how it is usually written.
type Currency struct {
	Code string
	// Exponent is the number of decimal digits of the minor unit: an
	// Amount of 125050 in a currency of exponent 2 is 1250.50.
	Exponent int
	// Symbol is the sign printed by Format ("₫", "$", "₽").
	Symbol string
	// SymbolFirst tells whether Format puts Symbol before the number
	// ("$1,250.00") or after it ("15.000.000 ₫").
	SymbolFirst bool
}

// currencies lists the currencies TourDesk knows: those of the agencies'
// customers, partners and destinations. Exponents follow ISO 4217, except
// VND, whose hào and xu have not been used for decades (ISO lists 0 too).
var currencies = map[string]Currency{}

func init() {
	for _, c := range []Currency{
		{"VND", 0, "₫", false},
		{"USD", 2, "$", true},
		{"EUR", 2, "€", true},
		{"RUB", 2, "₽", false},
		{"CNY", 2, "¥", true},
		{"JPY", 0, "¥", true},
		{"KRW", 0, "₩", true},
		{"THB", 2, "฿", true},
		{"SGD", 2, "S$", true},
		{"AUD", 2, "A$", true},
		{"GBP", 2, "£", true},
		{"HKD", 2, "HK$", true},
		{"TWD", 2, "NT$", true},
		{"MOP", 2, "MOP$", true},
		{"MYR", 2, "RM", true},
		{"IDR", 2, "Rp", true},
		{"PHP", 2, "₱", true},
		{"LAK", 2, "₭", false},
		{"KHR", 2, "៛", false},
		{"MMK", 2, "K", false},
		{"INR", 2, "₹", true},
		{"NZD", 2, "NZ$", true},
		{"CAD", 2, "CA$", true},
		{"CHF", 2, "CHF", false},
		{"SEK", 2, "kr", false},
		{"NOK", 2, "kr", false},
		{"DKK", 2, "kr", false},
		{"PLN", 2, "zł", false},
		{"CZK", 2, "Kč", false},
		{"TRY", 2, "₺", true},
		{"AED", 2, "AED", false},
		{"KZT", 2, "₸", false},
		{"UZS", 2, "soʻm", false},
		{"BYN", 2, "Br", false},
		{"MNT", 2, "₮", false},
		{"ISK", 0, "kr", false},
		{"KWD", 3, "KWD", false},
		{"BHD", 3, "BHD", false},
		{"OMR", 3, "OMR", false},
		{"JOD", 3, "JOD", false},
	} {
		currencies[c.Code] = c
	}
}

// Lookup returns the currency with the given ISO 4217 code (upper case).
func Lookup(code string) (Currency, bool) {
	c, ok := currencies[code]
	return c, ok
}

// Known reports whether code is a currency TourDesk knows.
func Known(code string) bool {
	_, ok := currencies[code]
	return ok
}

// Codes returns every known currency code, the most used by the agencies
// first and the rest in alphabetical order.
func Codes() []string {
	first := []string{"VND", "USD", "EUR", "RUB", "CNY"}
	out := append([]string(nil), first...)
	rest := make([]string, 0, len(currencies))
	for code := range currencies {
		if !slices.Contains(first, code) {
			rest = append(rest, code)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// NormalizeCode upper-cases and trims a currency code typed by a person.
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }
