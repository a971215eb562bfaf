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

// The guide files a traveler's feedback in the field, offline; the agent
// files the same booking's form from the return call. Through the real
// server both are accepted, there is one form, the agent's (filed later);
// the agent's complaint with its compensation reaches the operator, who
// may read complaints, and the guide never sees it.
func TestCareFeedbackAndComplaintThroughSync(t *testing.T) {
	url := syncServer(t)
	olga, lan, gia := device(t, url, "olga.le"), device(t, url, "lan.nguyen"), device(t, url, "gia.vo")
	dep := record.NewID()
	withStore(t, olga, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			_, err := service.StoreEntity(tx, dep, &app.Departure{TourID: record.NewID(), Code: "HLG-2D1N-261120", GuideIDs: []string{giaID},
				StartDate: app.Date{Year: 2026, Month: 11, Day: 20}, EndDate: app.Date{Year: 2026, Month: 11, Day: 21}, Capacity: 10, MinTravelers: 1})
			return err
		})
	})
	syncJSON(t, olga)
	syncJSON(t, lan)
	booking, _, _ := bookOn(t, lan, dep, "Adult:adult:2:3.000.000", "2.000.000")
	syncJSON(t, lan)
	syncJSON(t, gia)

	mustCtl(t, gia, "feedback", "add", booking, "--overall", "4", "--guide", "5", "--comment", "told by Anh An on the bus", "--today", "2026-11-21")
	if s := syncJSON(t, gia); s.Pushed != 1 || len(s.Rejected) != 0 {
		t.Fatalf("guide's feedback: %+v", s)
	}
	mustCtl(t, lan, "feedback", "add", booking, "--overall", "5", "--hotel", "3", "--comment", "return call", "--today", "2026-11-22")
	cp := strings.Fields(mustCtl(t, lan, "complaint", "add", booking, "--what", "Cold room", "--today", "2026-11-22"))[0]
	mustCtl(t, lan, "complaint", "move", cp, "resolved", "--resolution", "Apologised", "--compensation", "200.000", "--today", "2026-11-22")
	if s := syncJSON(t, lan); len(s.Rejected) != 0 {
		t.Fatalf("agent's feedback and complaint: %+v", s.Rejected)
	}
	syncJSON(t, gia)
	syncJSON(t, olga)
	for name, dir := range map[string]string{"lan": lan, "gia": gia, "olga": olga} {
		out := mustCtl(t, dir, "feedback", "show", booking)
		if !strings.Contains(out, "overall 5/5, guide –, hotel 3/5") || !strings.Contains(out, "return call") {
			t.Errorf("%s's feedback:\n%s", name, out)
		}
	}
	if out := mustCtl(t, olga, "complaint", "show", cp); !strings.Contains(out, "resolved") || !strings.Contains(out, "200.000 ₫") {
		t.Errorf("operator's complaint:\n%s", out)
	}
	code, _, errOut := ctl(t, gia, "complaint", "show", cp)
	if code != exitInput || !strings.Contains(errOut, "not found") {
		t.Errorf("the guide sees the complaint: exit %d %q", code, errOut)
	}
}
