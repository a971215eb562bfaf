// Package inwords spells numbers and amounts of money in words, as
// contracts and receipts print them beside the figures: "mười lăm triệu
// đồng" (vi), "one thousand two hundred fifty dollars" (en), "двенадцать
// тысяч пятьсот рублей" (ru), "人民币壹万伍仟元整" (zh).
//
// Conventions chosen (each the one accounting documents of the country use):
//
//   - vi: "nghìn" (not the southern "ngàn"), "lẻ" for a zero ten
//     ("một trăm lẻ năm"), "mốt", "lăm" and "bốn" (not "tư") after a ten,
//     "không trăm" inside a number ("một nghìn không trăm hai mươi"), an
//     all-zero group skipped ("một triệu không trăm lẻ năm"), and above a
//     billion a count of tỷ ("hai nghìn năm trăm tỷ", "chín tỷ … tỷ").
//   - en: American short scale without "and" ("one hundred five"),
//     hyphenated tens ("twenty-one"), cents after "and" ("… dollars and
//     fifty cents"), singular for one ("one dollar").
//   - ru: thousands feminine, the currency's own gender for the last group
//     ("одна тысяча один рубль", "две копейки"), the three plural forms
//     chosen by the last two digits (рубль / рубля / рублей).
//   - zh: financial numerals (大写: 壹贰叁肆伍陆柒捌玖 拾佰仟 万亿), as
//     Chinese contracts, cheques and receipts require because they cannot be
//     altered by a stroke; "壹拾" is written out, one 零 stands for any run
//     of zeros, and amounts end in 元 [角 [分]] with 整 when there are no
//     分: "人民币壹万伍仟元整", "美元壹仟贰佰伍拾元伍角整". The currency's
//     name comes first and 元 is the unit for every currency, as Chinese
//     banks write foreign amounts.
//
// Languages other than vi, ru and zh read as en. Nothing here panics: every
// int64 and every Money spells (the most negative int64 included).
package inwords

import (
	"fmt"
	"strings"

	"github.com/tourdesk/tourdesk/app/money"
)

// Int spells n as a cardinal number in lang ("vi", "en", "ru", "zh"),
// without any currency: Int(21, "vi") is "hai mươi mốt", Int(2, "ru") is
// "два" (masculine), Int(15000, "zh") is "壹万伍仟". Words are lower case.
func Int(n int64, lang string) string {
	neg, u := split(n)
	var s string
	switch lang {
	case "vi":
		s = viInt(u)
	case "ru":
		s = ruInt(u, masculine)
	case "zh":
		s = zhInt(u)
	default:
		s = enInt(u)
	}
	if neg {
		return minus(lang) + s
	}
	return s
}

// Amount spells m in lang, with the currency's name and its minor unit
// when there is one: Amount(15000000 VND, "vi") is "mười lăm triệu đồng",
// Amount(1250.50 USD, "en") is "one thousand two hundred fifty dollars and
// fifty cents". A zero minor part is not spelled ("… dollars"). Currencies
// without a name in lang print their ISO code after the number and the
// minor part as a fraction ("… KWD 500/1000"). It fails only when the
// currency is not an ISO 4217-shaped code (three letters A–Z), the zero
// Money included.
func Amount(m money.Money, lang string) (string, error) {
	if !isCode(m.Currency) {
		return "", fmt.Errorf("inwords: %q is not a currency code", m.Currency)
	}
	neg, u := split(m.Amount)
	exp := m.Exponent()
	var scale uint64 = 1
	for range exp {
		scale *= 10
	}
	major, minor := u/scale, u%scale
	var s string
	switch lang {
	case "vi":
		s = viAmount(major, minor, scale, m.Currency)
	case "ru":
		s = ruAmount(major, minor, scale, m.Currency)
	case "zh":
		s = zhAmount(major, minor, scale, m.Currency)
	default:
		s = enAmount(major, minor, scale, m.Currency)
	}
	if neg {
		s = minus(lang) + s
	}
	return s, nil
}

// Capitalize upper-cases the first letter of s, as a sentence of words
// begins on a document ("Mười lăm triệu đồng").
func Capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func isCode(c string) bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

// split returns the sign and magnitude of n; the magnitude of the most
// negative int64 fits a uint64.
func split(n int64) (neg bool, u uint64) {
	if n < 0 {
		return true, uint64(-(n + 1)) + 1
	}
	return false, uint64(n)
}

func minus(lang string) string {
	switch lang {
	case "vi":
		return "âm "
	case "ru":
		return "минус "
	case "zh":
		return "负"
	}
	return "minus "
}

// fraction writes a minor part that has no name: "50/100".
func fraction(minor, scale uint64) string {
	return fmt.Sprintf("%0*d/%d", len(fmt.Sprint(scale))-1, minor, scale)
}
