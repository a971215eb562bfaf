package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/messaging"
	"github.com/tourdesk/tourdesk/localdb"
)

const schedID = "0190c2d4-2222-7000-8000-0000000000aa"

// The whole path through the sync server: Lan (an agent) queues an SMS to
// her customer on her laptop and syncs; the scheduler's directory (an
// admin's, as `tourdesk-server serve --messages-data` uses it) syncs,
// greets the customer whose birthday is today, sends both, and syncs back;
// Lan's next sync brings both messages as sent and their interactions —
// hers logged as hers. A second scheduler run (tourdeskctl messages run)
// the same day sends nothing more.
func TestMessagesThroughServer(t *testing.T) {
	url := syncServerWith(t,
		app.User{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: syncOffice, Active: true},
		app.User{ID: schedID, Name: "Scheduler", Login: "scheduler", Role: app.RoleAdmin, Active: true})
	p := &smsProvider{}
	sms := httptest.NewServer(p)
	defer sms.Close()

	lan, sched := t.TempDir(), t.TempDir()
	if code, _, errOut := ctlIn(t, lan, syncPassword+"\n", "login", "--server", url, "--user", "lan.nguyen"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := ctlIn(t, sched, syncPassword+"\n", "login", "--server", url, "--user", "scheduler"); code != 0 {
		t.Fatal(errOut)
	}
	// The admin sets the SMS provider (synced) and its secret (not).
	mustCtl(t, sched, "messages", "settings", "--sms-url", sms.URL+"/send", "--sms-auth-header", "Authorization")
	if code, _, errOut := ctlIn(t, sched, "Bearer k\n", "messages", "secrets", "--sms-auth-stdin"); code != 0 {
		t.Fatal(errOut)
	}

	today := time.Now()
	birthday := app.Date{Year: 1985, Month: today.Month(), Day: today.Day()}
	if birthday.Month == time.February && birthday.Day == 29 {
		birthday.Year = 1988
	}
	cust := strings.TrimSpace(mustCtl(t, lan, "customer", "add", "--name", "Nguyễn Văn An", "--gender", "male", "--country", "VN",
		"--phone", "0901 234 567", "--birthday", birthday.String(), "--stage", "customer"))
	db, err := localdb.Open(filepath.Join(lan, storeFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := service.Load[app.Customer](db, cust)
	c.MarketingConsent = true
	if err := db.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, cust, c); return err }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Lan's laptop makes today's birthday task (open) before it syncs.
	mustCtl(t, lan, "care", "generate")
	type taskRow struct {
		ID string `json:"id"`
		app.Task
	}
	birthdayTask := func(args ...string) *taskRow {
		t.Helper()
		var ts []taskRow
		if err := json.Unmarshal([]byte(mustCtl(t, lan, append([]string{"tasks", "--json"}, args...)...)), &ts); err != nil {
			t.Fatal(err)
		}
		for _, tk := range ts {
			if tk.Type == app.TaskBirthday && tk.CustomerID == cust {
				return &tk
			}
		}
		return nil
	}
	if tk := birthdayTask(); tk == nil || tk.Status != app.TaskOpen {
		t.Fatalf("Lan's birthday task before the greeting: %+v", tk)
	}
	id := strings.Fields(mustCtl(t, lan, "message", "send", cust, "--channel", "sms", "--text", "Anh An ơi, vé đã xuất, em gửi anh nhé."))[0]
	mustCtl(t, lan, "sync")

	rep, err := messaging.RunDir(context.Background(), sched, time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SyncError != "" || rep.Birthdays.Queued != 1 || rep.Delivered.Sent != 2 {
		t.Fatalf("scheduler run: %+v", rep)
	}
	if texts := p.texts(); len(texts) != 2 || texts[0]["text"] != "Anh An ơi, vé đã xuất, em gửi anh nhé." || !strings.Contains(texts[1]["text"], "chúc mừng sinh nhật anh An!") {
		t.Errorf("provider got %q", texts)
	}

	mustCtl(t, lan, "sync")
	// The greeting went out: Lan's birthday task came back done by the
	// scheduler, and her Today list no longer has it.
	if tk := birthdayTask("--all"); tk == nil || tk.Status != app.TaskDone || tk.DoneBy != schedID || !strings.HasPrefix(tk.Notes, "Greeted by SMS (+84901234567) on ") {
		t.Errorf("Lan's birthday task after the greeting: %+v", tk)
	}
	if tk := birthdayTask(); tk != nil {
		t.Errorf("still on Lan's Today list: %+v", tk)
	}
	var rows []struct {
		ID            string            `json:"id"`
		Status        app.MessageStatus `json:"status"`
		Template      string            `json:"template"`
		InteractionID string            `json:"interaction_id"`
	}
	if err := json.Unmarshal([]byte(mustCtl(t, lan, "messages", "list", "--customer", cust, "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("Lan sees %d messages, want 2: %+v", len(rows), rows)
	}
	db, err = localdb.Open(filepath.Join(lan, storeFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, r := range rows {
		if r.Status != app.MessageSent || r.InteractionID == "" {
			t.Errorf("on Lan's laptop: %+v", r)
			continue
		}
		it, err := service.Load[app.Interaction](db, r.InteractionID)
		if err != nil {
			t.Fatalf("interaction of %s: %v", r.ID, err)
		}
		wantUser := schedID
		if r.ID == id {
			wantUser = lanID
		}
		if it.UserID != wantUser || it.CustomerID != cust || it.Type != app.InteractionSMS {
			t.Errorf("interaction of %s = %+v, want by %s", r.ID, it, wantUser)
		}
	}
	db.Close()

	out := mustCtl(t, sched, "messages", "run", "--once")
	if !strings.Contains(out, "0 queued, 0 skipped, 1 already queued") || !strings.Contains(out, "sent 0") || len(p.texts()) != 2 {
		t.Errorf("second run:\n%s", out)
	}
}
