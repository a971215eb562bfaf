package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// TestUserSetOffline: `user set` on the data file (no serve running):
// role and office change together or alone, bad input changes nothing.
func TestUserSetOffline(t *testing.T) {
	dir := t.TempDir()
	ok(t, "", "office", "add", "--data", dir, "--name", "Hà Nội", "--code", "HAN")
	ok(t, "", "office", "add", "--data", dir, "--name", "Sài Gòn", "--code", "SGN")
	ok(t, "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "lan.nguyen", "--role", "agent", "--office", "han")

	out := ok(t, "", "user", "set", "--data", dir, "lan.nguyen", "--role", "Manager")
	if !strings.Contains(out, "lan.nguyen is now manager, office Hà Nội") {
		t.Errorf("user set said %q", out)
	}
	ok(t, "", "user", "set", "--data", dir, "--name", "lan.nguyen", "--office", "sgn")
	if u := listUsers(t, dir)["lan.nguyen"]; u.Role != app.RoleManager || u.OfficeName != "Sài Gòn" || !u.Active {
		t.Errorf("after user set: %+v", u)
	}
	ok(t, "", "user", "set", "--data", dir, "lan.nguyen", "--role", "director", "--office", "-")
	if u := listUsers(t, dir)["lan.nguyen"]; u.Role != app.RoleDirector || u.OfficeID != "" {
		t.Errorf("director with no office: %+v", u)
	}

	fails(t, exitBadInput, "nothing to change", "", "user", "set", "--data", dir, "lan.nguyen")
	fails(t, exitBadInput, `no user "nobody"`, "", "user", "set", "--data", dir, "nobody", "--role", "agent", "--office", "han")
	fails(t, exitBadInput, "role:", "", "user", "set", "--data", dir, "lan.nguyen", "--role", "pilot")
	fails(t, exitBadInput, `no office "DAD"`, "", "user", "set", "--data", dir, "lan.nguyen", "--office", "DAD")
	fails(t, exitBadInput, "office_id: is required", "", "user", "set", "--data", dir, "lan.nguyen", "--role", "agent")
	fails(t, exitBadInput, "give the user name", "", "user", "set", "--data", dir, "--role", "agent")
	if u := listUsers(t, dir)["lan.nguyen"]; u.Role != app.RoleDirector || u.OfficeID != "" {
		t.Errorf("refused changes changed the user: %+v", u)
	}
}

// TestUserSetWhileServing: through the admin socket of a running serve.
// An agent's device that pulled only its own customer pulls the other
// agent's after being made manager (a grant older than its cursor), and
// gets it revoked after moving to another office; the session keeps
// working all along (the account is read on every request).
func TestUserSetWhileServing(t *testing.T) {
	dir := t.TempDir()
	ok(t, "", "office", "add", "--data", dir, "--name", "Hà Nội", "--code", "HAN")
	ok(t, "", "office", "add", "--data", dir, "--name", "Sài Gòn", "--code", "SGN")
	ok(t, "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "lan.nguyen", "--role", "agent", "--office", "han")
	ok(t, "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "minh.tran", "--role", "agent", "--office", "han")
	lan := listUsers(t, dir)["lan.nguyen"]

	url, stop := startServe(t, dir)
	defer stop()
	_, lanToken := loginDevice(t, url, "lan.nguyen", "mật khẩu dài", "lan-laptop")
	_, minhToken := loginDevice(t, url, "minh.tran", "mật khẩu dài", "minh-laptop")

	st := record.Stamp{Wall: 1795000000000, Device: "lan-laptop"}
	id := record.NewID()
	fields := map[string]record.Field{}
	for name, v := range map[string]string{"name": `"Nguyễn Văn An"`, "owner_id": strconv.Quote(lan.ID), "office_id": strconv.Quote(lan.OfficeID)} {
		fields[name] = record.Field{Value: json.RawMessage(v), Stamp: st}
	}
	push := protocol.PushRequest{BatchID: "b1", DeviceID: "lan-laptop", Changes: []protocol.Change{{DeviceSeq: 1, Kind: app.KindCustomer, ID: id, Fields: fields}}}
	var pr protocol.PushResponse
	if s := call(t, "POST", url+protocol.PathPush, lanToken, push, &pr); s != http.StatusOK || pr.Results[0].Status != protocol.StatusAccepted {
		t.Fatalf("push: %d %+v", s, pr)
	}

	cursor := ""
	pull := func() protocol.PullResponse {
		t.Helper()
		var p protocol.PullResponse
		if s := call(t, "GET", url+protocol.PathPull+"?cursor="+cursor, minhToken, nil, &p); s != http.StatusOK {
			t.Fatalf("pull: %d", s)
		}
		cursor = p.Cursor
		return p
	}
	if got := byKind(pull())[app.KindCustomer]; len(got) != 0 {
		t.Fatalf("agent minh pulled customers %v", got)
	}

	// Refusals through the socket exit as they do on the file, and
	// change nothing.
	fails(t, exitBadInput, "role:", "", "user", "set", "--data", dir, "minh.tran", "--role", "pilot")
	fails(t, exitBadInput, `no office "DAD"`, "", "user", "set", "--data", dir, "minh.tran", "--office", "DAD")
	fails(t, exitBadInput, `no user "nobody"`, "", "user", "set", "--data", dir, "nobody", "--role", "agent")
	if p := pull(); len(p.Records)+len(p.Revoked) != 0 {
		t.Errorf("a pull after refused changes: %+v", p)
	}

	ok(t, "", "user", "set", "--data", dir, "minh.tran", "--role", "manager")
	p := pull()
	if got := byKind(p)[app.KindCustomer]; !slices.Equal(got, []string{id}) || !slices.Contains(p.Whole, protocol.Ref{Kind: app.KindCustomer, ID: id}) {
		t.Errorf("manager minh pulled customers %v (whole %v), want %s whole", got, p.Whole, id)
	}
	if k := byKind(p); len(k[app.KindUser]) != 1 {
		t.Errorf("minh's pull after the change: users %v, want his own record with the new role", k[app.KindUser])
	}

	ok(t, "", "user", "set", "--data", dir, "minh.tran", "--office", "SGN")
	p = pull()
	if !slices.Equal(p.Revoked, []protocol.Ref{{Kind: app.KindCustomer, ID: id}}) || len(byKind(p)[app.KindCustomer]) != 0 {
		t.Errorf("minh's pull after moving office: revoked %v, records %v; want the Hà Nội customer revoked", p.Revoked, byKind(p))
	}
	if p := pull(); len(p.Records)+len(p.Revoked) != 0 {
		t.Errorf("a pull with nothing new: %+v", p)
	}
	if u := listUsers(t, dir)["minh.tran"]; u.Role != app.RoleManager || u.OfficeName != "Sài Gòn" {
		t.Errorf("minh.tran = %+v", u)
	}
}
