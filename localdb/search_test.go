package localdb

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

func TestSearch(t *testing.T) {
	s := openTest(t)
	people := map[string]app.Customer{
		"an":      {Name: "Nguyễn Văn An", LatinName: "NGUYEN VAN AN", Phones: []string{"+84901234567"}, Emails: []string{"an.nguyen@gmail.com"}, PassportNumber: "C1234567"},
		"lan":     {Name: "Nguyễn Thị Lan", Phones: []string{"0912345678"}, Province: "Đà Nẵng"},
		"dung":    {Name: "Đặng Thùy Dung", Phones: []string{"0987111222"}},
		"uoc":     {Name: "Lưu Ước Vơn", Emails: []string{"luu@cong-ty.vn"}},
		"ivanov":  {Name: "Иванов Пётр Сергеевич", LatinName: "IVANOV PETR", Country: "RU", Phones: []string{"8 912 345-67-89"}},
		"ivanova": {Name: "Иванова Анна", Country: "RU"},
		"wang":    {Name: "王伟", LatinName: "WANG WEI", Country: "CN", Phones: []string{"138 0013 8000"}},
		"wxw":     {Name: "王小伟", Country: "CN"},
		"weiwang": {Name: "伟王", Country: "CN"},
		"corp":    {Type: app.Company, Name: "Công ty TNHH Đà Nẵng Travel", ContactPerson: "Hoàng Minh", TaxCode: "0401234567"},
		"booker":  {Name: "BK-2026-000123 Test Đoàn"},
	}
	ids := map[string]string{}
	for key, c := range people {
		ids[key] = addCustomer(t, s, c)
	}
	names := map[string]string{}
	for k, id := range ids {
		names[id] = k
	}

	// Sort order: "dang thuy dung" < "luu…" < "nguyen thi lan" < "nguyen van
	// an" < Cyrillic < Han ("伟王" < "王…" by code point).
	tests := []struct {
		query string
		want  []string // keys, in sort order
	}{
		{"nguyen", []string{"lan", "an"}},
		{"Nguyễn", []string{"lan", "an"}},
		{"NGUYỄN", []string{"lan", "an"}},
		{"nguy", []string{"lan", "an"}},
		{"ng", []string{"lan", "an"}},
		{"nguyen van", []string{"an"}},
		{"van nguyen", []string{"an"}},
		{"nguyen thi l", []string{"lan"}},
		{"dang", []string{"dung"}},
		{"Đặng", []string{"dung"}},
		{"đang thuy", []string{"dung"}},
		{"luu uoc von", []string{"uoc"}},
		{"lưu ước vơn", []string{"uoc"}},
		{"da nang", []string{"corp"}},
		{"Đà Nẵng", []string{"corp"}},
		{"đà nẵng travel", []string{"corp"}},
		{"hoang minh", []string{"corp"}},
		{"иванов", []string{"ivanov", "ivanova"}},
		{"ИВАНОВ ПЁТР", []string{"ivanov"}},
		{"иван", []string{"ivanov", "ivanova"}},
		{"петр", []string{"ivanov"}}, // ё folds to е
		{"пётр", []string{"ivanov"}},
		{"ivanov", []string{"ivanov"}},
		{"王伟", []string{"wang"}},
		{"伟", []string{"weiwang", "wang", "wxw"}},
		{"王", []string{"weiwang", "wang", "wxw"}},
		{"王小", []string{"wxw"}},
		{"wang wei", []string{"wang"}},
		// Short prefixes that begin no gram match nothing (they once
		// crashed: a merge of no lists was taken for a stream).
		{"x", nil},
		{"qz", nil},
		{"qz nguyen", nil},
		{"nguyen qz", nil},
		// Phones, however typed.
		{"+84 90 123 4567", []string{"an"}},
		{"0901 234 567", []string{"an"}},
		{"0901234567", []string{"an"}},
		{"84901234567", []string{"an"}},
		{"(090) 123-4567", []string{"an"}},
		{"0901 234", []string{"an"}},
		{"090.123", []string{"an"}},
		{"+84901", []string{"an"}},
		{"0912", []string{"lan"}},
		{"+7 912 345 67 89", []string{"ivanov"}},
		{"8 912 345-67-89", []string{"ivanov"}},
		{"89123456789", []string{"ivanov"}},
		{"+86 138 0013 8000", []string{"wang"}},
		{"138 0013", []string{"wang"}},
		// Emails.
		{"an.nguyen@gmail.com", []string{"an"}},
		{"an.nguyen@", []string{"an"}},
		{"annguyen", []string{"an"}},
		{"luu@cong-ty.vn", []string{"uoc"}},
		{"cong-ty", []string{"corp"}}, // "Công ty TNHH"; domains are not indexed
		{"luu@cong", []string{"uoc"}},
		{"gmail", nil}, // domains are not words: they would post everyone,
		// Documents and codes.
		{"C1234567", []string{"an"}},
		{"c123", []string{"an"}},
		{"0401234567", []string{"corp"}},
		{"BK-2026-000123", []string{"booker"}},
		{"bk2026000123", []string{"booker"}},
		{"bk2026", []string{"booker"}},
		{"000123", []string{"booker"}},
		{"2026-000123", []string{"booker"}},
		// No match, nothing to match.
		{"nguyen ivanov", nil},
		{"zzz", nil},
		{"", nil},
		{"  --  ", nil},
		{"090", []string{"an"}}, // 3 digits: a prefix of words, phones included
		{"091", []string{"lan"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got, err := s.Search(app.KindCustomer, tc.query, 50)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, id := range got {
				keys = append(keys, names[id])
			}
			if !slices.Equal(keys, tc.want) {
				t.Errorf("Search(%q) = %q, want %q", tc.query, keys, tc.want)
			}
		})
	}
}

