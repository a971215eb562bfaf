package money

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, cur string
		want    int64
	}{
		{"15.000.000", "VND", 15000000},
		{"15,000,000", "VND", 15000000},
		{"15 000 000", "VND", 15000000},
		{"15000000", "vnd", 15000000},
		{"15.000.000 ₫", "VND", 15000000},
		{"15.000.000đ", "VND", 15000000},
		{"1.000", "VND", 1000},
		{"1250.50", "USD", 125050},
		{"1250,50", "USD", 125050},
		{"1,250.50", "USD", 125050},
		{"1.250,50", "EUR", 125050},
		{"1 250,50", "RUB", 125050},
		{"1\u00a0250,50", "RUB", 125050},
		{"12 500", "RUB", 1250000},
		{"12 500 ₽", "RUB", 1250000},
		{"12 500 руб.", "RUB", 1250000},
		{"$1,250.00", "USD", 125000},
		{"1250.50 USD", "USD", 125050},
		{"¥3,200.00", "CNY", 320000},
		{"3200元", "CNY", 320000},
		{"1.250", "USD", 125000},
		{"1,250", "USD", 125000},
		{"0.125", "KWD", 125},
		{"1.250", "KWD", 1250},
		{"12.5", "USD", 1250},
		{".5", "USD", 50},
		{"1250.", "USD", 125000},
		{"1250.500", "USD", 125050},
		{"15.000.000,00", "VND", 15000000},
		{"-12.5", "USD", -1250},
		{"+7", "USD", 700},
		{"-$5.00", "USD", -500},
		{"0", "USD", 0},
		{"1'250.50", "CHF", 125050},
		{"92233720368547758.07", "USD", math.MaxInt64},
		{"9223372036854775807", "VND", math.MaxInt64},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.cur)
		if err != nil {
			t.Errorf("Parse(%q, %s): %v", tt.in, tt.cur, err)
			continue
		}
		if got.Amount != tt.want || got.Currency != NormalizeCode(tt.cur) {
			t.Errorf("Parse(%q, %s) = %v (%d), want %d", tt.in, tt.cur, got, got.Amount, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, cur string
		want    error
	}{
		{"", "USD", ErrSyntax},
		{"   ", "USD", ErrSyntax},
		{"abc", "USD", ErrSyntax},
		{"12a", "USD", ErrSyntax},
		{"1e5", "USD", ErrSyntax},
		{"1.2.3,4,5", "USD", ErrSyntax},
		{"1,25,000", "USD", ErrSyntax},
		{"15.000.00", "VND", ErrSyntax},
		{"1,000.000,00", "USD", ErrSyntax},
		{"1.000 000", "VND", ErrSyntax},
		{"1..000", "VND", ErrSyntax},
		{",", "USD", ErrSyntax},
		{"-", "USD", ErrSyntax},
		{"--5", "USD", ErrSyntax},
		{"12.5", "VND", ErrPrecision},
		{"1250.505", "USD", ErrPrecision},
		{"0.125", "USD", ErrPrecision},
		{"0,5", "JPY", ErrPrecision},
		{"92233720368547758.08", "USD", ErrOverflow},
		{"99999999999999999999999", "VND", ErrOverflow},
		{"100", "XXX", ErrCurrency},
		{"100", "", ErrCurrency},
		{"1\xff", "USD", ErrSyntax},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.cur)
		var pe *ParseError
		if !errors.Is(err, tt.want) || !errors.As(err, &pe) || pe.Error() == "" {
			t.Errorf("Parse(%q, %s) = %v, %v; want %v", tt.in, tt.cur, got, err, tt.want)
		}
	}
	_, err := Parse("12.5", "VND")
	if want := `"12.5" is not an amount of VND: VND has no decimals`; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestArithmetic(t *testing.T) {
	usd := func(a int64) Money { return New(a, "USD") }
	if s, err := usd(125050).Add(usd(50)); err != nil || s != usd(125100) {
		t.Errorf("Add = %v, %v", s, err)
	}
	if s, err := usd(100).Sub(usd(250)); err != nil || s != usd(-150) {
		t.Errorf("Sub = %v, %v", s, err)
	}
	if s, err := (Money{}).Add(usd(5)); err != nil || s != usd(5) {
		t.Errorf("zero + 5 = %v, %v", s, err)
	}
	if _, err := usd(1).Add(New(1, "VND")); !errors.Is(err, ErrMixedCurrency) {
		t.Errorf("USD + VND err = %v", err)
	}
	if _, err := usd(1).Compare(New(1, "VND")); !errors.Is(err, ErrMixedCurrency) {
		t.Errorf("Compare USD, VND err = %v", err)
	}
	if _, err := usd(math.MaxInt64).Add(usd(1)); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow Add err = %v", err)
	}
	if _, err := usd(math.MinInt64).Sub(usd(1)); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow Sub err = %v", err)
	}
	if _, err := usd(math.MinInt64).Neg(); !errors.Is(err, ErrOverflow) {
		t.Errorf("Neg(min) err = %v", err)
	}
	if m, err := New(3500000, "VND").Mul(3); err != nil || m.Amount != 10500000 {
		t.Errorf("Mul = %v, %v", m, err)
	}
	if _, err := usd(math.MaxInt64 / 2).Mul(3); !errors.Is(err, ErrOverflow) {
		t.Errorf("Mul overflow err = %v", err)
	}
	if _, err := usd(-1).Mul(math.MinInt64); !errors.Is(err, ErrOverflow) {
		t.Errorf("Mul(-1, min) err = %v", err)
	}
	if s, err := Sum(usd(1), usd(2), usd(3)); err != nil || s != usd(6) {
		t.Errorf("Sum = %v, %v", s, err)
	}
	if c, err := usd(1).Compare(usd(2)); err != nil || c != -1 {
		t.Errorf("Compare = %d, %v", c, err)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		m    Money
		p    int64
		want int64
	}{
		{New(5, "USD"), 10, 1},   // 0.5 cent rounds up
		{New(-5, "USD"), 10, -1}, // half away from zero
		{New(4, "USD"), 10, 0},   // 0.4 cent rounds down
		{New(1000003, "VND"), 15, 150000},
		{New(1000010, "VND"), 15, 150002}, // 150001.5 → 150002
		{New(125050, "USD"), 10, 12505},
		{New(100, "USD"), 0, 0},
		{New(100, "USD"), 100, 100},
		{New(100, "USD"), 150, 150},
		{New(math.MaxInt64, "VND"), 100, math.MaxInt64},
	}
	for _, tt := range tests {
		got, err := tt.m.Percent(tt.p)
		if err != nil || got.Amount != tt.want || got.Currency != tt.m.Currency {
			t.Errorf("%v.Percent(%d) = %v, %v; want %d", tt.m, tt.p, got, err, tt.want)
		}
	}
	if got, err := New(10000, "USD").BasisPoints(250); err != nil || got.Amount != 250 {
		t.Errorf("2.5%% of 100.00 = %v, %v", got, err)
	}
	if _, err := New(math.MaxInt64, "VND").Percent(200); !errors.Is(err, ErrOverflow) {
		t.Errorf("200%% of max err = %v", err)
	}
	if got, err := New(125050, "USD").Discount(10); err != nil || got.Amount != 112545 {
		t.Errorf("Discount = %v, %v", got, err)
	}
}

