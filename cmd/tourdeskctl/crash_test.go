//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/servetest"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// The crash tests run the real binaries: tourdesk-server serving on
// loopback and tourdeskctl syncing, SIGKILLed at chosen points.

// buildBinary builds the main package in pkg into dir/name.
func buildBinary(t *testing.T, dir, pkg, name string) string {
	t.Helper()
	bin := filepath.Join(dir, name)
	build := exec.Command("go", "build", "-o", bin, pkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// runBinary runs bin with stdin and fails the test unless it exits 0.
func runBinary(t *testing.T, bin, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\nstdout: %s\nstderr: %s", filepath.Base(bin), args, err, out.String(), errOut.String())
	}
	return out.String()
}

// killProxy stands between the devices and the server. When killAt is
// set, it SIGKILLs the running sync (victim) as soon as the server has
// answered that push request of the run, before the answer is passed on:
// the batch is committed on the server and unknown to the device.
//
// When serverAt is set, it SIGKILLs the server instead, the same way;
// retarget points it at the restarted server.
type killProxy struct {
	url      string
	mu       sync.Mutex
	target   *neturl.URL
	server   *os.Process
	serverAt int         // 0: never
	pushes   int         // push requests answered in this run
	killAt   int         // 0: never
	victim   *os.Process // the running sync
	hit      bool        // the proxy killed the victim or the server
}

func newKillProxy(t *testing.T, server string) *killProxy {
	t.Helper()
	target, err := neturl.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	p := &killProxy{target: target}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		p.mu.Lock()
		defer p.mu.Unlock()
		r.SetURL(p.target)
	}}
	rp.ErrorLog = log.New(io.Discard, "", 0) // a killed client cancels its request
	rp.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.URL.Path != protocol.PathPush {
			return nil
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		p.pushes++
		if p.killAt > 0 && p.pushes == p.killAt && p.victim != nil {
			p.victim.Kill() // SIGKILL: the process runs no more code
			p.hit = true
		}
		if p.serverAt > 0 && p.pushes == p.serverAt && p.server != nil {
			p.server.Kill()
			p.hit = true
			return errors.New("the server was killed")
		}
		return nil
	}
	ts := httptest.NewServer(rp)
	t.Cleanup(ts.Close)
	p.url = ts.URL
	return p
}

// retarget sends what follows to the server at url, run by proc.
func (p *killProxy) retarget(t *testing.T, proc *os.Process, url string) {
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.target, p.server = u, proc
}

// arm readies the proxy for the next sync (killAt 0: no kill).
func (p *killProxy) arm(killAt int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pushes, p.killAt, p.serverAt, p.victim, p.hit = 0, killAt, 0, nil, false
}

func (p *killProxy) killed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hit
}

func (p *killProxy) watch(proc *os.Process) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.victim = proc
}

// killedSync starts `tourdeskctl sync` on dir and SIGKILLs it delay after
// the first progress line for which at says true (at sees every stderr
// line, in order; nil: never), or when the proxy kills it. It reports
// whether the process was killed before the sync ended, and the progress
// lines seen.
func killedSync(t *testing.T, ctlBin, dir string, proxy *killProxy, at func(line string) bool, delay time.Duration) (killed bool, lines []string) {
	t.Helper()
	cmd := exec.Command(ctlBin, "--data", dir, "sync")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	proxy.watch(cmd.Process)
	trigger, done := make(chan struct{}), make(chan struct{})
	defer close(done)
	scanned := make(chan []string)
	go func() {
		var seen []string
		fired := false
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			seen = append(seen, sc.Text())
			if !fired && at != nil && at(sc.Text()) {
				fired = true
				close(trigger)
			}
		}
		scanned <- seen
	}()
	go func() {
		select {
		case <-trigger:
			time.Sleep(delay)
			cmd.Process.Kill() // harmless once the process has ended
		case <-done:
		}
	}()
	lines = <-scanned // EOF: the process ended or was killed
	err = cmd.Wait()
	if err == nil {
		return false, lines
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ProcessState.String() == "signal: killed" {
		return true, lines
	}
	t.Fatalf("sync on %s failed before it was killed: %v\n%s", dir, err, strings.Join(lines, "\n"))
	return false, lines
}

