package input

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func TestEntryPassesWindowShortcutsToCanvas(t *testing.T) {
	test.NewTempApp(t)
	e := NewEntry()
	w := test.NewWindow(e)
	defer w.Close()
	saves := 0
	save := &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	w.Canvas().AddShortcut(save, func(fyne.Shortcut) { saves++ })
	w.Canvas().Focus(e)
	test.Type(e, "abc")

	e.TypedShortcut(save)
	if saves != 1 {
		t.Errorf("Ctrl+S in a focused entry reached the canvas %d times, want 1", saves)
	}
	// The entry's own editing shortcuts stay with it.
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShortcutDefault})
	if saves != 1 || e.Text != "abc" {
		t.Errorf("after Ctrl+Left: saves %d, text %q", saves, e.Text)
	}
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	if e.SelectedText() != "abc" {
		t.Errorf("select all selected %q", e.SelectedText())
	}
}

// Escape calls OnEscape when it is set, and leaves the text alone; other
// keys edit as before, and without OnEscape Escape is the entry's own.
func TestEntryOnEscape(t *testing.T) {
	test.NewTempApp(t)
	e := NewEntry()
	w := test.NewWindow(e)
	defer w.Close()
	w.Canvas().Focus(e)
	test.Type(e, "Hạ Long")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if e.Text != "Hạ Long" {
		t.Fatalf("Escape without OnEscape changed the text to %q", e.Text)
	}
	closed := 0
	e.OnEscape = func() { closed++ }
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if closed != 1 || e.Text != "Hạ Lon" {
		t.Errorf("after Escape and Backspace: OnEscape called %d times, text %q; want 1, %q", closed, e.Text, "Hạ Lon")
	}
}
