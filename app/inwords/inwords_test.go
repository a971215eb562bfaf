package inwords

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tourdesk/tourdesk/app/money"
)

func TestInt(t *testing.T) {
	tests := []struct {
		n    int64
		lang string
		want string
	}{
		{0, "vi", "không"},
		{1, "vi", "một"},
		{5, "vi", "năm"},
		{10, "vi", "mười"},
		{11, "vi", "mười một"},
		{15, "vi", "mười lăm"},
		{21, "vi", "hai mươi mốt"},
		{24, "vi", "hai mươi bốn"},
		{25, "vi", "hai mươi lăm"},
		{55, "vi", "năm mươi lăm"},
		{100, "vi", "một trăm"},
		{101, "vi", "một trăm lẻ một"},
		{105, "vi", "một trăm lẻ năm"},
		{110, "vi", "một trăm mười"},
		{115, "vi", "một trăm mười lăm"},
		{1000, "vi", "một nghìn"},
		{1020, "vi", "một nghìn không trăm hai mươi"},
		{1005, "vi", "một nghìn không trăm lẻ năm"},
		{15000000, "vi", "mười lăm triệu"},
		{1000005, "vi", "một triệu không trăm lẻ năm"},
		{5990000, "vi", "năm triệu chín trăm chín mươi nghìn"},
		{1000000000, "vi", "một tỷ"},
		{2500000000000, "vi", "hai nghìn năm trăm tỷ"},
		{1000000000005, "vi", "một nghìn tỷ không trăm lẻ năm"},
		{1000000005, "vi", "một tỷ không trăm lẻ năm"},
		{1200000000000000000, "vi", "một tỷ hai trăm triệu tỷ"},
		{-7, "vi", "âm bảy"},

		{0, "en", "zero"},
		{13, "en", "thirteen"},
		{21, "en", "twenty-one"},
		{105, "en", "one hundred five"},
		{1250, "en", "one thousand two hundred fifty"},
		{1000001, "en", "one million one"},
		{math.MaxInt64, "en", "nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred seven"},
		{math.MinInt64, "en", "minus nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred eight"},
		{42, "fr", "forty-two"},

		{0, "ru", "ноль"},
		{1, "ru", "один"},
		{2, "ru", "два"},
		{11, "ru", "одиннадцать"},
		{21, "ru", "двадцать один"},
		{1000, "ru", "одна тысяча"},
		{2000, "ru", "две тысячи"},
		{5000, "ru", "пять тысяч"},
		{11000, "ru", "одиннадцать тысяч"},
		{21000, "ru", "двадцать одна тысяча"},
		{12500, "ru", "двенадцать тысяч пятьсот"},
		{1002003, "ru", "один миллион две тысячи три"},
		{2000000, "ru", "два миллиона"},
		{5000000000, "ru", "пять миллиардов"},
		{-40, "ru", "минус сорок"},

		{0, "zh", "零"},
		{10, "zh", "壹拾"},
		{15, "zh", "壹拾伍"},
		{101, "zh", "壹佰零壹"},
		{1005, "zh", "壹仟零伍"},
		{1050, "zh", "壹仟零伍拾"},
		{15000, "zh", "壹万伍仟"},
		{100005, "zh", "壹拾万零伍"},
		{100500, "zh", "壹拾万零伍佰"},
		{12005000, "zh", "壹仟贰佰万伍仟"},
		{12000034, "zh", "壹仟贰佰万零叁拾肆"},
		{100000000, "zh", "壹亿"},
		{100010000, "zh", "壹亿零壹万"},
		{1000000000005, "zh", "壹万亿零伍"},
		{-3, "zh", "负叁"},
	}
	for _, tt := range tests {
		if got := Int(tt.n, tt.lang); got != tt.want {
			t.Errorf("Int(%d, %s) = %q, want %q", tt.n, tt.lang, got, tt.want)
		}
	}
}