// Results come in sort order and stop at limit, whichever plan the query
// takes (sorted posting list, collected prefix, or gram walk).
func TestSearchOrderAndLimit(t *testing.T) {
	s := openTest(t)
	given := []string{"An", "Bình", "Cường", "Dũng", "Hà", "Khánh", "Lan", "Minh", "Ngọc", "Phúc", "Quang", "Thảo"}
	var want []string
	byName := map[string]string{}
	for i := range 3 * len(given) {
		name := fmt.Sprintf("Nguyễn %s %02d", given[i%len(given)], i)
		byName[fold(name)] = addCustomer(t, s, app.Customer{Name: name, Phones: []string{fmt.Sprintf("+849012345%02d", i)}})
		want = append(want, fold(name))
	}
	slices.Sort(want)
	var wantIDs []string
	for _, n := range want {
		wantIDs = append(wantIDs, byName[n])
	}
	for _, q := range []string{"nguyen", "ng", "nguye", "0901 2345", "84901234"} {
		for _, limit := range []int{1, 5, 100, 0} {
			got, err := s.Search(app.KindCustomer, q, limit)
			if err != nil {
				t.Fatal(err)
			}
			w := wantIDs
			if limit > 0 && limit < len(w) {
				w = w[:limit]
			}
			if !slices.Equal(got, w) {
				t.Errorf("Search(%q, %d): %d results, not the first %d in sort order", q, limit, len(got), len(w))
			}
		}
	}
}

