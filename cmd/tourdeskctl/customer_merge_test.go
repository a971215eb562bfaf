package main

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// twoCopies stores, in dir, one customer of owner entered twice, each
// copy with a booking, a deposit and a call; it returns the copies' and
// their bookings' ids.
func twoCopies(t *testing.T, dir, owner string) (keep, drop, keepBooking, dropBooking string) {
	t.Helper()
	keep, drop, keepBooking, dropBooking = record.NewID(), record.NewID(), record.NewID(), record.NewID()
	withStore(t, dir, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			put := func(id string, e app.Entity) error { _, err := service.StoreEntity(tx, id, e); return err }
			for _, c := range []struct {
				id, booking, name, phone, dest string
				day                            int
			}{{keep, keepBooking, "Nguyễn Văn An", "0901234567", "Đà Nẵng", 1}, {drop, dropBooking, "Nguyen Van An", "0901234567", "Tokyo", 5}} {
				on := app.Date{Year: 2026, Month: 11, Day: c.day}
				if err := put(c.id, &app.Customer{Name: c.name, Phones: []string{c.phone}, OwnerID: owner, OfficeID: syncOffice, Stage: app.StageCustomer}); err != nil {
					return err
				}
				if err := put(c.booking, &app.Booking{Code: app.BookingCode(2026, c.day), CustomerID: c.id, OwnerID: owner, OfficeID: syncOffice,
					Destination: c.dest, StartDate: app.Date{Year: 2027, Month: 1, Day: c.day}, EndDate: app.Date{Year: 2027, Month: 1, Day: c.day + 2},
					Currency: "VND", Lines: []app.PriceLine{{Description: "adult", TravelerType: app.TravelerAdult, Quantity: 1, UnitPrice: money.New(5_000_000, "VND")}},
					Status: app.BookingDeposit, BookedOn: on}); err != nil {
					return err
				}
				if err := put(record.NewID(), &app.Payment{BookingID: c.booking, CustomerID: c.id, Type: app.PaymentDeposit, Method: app.MethodCash,
					Amount: money.New(2_000_000, "VND"), ReceivedBy: owner, Date: on}); err != nil {
					return err
				}
				if err := put(record.NewID(), &app.Interaction{CustomerID: c.id, Type: app.InteractionCall, Direction: app.Inbound, Summary: "asked about " + c.dest,
					At: time.Date(2026, 11, c.day, 9, 0, 0, 0, time.UTC), UserID: owner}); err != nil {
					return err
				}
				if err := put(record.NewID(), &app.Task{Title: "Call back about " + c.dest, DueDate: on, AssigneeID: owner, CustomerID: c.id}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	return
}

// Merging on one device of an agent reaches their other device through
// the real sync server: the dropped copy is gone there too, and the kept
// one's history holds both copies' bookings, payments and calls.
func TestCustomerMergeSyncs(t *testing.T) {
	url := syncServer(t)
	laptop, phone := device(t, url, "lan.nguyen"), device(t, url, "lan.nguyen")
	keep, drop, keepBooking, dropBooking := twoCopies(t, laptop, lanID)
	if s := syncJSON(t, laptop); len(s.Rejected) != 0 {
		t.Fatalf("first push: %+v", s.Rejected)
	}
	syncJSON(t, phone)

	out := mustCtl(t, laptop, "customer", "merge", keep, drop, "--json")
	var got mergeJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if got.Kept != keep || got.Dropped != drop || got.Moved[app.KindBooking] != 1 || got.Moved[app.KindTask] != 1 ||
		got.Followed[app.KindPayment] != 1 || got.Followed[app.KindInteraction] != 1 || got.Customer.Name != "Nguyễn Văn An" {
		t.Fatalf("merge --json: %s", out)
	}
	if s := syncJSON(t, laptop); len(s.Rejected) != 0 || s.Pushed == 0 {
		t.Fatalf("merge push: %+v", s)
	}
	syncJSON(t, phone)

	withStore(t, phone, func(s *localdb.Store) error {
		if _, err := service.Load[app.Customer](s, drop); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("the phone still has the dropped copy: %v", err)
		}
		bs, err := s.Lookup(app.KindBooking, "customer_id", keep)
		if err != nil {
			return err
		}
		slices.Sort(bs)
		want := []string{keepBooking, dropBooking}
		slices.Sort(want)
		if !slices.Equal(bs, want) {
			t.Errorf("the phone's bookings of the kept copy: %v, want %v", bs, want)
		}
		tl, err := service.Timeline(s, keep)
		if err != nil {
			return err
		}
		count := map[string]int{}
		for _, e := range tl {
			count[e.Kind]++
		}
		// Per copy: request, booking (the deposit), trip, payment, call.
		for kind, n := range map[string]int{service.EventRequest: 2, service.EventBooking: 2, service.EventTrip: 2, service.EventPayment: 2, service.EventInteraction: 2} {
			if count[kind] != n {
				t.Errorf("the phone's timeline: %d %s, want %d (%v)", count[kind], kind, n, count)
			}
		}
		return nil
	})

	// Another agent's copies, on Lan's laptop: exit 2, nothing changes.
	minhKeep, minhDrop, _, _ := twoCopies(t, laptop, minhID)
	code, _, errOut := ctl(t, laptop, "customer", "merge", minhKeep, minhDrop)
	wantFail(t, code, errOut, exitFailure, "an agent may not write customer")
	if r, ok := get(t, laptop, minhDrop); !ok || r.IsDeleted() {
		t.Fatal("a refused merge deleted the dropped copy")
	}
	if _, ok := get(t, laptop, minhKeep); !ok || strings.Contains(value(t, laptop, minhKeep, "notes"), "Merged") {
		t.Fatal("a refused merge changed the kept copy")
	}
}

// The text output, and exit 1 and one line for a missing customer or a
// bad call.
func TestCustomerMergeCommand(t *testing.T) {
	dir := t.TempDir()
	keep, drop, _, _ := twoCopies(t, dir, "u-lan")
	code, _, errOut := ctl(t, dir, "customer", "merge", keep)
	wantFail(t, code, errOut, exitInput, "want KEEP and DROP")
	code, _, errOut = ctl(t, dir, "customer", "merge", keep, record.NewID())
	wantFail(t, code, errOut, exitInput, "not found")
	code, _, errOut = ctl(t, dir, "customer", "merge", keep, keep)
	wantFail(t, code, errOut, exitInput, "into itself")

	out := mustCtl(t, dir, "customer", "merge", keep, drop)
	want := "merged " + drop + " into " + keep + " (Nguyễn Văn An); moved: 1 booking, 1 interaction, 1 payment, 1 task\n"
	if out != want {
		t.Errorf("got %q\nwant %q", out, want)
	}
	if _, ok := get(t, dir, drop); !ok {
		t.Fatal("the tombstone is missing")
	}
	if r, _ := get(t, dir, drop); !r.IsDeleted() {
		t.Error("the dropped copy is not deleted")
	}
	if !strings.Contains(value(t, dir, keep, service.MergedFromField), drop) {
		t.Errorf("merged_from: %s", value(t, dir, keep, service.MergedFromField))
	}
}
