package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/cmd/internal/servetest"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// TestServerKilledDuringPushes SIGKILLs the real server while a device
// pushes batches. After a restart every batch the server acknowledged is
// there, the batch in flight is either wholly there or wholly absent, and
// the device, pushing again from its first unacknowledged change, gets
// every change applied exactly once.
func TestServerKilledDuringPushes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "tourdesk-server")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "data")
	ok(t, "", "office", "add", "--data", dir, "--name", "Hà Nội", "--code", "HAN")
	ok(t, "mật khẩu của Lan\n", "user", "add", "--data", dir, "--name", "lan.nguyen", "--role", "agent", "--office", "HAN")
	lan := listUsers(t, dir)["lan.nguyen"]

	const batches, perBatch = 40, 50
	clock := record.NewClock("test-device", record.Stamp{}, nil)
	var all []protocol.PushRequest
	var seq uint64
	for b := range batches {
		req := protocol.PushRequest{BatchID: strconv.Itoa(b), DeviceID: "test-device"}
		for i := range perBatch {
			seq++
			st := clock.Now()
			f := map[string]record.Field{}
			for name, v := range map[string]string{"name": fmt.Sprintf("Khách %d-%d", b, i), "owner_id": lan.ID, "office_id": lan.OfficeID} {
				j, _ := json.Marshal(v)
				f[name] = record.Field{Value: j, Stamp: st}
			}
			req.Changes = append(req.Changes, protocol.Change{DeviceSeq: seq, Kind: app.KindCustomer, ID: record.NewID(), Fields: f})
		}
		all = append(all, req)
	}
	push := func(url, token string, req protocol.PushRequest) (protocol.PushResponse, error) {
		body, _ := json.Marshal(req)
		hr, _ := http.NewRequest("POST", url+protocol.PathPush, bytes.NewReader(body))
		hr.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
		hr.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(hr)
		if err != nil {
			return protocol.PushResponse{}, err
		}
		defer resp.Body.Close()
		var pr protocol.PushResponse
		if resp.StatusCode != http.StatusOK {
			return pr, fmt.Errorf("status %d", resp.StatusCode)
		}
		return pr, json.NewDecoder(resp.Body).Decode(&pr)
	}

	serve, url := servetest.Serve(t, bin, dir)
	_, token := login(t, url, "lan.nguyen", "mật khẩu của Lan")
	acked := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, req := range all {
			if _, err := push(url, token, req); err != nil {
				return
			}
			acked++
		}
	}()
	time.Sleep(150 * time.Millisecond)
	serve.Process.Kill()
	<-done
	serve.Wait()
	t.Logf("%d of %d batches acknowledged before the kill", acked, batches)
	if acked == batches {
		t.Log("every batch was acknowledged before the kill; the test proves less than it could")
	}

	_, url = servetest.Serve(t, bin, dir)
	// The session survived (it was committed before the pushes). The
	// customers are counted from another device: the pushing one's pulls
	// leave out its own changes.
	_, reader := loginDevice(t, url, "lan.nguyen", "mật khẩu của Lan", "test-reader")
	var pull protocol.PullResponse
	count := func() int {
		n, cursor := 0, ""
		for {
			pull = protocol.PullResponse{}
			if s := call(t, "GET", url+protocol.PathPull+"?limit=5000&cursor="+cursor, reader, nil, &pull); s != http.StatusOK {
				t.Fatalf("pull: %d", s)
			}
			for _, r := range pull.Records {
				if r.Kind == string(app.KindCustomer) {
					n++
				}
			}
			cursor = pull.Cursor
			if !pull.More {
				return n
			}
		}
	}
	n := count()
	if n != acked*perBatch && n != (acked+1)*perBatch {
		t.Errorf("after the kill the server holds %d customers; %d batches of %d were acknowledged (one more may have committed unanswered)", n, acked, perBatch)
	}
	// The device pushes again from its first unacknowledged batch.
	for _, req := range all[acked:] {
		pr, err := push(url, token, req)
		if err != nil {
			t.Fatalf("push after restart: %v", err)
		}
		for _, r := range pr.Results {
			if r.Status != protocol.StatusAccepted {
				t.Fatalf("result after restart: %+v", r)
			}
		}
	}
	if n := count(); n != batches*perBatch {
		t.Errorf("in the end the server holds %d customers, want %d", n, batches*perBatch)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("served on %s, not loopback", url)
	}
}
