package messaging

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the scheduler's goroutine.
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

// The server's scheduler on a directory nobody logged in yet says so once
// (not every run) with what to do, keeps trying, and stops with the
// server.
func TestStartNotLoggedIn(t *testing.T) {
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	wait := Start(ctx, dir, 5*time.Millisecond, log)
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(logs.String(), "level=") < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // several more runs
	cancel()
	wait()
	out := logs.String()
	if strings.Count(out, "not logged in") != 1 || !strings.Contains(out, "tourdeskctl --data "+dir+" login") {
		t.Errorf("log:\n%s", out)
	}
	if !strings.Contains(out, "messages: scheduler started") || !strings.Contains(out, "messages: scheduler stopped") {
		t.Errorf("log:\n%s", out)
	}
}
