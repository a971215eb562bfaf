package today

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/care/caretext"
)

// taskRow is one task of the list: its title, under it the type, due
// date (overdue in red) and customer, and the Done and Snooze buttons.
type taskRow struct {
	widget.BaseWidget
	a           *Area
	id          string
	title, sub  *widget.Label
	done        *widget.Button
	snoozeBtn   *widget.Button
	snoozeItems []*fyne.MenuItem
}

func newTaskRow(a *Area) *taskRow {
	r := &taskRow{a: a, title: widget.NewLabel(""), sub: widget.NewLabel("")}
	r.title.TextStyle.Bold = true
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.sub.SizeName = theme.SizeNameCaptionText
	r.sub.Truncation = fyne.TextTruncateEllipsis
	r.done = widget.NewButtonWithIcon(lang.X("today.done", "Done"), theme.ConfirmIcon(), func() {
		if r.id != "" {
			a.done(r.id)
		}
	})
	r.done.Importance = widget.HighImportance
	r.snoozeItems = []*fyne.MenuItem{
		fyne.NewMenuItem(lang.X("today.snooze.1", "Until tomorrow"), func() { r.snooze(1) }),
		fyne.NewMenuItem(lang.X("today.snooze.3", "For 3 days"), func() { r.snooze(3) }),
		fyne.NewMenuItem(lang.X("today.snooze.7", "For a week"), func() { r.snooze(7) }),
	}
	r.snoozeBtn = widget.NewButtonWithIcon(lang.X("today.snooze", "Snooze"), theme.HistoryIcon(), nil)
	r.snoozeBtn.OnTapped = func() {
		c := fyne.CurrentApp().Driver().CanvasForObject(r.snoozeBtn)
		if c == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(r.snoozeBtn)
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", r.snoozeItems...), c, pos.Add(fyne.NewPos(0, r.snoozeBtn.Size().Height)))
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *taskRow) snooze(days int) {
	if r.id != "" {
		r.a.snooze(r.id, days)
	}
}

// CreateRenderer implements fyne.Widget.
func (r *taskRow) CreateRenderer() fyne.WidgetRenderer {
	text := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()-theme.InnerPadding()/2), r.title, r.sub)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, container.NewHBox(r.snoozeBtn, r.done), text))
}

func (r *taskRow) set(t *app.Task) {
	r.id = t.ID
	title := caretext.Title(t, func(id string) string { return r.a.names[id] })
	r.title.SetText(title)
	parts := []string{typeName(t.Type)}
	day := r.a.day
	switch days := int(day.Time().Sub(t.DueDate.Time()).Hours() / 24); {
	case days > 0:
		parts = append(parts, lang.XN("today.overdue", "{{.Days}} days overdue", days, map[string]any{"Days": days}))
		r.sub.Importance = widget.DangerImportance
	default:
		parts = append(parts, lang.X("today.due_today", "due today"))
		r.sub.Importance = widget.MediumImportance
	}
	if name := r.a.names[t.CustomerID]; name != "" && !strings.Contains(title, name) {
		parts = append(parts, name)
	}
	r.sub.SetText(strings.Join(parts, " · "))
	if r.a.busy[t.ID] {
		r.done.Disable()
		r.snoozeBtn.Disable()
	} else {
		r.done.Enable()
		r.snoozeBtn.Enable()
	}
}
