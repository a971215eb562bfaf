// Package session owns session.json, the sync session `tourdeskctl login`
// and the desktop app's sign-in leave in a data directory, so that
// tourdeskctl, the desktop app and the messaging scheduler on one data
// directory share one login. It holds the token, so it is written with
// mode 0600 (through privatefile).
package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/cmd/internal/privatefile"
)

// File is the saved session's name inside a data directory.
const File = "session.json"

// Session is session.json: the server, the token and who logged in on
// which device.
type Session struct {
	Server    string    `json:"server"`
	Token     string    `json:"token"`
	DeviceID  string    `json:"device_id"`
	UserID    string    `json:"user_id"`
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	Role      app.Role  `json:"role"`
	OfficeID  string    `json:"office_id,omitempty"`
	ExpiresAt time.Time `json:"expires_at"`
}

var (
	// ErrNotLoggedIn: the data directory has no session.json. The error
	// Read returns also matches fs.ErrNotExist.
	ErrNotLoggedIn = errors.New("not logged in")
	// ErrDamaged: session.json is there but is no session (not JSON, or
	// without a server or a token).
	ErrDamaged = errors.New(File + " is damaged")
)

// Read reads dir's saved session. An absent file gives an error matching
// ErrNotLoggedIn (and fs.ErrNotExist), one that holds no session an error
// matching ErrDamaged; any other error is the file system's.
func Read(dir string) (Session, error) {
	var s Session
	b, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, os.ErrNotExist) {
		return s, fmt.Errorf("%w (%w)", ErrNotLoggedIn, err)
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Session{}, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if s.Server == "" || s.Token == "" {
		return Session{}, fmt.Errorf("%w: no server or token", ErrDamaged)
	}
	return s, nil
}

// Write saves s as dir's session with mode 0600, through a temporary file
// renamed into place, so a crash never leaves half a session.
func Write(dir string, s Session) error {
	return privatefile.WriteJSON(filepath.Join(dir, File), s)
}
