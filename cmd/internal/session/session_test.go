package session_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
)

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := session.Session{
		Server: "http://127.0.0.1:8700", Token: "tökén", DeviceID: "dev-1",
		UserID: "0190c2d4-3333-7000-8000-000000000001", Login: "lan", Name: "Nguyễn Thị Lan",
		Role: app.RoleAgent, OfficeID: "0190c2d4-1111-7000-8000-000000000001",
		ExpiresAt: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
	}
	if err := session.Write(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := session.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("read %+v, want %+v", got, want)
	}
	path := filepath.Join(dir, "session.json")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// The format tourdeskctl and the desktop app wrote before this package:
	// the field names are what other binaries on the same directory read.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const file = `{
  "server": "http://127.0.0.1:8700",
  "token": "tökén",
  "device_id": "dev-1",
  "user_id": "0190c2d4-3333-7000-8000-000000000001",
  "login": "lan",
  "name": "Nguyễn Thị Lan",
  "role": "agent",
  "office_id": "0190c2d4-1111-7000-8000-000000000001",
  "expires_at": "2026-11-30T09:00:00Z"
}
`
	if string(raw) != file {
		t.Errorf("file\n%s\nwant\n%s", raw, file)
	}
	// Writing again replaces it, and leaves no temporary file.
	want.Token = "second"
	if err := session.Write(dir, want); err != nil {
		t.Fatal(err)
	}
	if got, err := session.Read(dir); err != nil || got.Token != "second" {
		t.Errorf("after a second write: token %q, %v; want second", got.Token, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files in the directory, want session.json alone", len(ents))
	}
}

func TestReadAbsent(t *testing.T) {
	_, err := session.Read(t.TempDir())
	if !errors.Is(err, session.ErrNotLoggedIn) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("absent: %v, want ErrNotLoggedIn and fs.ErrNotExist", err)
	}
	if errors.Is(err, session.ErrDamaged) {
		t.Errorf("absent: %v matches ErrDamaged", err)
	}
}

func TestReadDamaged(t *testing.T) {
	for name, body := range map[string]string{
		"not JSON":   "{\"server\": \"http://127.0.0.1:8700\", \"tok",
		"empty":      "",
		"null":       "null",
		"no token":   `{"server": "http://127.0.0.1:8700", "device_id": "dev-1"}`,
		"no server":  `{"token": "t", "device_id": "dev-1"}`,
		"wrong type": `{"server": "http://127.0.0.1:8700", "token": 7}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "session.json"), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := session.Read(dir)
			if !errors.Is(err, session.ErrDamaged) {
				t.Fatalf("read %q: %v, want ErrDamaged", body, err)
			}
			if errors.Is(err, session.ErrNotLoggedIn) || errors.Is(err, fs.ErrNotExist) {
				t.Errorf("damaged: %v matches not-logged-in", err)
			}
			if s != (session.Session{}) {
				t.Errorf("damaged file gave %+v, want the zero session", s)
			}
		})
	}
}

// A session.json that cannot be read (here: a directory) is neither absent
// nor damaged: the file system's error comes back.
func TestReadOtherError(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "session.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := session.Read(dir)
	if err == nil || errors.Is(err, session.ErrNotLoggedIn) || errors.Is(err, session.ErrDamaged) {
		t.Errorf("directory: %v, want a plain read error", err)
	}
}
