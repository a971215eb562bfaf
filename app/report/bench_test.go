package report

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/demodb"
)

// benchStore opens the demo data set of REPORT_BENCH_CUSTOMERS customers
// (default 100,000; seed 1, today 2026-11-23: what `tourdeskctl demo
// --customers 100000 --today 2026-11-23` writes) plus the activity the
// demo does not generate (addActivity: a commission rate, service orders,
// expenses, incidents, supplier payments, settled departures, campaigns
// with the customers they brought, one interaction per customer). It is
// built once by demodb (os.TempDir()/tourdesk-demo-<customers>-seed1-report)
// and reused by later runs. Building 100,000 takes 3–5 minutes.
// REPORT_BENCH_DB names an existing store file to use instead (e.g. one
// tourdeskctl demo wrote).
func benchStore(b *testing.B) *localdb.Store {
	b.Helper()
	path := os.Getenv("REPORT_BENCH_DB")
	if path == "" {
		path = demodb.Path(b, demodb.Spec{
			Customers: demodb.Customers(b, "REPORT_BENCH_CUSTOMERS", 100000),
			Seed:      1,
			Variant:   "report",
			Extra:     func(s *localdb.Store) error { return addActivity(s, app.DateOf(demo.DefaultNow)) },
		})
	}
	return demodb.Open(b, path)
}

