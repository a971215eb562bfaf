// Package server is TourDesk's central sync server as an http.Handler:
// sessions (POST /v1/session), authentication of every later request
// (Authenticate), and the endpoints of sync/protocol. It keeps its state in
// a Store, an interface it declares and cmd/tourdesk-server implements over
// bbolt, so the handler can be tested on loopback with an in-memory store
// (sync/server/memstore).
//
// # Sessions
//
// A user signs in with their login and password; the server answers with a
// random 256-bit token (crypto/rand, base64url) and keeps only its SHA-256,
// with an expiry (Config.SessionTTL). Every authenticated request looks the
// session up and then the account: a disabled account's tokens stop working
// at once, and a role or office changed since login applies at once.
// Passwords are bcrypt hashes; checking one costs tens of milliseconds of
// CPU, so at most GOMAXPROCS checks run at a time and failed logins are
// limited per user name and per address (LoginLimits). A wrong password
// and an unknown user get the same answer, after the same bcrypt work.
//
// # Errors
//
// Every failure is a protocol.ErrorResponse with a stable code and a short
// message; internal errors are logged with the request id and never sent.
// Request bodies are limited (Config.MaxBodyBytes, and much less for
// POST /v1/session), after gzip decompression too.
package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tourdesk/tourdesk/sync/protocol"
)

// Config is what New needs. Store is required; zero values of the others
// mean the defaults stated beside them.
type Config struct {
	Store Store
	// Logger receives one line per request and the reason of every failure;
	// nil discards. Passwords and tokens are never logged.
	Logger *slog.Logger
	// Now is the server's clock; nil means time.Now. Tests move it to
	// expire sessions and lockouts.
	Now func() time.Time
	// SessionTTL is how long a token works after login; 0 means 30 days.
	SessionTTL time.Duration
	// MaxBodyBytes limits every request body (after decompression);
	// 0 means 8 MiB. POST /v1/session takes at most sessionBodyLimit.
	MaxBodyBytes int64
	// LoginLimits slow down password guessing.
	LoginLimits LoginLimits
	// BcryptCost is the cost accounts' hashes are made with (HashPassword);
	// 0 means DefaultBcryptCost. The server hashes nothing with it: it
	// makes the hash an unknown user's password is checked against, so
	// that answer takes as long as a wrong password's.
	BcryptCost int
}

// Defaults of Config.
const (
	DefaultSessionTTL   = 30 * 24 * time.Hour
	DefaultMaxBodyBytes = 8 << 20
	// sessionBodyLimit: a login is a user name, a password of at most 72
	// bytes and a device id; 4 KiB is plenty, and a big body there is
	// never a client of ours.
	sessionBodyLimit = 4 << 10
)

// Server is the sync server's http.Handler. Create it with New; it is safe
// for concurrent use.
type Server struct {
	store      Store
	log        *slog.Logger
	now        func() time.Time
	ttl        time.Duration
	maxBody    int64
	failures   *failures
	checks     chan struct{} // one slot per concurrent bcrypt check
	dummyHash  []byte        // compared against for unknown users
	mux        *http.ServeMux
	handler    http.Handler
	requestSeq atomic.Uint64
}

