package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// kimAgent is Kim, the Sài Gòn agent who owns Ivan in messagesStore.
var kimAgent = service.Session{UserID: "u-kim", OfficeID: "o-sg", Role: app.RoleAgent}

// laptopOf returns a new store holding what a sync of from would bring:
// users, settings, customers, bookings and payments.
func laptopOf(t *testing.T, from service.Store) (*localdb.Store, *localdb.Store) {
	t.Helper()
	src := from.(*localdb.Store)
	to := openStore(t)
	copyAll(t, src, to, app.KindUser, app.KindSetting, app.KindCustomer, app.KindBooking, app.KindPayment)
	return src, to
}

// birthdayTasks returns the birthday tasks of customer id in store, with
// a missing status read as open.
func birthdayTasks(t *testing.T, store *localdb.Store, customerID string) []*app.Task {
	t.Helper()
	all, err := service.NewCare(store, service.Session{}).AllTasks()
	if err != nil {
		t.Fatal(err)
	}
	var out []*app.Task
	for _, tk := range all {
		if tk.Type == app.TaskBirthday && tk.CustomerID == customerID {
			out = append(out, tk)
		}
	}
	return out
}

// Lan's laptop generates the birthday tasks of her customers three days
// ahead and syncs; on the birthday the server's scheduler greets An by
// email (Bình has not agreed: skipped). The email going out marks An's
// task done by the scheduler with the note; after the next sync Lan's
// Today list has Bình's greeting to do and not An's, the task says it was
// done by email, and Care.GreetingsSent finds the message. Generating
// again writes nothing. A one-off birthday SMS Lan queues two days before
// next year's birthday closes that year's task, which her laptop had not
// generated yet.
func TestBirthdayGreetingSentClosesCareTask(t *testing.T) {
	store, ids := messagesStore(t)
	sched, lan := laptopOf(t, store)
	lanCare := service.NewCare(lan, agent)

	if _, err := lanCare.Generate(day("2026-11-20")); err != nil {
		t.Fatal(err)
	}
	anTasks, binhTasks := birthdayTasks(t, lan, ids["an"]), birthdayTasks(t, lan, ids["binh"])
	if len(anTasks) != 1 || len(binhTasks) != 1 || anTasks[0].OccasionDate != day("2026-11-23") || anTasks[0].Status != app.TaskOpen {
		t.Fatalf("Lan's birthday tasks: An %+v, Bình %+v", anTasks, binhTasks)
	}
	anTask, binhTask := anTasks[0].ID, binhTasks[0].ID
	copyAll(t, lan, sched, app.KindTask) // Lan syncs

	clk := &clock{time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)}
	sys := service.NewMessages(sched, system)
	sys.SetClock(clk.now)
	if rep, err := sys.QueueBirthdays(day("2026-11-23")); err != nil || rep.Queued != 1 || rep.Skipped != 1 {
		t.Fatalf("queue: %+v %v", rep, err)
	}
	email := &fakeSender{}
	rep, err := sys.Deliver(context.Background(), service.Senders{Email: email, SMS: &fakeSender{}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 1 || rep.GreetingTasksDone != 1 || len(email.sent) != 1 {
		t.Fatalf("deliver: %+v", rep)
	}

	// The scheduler syncs, then Lan.
	copyAll(t, sched, lan, app.KindTask, app.KindMessage, app.KindInteraction)
	got, err := service.Load[app.Task](lan, anTask)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != app.TaskDone || got.DoneBy != "u-system" || !got.DoneAt.Equal(clk.t) || got.Notes != "Greeted by email (an@example.vn) on 2026-11-23." {
		t.Errorf("An's task on Lan's laptop = %+v", got)
	}
	due, err := lanCare.DueTasks("u-lan", day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	var birthdays []string
	for _, tk := range due {
		if tk.Type == app.TaskBirthday {
			birthdays = append(birthdays, tk.ID)
		}
	}
	if len(birthdays) != 1 || birthdays[0] != binhTask {
		t.Errorf("Lan's birthday tasks today = %v, want only Bình's %s", birthdays, binhTask)
	}
	sent, err := lanCare.GreetingsSent(&app.Task{ID: anTask, Type: app.TaskBirthday, CustomerID: ids["an"], OccasionDate: day("2026-11-23")})
	if err != nil || len(sent) != 1 || sent[0].ID != service.BirthdayMessageID(ids["an"], 2026) || sent[0].Channel != app.ChannelEmail {
		t.Errorf("greetings sent for An's task: %+v %v", sent, err)
	}
	if sent, _ := lanCare.GreetingsSent(&app.Task{Type: app.TaskBirthday, CustomerID: ids["binh"], OccasionDate: day("2026-11-23")}); len(sent) != 0 {
		t.Errorf("greetings sent for Bình (skipped): %+v", sent)
	}
	if sent, _ := lanCare.GreetingsSent(&app.Task{Type: app.TaskBirthday, CustomerID: ids["an"], OccasionDate: day("2027-11-23")}); len(sent) != 0 {
		t.Errorf("greetings sent for An's next birthday: %+v", sent)
	}
	res, err := lanCare.Generate(day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range res.Created {
		if tk.Type == app.TaskBirthday {
			t.Errorf("generated again: %+v", tk)
		}
	}
	if got, _ := service.Load[app.Task](lan, anTask); got.Status != app.TaskDone {
		t.Errorf("after generating again: %+v", got)
	}

	// Next year: Lan queues a birthday SMS herself two days early.
	lanMsgs := service.NewMessages(lan, agent)
	clk.t = time.Date(2027, 11, 21, 3, 0, 0, 0, time.UTC)
	lanMsgs.SetClock(clk.now)
	one, err := lanMsgs.Send(ids["an"], app.ChannelSMS, app.TemplateBirthday)
	if err != nil {
		t.Fatal(err)
	}
	copyAll(t, lan, sched, app.KindMessage)
	if rep, err := sys.Deliver(context.Background(), service.Senders{Email: &fakeSender{}, SMS: &fakeSender{}}); err != nil || rep.Sent != 1 || rep.GreetingTasksDone != 1 {
		t.Fatalf("one-off: %+v %v", rep, err)
	}
	copyAll(t, sched, lan, app.KindTask, app.KindMessage)
	var next *app.Task
	for _, tk := range birthdayTasks(t, lan, ids["an"]) {
		if tk.OccasionDate == day("2027-11-23") {
			next = tk
		}
	}
	if next == nil || next.Status != app.TaskDone || next.Notes != "Greeted by SMS (+84901234567) on 2027-11-21." ||
		next.AssigneeID != "u-lan" || next.DueDate != day("2027-11-23") || next.Title != "Birthday greeting: Nguyễn Văn An (42)" {
		t.Errorf("2027 task = %+v", next)
	}
	if sent, _ := lanCare.GreetingsSent(next); len(sent) != 1 || sent[0].ID != one.ID {
		t.Errorf("greetings sent for the 2027 task: %+v", sent)
	}
}

// Born on 29 February: the scheduler greets Ivan on 28 February 2027 and
// on 29 February 2028 (not the 28th), and the care task each greeting
// closes is the one Kim's laptop generates for that day: after the syncs
// there is one task per year, done, whichever side wrote it first.
func TestBirthdayGreetingLeapDayAgreesWithCare(t *testing.T) {
	store, ids := messagesStore(t)
	sched, kim := laptopOf(t, store)
	kimCare := service.NewCare(kim, kimAgent)
	sys := service.NewMessages(sched, system)
	clk := &clock{}
	sys.SetClock(clk.now)
	senders := service.Senders{Email: &fakeSender{}, SMS: &fakeSender{}}

	// 2027: Kim's laptop generates the task offline, a week ahead; the
	// scheduler has none when the greeting goes out and writes it done.
	if _, err := kimCare.Generate(day("2027-02-22")); err != nil {
		t.Fatal(err)
	}
	kt := birthdayTasks(t, kim, ids["ivan"])
	if len(kt) != 1 || kt[0].OccasionDate != day("2027-02-28") || kt[0].Status != app.TaskOpen {
		t.Fatalf("Kim's 2027 task: %+v", kt)
	}

	// Which days the scheduler greets Ivan (hand-made: the 28th in 2027,
	// the 29th in 2028), each run sending what it queued.
	for _, tc := range []struct {
		today string
		greet bool
	}{{"2027-02-27", false}, {"2027-02-28", true}, {"2027-03-01", false}, {"2028-02-28", false}, {"2028-02-29", true}, {"2028-03-01", false}} {
		d := day(tc.today)
		clk.t = time.Date(d.Year, d.Month, d.Day, 1, 0, 0, 0, time.UTC)
		rep, err := sys.QueueBirthdays(d)
		if err != nil {
			t.Fatal(err)
		}
		greeted := false
		for _, msg := range rep.Messages {
			greeted = greeted || msg.CustomerID == ids["ivan"]
		}
		if greeted != tc.greet {
			t.Errorf("%s: Ivan greeted %v, want %v", tc.today, greeted, tc.greet)
		}
		drep, err := sys.Deliver(context.Background(), senders)
		if err != nil {
			t.Fatal(err)
		}
		if n := map[bool]int{true: 1}[tc.greet]; drep.Sent != n || drep.GreetingTasksDone != n {
			t.Errorf("%s: deliver %+v, want %d sent and task done", tc.today, drep, n)
		}
	}
	copyAll(t, kim, sched, app.KindTask)
	copyAll(t, sched, kim, app.KindTask)
	for name, s := range map[string]*localdb.Store{"scheduler": sched, "kim": kim} {
		ts := birthdayTasks(t, s, ids["ivan"])
		if len(ts) != 2 {
			t.Fatalf("%s holds %d tasks for Ivan, want 2 (2027-02-28 and 2028-02-29): %+v", name, len(ts), ts)
		}
		for i, want := range []string{"2027-02-28", "2028-02-29"} {
			tk := ts[i]
			if tk.OccasionDate != day(want) || tk.DueDate != day(want) || tk.Status != app.TaskDone || tk.AssigneeID != "u-kim" ||
				tk.Notes != "Greeted by SMS (+79161234567) on "+want+"." {
				t.Errorf("%s: task %d = %+v, want done for %s", name, i, tk, want)
			}
		}
	}
	// 2028: Kim's laptop generates after the sync and finds it there.
	res, err := kimCare.Generate(day("2028-02-25"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range res.Created {
		if tk.CustomerID == ids["ivan"] {
			t.Errorf("2028 generated again: %+v", tk)
		}
	}
	if due, _ := kimCare.DueTasks("u-kim", day("2028-02-29")); len(due) != 0 {
		t.Errorf("Kim's Today on 29 February 2028: %v", taskLines(due))
	}
}
