// Package input provides what TourDesk's forms are made of: a
// widget.Entry that hands the window's own shortcuts (Ctrl+S, Ctrl+N,
// Ctrl+F…) on to the window canvas instead of swallowing them while it
// has focus; Messages, the red problem labels under a form's fields and
// above the form; and SplitList, which reads a comma-separated entry.
package input

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Entry is a widget.Entry whose unhandled Ctrl+letter shortcuts reach the
// shortcuts registered on its window's canvas. A focused plain Entry
// would otherwise consume them (fyne gives a focused Shortcutable every
// shortcut and never falls back to the canvas).
type Entry struct {
	widget.Entry

	// OnEscape, when set, is called on Escape in place of the entry's own
	// handling of the key: a form in a dialog closes.
	OnEscape func()
}

// NewEntry returns a single-line Entry.
func NewEntry() *Entry {
	e := &Entry{}
	e.ExtendBaseWidget(e)
	return e
}

// NewMultiLineEntry returns a multi-line Entry that wraps words.
func NewMultiLineEntry() *Entry {
	e := &Entry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey calls OnEscape on Escape when it is set; every other key is
// the entry's own.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.OnEscape != nil {
		e.OnEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut lets the entry handle its editing shortcuts and passes a
// modifier+letter or modifier+digit shortcut on to the canvas.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || !forwarded(cs.KeyName) {
		e.Entry.TypedShortcut(s)
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if sc, ok := c.(fyne.Shortcutable); ok {
		sc.TypedShortcut(s)
	}
}

// forwarded reports whether a shortcut on key is the window's business:
// the entry's own custom shortcuts use arrows, Backspace and Delete.
func forwarded(k fyne.KeyName) bool {
	return len(k) == 1 && (k[0] >= 'A' && k[0] <= 'Z' || k[0] >= '0' && k[0] <= '9')
}
