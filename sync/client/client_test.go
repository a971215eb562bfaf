package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

const (
	office   = "0190c2d4-1111-7000-8000-000000000001"
	password = "mật khẩu đúng 2026"
	lanID    = "0190c2d4-2222-7000-8000-000000000001"
	minhID   = "0190c2d4-2222-7000-8000-000000000002"
)

// newServer starts the real sync handler over a memory store on loopback,
// with two agents of one office; wrap (may be nil) wraps the handler.
func newServer(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	store := memstore.New()
	hash, err := server.HashPassword(password, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	store.PutAccount(server.Account{User: app.User{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true}, PasswordHash: hash})
	store.PutAccount(server.Account{User: app.User{ID: minhID, Name: "Trần Văn Minh", Login: "minh.tran", Role: app.RoleAgent, OfficeID: office, Active: true}, PasswordHash: hash})
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost, LoginLimits: server.LoginLimits{PerUser: 2}})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func newClient(t *testing.T, url string, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(url, append([]client.Option{client.WithRetries(2, time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func login(t *testing.T, c *client.Client, user, device string) {
	t.Helper()
	if _, err := c.Login(context.Background(), user, password, device); err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
}

func TestLoginAndWhoami(t *testing.T) {
	url := newServer(t, nil)
	ctx := context.Background()
	c := newClient(t, url)
	if _, err := c.Whoami(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("whoami before login: %v", err)
	}
	s, err := c.Login(ctx, " Lan.Nguyen ", password, "lan-laptop")
	if err != nil {
		t.Fatal(err)
	}
	if s.Token == "" || s.UserID != lanID || s.Role != app.RoleAgent || c.Token() != s.Token {
		t.Fatalf("session %+v", s)
	}
	w, err := c.Whoami(ctx)
	if err != nil || w.UserID != lanID || w.DeviceID != "lan-laptop" {
		t.Fatalf("whoami %+v, %v", w, err)
	}
	// A second client with the saved token is the same session.
	c2 := newClient(t, url, client.WithToken(s.Token))
	if w, err := c2.Whoami(ctx); err != nil || w.UserID != lanID {
		t.Fatalf("whoami with saved token: %+v, %v", w, err)
	}
	if _, err := newClient(t, url, client.WithToken("forged")).Whoami(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("whoami with a forged token: %v", err)
	}
}

func TestLoginRefused(t *testing.T) {
	url := newServer(t, nil)
	ctx := context.Background()
	c := newClient(t, url)
	_, err := c.Login(ctx, "lan.nguyen", "wrong password", "lan-laptop")
	var e *client.Error
	if !errors.Is(err, client.ErrUnauthorized) || !errors.As(err, &e) || e.Status != http.StatusUnauthorized || c.Token() != "" {
		t.Fatalf("wrong password: %v", err)
	}
	c.Login(ctx, "lan.nguyen", "wrong again", "lan-laptop")
	c.Login(ctx, "lan.nguyen", "and again", "lan-laptop")
	_, err = c.Login(ctx, "lan.nguyen", password, "lan-laptop")
	if !errors.Is(err, client.ErrRateLimited) || !errors.As(err, &e) || e.RetryAfter <= 0 {
		t.Fatalf("after failures: %v", err)
	}
	if !strings.Contains(err.Error(), "try again in") {
		t.Errorf("message %q does not say when to try again", err)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := client.New("ftp://example.com"); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("ftp URL: %v", err)
	}
	// Nothing listens: a clear one-line error.
	ts := httptest.NewServer(http.NotFoundHandler())
	url := ts.URL
	ts.Close()
	c := newClient(t, url)
	_, err := c.Login(ctx, "lan.nguyen", password, "lan-laptop")
	if !errors.Is(err, client.ErrUnreachable) || !strings.Contains(err.Error(), "cannot reach the sync server at "+url) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("unreachable: %v", err)
	}
	// A server that speaks another version.
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(protocol.HeaderVersion, "7")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(protocol.ErrorResponse{Code: protocol.CodeUnsupportedVersion, Message: "unsupported protocol version"})
	}))
	defer old.Close()
	_, err = newClient(t, old.URL).Whoami(ctx)
	if !errors.Is(err, client.ErrUnsupportedVersion) || !strings.Contains(err.Error(), "server speaks version 7") {
		t.Fatalf("unsupported version: %v", err)
	}
	// A proxy's page is still an *Error with a code; 503 is retried.
	var calls atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "<html>bad gateway</html>", http.StatusServiceUnavailable)
	}))
	defer proxy.Close()
	_, err = newClient(t, proxy.URL).Whoami(ctx)
	var e *client.Error
	if !errors.As(err, &e) || e.Code != protocol.CodeUnavailable || calls.Load() != 3 {
		t.Fatalf("proxy: %v after %d calls", err, calls.Load())
	}
	// A cancelled context stops at once.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := newClient(t, proxy.URL).Whoami(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

