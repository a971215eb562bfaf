package app

import (
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validTour() Tour {
	return Tour{
		Code:         " dad-4d3n ",
		Name:         "Đà Nẵng – Hội An – Bà Nà  4 ngày 3 đêm",
		Destinations: []string{"Đà Nẵng", "Hội An", "Bà Nà", "Hội An"},
		Region:       "Central Vietnam",
		Country:      "vn",
		Days:         4,
		Nights:       3,
		Program: []ProgramDay{
			{Day: 2, Title: "Hội An", Meals: []Meal{"Breakfast", "lunch", "lunch"}, Accommodation: "Vinpearl Hội An"},
			{Day: 1, Title: "Hà Nội – Đà Nẵng", Description: "Flight VN123.\nCity tour.", Meals: []Meal{Dinner}},
			{Day: 4, Title: "Đà Nẵng – Hà Nội"},
		},
		Inclusions:  []string{"Flights", "Hotel 4*"},
		Exclusions:  []string{"Tips"},
		PriceAdult:  money.New(5990000, "vnd"),
		PriceChild:  money.New(4490000, "VND"),
		PriceInfant: money.New(0, "VND"),
	}
}

func TestTourValidateNormalises(t *testing.T) {
	tr := validTour()
	if err := tr.Validate(); err != nil {
		t.Fatal(err)
	}
	if tr.Code != "DAD-4D3N" || tr.Country != "VN" || tr.Name != "Đà Nẵng – Hội An – Bà Nà 4 ngày 3 đêm" {
		t.Errorf("code, country, name = %q, %q, %q", tr.Code, tr.Country, tr.Name)
	}
	if len(tr.Destinations) != 3 {
		t.Errorf("Destinations = %q", tr.Destinations)
	}
	if tr.Program[0].Day != 1 || tr.Program[1].Day != 2 || tr.Program[2].Day != 4 {
		t.Errorf("program not sorted by day: %+v", tr.Program)
	}
	if got := tr.Program[1].Meals; len(got) != 2 || got[0] != Breakfast || got[1] != Lunch {
		t.Errorf("Meals = %q", got)
	}
	if tr.PriceAdult.Currency != "VND" || tr.PriceFor(TravelerChild).Amount != 4490000 || tr.PriceFor(TravelerOther) != tr.PriceAdult {
		t.Errorf("prices = %v %v", tr.PriceAdult, tr.PriceChild)
	}
	dayTrip := Tour{Code: "HLB-1D", Name: "Hạ Long day trip", Days: 1, Nights: 0, PriceAdult: money.New(99000, "USD")}
	if err := dayTrip.Validate(); err != nil {
		t.Errorf("day trip: %v", err)
	}
	nightFlight := Tour{Code: "RU-7D", Name: "Moscow", Days: 7, Nights: 7, PriceAdult: money.New(150000, "USD")}
	if err := nightFlight.Validate(); err != nil {
		t.Errorf("night flight: %v", err)
	}
}

func TestTourValidateReportsEachField(t *testing.T) {
	runBad(t, validTour, []badCase[Tour]{
		{"no code", func(t *Tour) { t.Code = " " }, "code", CodeRequired},
		{"code with Vietnamese letters", func(t *Tour) { t.Code = "ĐÀ-NẴNG" }, "code", CodeFormat},
		{"no name", func(t *Tour) { t.Name = "" }, "name", CodeRequired},
		{"long name", func(t *Tour) { t.Name = strings.Repeat("x", MaxName+1) }, "name", CodeTooLong},
		{"zero days", func(t *Tour) { t.Days, t.Nights = 0, 0 }, "days", CodeRange},
		{"nights inconsistent", func(t *Tour) { t.Nights = 1 }, "nights", CodeRange},
		{"more nights than days", func(t *Tour) { t.Nights = 5 }, "nights", CodeRange},
		{"program day outside", func(t *Tour) { t.Program[0].Day = 9 }, "program.2.day", CodeRange},
		{"program day twice", func(t *Tour) { t.Program[2].Day = 2 }, "program.2.day", CodeFormat},
		{"program day without title", func(t *Tour) { t.Program[0].Title = "" }, "program.1.title", CodeRequired},
		{"unknown meal", func(t *Tour) { t.Program[1].Meals = []Meal{"brunch"} }, "program.0.meals.0", CodeUnknown},
		{"no adult price", func(t *Tour) { t.PriceAdult = money.Money{} }, "price_adult", CodeRequired},
		{"negative child price", func(t *Tour) { t.PriceChild.Amount = -1 }, "price_child", CodeRange},
		{"child price in USD", func(t *Tour) { t.PriceChild = money.New(100, "USD") }, "price_child", CodeCurrency},
		{"unknown currency", func(t *Tour) { t.PriceAdult.Currency = "DONG" }, "price_adult", CodeCurrency},
		{"price without currency", func(t *Tour) { t.PriceAdult.Currency = "" }, "price_adult", CodeCurrency},
		{"bad country", func(t *Tour) { t.Country = "Vietnam" }, "country", CodeFormat},
		{"bad inclusion", func(t *Tour) { t.Inclusions = []string{"ok", "bad\x00"} }, "inclusions.1", CodeFormat},
	})
}
