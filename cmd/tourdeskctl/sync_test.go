package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

const (
	syncOffice   = "0190c2d4-1111-7000-8000-000000000001"
	syncPassword = "mật khẩu đúng 2026"
	lanID        = "0190c2d4-2222-7000-8000-000000000001"
	minhID       = "0190c2d4-2222-7000-8000-000000000002"
	maiID        = "0190c2d4-2222-7000-8000-000000000003"
	olgaID       = "0190c2d4-2222-7000-8000-000000000004"
	giaID        = "0190c2d4-2222-7000-8000-000000000005"
	custID       = "0190c2d4-3333-7000-8000-000000000001"
)

// syncServer starts the real sync handler over a memory store on
// loopback: two agents and their office's manager.
func syncServer(t *testing.T) string {
	t.Helper()
	return syncServerWith(t,
		app.User{ID: lanID, Name: "Nguyễn Thị Lan", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: syncOffice, Active: true},
		app.User{ID: minhID, Name: "Trần Văn Minh", Login: "minh.tran", Role: app.RoleAgent, OfficeID: syncOffice, Active: true},
		app.User{ID: maiID, Name: "Phạm Thị Mai", Login: "mai.pham", Role: app.RoleManager, OfficeID: syncOffice, Active: true},
		app.User{ID: olgaID, Name: "Lê Văn Olga", Login: "olga.le", Role: app.RoleOperator, OfficeID: syncOffice, Active: true},
		app.User{ID: giaID, Name: "Võ Văn Gia", Login: "gia.vo", Role: app.RoleGuide, OfficeID: syncOffice, Active: true},
	)
}

// syncServerWith starts the real sync handler over a memory store on
// loopback with users, each with the password syncPassword.
func syncServerWith(t *testing.T, users ...app.User) string {
	t.Helper()
	store := memstore.New()
	hash, err := server.HashPassword(syncPassword, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		store.PutAccount(server.Account{User: u, PasswordHash: hash})
	}
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// ctlIn runs tourdeskctl on dir with stdin.
func ctlIn(t *testing.T, dir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"--data", dir}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// wantFail checks a run failed with code and one line of stderr holding want.
func wantFail(t *testing.T, code int, stderr string, wantCode int, want string) {
	t.Helper()
	if code != wantCode || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "tourdeskctl: ") || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, stderr %q; want exit %d and one line holding %q", code, stderr, wantCode, want)
	}
}

// device is a data directory logged in as login.
func device(t *testing.T, url, login string) string {
	t.Helper()
	dir := t.TempDir()
	if code, _, errOut := ctlIn(t, dir, syncPassword+"\n", "login", "--server", url, "--user", login); code != 0 {
		t.Fatalf("login %s: exit %d: %s", login, code, errOut)
	}
	return dir
}

// edit saves fields of a customer in dir's store, as the app would.
func edit(t *testing.T, dir, id string, kv ...any) {
	t.Helper()
	s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	values := map[string]json.RawMessage{}
	for i := 0; i+1 < len(kv); i += 2 {
		values[kv[i].(string)], _ = json.Marshal(kv[i+1])
	}
	if err := s.Update(func(tx service.Tx) error { _, err := tx.Save(app.KindCustomer, id, values); return err }); err != nil {
		t.Fatal(err)
	}
}

// get returns a customer of dir's store (ok false when absent).
func get(t *testing.T, dir, id string) (record.Record, bool) {
	t.Helper()
	s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Get(app.KindCustomer, id)
	return r, err == nil
}

func value(t *testing.T, dir, id, field string) string {
	t.Helper()
	r, ok := get(t, dir, id)
	if !ok {
		t.Fatalf("%s: no customer %s", dir, id)
	}
	return string(r.Fields[field].Value)
}

// syncJSON syncs dir and returns the summary.
func syncJSON(t *testing.T, dir string) client.Summary {
	t.Helper()
	code, out, errOut := ctlIn(t, dir, "", "sync", "--json")
	if code != 0 {
		t.Fatalf("sync: exit %d: %s", code, errOut)
	}
	var s client.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("sync --json: %v: %q", err, out)
	}
	return s
}

func newCustomer(t *testing.T, dir string) {
	edit(t, dir, custID, "name", "Nguyễn Văn An", "owner_id", lanID, "office_id", syncOffice, "phones", []string{"+84901234567"}, "stage", "customer")
}

