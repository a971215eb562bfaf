package app

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tourdesk/tourdesk/app/phone"
)

// Length limits, in characters, shared by every entity.
const (
	MaxName  = 200  // names, codes, titles, short labels
	MaxText  = 1000 // addresses, one-line descriptions
	MaxNotes = 5000 // free notes, comments, special requests, programs
)

// CleanText trims s, replaces runs of whitespace (including newlines when
// multiline is false) with one space, and reports a problem under field if
// s is required and empty, longer than max characters, not valid UTF-8, or
// holds control characters.
func CleanText(p *Problems, field string, s *string, max int, required, multiline bool) {
	v := *s
	if !utf8.ValidString(v) {
		p.Add(field, CodeEncoding, "contains bytes that are not valid text (check the file's encoding is UTF-8)")
		return
	}
	v = strings.TrimSpace(v)
	if !multiline {
		v = strings.Join(strings.Fields(v), " ")
	}
	for _, r := range v {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			p.Add(field, CodeFormat, "contains control characters")
			return
		}
	}
	*s = v
	switch n := utf8.RuneCountInString(v); {
	case required && n == 0:
		p.Add(field, CodeRequired, "is required")
	case n > max:
		p.Add(field, CodeTooLong, fmt.Sprintf("is too long (%d characters, at most %d)", n, max))
	}
}

// CleanList applies CleanText to each element (as "field.i"), drops empty
// elements and duplicates, and limits the list to max elements.
func CleanList(p *Problems, field string, list *[]string, maxLen, max int) {
	out := (*list)[:0:0]
	seen := map[string]bool{}
	for i, s := range *list {
		CleanText(p, fmt.Sprintf("%s.%d", field, i), &s, maxLen, false, false)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) > max {
		p.Add(field, CodeTooLong, fmt.Sprintf("has %d entries, at most %d", len(out), max))
	}
	*list = out
}

// CleanPhones normalises each phone to E.164, reading numbers without a
// country code as numbers of region, and drops empty entries and
// duplicates. An unreadable number is reported as "field.i".
func CleanPhones(p *Problems, field string, phones *[]string, region string) {
	out := (*phones)[:0:0]
	seen := map[string]bool{}
	for i, s := range *phones {
		if strings.TrimSpace(s) == "" {
			continue
		}
		e, err := phone.Normalize(s, region)
		if err != nil {
			p.Add(fmt.Sprintf("%s.%d", field, i), CodeFormat, fmt.Sprintf("%q is not a valid phone number (for example +84 90 123 4567 or 0901 234 567)", truncate(s, 40)))
			continue
		}
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	if len(out) > 10 {
		p.Add(field, CodeTooLong, "has more than 10 phone numbers")
	}
	*phones = out
}

// CleanEmails lower-cases and checks each address (a bare address such as
// lan@example.vn), dropping empty entries and duplicates.
func CleanEmails(p *Problems, field string, emails *[]string) {
	out := (*emails)[:0:0]
	seen := map[string]bool{}
	for i, s := range *emails {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if !ValidEmail(s) {
			p.Add(fmt.Sprintf("%s.%d", field, i), CodeFormat, fmt.Sprintf("%q is not a valid email address", truncate(s, 60)))
			continue
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > 10 {
		p.Add(field, CodeTooLong, "has more than 10 email addresses")
	}
	*emails = out
}

// ValidEmail reports whether s is a bare address with a dotted domain.
func ValidEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// CheckOneOf reports a problem unless v is one of allowed (or v is empty
// and not required).
func CheckOneOf[T ~string](p *Problems, field string, v T, required bool, allowed ...T) {
	if v == "" {
		if required {
			p.Add(field, CodeRequired, "is required")
		}
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	p.Add(field, CodeUnknown, fmt.Sprintf("%q is not one of: %s", truncate(string(v), 40), strings.Join(names, ", ")))
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
