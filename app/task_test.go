package app

import "testing"

func validTask() Task {
	return Task{Title: "Call after return", Type: TaskFollowUp, DueDate: Date{2026, 12, 5}, AssigneeID: "agent-1", CustomerID: "cust-1", BookingID: "bk-1"}
}

func TestTaskValidate(t *testing.T) {
	tk := validTask()
	if err := tk.Validate(); err != nil {
		t.Fatal(err)
	}
	if tk.Status != TaskOpen || !tk.Overdue(Date{2026, 12, 6}) || tk.Overdue(Date{2026, 12, 5}) {
		t.Errorf("status %s, overdue wrong", tk.Status)
	}
	runBad(t, validTask, []badCase[Task]{
		{"no title", func(t *Task) { t.Title = "" }, "title", CodeRequired},
		{"bad type", func(t *Task) { t.Type = "party" }, "type", CodeUnknown},
		{"no due date", func(t *Task) { t.DueDate = Date{} }, "due_date", CodeRequired},
		{"no assignee", func(t *Task) { t.AssigneeID = "" }, "assignee_id", CodeRequired},
		{"bad status", func(t *Task) { t.Status = "later" }, "status", CodeUnknown},
	})
	wantProblem(t, TaskTransitions.Check(KindTask, "status", TaskDone, TaskOpen), "status", CodeTransition)
}

// A generated task has no status until someone closes it: it is open, on
// the Today list from its due date, hidden while snoozed.
func TestTaskOpenAndShown(t *testing.T) {
	tk := validTask() // due 2026-12-05, no status
	if !tk.IsOpen() || tk.ShownOn(Date{2026, 12, 4}) || !tk.ShownOn(Date{2026, 12, 5}) || !tk.ShownOn(Date{2026, 12, 9}) {
		t.Errorf("open task: IsOpen %v, shown 4th %v 5th %v 9th %v", tk.IsOpen(), tk.ShownOn(Date{2026, 12, 4}), tk.ShownOn(Date{2026, 12, 5}), tk.ShownOn(Date{2026, 12, 9}))
	}
	tk.SnoozedUntil = Date{2026, 12, 8}
	if tk.ShownOn(Date{2026, 12, 7}) || !tk.ShownOn(Date{2026, 12, 8}) {
		t.Error("snoozed until the 8th")
	}
	for _, st := range []TaskStatus{TaskDone, TaskCancelled} {
		tk.Status = st
		if tk.IsOpen() || tk.ShownOn(Date{2026, 12, 9}) || tk.Overdue(Date{2026, 12, 9}) {
			t.Errorf("%s task still open", st)
		}
	}
}

func TestHolidays(t *testing.T) {
	for _, tc := range []struct {
		h    Holiday
		year int
		want Date
		ok   bool
	}{
		{DefaultHolidays[0], 2027, Date{2027, 1, 1}, true},
		{DefaultHolidays[1], 2026, Date{2026, 2, 17}, true}, // Tết Bính Ngọ
		{DefaultHolidays[1], 2027, Date{2027, 2, 6}, true},
		{DefaultHolidays[1], 2040, Date{}, false}, // outside the table
		{Holiday{Key: "once", Name: "Opening", Date: "2027-03-08"}, 2027, Date{2027, 3, 8}, true},
		{Holiday{Key: "once", Name: "Opening", Date: "2027-03-08"}, 2028, Date{}, false},
		{Holiday{Key: "leap", Name: "Leap day", Date: "02-29"}, 2027, Date{}, false},
		{Holiday{Key: "leap", Name: "Leap day", Date: "02-29"}, 2028, Date{2028, 2, 29}, true},
	} {
		got, ok := tc.h.On(tc.year)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s in %d = %v %v, want %v %v", tc.h.Date, tc.year, got, ok, tc.want, tc.ok)
		}
	}
	var p Problems
	CheckHolidays(&p, "holidays", []Holiday{
		{Key: "new_year", Name: "New Year", Date: "01-01"},
		{Key: "new_year", Name: "Again", Date: "01-02"},
		{Key: "Tết", Name: "Tết", Date: LunarNewYearDate},
		{Key: "", Name: "No key", Date: "13-01"},
		{Key: "women", Name: "", Date: "2026-02-30"},
	})
	got := map[string]string{}
	for _, pr := range p.list {
		got[pr.Field] = pr.Code
	}
	want := map[string]string{
		"holidays.1.key": CodeFormat, "holidays.2.key": CodeFormat, "holidays.3.key": CodeRequired,
		"holidays.3.date": CodeFormat, "holidays.4.name": CodeRequired, "holidays.4.date": CodeFormat,
	}
	if len(got) != len(want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	for f, c := range want {
		if got[f] != c {
			t.Errorf("%s: %q, want %q", f, got[f], c)
		}
	}
}
