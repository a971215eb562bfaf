package customers

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// benchPath copies the store of CUSTOMERS_BENCH_DATA (a data directory
// made by `tourdeskctl --data DIR demo --customers 100000`) into a
// temporary directory and returns the copy's path; the benchmark is
// skipped without it. docs/PERFORMANCE.md, "Desktop", has the figures.
func benchPath(b *testing.B) string {
	b.Helper()
	dir := os.Getenv("CUSTOMERS_BENCH_DATA")
	if dir == "" {
		b.Skip("CUSTOMERS_BENCH_DATA=DIR (a tourdeskctl demo data directory) not set")
	}
	in, err := os.Open(filepath.Join(dir, "default.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	path := filepath.Join(b.TempDir(), "default.db")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkOpenToFirstRows measures what the app does between its start
// and the Customers list showing data: open the store, build the area
// (which lists every customer id in name order off the UI goroutine),
// lay the list out and load the first page of rows, until a row shows a
// name.
func BenchmarkOpenToFirstRows(b *testing.B) {
	path := benchPath(b)
	test.NewTempApp(b)
	i18n.Register()
	session := service.Session{UserID: "local", Role: app.RoleManager}
	for b.Loop() {
		store, err := localdb.Open(path, localdb.Options{})
		if err != nil {
			b.Fatal(err)
		}
		queue := make(chan func(), 4096)
		win := test.NewWindow(nil)
		a := newArea(service.NewCustomers(store, session), service.NewBookings(store), nil, win, func(f func()) { queue <- f }, Extras{Store: store, Session: session})
		win.SetContent(a.Content())
		win.Resize(fyne.NewSize(1280, 800))
		shown := func() bool {
			for _, o := range test.LaidOutObjects(a.list) {
				if r, ok := o.(*listrow.Row); ok && r.Visible() {
					if name, _, _ := r.Texts(); name != "" && name != "…" {
						return true
					}
				}
			}
			return false
		}
		deadline := time.After(60 * time.Second)
		for !shown() {
			select {
			case f := <-queue:
				f()
			case <-deadline:
				b.Fatal("no rows after 60 s")
			}
		}
		b.StopTimer()
		win.Close()
		store.Close()
		b.StartTimer()
	}
}

// BenchmarkSearchKeystroke is the work one keystroke in the search box
// starts once typing pauses, for each prefix of "nguyen van a" and a
// phone: ids is what the area runs (the store's search, at most
// searchLimit ids; the rows on screen then load a page of 100), loaded
// is Customers.Search (the ids and every customer found decoded), what
// it ran before and still runs without Extras.
func BenchmarkSearchKeystroke(b *testing.B) {
	path := benchPath(b)
	store, err := localdb.Open(path, localdb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	svc := service.NewCustomers(store, service.Session{UserID: "local", Role: app.RoleManager})
	for _, q := range []string{"n", "ng", "ngu", "nguy", "nguye", "nguyen", "nguyen v", "nguyen van", "nguyen van a", "0901", "0901 234 5"} {
		b.Run("ids/"+q, func(b *testing.B) {
			var n int
			for b.Loop() {
				ids, err := store.Search(app.KindCustomer, q, searchLimit)
				if err != nil {
					b.Fatal(err)
				}
				n = len(ids)
			}
			b.ReportMetric(float64(n), "found")
		})
		b.Run("loaded/"+q, func(b *testing.B) {
			var n int
			for b.Loop() {
				cs, err := svc.Search(q, searchLimit)
				if err != nil {
					b.Fatal(err)
				}
				n = len(cs)
			}
			b.ReportMetric(float64(n), "found")
		})
	}
}

// BenchmarkFilter is a filter's list: every customer id in name order
// narrowed by the index sets (tier VIP 1; stage customer; both with a
// search).
func BenchmarkFilter(b *testing.B) {
	path := benchPath(b)
	store, err := localdb.Open(path, localdb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	session := service.Session{UserID: "local", Role: app.RoleManager}
	a := &Area{svc: service.NewCustomers(store, session), x: Extras{Store: store, Session: session}}
	for _, c := range []struct {
		name string
		f    filter
		q    string
	}{
		{"tier=vip1", filter{tier: app.TierVIP1}, ""},
		{"stage=customer", filter{stage: app.StageCustomer}, ""},
		{"stage=customer+nguyen", filter{stage: app.StageCustomer}, "nguyen"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				ids, err := a.filterIDs(c.f, c.q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(ids)
			}
			b.ReportMetric(float64(n), "found")
		})
	}
}
