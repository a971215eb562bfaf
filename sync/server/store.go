package server

import (
	"crypto/sha256"
	"time"

	"github.com/tourdesk/tourdesk/app"
)

// Store is what the server keeps between requests: the accounts users sign
// in with and their sessions. cmd/tourdesk-server implements it over bbolt
// (its internal/boltstore); sync/server/memstore holds one in memory for
// tests. Adding users, offices and passwords is the administrator's job
// and not part of this interface: the server only reads accounts.
//
// Implementations must be safe for concurrent use. Values returned are the
// caller's (no aliasing of the store's memory). "Not found" is an error
// matching app.ErrNotFound; any other error is a failure of the store,
// which the server reports as protocol.CodeInternal and logs.
type Store interface {
	// AccountByLogin returns the account whose User.Login equals login.
	// login is already normalised (trimmed, lower case, as app.User
	// stores it). Disabled accounts are returned too (User.Active false).
	AccountByLogin(login string) (Account, error)
	// AccountByID returns the account whose User.ID is id.
	AccountByID(id string) (Account, error)

	// PutSession stores s under s.TokenHash, replacing any session with the
	// same hash (with 256-bit tokens that does not happen by chance).
	PutSession(s Session) error
	// Session returns the session stored under h, expired or not.
	Session(h TokenHash) (Session, error)
	// DeleteSession removes the session stored under h; removing an absent
	// session is not an error.
	DeleteSession(h TokenHash) error
	// DeleteExpiredSessions removes every session whose ExpiresAt is not
	// after now and returns how many it removed.
	DeleteExpiredSessions(now time.Time) (int, error)
}

// Account is a user as the server knows them: the domain user (ID, login,
// role, office, Active) and the hash of their password. The hash never
// leaves the server.
type Account struct {
	User app.User
	// PasswordHash is a bcrypt hash made by HashPassword.
	PasswordHash []byte
}

// TokenHash is the SHA-256 of a session token. The server stores only this,
// so a copy of its data file (or a backup) does not hold usable tokens.
type TokenHash [sha256.Size]byte

// HashToken returns the hash a token is stored under.
func HashToken(token string) TokenHash { return sha256.Sum256([]byte(token)) }

// Session is one signed-in device of one user.
type Session struct {
	TokenHash TokenHash
	UserID    string
	// DeviceID is the client's device (its local store's id), as sent in
	// protocol.SessionRequest.
	DeviceID  string
	CreatedAt time.Time
	// ExpiresAt is when the token stops working; a session is expired
	// when the server's clock is at or after it.
	ExpiresAt time.Time
}

// Expired reports whether the session has expired at now.
func (s Session) Expired(now time.Time) bool { return !now.Before(s.ExpiresAt) }
