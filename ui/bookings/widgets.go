package bookings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/ui/input"
)

// newEntry is a form's entry showing placeholder while empty; the form
// (newModal) makes Enter submit it and Escape close it.
func newEntry(placeholder string) *input.Entry {
	e := input.NewEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

func setErr(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// modal is a form in a dialog: Save and Cancel buttons, Enter in any of
// entries submits, Escape cancels, and the form stays open (with what was
// typed) until save says it is done.
type modal struct {
	d       *dialog.CustomDialog
	save    *widget.Button
	win     fyne.Window
	onClose func()
	prevKey func(*fyne.KeyEvent)
}

func newModal(win fyne.Window, title, saveText string, content fyne.CanvasObject, entries []*input.Entry, onSave func()) *modal {
	m := &modal{win: win}
	m.d = dialog.NewCustomWithoutButtons(title, content, win)
	cancel := widget.NewButton(lang.X("bookings.form.cancel", "Cancel"), m.d.Hide)
	m.save = widget.NewButtonWithIcon(saveText, theme.ConfirmIcon(), onSave)
	m.save.Importance = widget.HighImportance
	m.d.SetButtons([]fyne.CanvasObject{cancel, m.save})
	for _, e := range entries {
		if !e.MultiLine {
			e.OnSubmitted = func(string) { onSave() }
		}
		e.OnEscape = m.d.Hide
	}
	c := win.Canvas()
	m.prevKey = c.OnTypedKey()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			m.d.Hide()
		} else if m.prevKey != nil {
			m.prevKey(k)
		}
	})
	m.d.SetOnClosed(func() {
		c.SetOnTypedKey(m.prevKey)
		if m.onClose != nil {
			m.onClose()
		}
	})
	return m
}

func (m *modal) show(w, h float32) {
	size := m.win.Canvas().Size()
	m.d.Resize(fyne.NewSize(min(w, size.Width-40), min(h, size.Height-40)))
	m.d.Show()
}

// busy disables Save while the service works.
func (m *modal) busy(b bool) {
	if b {
		m.save.Disable()
	} else {
		m.save.Enable()
	}
}

// formRows lays label/widget pairs out in two columns (Tab follows them
// in reading order).
func formRows(pairs ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewFormLayout(), pairs...)
}
