package report

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct{ in, from, to, label string }{
		{"2026-11", "2026-11-01", "2026-11-30", "2026-11"},
		{"2028-02", "2028-02-01", "2028-02-29", "2028-02"}, // leap year
		{"2026-02", "2026-02-01", "2026-02-28", "2026-02"},
		{"2026-Q3", "2026-07-01", "2026-09-30", "2026-Q3"},
		{" 2026-q1 ", "2026-01-01", "2026-03-31", "2026-Q1"},
		{"2026-Q4", "2026-10-01", "2026-12-31", "2026-Q4"},
		{"2026", "2026-01-01", "2026-12-31", "2026"},
		{"2026-01-05..2026-03-31", "2026-01-05", "2026-03-31", "2026-01-05..2026-03-31"},
		{"2026-03-31..2026-03-31", "2026-03-31", "2026-03-31", "2026-03-31..2026-03-31"},
	} {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if p.From.String() != c.from || p.To.String() != c.to || p.Label != c.label {
			t.Errorf("%q: %s..%s %q, want %s..%s %q", c.in, p.From, p.To, p.Label, c.from, c.to, c.label)
		}
		// The label reads back to the same period.
		if q, err := ParsePeriod(p.Label); err != nil || q != p {
			t.Errorf("%q: label %q reads back as %+v, %v", c.in, p.Label, q, err)
		}
	}
	for _, bad := range []string{"", "26", "2026-13", "2026-00", "2026-1", "2026-Q5", "2026-Q0", "2026-H1", "november",
		"2026-03-31..2026-01-05", "2026-01-05..", "..2026-01-05", "2026-02-30..2026-03-01", "1800", "2026-11-01..2200-01-01"} {
		if _, err := ParsePeriod(bad); !errors.Is(err, app.ErrInvalid) {
			t.Errorf("%q: got %v, want an ErrInvalid", bad, err)
		}
	}
}

func TestPeriodContainsAndMonths(t *testing.T) {
	p := Quarter(2026, 4)
	for d, want := range map[string]bool{"2026-09-30": false, "2026-10-01": true, "2026-12-31": true, "2027-01-01": false} {
		if got := p.Contains(date(d)); got != want {
			t.Errorf("Q4 contains %s: %v", d, got)
		}
	}
	if p.Contains(app.Date{}) {
		t.Error("a period contains the zero date")
	}
	if got := Days(date("2026-01-20"), date("2026-03-02")).months(); !slices.Equal(got, []string{"2026-01", "2026-02", "2026-03"}) {
		t.Errorf("months: %v", got)
	}
	b, _ := json.Marshal(struct{ P Period }{p})
	if string(b) != `{"P":"2026-Q4"}` {
		t.Errorf("json %s", b)
	}
	var back struct{ P Period }
	if err := json.Unmarshal(b, &back); err != nil || back.P != p {
		t.Errorf("json back: %+v %v", back, err)
	}
}

func TestCells(t *testing.T) {
	for _, c := range []struct {
		cell             Cell
		en, vi, plain, j string
	}{
		{TextCell("Hạ Long"), "Hạ Long", "Hạ Long", "Hạ Long", `"Hạ Long"`},
		{IntCell(1234567), "1,234,567", "1.234.567", "1234567", `1234567`},
		{IntCell(-1000), "-1,000", "-1.000", "-1000", `-1000`},
		{MoneyCell(money.New(15_000_000, "VND")), "15,000,000 ₫", "15.000.000 ₫", "15000000", `{"amount":15000000,"currency":"VND"}`},
		{MoneyCell(money.New(125050, "USD")), "$1,250.50", "$1.250,50", "1250.50", `{"amount":125050,"currency":"USD"}`},
		{MoneyCell(money.New(0, "VND")), "0", "0", "0", `{"amount":0,"currency":"VND"}`},
		{PercentCell(1234), "12.34%", "12,34%", "12.34", `{"bp":1234,"percent":"12.34"}`},
		{PercentCell(-5), "-0.05%", "-0,05%", "-0.05", `{"bp":-5,"percent":"-0.05"}`},
		{EmptyCell(), "—", "—", "", `null`},
	} {
		j, err := json.Marshal(c.cell)
		if got := []string{c.cell.Format("en"), c.cell.Format("vi"), c.cell.Plain(), string(j)}; !slices.Equal(got, []string{c.en, c.vi, c.plain, c.j}) || err != nil {
			t.Errorf("%+v: got %q (%v)", c.cell, got, err)
		}
	}
	// Rates round half away from zero; no base gives an empty cell.
	for _, c := range []struct{ num, den, bp int64 }{{1, 3, 3333}, {2, 3, 6667}, {-2, 3, -6667}, {1, 8, 1250}, {1, 20000, 1}, {1, 20001, 0}} {
		if got := rate(c.num, c.den); got.Kind != Percent || got.BP != c.bp {
			t.Errorf("rate(%d, %d) = %+v, want %d bp", c.num, c.den, got, c.bp)
		}
	}
	if rate(5, 0).Kind != Empty {
		t.Error("rate over zero is not empty")
	}
	if divRound(29_150_000, 3) != 9_716_667 || divRound(-5, 2) != -3 || divRound(7, 0) != 0 {
		t.Error("divRound")
	}
}
