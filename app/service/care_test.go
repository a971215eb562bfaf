package service_test

import (
	"errors"
	"fmt"
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

// careWorld is the hand-made data of the care tests, on 2026-11-23.
type careWorld struct {
	an, binh, cuong, dung string // customers
	trip1, trip2          string // bookings
	dep1                  string
	trav1, trav2          string // travelers of trip2
}

// careData: today is 2026-11-23.
//   - An (agent's, customer, born 1980-11-23): birthday today; back
//     yesterday from departure dep1 (trip1, paid in full).
//   - Bình (agent's, prospect, born 1992-02-29): trip2, a custom trip
//     2027-01-10 → 2027-01-15, 10.000.000 VND with 3.000.000 paid, balance
//     due 2026-11-26 (in 3 days); travelers Bình (passport expiring
//     2027-04-15, three months after the return) and Chi (2027-08-01,
//     fine).
//   - Cường (another agent's, lead): birthday today.
//   - Dũng (no owner, customer): birthday today.
//   - Settings: holidays Teachers' Day 11-20 (past) and the company's
//     anniversary 11-28 (in 5 days): one greeting task for Lan, whose
//     one customer at stage customer is An.
func careData(t *testing.T, store *localdb.Store) careWorld {
	t.Helper()
	var w careWorld
	saveAt(t, store, "u-lan", &app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: "o-hn", Active: true})
	saveAt(t, store, "u-hoa", &app.User{Name: "Hoa", Login: "hoa", Role: app.RoleAgent, OfficeID: "o-hn", Active: true})
	saveAt(t, store, "u-minh", &app.User{Name: "Minh", Login: "minh", Role: app.RoleManager, OfficeID: "o-hn", Active: true})
	saveAt(t, store, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Travel", DefaultCurrency: "VND",
		Holidays: []app.Holiday{
			{Key: "teachers_day", Name: "Teachers' Day", Date: "11-20"},
			{Key: "anniversary", Name: "Sen Travel's anniversary", Date: "11-28"},
		}})
	w.an = save(t, store, &app.Customer{Name: "Trần Văn An", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageCustomer, Birthday: day("1980-11-23")})
	w.binh = save(t, store, &app.Customer{Name: "Lê Thị Bình", OwnerID: "u-lan", OfficeID: "o-hn", Stage: app.StageProspect, Birthday: day("1992-02-29")})
	w.cuong = save(t, store, &app.Customer{Name: "Phạm Cường", OwnerID: "u-hoa", OfficeID: "o-hn", Stage: app.StageLead, Birthday: day("1975-11-23")})
	w.dung = save(t, store, &app.Customer{Name: "Đỗ Dũng", OfficeID: "o-hn", Stage: app.StageCustomer, Birthday: day("1990-11-23")})
	w.dep1 = save(t, store, &app.Departure{TourID: record.NewID(), Code: "HLB-3D2N-261120", StartDate: day("2026-11-20"), EndDate: day("2026-11-22"), Capacity: 20, Status: app.DepartureCompleted})
	w.trip1 = save(t, store, &app.Booking{Code: app.BookingCode(2026, 1), CustomerID: w.an, OwnerID: "u-lan", OfficeID: "o-hn", DepartureID: w.dep1,
		Currency: "VND", Lines: []app.PriceLine{line(app.TravelerAdult, 1, 4_000_000, "VND")}, Status: app.BookingPaid, BookedOn: day("2026-10-01")})
	save(t, store, &app.Payment{BookingID: w.trip1, CustomerID: w.an, Type: app.PaymentDeposit, Method: app.MethodCash, Amount: money.New(4_000_000, "VND"), ReceivedBy: "u-lan", Date: day("2026-10-01")})
	w.trip2 = save(t, store, &app.Booking{Code: app.BookingCode(2026, 2), CustomerID: w.binh, OwnerID: "u-lan", OfficeID: "o-hn", Destination: "Tokyo",
		StartDate: day("2027-01-10"), EndDate: day("2027-01-15"), BalanceDue: day("2026-11-26"),
		Currency: "VND", Lines: []app.PriceLine{line(app.TravelerAdult, 2, 5_000_000, "VND")}, Status: app.BookingDeposit, BookedOn: day("2026-11-01")})
	save(t, store, &app.Payment{BookingID: w.trip2, CustomerID: w.binh, Type: app.PaymentDeposit, Method: app.MethodCash, Amount: money.New(3_000_000, "VND"), ReceivedBy: "u-lan", Date: day("2026-11-01")})
	w.trav1 = save(t, store, &app.Traveler{BookingID: w.trip2, Name: "Lê Thị Bình", PassportNumber: "C1234567", PassportExpiry: day("2027-04-15")})
	w.trav2 = save(t, store, &app.Traveler{BookingID: w.trip2, Name: "Lê Minh Chi", PassportNumber: "C7654321", PassportExpiry: day("2027-08-01")})
	return w
}

