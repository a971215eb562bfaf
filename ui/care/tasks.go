package care

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/care/caretext"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// TasksTab lists every care task, filtered by status and type, with the
// selected task's actions: done, snooze until a day, cancel.
type TasksTab struct {
	a    *Area
	care *service.Care

	all     []*app.Task
	shown   []*app.Task
	names   map[string]string // customer id → name
	loadGen int
	// ShownGen is the load generation on screen (tests wait for it).
	shownGen int

	status, kind *widget.Select
	generate     *widget.Button
	count        *widget.Label
	list         *widget.List
	selected     string

	title, info, notes *widget.Label
	noteEntry          *input.Entry
	snoozeEntry        *input.Entry
	done, cancel, snz  *widget.Button
	actions            *fyne.Container
	msg                note
	pane               *container.Scroll
	content            fyne.CanvasObject
}

// status filter choices, in order.
func taskStatusChoices() []string {
	return []string{lang.X("care.filter.open", "Open"), lang.X("care.filter.done", "Done"),
		lang.X("care.filter.cancelled", "Cancelled"), lang.X("care.filter.all", "All")}
}

func newTasksTab(a *Area) *TasksTab {
	t := &TasksTab{a: a, care: service.NewCare(a.deps.Store, a.deps.Session), names: map[string]string{}}
	t.status = widget.NewSelect(taskStatusChoices(), func(string) { t.filter() })
	t.status.SetSelectedIndex(0)
	types := []string{lang.X("care.filter.all_types", "All types")}
	for _, ty := range app.TaskTypes {
		types = append(types, taskTypeName(ty))
	}
	t.kind = widget.NewSelect(types, func(string) { t.filter() })
	t.kind.SetSelectedIndex(0)
	t.generate = widget.NewButtonWithIcon(lang.X("care.task.generate", "Generate tasks"), theme.ViewRefreshIcon(), t.onGenerate)
	if a.readOnly() || !a.canCreate(app.KindTask) {
		t.generate.Hide()
	}
	t.count = widget.NewLabel(lang.X("care.loading", "Loading…"))
	t.list = widget.NewList(func() int { return len(t.shown) }, func() fyne.CanvasObject { return listrow.New() }, t.updateRow)
	t.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(t.shown) {
			t.selected = t.shown[i].ID
			t.showDetail()
		}
	}

	t.title = bold(lang.X("care.task.none", "Select a task to close it or put it off."))
	t.info = wrapped("")
	t.notes = wrapped("")
	t.noteEntry = input.NewEntry()
	t.noteEntry.SetPlaceHolder(lang.X("care.task.note", "Note (optional): what was said"))
	t.snoozeEntry = input.NewEntry()
	t.snoozeEntry.SetPlaceHolder("2026-12-01")
	t.done = widget.NewButtonWithIcon(lang.X("care.task.done", "Done"), theme.ConfirmIcon(), t.onDone)
	t.done.Importance = widget.HighImportance
	t.cancel = widget.NewButtonWithIcon(lang.X("care.task.cancel", "Cancel task"), theme.CancelIcon(), t.onCancel)
	t.snz = widget.NewButtonWithIcon(lang.X("care.task.snooze", "Snooze until"), theme.HistoryIcon(), t.onSnooze)
	t.snoozeEntry.OnSubmitted = func(string) { t.onSnooze() }
	t.noteEntry.OnSubmitted = func(string) { t.onDone() }
	t.actions = container.NewVBox(t.noteEntry, container.NewHBox(t.done, t.cancel),
		container.NewBorder(nil, nil, nil, t.snz, t.snoozeEntry))
	t.actions.Hide()
	t.msg = newNote()
	detail := container.NewVBox(t.title, t.info, t.notes, widget.NewSeparator(), t.actions, t.msg.Label)
	bar := container.NewBorder(nil, nil, container.NewHBox(t.status, t.kind), t.generate, t.count)
	t.content, t.pane = split(bar, t.list, detail)
	t.msg.pane = t.pane
	return t
}

