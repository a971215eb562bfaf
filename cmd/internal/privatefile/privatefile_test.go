package privatefile_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tourdesk/tourdesk/cmd/internal/privatefile"
)

func TestWriteJSON(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "session.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	v := struct {
		Token string `json:"token"`
		N     int    `json:"n"`
	}{"tökén", 2}
	if err := privatefile.WriteJSON(path, v); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"token\": \"tökén\",\n  \"n\": 2\n}\n"; string(got) != want {
		t.Errorf("file %q, want %q", got, want)
	}
	if fi, err := os.Stat(path); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files left in the directory, want the one", len(ents))
	}
	// Something that is no JSON changes nothing.
	if err := privatefile.WriteJSON(path, func() {}); err == nil {
		t.Error("a func was written")
	}
	if again, _ := os.ReadFile(path); string(again) != string(got) {
		t.Errorf("a failed write changed the file to %q", again)
	}
	// A directory that does not exist is an error, not a file elsewhere.
	if err := privatefile.WriteJSON(filepath.Join(dir, "no", "x.json"), v); err == nil {
		t.Error("wrote into a missing directory")
	}
}