// memStore is a client.LocalStore in memory: an outbox, records merged with
// record.Merge, a cursor. Its changes are numbered like localdb's.
type memStore struct {
	mu       sync.Mutex
	device   string
	clock    *record.Clock
	seq      uint64
	outbox   []protocol.Change
	rejected map[uint64]client.Reason
	records  map[protocol.Ref]record.Record
	cursor   string
	settles  int
	lost     []client.Superseded
}

func newMemStore(device string) *memStore {
	return &memStore{device: device, clock: record.NewClock(device, record.Stamp{}, nil),
		rejected: map[uint64]client.Reason{}, records: map[protocol.Ref]record.Record{}}
}

// save is a local change of kv (name, value…).
func (m *memStore) save(kind app.Kind, id string, kv ...any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	st := m.clock.Now()
	ch := protocol.Change{DeviceSeq: m.seq, Kind: kind, ID: id, Fields: map[string]record.Field{}}
	for i := 0; i+1 < len(kv); i += 2 {
		v, _ := json.Marshal(kv[i+1])
		ch.Fields[kv[i].(string)] = record.Field{Value: v, Stamp: st}
	}
	m.outbox = append(m.outbox, ch)
	ref := protocol.Ref{Kind: kind, ID: id}
	rec, ok := m.records[ref]
	if !ok {
		rec = record.Record{Kind: string(kind), ID: id, Fields: map[string]record.Field{}}
	}
	for n, f := range ch.Fields {
		rec.Fields[n] = f
	}
	m.records[ref] = rec
}

func (m *memStore) DeviceID() string { return m.device }

func (m *memStore) Outbox(limit int) ([]protocol.Change, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.outbox)
	if limit > 0 {
		n = min(n, limit)
	}
	return append([]protocol.Change(nil), m.outbox[:n]...), nil
}

func (m *memStore) LastDeviceSeq() (uint64, error) { return m.seq, nil }

func (m *memStore) Settle(upto uint64, rejected, refused map[uint64]client.Reason) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settles++
	for len(m.outbox) > 0 && m.outbox[0].DeviceSeq <= upto {
		if r, ok := rejected[m.outbox[0].DeviceSeq]; ok {
			m.rejected[m.outbox[0].DeviceSeq] = r
		}
		if r, ok := refused[m.outbox[0].DeviceSeq]; ok {
			m.rejected[m.outbox[0].DeviceSeq] = r
		}
		m.outbox = m.outbox[1:]
	}
	return nil
}

func (m *memStore) ApplyRemote(recs []record.Record, whole []protocol.Ref, clockLimit time.Time) (applied, conflicts int, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range recs {
		ref := protocol.Ref{Kind: app.Kind(r.Kind), ID: r.ID}
		local, ok := m.records[ref]
		if !ok {
			local = record.Record{Kind: r.Kind, ID: r.ID, Fields: map[string]record.Field{}}
		}
		merged, _ := record.Merge(local, r)
		m.records[ref] = merged
		applied++
	}
	return applied, 0, nil
}

