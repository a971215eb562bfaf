package service_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// mergeWorld is one customer entered twice by agent Lan, each copy with a
// booking, a payment, an interaction and a done task; and Hoa's customer.
type mergeWorld struct {
	keep, drop, hoa             string
	keepBooking, dropBooking    string
	keepPayment, dropPayment    string
	keepCall, dropEmail         string
	keepTask, dropTask          string
	dropTraveler, dropComplaint string
	hoaBooking                  string
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mergeData(t *testing.T, store service.Store) mergeWorld {
	t.Helper()
	var w mergeWorld
	w.keep = save(t, store, &app.Customer{Name: "Nguyễn Văn An", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageCustomer,
		Phones: []string{"0901234567"}, Birthday: day("1980-05-01"), Province: "Hà Nội"})
	w.drop = save(t, store, &app.Customer{Name: "Nguyen Van An", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageCustomer,
		Phones: []string{"0901234567", "0912000111"}, Emails: []string{"an@example.vn"}, Birthday: day("1980-05-02"),
		Diet: "vegetarian", Tags: []string{"vip"}, Notes: "prefers window seats"})
	w.hoa = save(t, store, &app.Customer{Name: "Phạm Cường", OwnerID: "u-hoa", OfficeID: "o-hn", Stage: app.StageCustomer, Phones: []string{"0901234567"}})

	booking := func(cust string, n int, dest, booked, start, end string) string {
		return save(t, store, &app.Booking{Code: app.BookingCode(2026, n), CustomerID: cust, OwnerID: "u-lan", OfficeID: "o-hn", Destination: dest,
			StartDate: day(start), EndDate: day(end), Currency: "VND", Lines: []app.PriceLine{line(app.TravelerAdult, 1, 5_000_000, "VND")},
			Status: app.BookingDeposit, BookedOn: day(booked)})
	}
	w.keepBooking = booking(w.keep, 1, "Đà Nẵng", "2026-10-01", "2026-12-01", "2026-12-03")
	w.dropBooking = booking(w.drop, 2, "Tokyo", "2026-11-01", "2027-01-10", "2027-01-15")
	w.hoaBooking = booking(w.hoa, 3, "Huế", "2026-11-05", "2027-02-01", "2027-02-03")
	pay := func(b, cust, date string, minor int64) string {
		return save(t, store, &app.Payment{BookingID: b, CustomerID: cust, Type: app.PaymentDeposit, Method: app.MethodCash,
			Amount: money.New(minor, "VND"), ReceivedBy: "u-lan", Date: day(date)})
	}
	w.keepPayment = pay(w.keepBooking, w.keep, "2026-10-02", 2_000_000)
	w.dropPayment = pay(w.dropBooking, w.drop, "2026-11-02", 3_000_000)
	w.keepCall = save(t, store, &app.Interaction{CustomerID: w.keep, Type: app.InteractionCall, Direction: app.Inbound, Summary: "asked about Đà Nẵng", At: at("2026-10-01T09:00:00Z"), UserID: "u-lan"})
	w.dropEmail = save(t, store, &app.Interaction{CustomerID: w.drop, Type: app.InteractionEmail, Direction: app.Outbound, Summary: "sent the Tokyo quote", At: at("2026-11-01T08:00:00Z"), UserID: "u-lan"})
	task := func(cust, title, done string) string {
		return save(t, store, &app.Task{Title: title, DueDate: day(done[:10]), AssigneeID: "u-lan", CustomerID: cust, Status: app.TaskDone, DoneAt: at(done), DoneBy: "u-lan"})
	}
	w.keepTask = task(w.keep, "Call back about Đà Nẵng", "2026-10-03T10:00:00Z")
	w.dropTask = task(w.drop, "Send the Tokyo contract", "2026-11-03T10:00:00Z")
	// The dropped copy also travels on the kept copy's booking, and
	// complained about nothing much (a complaint with no date: not on the
	// timeline, but it must move).
	w.dropTraveler = save(t, store, &app.Traveler{BookingID: w.keepBooking, CustomerID: w.drop, Name: "Nguyen Van An"})
	w.dropComplaint = save(t, store, &app.Complaint{CustomerID: w.drop, ReceivedOn: day("2026-11-04"), Description: "late quote"})
	return w
}

type entryKey struct {
	kind string
	id   string
}

func timelineKeys(t *testing.T, store service.Store, id string) []entryKey {
	t.Helper()
	es, err := service.Timeline(store, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []entryKey
	for _, e := range es {
		out = append(out, entryKey{e.Kind, e.RecordID})
	}
	return out
}

func TestMergeMovesEverything(t *testing.T) {
	store := openStore(t)
	w := mergeData(t, store)
	svc := service.NewCustomers(store, agent)

	plan, err := svc.PlanMerge(w.keep, w.drop)
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := map[app.Kind]int{app.KindBooking: 1, app.KindPayment: 1, app.KindInteraction: 1, app.KindTask: 1, app.KindTraveler: 1, app.KindComplaint: 1}
	for k, n := range wantCounts {
		if plan.Count(k) != n {
			t.Errorf("plan: %d %s, want %d", plan.Count(k), k, n)
		}
	}
	if plan.Total() != 6 {
		t.Errorf("plan total %d, want 6", plan.Total())
	}

	if _, err := svc.Merge(w.keep, w.drop); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Get(w.drop); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("dropped customer: %v, want not found", err)
	}
	if n, _ := svc.Count(); n != 2 {
		t.Fatalf("%d customers, want 2 (the kept one and Hoa's)", n)
	}
	k, err := svc.Get(w.keep)
	if err != nil {
		t.Fatal(err)
	}
	if k.Name != "Nguyễn Văn An" || !slices.Equal(k.Phones, []string{"+84901234567", "+84912000111"}) ||
		!slices.Equal(k.Emails, []string{"an@example.vn"}) || !slices.Equal(k.Tags, []string{"vip"}) ||
		k.Diet != "vegetarian" || k.Province != "Hà Nội" || k.Birthday != day("1980-05-01") {
		t.Errorf("kept customer after merge: %+v", k)
	}
	for _, want := range []string{"prefers window seats", "Merged from Nguyen Van An", "name: Nguyen Van An", "birthday: 1980-05-02"} {
		if !strings.Contains(k.Notes, want) {
			t.Errorf("notes %q lack %q", k.Notes, want)
		}
	}
	for _, c := range []struct {
		kind app.Kind
		id   string
	}{{app.KindBooking, w.dropBooking}, {app.KindTask, w.dropTask}, {app.KindTraveler, w.dropTraveler}, {app.KindComplaint, w.dropComplaint}} {
		ids, err := store.Lookup(c.kind, "customer_id", w.keep)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(ids, c.id) {
			t.Errorf("%s %s not moved to the kept customer", c.kind, c.id)
		}
		if ids, _ := store.Lookup(c.kind, "customer_id", w.drop); len(ids) != 0 {
			t.Errorf("%s still on the dropped customer: %v", c.kind, ids)
		}
	}
	// Payments and interactions are append-only: unchanged.
	if ids, _ := store.Lookup(app.KindPayment, "customer_id", w.drop); !slices.Equal(ids, []string{w.dropPayment}) {
		t.Errorf("payments on the dropped id: %v", ids)
	}
	if from, err := service.MergedFrom(store, w.keep); err != nil || !slices.Equal(from, []string{w.drop}) {
		t.Errorf("merged_from = %v, %v", from, err)
	}

	// The kept customer's history holds both copies', newest first.
	want := []entryKey{
		{service.EventTrip, w.dropBooking},        // 2027-01-10
		{service.EventTrip, w.keepBooking},        // 2026-12-01
		{service.EventComplaint, w.dropComplaint}, // 2026-11-04
		{service.EventTask, w.dropTask},           // 2026-11-03 10:00
		{service.EventPayment, w.dropPayment},     // 2026-11-02
		{service.EventBooking, w.dropBooking},     // 2026-11-02
		{service.EventInteraction, w.dropEmail},   // 2026-11-01 08:00
		{service.EventRequest, w.dropBooking},     // 2026-11-01
		{service.EventTask, w.keepTask},           // 2026-10-03 10:00
		{service.EventPayment, w.keepPayment},     // 2026-10-02
		{service.EventBooking, w.keepBooking},     // 2026-10-02
		{service.EventInteraction, w.keepCall},    // 2026-10-01 09:00
		{service.EventRequest, w.keepBooking},     // 2026-10-01
	}
	if got := timelineKeys(t, store, w.keep); !slices.Equal(got, want) {
		t.Errorf("timeline:\n got %v\nwant %v", got, want)
	}
	if _, err := service.Timeline(store, w.drop); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("dropped customer's timeline: %v, want not found", err)
	}
	// Bookings of the kept customer: both, with their payments.
	rows, err := service.NewBookings(store).ForCustomer(w.keep)
	if err != nil {
		t.Fatal(err)
	}
	paid := map[string]int{}
	for _, r := range rows {
		paid[r.Booking.ID] = len(r.Payments)
	}
	if len(rows) != 2 || paid[w.keepBooking] != 1 || paid[w.dropBooking] != 1 {
		t.Errorf("bookings after merge: %v", paid)
	}
}

