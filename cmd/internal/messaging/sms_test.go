package messaging

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// provider is an SMS provider on 127.0.0.1 that records each request and
// answers with the status of its next entry in answers (200 when none).
type provider struct {
	mu       sync.Mutex
	requests []smsRequest
	answers  []int
}

type smsRequest struct {
	Method, Path, Query, Auth, ContentType, Idempotency string
	Body                                                map[string]string
}

func (p *provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	req := smsRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"),
		ContentType: r.Header.Get("Content-Type"), Idempotency: r.Header.Get("Idempotency-Key")}
	json.Unmarshal(b, &req.Body)
	p.mu.Lock()
	p.requests = append(p.requests, req)
	status := http.StatusOK
	if len(p.answers) > 0 {
		status, p.answers = p.answers[0], p.answers[1:]
	}
	n := len(p.requests)
	p.mu.Unlock()
	w.WriteHeader(status)
	if status == http.StatusOK {
		json.NewEncoder(w).Encode(map[string]any{"id": "sms-" + string(rune('0'+n)), "status": "accepted"})
	} else {
		io.WriteString(w, `{"error": "try later"}`)
	}
}

func (p *provider) got() []smsRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]smsRequest(nil), p.requests...)
}

// A customer with no email gets the birthday greeting by SMS: the generic
// JSON POST reaches the provider with the credential, the E.164 number and
// the Vietnamese text intact; the provider's id is kept. A 503 is retried,
// a 400 fails the message.
func TestBirthdaySMS(t *testing.T) {
	p := &provider{answers: []int{http.StatusServiceUnavailable}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	f := newFixture(t, nil, srv.URL+"/v1/sms?sender={{query .From}}")

	// No SMTP in the settings and the customer has a phone: SMS. The first
	// answer is 503: queued again.
	if rep := f.run(t); rep.Delivered.Retrying != 1 {
		t.Fatalf("report %+v", rep)
	}
	if g := f.greeting(t); g.Status != app.MessageQueued || !strings.Contains(g.LastError, "503") {
		t.Fatalf("after 503: %+v", g)
	}
	f.clock = f.clock.Add(time.Minute)
	if rep := f.run(t); rep.Delivered.Sent != 1 {
		t.Fatalf("report %+v", rep)
	}
	reqs := p.got()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	r := reqs[1]
	g := f.greeting(t)
	wantText := "Sen Vàng Travel chúc mừng sinh nhật anh An! Chúc anh tuổi mới nhiều sức khỏe, hạnh phúc và những chuyến đi đáng nhớ."
	if r.Method != http.MethodPost || r.Path != "/v1/sms" || r.Query != "sender=SenVang" || r.Auth != "Bearer sms-key" ||
		r.ContentType != "application/json" || r.Idempotency != g.ID {
		t.Errorf("request = %+v", r)
	}
	if r.Body["to"] != "+84901234567" || r.Body["text"] != wantText || r.Body["from"] != "SenVang" || r.Body["id"] != g.ID {
		t.Errorf("body = %q", r.Body)
	}
	if g.Channel != app.ChannelSMS || g.Status != app.MessageSent || g.ProviderID != "sms-2" || g.Attempts != 2 {
		t.Errorf("greeting = %+v", g)
	}

	// The provider refuses a request as it is: failed at once.
	p.mu.Lock()
	p.answers = []int{http.StatusBadRequest}
	p.mu.Unlock()
	msgs := service.NewMessages(f.store, f.runner.Session)
	msgs.SetClock(func() time.Time { return f.clock })
	m, err := msgs.Send(f.customer, app.ChannelSMS, app.TemplatePaymentReminder+"x")
	if err != nil {
		t.Fatal(err)
	}
	if m.Body != "payment_reminderx" {
		t.Errorf("an unknown template name is sent as text: %q", m.Body)
	}
	rep, _ := f.runner.RunOnce(t.Context(), app.DateOf(f.clock), false)
	if rep.Delivered.Failed != 1 {
		t.Fatalf("report %+v", rep)
	}
	if got, _ := msgs.Get(m.ID); got.Status != app.MessageFailed || !strings.Contains(got.LastError, "400") {
		t.Errorf("400: %+v", got)
	}
}

// Without the credential on this machine, an SMS waits with the reason
// and uses no attempt.
func TestSMSNotConfigured(t *testing.T) {
	p := &provider{}
	srv := httptest.NewServer(p)
	defer srv.Close()
	f := newFixture(t, nil, srv.URL+"/send")
	f.runner.Senders.SMS = &SMS{}
	if rep := f.run(t); rep.Delivered.Waiting != 1 {
		t.Fatalf("report %+v", rep)
	}
	if g := f.greeting(t); g.Status != app.MessageQueued || g.Attempts != 0 || !strings.Contains(g.LastError, "no credential") || len(p.got()) != 0 {
		t.Errorf("greeting = %+v", g)
	}
}

func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvSMTPPassword, "")
	os.Unsetenv(EnvSMTPPassword)
	if s, err := LoadSecrets(dir); err != nil || s != (Secrets{}) {
		t.Fatalf("no file: %+v %v", s, err)
	}
	if err := WriteSecrets(dir, Secrets{SMTPPassword: "p@ss", SMSAuth: "Bearer k"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, SecretsFile)
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if s, err := LoadSecrets(dir); err != nil || s.SMTPPassword != "p@ss" || s.SMSAuth != "Bearer k" {
		t.Errorf("read back: %+v %v", s, err)
	}
	t.Setenv(EnvSMTPPassword, "from-env")
	if s, _ := LoadSecrets(dir); s.SMTPPassword != "from-env" || s.SMSAuth != "Bearer k" {
		t.Errorf("env override: %+v", s)
	}
	os.Chmod(path, 0o644)
	if _, err := LoadSecrets(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("world-readable file: %v", err)
	}
}