// storeState opens dir's store (it must open after a kill) and returns its
// customers' field values and the length of its outbox.
func storeState(t *testing.T, dir string) (customers map[string]map[string]string, outbox []string) {
	t.Helper()
	s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("%s: the store does not open: %v", dir, err)
	}
	defer s.Close()
	ids, err := s.SortedIDs(app.KindCustomer)
	if err != nil {
		t.Fatal(err)
	}
	customers = map[string]map[string]string{}
	for _, id := range ids {
		r, err := s.Get(app.KindCustomer, id)
		if err != nil {
			t.Fatalf("%s: customer %s listed but not readable: %v", dir, id, err)
		}
		f := map[string]string{}
		for name, v := range r.Fields {
			f[name] = string(v.Value)
		}
		customers[id] = f
	}
	if n, err := s.Count(app.KindCustomer); err != nil || n != len(ids) {
		t.Errorf("%s: Count says %d (%v), the index lists %d", dir, n, err, len(ids))
	}
	out, err := s.Outbox(0)
	if err != nil {
		t.Fatalf("%s: read the outbox: %v", dir, err)
	}
	for _, c := range out {
		outbox = append(outbox, c.ID)
	}
	return customers, outbox
}

// TestCrashSyncKilledMidway first SIGKILLs the real server once it has
// committed a batch of a real `tourdeskctl sync` (the answer lost), then
// SIGKILLs the real tourdeskctl while it pushes a big
// outbox and while it pulls (its own changes coming back, then a fresh
// second device's first pull), and checks each time that the store still
// opens with every record, and in the end that a plain sync completes,
// the outbox is empty with nothing rejected, and the server holds every
// change exactly once (the second device gets all of them with the first
// device's values; the audit log has each field once).
func TestCrashSyncKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binaries")
	}
	start := time.Now()
	tmp := t.TempDir()
	serverBin := buildBinary(t, tmp, "../tourdesk-server", "tourdesk-server")
	ctlBin := buildBinary(t, tmp, ".", "tourdeskctl")
	t.Logf("built in %s", time.Since(start).Round(time.Millisecond))

	serverData := filepath.Join(tmp, "server")
	const password = "mật khẩu của Lan 2026"
	runBinary(t, serverBin, "", "office", "add", "--data", serverData, "--name", "Hà Nội", "--code", "HAN")
	runBinary(t, serverBin, password+"\n", "user", "add", "--data", serverData, "--name", "lan.nguyen", "--role", "agent", "--office", "HAN")
	serverCmd, url := servetest.Serve(t, serverBin, serverData)
	serverProc := serverCmd.Process
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("served on %s, not loopback", url)
	}

	proxy := newKillProxy(t, url)
	proxy.retarget(t, serverProc, url)
	devA, devB := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	for _, dir := range []string{devA, devB} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		runBinary(t, ctlBin, password+"\n", "--data", dir, "login", "--server", proxy.url, "--user", "lan.nguyen")
	}
	var sess session.Session
	if b, err := os.ReadFile(filepath.Join(devA, session.File)); err != nil || json.Unmarshal(b, &sess) != nil {
		t.Fatalf("read A's session: %v", err)
	}

	// A fills its outbox with customers of the logged-in agent, as the app
	// would while offline.
	const n = 4000 // four push batches
	fill := time.Now()
	{
		s, err := localdb.Open(filepath.Join(devA, storeFile), localdb.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		// One transaction per thousand customers, as an import writes them.
		rows := &sliceRows{rows: [][]string{{"name", "notes", "province"}}}
		for i := range n {
			rows.rows = append(rows.rows, []string{fmt.Sprintf("Khách hàng số %d", i), fmt.Sprintf("ghi chú %d", i), "Hà Nội"})
		}
		rep, err := service.ImportCustomers(s, service.Session{UserID: sess.UserID, OfficeID: sess.OfficeID, Role: sess.Role}, rows, service.ImportOptions{})
		if err != nil || rep.Imported != n {
			t.Fatalf("import %d customers: %+v, %v", n, rep, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	want, order := storeState(t, devA)
	t.Logf("%d customers, %d changes in A's outbox, written in %s", len(want), len(order), time.Since(fill).Round(time.Millisecond))
	if len(want) != n || len(order) != n {
		t.Fatalf("A holds %d customers and %d outbox changes, want %d of each", len(want), len(order), n)
	}
	outbox := n

	// onServer asks the server whether it holds customer id.
	api, err := client.New(proxy.url, client.WithToken(sess.Token))
	if err != nil {
		t.Fatal(err)
	}
	onServer := func(id string) bool {
		_, err := api.History(context.Background(), app.KindCustomer, id)
		if err != nil && !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("history of %s: %v", id, err)
		}
		return err == nil
	}

	pushed := func(line string) bool { return strings.HasPrefix(line, "sync: pushed ") }
	// During the pull after a push (the first pull of a sync comes before
	// any push line).
	pullAfterPush := func() func(string) bool {
		seenPush := false
		return func(line string) bool {
			if pushed(line) {
				seenPush = true
			}
			return seenPush && strings.HasPrefix(line, "sync: pulled ")
		}
	}
	kills := []struct {
		name    string
		at      func() func(string) bool
		delay   time.Duration
		proxyAt int
	}{
		// Between the server's commit of a batch and its settling here:
		// killed by the proxy once the server answered the second push.
		{"push, second batch committed on the server, unanswered", nil, 0, 2},
		// Right after a batch was settled.
		{"push, just settled", func() func(string) bool { return pushed }, 0, 0},
		{"pull after the push", pullAfterPush, 0, 0},
	}
	// The server SIGKILLed once it committed A's second batch, its answer
	// lost: the sync fails; after a restart the next one replays the batch.
	{
		proxy.arm(0)
		proxy.mu.Lock()
		proxy.serverAt = 2
		proxy.mu.Unlock()
		cmd := exec.Command(ctlBin, "--data", devA, "sync")
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || !proxy.killed() {
			t.Fatalf("sync with the server killed under it: %v (server killed: %v)\n%s", err, proxy.killed(), out)
		}
		_, left := storeState(t, devA)
		t.Logf("server killed at A's second push: sync exit %d, outbox %d → %d; %s", ee.ExitCode(), outbox, len(left), lastLine(strings.Split(strings.TrimSpace(string(out)), "\n")))
		if len(left) != outbox-client.DefaultBatchSize || !slices.Equal(left, order[n-len(left):]) {
			t.Fatalf("after the server's kill A's outbox holds %d changes, want %d", len(left), outbox-client.DefaultBatchSize)
		}
		outbox = len(left)
		cmd, url := servetest.Serve(t, serverBin, serverData)
		proc := cmd.Process
		proxy.retarget(t, proc, url)
		if !onServer(order[0]) || !onServer(left[0]) || !onServer(left[client.DefaultBatchSize-1]) {
			t.Fatal("after the restart the server lacks the batches it committed")
		}
		proxy.arm(0)
	}
	for _, k := range kills {
		proxy.arm(k.proxyAt)
		var at func(string) bool
		if k.at != nil {
			at = k.at()
		}
		killed, lines := killedSync(t, ctlBin, devA, proxy, at, k.delay)
		got, out := storeState(t, devA)
		left := len(out)
		t.Logf("A killed=%v at %q after %q; outbox %d → %d", killed, k.name, lastLine(lines), outbox, left)
		if !killed && !proxy.killed() {
			t.Fatalf("the kill (%s) never happened: the sync ended first, so this case tested nothing", k.name)
		}
		if len(got) != n {
			t.Fatalf("after the kill (%s) A holds %d customers, want %d", k.name, len(got), n)
		}
		if left > outbox || !slices.Equal(out, order[n-left:]) {
			t.Fatalf("after the kill (%s) A's outbox went from %d to %d changes, not the tail of the first outbox", k.name, outbox, left)
		}
		// What A settled, the server holds.
		if settled := n - left; settled > 0 && (!onServer(order[0]) || !onServer(order[settled-1])) {
			t.Errorf("after the kill (%s) A settled %d changes but the server lacks the first or the last", k.name, settled)
		}
		if k.proxyAt > 0 {
			// The server committed the batch A never heard about.
			if !proxy.killed() || left != outbox-(k.proxyAt-1)*client.DefaultBatchSize || !onServer(out[0]) || !onServer(out[client.DefaultBatchSize-1]) {
				t.Fatalf("the proxy's kill (hit %v) left %d changes in A's outbox; want the batch the server committed (%d changes) still there and on the server", proxy.killed(), left, outbox-(k.proxyAt-1)*client.DefaultBatchSize)
			}
		}
		outbox = left
	}

	// A fresh device B: killed during its first pull, twice.
	for i, delay := range []time.Duration{0, 50 * time.Millisecond} {
		nth := 0
		proxy.arm(0)
		killed, lines := killedSync(t, ctlBin, devB, proxy, func(line string) bool {
			if strings.HasPrefix(line, "sync: pulled ") {
				nth++
			}
			return nth == 2*i+1
		}, delay)
		got, left := storeState(t, devB)
		t.Logf("B killed=%v after %q holding %d customers", killed, lastLine(lines), len(got))
		if !killed {
			t.Fatalf("B's sync %d ended before it was killed, so this case tested nothing", i+1)
		}
		if len(left) != 0 {
			t.Errorf("B made no change, yet its outbox holds %d", len(left))
		}
	}

	// Then a plain sync completes on both.
	proxy.arm(0)
	for _, dir := range []string{devA, devB, devA} {
		out := runBinary(t, ctlBin, "", "--data", dir, "sync")
		if !strings.Contains(out, "rejected 0") || !strings.Contains(out, "conflicts 0") {
			t.Errorf("sync on %s: %s", filepath.Base(dir), out)
		}
	}
	if out := runBinary(t, ctlBin, "", "--data", devA, "sync"); !strings.HasPrefix(out, "pushed 0, rejected 0, pulled 0,") {
		t.Errorf("a sync with nothing to do said %q", out)
	}
	if out := runBinary(t, ctlBin, "", "--data", devA, "conflicts", "rejected"); strings.TrimSpace(out) != "no rejected changes" {
		t.Errorf("A's rejected changes:\n%s", out)
	}
	gotA, leftA := storeState(t, devA)
	if len(leftA) != 0 {
		t.Errorf("A's outbox still holds %d changes", len(leftA))
	}
	gotB, _ := storeState(t, devB)
	for id, fields := range want {
		for name, v := range fields {
			if gotA[id][name] != v {
				t.Errorf("A's customer %s %s: %s, want %s", id, name, gotA[id][name], v)
			}
			if gotB[id][name] != v {
				t.Errorf("B's customer %s %s: %s, want A's %s", id, name, gotB[id][name], v)
			}
		}
	}
	if len(gotA) != n || len(gotB) != n {
		t.Errorf("in the end A holds %d customers and B %d, want %d each", len(gotA), len(gotB), n)
	}

	// No change was applied twice: the audit log of customers from each
	// batch (and its edges) has each field once.
	for _, i := range []int{0, 499, 500, 999, 1000, 1001, 1999, 2000, 2500, 3000, n - 1} {
		id := order[i]
		var h protocol.HistoryResponse
		if err := json.Unmarshal([]byte(runBinary(t, ctlBin, "", "--data", devB, "history", "customer", id, "--json")), &h); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, e := range h.Entries {
			count[e.Field]++
		}
		// The history leaves out the fields created empty.
		filled := 0
		for name, v := range want[id] {
			times := 0
			if !emptyJSONValue(v) {
				times = 1
				filled++
			}
			if count[name] != times {
				t.Errorf("history of customer %s: field %s = %s %d times, want %d", id, name, v, count[name], times)
			}
		}
		if len(h.Entries) != filled {
			t.Errorf("history of customer %s: %d entries for %d filled fields", id, len(h.Entries), filled)
		}
	}
	t.Logf("whole test %s", time.Since(start).Round(time.Millisecond))
}

func lastLine(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[len(lines)-1]
}

// sliceRows is a service.RowSource of rows in memory.
type sliceRows struct {
	rows [][]string
	next int
}

func (r *sliceRows) Next() ([]string, int, error) {
	if r.next == len(r.rows) {
		return nil, r.next, io.EOF
	}
	r.next++
	return r.rows[r.next-1], r.next, nil
}

// emptyJSONValue reports whether v is null, "", 0, false, [] or an object
// of such values: what a new record's history leaves out.
func emptyJSONValue(v string) bool {
	var x any
	if json.Unmarshal([]byte(v), &x) != nil {
		return false
	}
	var empty func(any) bool
	empty = func(x any) bool {
		switch x := x.(type) {
		case nil:
			return true
		case string:
			return x == ""
		case float64:
			return x == 0
		case bool:
			return !x
		case []any:
			return len(x) == 0
		case map[string]any:
			for _, e := range x {
				if !empty(e) {
					return false
				}
			}
			return true
		}
		return false
	}
	return empty(x)
}
