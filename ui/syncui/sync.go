package syncui

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// PrefLastSync is the preference holding the time of the last successful
// sync (RFC 3339), so the status bar can say it after a restart.
const PrefLastSync = "sync.last"

// State is what the status bar shows.
type State struct {
	Identity Identity
	// LoggedIn: a session is saved; syncs are possible.
	LoggedIn bool
	// Running: a sync is under way; Progress is its last report.
	Running  bool
	Progress Progress
	// LastSync is the end of the last successful sync (zero: never).
	LastSync time.Time
	// Last is the last successful sync's result.
	Last Result
	// Offline: the last try could not reach the server.
	Offline bool
	// NeedLogin: the server refused the saved session.
	NeedLogin bool
	// Err is the last failure other than Offline and NeedLogin ("" for none).
	Err string
	// Conflicts counts the conflicts not restored.
	Conflicts int
}

// Sync runs syncs of one Backend: on demand (Now), on an interval (Run)
// and after a login. Its methods are called on the UI goroutine; the
// Backend is called on goroutines of its own, and its results come back
// through do (fyne.Do in the app).
type Sync struct {
	backend Backend
	do      func(func())
	prefs   fyne.Preferences

	// OnData is called after a sync or a restore changed the local data
	// (the shell reloads its screens).
	OnData func()
	// OnLogin is called after a successful login, before the first sync.
	OnLogin func(Identity)

	state    State
	watchers []func(State)

	loopMu   sync.Mutex
	stopLoop chan struct{}
	interval time.Duration
}

// New returns the controller of b. do runs a function on the UI goroutine
// (fyne.Do; tests pass a queue they drain). prefs (may be nil) keeps the
// last sync time across restarts. It reads the saved session; it starts
// nothing.
func New(b Backend, do func(func()), prefs fyne.Preferences) *Sync {
	s := &Sync{backend: b, do: do, prefs: prefs}
	s.state.Identity, s.state.LoggedIn = b.Identity()
	if prefs != nil {
		if t, err := time.Parse(time.RFC3339, prefs.String(PrefLastSync)); err == nil {
			s.state.LastSync = t
		}
	}
	return s
}

// Backend is the backend the controller drives.
func (s *Sync) Backend() Backend { return s.backend }

// Do runs f on the UI goroutine.
func (s *Sync) Do(f func()) { s.do(f) }

// State returns the current state.
func (s *Sync) State() State { return s.state }

// Watch calls f with the state now and after every change.
func (s *Sync) Watch(f func(State)) {
	s.watchers = append(s.watchers, f)
	f(s.state)
}

func (s *Sync) notify() {
	for _, f := range s.watchers {
		f(s.state)
	}
}

// Now starts a sync unless one is running or nobody is logged in. It
// returns at once.
func (s *Sync) Now() {
	if s.state.Running || !s.state.LoggedIn {
		return
	}
	s.state.Running = true
	s.state.Progress = Progress{}
	s.notify()
	go func() {
		res, err := s.backend.Sync(context.Background(), func(p Progress) {
			s.do(func() {
				s.state.Progress = p
				s.notify()
			})
		})
		n, cerr := s.countConflicts()
		s.do(func() { s.finish(res, err, n, cerr) })
	}()
}

func (s *Sync) finish(res Result, err error, conflicts int, cerr error) {
	st := &s.state
	st.Running = false
	if cerr == nil {
		st.Conflicts = conflicts
	}
	switch {
	case err == nil:
		st.Offline, st.NeedLogin, st.Err = false, false, ""
		st.Last = res
		st.LastSync = time.Now()
		if s.prefs != nil {
			s.prefs.SetString(PrefLastSync, st.LastSync.Format(time.RFC3339))
		}
	case errors.Is(err, ErrUnreachable):
		st.Offline, st.Err = true, ""
	case errors.Is(err, ErrUnauthorized), errors.Is(err, ErrNotLoggedIn):
		st.Offline, st.NeedLogin, st.Err = false, true, ""
	default:
		st.Offline, st.Err = false, err.Error()
	}
	s.notify()
	if res.Changed() && s.OnData != nil {
		s.OnData()
	}
}

func (s *Sync) countConflicts() (int, error) {
	list, err := s.backend.Conflicts()
	n := 0
	for _, c := range list {
		if !c.Restored {
			n++
		}
	}
	return n, err
}

// RefreshConflicts counts the conflicts again in the background (after
// a restore, or at start).
func (s *Sync) RefreshConflicts() {
	go func() {
		n, err := s.countConflicts()
		if err != nil {
			return
		}
		s.do(func() {
			s.state.Conflicts = n
			s.notify()
		})
	}()
}

// Login signs in in the background; done (UI goroutine) gets nil or the
// error. After a login OnLogin runs and a first sync starts.
func (s *Sync) Login(server, user, password string, done func(error)) {
	go func() {
		id, err := s.backend.Login(context.Background(), server, user, password)
		s.do(func() {
			if err != nil {
				done(err)
				return
			}
			s.state.Identity, s.state.LoggedIn = id, true
			s.state.NeedLogin, s.state.Offline, s.state.Err = false, false, ""
			s.notify()
			if s.OnLogin != nil {
				s.OnLogin(id)
			}
			done(nil)
			s.Now()
		})
	}()
}

// Run syncs every interval (and once now) until Stop or the next Run; an
// interval of zero or less syncs only on demand. The ticks are delivered
// through do, so a sync always starts on the UI goroutine.
func (s *Sync) Run(interval time.Duration) {
	s.loopMu.Lock()
	defer s.loopMu.Unlock()
	if s.stopLoop != nil {
		close(s.stopLoop)
		s.stopLoop = nil
	}
	s.interval = interval
	if interval <= 0 {
		return
	}
	stop := make(chan struct{})
	s.stopLoop = stop
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				s.do(s.Now)
			}
		}
	}()
}

// Interval is the interval of the last Run.
func (s *Sync) Interval() time.Duration {
	s.loopMu.Lock()
	defer s.loopMu.Unlock()
	return s.interval
}

// Stop ends the interval syncs (a sync under way finishes).
func (s *Sync) Stop() { s.Run(0) }