func TestLoginAndSession(t *testing.T) {
	url := syncServer(t)
	dir := t.TempDir()

	code, _, errOut := ctlIn(t, dir, "wrong password\n", "login", "--server", url, "--user", "lan.nguyen")
	wantFail(t, code, errOut, exitInput, "wrong user name or password")
	if _, err := os.Stat(filepath.Join(dir, session.File)); !os.IsNotExist(err) {
		t.Fatalf("a failed login left a session: %v", err)
	}
	code, _, errOut = ctlIn(t, dir, "", "sync")
	wantFail(t, code, errOut, exitInput, "not logged in")

	code, out, errOut := ctlIn(t, dir, syncPassword+"\n", "login", "--server", url+"/", "--user", "lan.nguyen")
	if code != 0 || !strings.Contains(out, "logged in as Nguyễn Thị Lan (lan.nguyen, agent)") {
		t.Fatalf("login: exit %d, %q %q", code, out, errOut)
	}
	fi, err := os.Stat(filepath.Join(dir, session.File))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("session file: %v %v", fi, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, session.File))
	var s session.Session
	if err := json.Unmarshal(b, &s); err != nil || s.Server != url || s.Token == "" || s.UserID != lanID {
		t.Fatalf("saved session %+v, %v", s, err)
	}
	if code, out, errOut := ctlIn(t, dir, "", "sync"); code != 0 || !strings.Contains(out, "pushed 0, rejected 0, pulled 0, revoked 0, conflicts 0") {
		t.Fatalf("empty sync: exit %d, %q %q", code, out, errOut)
	}

	// A token the server does not know: log in again.
	s.Token = "forged"
	session.Write(dir, s)
	code, _, errOut = ctlIn(t, dir, "", "sync")
	wantFail(t, code, errOut, exitInput, "log in again with tourdeskctl login")

	// A server that is not there: one clear line, exit 2.
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	code, _, errOut = ctlIn(t, dir, syncPassword+"\n", "login", "--server", down.URL, "--user", "lan.nguyen")
	wantFail(t, code, errOut, exitFailure, "cannot reach the sync server at "+down.URL)
	code, _, errOut = ctlIn(t, dir, "", "login", "--server", "ftp://x", "--user", "lan.nguyen")
	wantFail(t, code, errOut, exitInput, "password")
}

