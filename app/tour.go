package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app/money"
)

// Meal served on a program day.
type Meal string

const (
	Breakfast Meal = "breakfast"
	Lunch     Meal = "lunch"
	Dinner    Meal = "dinner"
)

// ProgramDay is one day of a tour's program, as printed on the quote.
type ProgramDay struct {
	// Day counts from 1 (the departure day).
	Day         int    `json:"day"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Meals       []Meal `json:"meals"`
	// Accommodation is where the group sleeps that night ("" on the last
	// day or a night flight).
	Accommodation string `json:"accommodation"`
}

// Tour is a product the agency sells: a program run on many Departures.
// Prices are the list prices per traveler type, all in one currency; a
// booking copies them into its own price lines, so changing a tour's price
// never changes bookings already made.
type Tour struct {
	ID string `json:"-"`
	// Code is short and unique by convention ("DAD-4D3N", "RU-MOW-7D"):
	// upper-case Latin letters, digits and "-", "_", ".", "/".
	Code string `json:"code"`
	Name string `json:"name"`
	// Summary is the one-paragraph description a quote starts with.
	Summary      string   `json:"summary"`
	Destinations []string `json:"destinations"`
	// Region groups tours in reports ("Northern Vietnam", "Russia", "China").
	Region string `json:"region"`
	// Country is the main destination country (ISO 3166-1 alpha-2).
	Country string `json:"country"`
	// Days and Nights: a 4-day tour has 3 nights (or 4 with a night
	// flight); a day trip has 1 day and 0 nights.
	Days       int          `json:"days"`
	Nights     int          `json:"nights"`
	Transport  []string     `json:"transport"`
	Program    []ProgramDay `json:"program"`
	Inclusions []string     `json:"inclusions"`
	Exclusions []string     `json:"exclusions"`
	// Prices per traveler; all in one currency. PriceAdult is required,
	// the others are optional (zero means not sold or free: the booking's
	// lines say which).
	PriceAdult  money.Money `json:"price_adult"`
	PriceChild  money.Money `json:"price_child"`
	PriceInfant money.Money `json:"price_infant"`
	// Archived tours are no longer sold but stay for reports.
	Archived bool   `json:"archived"`
	Notes    string `json:"notes"`
}

func init() {
	register(KindInfo{
		Kind:   KindTour,
		New:    func() Entity { return new(Tour) },
		Index:  []string{"code", "region", "country", "destinations", "archived"},
		Search: []string{"code", "name", "destinations", "region"},
		Sort:   "name",
	})
}

// Kind implements Entity.
func (*Tour) Kind() Kind { return KindTour }

// MaxTourDays bounds Days (a grand tour of Russia and China is long, but
// not a year).
const MaxTourDays = 90

// Validate normalises the tour (text trimmed, code upper-cased, program
// sorted by day, meal lists deduplicated) and reports every field that is
// wrong: Nights must be Days-1 or Days, program days must lie within Days
// and appear once, prices must be in the adult price's currency and not
// negative.
func (t *Tour) Validate() error {
	var p Problems
	t.Code = strings.ToUpper(strings.Join(strings.Fields(t.Code), ""))
	CleanText(&p, "code", &t.Code, 40, true, false)
	if strings.IndexFunc(t.Code, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) >= 0 {
		p.Add("code", CodeFormat, "may hold only Latin letters, digits and - _ . / (for example DAD-4D3N)")
	}
	CleanText(&p, "name", &t.Name, MaxName, true, false)
	CleanText(&p, "summary", &t.Summary, MaxNotes, false, true)
	CleanList(&p, "destinations", &t.Destinations, MaxName, 50)
	CleanText(&p, "region", &t.Region, MaxName, false, false)
	CleanCountry(&p, "country", &t.Country)
	CleanList(&p, "transport", &t.Transport, MaxName, 10)
	CleanList(&p, "inclusions", &t.Inclusions, MaxText, 100)
	CleanList(&p, "exclusions", &t.Exclusions, MaxText, 100)
	CleanText(&p, "notes", &t.Notes, MaxNotes, false, true)
	switch {
	case t.Days < 1 || t.Days > MaxTourDays:
		p.Add("days", CodeRange, fmt.Sprintf("must be between 1 and %d", MaxTourDays))
	case t.Nights != t.Days-1 && t.Nights != t.Days:
		p.Add("nights", CodeRange, fmt.Sprintf("a %d-day tour has %d nights (or %d with a night flight), not %d", t.Days, t.Days-1, t.Days, t.Nights))
	}
	t.cleanProgram(&p)
	CheckMoney(&p, "price_adult", &t.PriceAdult, true, Positive, "")
	cur := t.PriceAdult.Currency
	CheckMoney(&p, "price_child", &t.PriceChild, false, NotNegative, cur)
	CheckMoney(&p, "price_infant", &t.PriceInfant, false, NotNegative, cur)
	return p.Err(KindTour)
}

func (t *Tour) cleanProgram(p *Problems) {
	// Sorted first, so that "program.i" in a problem names the day as the
	// form shows it after validation.
	slices.SortStableFunc(t.Program, func(a, b ProgramDay) int { return cmp.Compare(a.Day, b.Day) })
	seen := map[int]bool{}
	for i := range t.Program {
		d := &t.Program[i]
		f := fmt.Sprintf("program.%d", i)
		if d.Day < 1 || (t.Days >= 1 && d.Day > t.Days) {
			p.Add(f+".day", CodeRange, fmt.Sprintf("day %d is outside the tour's %d days", d.Day, t.Days))
		} else if seen[d.Day] {
			p.Add(f+".day", CodeFormat, fmt.Sprintf("day %d appears twice in the program", d.Day))
		}
		seen[d.Day] = true
		CleanText(p, f+".title", &d.Title, MaxName, true, false)
		CleanText(p, f+".description", &d.Description, MaxNotes, false, true)
		CleanText(p, f+".accommodation", &d.Accommodation, MaxName, false, false)
		meals := d.Meals[:0:0]
		for j, m := range d.Meals {
			m = Meal(strings.ToLower(strings.TrimSpace(string(m))))
			CheckOneOf(p, fmt.Sprintf("%s.meals.%d", f, j), m, false, Breakfast, Lunch, Dinner)
			if m != "" && !slices.Contains(meals, m) {
				meals = append(meals, m)
			}
		}
		d.Meals = meals
	}
	if len(t.Program) > MaxTourDays {
		p.Add("program", CodeTooLong, fmt.Sprintf("has more than %d days", MaxTourDays))
	}
}

// PriceFor returns the tour's list price for one traveler of type tt
// (TravelerOther is priced as an adult).
func (t *Tour) PriceFor(tt TravelerType) money.Money {
	switch tt {
	case TravelerChild:
		return t.PriceChild
	case TravelerInfant:
		return t.PriceInfant
	}
	return t.PriceAdult
}
