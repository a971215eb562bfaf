// Package uitest runs a ui area inside a test: a temporary Fyne app with
// TourDesk's translations, test windows closed at the end, and a queue
// that stands in for fyne.Do so that the area's loads (which run on their
// own goroutines) apply their results on the test goroutine, when the
// test waits for them.
//
// It is for tests only. The store an area reads comes from
// localdb/localdbtest: ui packages, this one included, may not import
// localdb.
package uitest

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/ui/i18n"
)

// Timeout is how long WaitFor waits before it fails the test: long, as
// it costs nothing when the test passes, and a PDF rendered under -race
// on a busy machine takes seconds.
const Timeout = 20 * time.Second

// UI is one test's Fyne side. Its methods are for the test goroutine,
// except Do, which any goroutine may call.
type UI struct {
	t     testing.TB
	queue chan func()
}

// New starts a temporary Fyne app for t (fyne's test.NewTempApp, undone
// when t ends) with TourDesk's translations registered, in the language
// the system's locale picks; a test that reads English text calls
// i18n.SetLanguage("en") after it.
func New(t testing.TB) *UI {
	t.Helper()
	test.NewTempApp(t)
	i18n.Register()
	return &UI{t: t, queue: make(chan func(), 4096)}
}

// Do queues f, for WaitFor or Drain to run on the test goroutine. Hand it
// to an area where the app hands fyne.Do. The queue holds 4,096 calls; a
// caller beyond that blocks until the test runs some.
func (u *UI) Do(f func()) { u.queue <- f }

// WaitFor runs the queued calls until cond holds, and fails the test
// ("timed out waiting for what") if it does not within Timeout. cond is
// asked on the test goroutine, before each queued call is run.
func (u *UI) WaitFor(what string, cond func() bool) {
	u.t.Helper()
	deadline := time.After(Timeout)
	for !cond() {
		select {
		case f := <-u.queue:
			f()
		case <-deadline:
			u.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Drain runs the queued calls until none arrives for 300 ms: for work the
// test cannot name a condition for (such as a load that changes nothing
// it can see).
func (u *UI) Drain() {
	for {
		select {
		case f := <-u.queue:
			f()
		case <-time.After(300 * time.Millisecond):
			return
		}
	}
}

// Window returns a new test window with no content, closed when the test
// ends.
func (u *UI) Window() fyne.Window {
	w := test.NewWindow(nil)
	u.t.Cleanup(w.Close)
	return w
}
