package app

// TaskType is why a task exists; care tasks (birthday, payment due,
// passport expiring, follow-up call after a trip) are created by the
// system, others by people.
type TaskType string

const (
	TaskCall       TaskType = "call"
	TaskFollowUp   TaskType = "follow_up"
	TaskBirthday   TaskType = "birthday"
	TaskPaymentDue TaskType = "payment_due"
	TaskPassport   TaskType = "passport"
	TaskOther      TaskType = "other"
)

// TaskTypes lists every task type.
var TaskTypes = []TaskType{TaskCall, TaskFollowUp, TaskBirthday, TaskPaymentDue, TaskPassport, TaskOther}

// TaskStatus is open until someone marks it done or cancels it.
type TaskStatus string

const (
	TaskOpen      TaskStatus = "open"
	TaskDone      TaskStatus = "done"
	TaskCancelled TaskStatus = "cancelled"
)

// TaskStatuses lists every task status.
var TaskStatuses = []TaskStatus{TaskOpen, TaskDone, TaskCancelled}

// TaskTransitions: done and cancelled are final (a new task is made
// instead of reopening one, so two people never flip it back and forth).
var TaskTransitions = Transitions[TaskStatus]{
	TaskOpen: {TaskDone, TaskCancelled},
}

// Task is something a user must do by a date; the Today screen lists them.
type Task struct {
	ID    string `json:"-"`
	Title string `json:"title"`
	// Type is why the task exists (the JSON name "type" because Kind is
	// the record's kind).
	Type       TaskType   `json:"type"`
	DueDate    Date       `json:"due_date"`
	AssigneeID string     `json:"assignee_id"`
	CustomerID string     `json:"customer_id"`
	BookingID  string     `json:"booking_id"`
	Status     TaskStatus `json:"status"`
	Notes      string     `json:"notes"`
}

func init() {
	register(KindInfo{
		Kind:   KindTask,
		New:    func() Entity { return new(Task) },
		Index:  []string{"assignee_id", "customer_id", "booking_id", "type", "status", "due_date"},
		Search: []string{"title"},
		Sort:   "due_date",
	})
}

// Kind implements Entity.
func (*Task) Kind() Kind { return KindTask }

// Validate normalises the task (type defaults to other, status to open)
// and reports every field that is wrong.
func (t *Task) Validate() error {
	var p Problems
	if t.Type == "" {
		t.Type = TaskOther
	}
	if t.Status == "" {
		t.Status = TaskOpen
	}
	CleanText(&p, "title", &t.Title, MaxName, true, false)
	CheckOneOf(&p, "type", t.Type, true, TaskTypes...)
	CheckDate(&p, "due_date", t.DueDate, true)
	CleanID(&p, "assignee_id", &t.AssigneeID, true)
	CleanID(&p, "customer_id", &t.CustomerID, false)
	CleanID(&p, "booking_id", &t.BookingID, false)
	CheckOneOf(&p, "status", t.Status, true, TaskStatuses...)
	CleanText(&p, "notes", &t.Notes, MaxNotes, false, true)
	return p.Err(KindTask)
}

// Overdue reports whether the task is open and due before today.
func (t *Task) Overdue(today Date) bool { return t.Status == TaskOpen && t.DueDate.Before(today) }
