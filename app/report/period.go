package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
)

// Period is the span of days a report covers, both ends included: a
// month ("2026-11"), a quarter ("2026-Q3"), a year ("2026") or any run of
// days ("2026-01-05..2026-03-31").
type Period struct {
	From, To app.Date
	// Label is the canonical form ParsePeriod reads back.
	Label string
}

// MaxPeriodDays bounds a custom period (a century).
const MaxPeriodDays = 36525

// Month is the calendar month m of year y.
func Month(y int, m time.Month) Period {
	from := app.Date{Year: y, Month: m, Day: 1}
	return Period{From: from, To: app.DateOf(from.Time().AddDate(0, 1, -1)), Label: fmt.Sprintf("%04d-%02d", y, m)}
}

// Quarter is quarter q (1–4) of year y.
func Quarter(y, q int) Period {
	from := app.Date{Year: y, Month: time.Month(3*q - 2), Day: 1}
	return Period{From: from, To: app.DateOf(from.Time().AddDate(0, 3, -1)), Label: fmt.Sprintf("%04d-Q%d", y, q)}
}

// Year is the calendar year y.
func Year(y int) Period {
	return Period{From: app.Date{Year: y, Month: 1, Day: 1}, To: app.Date{Year: y, Month: 12, Day: 31}, Label: fmt.Sprintf("%04d", y)}
}

// Days is the period from..to, both included.
func Days(from, to app.Date) Period {
	return Period{From: from, To: to, Label: from.String() + ".." + to.String()}
}

// ParsePeriod reads "2026-11" (a month), "2026-Q3" or "2026-q3" (a
// quarter), "2026" (a year) or "2026-01-05..2026-03-31" (the days between,
// both included). Surrounding spaces are ignored. An error says what
// forms are accepted and matches app.ErrInvalid.
func ParsePeriod(s string) (Period, error) {
	v := strings.TrimSpace(s)
	bad := func(why string) (Period, error) {
		return Period{}, fmt.Errorf("period %q: %s (want 2026-11, 2026-Q3, 2026 or 2026-01-05..2026-03-31): %w", s, why, app.ErrInvalid)
	}
	if from, to, ok := strings.Cut(v, ".."); ok {
		f, err1 := app.ParseDate(strings.TrimSpace(from))
		t, err2 := app.ParseDate(strings.TrimSpace(to))
		switch {
		case err1 != nil || err2 != nil || f.IsZero() || t.IsZero():
			return bad("both ends must be dates like 2026-01-05")
		case t.Before(f):
			return bad("it ends before it starts")
		case t.Time().Sub(f.Time()) > MaxPeriodDays*24*time.Hour:
			return bad("it is longer than a century")
		}
		return Days(f, t), nil
	}
	year := func(y string) (int, bool) {
		n, err := strconv.Atoi(y)
		return n, err == nil && len(y) == 4 && n >= 1900 && n <= 2999
	}
	ys, rest, hasRest := strings.Cut(v, "-")
	y, ok := year(ys)
	if !ok {
		return bad("the year must be four digits")
	}
	if !hasRest {
		return Year(y), nil
	}
	if len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q') {
		q, err := strconv.Atoi(rest[1:])
		if err != nil || q < 1 || q > 4 {
			return bad("a quarter is Q1 to Q4")
		}
		return Quarter(y, q), nil
	}
	m, err := strconv.Atoi(rest)
	if err != nil || len(rest) != 2 || m < 1 || m > 12 {
		return bad("a month is 01 to 12")
	}
	return Month(y, time.Month(m)), nil
}

// String is the period's label.
func (p Period) String() string { return p.Label }

// Contains reports whether day d falls inside the period.
func (p Period) Contains(d app.Date) bool {
	return !d.IsZero() && !d.Before(p.From) && !d.After(p.To)
}

// IsZero reports whether the period is unset.
func (p Period) IsZero() bool { return p.From.IsZero() }

// MarshalText encodes the period as its label.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.Label), nil }

// UnmarshalText reads a label (ParsePeriod).
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// monthKey is "YYYY-MM" of d.
func monthKey(d app.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, d.Month) }

// months lists the "YYYY-MM" of every month the period touches.
func (p Period) months() []string {
	var out []string
	for d := (app.Date{Year: p.From.Year, Month: p.From.Month, Day: 1}); !d.After(p.To); d = app.DateOf(d.Time().AddDate(0, 1, 0)) {
		out = append(out, monthKey(d))
	}
	return out
}