// taskLine is what a test compares of a task.
func taskLine(tk *app.Task) string {
	return fmt.Sprintf("%s %s %s %s %s", tk.DueDate, tk.Type, tk.AssigneeID, tk.CustomerID, tk.BookingID)
}

func taskLines(ts []*app.Task) []string {
	out := make([]string, len(ts))
	for i, tk := range ts {
		out[i] = taskLine(tk)
	}
	return out
}

func wantLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\ngot  %s\nwant %s", what, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// The agent's generation on 2026-11-23 makes exactly the tasks due by
// hand: the birthday today, the call after yesterday's return, the
// reminder of the balance due in 3 days, the passport expiring three
// months after a trip (due 60 days before its start, so already late),
// and Lan's anniversary greetings in 5 days (one task for her customers
// at stage customer: An). Another agent's customer is refused, an unowned
// one skipped.
func TestCareGenerate(t *testing.T) {
	store := openStore(t)
	w := careData(t, store)
	care := service.NewCare(store, agent)
	res, err := care.Generate(day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, "created", taskLines(res.Created), []string{
		"2026-11-11 passport u-lan " + w.binh + " " + w.trip2,
		"2026-11-23 birthday u-lan " + w.an + " ",
		"2026-11-23 payment_due u-lan " + w.binh + " " + w.trip2,
		"2026-11-23 return_call u-lan " + w.an + " " + w.trip1,
		"2026-11-28 holiday u-lan  ", // one per agent, not per customer
	})
	if res.Refused != 1 || res.Existing != 0 {
		t.Errorf("refused %d existing %d, want 1 (Cường's birthday) and 0", res.Refused, res.Existing)
	}
	byType := map[app.TaskType]*app.Task{}
	for _, tk := range res.Created {
		byType[tk.Type] = tk
	}
	if got := byType[app.TaskPassport]; got.OccasionDate != day("2027-01-10") || !strings.Contains(got.Title, "Lê Thị Bình") || !strings.Contains(got.Title, "2027-04-15") {
		t.Errorf("passport task: %+v", got)
	}
	if got := byType[app.TaskPaymentDue]; got.OccasionDate != day("2026-11-26") || !strings.Contains(got.Title, "7.000.000") {
		t.Errorf("balance task (10.000.000 - 3.000.000 owed): %+v", got)
	}
	if got := byType[app.TaskBirthday]; got.Title != "Birthday greeting: Trần Văn An (46)" || got.ID != service.CareTaskID(service.ReasonBirthday, w.an, day("2026-11-23")) {
		t.Errorf("birthday task: %+v", got)
	}
	if got := byType[app.TaskHoliday]; got.Occasion != "anniversary" || got.ID != service.CareTaskID("holiday/anniversary", "u-lan", day("2026-11-28")) ||
		got.Title != "Sen Travel's anniversary greetings to your customers (1 customer)" {
		t.Errorf("holiday task: %+v", got)
	}
	for typ, want := range map[app.TaskType]string{app.TaskHoliday: w.an, app.TaskBirthday: w.an, app.TaskReturnCall: ""} {
		rs, err := care.GreetingRecipients(byType[typ])
		var ids []string
		for _, c := range rs {
			ids = append(ids, c.ID)
		}
		if err != nil || strings.Join(ids, ",") != want {
			t.Errorf("%s task's recipients %v %v, want %q (An: the one customer at stage customer)", typ, ids, err, want)
		}
	}
	for _, tk := range res.Created {
		rec, err := store.Get(app.KindTask, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := rec.Fields["status"]; ok {
			t.Errorf("%s: a generated task is written without a status", tk.Title)
		}
	}

	// Again, the same day and the next: nothing new.
	// (On the 24th the birthday is past: four are due, all there.)
	for _, tc := range []struct {
		d        string
		existing int
	}{{"2026-11-23", 5}, {"2026-11-24", 4}} {
		again, err := care.Generate(day(tc.d))
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Created) != 0 || again.Existing != tc.existing {
			t.Errorf("%s: created %v, existing %d; want none and %d", tc.d, taskLines(again.Created), again.Existing, tc.existing)
		}
	}
	if n, _ := store.Count(app.KindTask); n != 5 {
		t.Errorf("%d tasks stored, want 5", n)
	}

	// The Today list.
	due, err := care.DueTasks("u-lan", day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, "due 23rd", taskLines(due), taskLines(res.Created[:4]))
	if _, err := care.Done(byType[app.TaskBirthday].ID, "Called, sent flowers", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := care.Snooze(byType[app.TaskPassport].ID, day("2026-11-25"), day("2026-11-23")); err != nil {
		t.Fatal(err)
	}
	if _, err := care.Done(byType[app.TaskBirthday].ID, "", time.Now()); err != nil {
		t.Errorf("done twice: %v", err)
	}
	if _, err := care.Cancel(byType[app.TaskBirthday].ID, "", time.Now()); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("cancelling a done task: %v, want a transition error", err)
	}
	if _, err := care.Snooze(byType[app.TaskReturnCall].ID, day("2026-11-23"), day("2026-11-23")); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("snoozing to today: %v", err)
	}
	due, _ = care.DueTasks("u-lan", day("2026-11-23"))
	wantLines(t, "due 23rd after done and snooze", taskLines(due), []string{taskLine(byType[app.TaskPaymentDue]), taskLine(byType[app.TaskReturnCall])})
	due, _ = care.DueTasks("u-lan", day("2026-11-28"))
	wantLines(t, "due 28th", taskLines(due), []string{taskLine(byType[app.TaskPassport]), taskLine(byType[app.TaskPaymentDue]), taskLine(byType[app.TaskReturnCall]), taskLine(byType[app.TaskHoliday])})
	done, err := service.Load[app.Task](store, byType[app.TaskBirthday].ID)
	if err != nil || done.Status != app.TaskDone || done.DoneBy != "u-lan" || done.Notes != "Called, sent flowers" {
		t.Errorf("done task: %+v %v", done, err)
	}

	// Another agent may not close Lan's task.
	other := service.NewCare(store, service.Session{UserID: "u-hoa", OfficeID: "o-hn", Role: app.RoleAgent})
	if _, err := other.Done(byType[app.TaskReturnCall].ID, "", time.Now()); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("another agent closing Lan's task: %v, want forbidden", err)
	}

	// Bình pays the balance: the reminder is closed by the next run, and
	// no overdue task comes after the due date.
	save(t, store, &app.Payment{BookingID: w.trip2, CustomerID: w.binh, Type: app.PaymentBalance, Method: app.MethodCash, Amount: money.New(7_000_000, "VND"), ReceivedBy: "u-lan", Date: day("2026-11-24")})
	later, err := care.Generate(day("2026-11-27"))
	if err != nil {
		t.Fatal(err)
	}
	if len(later.Closed) != 1 || later.Closed[0].ID != byType[app.TaskPaymentDue].ID || later.Closed[0].Status != app.TaskCancelled {
		t.Errorf("closed %+v, want the balance reminder", later.Closed)
	}
	for _, tk := range later.Created {
		if tk.Type == app.TaskPaymentDue {
			t.Errorf("a paid balance got a task: %s", tk.Title)
		}
	}
}

