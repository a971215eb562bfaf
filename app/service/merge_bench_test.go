package service_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// BenchmarkMerge: merging a customer with 50 bookings, each with a
// payment, a contact and a task (200 records), into another, on a real
// localdb file (one transaction; 100 records re-pointed, 100 followed).
//
//	go test -tags ci,migrated_fynedo -run '^$' -bench BenchmarkMerge -benchtime 20x ./app/service/
func BenchmarkMerge(b *testing.B) {
	const n = 50
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		s, err := localdb.Open(filepath.Join(dir, fmt.Sprintf("m%d.db", i)), localdb.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		keep, drop := record.NewID(), record.NewID()
		err = s.Update(func(tx service.Tx) error {
			put := func(id string, e app.Entity) error { _, err := service.StoreEntity(tx, id, e); return err }
			for _, id := range []string{keep, drop} {
				if err := put(id, &app.Customer{Name: "Nguyễn Văn An", Phones: []string{"0901234567"}, OwnerID: agent.UserID, OfficeID: agent.OfficeID}); err != nil {
					return err
				}
			}
			for j := range n {
				bk := record.NewID()
				on := app.Date{Year: 2026, Month: time.Month(1 + j%12), Day: 1 + j%28}
				if err := put(bk, &app.Booking{Code: app.BookingCode(2026, j+1), CustomerID: drop, OwnerID: agent.UserID, OfficeID: agent.OfficeID,
					Destination: "Huế", StartDate: on, EndDate: on.AddDays(2), Currency: "VND", Status: app.BookingDeposit, BookedOn: on,
					Lines: []app.PriceLine{{Description: "adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(2_000_000, "VND")}}}); err != nil {
					return err
				}
				if err := put(record.NewID(), &app.Payment{BookingID: bk, CustomerID: drop, Type: app.PaymentDeposit, Method: app.MethodCash,
					Amount: money.New(500_000, "VND"), ReceivedBy: agent.UserID, Date: on}); err != nil {
					return err
				}
				if err := put(record.NewID(), &app.Interaction{CustomerID: drop, Type: app.InteractionCall, Summary: "call", At: on.Time().Add(9 * time.Hour), UserID: agent.UserID}); err != nil {
					return err
				}
				if err := put(record.NewID(), &app.Task{Title: "call back", DueDate: on, AssigneeID: agent.UserID, CustomerID: drop}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		plan, err := service.NewCustomers(s, agent).Merge(keep, drop)
		b.StopTimer()
		if err != nil || plan.Total() != 4*n {
			b.Fatalf("merge: %v, %v", plan, err)
		}
		s.Close()
		b.StartTimer()
	}
}
