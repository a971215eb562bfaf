package main

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
)

func TestFileHeldByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	s, err := boltstore.Open(filepath.Join(dir, boltstore.FileName), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// No admin socket answers: the command says who holds the file.
	fails(t, exitFailure, "held by another process", "", "user", "list", "--data", dir)
}

// TestBinary builds the real binary and runs it as an administrator would:
// add an office and a user, serve on a free loopback port, sign in over
// HTTP, then SIGTERM: it must exit 0 promptly.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "tourdesk-server")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "data")

	runBin := func(stdin string, args ...string) (int, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, stderr.String()
	}
	if code, e := runBin("", "office", "add", "--data", dir, "--name", "Hà Nội", "--code", "HAN"); code != 0 {
		t.Fatalf("office add: %d %s", code, e)
	}
	if code, e := runBin("mật khẩu của Lan\n", "user", "add", "--data", dir, "--name", "lan.nguyen", "--role", "agent", "--office", "HAN"); code != 0 {
		t.Fatalf("user add: %d %s", code, e)
	}
	if code, e := runBin("short\n", "user", "passwd", "--data", dir, "--name", "lan.nguyen"); code != 1 || !strings.Contains(e, "at least 8 characters") {
		t.Errorf("short password: exit %d, %q", code, e)
	}

	serve := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", dir)
	stderr, err := serve.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { serve.Process.Kill() })
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	urlRe := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	var url string
	var logs []string
	deadline := time.After(10 * time.Second)
	for url == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("serve exited before listening:\n%s", strings.Join(logs, "\n"))
			}
			logs = append(logs, l)
			if m := urlRe.FindStringSubmatch(l); m != nil {
				url = m[1]
			}
		case <-deadline:
			t.Fatalf("serve did not say where it listens:\n%s", strings.Join(logs, "\n"))
		}
	}

	status, token := login(t, url, "lan.nguyen", "mật khẩu của Lan")
	if status != http.StatusOK || whoami(t, url, token) != http.StatusOK {
		t.Fatalf("login against the binary: %d", status)
	}
	// A second serve on the same data dir fails clearly instead of hanging.
	if code, e := runBin("", "serve", "--addr", "127.0.0.1:0", "--data", dir); code != 2 || !strings.Contains(e, "in use") {
		t.Errorf("second serve: exit %d, %q", code, e)
	}
	// The user list works while serving (through the admin socket).
	if code, e := runBin("", "user", "list", "--data", dir); code != 0 {
		t.Errorf("user list while serving: %d %s", code, e)
	}

	start := time.Now()
	if err := serve.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for l := range lines {
		logs = append(logs, l)
	}
	err = serve.Wait()
	if err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, strings.Join(logs, "\n"))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if !strings.Contains(strings.Join(logs, "\n"), "msg=stopped") {
		t.Errorf("no 'stopped' log line:\n%s", strings.Join(logs, "\n"))
	}
	// The store was closed: the file opens again at once.
	s, err := boltstore.Open(filepath.Join(dir, boltstore.FileName), boltstore.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("data file after shutdown: %v", err)
	}
	s.Close()
}