// An unpaid balance gets its overdue task the day after the due date, and
// a late laptop still makes the return call up to a week late but no
// stale greeting.
func TestCareOverdueAndLate(t *testing.T) {
	store := openStore(t)
	w := careData(t, store)
	care := service.NewCare(store, service.Session{}) // this machine's own store: may do everything
	res, err := care.Generate(day("2026-11-29"))
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, "created on the 29th", taskLines(res.Created), []string{
		"2026-11-11 passport u-lan " + w.binh + " " + w.trip2,
		"2026-11-23 return_call u-lan " + w.an + " " + w.trip1,
		"2026-11-27 payment_due u-lan " + w.binh + " " + w.trip2,
	})
	if !strings.Contains(res.Created[2].Title, "overdue since 2026-11-26") {
		t.Errorf("overdue title %q", res.Created[2].Title)
	}
	// A week and a day after the return: no call any more.
	store2 := openStore(t)
	careData(t, store2)
	res, err = service.NewCare(store2, service.Session{}).Generate(day("2026-12-01"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range res.Created {
		if tk.Type == app.TaskReturnCall {
			t.Errorf("a return call 9 days late: %s", tk.Title)
		}
	}
}

// Born on 29 February: greeted on the 28th in a year with no 29th, on the
// 29th in a leap year.
func TestCareLeapBirthday(t *testing.T) {
	if got := service.BirthdayIn(day("1992-02-29"), 2027); got != day("2027-02-28") {
		t.Errorf("2027: %v", got)
	}
	if got := service.BirthdayIn(day("1992-02-29"), 2028); got != day("2028-02-29") {
		t.Errorf("2028: %v", got)
	}
	if got := service.BirthdayIn(day("1992-03-01"), 2027); got != day("2027-03-01") {
		t.Errorf("1 March: %v", got)
	}
	for _, tc := range []struct{ today, due string }{{"2027-02-28", "2027-02-28"}, {"2028-02-29", "2028-02-29"}} {
		store := openStore(t)
		w := careData(t, store)
		res, err := service.NewCare(store, agent).Generate(day(tc.today))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range res.Created {
			if tk.Type == app.TaskBirthday {
				got = append(got, taskLine(tk))
			}
		}
		wantLines(t, tc.today, got, []string{tc.due + " birthday u-lan " + w.binh + " "})
	}
}

// New Year and Tết by default: Tết 2027 is 6 February.
func TestCareDefaultHolidays(t *testing.T) {
	store := openStore(t)
	careData(t, store)
	saveAt(t, store, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Travel", DefaultCurrency: "VND"})
	for _, tc := range []struct{ today, key, due string }{
		{"2026-12-28", "new_year", "2027-01-01"},
		{"2027-02-01", "tet", "2027-02-06"},
	} {
		res, err := service.NewCare(store, agent).Generate(day(tc.today))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range res.Created {
			if tk.Type == app.TaskHoliday {
				got = append(got, tk.Occasion+" "+taskLine(tk))
			}
		}
		wantLines(t, tc.today, got, []string{tc.key + " " + tc.due + " holiday u-lan  "})
	}
}

// copyAll applies every record of the kinds from one store to another, as
// a sync would.
func copyAll(t *testing.T, from, to *localdb.Store, kinds ...app.Kind) {
	t.Helper()
	for _, k := range kinds {
		ids, err := from.SortedIDs(k)
		if err != nil {
			t.Fatal(err)
		}
		var recs []record.Record
		for _, id := range ids {
			rec, err := from.Get(k, id)
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, rec)
		}
		if _, _, err := to.ApplyRemote(recs); err != nil {
			t.Fatal(err)
		}
	}
}

// The agent's laptop and the manager's laptop both generate offline; the
// agent marks the call done before the manager's later run. After the
// merge there is one of each task, and the call is still done.
func TestCareIdempotentAcrossDevices(t *testing.T) {
	lan := openStore(t)
	careData(t, lan)
	minh := openStore(t)
	copyAll(t, lan, minh, app.KindUser, app.KindSetting, app.KindCustomer, app.KindDeparture, app.KindBooking, app.KindPayment, app.KindTraveler)

	a, err := service.NewCare(lan, agent).Generate(day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	var call string
	for _, tk := range a.Created {
		if tk.Type == app.TaskReturnCall {
			call = tk.ID
		}
	}
	if _, err := service.NewCare(lan, agent).Done(call, "All happy", time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // the manager's run is stamped later
	m, err := service.NewCare(minh, manager).Generate(day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	// The manager makes Lan's five and Hoa's customer's birthday.
	if len(m.Created) != 6 || m.Refused != 0 {
		t.Errorf("manager created %d refused %d, want 6 and 0: %v", len(m.Created), m.Refused, taskLines(m.Created))
	}
	copyAll(t, lan, minh, app.KindTask)
	copyAll(t, minh, lan, app.KindTask)
	for name, s := range map[string]*localdb.Store{"lan": lan, "minh": minh} {
		if n, _ := s.Count(app.KindTask); n != 6 {
			t.Errorf("%s holds %d tasks, want 6", name, n)
		}
		tk, err := service.Load[app.Task](s, call)
		if err != nil || tk.Status != app.TaskDone || tk.Notes != "All happy" {
			t.Errorf("%s: the call after the merge: %+v %v", name, tk, err)
		}
	}
	due, err := service.NewCare(minh, manager).DueTasks("u-lan", day("2026-11-23"))
	if err != nil || len(due) != 3 {
		t.Errorf("Lan's Today on the manager's copy: %v %v, want 3 (birthday, balance, passport)", taskLines(due), err)
	}
}
