// Package syncui is the desktop app's side of sync: the login form, the
// Sync controller (a sync in the background on an interval and on demand,
// one at a time, never on the UI goroutine), the status bar (progress,
// last sync time, offline indicator, conflicts badge), the Conflicts
// screen (the conflict log, restoring the value that lost) and a record's
// history.
//
// ui may not import sync/client or localdb: the work is done by a
// Backend, which cmd/tourdesk implements over sync/client and
// cmd/internal/localsync.
package syncui

import (
	"context"
	"errors"
	"time"

	"github.com/tourdesk/tourdesk/app"
)

// Errors a Backend returns (wrapped; matched with errors.Is) so the UI can
// tell the user what to do.
var (
	// ErrUnauthorized: wrong user name or password at login, or the
	// server no longer accepts the session: log in again.
	ErrUnauthorized = errors.New("the server did not accept the user name and password")
	// ErrUnreachable: no answer from the server. The app works offline.
	ErrUnreachable = errors.New("cannot reach the sync server")
	// ErrNotLoggedIn: no session on this computer yet.
	ErrNotLoggedIn = errors.New("not logged in")
	// ErrRateLimited: too many failed logins; wait before trying again.
	ErrRateLimited = errors.New("too many attempts")
)

// Identity is who a session belongs to, as the server said at login.
type Identity struct {
	Server   string
	UserID   string
	Login    string
	Name     string
	OfficeID string
	Role     app.Role
}

// Progress is reported after every request of a sync.
type Progress struct {
	// Pushing is true while local changes are sent, false while the
	// server's are received.
	Pushing        bool
	Pushed, ToPush int
	Pulled         int
}

// Result sums up one sync.
type Result struct {
	Pushed, Pulled, Applied, Revoked, Conflicts, Rejected int
}

// Changed reports whether the sync changed what the local store holds,
// so the screens must read it again.
func (r Result) Changed() bool { return r.Applied > 0 || r.Revoked > 0 || r.Rejected > 0 }

// Conflict is one entry of the local conflict log: a field whose value
// written on this computer lost to a newer one from another device.
type Conflict struct {
	Seq   uint64
	Kind  app.Kind
	ID    string
	Field string
	// Record names the record for people (a customer's name, a booking's
	// code); "" when the store no longer holds it.
	Record string
	// Mine is the value written here, Kept the value the merge kept
	// (JSON text). Kept is "" when the user may no longer read it.
	Mine, Kept     string
	MineAt, KeptAt time.Time
	// KeptBy is the device that wrote Kept.
	KeptBy string
	// Restored is set once Mine was written again.
	Restored bool
}

// HistoryEntry is one accepted change of one field of a record, from the
// server's audit log.
type HistoryEntry struct {
	At       time.Time
	User     string
	Device   string
	Field    string
	Old, New string
	// Superseded marks a value that was sent but lost to a newer one the
	// server already held: it never became the field's value.
	Superseded bool
}

// Backend does the work. cmd/tourdesk implements it over sync/client and
// the local store. Every method may be called from any goroutine (never
// from the UI goroutine: they may wait on the network); Sync and Login are
// never called while another Sync or Login runs.
type Backend interface {
	// Identity returns the saved session's user, ok false when nobody is
	// logged in on this computer.
	Identity() (id Identity, ok bool)
	// Login signs in and saves the session for the next start.
	Login(ctx context.Context, server, user, password string) (Identity, error)
	// Sync pushes the local changes and pulls the server's, calling
	// progress (on the calling goroutine) after every request.
	Sync(ctx context.Context, progress func(Progress)) (Result, error)
	// Conflicts returns the conflict log, oldest first.
	Conflicts() ([]Conflict, error)
	// Restore writes the losing value of conflict seq again, as a new
	// local change the next sync sends.
	Restore(seq uint64) error
	// History returns the server's audit log of one record, oldest first.
	History(ctx context.Context, kind app.Kind, id string) ([]HistoryEntry, error)
}
