package inwords

import "strings"

// gender of the noun a Russian number counts: один рубль, одна копейка,
// одно евро (treated as masculine here, see ruCurrency).
type gender int

const (
	masculine gender = iota
	feminine
)

var ruUnits = [20]string{"ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять",
	"одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"}

var ruTens = [10]string{"", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"}

var ruHundreds = [10]string{"", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"}

// ruScales: the three forms (1, 2–4, 5–20) and gender of each scale word.
var ruScales = []struct {
	forms [3]string
	g     gender
}{
	{},
	{[3]string{"тысяча", "тысячи", "тысяч"}, feminine},
	{[3]string{"миллион", "миллиона", "миллионов"}, masculine},
	{[3]string{"миллиард", "миллиарда", "миллиардов"}, masculine},
	{[3]string{"триллион", "триллиона", "триллионов"}, masculine},
	{[3]string{"квадриллион", "квадриллиона", "квадриллионов"}, masculine},
	{[3]string{"квинтиллион", "квинтиллиона", "квинтиллионов"}, masculine},
}

// ruForm picks the noun form for n: 0 for 1 (and 21, 101…), 1 for 2–4
// (22, 103…), 2 for 0, 5–20 and 11–14 in any hundred.
func ruForm(n uint64) int {
	switch r100, r10 := n%100, n%10; {
	case r100 >= 11 && r100 <= 14:
		return 2
	case r10 == 1:
		return 0
	case r10 >= 2 && r10 <= 4:
		return 1
	}
	return 2
}

// ruInt reads u with the units of its last group in gender g.
func ruInt(u uint64, g gender) string {
	if u == 0 {
		return ruUnits[0]
	}
	var groups []uint64
	for v := u; v > 0; v /= 1000 {
		groups = append(groups, v%1000)
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		n := groups[i]
		if n == 0 {
			continue
		}
		gg := g
		if i > 0 {
			gg = ruScales[i].g
		}
		words = append(words, ruGroup(n, gg))
		if i > 0 {
			words = append(words, ruScales[i].forms[ruForm(n)])
		}
	}
	return strings.Join(words, " ")
}

// ruGroup reads 1–999 in gender g.
func ruGroup(n uint64, g gender) string {
	var w []string
	if h := n / 100; h > 0 {
		w = append(w, ruHundreds[h])
	}
	r := n % 100
	if r >= 20 {
		w = append(w, ruTens[r/10])
		r %= 10
	}
	switch {
	case r == 0:
	case g == feminine && r == 1:
		w = append(w, "одна")
	case g == feminine && r == 2:
		w = append(w, "две")
	default:
		w = append(w, ruUnits[r])
	}
	return strings.Join(w, " ")
}

type ruNoun struct {
	forms [3]string
	g     gender
}

// ruCurrency names currencies (major, minor). Indeclinable евро, иена and
// вон-like names keep one form; евро counts as masculine ("один евро"),
// the usage of Russian banks.
var ruCurrency = map[string][2]ruNoun{
	"RUB": {{[3]string{"рубль", "рубля", "рублей"}, masculine}, {[3]string{"копейка", "копейки", "копеек"}, feminine}},
	"USD": {{[3]string{"доллар США", "доллара США", "долларов США"}, masculine}, {[3]string{"цент", "цента", "центов"}, masculine}},
	"EUR": {{[3]string{"евро", "евро", "евро"}, masculine}, {[3]string{"цент", "цента", "центов"}, masculine}},
	"CNY": {{[3]string{"юань", "юаня", "юаней"}, masculine}, {[3]string{"фэнь", "фэня", "фэней"}, masculine}},
	"VND": {{[3]string{"донг", "донга", "донгов"}, masculine}, {}},
	"JPY": {{[3]string{"иена", "иены", "иен"}, feminine}, {}},
	"KRW": {{[3]string{"вона", "воны", "вон"}, feminine}, {}},
	"THB": {{[3]string{"бат", "бата", "батов"}, masculine}, {[3]string{"сатанг", "сатанга", "сатангов"}, masculine}},
	"GBP": {{[3]string{"фунт стерлингов", "фунта стерлингов", "фунтов стерлингов"}, masculine}, {[3]string{"пенс", "пенса", "пенсов"}, masculine}},
	"KZT": {{[3]string{"тенге", "тенге", "тенге"}, masculine}, {[3]string{"тиын", "тиына", "тиынов"}, masculine}},
}

func ruAmount(major, minor, scale uint64, cur string) string {
	names, ok := ruCurrency[cur]
	if !ok {
		s := ruInt(major, masculine) + " " + cur
		if minor != 0 {
			s += " " + fraction(minor, scale)
		}
		return s
	}
	s := ruInt(major, names[0].g) + " " + names[0].forms[ruForm(major)]
	if minor != 0 {
		s += " " + ruInt(minor, names[1].g) + " " + names[1].forms[ruForm(minor)]
	}
	return s
}
