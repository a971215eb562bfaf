package inwords

import "strings"

var enSmall = [20]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}

var enTens = [10]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

var enScales = []string{"", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"}

func enInt(u uint64) string {
	if u == 0 {
		return enSmall[0]
	}
	var groups []uint64
	for v := u; v > 0; v /= 1000 {
		groups = append(groups, v%1000)
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		if g := groups[i]; g != 0 {
			words = append(words, enGroup(g))
			if enScales[i] != "" {
				words = append(words, enScales[i])
			}
		}
	}
	return strings.Join(words, " ")
}

// enGroup reads 1–999.
func enGroup(g uint64) string {
	var w []string
	if h := g / 100; h > 0 {
		w = append(w, enSmall[h], "hundred")
	}
	switch r := g % 100; {
	case r == 0:
	case r < 20:
		w = append(w, enSmall[r])
	case r%10 == 0:
		w = append(w, enTens[r/10])
	default:
		w = append(w, enTens[r/10]+"-"+enSmall[r%10])
	}
	return strings.Join(w, " ")
}

// enCurrency names currencies and their minor units: singular, plural.
var enCurrency = map[string][4]string{
	"VND": {"dong", "dong", "", ""},
	"USD": {"dollar", "dollars", "cent", "cents"},
	"EUR": {"euro", "euros", "cent", "cents"},
	"RUB": {"ruble", "rubles", "kopeck", "kopecks"},
	"CNY": {"yuan", "yuan", "fen", "fen"},
	"JPY": {"yen", "yen", "", ""},
	"KRW": {"won", "won", "", ""},
	"THB": {"baht", "baht", "satang", "satang"},
	"GBP": {"pound", "pounds", "penny", "pence"},
	"SGD": {"Singapore dollar", "Singapore dollars", "cent", "cents"},
	"AUD": {"Australian dollar", "Australian dollars", "cent", "cents"},
}

func enAmount(major, minor, scale uint64, cur string) string {
	names, ok := enCurrency[cur]
	if !ok {
		s := enInt(major) + " " + cur
		if minor != 0 {
			s += " " + fraction(minor, scale)
		}
		return s
	}
	s := enInt(major) + " " + enPlural(major, names[0], names[1])
	if minor != 0 {
		s += " and " + enInt(minor) + " " + enPlural(minor, names[2], names[3])
	}
	return s
}

func enPlural(n uint64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
