// Package format writes values as the ui areas show them: money in the
// UI's language, date ranges, short lists, and a service's refusal as an
// inline message. Names of statuses and types stay with their areas (they
// are translated under each area's keys).
package format

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// Money is m in the UI's language ("15.000.000 ₫", "1,250.00 US$").
func Money(m money.Money) string { return m.Format(i18n.Current()) }

// Totals is per-currency sums ("45.000.000 ₫ · 1.250,00 US$"), in
// currency order; "" for none.
func Totals(sums map[string]int64) string {
	curs := make([]string, 0, len(sums))
	for c := range sums {
		curs = append(curs, c)
	}
	slices.SortFunc(curs, cmp.Compare)
	parts := make([]string, 0, len(curs))
	for _, c := range curs {
		parts = append(parts, Money(money.New(sums[c], c)))
	}
	return strings.Join(parts, " · ")
}

// Dates is "start → end": one date for a day trip (or no end), "" for
// neither.
func Dates(start, end app.Date) string {
	s := start.String()
	if !end.IsZero() && end != start {
		s += " → " + end.String()
	}
	return s
}

// JoinNonEmpty joins the parts that are not blank with sep; the parts
// joined are kept as given (untrimmed).
func JoinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// Explain is err in words for an inline message: a validation error's
// problems ("status: cannot change from …; seats: …"), else the error's
// own message.
func Explain(err error) string {
	var ve *app.ValidationError
	if errors.As(err, &ve) && len(ve.Problems) > 0 {
		parts := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			parts[i] = p.Field + ": " + p.Message
		}
		return strings.Join(parts, "; ")
	}
	return err.Error()
}