func TestStringAndFormat(t *testing.T) {
	tests := []struct {
		m                   Money
		str, en, vi, ru, zh string
	}{
		{New(15000000, "VND"), "15000000 VND", "15,000,000 ₫", "15.000.000 ₫", "15 000 000 ₫", "15,000,000 ₫"},
		{New(125000, "USD"), "1250.00 USD", "$1,250.00", "$1.250,00", "$1 250", "$1,250.00"},
		{New(1250000, "RUB"), "12500.00 RUB", "12,500.00 ₽", "12.500,00 ₽", "12 500 ₽", "12,500.00 ₽"},
		{New(1250050, "RUB"), "12500.50 RUB", "12,500.50 ₽", "12.500,50 ₽", "12 500,50 ₽", "12,500.50 ₽"},
		{New(320000, "CNY"), "3200.00 CNY", "¥3,200.00", "¥3.200,00", "¥3 200", "¥3,200.00"},
		{New(-5, "USD"), "-0.05 USD", "-$0.05", "-$0,05", "-$0,05", "-$0.05"},
		{New(125, "KWD"), "0.125 KWD", "0.125 KWD", "0,125 KWD", "0,125 KWD", "0.125 KWD"},
		{New(100, "XYZ"), "1.00 XYZ", "1.00 XYZ", "1,00 XYZ", "1 XYZ", "1.00 XYZ"},
		{Money{}, "0", "0", "0", "0", "0"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.str {
			t.Errorf("String = %q, want %q", got, tt.str)
		}
		for lang, want := range map[string]string{"en": tt.en, "vi": tt.vi, "ru": tt.ru, "zh": tt.zh} {
			if got := tt.m.Format(lang); got != want {
				t.Errorf("%v.Format(%s) = %q, want %q", tt.m, lang, got, want)
			}
		}
	}
}

func TestJSON(t *testing.T) {
	m := New(125050, "USD")
	b, err := json.Marshal(m)
	if err != nil || string(b) != `{"amount":125050,"currency":"USD"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back Money
	if err := json.Unmarshal(b, &back); err != nil || back != m {
		t.Fatalf("Unmarshal = %v, %v", back, err)
	}
}

func TestCurrencies(t *testing.T) {
	want := map[string]int{"VND": 0, "USD": 2, "EUR": 2, "RUB": 2, "CNY": 2, "JPY": 0, "KRW": 0, "THB": 2, "SGD": 2, "AUD": 2, "GBP": 2}
	for code, exp := range want {
		c, ok := Lookup(code)
		if !ok || c.Exponent != exp {
			t.Errorf("Lookup(%s) = %+v, %v; want exponent %d", code, c, ok, exp)
		}
	}
	codes := Codes()
	if codes[0] != "VND" || len(codes) != len(currencies) {
		t.Errorf("Codes = %v", codes)
	}
	if err := New(1, "XYZ").Check(); !errors.Is(err, ErrCurrency) {
		t.Errorf("Check(XYZ) = %v", err)
	}
}

// FuzzParse checks that Parse never panics, and that whatever it accepts
// prints (String) to a form it reads back to the same amount.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"15.000.000", "15,000,000", "1250.50", "1 250,50", "12 500", "-1.250,5", "$1,250.00", "92233720368547758.07", "1'250", ".5", "", "1..2"} {
		for _, c := range []string{"VND", "USD", "KWD"} {
			f.Add(s, c)
		}
	}
	f.Fuzz(func(t *testing.T, s, cur string) {
		m, err := Parse(s, cur)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q, %q) error %v is not a *ParseError", s, cur, err)
			}
			return
		}
		back, err := Parse(m.Decimal(), m.Currency)
		if err != nil || back != m {
			t.Fatalf("Parse(%q, %q) = %v; reparsing %q gives %v, %v", s, cur, m, m.Decimal(), back, err)
		}
		_ = m.Format("vi")
	})
}
