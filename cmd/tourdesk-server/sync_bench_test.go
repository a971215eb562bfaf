package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// BenchmarkSyncCustomers pushes b.N customers of one agent (batches of
// protocol.MaxPushChanges, gzip) into a fresh bbolt store through the real
// handler on loopback, then pulls them all into an empty device (pages of
// MaxPullLimit, gzip). It reports bytes on the wire per customer each way.
func BenchmarkSyncCustomers(b *testing.B) {
	store, err := boltstore.Open(filepath.Join(b.TempDir(), boltstore.FileName), boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	o, _ := store.AddOffice(app.Office{Name: "Đà Nẵng"})
	hash, _ := server.HashPassword("mật khẩu dài", 4)
	u, err := store.AddUser(app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: o.ID, Active: true}, hash)
	if err != nil {
		b.Fatal(err)
	}
	srv, err := server.New(server.Config{Store: store, BcryptCost: 4})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	var up, down int64
	do := func(method, path, token string, body any, out any) {
		var rd io.Reader
		hdr := http.Header{}
		if body != nil {
			j, _ := json.Marshal(body)
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			zw.Write(j)
			zw.Close()
			up += int64(gz.Len())
			rd = &gz
			hdr.Set("Content-Encoding", "gzip")
		}
		req, _ := http.NewRequest(method, ts.URL+path, rd)
		for k, v := range hdr {
			req.Header[k] = v
		}
		req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
		req.Header.Set("Accept-Encoding", "gzip")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		down += int64(len(raw))
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s %s: %d", method, path, resp.StatusCode)
		}
		var rdr io.Reader = bytes.NewReader(raw)
		if resp.Header.Get("Content-Encoding") == "gzip" {
			rdr, _ = gzip.NewReader(rdr)
		}
		json.NewDecoder(rdr).Decode(out)
	}
	var sess protocol.SessionResponse
	do("POST", protocol.PathSession, "", protocol.SessionRequest{User: "lan", Password: "mật khẩu dài", DeviceID: "d1"}, &sess)
	clock := record.NewClock("d1", record.Stamp{}, nil)

	b.ResetTimer()
	up, down = 0, 0
	var seq uint64
	for start := 0; start < b.N; start += protocol.MaxPushChanges {
		req := protocol.PushRequest{BatchID: record.NewID(), DeviceID: "d1"}
		for i := start; i < min(b.N, start+protocol.MaxPushChanges); i++ {
			seq++
			st := clock.Now()
			f := map[string]record.Field{}
			for name, v := range map[string]any{
				"name": fmt.Sprintf("Nguyễn Văn %d", i), "owner_id": u.ID, "office_id": o.ID, "stage": "customer",
				"phones": []string{fmt.Sprintf("+8490%07d", i)}, "emails": []string{fmt.Sprintf("khach%d@example.vn", i)},
				"province": "Đà Nẵng", "language": "vi", "notes": "Thích đi biển, đi cùng gia đình hai con nhỏ.",
			} {
				j, _ := json.Marshal(v)
				f[name] = record.Field{Value: j, Stamp: st}
			}
			req.Changes = append(req.Changes, protocol.Change{DeviceSeq: seq, Kind: app.KindCustomer, ID: record.NewID(), Fields: f})
		}
		var pr protocol.PushResponse
		do("POST", protocol.PathPush, sess.Token, req, &pr)
	}
	pushUp, pushDown := up, down
	up, down = 0, 0
	var sess2 protocol.SessionResponse
	do("POST", protocol.PathSession, "", protocol.SessionRequest{User: "lan", Password: "mật khẩu dài", DeviceID: "d2"}, &sess2)
	got, cursor := 0, ""
	for {
		var p protocol.PullResponse
		do("GET", protocol.PathPull+"?limit="+strconv.Itoa(protocol.MaxPullLimit)+"&cursor="+cursor, sess2.Token, nil, &p)
		for _, r := range p.Records {
			// The pull also carries the office and user records the
			// server publishes; count the customers pushed above.
			if r.Kind == string(app.KindCustomer) {
				got++
			}
		}
		cursor = p.Cursor
		if !p.More {
			break
		}
	}
	b.StopTimer()
	if got != b.N {
		b.Fatalf("pulled %d of %d", got, b.N)
	}
	b.ReportMetric(float64(pushUp)/float64(b.N), "push-B/rec")
	b.ReportMetric(float64(pushDown)/float64(b.N), "ack-B/rec")
	b.ReportMetric(float64(down)/float64(b.N), "pull-B/rec")
}
