package inwords

import "strings"

var viDigits = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// viScales name the groups of three digits below a billion; above it
// Vietnamese counts in tỷ (10⁹): 2,500 × 10⁹ is "hai nghìn năm trăm tỷ".
var viScales = []string{"", "nghìn", "triệu"}

func viInt(u uint64) string {
	if u == 0 {
		return viDigits[0]
	}
	return viRead(u, true)
}

// viRead reads u > 0; leading says whether nothing is read before it.
func viRead(u uint64, leading bool) string {
	const billion = 1000000000
	if u >= billion {
		s := viRead(u/billion, leading) + " tỷ"
		if lo := u % billion; lo > 0 {
			s += " " + viRead(lo, false)
		}
		return s
	}
	var groups []uint64
	for v := u; v > 0; v /= 1000 {
		groups = append(groups, v%1000)
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue // an all-zero group is not read
		}
		words = append(words, viGroup(g, leading && i == len(groups)-1))
		if viScales[i] != "" {
			words = append(words, viScales[i])
		}
	}
	return strings.Join(words, " ")
}

// viGroup reads 1–999; leading says whether it is the number's first
// group (which drops "không trăm" and "lẻ" before a lone unit).
func viGroup(g uint64, leading bool) string {
	h, t, u := g/100, g/10%10, g%10
	var w []string
	if h > 0 || !leading {
		w = append(w, viDigits[h], "trăm")
	}
	switch {
	case t == 0 && u > 0 && len(w) > 0:
		w = append(w, "lẻ")
	case t == 1:
		w = append(w, "mười")
	case t > 1:
		w = append(w, viDigits[t], "mươi")
	}
	switch {
	case u == 0:
	case u == 1 && t > 1:
		w = append(w, "mốt")
	case u == 5 && t > 0:
		w = append(w, "lăm")
	default:
		w = append(w, viDigits[u])
	}
	return strings.Join(w, " ")
}

// viCurrency names currencies and their minor units in Vietnamese.
var viCurrency = map[string][2]string{
	"VND": {"đồng", ""},
	"USD": {"đô la Mỹ", "xu"},
	"EUR": {"euro", "xu"},
	"RUB": {"rúp", "kopek"},
	"CNY": {"nhân dân tệ", "xu"},
	"JPY": {"yên", ""},
	"KRW": {"won", ""},
	"THB": {"baht", "satang"},
	"GBP": {"bảng Anh", "xu"},
	"SGD": {"đô la Singapore", "xu"},
	"AUD": {"đô la Úc", "xu"},
}

func viAmount(major, minor, scale uint64, cur string) string {
	names, ok := viCurrency[cur]
	if !ok {
		s := viInt(major) + " " + cur
		if minor != 0 {
			s += " " + fraction(minor, scale)
		}
		return s
	}
	s := viInt(major) + " " + names[0]
	if minor != 0 {
		s += " " + viInt(minor) + " " + names[1]
	}
	return s
}
