package format_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

func TestDates(t *testing.T) {
	d := func(m, day int) app.Date { return app.Date{Year: 2026, Month: time.Month(m), Day: day} }
	for _, c := range []struct {
		start, end app.Date
		want       string
	}{
		{d(12, 1), d(12, 4), "2026-12-01 → 2026-12-04"},
		{d(12, 1), d(12, 1), "2026-12-01"},
		{d(12, 1), app.Date{}, "2026-12-01"},
		{app.Date{}, app.Date{}, ""},
	} {
		if got := format.Dates(c.start, c.end); got != c.want {
			t.Errorf("Dates(%v, %v) = %q, want %q", c.start, c.end, got, c.want)
		}
	}
}

func TestJoinNonEmpty(t *testing.T) {
	if got := format.JoinNonEmpty(" · ", "Hà Nội", "  ", "", " Đà Nẵng"); got != "Hà Nội ·  Đà Nẵng" {
		t.Errorf("got %q", got)
	}
	if got := format.JoinNonEmpty(", "); got != "" {
		t.Errorf("no parts: %q", got)
	}
}

func TestExplain(t *testing.T) {
	ve := &app.ValidationError{Kind: app.KindDeparture, Problems: []app.FieldError{
		{Field: "min_travelers", Message: "more than the seats"},
		{Field: "code", Message: "required"},
	}}
	if got, want := format.Explain(fmt.Errorf("save: %w", ve)), "min_travelers: more than the seats; code: required"; got != want {
		t.Errorf("validation error: %q, want %q", got, want)
	}
	if got := format.Explain(errors.New("localdb: closed")); got != "localdb: closed" {
		t.Errorf("other error: %q", got)
	}
}

// Totals lists each currency once, in code order, in the UI's language.
func TestTotalsInEnglish(t *testing.T) {
	i18n.SetLanguage("en")
	got := format.Totals(map[string]int64{"VND": 45_000_000, "USD": 125_000})
	if want := "$1,250.00 · 45,000,000 ₫"; got != want {
		t.Errorf("Totals = %q, want %q", got, want)
	}
	if got := format.Totals(nil); got != "" {
		t.Errorf("no sums: %q", got)
	}
}
