package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

func TestMain(m *testing.M) {
	// In-process commands hash at the lowest cost; the binary test uses
	// the real one.
	bcryptCost = bcrypt.MinCost
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

// cli runs the command in-process with stdin.
func cli(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// ok runs a command that must succeed.
func ok(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	r := cli(t, stdin, args...)
	if r.code != exitOK {
		t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r.stdout
}

// fails runs a command that must fail with code and a one-line error
// holding want.
func fails(t *testing.T, code int, want, stdin string, args ...string) {
	t.Helper()
	r := cli(t, stdin, args...)
	if r.code != code {
		t.Fatalf("%v: exit %d, want %d (stderr %q)", args, r.code, code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "tourdesk-server: ") || !strings.Contains(last, want) {
		t.Errorf("%v: stderr %q, want one line holding %q", args, r.stderr, want)
	}
}

func listUsers(t *testing.T, dir string) map[string]userInfo {
	t.Helper()
	var users []userInfo
	if err := json.Unmarshal([]byte(ok(t, "", "user", "list", "--data", dir, "--json")), &users); err != nil {
		t.Fatal(err)
	}
	out := map[string]userInfo{}
	for _, u := range users {
		out[u.Login] = u
	}
	return out
}

func TestAdminCommands(t *testing.T) {
	dir := t.TempDir()
	ok(t, "", "office", "add", "--data", dir, "--name", "Hà Nội head office", "--code", "HAN", "--country", "VN")
	ok(t, "", "office", "add", "--data", dir, "--name", "Sài Gòn branch", "--code", "SGN")
	fails(t, exitBadInput, "exists already", "", "office", "add", "--data", dir, "--name", "hà nội head office")
	fails(t, exitBadInput, "name: is required", "", "office", "add", "--data", dir)
	if out := ok(t, "", "office", "list", "--data", dir); !strings.Contains(out, "Sài Gòn branch") || !strings.Contains(out, "HAN") {
		t.Errorf("office list:\n%s", out)
	}

	out := ok(t, "correct horse battery\n", "user", "add", "--data", dir, "--name", "Lan.Nguyen", "--full-name", "Nguyễn Thị Lan", "--role", "agent", "--office", "han")
	if !strings.Contains(out, "added user lan.nguyen (agent") {
		t.Errorf("user add said %q", out)
	}
	ok(t, "admin password\r\n", "user", "add", "--data", dir, "--name", "boss", "--role", "admin")
	ok(t, "guide password", "user", "add", "--data", dir, "--name", "hung.le", "--role", "GUIDE", "--office", "Sài Gòn branch")

	fails(t, exitBadInput, "at least 8 characters", "short\n", "user", "add", "--data", dir, "--name", "x.y", "--role", "agent", "--office", "HAN")
	fails(t, exitBadInput, "no password on stdin", "", "user", "add", "--data", dir, "--name", "x.y", "--role", "agent", "--office", "HAN")
	fails(t, exitBadInput, "role:", "long enough pw\n", "user", "add", "--data", dir, "--name", "x.y", "--role", "pilot", "--office", "HAN")
	fails(t, exitBadInput, "office_id: is required", "long enough pw\n", "user", "add", "--data", dir, "--name", "x.y", "--role", "agent")
	fails(t, exitBadInput, `no office "DAD"`, "long enough pw\n", "user", "add", "--data", dir, "--name", "x.y", "--role", "agent", "--office", "DAD")
	fails(t, exitBadInput, "is taken", "long enough pw\n", "user", "add", "--data", dir, "--name", "LAN.NGUYEN", "--role", "agent", "--office", "HAN")
	fails(t, exitBadInput, "password is read from stdin", "", "user", "add", "--data", dir, "--name", "x.y", "--role", "agent", "hunter22")

	users := listUsers(t, dir)
	if len(users) != 3 {
		t.Fatalf("users: %+v", users)
	}
	lan := users["lan.nguyen"]
	if lan.Name != "Nguyễn Thị Lan" || lan.Role != app.RoleAgent || lan.OfficeName != "Hà Nội head office" || !lan.Active {
		t.Errorf("lan = %+v", lan)
	}
	if users["hung.le"].Role != app.RoleGuide || users["boss"].OfficeID != "" {
		t.Errorf("users = %+v", users)
	}
	table := ok(t, "", "user", "list", "--data", dir)
	if !strings.HasPrefix(table, "USER") || !strings.Contains(table, "Nguyễn Thị Lan") {
		t.Errorf("user list:\n%s", table)
	}

	ok(t, "", "user", "disable", "--data", dir, "--name", "lan.nguyen")
	if listUsers(t, dir)["lan.nguyen"].Active {
		t.Error("lan still active after disable")
	}
	if !strings.Contains(ok(t, "", "user", "list", "--data", dir), "disabled") {
		t.Error("user list does not show disabled")
	}
	ok(t, "", "user", "enable", "--data", dir, "--name", "lan.nguyen")
	fails(t, exitBadInput, `no user "nobody"`, "", "user", "disable", "--data", dir, "--name", "nobody")

	// passwd replaces the hash with one of the new password.
	st := func() *boltstore.Store {
		s, err := boltstore.Open(filepath.Join(dir, boltstore.FileName), boltstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ok(t, "a brand new passphrase\n", "user", "passwd", "--data", dir, "--name", "lan.nguyen")
	s := st()
	a, err := s.AccountByLogin("lan.nguyen")
	s.Close()
	if err != nil || bcrypt.CompareHashAndPassword(a.PasswordHash, []byte("a brand new passphrase")) != nil {
		t.Errorf("password not changed: %v", err)
	}
	fails(t, exitBadInput, "at least 8", "2short\n", "user", "passwd", "--data", dir, "--name", "lan.nguyen")

	// backup writes a copy that opens and holds the same users.
	backup := filepath.Join(t.TempDir(), "server-backup.db")
	r := cli(t, "", "backup", backup, "--data", dir)
	if r.code != 0 || !strings.Contains(r.stderr, "backed up") {
		t.Fatalf("backup: %+v", r)
	}
	c, err := boltstore.Open(backup, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if users, _ := c.Users(); len(users) != 3 {
		t.Errorf("backup holds %d users", len(users))
	}
	c.Close()
	fails(t, exitBadInput, "the data file itself", "", "backup", "--data", dir, filepath.Join(dir, "server.db"))
	fails(t, exitFailure, "backup to", "", "backup", "--data", dir, filepath.Join(dir, "no", "such", "dir", "b.db"))
}

func TestUsageErrors(t *testing.T) {
	fails(t, exitBadInput, "no command", "")
	fails(t, exitBadInput, `unknown command "frobnicate"`, "", "frobnicate")
	fails(t, exitBadInput, "user needs a subcommand", "", "user")
	fails(t, exitBadInput, `unknown command "user delete"`, "", "user", "delete")
	fails(t, exitBadInput, "--data DIR is required", "", "user", "list")
	fails(t, exitBadInput, "flag provided but not defined", "", "user", "list", "--data", t.TempDir(), "--verbose")
	fails(t, exitBadInput, "give both --tls-cert and --tls-key", "", "serve", "--data", t.TempDir(), "--tls-cert", "x.pem")
	fails(t, exitBadInput, "TLS certificate", "", "serve", "--data", t.TempDir(), "--tls-cert", "x.pem", "--tls-key", "y.pem")
	fails(t, exitBadInput, "backup: give exactly one FILE", "", "backup", "--data", t.TempDir())
	if r := cli(t, "", "help"); r.code != 0 || !strings.Contains(r.stdout, "user passwd") {
		t.Errorf("help: %+v", r)
	}
}

// startServe runs serve in-process on a free loopback port and returns its
// base URL and a stop func that waits for it to return.
func startServe(t *testing.T, dir string) (url string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveOptions{addr: "127.0.0.1:0", dir: dir, sessionTTL: time.Hour, ready: func(a string) { ready <- a }}, io.Discard)
	}()
	select {
	case addr := <-ready:
		url = "http://" + addr
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	}
	t.Cleanup(stop)
	return url, stop
}

// login posts a session request and returns the status and token.
func login(t *testing.T, url, user, password string) (int, string) {
	t.Helper()
	return loginDevice(t, url, user, password, "test-device")
}

// loginDevice opens a session on device (a device's pulls leave out the
// changes it pushed itself: another device sees what the server holds).
func loginDevice(t *testing.T, url, user, password, device string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(protocol.SessionRequest{User: user, Password: password, DeviceID: device})
	req, _ := http.NewRequest("POST", url+protocol.PathSession, bytes.NewReader(body))
	req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sr protocol.SessionResponse
	json.NewDecoder(resp.Body).Decode(&sr)
	return resp.StatusCode, sr.Token
}

func whoami(t *testing.T, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url+protocol.PathWhoami, nil)
	req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestAdminWhileServing(t *testing.T) {
	dir := t.TempDir()
	ok(t, "", "office", "add", "--data", dir, "--name", "Đà Nẵng", "--code", "DAD")
	url, stop := startServe(t, dir)

	// The file is held by serve: the commands go through the admin socket.
	ok(t, "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "mai.pham", "--role", "manager", "--office", "dad")
	fails(t, exitBadInput, "is taken", "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "mai.pham", "--role", "manager", "--office", "dad")
	fails(t, exitBadInput, "role:", "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "x.y", "--role", "pilot", "--office", "dad")
	fails(t, exitBadInput, `no office "HAN"`, "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "x.y", "--role", "agent", "--office", "HAN")
	if u := listUsers(t, dir)["mai.pham"]; u.Role != app.RoleManager || u.OfficeName != "Đà Nẵng" {
		t.Errorf("mai.pham = %+v", u)
	}

	status, token := login(t, url, "mai.pham", "mật khẩu dài")
	if status != http.StatusOK || whoami(t, url, token) != http.StatusOK {
		t.Fatalf("login through the server: %d", status)
	}
	if n := listUsers(t, dir)["mai.pham"].Sessions; n != 1 {
		t.Errorf("sessions = %d, want 1", n)
	}

	// A backup taken while serving opens and holds the new user.
	backup := filepath.Join(t.TempDir(), "b.db")
	ok(t, "", "backup", "--data", dir, backup)
	c, err := boltstore.Open(backup, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AccountByLogin("mai.pham"); err != nil {
		t.Errorf("backup taken while serving lacks the user: %v", err)
	}
	c.Close()

	// Disabling takes effect at once; so does a password change.
	ok(t, "", "user", "disable", "--data", dir, "--name", "mai.pham")
	if s := whoami(t, url, token); s != http.StatusUnauthorized {
		t.Errorf("disabled user's token: %d, want 401", s)
	}
	if s, _ := login(t, url, "mai.pham", "mật khẩu dài"); s != http.StatusUnauthorized {
		t.Errorf("disabled user's login: %d, want 401", s)
	}
	ok(t, "", "user", "enable", "--data", dir, "--name", "mai.pham")
	ok(t, "another long one\n", "user", "passwd", "--data", dir, "--name", "mai.pham")
	if s, _ := login(t, url, "mai.pham", "mật khẩu dài"); s != http.StatusUnauthorized {
		t.Errorf("old password after passwd: %d, want 401", s)
	}
	if s, _ := login(t, url, "mai.pham", "another long one"); s != http.StatusOK {
		t.Errorf("new password after passwd: %d, want 200", s)
	}

	stop()
	if _, err := os.Stat(filepath.Join(dir, socketName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("admin socket left behind: %v", err)
	}
	// The file is free again: commands work on it directly.
	if len(listUsers(t, dir)) != 1 {
		t.Error("user list after serve stopped")
	}
}
