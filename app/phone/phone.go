// Package phone normalises telephone numbers to E.164 ("+84901234567")
// using libphonenumber's numbering plans (github.com/nyaruka/phonenumbers),
// so that "+84 90 123 4567", "0901 234 567" and "(090) 123-4567" typed by
// an agent in Vietnam are one number, and Russian ("8 912 345-67-89") and
// Chinese ("138 0013 8000") numbers work the same way for their regions.
package phone

import (
	"errors"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the region assumed for numbers typed without a country
// code when the caller has no better idea (the agency's own country).
const DefaultRegion = "VN"

// ErrInvalid is returned for input that is not a possible phone number.
var ErrInvalid = errors.New("not a valid phone number")

// Normalize returns the E.164 form of s, reading numbers without a leading
// "+" or international prefix as numbers of region (an ISO 3166 code such
// as "VN", "RU", "CN"; "" means DefaultRegion). It returns ErrInvalid for
// anything that is not a valid number of the region it names.
func Normalize(s, region string) (string, error) {
	if region == "" {
		region = DefaultRegion
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 || !plausible(s) {
		return "", ErrInvalid
	}
	n, err := phonenumbers.Parse(s, strings.ToUpper(region))
	if err != nil {
		return "", ErrInvalid
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", ErrInvalid
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// plausible rejects letters and stray symbols that libphonenumber would
// otherwise skip (it reads "+84 90 ABC" as a vanity number).
func plausible(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsDigit(r), unicode.IsSpace(r):
		case strings.ContainsRune("+-().", r):
		default:
			return false
		}
	}
	return true
}

// Digits returns the ASCII digits of s in order: the form search indexes
// and queries compare ("+84 90-123" → "8490123").
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if unicode.IsDigit(r) {
			// Full-width and other Unicode digits, as typed on CJK keyboards.
			if d := unicode.ToLower(r); d >= '０' && d <= '９' {
				b.WriteRune('0' + (d - '０'))
			}
		}
	}
	return b.String()
}

// National returns the number as dialled inside its own country, digits
// only ("+84901234567" → "0901234567"), or "" if e164 does not parse.
func National(e164 string) string {
	n, err := phonenumbers.Parse(e164, DefaultRegion)
	if err != nil {
		return ""
	}
	return Digits(phonenumbers.Format(n, phonenumbers.NATIONAL))
}

// Display formats an E.164 number the way a person dials it: numbers of
// region (ISO 3166 code; "" means DefaultRegion) in national format
// ("0901 234 567"), others in international format ("+7 912 345-67-89").
// Normalize reads the national form back as the same number for that
// region. Input that does not parse is returned unchanged.
func Display(e164, region string) string {
	if region == "" {
		region = DefaultRegion
	}
	n, err := phonenumbers.Parse(e164, DefaultRegion)
	if err != nil {
		return e164
	}
	if phonenumbers.GetRegionCodeForNumber(n) == strings.ToUpper(region) {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}