// New returns a Server over cfg.Store.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("sync/server: Config.Store is nil")
	}
	s := &Server{
		store:    cfg.Store,
		log:      cfg.Logger,
		now:      cfg.Now,
		ttl:      cfg.SessionTTL,
		maxBody:  cfg.MaxBodyBytes,
		failures: newFailures(cfg.LoginLimits),
		checks:   make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ttl <= 0 {
		s.ttl = DefaultSessionTTL
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	// A fixed, valid hash to compare unknown users' passwords against, so
	// that "no such user" takes as long as "wrong password".
	h, err := HashPassword("no such user, no such password", cfg.BcryptCost)
	if err != nil {
		return nil, fmt.Errorf("sync/server: %w", err)
	}
	s.dummyHash = h

	s.mux = http.NewServeMux()
	s.route(protocol.PathSession, map[string]http.Handler{
		http.MethodPost: http.HandlerFunc(s.handleSession),
	})
	s.route(protocol.PathWhoami, map[string]http.Handler{
		http.MethodGet: s.Authenticate(http.HandlerFunc(s.handleWhoami)),
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, errorf(protocol.CodeNotFound, "no such endpoint: "+r.URL.Path))
	})
	s.handler = s.logRequests(s.recoverPanics(s.checkVersion(s.mux)))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// route registers path with one handler per method; other methods get
// protocol.CodeMethodNotAllowed with an Allow header (the standard mux would
// answer those in plain text).
func (s *Server) route(path string, byMethod map[string]http.Handler) {
	var allow []string
	for m := range byMethod {
		allow = append(allow, m)
	}
	allowHeader := strings.Join(allow, ", ")
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		h, ok := byMethod[r.Method]
		if !ok {
			w.Header().Set("Allow", allowHeader)
			writeError(w, r, errorf(protocol.CodeMethodNotAllowed, r.Method+" is not allowed here; use "+allowHeader))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// PurgeExpiredSessions removes expired sessions from the store (they are
// already refused; this only reclaims space). cmd/tourdesk-server calls it
// now and then.
func (s *Server) PurgeExpiredSessions() (int, error) {
	n, err := s.store.DeleteExpiredSessions(s.now())
	if err != nil {
		return 0, fmt.Errorf("sync/server: purge expired sessions: %w", err)
	}
	return n, nil
}

// checkVersion refuses requests under /v1/ without a protocol version this
// server speaks, and names its own version on every response.
func (s *Server) checkVersion(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
		if strings.HasPrefix(r.URL.Path, "/v1/") {
			v := r.Header.Get(protocol.HeaderVersion)
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < protocol.MinVersion || n > protocol.Version {
				speaks := fmt.Sprintf("protocol version %d", protocol.Version)
				if protocol.MinVersion < protocol.Version {
					speaks = fmt.Sprintf("protocol versions %d to %d", protocol.MinVersion, protocol.Version)
				}
				msg := fmt.Sprintf("this server speaks %s; send it in the %s header", speaks, protocol.HeaderVersion)
				if v != "" {
					msg = fmt.Sprintf("protocol version %q is not supported: this server speaks %s; update TourDesk", v, speaks)
				}
				writeError(w, r, errorf(protocol.CodeUnsupportedVersion, msg))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// requestInfo is filled in as a request goes through the handlers, for its
// log line.
type requestInfo struct {
	id     string
	userID string
}

type requestInfoKey struct{}

func infoOf(r *http.Request) *requestInfo {
	ri, _ := r.Context().Value(requestInfoKey{}).(*requestInfo)
	if ri == nil {
		ri = &requestInfo{}
	}
	return ri
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(p)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests logs one line per request: server errors at Error, client
// errors at Warn, the rest at Info.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &requestInfo{id: strconv.FormatUint(s.requestSeq.Add(1), 10)}
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, ri))
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		level := slog.LevelInfo
		switch {
		case rec.status >= 500:
			level = slog.LevelError
		case rec.status >= 400:
			level = slog.LevelWarn
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("req", ri.id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("dur", time.Since(start)),
			slog.String("remote", r.RemoteAddr),
			slog.String("user", ri.userID),
		)
	})
}

// recoverPanics turns a panic in a handler into an internal error (logged
// with its stack), instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "req", infoOf(r).id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeError(w, r, errorf(protocol.CodeInternal, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// internal logs err as the reason of an internal error and writes one.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.Error(what, "req", infoOf(r).id, "err", err)
	writeError(w, r, errorf(protocol.CodeInternal, "internal error (request "+infoOf(r).id+"); the server log has the details"))
}

// newToken returns a fresh random token: 32 bytes from crypto/rand in
// unpadded base64url (43 characters).
func newToken() string {
	var b [32]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// tokenLen is the length of every token newToken makes.
const tokenLen = 43