func (m *memStore) Revoke(refs []protocol.Ref) (removed int, blocked []protocol.Ref, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range refs {
		if _, ok := m.records[r]; ok {
			delete(m.records, r)
			removed++
		}
	}
	return removed, nil, nil
}

func (m *memStore) LogSuperseded(ss []client.Superseded) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lost = append(m.lost, ss...)
	return len(ss), nil
}

func (m *memStore) SyncCursor() (string, error) { return m.cursor, nil }

func (m *memStore) SetSyncCursor(c string) error { m.cursor = c; return nil }

func (m *memStore) RewindClock(limit time.Time) (bool, error) { return false, nil }

func customer(owner, name string) []any {
	return []any{"name", name, "owner_id", owner, "office_id", office, "phones", []string{"+84901234567"}, "stage", "customer"}
}

func TestSyncBatchesRejectsAndProgress(t *testing.T) {
	url := newServer(t, nil)
	ctx := context.Background()
	lan := newMemStore("lan-laptop")
	for i := range 7 {
		lan.save(app.KindCustomer, "0190c2d4-3333-7000-8000-00000000000"+string(rune('0'+i)), customer(lanID, "Khách "+string(rune('A'+i)))...)
		if i == 2 {
			// Forged: a customer owned by another agent.
			lan.save(app.KindCustomer, "0190c2d4-3333-7000-8000-0000000000f1", customer(minhID, "Giả mạo")...)
			// A kind the server does not know.
			lan.save("spaceship", "0190c2d4-3333-7000-8000-0000000000f2", "name", "x")
		}
	}
	c := newClient(t, url, client.WithBatchSize(3))
	login(t, c, "lan.nguyen", "lan-laptop")
	var progress []client.Progress
	sum, err := c.Sync(ctx, lan, func(p client.Progress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pushed != 7 || len(sum.Rejected) != 2 || len(lan.outbox) != 0 {
		t.Fatalf("summary %+v, outbox %d", sum, len(lan.outbox))
	}
	if r := sum.Rejected[0]; r.DeviceSeq != 4 || r.Code != protocol.CodeForbidden || r.Access == "" {
		t.Errorf("first rejection %+v", r)
	}
	if r := sum.Rejected[1]; r.DeviceSeq != 5 || r.Code != protocol.CodeUnknownKind || lan.rejected[5].Code != protocol.CodeUnknownKind {
		t.Errorf("second rejection %+v, store %+v", r, lan.rejected)
	}
	// A pull (nothing yet), 9 changes in batches of 3, then a pull again.
	if len(progress) != 5 || progress[0].Phase != client.PhasePull || progress[3].Pushed != 9 || progress[3].ToPush != 9 ||
		progress[1].Pushed != 3 || progress[4].Phase != client.PhasePull || progress[4].Pulled != 1 {
		t.Errorf("progress %+v", progress)
	}
	// The pull brings the revoke of the customer the server refused to
	// create, and not lan's own customers (the server holds them as
	// pushed; lan has them).
	if sum.Pulled != 0 || sum.Revoked != 1 || lan.cursor == "" {
		t.Errorf("pulled %d, revoked %d, cursor %q", sum.Pulled, sum.Revoked, lan.cursor)
	}
	// A second sync is a no-op.
	sum, err = c.Sync(ctx, lan, nil)
	if err != nil || sum.Pushed+sum.Pulled+len(sum.Rejected) != 0 {
		t.Fatalf("second sync %+v, %v", sum, err)
	}
}

// dropFirstPush lets the server handle the first push, then breaks the
// connection instead of answering: the client sees a lost answer.
func dropFirstPush(dropped *atomic.Int32) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == protocol.PathPush && dropped.Add(1) == 1 {
				h.ServeHTTP(httptest.NewRecorder(), r)
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			h.ServeHTTP(w, r)
		})
	}
}

