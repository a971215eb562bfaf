package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// Caller is who an authenticated request comes from, as the store holds
// them at the time of the request.
type Caller struct {
	// User is the account's user (ID set, Active true).
	User app.User
	// DeviceID is the device the session was opened on.
	DeviceID string
	// ExpiresAt is when the session's token stops working.
	ExpiresAt time.Time
}

type callerKey struct{}

// CallerFrom returns the Caller that Authenticate put in ctx, and false for
// a context that did not go through Authenticate.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// Authenticate passes to next only requests that carry
// "Authorization: Bearer <token>" of a live session of an active account;
// next finds the Caller with CallerFrom. Anything else is answered with
// protocol.CodeUnauthorized (and a WWW-Authenticate header). An expired
// session is deleted when it is seen.
func (s *Server) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		caller, apiErr := s.authenticate(r)
		if apiErr != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tourdesk"`)
			writeError(w, r, apiErr)
			return
		}
		infoOf(r).userID = caller.User.ID
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, caller)))
	})
}

func (s *Server) authenticate(r *http.Request) (Caller, *apiError) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return Caller{}, errorf(protocol.CodeUnauthorized, "sign in first: send Authorization: Bearer <token> from "+protocol.PathSession)
	}
	badToken := errorf(protocol.CodeUnauthorized, "the session token is not valid; sign in again")
	if len(token) != tokenLen {
		return Caller{}, badToken
	}
	h := HashToken(token)
	sess, err := s.store.Session(h)
	if errors.Is(err, app.ErrNotFound) {
		return Caller{}, badToken
	}
	if err != nil {
		s.log.Error("read session", "req", infoOf(r).id, "err", err)
		return Caller{}, errorf(protocol.CodeInternal, "internal error (request "+infoOf(r).id+"); the server log has the details")
	}
	if sess.Expired(s.now()) {
		if err := s.store.DeleteSession(h); err != nil {
			s.log.Warn("delete expired session", "req", infoOf(r).id, "err", err)
		}
		return Caller{}, errorf(protocol.CodeUnauthorized, "the session has expired; sign in again")
	}
	acct, err := s.store.AccountByID(sess.UserID)
	if errors.Is(err, app.ErrNotFound) {
		return Caller{}, badToken
	}
	if err != nil {
		s.log.Error("read account", "req", infoOf(r).id, "err", err)
		return Caller{}, errorf(protocol.CodeInternal, "internal error (request "+infoOf(r).id+"); the server log has the details")
	}
	if !acct.User.Active {
		return Caller{}, errorf(protocol.CodeUnauthorized, "this account is disabled; ask your administrator")
	}
	return Caller{User: acct.User, DeviceID: sess.DeviceID, ExpiresAt: sess.ExpiresAt}, nil
}

// maxDeviceID is the longest device id a session accepts.
const maxDeviceID = 64

// handleSession is POST /v1/session: a login.
func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	var req protocol.SessionRequest
	if e := decodeJSON(w, r, min(s.maxBody, sessionBodyLimit), &req); e != nil {
		writeError(w, r, e)
		return
	}
	login := strings.ToLower(strings.TrimSpace(req.User))
	switch {
	case login == "":
		writeError(w, r, fieldError("user", "user is required"))
		return
	case req.Password == "":
		writeError(w, r, fieldError("password", "password is required"))
		return
	case !validDeviceID(req.DeviceID):
		writeError(w, r, fieldError("device_id", "device_id must be 1 to 64 printable ASCII characters"))
		return
	}
	if len(login) > 256 {
		// No account has such a login (app.User allows 64); do not keep a
		// rate-limit key of this size.
		login = login[:256]
	}

	uKey, aKey := userKey(login), addrKey(r.RemoteAddr)
	if wait := s.failures.lockedFor(s.now(), uKey, aKey); wait > 0 {
		s.refuseLocked(w, r, login, wait)
		return
	}

	acct, err := s.store.AccountByLogin(login)
	known := err == nil
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		s.internal(w, r, "read account", err)
		return
	}
	hash := s.dummyHash
	if known {
		hash = acct.PasswordHash
	}
	ok, err := s.checkPassword(r.Context(), hash, req.Password)
	if err != nil {
		// The client went away while waiting for a check slot.
		writeError(w, r, errorf(protocol.CodeUnavailable, "the server is busy; try again"))
		return
	}
	if !ok || !known {
		now := s.now()
		s.failures.fail(now, uKey, aKey)
		s.log.Warn("login failed", "req", infoOf(r).id, "login", login, "remote", r.RemoteAddr, "known_user", known)
		if wait := s.failures.lockedFor(now, uKey, aKey); wait > 0 {
			s.refuseLocked(w, r, login, wait)
			return
		}
		writeError(w, r, errorf(protocol.CodeUnauthorized, "wrong user name or password"))
		return
	}
	s.failures.succeed(uKey)
	if !acct.User.Active {
		s.log.Warn("login of disabled account", "req", infoOf(r).id, "login", login, "remote", r.RemoteAddr)
		writeError(w, r, errorf(protocol.CodeUnauthorized, "this account is disabled; ask your administrator"))
		return
	}

	now := s.now()
	token := newToken()
	sess := Session{
		TokenHash: HashToken(token),
		UserID:    acct.User.ID,
		DeviceID:  req.DeviceID,
		CreatedAt: now,
		ExpiresAt: now.Add(s.ttl),
	}
	if err := s.store.PutSession(sess); err != nil {
		s.internal(w, r, "store session", err)
		return
	}
	infoOf(r).userID = acct.User.ID
	s.log.Info("login", "req", infoOf(r).id, "login", login, "user", acct.User.ID, "device", req.DeviceID, "remote", r.RemoteAddr)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, protocol.SessionResponse{
		Token:     token,
		ExpiresAt: sess.ExpiresAt.UTC(),
		UserID:    acct.User.ID,
		Login:     acct.User.Login,
		Name:      acct.User.Name,
		Role:      acct.User.Role,
		OfficeID:  acct.User.OfficeID,
	})
}

// refuseLocked answers a login refused by the rate limiter.
func (s *Server) refuseLocked(w http.ResponseWriter, r *http.Request, login string, wait time.Duration) {
	secs := int64((wait + time.Second - 1) / time.Second)
	s.log.Warn("login rate limited", "req", infoOf(r).id, "login", login, "remote", r.RemoteAddr, "retry_after_s", secs)
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	writeError(w, r, errorf(protocol.CodeRateLimited, "too many failed logins; try again in "+strconv.FormatInt(secs, 10)+" seconds"))
}

// checkPassword compares password with hash, waiting for one of the
// server's check slots first so that a flood of logins cannot take every
// core. It fails only when ctx ends while waiting.
func (s *Server) checkPassword(ctx context.Context, hash []byte, password string) (bool, error) {
	select {
	case s.checks <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-s.checks }()
	return passwordMatches(hash, password), nil
}

func validDeviceID(id string) bool {
	if id == "" || len(id) > maxDeviceID {
		return false
	}
	for _, r := range id {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// handleWhoami is GET /v1/whoami.
func (s *Server) handleWhoami(w http.ResponseWriter, r *http.Request) {
	c, _ := CallerFrom(r.Context())
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, protocol.Whoami{
		UserID:    c.User.ID,
		Login:     c.User.Login,
		Name:      c.User.Name,
		Role:      c.User.Role,
		OfficeID:  c.User.OfficeID,
		DeviceID:  c.DeviceID,
		ExpiresAt: c.ExpiresAt.UTC(),
	})
}
