package app

import (
	"strings"
	"unicode"
)

// Languages TourDesk prints and speaks.
var Languages = []string{"vi", "en", "ru", "zh"}

// CleanCountry upper-cases an ISO 3166-1 alpha-2 code and checks its shape.
func CleanCountry(p *Problems, field string, s *string) {
	v := strings.ToUpper(strings.TrimSpace(*s))
	*s = v
	if v == "" {
		return
	}
	if len(v) != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' {
		p.Add(field, CodeFormat, "must be a two-letter country code such as VN, RU or CN")
	}
}

// CleanDocument upper-cases a passport or ID number, drops spaces, and
// checks it holds 5 to 20 letters and digits.
func CleanDocument(p *Problems, field string, s *string) {
	v := strings.ToUpper(strings.Join(strings.Fields(*s), ""))
	*s = v
	if v == "" {
		return
	}
	if len(v) < 5 || len(v) > 20 {
		p.Add(field, CodeFormat, "must be 5 to 20 letters and digits")
		return
	}
	for _, r := range v {
		if r > unicode.MaxASCII || !(unicode.IsDigit(r) || unicode.IsUpper(r)) {
			p.Add(field, CodeFormat, "may hold only Latin letters and digits")
			return
		}
	}
}
