package input

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Messages are a form's inline problems: a red label under each field's
// widget, hidden while the field has nothing to say. Fields are named as
// the app's FieldErrors name them ("phones" for the problems of
// "phones.1"); the form decides which problem goes beside which field.
// Like the widgets it holds, it is for the UI goroutine only.
type Messages struct {
	// General is the label the form lays out above its fields, for what
	// belongs to no one field (or says to correct those marked); hidden
	// while it has nothing to say.
	General *widget.Label
	labels  map[string]*widget.Label
}

// NewMessages returns Messages with no fields yet and General hidden.
func NewMessages() *Messages {
	return &Messages{General: NewProblemLabel(), labels: map[string]*widget.Label{}}
}

// NewProblemLabel returns a label for an inline problem: red, wrapping
// its words, hidden until the form has something to say.
func NewProblemLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// SetGeneral shows text above the form.
func (m *Messages) SetGeneral(text string) {
	m.General.SetText(text)
	m.General.Show()
}

// Cell returns w with field's message label, hidden, beneath it: what
// the form lays out in place of w.
func (m *Messages) Cell(field string, w fyne.CanvasObject) fyne.CanvasObject {
	l := NewProblemLabel()
	m.labels[field] = l
	return container.NewVBox(w, l)
}

// Has reports whether the form has a message label for field.
func (m *Messages) Has(field string) bool { return m.labels[field] != nil }

// Add shows msg under field, on a line below what it already shows, and
// reports whether the form has that field (false: nothing shown).
func (m *Messages) Add(field, msg string) bool {
	l := m.labels[field]
	if l == nil {
		return false
	}
	if l.Visible() {
		msg = l.Text + "\n" + msg
	}
	l.SetText(msg)
	l.Show()
	return true
}

// Text is what field's label shows: "" while it is hidden or for a field
// the form does not have.
func (m *Messages) Text(field string) string {
	if l := m.labels[field]; l != nil && l.Visible() {
		return l.Text
	}
	return ""
}

// Clear hides field's message (the user changed the field).
func (m *Messages) Clear(field string) {
	if l := m.labels[field]; l != nil && l.Visible() {
		l.SetText("")
		l.Hide()
	}
}

// ClearAll hides every message, General's too (before the form checks
// itself again).
func (m *Messages) ClearAll() {
	m.General.Hide()
	for _, l := range m.labels {
		if l.Visible() {
			l.SetText("")
			l.Hide()
		}
	}
}
