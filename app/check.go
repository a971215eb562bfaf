package app

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/tourdesk/tourdesk/app/money"
)

// MaxID is the longest record id accepted in a reference field. Ids are
// UUIDv7 strings (36 characters); the margin admits ids from imports.
const MaxID = 64

// CleanID trims a reference to another record (a customer_id, owner_id…)
// and reports it under field if required and empty, too long, or holding
// spaces or control characters.
func CleanID(p *Problems, field string, id *string, required bool) {
	v := strings.TrimSpace(*id)
	*id = v
	switch {
	case v == "":
		if required {
			p.Add(field, CodeRequired, "is required")
		}
	case len(v) > MaxID:
		p.Add(field, CodeTooLong, fmt.Sprintf("is not a record id (longer than %d characters)", MaxID))
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		p.Add(field, CodeFormat, "is not a record id (it holds spaces)")
	}
}

// CleanIDs applies CleanID to each element (as "field.i"), drops empty
// elements and duplicates, and limits the list to max elements.
func CleanIDs(p *Problems, field string, ids *[]string, max int) {
	out := (*ids)[:0:0]
	seen := map[string]bool{}
	for i, s := range *ids {
		CleanID(p, fmt.Sprintf("%s.%d", field, i), &s, false)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) > max {
		p.Add(field, CodeTooLong, fmt.Sprintf("has %d entries, at most %d", len(out), max))
	}
	*ids = out
}

// CleanPhone normalises one phone number to E.164 as CleanPhones does,
// reporting an unreadable number under field itself.
func CleanPhone(p *Problems, field string, s *string, region string) {
	list := []string{*s}
	var q Problems
	CleanPhones(&q, field, &list, region)
	if len(q.list) > 0 {
		p.Add(field, q.list[0].Code, q.list[0].Message)
		return
	}
	*s = ""
	if len(list) > 0 {
		*s = list[0]
	}
}

// CleanEmail lower-cases and checks one email address, as CleanEmails does.
func CleanEmail(p *Problems, field string, s *string) {
	v := strings.ToLower(strings.TrimSpace(*s))
	*s = v
	if v != "" && !ValidEmail(v) {
		p.Add(field, CodeFormat, fmt.Sprintf("%q is not a valid email address", truncate(v, 60)))
	}
}

// CleanCurrency upper-cases an ISO 4217 code and reports it unless it is a
// currency TourDesk knows (or empty and not required).
func CleanCurrency(p *Problems, field string, code *string, required bool) {
	v := money.NormalizeCode(*code)
	*code = v
	switch {
	case v == "":
		if required {
			p.Add(field, CodeRequired, "is required")
		}
	case !money.Known(v):
		p.Add(field, CodeCurrency, fmt.Sprintf("%q is not a known currency code (such as VND, USD, EUR, RUB, CNY)", truncate(v, 10)))
	}
}

// MoneyRule says which amounts CheckMoney accepts.
type MoneyRule int

const (
	// AnyAmount accepts negative, zero and positive amounts.
	AnyAmount MoneyRule = iota
	// NotNegative accepts zero and positive amounts.
	NotNegative
	// Positive accepts only amounts above zero (a payment, an expense).
	Positive
)

// CheckMoney normalises m's currency code and reports under field an
// amount that is missing (when required), lacks or has an unknown
// currency, is not in currency (when currency is not ""), or breaks rule.
// The zero Money counts as missing.
func CheckMoney(p *Problems, field string, m *money.Money, required bool, rule MoneyRule, currency string) {
	m.Currency = money.NormalizeCode(m.Currency)
	if m.IsZero() {
		if required {
			p.Add(field, CodeRequired, "is required")
		}
		return
	}
	switch {
	case m.Currency == "":
		p.Add(field, CodeCurrency, "has no currency")
		return
	case !money.Known(m.Currency):
		p.Add(field, CodeCurrency, fmt.Sprintf("%q is not a known currency code", truncate(m.Currency, 10)))
		return
	case currency != "" && m.Currency != currency:
		p.Add(field, CodeCurrency, fmt.Sprintf("is in %s; it must be in %s like the rest", m.Currency, currency))
		return
	}
	switch {
	case rule == NotNegative && m.Amount < 0:
		p.Add(field, CodeRange, "must not be negative")
	case rule == Positive && m.Amount <= 0:
		p.Add(field, CodeRange, "must be more than zero")
	}
}

// CheckDate reports a date that is missing (when required) or outside the
// years 1900–2200, which no agency record can hold.
func CheckDate(p *Problems, field string, d Date, required bool) {
	switch {
	case d.IsZero():
		if required {
			p.Add(field, CodeRequired, "is required")
		}
	case d.Year < 1900 || d.Year > 2200:
		p.Add(field, CodeRange, fmt.Sprintf("%s is not a plausible date", d))
	}
}

// CheckPeriod checks two dates with CheckDate and reports under endField
// an end before the start.
func CheckPeriod(p *Problems, startField, endField string, start, end Date, required bool) {
	CheckDate(p, startField, start, required)
	CheckDate(p, endField, end, required)
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		p.Add(endField, CodeRange, fmt.Sprintf("%s is before the start date %s", end, start))
	}
}

// CheckTime reports a moment that is missing (when required) or outside
// the years 1900–2200.
func CheckTime(p *Problems, field string, t time.Time, required bool) {
	switch {
	case t.IsZero():
		if required {
			p.Add(field, CodeRequired, "is required")
		}
	case t.Year() < 1900 || t.Year() > 2200:
		p.Add(field, CodeRange, "is not a plausible time")
	}
}

// CheckInt reports v under field unless min <= v <= max.
func CheckInt(p *Problems, field string, v, min, max int) {
	if v < min || v > max {
		p.Add(field, CodeRange, fmt.Sprintf("must be between %d and %d (it is %d)", min, max, v))
	}
}

// CleanClock trims a time of day and checks it reads "HH:MM" (24-hour);
// "5:30" becomes "05:30".
func CleanClock(p *Problems, field string, s *string) {
	v := strings.TrimSpace(*s)
	*s = v
	if v == "" {
		return
	}
	var h, m int
	if n, err := fmt.Sscanf(v, "%d:%d", &h, &m); err != nil || n != 2 || h < 0 || h > 23 || m < 0 || m > 59 || len(v) > 5 {
		p.Add(field, CodeFormat, "must be a time of day like 05:30 or 18:00")
		return
	}
	*s = fmt.Sprintf("%02d:%02d", h, m)
}
