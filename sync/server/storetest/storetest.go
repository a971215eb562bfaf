// Package storetest is the conformance suite of server.Store and
// server.RecordStore: one set of
// tests run against every implementation (sync/server/memstore,
// cmd/tourdesk-server's bbolt store), in the manner of perkeep's
// pkg/sorted/kvtest.
package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/server"
)

// Harness is a fresh, empty store under test and the administrative
// operations the suite needs, which server.Store leaves out.
type Harness struct {
	Store server.Store
	// AddAccount stores a new account and returns its user id. u is valid
	// (app.User.Validate passes); its OfficeID, if any, names an office the
	// harness has made sure exists (see AddOffice).
	AddAccount func(u app.User, hash []byte) (string, error)
	// AddOffice stores an office and returns its id.
	AddOffice func(name string) (string, error)
	// SetActive enables or disables the account with the given login.
	SetActive func(login string, active bool) error
	// Records is the same store's server.RecordStore (its Users are the
	// accounts AddAccount adds), or nil for an implementation without
	// one: the record tests are then skipped.
	Records server.RecordStore
}

// Run runs the suite. open is called once per subtest and must return an
// empty store; it registers its own cleanup with t.
func Run(t *testing.T, open func(t *testing.T) Harness) {
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, open(t)) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open(t)) })
	t.Run("ExpiredSessions", func(t *testing.T) { testExpired(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, open(t)) })
	if h := open(t); h.Records == nil {
		t.Log("no RecordStore: record tests skipped")
		return
	}
	runRecords(t, open)
}

func testAccounts(t *testing.T, h Harness) {
	office, err := h.AddOffice("Hà Nội head office")
	if err != nil {
		t.Fatalf("AddOffice: %v", err)
	}
	hash := []byte("$2a$04$not.a.real.hash.but.bytes.all.the.same.........")
	u := app.User{Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: office, Active: true}
	id, err := h.AddAccount(u, hash)
	if err != nil {
		t.Fatalf("AddAccount: %v", err)
	}
	if id == "" {
		t.Fatal("AddAccount returned an empty id")
	}

	byLogin, err := h.Store.AccountByLogin("lan.nguyen")
	if err != nil {
		t.Fatalf("AccountByLogin: %v", err)
	}
	want := u
	want.ID = id
	if byLogin.User != want {
		t.Errorf("AccountByLogin user = %+v, want %+v", byLogin.User, want)
	}
	if !bytes.Equal(byLogin.PasswordHash, hash) {
		t.Errorf("AccountByLogin hash = %q, want %q", byLogin.PasswordHash, hash)
	}
	// The hash returned is the caller's.
	byLogin.PasswordHash[0] = 'X'
	byID, err := h.Store.AccountByID(id)
	if err != nil {
		t.Fatalf("AccountByID: %v", err)
	}
	if byID.User != want || !bytes.Equal(byID.PasswordHash, hash) {
		t.Errorf("AccountByID = %+v %q, want %+v %q (is the returned hash aliased?)", byID.User, byID.PasswordHash, want, hash)
	}

	for _, login := range []string{"nobody", "lan", "LAN.NGUYEN"} {
		if _, err := h.Store.AccountByLogin(login); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("AccountByLogin(%q) error = %v, want app.ErrNotFound", login, err)
		}
	}
	if _, err := h.Store.AccountByID("0190c2d4-0000-7000-8000-000000000000"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("AccountByID(unknown) error = %v, want app.ErrNotFound", err)
	}

	if err := h.SetActive("lan.nguyen", false); err != nil {
		t.Fatalf("SetActive false: %v", err)
	}
	a, err := h.Store.AccountByLogin("lan.nguyen")
	if err != nil {
		t.Fatalf("AccountByLogin of a disabled account: %v (disabled accounts must still be returned)", err)
	}
	if a.User.Active {
		t.Error("disabled account returned with Active true")
	}
	if err := h.SetActive("lan.nguyen", true); err != nil {
		t.Fatalf("SetActive true: %v", err)
	}
	if a, _ := h.Store.AccountByID(id); !a.User.Active {
		t.Error("re-enabled account returned with Active false")
	}
}

func session(n int, user string, expires time.Time) server.Session {
	return server.Session{
		TokenHash: server.HashToken(fmt.Sprintf("token-%d", n)),
		UserID:    user,
		DeviceID:  fmt.Sprintf("device-%d", n),
		CreatedAt: expires.Add(-time.Hour).Round(0),
		ExpiresAt: expires.Round(0),
	}
}

func sameSession(a, b server.Session) bool {
	return a.TokenHash == b.TokenHash && a.UserID == b.UserID && a.DeviceID == b.DeviceID &&
		a.CreatedAt.Equal(b.CreatedAt) && a.ExpiresAt.Equal(b.ExpiresAt)
}

func testSessions(t *testing.T, h Harness) {
	exp := time.Date(2026, 12, 23, 9, 30, 15, 123_000_000, time.UTC)
	s1 := session(1, "u1", exp)
	if err := h.Store.PutSession(s1); err != nil {
		t.Fatalf("PutSession: %v", err)
	}
	got, err := h.Store.Session(s1.TokenHash)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if !sameSession(got, s1) {
		t.Errorf("Session = %+v, want %+v", got, s1)
	}
	if _, err := h.Store.Session(server.HashToken("other")); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("Session(unknown) error = %v, want app.ErrNotFound", err)
	}
	if err := h.Store.DeleteSession(s1.TokenHash); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	if _, err := h.Store.Session(s1.TokenHash); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("Session after delete: error = %v, want app.ErrNotFound", err)
	}
	if err := h.Store.DeleteSession(s1.TokenHash); err != nil {
		t.Errorf("DeleteSession of an absent session: %v, want nil", err)
	}
}

func testExpired(t *testing.T, h Harness) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	past := session(1, "u1", now.Add(-time.Minute))
	atNow := session(2, "u1", now)
	future := session(3, "u2", now.Add(time.Minute))
	for _, s := range []server.Session{past, atNow, future} {
		if err := h.Store.PutSession(s); err != nil {
			t.Fatalf("PutSession: %v", err)
		}
	}
	n, err := h.Store.DeleteExpiredSessions(now)
	if err != nil {
		t.Fatalf("DeleteExpiredSessions: %v", err)
	}
	if n != 2 {
		t.Errorf("DeleteExpiredSessions removed %d, want 2 (expired before and at now)", n)
	}
	if _, err := h.Store.Session(future.TokenHash); err != nil {
		t.Errorf("live session gone after DeleteExpiredSessions: %v", err)
	}
	for _, s := range []server.Session{past, atNow} {
		if _, err := h.Store.Session(s.TokenHash); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("expired session %s still there: %v", s.DeviceID, err)
		}
	}
}

func testConcurrent(t *testing.T, h Harness) {
	exp := time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				s := session(g*100+i, "u", exp)
				if err := h.Store.PutSession(s); err != nil {
					errs <- err
					return
				}
				if _, err := h.Store.Session(s.TokenHash); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
