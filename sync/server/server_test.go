package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

// clock is a settable clock for the server under test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is a server on loopback over a memory store with two agents, an
// admin, and a disabled guide, all with known passwords.
type env struct {
	t     *testing.T
	url   string
	store *memstore.Store
	clock *clock
	logs  *syncBuffer
	ids   map[string]string // login → user id
}

const (
	office   = "0190c2d4-1111-7000-8000-000000000001"
	password = "mật khẩu đúng 2026"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(t *testing.T, cfg server.Config) *env {
	t.Helper()
	e := &env{
		t:     t,
		store: memstore.New(),
		clock: &clock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)},
		logs:  &syncBuffer{},
		ids:   map[string]string{},
	}
	hash, err := server.HashPassword(password, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range []app.User{
		{Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true},
		{Name: "Trần Văn Minh", Login: "minh.tran", Role: app.RoleAgent, OfficeID: office, Active: true},
		{Name: "Admin", Login: "admin", Role: app.RoleAdmin, Active: true},
		{Name: "Lê Văn Hùng", Login: "hung.le", Role: app.RoleGuide, OfficeID: office, Active: false},
	} {
		u.ID = "0190c2d4-2222-7000-8000-00000000000" + strconv.Itoa(i)
		e.ids[u.Login] = u.ID
		e.store.PutAccount(server.Account{User: u, PasswordHash: hash})
	}
	cfg.Store = e.store
	cfg.Now = e.clock.Now
	cfg.Logger = slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.BcryptCost = bcrypt.MinCost
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv) // listens on 127.0.0.1
	t.Cleanup(ts.Close)
	e.url = ts.URL
	return e
}

// response is what a request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) errorResponse(t *testing.T) protocol.ErrorResponse {
	t.Helper()
	var er protocol.ErrorResponse
	if err := json.Unmarshal(r.body, &er); err != nil {
		t.Fatalf("error body %q: %v", r.body, err)
	}
	return er
}

// wantError checks that r is an ErrorResponse with code and status.
func (r response) wantError(t *testing.T, status int, code string) protocol.ErrorResponse {
	t.Helper()
	er := r.errorResponse(t)
	if r.status != status || er.Code != code {
		t.Fatalf("got %d %+v, want %d %s", r.status, er, status, code)
	}
	if er.Message == "" {
		t.Errorf("error %s has no message", code)
	}
	return er
}

// do sends a request with the protocol version header (unless headers
// override it) and body (a []byte as is, anything else as JSON).
func (e *env) do(method, path string, body any, headers map[string]string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}
}

func (e *env) login(user, pw string) response {
	e.t.Helper()
	return e.do("POST", protocol.PathSession, protocol.SessionRequest{User: user, Password: pw, DeviceID: "dev-" + user}, nil)
}

// mustLogin logs in and returns the token.
func (e *env) mustLogin(user string) protocol.SessionResponse {
	e.t.Helper()
	r := e.login(user, password)
	if r.status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", user, r.status, r.body)
	}
	var sr protocol.SessionResponse
	if err := json.Unmarshal(r.body, &sr); err != nil {
		e.t.Fatal(err)
	}
	return sr
}

func (e *env) whoami(token string) response {
	e.t.Helper()
	return e.do("GET", protocol.PathWhoami, nil, map[string]string{"Authorization": "Bearer " + token})
}

