package main

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

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// smsProvider is an SMS provider on 127.0.0.1: it keeps each request's
// JSON body and Authorization, and answers 400 to texts holding "REFUSE".
type smsProvider struct {
	mu   sync.Mutex
	got  []map[string]string
	auth []string
}

func (p *smsProvider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var body map[string]string
	json.Unmarshal(b, &body)
	p.mu.Lock()
	defer p.mu.Unlock()
	if strings.Contains(body["text"], "REFUSE") && len(p.auth) < 100 {
		p.auth = append(p.auth, "refused")
		http.Error(w, `{"error":"bad text"}`, http.StatusBadRequest)
		return
	}
	p.got = append(p.got, body)
	p.auth = append(p.auth, r.Header.Get("Authorization"))
	io.WriteString(w, `{"message_id": 42}`)
}

func (p *smsProvider) texts() []map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]string(nil), p.got...)
}

// The messages commands on a store of its own (no server): settings and
// the secret, a one-off SMS, a greeting refused without consent, the
// scheduler run twice on a birthday (one greeting; the one without
// consent skipped with its reason), a refused SMS failed then retried.
func TestMessagesCommands(t *testing.T) {
	p := &smsProvider{}
	srv := httptest.NewServer(p)
	defer srv.Close()
	dir := t.TempDir()

	an := strings.TrimSpace(mustCtl(t, dir, "customer", "add", "--name", "Nguyễn Văn An", "--gender", "male", "--country", "VN",
		"--phone", "0901 234 567", "--birthday", "1985-11-23", "--stage", "customer"))
	binh := strings.TrimSpace(mustCtl(t, dir, "customer", "add", "--name", "Trần Thị Bình", "--country", "VN",
		"--phone", "0912 345 678", "--birthday", "23/11/1990"))
	// An agreed to marketing messages (the form has no flag for it).
	store, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := service.Load[app.Customer](store, an)
	c.MarketingConsent, c.Language = true, "vi"
	if err := store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, an, c); return err }); err != nil {
		t.Fatal(err)
	}
	store.Close()

	mustCtl(t, dir, "messages", "settings", "--sms-url", srv.URL+"/send", "--sms-auth-header", "Authorization", "--sms-from", "SenVang")
	if out := mustCtl(t, dir, "messages", "settings"); !strings.Contains(out, "sms:       POST "+srv.URL+"/send") {
		t.Errorf("settings:\n%s", out)
	}
	code, out, errOut := ctlIn(t, dir, "Bearer k-123\n", "messages", "secrets", "--sms-auth-stdin")
	if code != 0 || !strings.Contains(out, "sms credential: set") {
		t.Fatalf("secrets: %d %q %q", code, out, errOut)
	}
	if fi, err := os.Stat(filepath.Join(dir, "messaging-secrets.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v %v", fi, err)
	}

	out = mustCtl(t, dir, "message", "send", binh, "--channel", "sms", "--text", "Chị Bình ơi, tour Đà Lạt còn 2 chỗ.")
	if !strings.Contains(out, "queued\tsms to +84912345678") {
		t.Errorf("send: %q", out)
	}
	code, _, errOut = ctl(t, dir, "message", "send", binh, "--channel", "sms", "--template", "birthday")
	wantFail(t, code, errOut, exitInput, "has not agreed to marketing messages")
	code, _, errOut = ctl(t, dir, "message", "send", binh, "--channel", "email", "--text", "x")
	wantFail(t, code, errOut, exitInput, "has no email address")

	out = mustCtl(t, dir, "messages", "run", "--once", "--today", "2026-11-23")
	if !strings.Contains(out, "2026-11-23: birthday greetings 1 queued, 1 skipped, 0 already queued") ||
		!strings.Contains(out, "sent 2, retrying 0, failed 0") || !strings.Contains(out, "no marketing consent") {
		t.Errorf("run:\n%s", out)
	}
	texts := p.texts()
	if len(texts) != 2 || texts[0]["text"] != "Chị Bình ơi, tour Đà Lạt còn 2 chỗ." || texts[0]["to"] != "+84912345678" ||
		texts[1]["text"] != "chúc mừng sinh nhật anh An! Chúc anh tuổi mới nhiều sức khỏe, hạnh phúc và những chuyến đi đáng nhớ." || texts[1]["to"] != "+84901234567" {
		t.Errorf("provider got %q", texts)
	}
	if p.auth[0] != "Bearer k-123" {
		t.Errorf("auth = %q", p.auth)
	}
	// Again the same day: nothing more.
	out = mustCtl(t, dir, "messages", "run", "--once", "--today", "2026-11-23")
	if !strings.Contains(out, "0 queued, 0 skipped, 2 already queued") || !strings.Contains(out, "sent 0") || len(p.texts()) != 2 {
		t.Errorf("second run:\n%s", out)
	}

	var skipped []struct {
		ID         string            `json:"id"`
		CustomerID string            `json:"customer_id"`
		Status     app.MessageStatus `json:"status"`
		LastError  string            `json:"last_error"`
		Name       string            `json:"customer_name"`
	}
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "messages", "list", "--status", "skipped", "--json")), &skipped); err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || skipped[0].CustomerID != binh || skipped[0].Name != "Trần Thị Bình" || !strings.Contains(skipped[0].LastError, "no marketing consent") {
		t.Errorf("skipped = %+v", skipped)
	}

	// The provider refuses a text: failed, shown by list; retried after
	// the provider's fix, sent.
	id := strings.Fields(mustCtl(t, dir, "message", "send", an, "--channel", "sms", "--text", "REFUSE me"))[0]
	out = mustCtl(t, dir, "messages", "run", "--once", "--today", "2026-11-23")
	if !strings.Contains(out, "failed 1") || !strings.Contains(out, "failed\t"+id) || !strings.Contains(out, "400") {
		t.Errorf("refused:\n%s", out)
	}
	if out := mustCtl(t, dir, "messages", "list", "--status", "failed"); !strings.Contains(out, id) || !strings.Contains(out, "400 Bad Request") {
		t.Errorf("failed list:\n%s", out)
	}
	p.mu.Lock()
	p.auth = append(p.auth, make([]string, 100)...) // the provider now accepts it
	p.mu.Unlock()
	if out := mustCtl(t, dir, "messages", "retry", id); !strings.Contains(out, id+"\tqueued") {
		t.Errorf("retry: %q", out)
	}
	if out := mustCtl(t, dir, "messages", "run", "--once", "--today", "2026-11-23"); !strings.Contains(out, "sent 1") {
		t.Errorf("after retry:\n%s", out)
	}
	if out := mustCtl(t, dir, "messages", "show", id); !strings.Contains(out, "status:    sent") || !strings.Contains(out, "attempts:  2") || !strings.Contains(out, "(42)") {
		t.Errorf("show:\n%s", out)
	}
	code, _, errOut = ctl(t, dir, "messages", "retry", id)
	wantFail(t, code, errOut, exitInput, "only a failed or waiting message can be retried")

	// A campaign to An and Bình: only An agreed.
	db, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	camp := "0190c2d4-4444-7000-8000-000000000001"
	if err := db.Update(func(tx service.Tx) error {
		_, err := service.StoreEntity(tx, camp, &app.Campaign{Name: "Tết 2027", Channel: app.ChannelSMS, TargetIDs: []string{an, binh}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out = mustCtl(t, dir, "message", "campaign", camp, "--channel", "sms", "--text", "Chào {{.GivenName}}, Tết này đi Nhật cùng Sen Vàng nhé!")
	if !strings.Contains(out, "1 queued, 0 already queued, 1 not sent") || !strings.Contains(out, "customer "+binh+": ") {
		t.Errorf("campaign:\n%s", out)
	}
	mustCtl(t, dir, "messages", "run", "--once", "--today", "2026-11-23")
	if texts := p.texts(); texts[len(texts)-1]["text"] != "Chào An, Tết này đi Nhật cùng Sen Vàng nhé!" {
		t.Errorf("campaign text = %q", texts[len(texts)-1])
	}
}
