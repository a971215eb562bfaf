package tours

import (
	"path/filepath"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// BenchmarkDeparturePage measures one page of the departures list (50
// rows: departure, tour name, seats derived from the bookings, guides'
// names) on the demo store of 2,000 customers (975 departures, 1,309
// bookings), the work behind each page the list shows while scrolling.
func BenchmarkDeparturePage(b *testing.B) {
	store, err := localdb.Open(filepath.Join(b.TempDir(), "bench.db"), localdb.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if _, err := demo.Generate(store, demo.Options{Customers: 2000}, nil); err != nil {
		b.Fatal(err)
	}
	ids, err := store.SortedIDs(app.KindDeparture)
	if err != nil || len(ids) < 2*pageSize {
		b.Fatalf("%d departures (%v)", len(ids), err)
	}
	page := ids[len(ids)/2 : len(ids)/2+pageSize]
	b.ResetTimer()
	for b.Loop() {
		err := store.View(func(r service.Reader) error {
			names := map[string]string{}
			for _, id := range page {
				if row := loadDepRow(r, id, names); row.err != nil {
					return row.err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
