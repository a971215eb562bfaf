package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// The agent's laptop and the manager's both generate An's birthday task
// offline, through the real sync server; the agent marks it done before
// the manager's run. After everyone syncs there is one task on each
// device, on the server's side accepted from both, and it is still done.
func TestCareTasksOneAfterSync(t *testing.T) {
	url := syncServer(t)
	lan, mai := device(t, url, "lan.nguyen"), device(t, url, "mai.pham")
	newCustomer(t, lan)
	edit(t, lan, custID, "birthday", "1980-11-23")
	if s := syncJSON(t, lan); len(s.Rejected) != 0 {
		t.Fatalf("lan's customer: %+v", s.Rejected)
	}
	syncJSON(t, mai)
	// The manager's laptop holds the office's users, as the server's
	// user records reach it (this test server keeps accounts only).
	withStore(t, mai, func(s *localdb.Store) error {
		values, err := record.Encode(&app.User{Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: syncOffice, Active: true})
		if err != nil {
			return err
		}
		rec := record.Record{Kind: string(app.KindUser), ID: lanID, Fields: map[string]record.Field{}}
		for n, v := range values {
			rec.Fields[n] = record.Field{Value: v, Stamp: record.Stamp{Wall: 1, Device: "server"}}
		}
		_, _, err = s.ApplyRemote([]record.Record{rec})
		return err
	})

	out := mustCtl(t, lan, "care", "generate", "--today", "2026-11-23", "--json")
	var made struct {
		Created []struct {
			ID         string `json:"id"`
			AssigneeID string `json:"assignee_id"`
		} `json:"created"`
		Refused int `json:"refused"`
	}
	if err := json.Unmarshal([]byte(out), &made); err != nil || len(made.Created) != 1 {
		t.Fatalf("lan's run: %v %s", err, out)
	}
	task := made.Created[0].ID
	mustCtl(t, lan, "task", "done", task, "--note", "Sent flowers")
	out = mustCtl(t, mai, "care", "generate", "--today", "2026-11-23", "--json")
	if err := json.Unmarshal([]byte(out), &made); err != nil || len(made.Created) != 1 || made.Created[0].ID != task || made.Created[0].AssigneeID != lanID {
		t.Fatalf("the manager's run: %v %s", err, out)
	}

	for _, dir := range []string{lan, mai, lan} {
		if s := syncJSON(t, dir); len(s.Rejected) != 0 {
			t.Fatalf("sync refused %+v", s.Rejected)
		}
	}
	for name, dir := range map[string]string{"lan": lan, "mai": mai} {
		s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{})
		if err != nil {
			t.Fatal(err)
		}
		n, _ := s.Count(app.KindTask)
		tk, err := service.Load[app.Task](s, task)
		s.Close()
		if n != 1 || err != nil || tk.Status != app.TaskDone || tk.Notes != "Sent flowers" {
			t.Errorf("%s: %d tasks, %+v %v; want one, done", name, n, tk, err)
		}
	}
	if out := mustCtl(t, mai, "tasks", "--all"); strings.Count(out, "\n") != 1 || !strings.Contains(out, "done") {
		t.Errorf("manager's tasks:\n%s", out)
	}
}
