// Package segment is TourDesk's customer segmentation and campaign
// accounting: ABC analysis of customers by revenue or trips over a period,
// RFM scores, VIP tiers by the agency's rules (stored on the customers),
// saved segments (named filters) turned into campaign target lists, and
// each campaign's targets, leads, bookings, conversion and ROI.
//
// Everything is computed from one scan of the bookings (LoadFacts) over
// the service.Store interface, so it runs the same on a laptop's local
// store and in tests.
//
// # Definitions
//
// A purchase (also "a trip") is a booking that reached a deposit and was
// not cancelled: status deposit, paid, travelling or completed. It is
// dated by its booked_on (the day the sale came in, as reports count
// sales); its revenue is the booking's total after discounts, converted
// into the company's default currency at the settings' exchange rates
// (a booking in a currency with no rate is left out and counted in
// Facts.NoRate). Cancelled, lost and open bookings are no purchase. A
// purchase's trip date is its start date (booked_on when it has none).
//
// Periods are inclusive ranges of days (ParsePeriod). Money figures are
// int64 minor units of Facts.Currency.
//
// # For reports
//
// Counts per ABC class: ABC(s, period, ByRevenue).Counts (and .Values).
// Counts per VIP tier: StoredTierCounts(s) for the tiers stored on the
// customers (what agents filter by), or Tiers(s, period.To).Counts for
// tiers recomputed as of a day. Campaign ROI: AllCampaignStats(s) or
// CampaignStatsOf(s, id). Several analyses over one scan: LoadFacts once,
// then Facts.ABC, Facts.RFM, Facts.Tiers.
package segment

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// Store is what segmentation reads; service.Store (localdb) satisfies it.
type Store interface {
	View(fn func(service.Reader) error) error
	SortedIDs(kind app.Kind) ([]string, error)
}

// Purchase is one sold booking (see the package doc).
type Purchase struct {
	BookingID   string
	CustomerID  string
	CampaignID  string
	DepartureID string
	BookedOn    app.Date
	// Trip is the start date, or BookedOn when the booking has none.
	Trip app.Date
	// Revenue is the booking's total in Facts.Currency, minor units.
	Revenue int64
}

// Facts are every customer's purchases, read once and shared by ABC, RFM
// and Tiers.
type Facts struct {
	// Currency is the default currency every revenue is in.
	Currency string
	Settings *app.CompanySettings
	Rules    app.SegmentRules
	// ByCustomer holds each customer's purchases ordered by BookedOn
	// (then booking id).
	ByCustomer map[string][]Purchase
	// NoRate counts sold bookings left out for want of an exchange rate
	// (or, never for a valid booking, of a total that can be worked out).
	NoRate int

	// Scratch space of purchase, reused from one booking to the next, and
	// the conversions done so far.
	converted     map[money.Money]money.Money
	items         []item
	priceLines    []app.PriceLine
	discountLines []app.Discount
}

// lineFields and discountFields are what a booking's total is made of.
type lineFields struct {
	Quantity  int         `json:"quantity"`
	UnitPrice money.Money `json:"unit_price"`
}

type discountFields struct {
	Percent int         `json:"percent"`
	Amount  money.Money `json:"amount"`
}

// FieldScanner is the fast path of LoadFacts: localdb.Store reads only
// the named fields of every live record of a kind with one cursor.
type FieldScanner interface {
	ScanFields(kind app.Kind, names []string, fn func(id string, values []json.RawMessage) error) error
}

// bookingFields are the booking fields segmentation reads, in the order
// raw fields are passed to purchase.
var bookingFields = []string{"status", "customer_id", "campaign_id", "departure_id", "booked_on", "start_date", "currency", "lines", "discounts"}