func TestTwoDevicesMergeAndConflicts(t *testing.T) {
	url := syncServer(t)
	lan := device(t, url, "lan.nguyen")
	mai := device(t, url, "mai.pham")

	newCustomer(t, lan)
	if s := syncJSON(t, lan); s.Pushed != 1 || len(s.Rejected) != 0 {
		t.Fatalf("lan's first sync %+v", s)
	}
	if s := syncJSON(t, mai); s.Pulled != 1 {
		t.Fatalf("mai's first sync %+v", s)
	}

	// Different fields, offline: both end with both edits.
	edit(t, lan, custID, "notes", "gọi lại thứ hai")
	edit(t, mai, custID, "phones", []string{"+84912345678"})
	syncJSON(t, lan)
	syncJSON(t, mai)
	syncJSON(t, lan)
	for _, dir := range []string{lan, mai} {
		if n, p := value(t, dir, custID, "notes"), value(t, dir, custID, "phones"); n != `"gọi lại thứ hai"` || p != `["+84912345678"]` {
			t.Fatalf("%s: notes %s, phones %s", dir, n, p)
		}
	}

	// The same field: the later stamp wins on both; the loser keeps a
	// conflict entry with both values.
	edit(t, lan, custID, "name", "Nguyễn Văn Anh")
	time.Sleep(5 * time.Millisecond)
	edit(t, mai, custID, "name", "Nguyễn Văn Ân")
	syncJSON(t, mai)
	if s := syncJSON(t, lan); s.Conflicts != 1 {
		t.Fatalf("lan's sync after the conflicting edit: %+v", s)
	}
	syncJSON(t, mai)
	for _, dir := range []string{lan, mai} {
		if n := value(t, dir, custID, "name"); n != `"Nguyễn Văn Ân"` {
			t.Fatalf("%s: name %s", dir, n)
		}
	}
	code, out, errOut := ctlIn(t, lan, "", "conflicts", "list", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var conflicts []localdb.Conflict
	json.Unmarshal([]byte(out), &conflicts)
	if len(conflicts) != 1 || conflicts[0].Field != "name" || string(conflicts[0].LocalValue) != `"Nguyễn Văn Anh"` || string(conflicts[0].RemoteValue) != `"Nguyễn Văn Ân"` {
		t.Fatalf("conflicts %s", out)
	}
	_, out, _ = ctlIn(t, lan, "", "conflicts", "list")
	if !strings.Contains(out, `name: you wrote "Nguyễn Văn Anh"`) || !strings.Contains(out, `wrote "Nguyễn Văn Ân"`) || !strings.Contains(out, "theirs was kept") {
		t.Fatalf("conflicts list: %q", out)
	}

	// Restoring brings the losing value back as a new change that syncs.
	code, out, errOut = ctlIn(t, lan, "", "conflicts", "restore", "1")
	if code != 0 || !strings.Contains(out, "restored conflict 1") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	code, _, errOut = ctlIn(t, lan, "", "conflicts", "restore", "1")
	wantFail(t, code, errOut, exitInput, "already restored")
	code, _, errOut = ctlIn(t, lan, "", "conflicts", "restore", "99")
	wantFail(t, code, errOut, exitInput, "99")
	if s := syncJSON(t, lan); s.Pushed != 1 {
		t.Fatalf("sync of the restored value: %+v", s)
	}
	syncJSON(t, mai)
	for _, dir := range []string{lan, mai} {
		if n := value(t, dir, custID, "name"); n != `"Nguyễn Văn Anh"` {
			t.Fatalf("%s after restore: name %s", dir, n)
		}
	}

	// History from the server.
	code, out, errOut = ctlIn(t, mai, "", "history", "customer", custID, "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var h struct {
		Entries []struct {
			Field, User string
			New         json.RawMessage
		}
	}
	json.Unmarshal([]byte(out), &h)
	names := 0
	for _, e := range h.Entries {
		if e.Field == "name" {
			names++
		}
	}
	if names < 3 {
		t.Fatalf("history has %d name changes: %s", names, out)
	}
	_, out, _ = ctlIn(t, mai, "", "history", "customer", custID)
	if !strings.Contains(out, "Nguyễn Thị Lan (device ") || !strings.Contains(out, "Phạm Thị Mai (device ") ||
		!strings.Contains(out, `name: "Nguyễn Văn Ân" → "Nguyễn Văn Anh"`) || strings.Contains(out, lanID+" ") {
		t.Fatalf("history: %q", out)
	}
	// The fields a record was created with empty are not listed.
	empty := "0190c2d4-3333-7000-8000-0000000000e1"
	edit(t, lan, empty, "name", "Trần Thị Bình", "owner_id", lanID, "office_id", syncOffice, "notes", "", "tags", []string{}, "marketing_consent", false)
	syncJSON(t, lan)
	_, out, _ = ctlIn(t, lan, "", "history", "customer", empty)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(out, `name: — → "Trần Thị Bình"`) || !strings.Contains(out, "owner_id: — → ") || !strings.Contains(out, "office_id: — → ") {
		t.Errorf("history of a customer created with empty fields: %q; want its 3 filled fields", out)
	}
	code, _, errOut = ctlIn(t, mai, "", "history", "customer", "0190c2d4-3333-7000-8000-0000000000ff")
	wantFail(t, code, errOut, exitInput, "no customer")
	code, _, errOut = ctlIn(t, mai, "", "history", "spaceship", "x")
	wantFail(t, code, errOut, exitInput, "unknown kind")
}

func TestRejectedChangeDoesNotBlock(t *testing.T) {
	url := syncServer(t)
	lan := device(t, url, "lan.nguyen")
	// Forged: a customer owned by another agent, then a good one.
	edit(t, lan, "0190c2d4-3333-7000-8000-0000000000f1", "name", "Giả mạo", "owner_id", minhID, "office_id", syncOffice, "stage", "customer")
	newCustomer(t, lan)
	code, out, errOut := ctlIn(t, lan, "", "sync")
	if code != 0 || !strings.Contains(out, "pushed 1, rejected 1") || !strings.Contains(out, "rejected: customer 0190c2d4-3333-7000-8000-0000000000f1 (change 1): forbidden") {
		t.Fatalf("sync: %d %q %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "sync: pushed 2/2") {
		t.Errorf("progress %q", errOut)
	}
	_, out, _ = ctlIn(t, lan, "", "conflicts", "rejected")
	if !strings.Contains(out, "forbidden") || !strings.Contains(out, `name="Giả mạo"`) {
		t.Fatalf("rejected: %q", out)
	}
	// The outbox is empty: the next sync pushes nothing.
	if s := syncJSON(t, lan); s.Pushed != 0 || len(s.Rejected) != 0 {
		t.Fatalf("second sync %+v", s)
	}
	minh := device(t, url, "minh.tran")
	if s := syncJSON(t, minh); s.Pulled != 0 {
		t.Fatalf("minh pulled %+v", s)
	}
}

func TestReassignmentRevokes(t *testing.T) {
	url := syncServer(t)
	lan := device(t, url, "lan.nguyen")
	mai := device(t, url, "mai.pham")
	minh := device(t, url, "minh.tran")
	newCustomer(t, lan)
	syncJSON(t, lan)
	syncJSON(t, mai)
	// Lan edits offline; the manager hands the customer to Minh.
	edit(t, lan, custID, "notes", "trước khi chuyển")
	edit(t, mai, custID, "owner_id", minhID)
	syncJSON(t, mai)
	s := syncJSON(t, lan)
	if s.Revoked != 1 {
		t.Fatalf("lan's sync after reassignment: %+v", s)
	}
	if _, ok := get(t, lan, custID); ok {
		t.Fatal("the customer is still on lan's laptop")
	}
	// Lan's edit was pushed before the record left (accepted or rejected,
	// never silently dropped).
	if s.Pushed+len(s.Rejected) != 1 {
		t.Fatalf("lan's unsynced edit: %+v", s)
	}
	if s := syncJSON(t, minh); s.Pulled != 1 {
		t.Fatalf("minh's sync %+v", s)
	}
	if o := value(t, minh, custID, "owner_id"); o != `"`+minhID+`"` {
		t.Fatalf("minh's copy owner %s", o)
	}
}