// The gram-walk plan (a long prefix matching more than collectMax
// documents) gives the same answer as collecting.
func TestSearchGramWalk(t *testing.T) {
	saved := collectMax
	t.Cleanup(func() { collectMax = saved })
	s := openTest(t)
	for i := range 40 {
		name := fmt.Sprintf("Nguyễn Văn %c", 'A'+rune(i%26))
		if i%3 == 0 {
			name = fmt.Sprintf("Ngô Thị %c", 'A'+rune(i%26))
		}
		addCustomer(t, s, app.Customer{Name: name})
	}
	want, _ := s.Search(app.KindCustomer, "nguye", 0)
	want2, _ := s.Search(app.KindCustomer, "nguyen van", 7)
	collectMax = 2
	got, _ := s.Search(app.KindCustomer, "nguye", 0)
	got2, _ := s.Search(app.KindCustomer, "nguyen van", 7)
	if len(want) != 26 || !slices.Equal(got, want) || !slices.Equal(got2, want2) {
		t.Fatalf("gram walk %d/%d results, collect %d/%d", len(got), len(got2), len(want), len(want2))
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn Ánh":  "nguyen van anh",
		"Đà Nẵng":         "da nang",
		"ĐẶNG":            "dang",
		"Lưu Ước Vơn":     "luu uoc von",
		"Иванов Пётр Йов": "иванов петр иов",
		"王伟":              "王伟",
		"  A\tb\n":        "a b",
		"ＡＢＣ１２３":          "abc123",
		"a\x00b":          "ab",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzFold checks the properties search relies on: folding is idempotent,
// never yields a 0 byte or invalid UTF-8, and query parsing never panics
// and yields words that fold to themselves.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn", "đà nẵng", "Иванов", "王小伟", "+84 90 123 4567", "BK-2026-000123", "a@b.c", "\xff\x00", "ｶﾀｶﾅ", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		f1 := fold(s)
		if f2 := fold(f1); f2 != f1 {
			t.Fatalf("fold not idempotent: %q → %q → %q", s, f1, f2)
		}
		if strings.IndexByte(f1, 0) >= 0 || !utf8.ValidString(f1) {
			t.Fatalf("fold(%q) = %q", s, f1)
		}
		for _, w := range parseQuery(s) {
			if w.s == "" || fold(w.s) != w.s {
				t.Fatalf("query %q gave word %q", s, w.s)
			}
		}
		set := map[string]bool{}
		textTerms(set, s)
		for term := range set {
			if term == "" || strings.IndexByte(term, 0) >= 0 || len(term) > maxTerm {
				t.Fatalf("text %q gave term %q", s, term)
			}
		}
		_ = grams(sortedKeys(set))
		phoneQuery(s)
	})
}

// Prefixes shorter than a gram read the union of several gram lists;
// compare them, alone and after other words, with a scan of every
// record's terms.
func TestSearchShortPrefixesMatchScan(t *testing.T) {
	s := openTest(t)
	gen := newGenerator(5)
	type doc struct {
		id, sortkey string
		terms       []string
	}
	var docs []doc
	err := s.Update(func(tx service.Tx) error {
		for range 400 {
			c := gen.customer()
			id := record.NewID()
			v, err := record.Encode(&c)
			if err != nil {
				return err
			}
			rec, err := tx.Save(app.KindCustomer, id, v)
			if err != nil {
				return err
			}
			e := makeEntry(app.KindCustomer, id, rec)
			docs = append(docs, doc{id, e.sortkey, e.terms})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(docs, func(a, b doc) int {
		if c := strings.Compare(a.sortkey, b.sortkey); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	scan := func(query string) []string {
		words := parseQuery(query)
		var out []string
	next:
		for _, d := range docs {
			for _, w := range words {
				ok := false
				for _, term := range d.terms {
					if term == w.s || (w.prefix && strings.HasPrefix(term, w.s)) {
						ok = true
						break
					}
				}
				if !ok {
					continue next
				}
			}
			out = append(out, d.id)
		}
		return out
	}
	for _, q := range []string{"n", "ng", "t", "th", "a", "an", "l", "li", "и", "ив", "w", "z", "0", "09", "8", "84", "e", "c1",
		"nguyen v", "nguyen t", "tran th", "van a", "thi l", "иван а", "wang w", "li n", "nguyen z", "zhang we",
		"le van", "ly thi h", "an nguyen", "vu ", "li", "li na", "wu li", "ma x", "王 伟"} {
		got, err := s.Search(app.KindCustomer, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := scan(q); !sameIDs(got, want) {
			t.Errorf("Search(%q): %d results, scan finds %d", q, len(got), len(want))
		}
	}
}