func TestAmount(t *testing.T) {
	tests := []struct {
		m    money.Money
		lang string
		want string
	}{
		{money.New(15000000, "VND"), "vi", "mười lăm triệu đồng"},
		{money.New(125000, "USD"), "vi", "một nghìn hai trăm năm mươi đô la Mỹ"},
		{money.New(125050, "USD"), "vi", "một nghìn hai trăm năm mươi đô la Mỹ năm mươi xu"},
		{money.New(0, "VND"), "vi", "không đồng"},

		{money.New(125000, "USD"), "en", "one thousand two hundred fifty dollars"},
		{money.New(125050, "USD"), "en", "one thousand two hundred fifty dollars and fifty cents"},
		{money.New(101, "USD"), "en", "one dollar and one cent"},
		{money.New(15000000, "VND"), "en", "fifteen million dong"},
		{money.New(320000, "CNY"), "en", "three thousand two hundred yuan"},
		{money.New(1500500, "KWD"), "en", "one thousand five hundred KWD 500/1000"},
		{money.New(-2500, "EUR"), "en", "minus twenty-five euros"},

		{money.New(1250000, "RUB"), "ru", "двенадцать тысяч пятьсот рублей"},
		{money.New(100, "RUB"), "ru", "один рубль"},
		{money.New(200, "RUB"), "ru", "два рубля"},
		{money.New(2100, "RUB"), "ru", "двадцать один рубль"},
		{money.New(1100, "RUB"), "ru", "одиннадцать рублей"},
		{money.New(100101, "RUB"), "ru", "одна тысяча один рубль одна копейка"},
		{money.New(200202, "RUB"), "ru", "две тысячи два рубля две копейки"},
		{money.New(500505, "RUB"), "ru", "пять тысяч пять рублей пять копеек"},
		{money.New(2200000, "RUB"), "ru", "двадцать две тысячи рублей"},
		{money.New(125000, "USD"), "ru", "одна тысяча двести пятьдесят долларов США"},
		{money.New(15000000, "VND"), "ru", "пятнадцать миллионов донгов"},
		{money.New(2, "JPY"), "ru", "две иены"},

		{money.New(1500000, "CNY"), "zh", "人民币壹万伍仟元整"},
		{money.New(320000, "CNY"), "zh", "人民币叁仟贰佰元整"},
		{money.New(125050, "USD"), "zh", "美元壹仟贰佰伍拾元伍角整"},
		{money.New(125055, "USD"), "zh", "美元壹仟贰佰伍拾元伍角伍分"},
		{money.New(125005, "USD"), "zh", "美元壹仟贰佰伍拾元零伍分"},
		{money.New(50, "CNY"), "zh", "人民币伍角整"},
		{money.New(5, "CNY"), "zh", "人民币伍分"},
		{money.New(0, "CNY"), "zh", "人民币零元整"},
		{money.New(15000000, "VND"), "zh", "越南盾壹仟伍佰万元整"},
		{money.New(1500500, "KWD"), "zh", "KWD壹仟伍佰元500/1000"},
	}
	for _, tt := range tests {
		got, err := Amount(tt.m, tt.lang)
		if err != nil || got != tt.want {
			t.Errorf("Amount(%v, %s) = %q, %v; want %q", tt.m, tt.lang, got, err, tt.want)
		}
	}
	for _, bad := range []money.Money{{}, {Amount: 5, Currency: " "}, {Amount: 5, Currency: "usd"}} {
		if s, err := Amount(bad, "en"); err == nil {
			t.Errorf("Amount(%#v) = %q, want an error", bad, s)
		}
	}
}

func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{"mười lăm": "Mười lăm", "двенадцать": "Двенадцать", "人民币": "人民币", "": ""} {
		if got := Capitalize(in); got != want {
			t.Errorf("Capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// parseEn reads back what enInt writes, for the property test.
func parseEn(t testing.TB, s string) (int64, bool) {
	neg := strings.HasPrefix(s, "minus ")
	s = strings.TrimPrefix(s, "minus ")
	small := map[string]uint64{}
	for i, w := range enSmall {
		small[w] = uint64(i)
	}
	for i, w := range enTens {
		if w != "" {
			small[w] = uint64(i * 10)
		}
	}
	scale := map[string]uint64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "quadrillion": 1e15, "quintillion": 1e18}
	var total, group uint64
	for _, w := range strings.Fields(s) {
		if a, b, ok := strings.Cut(w, "-"); ok {
			ta, ok1 := small[a]
			ub, ok2 := small[b]
			if !ok1 || !ok2 || ta < 20 || ub == 0 || ub > 9 {
				return 0, false
			}
			group += ta + ub
			continue
		}
		if v, ok := small[w]; ok {
			group += v
			continue
		}
		if w == "hundred" {
			group *= 100
			continue
		}
		if v, ok := scale[w]; ok {
			total += group * v
			group = 0
			continue
		}
		return 0, false
	}
	total += group
	if neg {
		return -int64(total-1) - 1, true
	}
	return int64(total), true
}

// English words for random numbers read back to the same number.
func TestEnglishRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	for range 20000 {
		n := r.Int64() >> r.IntN(64)
		if r.IntN(2) == 0 {
			n = -n
		}
		s := Int(n, "en")
		got, ok := parseEn(t, s)
		if !ok || got != n {
			t.Fatalf("Int(%d) = %q reads back as %d (ok %v)", n, s, got, ok)
		}
	}
	for _, n := range []int64{0, 1, 10, 100, 1000, math.MaxInt64, math.MinInt64} {
		if got, ok := parseEn(t, Int(n, "en")); !ok || got != n {
			t.Errorf("%d reads back as %d", n, got)
		}
	}
}

func FuzzAmount(f *testing.F) {
	f.Add(int64(15000000), "VND", "vi")
	f.Add(int64(125050), "USD", "en")
	f.Add(int64(1250000), "RUB", "ru")
	f.Add(int64(1500000), "CNY", "zh")
	f.Add(int64(math.MinInt64), "KWD", "ru")
	f.Fuzz(func(t *testing.T, n int64, cur, lang string) {
		for _, l := range []string{lang, "vi", "en", "ru", "zh"} {
			s := Int(n, l)
			if s == "" || !utf8.ValidString(s) || strings.Contains(s, "  ") {
				t.Fatalf("Int(%d, %q) = %q", n, l, s)
			}
			a, err := Amount(money.New(n, cur), l)
			if !isCode(cur) {
				if err == nil {
					t.Fatalf("Amount(%d %q) = %q, want an error", n, cur, a)
				}
				continue
			}
			if err != nil || a == "" || strings.Contains(a, "  ") {
				t.Fatalf("Amount(%d %s, %q) = %q, %v", n, cur, l, a, err)
			}
		}
		if got, ok := parseEn(t, Int(n, "en")); !ok || got != n {
			t.Fatalf("Int(%d, en) reads back as %d", n, got)
		}
	})
}

func BenchmarkAmount(b *testing.B) {
	m := money.New(1234567890, "VND")
	for b.Loop() {
		for _, l := range []string{"vi", "en", "ru", "zh"} {
			if _, err := Amount(m, l); err != nil {
				b.Fatal(err)
			}
		}
	}
}
