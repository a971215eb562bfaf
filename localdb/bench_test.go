package localdb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// benchQueries is what agents type, keystroke by keystroke: common and
// rare names with and without diacritics, Russian and Chinese names,
// phones in several formats, and exact phones, emails and passports of
// customers in the fixture (added by searchQueries).
var benchQueries = []string{
	"n", "ng", "ngu", "nguy", "nguye", "nguyen", "nguyễn", "nguyen v", "nguyen van", "nguyen thi lan", "nguyen van a",
	"tran", "trần thị", "le van hung", "pham", "phạm minh", "hoang", "dang thu", "đặng", "do", "ly", "ngo", "duong",
	"lan", "anh", "thi", "van", "minh", "huong",
	"и", "ив", "иванов", "иванова анна", "смирнов", "петров сергей", "фёдоров", "ivanov",
	"王", "王伟", "李", "张秀英", "陈", "wang", "zhang wei", "li na",
	"09", "090", "0901", "0901 234", "+84 90", "+84 90 123", "84", "+7 912", "8 912 345", "+86 138", "138 0013",
	"gmail", "c123", "e1234", "zzz", "nguyen ivanov", "qwerty",
}

func searchQueries() []string {
	qs := slices.Clone(benchQueries)
	for _, c := range fixtureSample {
		p := c.Phones[0]
		qs = append(qs, p, c.Emails[0], c.PassportNumber, strings.TrimPrefix(p, "+"))
		if strings.HasPrefix(p, "+84") {
			n := "0" + p[3:]
			qs = append(qs, n, n[:4]+" "+n[4:7]+" "+n[7:], "+84 "+p[3:5]+" "+p[5:8]+" "+p[8:])
		}
		qs = append(qs, c.Name, fold(c.Name))
	}
	return qs
}

// BenchmarkSearch runs every query of searchQueries once per iteration over
// the 100,000-customer fixture with a limit of 50 and reports the
// latency percentiles of single queries.
func BenchmarkSearch(b *testing.B) {
	path := fixture(b)
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	qs := searchQueries()
	lat := make([]time.Duration, 0, b.N*len(qs))
	perQuery := make(map[string][]time.Duration)
	// Warm the page cache as a running app would have it.
	for _, q := range qs {
		s.Search(app.KindCustomer, q, 50)
	}
	b.ResetTimer()
	for range b.N {
		for _, q := range qs {
			t0 := time.Now()
			if _, err := s.Search(app.KindCustomer, q, 50); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			lat = append(lat, d)
			perQuery[q] = append(perQuery[q], d)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds())
	}
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-µs")
	b.ReportMetric(float64(len(qs)), "queries")
	if os.Getenv("LOCALDB_BENCH_VERBOSE") != "" {
		type row struct {
			q   string
			med time.Duration
			n   int
		}
		var rows []row
		for q, ds := range perQuery {
			slices.Sort(ds)
			ids, _ := s.Search(app.KindCustomer, q, 50)
			rows = append(rows, row{q, ds[len(ds)/2], len(ids)})
		}
		slices.SortFunc(rows, func(a, b row) int { return int(b.med - a.med) })
		for _, r := range rows[:min(len(rows), 25)] {
			b.Logf("%-28q %6dµs %3d results", r.q, r.med.Microseconds(), r.n)
		}
	}
}

// BenchmarkOpen opens and closes the 100,000-customer store.
func BenchmarkOpen(b *testing.B) {
	path := fixture(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
}

// BenchmarkSortedIDs lists all 100,000 customer ids in name order (what
// the virtual list loads) and counts them.
func BenchmarkSortedIDs(b *testing.B) {
	s, err := Open(fixture(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for range b.N {
		ids, err := s.SortedIDs(app.KindCustomer)
		if err != nil || len(ids) != fixtureSize {
			b.Fatal(len(ids), err)
		}
		if n, _ := s.Count(app.KindCustomer); n != fixtureSize {
			b.Fatal(n)
		}
	}
}

// BenchmarkBulkImport inserts b.N generated customers in transactions of
// 1000 (as an import does; LOCALDB_IMPORT_BATCH=n for n) into a fresh store with fsync on, and reports
// records per second. Run with -benchtime=100000x for the figure in
// docs/PERFORMANCE.md.
func BenchmarkBulkImport(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "import.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	gen := newGenerator(2)
	values := make([]map[string]json.RawMessage, b.N)
	for i := range values {
		c := gen.customer()
		values[i], _ = record.Encode(&c)
	}
	per := 1000
	if n, err := strconv.Atoi(os.Getenv("LOCALDB_IMPORT_BATCH")); err == nil && n > 0 {
		per = n
	}
	b.ResetTimer()
	for start := 0; start < b.N; start += per {
		batch := values[start:min(start+per, b.N)]
		err := s.Update(func(tx service.Tx) error {
			for _, v := range batch {
				if _, err := tx.Save(app.KindCustomer, record.NewID(), v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
