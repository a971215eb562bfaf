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
