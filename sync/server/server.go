// Package server is TourDesk's central sync server as an http.Handler:
// sessions (POST /v1/session), authentication of every later request
// (Authenticate), and the endpoints of sync/protocol: push, pull and
// history. It keeps its state in a Store and a RecordStore, interfaces it
// declares and cmd/tourdesk-server implements over one bbolt file, so the
// handler can be tested on loopback with an in-memory store
// (sync/server/memstore). Permissions are an Authorizer: app/access's
// rules (AccessRules) unless a test passes another.
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
// # Push
//
// POST /v1/push applies a device's batch in one RecordStore transaction.
// The device's last applied sequence is stored in that transaction, so a
// replayed change is answered again (from the stored Result when it was
// not a plain acceptance) and never applied twice; a batch that skips
// ahead is refused with protocol.CodeSeqGap. Each change is checked
// (known kind, valid id, field names, JSON values of the type the kind's
// entity holds — record.Decode into app.Info(kind).New() — and stamps),
// stamps more than protocol.MaxClockSkew ahead of the server's clock are
// lowered to it (and logged with the skew), and the change is merged into
// the stored record field by field (record.Merge). Offices and users are
// refused before any of this (protocol.CodeServerManaged): only the
// administration commands write them, with the accounts (AccountChange).
// Then:
//
//   - an append-only kind's existing record changes no value
//     (protocol.CodeAppendOnly);
//   - a booking's status moves only along app.BookingTransitions from the
//     status the server holds: an illegal move is not applied; the
//     server's status is written back with a stamp just above the one that
//     tried (device ServerDevice), so every replica converges on it, and a
//     task (app.Task, type other, due today) is created for a person: the
//     first active manager of the booking's office, or else the booking's
//     owner. The rest of the change applies and its Result is accepted
//     with protocol.CodeIllegalTransition;
//   - the Authorizer (app/access) checks the write: before is the stored
//     record, after the merge (protocol.CodeForbidden with the field). A
//     refused change is checked again as of its stamps: with the scope
//     fields (owner, office, parent links, guides…) of the record and of
//     what it hangs off rolled back, through the audit log, to their
//     values at that stamp. So an edit an agent made offline before the
//     customer was reassigned is accepted; a later one is refused;
//   - the merged record is validated with its kind's Validate: problems
//     the stored record did not already have refuse the change with
//     protocol.CodeInvalidRecord and Result.Problems (a deleted result is
//     not checked, an undeleted one is checked whole).
//
// An accepted change takes the next server sequence; its changed fields
// carry that sequence, and each field whose value changed is appended to
// the audit log (user, device, time, old, new, stamp).
//
// # Pull, grants and revokes
//
// The store keeps a change index (each record once, at the sequence of its
// latest change) and, per user, visibility changes: entries (sequence,
// record) saying that what the user may see of that record changed at that
// sequence. They are written by the push that caused them, in its
// transaction: when a change creates a record, or touches one of its
// kind's Authorizer.ScopeFields (owner, office, parent links, a
// departure's guides, a task's assignee, marketing consent), the server
// takes the record and everything hanging off it (Authorizer.Dependents,
// followed transitively through the store's Referrers index: customer →
// bookings → travelers, payments…), computes for every account which of
// those records it may read and which fields, before and after the write,
// and adds a visibility change for each user and record where the two
// differ.
//
// GET /v1/pull merges the change index and the caller's visibility changes
// past the cursor, in sequence order, in one read transaction. A record
// the caller may read now is sent: whole if it has a visibility change
// past the cursor (a grant, however old its fields — the records CouchDB's
// filtered replication misses), else with only its fields changed past the
// cursor; a record with a visibility change that the caller may not read
// now is revoked. Records sent whole for a visibility change are listed in
// PullResponse.Whole, so the client replaces its copy (dropping fields the
// caller may no longer see, such as contact data after consent was
// withdrawn). A push whose stamps were clamped adds a visibility change
// for the pushing user, so their devices take the lowered stamps. Fields
// are filtered by Authorizer.Fields. The cursor is
// the last sequence answered (or the snapshot's last sequence when all is
// answered), so a no-op pull returns nothing at the same cursor. Between
// the pages of one pull it also carries where the first page started:
// a record whose index entry moved past a page boundary (changed again
// meanwhile) comes with every field changed since that start, not only
// those after the boundary.
//
// A change of a user's role or office by the administrator (outside
// push: tourdesk-server user set) is recorded the same way, in the
// transaction that changes the account (AccountChange): visibility
// changes for the user and every record whose view by them changed, and
// for other users and the records hanging off the user (a manager's view
// of the tasks assigned to the users of their office).
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

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// Config is what New needs. Store is required; zero values of the others
// mean the defaults stated beside them.
type Config struct {
	Store Store
	// Records holds the replicated records; nil means Store, when it
	// implements RecordStore too (both of ours do). Without one, push,
	// pull and history answer CodeNotFound.
	Records RecordStore
	// Authorizer is the permission rules; nil means AccessRules
	// (app/access). Only tests of merge mechanics pass another.
	Authorizer Authorizer
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
	// TombstoneWindow is how long Prune keeps, for a device that stopped
	// syncing, the deletions and visibility changes it has not pulled;
	// 0 means DefaultTombstoneWindow.
	TombstoneWindow time.Duration
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
	records    RecordStore
	auth       Authorizer
	refFields  map[app.Kind][]string
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
	window     time.Duration // Config.TombstoneWindow
	cursors    cursors       // where devices' pulls started, for Prune
}

// New returns a Server over cfg.Store.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("sync/server: Config.Store is nil")
	}
	s := &Server{
		store:    cfg.Store,
		records:  cfg.Records,
		auth:     cfg.Authorizer,
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
	if s.window = cfg.TombstoneWindow; s.window <= 0 {
		s.window = DefaultTombstoneWindow
	}
	if s.records == nil {
		s.records, _ = cfg.Store.(RecordStore)
	}
	if s.auth == nil {
		s.auth = AccessRules{}
	}
	s.refFields = refFields(s.auth)
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
	if s.records != nil {
		s.route(protocol.PathPush, map[string]http.Handler{
			http.MethodPost: s.Authenticate(http.HandlerFunc(s.handlePush)),
		})
		s.route(protocol.PathPull, map[string]http.Handler{
			http.MethodGet: s.Authenticate(http.HandlerFunc(s.handlePull)),
		})
		s.route(protocol.PathSnapshot, map[string]http.Handler{
			http.MethodGet: s.Authenticate(http.HandlerFunc(s.handleSnapshot)),
		})
		s.route(protocol.PathHistory+"{kind}/{id}", map[string]http.Handler{
			http.MethodGet: s.Authenticate(http.HandlerFunc(s.handleHistory)),
		})
	}
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