// LoadFacts reads the settings and every booking of s (with one cursor
// when s is a FieldScanner, else by id).
func LoadFacts(s Store) (*Facts, error) {
	f := &Facts{ByCustomer: map[string][]Purchase{}}
	if err := s.View(func(r service.Reader) error {
		f.Settings = Settings(r)
		return nil
	}); err != nil {
		return nil, err
	}
	f.Currency = f.Settings.DefaultCurrency
	f.Rules = f.Settings.SegmentRulesOf()
	add := func(id string, raw []json.RawMessage) error {
		p, ok, err := f.purchase(id, raw)
		if ok {
			f.ByCustomer[p.CustomerID] = append(f.ByCustomer[p.CustomerID], p)
		}
		return err
	}
	if fs, ok := s.(FieldScanner); ok {
		if err := fs.ScanFields(app.KindBooking, bookingFields, add); err != nil {
			return nil, err
		}
	} else {
		ids, err := s.SortedIDs(app.KindBooking)
		if err != nil {
			return nil, err
		}
		raw := make([]json.RawMessage, len(bookingFields))
		if err := s.View(func(r service.Reader) error {
			for _, id := range ids {
				rec, err := r.Get(app.KindBooking, id)
				if err != nil {
					return err
				}
				if rec.IsDeleted() {
					continue
				}
				for i, n := range bookingFields {
					raw[i] = rec.Fields[n].Value
				}
				if err := add(id, raw); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	for _, ps := range f.ByCustomer {
		slices.SortFunc(ps, func(a, b Purchase) int {
			if c := dayKey(a.BookedOn) - dayKey(b.BookedOn); c != 0 {
				return c
			}
			return strings.Compare(a.BookingID, b.BookingID)
		})
	}
	return f, nil
}

// Settings returns the company settings, or defaults (VND) when the
// store has none yet.
func Settings(r service.Reader) *app.CompanySettings {
	s, err := service.Load[app.CompanySettings](r, app.CompanySettingsID)
	if err != nil || s == nil {
		return &app.CompanySettings{DefaultCurrency: "VND"}
	}
	if s.DefaultCurrency == "" {
		s.DefaultCurrency = "VND"
	}
	return s
}

// purchase reads booking id from its raw bookingFields; ok is false when
// it is no purchase. Only the fields segmentation needs are decoded (a
// full record.Decode of 65,000 bookings takes seconds).
func (f *Facts) purchase(id string, raw []json.RawMessage) (Purchase, bool, error) {
	if !sold(raw[0]) {
		return Purchase{}, false, nil
	}
	var b app.Booking
	p := Purchase{
		BookingID: id, CustomerID: rawStr(raw[1]), CampaignID: rawStr(raw[2]),
		DepartureID: rawStr(raw[3]), BookedOn: rawDate(raw[4]), Trip: rawDate(raw[5]),
	}
	if p.CustomerID == "" {
		return Purchase{}, false, nil
	}
	if p.Trip.IsZero() {
		p.Trip = p.BookedOn
	}
	b.Currency = rawStr(raw[6])
	// Only quantities, prices and discounts make the total: read without
	// reflection into reused slices (parseItems), or by encoding/json when
	// the JSON is unusual.
	var ok bool
	b.Lines, b.Discounts = f.priceLines[:0], f.discountLines[:0]
	if f.items, ok = parseItems(raw[7], "quantity", "unit_price", f.items[:0]); ok {
		for _, it := range f.items {
			b.Lines = append(b.Lines, app.PriceLine{Quantity: int(it.n), UnitPrice: it.m})
		}
	} else {
		var lines []lineFields
		if err := decode(raw[7], &lines); err != nil {
			return Purchase{}, false, fmt.Errorf("segment: booking %s lines: %w", id, err)
		}
		for _, l := range lines {
			b.Lines = append(b.Lines, app.PriceLine{Quantity: l.Quantity, UnitPrice: l.UnitPrice})
		}
	}
	if f.items, ok = parseItems(raw[8], "percent", "amount", f.items[:0]); ok {
		for _, it := range f.items {
			b.Discounts = append(b.Discounts, app.Discount{Percent: int(it.n), Amount: it.m})
		}
	} else {
		var discounts []discountFields
		if err := decode(raw[8], &discounts); err != nil {
			return Purchase{}, false, fmt.Errorf("segment: booking %s discounts: %w", id, err)
		}
		for _, d := range discounts {
			b.Discounts = append(b.Discounts, app.Discount{Percent: d.Percent, Amount: d.Amount})
		}
	}
	f.priceLines, f.discountLines = b.Lines, b.Discounts
	t, err := b.Total()
	if err != nil {
		f.NoRate++ // mixed currencies or an absurd amount: Validate refuses both
		return Purchase{}, false, nil
	}
	if t.Currency == "" {
		t.Currency = f.Currency
	}
	// Conversions are remembered: the same totals come back again and
	// again (a tour's price for two adults), and each costs big.Rat work.
	m, seen := f.converted[t]
	if !seen {
		if m, err = f.Settings.Convert(t); err != nil {
			m = money.Money{Currency: "-"}
		}
		if f.converted == nil {
			f.converted = map[money.Money]money.Money{}
		}
		f.converted[t] = m
	}
	if m.Currency == "-" {
		f.NoRate++
		return Purchase{}, false, nil
	}
	p.Revenue = m.Amount
	return p, true, nil
}

// sold reports whether a booking's raw status is one of a sale (deposit,
// paid, travelling, completed: app.Booking.HoldsSeat), without
// allocating (most bookings are read only for this).
func sold(v json.RawMessage) bool {
	if len(v) < 2 || v[0] != '"' {
		return false
	}
	switch string(v[1 : len(v)-1]) {
	case string(app.BookingDeposit), string(app.BookingPaid), string(app.BookingTravelling), string(app.BookingCompleted):
		return true
	}
	return false
}

// Revenue is booking b's total in the settings' default currency.
func Revenue(s *app.CompanySettings, b *app.Booking) (money.Money, error) {
	t, err := b.Total()
	if err != nil {
		return money.Money{}, err
	}
	if t.Currency == "" {
		t.Currency = s.DefaultCurrency
	}
	return s.Convert(t)
}

// str returns a string field of rec ("" when absent or not a string).
func str(rec record.Record, name string) string { return rawStr(rec.Fields[name].Value) }

// date returns a date field of rec (zero when absent or malformed).
func date(rec record.Record, name string) app.Date { return rawDate(rec.Fields[name].Value) }

// rawStr reads a JSON string ("" when absent or not a string); the result
// is a copy.
func rawStr(v json.RawMessage) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && !slices.Contains(v[1:len(v)-1], '\\') {
		return string(v[1 : len(v)-1])
	}
	var s string
	if len(v) > 0 && json.Unmarshal(v, &s) == nil {
		return s
	}
	return ""
}

// rawDate reads a JSON "YYYY-MM-DD" (zero when absent or malformed).
func rawDate(v json.RawMessage) app.Date {
	if len(v) != 12 || v[0] != '"' || v[11] != '"' || v[5] != '-' || v[8] != '-' {
		return app.Date{}
	}
	num := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d := num(v[1:5]), num(v[6:8]), num(v[9:11])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return app.Date{}
	}
	return app.Date{Year: y, Month: time.Month(m), Day: d}
}

// decode decodes a JSON value into v (left alone when absent or null).
func decode(raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// dayKey orders dates: 20261123 for 2026-11-23.
func dayKey(d app.Date) int { return d.Year*10000 + int(d.Month)*100 + d.Day }

// days is the number of days from a to b (b − a).
func days(a, b app.Date) int { return int(b.Time().Sub(a.Time()).Hours() / 24) }

// Period is an inclusive range of days.
type Period struct {
	From app.Date `json:"from"`
	To   app.Date `json:"to"`
}

// Contains reports whether d is within p.
func (p Period) Contains(d app.Date) bool {
	k := dayKey(d)
	return k >= dayKey(p.From) && k <= dayKey(p.To)
}

func (p Period) String() string { return p.From.String() + ".." + p.To.String() }

// ParsePeriod reads a period: a year ("2026"), a quarter ("2026-Q3"), a
// month ("2026-11"), a range of days ("2026-01-01..2026-06-30"), or the
// last N months to today ("12m": from the day after the same day N
// months ago to today).
func ParsePeriod(s string, today app.Date) (Period, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a period like 2026, 2026-Q3, 2026-11, 2026-01-01..2026-06-30 or 12m", s)
	if from, to, ok := strings.Cut(s, ".."); ok {
		a, err1 := app.ParseDate(strings.TrimSpace(from))
		b, err2 := app.ParseDate(strings.TrimSpace(to))
		if err1 != nil || err2 != nil || a.IsZero() || b.IsZero() || b.Before(a) {
			return Period{}, bad
		}
		return Period{a, b}, nil
	}
	if n, ok := strings.CutSuffix(strings.ToLower(s), "m"); ok {
		k, err := strconv.Atoi(n)
		if err != nil || k < 1 || k > 600 {
			return Period{}, bad
		}
		return LastMonths(today, k), nil
	}
	if y, q, ok := strings.Cut(strings.ToUpper(s), "-Q"); ok {
		year, err1 := strconv.Atoi(y)
		qn, err2 := strconv.Atoi(q)
		if err1 != nil || err2 != nil || len(y) != 4 || qn < 1 || qn > 4 {
			return Period{}, bad
		}
		from := app.Date{Year: year, Month: time.Month(3*qn - 2), Day: 1}
		return Period{from, app.DateOf(from.Time().AddDate(0, 3, -1))}, nil
	}
	if len(s) == 7 && s[4] == '-' {
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return Period{}, bad
		}
		from := app.DateOf(t)
		return Period{from, app.DateOf(t.AddDate(0, 1, -1))}, nil
	}
	if len(s) == 4 {
		year, err := strconv.Atoi(s)
		if err != nil || year < 1900 {
			return Period{}, bad
		}
		return Period{app.Date{Year: year, Month: 1, Day: 1}, app.Date{Year: year, Month: 12, Day: 31}}, nil
	}
	return Period{}, bad
}

// LastMonths is the n months up to today: from the day after the same
// day n months before, to today (2025-11-24..2026-11-23 for 12 months to
// 2026-11-23).
func LastMonths(today app.Date, n int) Period {
	return Period{app.DateOf(today.Time().AddDate(0, -n, 1)), today}
}
