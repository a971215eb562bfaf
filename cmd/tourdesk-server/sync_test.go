package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

func byKind(p protocol.PullResponse) map[app.Kind][]string {
	out := map[app.Kind][]string{}
	for _, r := range p.Records {
		out[app.Kind(r.Kind)] = append(out[app.Kind(r.Kind)], r.ID)
	}
	return out
}

// call sends an authenticated request to a running serve and decodes the
// answer into out; it returns the status.
func call(t *testing.T, method, url, token string, body, out any) int {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// A push acknowledged by serve survives a restart, a replay after the
// restart is answered the same and not applied again, and the rules of
// app/access are in force (another agent sees nothing).
func TestPushPullThroughServe(t *testing.T) {
	dir := t.TempDir()
	ok(t, "", "office", "add", "--data", dir, "--name", "Đà Nẵng", "--code", "DAD")
	ok(t, "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "lan.nguyen", "--role", "agent", "--office", "dad")
	ok(t, "mật khẩu dài\n", "user", "add", "--data", dir, "--name", "minh.tran", "--role", "agent", "--office", "dad")
	users := listUsers(t, dir)
	lan := users["lan.nguyen"]

	url, stop := startServe(t, dir)
	_, token := login(t, url, "lan.nguyen", "mật khẩu dài")
	st := record.Stamp{Wall: 1795000000000, Device: "test-device"}
	fields := map[string]record.Field{}
	for name, v := range map[string]string{"name": `"Nguyễn Văn An"`, "owner_id": strconv.Quote(lan.ID), "office_id": strconv.Quote(lan.OfficeID)} {
		fields[name] = record.Field{Value: json.RawMessage(v), Stamp: st}
	}
	id := record.NewID()
	push := protocol.PushRequest{BatchID: "b1", DeviceID: "test-device", Changes: []protocol.Change{{DeviceSeq: 1, Kind: app.KindCustomer, ID: id, Fields: fields}}}
	var first protocol.PushResponse
	if s := call(t, "POST", url+protocol.PathPush, token, push, &first); s != http.StatusOK || first.Results[0].Status != protocol.StatusAccepted {
		t.Fatalf("push: %d %+v", s, first)
	}
	stop()

	url, _ = startServe(t, dir)
	var again protocol.PushResponse
	if s := call(t, "POST", url+protocol.PathPush, token, push, &again); s != http.StatusOK || !reflect.DeepEqual(again.Results[0], first.Results[0]) || again.NextDeviceSeq != 2 {
		t.Errorf("replay after restart: %d %+v, want %+v", s, again, first)
	}
	// Pulled from another device: the pushing one's pulls leave out its
	// own changes.
	_, desktop := loginDevice(t, url, "lan.nguyen", "mật khẩu dài", "test-desktop")
	var pull protocol.PullResponse
	if s := call(t, "GET", url+protocol.PathPull, desktop, nil, &pull); s != http.StatusOK || len(byKind(pull)[app.KindCustomer]) != 1 || byKind(pull)[app.KindCustomer][0] != id {
		t.Errorf("pull after restart: %d %+v", s, pull)
	}
	// Offices and users are published as records (the catalogue), without
	// password hashes.
	if k := byKind(pull); len(k[app.KindOffice]) != 1 || len(k[app.KindUser]) != 2 {
		t.Errorf("catalogue pulled: %v; want the office and both users", k)
	}
	for _, r := range pull.Records {
		if _, ok := r.Fields["password_hash"]; ok {
			t.Errorf("a %s record carries a password hash", r.Kind)
		}
	}
	var h protocol.HistoryResponse
	if s := call(t, "GET", url+protocol.PathHistory+"customer/"+id, token, nil, &h); s != http.StatusOK || len(h.Entries) != 3 {
		t.Errorf("history: %d %+v; want the 3 fields once", s, h)
	}
	_, other := login(t, url, "minh.tran", "mật khẩu dài")
	pull = protocol.PullResponse{}
	if s := call(t, "GET", url+protocol.PathPull, other, nil, &pull); s != http.StatusOK || len(byKind(pull)[app.KindCustomer]) != 0 {
		t.Errorf("another agent's pull: %d %+v", s, pull)
	}
	if s := call(t, "GET", url+protocol.PathHistory+"customer/"+id, other, nil, nil); s != http.StatusForbidden {
		t.Errorf("another agent's history: %d, want 403", s)
	}
}
