package service

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// The readers of price lines, discounts, money and dates (LoadBooks,
// Settlements) take what encoding/json writes and fall back to it for
// anything else; either way they give what json.Unmarshal gives.
func TestFastDecoders(t *testing.T) {
	lines := []app.PriceLine{
		{Description: `Người lớn "VIP" <b>`, TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(3_000_000, "VND")},
		{Description: "Phụ thu", TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: money.New(-5, "USD")},
	}
	b, _ := json.Marshal(lines)
	for _, v := range []string{string(b), `[]`, `null`, ``,
		`[{"traveler_type":"child","quantity":3,"unit_price":{"amount":125050,"currency":"USD"},"description":"x"}]`,
		`[ {"quantity": 1, "unit_price": {"currency": "VND", "amount": 1000}} ]`,
		`[{"description":"Ph\u00fa Qu\u1ed1c \u0026 \"Safari\" \\","traveler_type":"adult","quantity":2,"unit_price":{"amount":6990000,"currency":"VND"}},{"description":"Visa","traveler_type":"other","quantity":1,"unit_price":{"amount":500000,"currency":"VND"},"surcharge":true}]`,
		`[{"quantity":1,"extra":true}]`} {
		var want []app.PriceLine
		if v != "" {
			if err := json.Unmarshal([]byte(v), &want); err != nil {
				t.Fatal(err)
			}
		}
		got, ok := parsePriceLines([]byte(v))
		if !ok {
			if err := rawInto(json.RawMessage(v), &got); err != nil {
				t.Fatal(err)
			}
		}
		for i := range want {
			want[i].Description = "" // not kept by the fast path
		}
		for i := range got {
			got[i].Description = ""
		}
		if len(want) == 0 && len(got) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", v, got, want)
		}
	}
	ds, ok := parseDiscountLines([]byte(`[{"description":"Khách quen","percent":10,"amount":{"amount":0,"currency":""}},{"description":"","percent":0,"amount":{"amount":50000,"currency":"VND"}}]`))
	if !ok || len(ds) != 2 || ds[0].Percent != 10 || ds[1].Amount != money.New(50000, "VND") {
		t.Errorf("discounts %+v %v", ds, ok)
	}
	for v, want := range map[string]money.Money{`{"amount":-125050,"currency":"USD"}`: money.New(-125050, "USD"),
		`{"currency":"VND","amount":5}`: money.New(5, "VND"), `null`: {}, `{"amount":0,"currency":""}`: {}} {
		if got, err := rawMoney(json.RawMessage(v)); err != nil || got != want {
			t.Errorf("rawMoney(%s) = %v, %v", v, got, err)
		}
	}
	for v, want := range map[string]string{`"2026-02-28"`: "2026-02-28", `""`: "", `null`: "", `"2028-02-29"`: "2028-02-29", `"2026-12-31"`: "2026-12-31"} {
		if got, err := rawDateOf(json.RawMessage(v)); err != nil || got.String() != want {
			t.Errorf("rawDateOf(%s) = %v, %v", v, got, err)
		}
	}
	if _, err := rawDateOf(json.RawMessage(`"2026-02-30"`)); err == nil {
		t.Error("rawDateOf took 2026-02-30")
	}
}
