package segment

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// viaJSON reads lines the slow, sure way.
func viaJSON(raw []byte) ([]item, error) {
	var lines []struct {
		Q int64       `json:"quantity"`
		P money.Money `json:"unit_price"`
	}
	if len(raw) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(raw, &lines); err != nil {
		return nil, err
	}
	var out []item
	for _, l := range lines {
		out = append(out, item{l.Q, l.P})
	}
	return out, nil
}

// parseItems must read what encoding/json reads, or give up.
var lineCases = []struct {
	json string
	ok   bool
}{
	{``, true},
	{`null`, true},
	{`[]`, true},
	{` [ ] `, true},
	{`[{"description":"Người lớn","traveler_type":"adult","quantity":2,"unit_price":{"amount":12500000,"currency":"VND"}}]`, true},
	{`[{"description":"Tour \"Hạ Long\" \\ 3N2Đ","quantity":1,"unit_price":{"amount":-5,"currency":"USD"}},{"quantity":3,"unit_price":null}]`, true},
	{`[{"x":{"a":[1,2,{"b":"]}"}],"c":true,"d":null,"e":-1.5e3},"quantity":4,"unit_price":{"currency":"EUR","amount":7,"note":"x"}}]`, true},
	{"[\n\t{ \"quantity\" : 1 , \"unit_price\" : { \"amount\" : 0 , \"currency\" : \"VND\" } }\n]", true},
	{`[{"quantity":1,"quantity":2}]`, true},
	{`[{"Quantity":1}]`, false},
	{`[{"quantity":1.0}]`, false},
	{`[{"quantity":1e2}]`, false},
	{`[{"quantity":99999999999999999999}]`, false},
	{`[{"quantity":01}]`, false},
	{`[{"qu\u0061ntity":1}]`, false},
	{`[{"quantity":1,"unit_price":{"amount":1,"currency":"V\u004eD"}}]`, false},
	{`[{"quantity":1}`, false},
	{`{"quantity":1}`, false},
	{`[{"quantity":1}] x`, false},
	{`[{"quantity":"1"}]`, false},
}

func TestParseItems(t *testing.T) {
	for _, c := range lineCases {
		got, ok := parseItems([]byte(c.json), "quantity", "unit_price", nil)
		if ok != c.ok {
			t.Errorf("%s: ok %v, want %v", c.json, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		want, err := viaJSON([]byte(c.json))
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v, encoding/json %v (%v)", c.json, got, want, err)
		}
	}
}

// FuzzParseItems: whenever parseItems reads a value, encoding/json reads
// the same.
func FuzzParseItems(f *testing.F) {
	for _, c := range lineCases {
		f.Add(c.json)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseItems([]byte(s), "quantity", "unit_price", nil)
		if !ok {
			return
		}
		want, err := viaJSON([]byte(s))
		if err != nil {
			t.Fatalf("%q: parseItems read %v, encoding/json fails: %v", s, got, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: parseItems %v, encoding/json %v", s, got, want)
		}
	})
}

// The totals from parseItems match app.Booking's over real lines.
func TestParseItemsTotals(t *testing.T) {
	b := app.Booking{Currency: "VND", Lines: []app.PriceLine{
		{Description: `Trẻ em "5–11"`, TravelerType: app.TravelerChild, Quantity: 2, UnitPrice: money.New(9_000_000, "VND")},
		{Description: "Phụ thu phòng đơn", TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: money.New(2_500_000, "VND")},
	}, Discounts: []app.Discount{{Description: "Khách quen", Percent: 5}, {Description: "Voucher", Amount: money.New(300_000, "VND")}}}
	lines, _ := json.Marshal(b.Lines)
	discounts, _ := json.Marshal(b.Discounts)
	f := &Facts{Settings: &app.CompanySettings{DefaultCurrency: "VND"}}
	status, _ := json.Marshal(app.BookingPaid)
	p, ok, err := f.purchase("b1", []json.RawMessage{status, []byte(`"c1"`), nil, nil, []byte(`"2026-11-01"`), nil, []byte(`"VND"`), lines, discounts})
	want, _ := b.Total()
	// 2 × 9,000,000 + 2,500,000 = 20,500,000; 5% = 1,025,000 and
	// 300,000 off: 19,175,000.
	if err != nil || !ok || p.Revenue != 19_175_000 || want.Amount != 19_175_000 {
		t.Errorf("purchase %+v %v %v; want revenue 19175000 (app: %d)", p, ok, err, want.Amount)
	}
}
