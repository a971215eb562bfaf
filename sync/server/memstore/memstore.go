// Package memstore is a server.Store and server.RecordStore held in memory, for tests of
// sync/server and of its clients: fast, no files, and lost when the process
// ends. Accounts are put in directly (PutAccount); there is no validation
// beyond what the server itself does.
package memstore

import (
	"fmt"
	"sync"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/server"
)

// Store implements server.Store. The zero value is not usable; call New.
// It is safe for concurrent use.
type Store struct {
	update   sync.Mutex // serialises UpdateRecords
	mu       sync.Mutex
	accounts map[string]server.Account // by user id
	logins   map[string]string         // login → user id
	sessions map[server.TokenHash]server.Session
	recs     *records // the RecordStore's state, replaced whole by updates
}

// New returns an empty store.
func New() *Store {
	return &Store{
		accounts: map[string]server.Account{},
		logins:   map[string]string{},
		sessions: map[server.TokenHash]server.Session{},
		recs:     newRecords(),
	}
}

var _ server.Store = (*Store)(nil)

// PutAccount adds or replaces the account a.User.ID. Disabling an account
// (Active false) also removes its sessions, as the real store does.
func (s *Store) PutAccount(a server.Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.accounts[a.User.ID]; ok {
		delete(s.logins, old.User.Login)
	}
	a.PasswordHash = append([]byte(nil), a.PasswordHash...)
	s.accounts[a.User.ID] = a
	s.logins[a.User.Login] = a.User.ID
	if !a.User.Active {
		for h, sess := range s.sessions {
			if sess.UserID == a.User.ID {
				delete(s.sessions, h)
			}
		}
	}
}

// Sessions returns every stored session, for tests that look at what the
// server keeps.
func (s *Store) Sessions() []server.Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]server.Session, 0, len(s.sessions))
	for _, sess := range s.sessions {
		out = append(out, sess)
	}
	return out
}

// AccountByLogin implements server.Store.
func (s *Store) AccountByLogin(login string) (server.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.logins[login]
	if !ok {
		return server.Account{}, fmt.Errorf("memstore: account %q: %w", login, app.ErrNotFound)
	}
	return copyAccount(s.accounts[id]), nil
}

// AccountByID implements server.Store.
func (s *Store) AccountByID(id string) (server.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[id]
	if !ok {
		return server.Account{}, fmt.Errorf("memstore: account %s: %w", id, app.ErrNotFound)
	}
	return copyAccount(a), nil
}

func copyAccount(a server.Account) server.Account {
	a.PasswordHash = append([]byte(nil), a.PasswordHash...)
	return a
}

// PutSession implements server.Store.
func (s *Store) PutSession(sess server.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[sess.TokenHash] = sess
	return nil
}

// Session implements server.Store.
func (s *Store) Session(h server.TokenHash) (server.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[h]
	if !ok {
		return server.Session{}, fmt.Errorf("memstore: session: %w", app.ErrNotFound)
	}
	return sess, nil
}

// DeleteSession implements server.Store.
func (s *Store) DeleteSession(h server.TokenHash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, h)
	return nil
}

// DeleteExpiredSessions implements server.Store.
func (s *Store) DeleteExpiredSessions(now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for h, sess := range s.sessions {
		if sess.Expired(now) {
			delete(s.sessions, h)
			n++
		}
	}
	return n, nil
}
