package input

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A problem shows under its field, a second one on the next line; an
// unknown field shows nothing; Clear and ClearAll hide them (and General).
func TestMessages(t *testing.T) {
	test.NewTempApp(t)
	m := NewMessages()
	m.Cell("name", widget.NewEntry())
	m.Cell("phones", widget.NewEntry())
	if m.General.Visible() || m.Text("name") != "" {
		t.Fatal("a new form shows a message")
	}
	if !m.Has("phones") || m.Has("notes") {
		t.Errorf("Has: phones %v, notes %v", m.Has("phones"), m.Has("notes"))
	}
	m.Add("phones", "Not a valid phone number: 12")
	if !m.Add("phones", "Not a valid phone number: 34") {
		t.Error("Add to a field of the form said false")
	}
	if got, want := m.Text("phones"), "Not a valid phone number: 12\nNot a valid phone number: 34"; got != want {
		t.Errorf("phones %q, want %q", got, want)
	}
	if m.Add("notes", "Too long") || m.Text("notes") != "" {
		t.Error("a field the form lacks took a message")
	}
	m.Add("name", "Required")
	m.SetGeneral("Please correct the fields marked in red.")
	m.Clear("phones")
	if m.Text("phones") != "" || m.Text("name") != "Required" {
		t.Errorf("after Clear(phones): phones %q, name %q", m.Text("phones"), m.Text("name"))
	}
	m.Add("phones", "again")
	if m.Text("phones") != "again" {
		t.Errorf("after Clear, Add shows %q, want only the new message", m.Text("phones"))
	}
	m.ClearAll()
	if m.Text("name") != "" || m.Text("phones") != "" || m.General.Visible() {
		t.Error("ClearAll left a message shown")
	}
}