// BenchmarkReports runs every report over the demo data set for the year
// 2026 (every demo booking is booked in 2026), each from a cold start: no
// cache survives between runs, as in `tourdeskctl report` (the store is
// open and the file in the page cache). cpu-ms/op is the CPU time of the
// process (all threads, the GC's included) per run: on the shared build
// machine ns/op also counts the wait for a core.
func BenchmarkReports(b *testing.B) {
	s := benchStore(b)
	p := Year(2026)
	today := app.Date{Year: 2026, Month: 11, Day: 23}
	for _, info := range List() {
		b.Run(info.Name, func(b *testing.B) {
			rows := 0
			cpu := cpuTime()
			for b.Loop() {
				t, err := Run(s, info.Name, Options{Period: p, Today: today})
				if err != nil {
					b.Fatal(err)
				}
				rows = len(t.Rows)
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}

// addActivity adds to a demo store a year of what app/demo does not
// write, so that every report has work to do: a 5% commission; per
// departure three service orders (one in ten cancelled; half of the
// others paid to the partner), three expenses (meals, tips, other) and,
// for one in four, an incident; the completed departures settled;
// 24 campaigns (two a month up to today) and 15% of the customers
// brought by one of them; one interaction per customer by its owner.
// Deterministic (its own random source).
func addActivity(s *localdb.Store, today app.Date) error {
	rng := rand.New(rand.NewPCG(7, 11))
	ids := func(k app.Kind) []string {
		v, err := s.SortedIDs(k)
		if err != nil {
			panic(err)
		}
		return v
	}
	deps, partners, users, customers := ids(app.KindDeparture), ids(app.KindPartner), ids(app.KindUser), ids(app.KindCustomer)
	// Ids from a time-ordered counter, like demo's.
	next := today.Time().AddDate(0, 0, -400).UnixMilli()
	newID := func() string {
		next++
		return fmt.Sprintf("%08x-%04x-7%03x-8%03x-%012x", next>>16, next&0xffff, rng.IntN(0x1000), rng.IntN(0x1000), rng.Int64N(1<<48))
	}
	var acc string
	err := s.View(func(r service.Reader) error {
		for _, u := range users {
			if x, err := service.Load[app.User](r, u); err == nil && x.Role == app.RoleAccountant {
				acc = u
				break
			}
		}
		return nil
	})
	if err != nil || acc == "" {
		return fmt.Errorf("no accountant: %v", err)
	}
	err = s.Update(func(tx service.Tx) error {
		set, err := service.Load[app.CompanySettings](tx, app.CompanySettingsID)
		if err != nil {
			return err
		}
		set.AgentCommissionBP = 500
		if _, err := service.StoreEntity(tx, app.CompanySettingsID, set); err != nil {
			return err
		}
		for i, dep := range deps {
			d, err := service.Load[app.Departure](tx, dep)
			if err != nil {
				return err
			}
			if d.Status == app.DepartureCancelled {
				continue
			}
			for j, what := range []string{"Khách sạn", "Xe du lịch", "Nhà hàng"} {
				st := app.OrderCompleted
				if d.StartDate.After(today) {
					st = app.OrderConfirmed
				}
				if rng.IntN(10) == 0 {
					st = app.OrderCancelled
				}
				o := &app.ServiceOrder{DepartureID: dep, PartnerID: partners[(i*3+j)%len(partners)], Service: what,
					StartDate: d.StartDate, EndDate: d.EndDate, Quantity: 1 + rng.IntN(20),
					UnitCost: money.New(int64(200+rng.IntN(1800))*1000, "VND"), Status: st, ConfirmationNumber: fmt.Sprintf("C%d-%d", i, j)}
				oid := newID()
				if _, err := service.StoreEntity(tx, oid, o); err != nil {
					return err
				}
				if st != app.OrderCancelled && rng.IntN(2) == 0 && !d.StartDate.After(today) {
					c, _ := o.Cost()
					e := &app.Expense{DepartureID: dep, Category: app.ExpenseSupplierPayment, Amount: c, Date: d.EndDate,
						SpentBy: acc, PartnerID: o.PartnerID, ServiceOrderID: oid}
					if _, err := service.StoreEntity(tx, newID(), e); err != nil {
						return err
					}
				}
			}
			if d.StartDate.After(today) {
				continue
			}
			for _, cat := range []app.ExpenseCategory{app.ExpenseMeals, app.ExpenseTips, app.ExpenseOther} {
				e := &app.Expense{DepartureID: dep, Category: cat, Amount: money.New(int64(50+rng.IntN(950))*1000, "VND"),
					Date: d.StartDate, SpentBy: acc}
				if _, err := service.StoreEntity(tx, newID(), e); err != nil {
					return err
				}
			}
			if i%4 == 0 {
				in := &app.Incident{DepartureID: dep, At: d.StartDate.Time().Add(10 * time.Hour), Severity: app.SeverityLow,
					Description: "Xe đến trễ, thuê xe khác", Cost: money.New(int64(100+rng.IntN(900))*1000, "VND"), ReportedBy: acc}
				if _, err := service.StoreEntity(tx, newID(), in); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, dep := range deps {
		d, err := service.Load[app.Departure](s, dep)
		if err != nil {
			return err
		}
		if d.Status == app.DepartureCompleted {
			if _, err := service.Settle(s, service.Session{}, dep, today, "benchmark data"); err != nil {
				return err
			}
		}
	}
	var campaigns []string
	err = s.Update(func(tx service.Tx) error {
		channels := []app.Channel{app.ChannelFacebook, app.ChannelZalo, app.ChannelEmail, app.ChannelGoogle}
		for m := 0; m < 24; m++ {
			start := app.DateOf(today.Time().AddDate(0, -m/2, -15*(m%2)))
			c := &app.Campaign{Name: fmt.Sprintf("Chiến dịch %s #%d", start, m), Channel: channels[m%len(channels)],
				Cost: money.New(int64(20+rng.IntN(200))*1_000_000, "VND"), StartDate: start, EndDate: start.AddDays(30), Status: app.CampaignFinished}
			id := newID()
			if _, err := service.StoreEntity(tx, id, c); err != nil {
				return err
			}
			campaigns = append(campaigns, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Campaign and interaction per customer, in transactions of 2,000.
	for lo := 0; lo < len(customers); lo += 2000 {
		hi := min(lo+2000, len(customers))
		err := s.Update(func(tx service.Tx) error {
			for _, cid := range customers[lo:hi] {
				rec, err := tx.Get(app.KindCustomer, cid)
				if err != nil {
					return err
				}
				var owner string
				_ = json.Unmarshal(rec.Fields["owner_id"].Value, &owner)
				if owner == "" {
					owner = users[0]
				}
				if rng.IntN(100) < 15 {
					v, _ := json.Marshal(campaigns[rng.IntN(len(campaigns))])
					if _, err := tx.Save(app.KindCustomer, cid, map[string]json.RawMessage{"campaign_id": v}); err != nil {
						return err
					}
				}
				at := today.Time().Add(-time.Duration(rng.IntN(365*24)) * time.Hour)
				it := &app.Interaction{CustomerID: cid, UserID: owner, Type: app.InteractionCall, Direction: app.Outbound,
					Summary: "Gọi tư vấn tour", At: at}
				if _, err := service.StoreEntity(tx, newID(), it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