func TestMergeRefusedChangesNothing(t *testing.T) {
	store := openStore(t)
	w := mergeData(t, store)
	snapshot := func() []entryKey {
		var out []entryKey
		for _, id := range []string{w.keep, w.drop, w.hoa} {
			out = append(out, timelineKeys(t, store, id)...)
			c, err := service.Load[app.Customer](store, id)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, entryKey{"phones", strings.Join(c.Phones, ",")}, entryKey{"notes", c.Notes})
		}
		return out
	}
	before := snapshot()
	cases := []struct {
		name       string
		s          service.Session
		keep, drop string
	}{
		{"agent merging another agent's customer", agent, w.keep, w.hoa},
		{"agent merging into another agent's customer", agent, w.hoa, w.drop},
		{"manager of another office", service.Session{UserID: "u-tam", OfficeID: "o-sg", Role: app.RoleManager}, w.keep, w.drop},
		{"director", service.Session{UserID: "u-dir", OfficeID: "o-hn", Role: app.RoleDirector}, w.keep, w.drop},
	}
	for _, c := range cases {
		_, err := service.NewCustomers(store, c.s).Merge(c.keep, c.drop)
		if !errors.Is(err, app.ErrForbidden) {
			t.Errorf("%s: %v, want forbidden", c.name, err)
		}
	}
	if _, err := service.NewCustomers(store, agent).Merge(w.keep, w.keep); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("merge into itself: %v, want invalid", err)
	}
	if got := snapshot(); !slices.Equal(got, before) {
		t.Errorf("a refused merge changed something:\n got %v\nwant %v", got, before)
	}
	// A manager of the office may.
	if _, err := service.NewCustomers(store, service.Session{UserID: "u-minh", OfficeID: "o-hn", Role: app.RoleManager}).Merge(w.keep, w.drop); err != nil {
		t.Fatalf("manager of the office: %v", err)
	}
}

func TestFindDuplicatesSeesEveryCopy(t *testing.T) {
	store := openStore(t)
	w := mergeData(t, store)
	for _, c := range []struct {
		id   string
		want []string
	}{
		{w.keep, []string{w.drop, w.hoa}},
		{w.drop, []string{w.keep, w.hoa}},
		{w.hoa, []string{w.keep, w.drop}},
	} {
		cust, err := service.Load[app.Customer](store, c.id)
		if err != nil {
			t.Fatal(err)
		}
		cust.ID = c.id
		got, err := service.FindDuplicates(store, cust)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("duplicates of %s = %v, want %v", cust.Name, got, c.want)
		}
	}
	// A customer not stored yet, found by email only.
	got, err := service.FindDuplicates(store, &app.Customer{Emails: []string{"an@example.vn"}})
	if err != nil || !slices.Equal(got, []string{w.drop}) {
		t.Errorf("by email: %v, %v", got, err)
	}
}
