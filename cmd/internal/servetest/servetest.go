// Package servetest starts the real tourdesk-server binary for the tests of
// the binaries (crash tests, end-to-end runs). Only _test files import it.
package servetest

import (
	"bufio"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

var urlRe = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)

// Serve runs `bin serve` on a free loopback port over the data directory
// dir, waits until it logs the address it listens on, and returns the
// running command and its base URL. It fails the test, with the server's
// log, when serve exits first or says nothing for 10 s. The process is
// killed at cleanup if the test has not stopped it.
func Serve(t testing.TB, bin, dir string) (*exec.Cmd, string) {
	t.Helper()
	serve := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", dir)
	stderr, err := serve.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { serve.Process.Kill(); serve.Wait() })
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default: // nobody reads the log once the URL is known
			}
		}
	}()
	var logs []string
	deadline := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("serve exited before listening:\n%s", strings.Join(logs, "\n"))
			}
			logs = append(logs, l)
			if m := urlRe.FindStringSubmatch(l); m != nil {
				return serve, m[1]
			}
		case <-deadline:
			t.Fatalf("serve did not say where it listens:\n%s", strings.Join(logs, "\n"))
		}
	}
}