func (t *TasksTab) reload() {
	t.loadGen++
	gen := t.loadGen
	go func() {
		all, names, err := t.load()
		t.a.do(func() {
			if gen != t.loadGen {
				return
			}
			t.shownGen = gen
			if err != nil {
				t.count.SetText(lang.X("care.error.load", "Could not load: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			t.all, t.names = all, names
			t.filter()
		})
	}()
}

// load reads every task and the names of their customers.
func (t *TasksTab) load() ([]*app.Task, map[string]string, error) {
	all, err := t.care.AllTasks()
	names := map[string]string{}
	if err != nil {
		return nil, nil, err
	}
	err = t.a.deps.Store.View(func(r service.Reader) error {
		for _, tk := range all {
			if _, ok := names[tk.CustomerID]; ok || tk.CustomerID == "" {
				continue
			}
			names[tk.CustomerID] = ""
			if c, err := service.Load[app.Customer](r, tk.CustomerID); err == nil {
				names[tk.CustomerID] = c.Name
			}
		}
		return nil
	})
	return all, names, err
}

// filter shows the tasks that pass the status and type filters.
func (t *TasksTab) filter() {
	if t.count == nil {
		return // building
	}
	st := t.status.SelectedIndex()
	ty := t.kind.SelectedIndex()
	t.shown = t.shown[:0]
	for _, tk := range t.all {
		switch st {
		case 0:
			if !tk.IsOpen() {
				continue
			}
		case 1:
			if tk.Status != app.TaskDone {
				continue
			}
		case 2:
			if tk.Status != app.TaskCancelled {
				continue
			}
		}
		if ty > 0 && tk.Type != app.TaskTypes[ty-1] {
			continue
		}
		t.shown = append(t.shown, tk)
	}
	t.count.SetText(lang.XN("care.task.count", "{{.Count}} tasks", len(t.shown), map[string]any{"Count": i18n.Int(len(t.shown))}))
	t.list.UnselectAll()
	t.list.Refresh()
	if i := slices.IndexFunc(t.shown, func(tk *app.Task) bool { return tk.ID == t.selected }); i >= 0 {
		t.list.Select(i)
	} else if t.selected != "" {
		t.showDetail()
	}
}

func (t *TasksTab) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(t.shown) {
		return
	}
	tk := t.shown[i]
	right := tk.DueDate.String()
	overdue := tk.Overdue(t.a.today())
	if !tk.IsOpen() {
		right = taskStatusName(tk.Status)
	}
	sub := taskTypeName(tk.Type)
	if n := t.names[tk.CustomerID]; n != "" {
		sub += " · " + n
	}
	o.(*listrow.Row).Set(t.taskTitle(tk), right, sub, overdue)
}

// taskTitle is tk's title in the UI's language (caretext), with its
// customer's current name.
func (t *TasksTab) taskTitle(tk *app.Task) string {
	return caretext.Title(tk, func(id string) string { return t.names[id] })
}

func (t *TasksTab) task(id string) *app.Task {
	for _, tk := range t.all {
		if tk.ID == id {
			return tk
		}
	}
	return nil
}

// showDetail shows the selected task and the actions it allows.
func (t *TasksTab) showDetail() {
	tk := t.task(t.selected)
	if tk == nil {
		t.title.SetText(lang.X("care.task.gone", "This task is no longer here."))
		t.info.SetText("")
		t.notes.SetText("")
		t.actions.Hide()
		t.pane.Refresh()
		return
	}
	t.title.SetText(t.taskTitle(tk))
	parts := []string{taskTypeName(tk.Type), taskStatusName(tk.Status),
		lang.X("care.task.due", "due {{.Date}}", map[string]any{"Date": tk.DueDate.String()})}
	if !tk.SnoozedUntil.IsZero() && tk.IsOpen() {
		parts = append(parts, lang.X("care.task.snoozed", "snoozed until {{.Date}}", map[string]any{"Date": tk.SnoozedUntil.String()}))
	}
	if n := t.names[tk.CustomerID]; n != "" {
		parts = append(parts, n)
	}
	t.info.SetText(strings.Join(parts, " · "))
	t.notes.SetText(tk.Notes)
	if tk.IsOpen() && !t.a.readOnly() && t.a.canEdit(app.KindTask, tk.ID, "status") {
		t.actions.Show()
	} else {
		t.actions.Hide()
	}
	t.pane.Refresh()
}

func (t *TasksTab) busy(on bool) {
	for _, b := range []*widget.Button{t.done, t.cancel, t.snz, t.generate} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// act runs fn off the UI goroutine and shows its outcome.
func (t *TasksTab) act(fn func() error, ok string, clear *input.Entry) {
	t.msg.set("", false)
	t.busy(true)
	go func() {
		err := fn()
		t.a.do(func() {
			t.busy(false)
			if err != nil {
				t.msg.set(lang.X("care.refused", "Not done: {{.Error}}", map[string]any{"Error": explain(err)}), true)
				return
			}
			if clear != nil {
				clear.SetText("")
			}
			t.msg.set(ok, false)
			t.reload()
		})
	}()
}

func (t *TasksTab) onDone() {
	id, note := t.selected, t.noteEntry.Text
	if id == "" {
		return
	}
	t.act(func() error { _, err := t.care.Done(id, note, t.a.deps.Now()); return err }, lang.X("care.task.done_ok", "Marked done."), t.noteEntry)
}

func (t *TasksTab) onCancel() {
	id, note := t.selected, t.noteEntry.Text
	if id == "" {
		return
	}
	t.act(func() error { _, err := t.care.Cancel(id, note, t.a.deps.Now()); return err }, lang.X("care.task.cancel_ok", "Task cancelled."), t.noteEntry)
}

func (t *TasksTab) onSnooze() {
	id := t.selected
	if id == "" {
		return
	}
	until, err := service.ParseLooseDate(strings.TrimSpace(t.snoozeEntry.Text))
	if err != nil {
		t.msg.set(lang.X("care.bad_date", "Not a date like 2026-12-01."), true)
		return
	}
	today := t.a.today()
	t.act(func() error { _, err := t.care.Snooze(id, until, today); return err },
		lang.X("care.task.snooze_ok", "Put off until {{.Date}}.", map[string]any{"Date": until.String()}), t.snoozeEntry)
}

func (t *TasksTab) onGenerate() {
	t.msg.set("", false)
	t.busy(true)
	today := t.a.today()
	go func() {
		res, err := t.care.Generate(today)
		t.a.do(func() {
			t.busy(false)
			if err != nil {
				t.msg.set(lang.X("care.refused", "Not done: {{.Error}}", map[string]any{"Error": explain(err)}), true)
				return
			}
			t.msg.set(lang.X("care.task.generated", "{{.Created}} new tasks, {{.Existing}} there already.",
				map[string]any{"Created": i18n.Int(len(res.Created)), "Existing": i18n.Int(res.Existing)}), false)
			t.reload()
		})
	}()
}