func TestLoginAndWhoami(t *testing.T) {
	e := newEnv(t, server.Config{SessionTTL: 48 * time.Hour})
	r := e.login("  Lan.Nguyen ", password) // login is case- and space-insensitive
	if r.status != http.StatusOK {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	if got := r.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	if got := r.header.Get(protocol.HeaderVersion); got != strconv.Itoa(protocol.Version) {
		t.Errorf("%s = %q, want %d", protocol.HeaderVersion, got, protocol.Version)
	}
	var sr protocol.SessionResponse
	if err := json.Unmarshal(r.body, &sr); err != nil {
		t.Fatal(err)
	}
	want := protocol.SessionResponse{
		Token:     sr.Token,
		ExpiresAt: e.clock.Now().Add(48 * time.Hour),
		UserID:    e.ids["lan.nguyen"],
		Login:     "lan.nguyen",
		Name:      "Nguyễn Thị Lan",
		Role:      app.RoleAgent,
		OfficeID:  office,
	}
	if sr != want {
		t.Errorf("session = %+v, want %+v", sr, want)
	}
	if len(sr.Token) != 43 || strings.ContainsAny(sr.Token, "+/=") {
		t.Errorf("token %q is not 32 bytes of unpadded base64url", sr.Token)
	}
	if other := e.mustLogin("lan.nguyen"); other.Token == sr.Token {
		t.Error("two logins got the same token")
	}

	r = e.whoami(sr.Token)
	if r.status != http.StatusOK {
		t.Fatalf("whoami: %d %s", r.status, r.body)
	}
	var who protocol.Whoami
	if err := json.Unmarshal(r.body, &who); err != nil {
		t.Fatal(err)
	}
	wantWho := protocol.Whoami{UserID: want.UserID, Login: "lan.nguyen", Name: want.Name, Role: app.RoleAgent,
		OfficeID: office, DeviceID: "dev-  Lan.Nguyen ", ExpiresAt: want.ExpiresAt}
	if who != wantWho {
		t.Errorf("whoami = %+v, want %+v", who, wantWho)
	}

	// A role changed by the administrator applies to live sessions at once.
	a, _ := e.store.AccountByLogin("lan.nguyen")
	a.User.Role = app.RoleManager
	e.store.PutAccount(a)
	json.Unmarshal(e.whoami(sr.Token).body, &who)
	if who.Role != app.RoleManager {
		t.Errorf("whoami role after change = %s, want manager", who.Role)
	}
}

func TestTokensStoredHashed(t *testing.T) {
	e := newEnv(t, server.Config{})
	tokens := []string{e.mustLogin("lan.nguyen").Token, e.mustLogin("minh.tran").Token}
	sessions := e.store.Sessions()
	if len(sessions) != 2 {
		t.Fatalf("%d sessions stored, want 2", len(sessions))
	}
	for _, s := range sessions {
		dump, _ := json.Marshal(s)
		for _, tok := range tokens {
			if bytes.Contains(dump, []byte(tok)) || bytes.Contains(s.TokenHash[:], []byte(tok)[:16]) {
				t.Errorf("stored session holds a raw token: %s", dump)
			}
		}
	}
	for _, tok := range tokens {
		if _, err := e.store.Session(server.HashToken(tok)); err != nil {
			t.Errorf("no session under the token's SHA-256: %v", err)
		}
	}
	// Neither tokens nor the password reach the log.
	logs := e.logs.String()
	for _, secret := range append(tokens, password) {
		if strings.Contains(logs, secret) {
			t.Errorf("log holds a secret %q", secret)
		}
	}
}

func TestLoginRefused(t *testing.T) {
	e := newEnv(t, server.Config{})
	wrong := e.login("lan.nguyen", "not the password")
	unknown := e.login("nobody.here", password)
	wrong.wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
	unknown.wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
	// No user enumeration: an unknown user and a wrong password look the same.
	if !bytes.Equal(wrong.body, unknown.body) {
		t.Errorf("wrong password %s differs from unknown user %s", wrong.body, unknown.body)
	}

	// A disabled user cannot log in, even with the right password.
	e.login("hung.le", password).wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
	if n := len(e.store.Sessions()); n != 0 {
		t.Errorf("%d sessions stored after refused logins", n)
	}
}

func TestDisabledUsersTokenStopsWorking(t *testing.T) {
	e := newEnv(t, server.Config{})
	tok := e.mustLogin("lan.nguyen").Token
	other := e.mustLogin("minh.tran").Token
	a, _ := e.store.AccountByLogin("lan.nguyen")
	a.User.Active = false
	// Keep the session in the store, so the test shows the server checks the
	// account on every request rather than relying on sessions being deleted.
	sessions := e.store.Sessions()
	e.store.PutAccount(a)
	for _, s := range sessions {
		e.store.PutSession(s)
	}
	er := e.whoami(tok).wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
	if !strings.Contains(er.Message, "disabled") {
		t.Errorf("message %q does not say the account is disabled", er.Message)
	}
	if r := e.whoami(other); r.status != http.StatusOK {
		t.Errorf("another user's token stopped working: %d %s", r.status, r.body)
	}
}

func TestExpiredToken(t *testing.T) {
	e := newEnv(t, server.Config{SessionTTL: time.Hour})
	tok := e.mustLogin("lan.nguyen").Token
	e.clock.Advance(time.Hour - time.Second)
	if r := e.whoami(tok); r.status != http.StatusOK {
		t.Fatalf("token refused before expiry: %d %s", r.status, r.body)
	}
	e.clock.Advance(time.Second)
	er := e.whoami(tok).wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
	if !strings.Contains(er.Message, "expired") {
		t.Errorf("message %q does not say the session expired", er.Message)
	}
	if n := len(e.store.Sessions()); n != 0 {
		t.Errorf("expired session still stored (%d sessions)", n)
	}
}

func TestPurgeExpiredSessions(t *testing.T) {
	store := memstore.New()
	c := &clock{now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	srv, err := server.New(server.Config{Store: store, Now: c.Now, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	store.PutSession(server.Session{TokenHash: server.HashToken("a"), ExpiresAt: c.now.Add(-time.Second)})
	store.PutSession(server.Session{TokenHash: server.HashToken("b"), ExpiresAt: c.now.Add(time.Second)})
	if n, err := srv.PurgeExpiredSessions(); n != 1 || err != nil {
		t.Errorf("PurgeExpiredSessions = %d, %v; want 1, nil", n, err)
	}
}

func TestBadTokens(t *testing.T) {
	e := newEnv(t, server.Config{})
	good := e.mustLogin("lan.nguyen").Token
	altered := good[:42] + "A"
	if good[42] == 'A' {
		altered = good[:42] + "B"
	}
	stolenHash := server.HashToken(good)
	for name, auth := range map[string]string{
		"none":         "",
		"basic":        "Basic bGFuOnB3",
		"empty bearer": "Bearer ",
		"short":        "Bearer abc",
		"unknown":      "Bearer " + strings.Repeat("A", 43),
		"altered":      "Bearer " + altered,
		"stolen hash":  "Bearer " + base64.RawURLEncoding.EncodeToString(stolenHash[:]),
	} {
		t.Run(name, func(t *testing.T) {
			r := e.do("GET", protocol.PathWhoami, nil, map[string]string{"Authorization": auth})
			r.wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
			if r.header.Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate header")
			}
		})
	}
}

func TestBruteForceIsRateLimited(t *testing.T) {
	e := newEnv(t, server.Config{})
	// Five failures are answered as wrong passwords; the fifth locks the
	// user name, so from then on every try, even with the right password,
	// is refused before the password is checked.
	var limited response
	for i := 1; i <= 10; i++ {
		r := e.login("lan.nguyen", "guess-"+strconv.Itoa(i))
		if i < 5 {
			r.wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
			continue
		}
		r.wantError(t, http.StatusTooManyRequests, protocol.CodeRateLimited)
		limited = r
	}
	retry, err := strconv.Atoi(limited.header.Get("Retry-After"))
	if err != nil || retry <= 0 {
		t.Fatalf("Retry-After = %q, want a positive number of seconds", limited.header.Get("Retry-After"))
	}
	e.login("lan.nguyen", password).wantError(t, http.StatusTooManyRequests, protocol.CodeRateLimited)

	// Another user, from the same address, still logs in.
	e.mustLogin("minh.tran")

	// Once the lockout has passed, the right password works and clears the
	// count; the next mistake is an ordinary wrong password again.
	e.clock.Advance(time.Duration(retry) * time.Second)
	e.mustLogin("lan.nguyen")
	e.login("lan.nguyen", "one typo").wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)

	if !strings.Contains(e.logs.String(), `"msg":"login rate limited"`) {
		t.Error("rate limiting not logged")
	}
}

func TestLockoutGrows(t *testing.T) {
	e := newEnv(t, server.Config{LoginLimits: server.LoginLimits{
		PerUser: 2, BaseLockout: 10 * time.Second, MaxLockout: time.Minute,
	}})
	retryAfter := func() int {
		t.Helper()
		r := e.login("lan.nguyen", "wrong password")
		r.wantError(t, http.StatusTooManyRequests, protocol.CodeRateLimited)
		n, _ := strconv.Atoi(r.header.Get("Retry-After"))
		return n
	}
	e.login("lan.nguyen", "wrong password").wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
	var got []int
	for range 5 {
		n := retryAfter() // the failure that locks
		got = append(got, n)
		e.clock.Advance(time.Duration(n) * time.Second)
	}
	want := []int{10, 20, 40, 60, 60}
	if !slicesEqual(got, want) {
		t.Errorf("lockouts = %v s, want %v s", got, want)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSprayFromOneAddressIsRateLimited(t *testing.T) {
	e := newEnv(t, server.Config{LoginLimits: server.LoginLimits{PerAddress: 6}})
	// One guess each for many user names: the per-user limit never trips,
	// the per-address one does.
	for i := 1; i <= 6; i++ {
		r := e.login("user"+strconv.Itoa(i), "guess")
		if i < 6 {
			r.wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
		} else {
			r.wantError(t, http.StatusTooManyRequests, protocol.CodeRateLimited)
		}
	}
	e.login("minh.tran", password).wantError(t, http.StatusTooManyRequests, protocol.CodeRateLimited)
}

func TestBadRequests(t *testing.T) {
	e := newEnv(t, server.Config{})
	valid := []byte(`{"user":"lan.nguyen","password":"` + password + `","device_id":"d1"}`)
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	// A gzip bomb: 100 KB of the JSON padding compresses to a few hundred
	// bytes, under the wire limit but over it once inflated.
	bomb := gz([]byte(`{"user":"` + strings.Repeat("a", 100_000) + `"}`))
	if len(bomb) > 4096 {
		t.Fatalf("bomb is %d bytes compressed", len(bomb))
	}
	cases := []struct {
		name    string
		method  string
		path    string
		body    []byte
		headers map[string]string
		status  int
		code    string
		field   string
	}{
		{"malformed JSON", "POST", protocol.PathSession, []byte(`{"user": "lan`), nil, 400, protocol.CodeBadRequest, ""},
		{"not an object", "POST", protocol.PathSession, []byte(`[1,2]`), nil, 400, protocol.CodeBadRequest, ""},
		{"wrong type", "POST", protocol.PathSession, []byte(`{"user":5,"password":"x","device_id":"d"}`), nil, 400, protocol.CodeBadRequest, "user"},
		{"two values", "POST", protocol.PathSession, append(append([]byte{}, valid...), valid...), nil, 400, protocol.CodeBadRequest, ""},
		{"empty body", "POST", protocol.PathSession, nil, nil, 400, protocol.CodeBadRequest, ""},
		{"no user", "POST", protocol.PathSession, []byte(`{"password":"x","device_id":"d"}`), nil, 400, protocol.CodeInvalidField, "user"},
		{"no password", "POST", protocol.PathSession, []byte(`{"user":"lan.nguyen","device_id":"d"}`), nil, 400, protocol.CodeInvalidField, "password"},
		{"no device", "POST", protocol.PathSession, []byte(`{"user":"lan.nguyen","password":"x"}`), nil, 400, protocol.CodeInvalidField, "device_id"},
		{"device with control chars", "POST", protocol.PathSession, []byte(`{"user":"lan.nguyen","password":"x","device_id":"a\nb"}`), nil, 400, protocol.CodeInvalidField, "device_id"},
		{"oversized", "POST", protocol.PathSession, []byte(`{"user":"` + strings.Repeat("a", 10_000) + `"}`), nil, 413, protocol.CodeTooLarge, ""},
		{"gzip bomb", "POST", protocol.PathSession, bomb, map[string]string{"Content-Encoding": "gzip"}, 413, protocol.CodeTooLarge, ""},
		{"bad gzip", "POST", protocol.PathSession, []byte("not gzip at all"), map[string]string{"Content-Encoding": "gzip"}, 400, protocol.CodeBadRequest, ""},
		{"unknown encoding", "POST", protocol.PathSession, valid, map[string]string{"Content-Encoding": "br"}, 400, protocol.CodeBadRequest, ""},
		{"no version", "POST", protocol.PathSession, valid, map[string]string{protocol.HeaderVersion: ""}, 400, protocol.CodeUnsupportedVersion, ""},
		{"future version", "POST", protocol.PathSession, valid, map[string]string{protocol.HeaderVersion: strconv.Itoa(protocol.Version + 1)}, 400, protocol.CodeUnsupportedVersion, ""},
		{"version 0", "GET", protocol.PathWhoami, nil, map[string]string{protocol.HeaderVersion: "0"}, 400, protocol.CodeUnsupportedVersion, ""},
		{"garbage version", "GET", protocol.PathWhoami, nil, map[string]string{protocol.HeaderVersion: "v1"}, 400, protocol.CodeUnsupportedVersion, ""},
		{"wrong method", "GET", protocol.PathSession, nil, nil, 405, protocol.CodeMethodNotAllowed, ""},
		{"unknown endpoint", "GET", "/v1/nothing", nil, nil, 404, protocol.CodeNotFound, ""},
		{"outside v1", "GET", "/", nil, nil, 404, protocol.CodeNotFound, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(c.method, c.path, c.body, c.headers)
			er := r.wantError(t, c.status, c.code)
			if er.Field != c.field {
				t.Errorf("field = %q, want %q", er.Field, c.field)
			}
			if c.code == protocol.CodeMethodNotAllowed && r.header.Get("Allow") != "POST" {
				t.Errorf("Allow = %q, want POST", r.header.Get("Allow"))
			}
			// No Go error text on the wire.
			for _, leak := range []string{"json:", "http:", "gzip:", "unexpected EOF", "invalid character"} {
				if strings.Contains(er.Message, leak) {
					t.Errorf("message %q leaks internal error text %q", er.Message, leak)
				}
			}
		})
	}
	// None of that stored anything or locked anyone out.
	if n := len(e.store.Sessions()); n != 0 {
		t.Errorf("%d sessions stored by bad requests", n)
	}
	e.mustLogin("lan.nguyen")
}

func TestGzipRequestAccepted(t *testing.T) {
	e := newEnv(t, server.Config{})
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	json.NewEncoder(zw).Encode(protocol.SessionRequest{User: "lan.nguyen", Password: password, DeviceID: "d1"})
	zw.Close()
	r := e.do("POST", protocol.PathSession, buf.Bytes(), map[string]string{"Content-Encoding": "gzip"})
	if r.status != http.StatusOK {
		t.Fatalf("gzip login: %d %s", r.status, r.body)
	}
}
