package syncui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// fake is a Backend whose Sync answers what the test set; the real one
// (over sync/client and a real server) is tested in cmd/tourdesk.
type fake struct {
	loggedIn  bool
	result    Result
	err       error
	conflicts []Conflict
	syncs     int
}

func (f *fake) Identity() (Identity, bool) {
	return Identity{Name: "Nguyễn Thị Lan", Server: "https://sync.example.vn", Role: app.RoleAgent}, f.loggedIn
}
func (f *fake) Login(context.Context, string, string, string) (Identity, error) {
	return Identity{}, ErrUnauthorized
}
func (f *fake) Sync(_ context.Context, progress func(Progress)) (Result, error) {
	f.syncs++
	progress(Progress{Pushing: true, Pushed: 1, ToPush: 2})
	return f.result, f.err
}
func (f *fake) Conflicts() ([]Conflict, error) { return f.conflicts, nil }
func (f *fake) Restore(uint64) error           { return nil }
func (f *fake) History(context.Context, app.Kind, string) ([]HistoryEntry, error) {
	return nil, ErrUnreachable
}

func run(t *testing.T, f *fake) (*Sync, *Bar, func()) {
	t.Helper()
	test.NewTempApp(t)
	i18n.Register()
	i18n.SetLanguage("en")
	queue := make(chan func(), 64)
	s := New(f, func(fn func()) { queue <- fn }, nil)
	bar := NewBar(s, func() {}, func() {})
	wait := func() {
		deadline := time.After(10 * time.Second)
		for s.State().Running {
			select {
			case fn := <-queue:
				fn()
			case <-deadline:
				t.Fatal("sync never ended")
			}
		}
	}
	return s, bar, wait
}

func TestNoSyncWithoutLogin(t *testing.T) {
	f := &fake{}
	s, bar, _ := run(t, f)
	s.Now()
	if s.State().Running || f.syncs != 0 {
		t.Error("synced with nobody logged in")
	}
	if !bar.LogIn.Visible() || bar.SyncNow.Visible() {
		t.Error("not logged in: want Log in, no Sync")
	}
}

func TestSyncOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     error
		want    func(State) bool
		status  string
		loginOn bool
	}{
		{"ok", nil, func(s State) bool { return !s.Offline && !s.NeedLogin && !s.LastSync.IsZero() }, "Synced as Nguyễn Thị Lan", false},
		{"offline", fmt.Errorf("%w (dial tcp: refused)", ErrUnreachable), func(s State) bool { return s.Offline && s.LastSync.IsZero() }, "Offline", false},
		{"session refused", fmt.Errorf("%w (401)", ErrUnauthorized), func(s State) bool { return s.NeedLogin && !s.Offline }, "log in again", true},
		{"other", errors.New("disk full"), func(s State) bool { return s.Err == "disk full" }, "Sync failed: disk full", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{loggedIn: true, err: tc.err, result: Result{Applied: 2}, conflicts: []Conflict{{Seq: 1}, {Seq: 2, Restored: true}}}
			s, bar, wait := run(t, f)
			reloads := 0
			s.OnData = func() { reloads++ }
			s.Now()
			if !s.State().Running || !bar.Progress.Visible() || !bar.SyncNow.Disabled() {
				t.Fatal("a started sync shows no progress")
			}
			s.Now() // a second press while running does nothing
			wait()
			st := s.State()
			if !tc.want(st) || !strings.Contains(bar.Status.Text, tc.status) || f.syncs != 1 {
				t.Errorf("state %+v, status %q, %d syncs", st, bar.Status.Text, f.syncs)
			}
			if bar.LogIn.Visible() != tc.loginOn {
				t.Errorf("Log in shown %v, want %v", bar.LogIn.Visible(), tc.loginOn)
			}
			if st.Conflicts != 1 || bar.Conflicts.Text != "1 conflict" || !bar.Conflicts.Visible() {
				t.Errorf("conflicts %d, badge %q", st.Conflicts, bar.Conflicts.Text)
			}
			// Applied data reloads the screens even when a later step failed.
			if reloads != 1 {
				t.Errorf("%d reloads, want 1", reloads)
			}
		})
	}
}

func TestValue(t *testing.T) {
	for raw, want := range map[string]string{`"Nguyễn"`: "Nguyễn", "null": "—", "": "—", `""`: "—", `["+84901234567"]`: `["+84901234567"]`, "12": "12"} {
		if got := Value(raw); got != want {
			t.Errorf("Value(%s) = %q, want %q", raw, got, want)
		}
	}
}