func TestSyncRetriesAfterLostAnswer(t *testing.T) {
	var pushes atomic.Int32
	url := newServer(t, dropFirstPush(&pushes))
	ctx := context.Background()
	lan := newMemStore("lan-laptop")
	lan.save(app.KindCustomer, "0190c2d4-3333-7000-8000-000000000001", customer(lanID, "Nguyễn An")...)
	lan.save(app.KindCustomer, "0190c2d4-3333-7000-8000-000000000001", "notes", "gọi lại")
	c := newClient(t, url)
	login(t, c, "lan.nguyen", "lan-laptop")
	sum, err := c.Sync(ctx, lan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pushes.Load() != 2 || sum.Pushed != 2 || len(sum.Rejected) != 0 || len(lan.outbox) != 0 {
		t.Fatalf("%d pushes, summary %+v", pushes.Load(), sum)
	}
	// Another device sees the customer once, with both changes, and the
	// history shows each change applied once.
	minh := newClient(t, url)
	login(t, minh, "lan.nguyen", "lan-desktop")
	h, err := minh.History(ctx, app.KindCustomer, "0190c2d4-3333-7000-8000-000000000001")
	if err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, e := range h.Entries {
		if e.Field == "notes" {
			notes++
		}
	}
	if notes != 1 {
		t.Fatalf("history has %d notes entries: %+v", notes, h.Entries)
	}
	if _, err := minh.History(ctx, app.KindCustomer, "0190c2d4-3333-7000-8000-0000000000ff"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("history of an unknown record: %v", err)
	}
}

// tooLargeOver answers too_large to pushes of more than n changes, as a
// server with a small body limit would, and records the size of each push.
func tooLargeOver(n int, mu *sync.Mutex, seen *[]int) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != protocol.PathPush {
				h.ServeHTTP(w, r)
				return
			}
			raw, _ := io.ReadAll(r.Body)
			var body io.Reader = bytes.NewReader(raw)
			if r.Header.Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(body)
				if err != nil {
					http.Error(w, err.Error(), http.StatusBadRequest)
					return
				}
				body = zr
			}
			var req protocol.PushRequest
			json.NewDecoder(body).Decode(&req)
			mu.Lock()
			*seen = append(*seen, len(req.Changes))
			mu.Unlock()
			if len(req.Changes) > n {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusRequestEntityTooLarge)
				json.NewEncoder(w).Encode(protocol.ErrorResponse{Code: protocol.CodeTooLarge, Message: "the body is too large"})
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(raw))
			h.ServeHTTP(w, r)
		})
	}
}

func TestSyncSplitsTooLargeBatches(t *testing.T) {
	var mu sync.Mutex
	var seen []int
	url := newServer(t, tooLargeOver(2, &mu, &seen))
	lan := newMemStore("lan-laptop")
	for i := range 5 {
		lan.save(app.KindCustomer, "0190c2d4-3333-7000-8000-00000000000"+string(rune('0'+i)), customer(lanID, "Khách")...)
	}
	c := newClient(t, url, client.WithBatchSize(5))
	login(t, c, "lan.nguyen", "lan-laptop")
	sum, err := c.Sync(context.Background(), lan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pushed != 5 || len(lan.outbox) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	// 5 refused, 3 refused, 2 sent; later batches keep the size.
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(seen) != "[5 3 2 2 1]" {
		t.Fatalf("push sizes %v", seen)
	}
}

func TestSyncCancelled(t *testing.T) {
	block := make(chan struct{})
	url := newServer(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == protocol.PathPull {
				select {
				case <-block:
				case <-r.Context().Done():
				}
			}
			h.ServeHTTP(w, r)
		})
	})
	defer close(block)
	c := newClient(t, url)
	login(t, c, "lan.nguyen", "lan-laptop")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Sync(ctx, newMemStore("lan-laptop"), nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("sync past its deadline: %v", err)
	}
}
