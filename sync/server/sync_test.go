package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// newSyncEnv is newEnv with a manager of the agents' office (mai.pham)
// and the rules of app/access.
func newSyncEnv(t *testing.T, cfg server.Config) *env {
	t.Helper()
	e := newEnv(t, cfg)
	lan, _ := e.store.AccountByLogin("lan.nguyen")
	mgr := server.Account{
		User:         app.User{ID: "0190c2d4-2222-7000-8000-000000000009", Name: "Phạm Thị Mai", Login: "mai.pham", Role: app.RoleManager, OfficeID: office, Active: true},
		PasswordHash: lan.PasswordHash,
	}
	e.store.PutAccount(mgr)
	e.ids["mai.pham"] = mgr.User.ID
	return e
}

// dev is one client device of one user: its session, its device
// sequence, its clock and its pull cursor.
type dev struct {
	e      *env
	login  string
	id     string
	token  string
	seq    uint64
	cursor string
	clock  *record.Clock
}

func (e *env) device(login, id string) *dev {
	e.t.Helper()
	r := e.do("POST", protocol.PathSession, protocol.SessionRequest{User: login, Password: password, DeviceID: id}, nil)
	if r.status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", login, r.status, r.body)
	}
	var sr protocol.SessionResponse
	json.Unmarshal(r.body, &sr)
	return &dev{e: e, login: login, id: id, token: sr.Token, clock: record.NewClock(id, record.Stamp{}, e.clock.Now)}
}

func (d *dev) auth() map[string]string {
	return map[string]string{"Authorization": "Bearer " + d.token}
}

// change numbers a change with the device's next sequence and stamps kv
// (name, value, name, value…) with the device's clock.
func (d *dev) change(kind app.Kind, id string, kv ...any) protocol.Change {
	d.e.t.Helper()
	d.seq++
	st := d.clock.Now()
	ch := protocol.Change{DeviceSeq: d.seq, Kind: kind, ID: id, Fields: map[string]record.Field{}}
	for i := 0; i+1 < len(kv); i += 2 {
		v, err := json.Marshal(kv[i+1])
		if err != nil {
			d.e.t.Fatal(err)
		}
		ch.Fields[kv[i].(string)] = record.Field{Value: v, Stamp: st}
	}
	return ch
}

func (d *dev) pushReq(changes ...protocol.Change) protocol.PushRequest {
	return protocol.PushRequest{BatchID: record.NewID(), DeviceID: d.id, Changes: changes}
}

// push pushes changes and wants a 200.
func (d *dev) push(changes ...protocol.Change) protocol.PushResponse {
	d.e.t.Helper()
	return d.pushBatch(d.pushReq(changes...))
}

func (d *dev) pushBatch(req protocol.PushRequest) protocol.PushResponse {
	d.e.t.Helper()
	r := d.e.do("POST", protocol.PathPush, req, d.auth())
	if r.status != http.StatusOK {
		d.e.t.Fatalf("%s push: %d %s", d.login, r.status, r.body)
	}
	var pr protocol.PushResponse
	if err := json.Unmarshal(r.body, &pr); err != nil {
		d.e.t.Fatal(err)
	}
	if len(pr.Results) != len(req.Changes) {
		d.e.t.Fatalf("%s push: %d results for %d changes", d.login, len(pr.Results), len(req.Changes))
	}
	return pr
}

// pull pulls every page past the device's cursor and returns them merged
// into one answer.
func (d *dev) pull() protocol.PullResponse {
	d.e.t.Helper()
	var all protocol.PullResponse
	for range 100 {
		p := d.pullPage(0)
		all.Records = append(all.Records, p.Records...)
		all.Revoked = append(all.Revoked, p.Revoked...)
		all.Whole = append(all.Whole, p.Whole...)
		if !p.More {
			return all
		}
	}
	d.e.t.Fatal("pull never ends")
	return all
}

func (d *dev) pullPage(limit int) protocol.PullResponse {
	d.e.t.Helper()
	path := protocol.PathPull + "?cursor=" + d.cursor
	if limit > 0 {
		path += "&limit=" + strconv.Itoa(limit)
	}
	r := d.e.do("GET", path, nil, d.auth())
	if r.status != http.StatusOK {
		d.e.t.Fatalf("%s pull: %d %s", d.login, r.status, r.body)
	}
	var p protocol.PullResponse
	if err := json.Unmarshal(r.body, &p); err != nil {
		d.e.t.Fatal(err)
	}
	if p.Cursor == "" {
		d.e.t.Fatalf("%s pull: empty cursor", d.login)
	}
	d.cursor = p.Cursor
	return p
}

func findRecord(p protocol.PullResponse, id string) (record.Record, bool) {
	for _, r := range p.Records {
		if r.ID == id {
			return r, true
		}
	}
	return record.Record{}, false
}

func fieldNames(r record.Record) string {
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range r.Fields {
			if !yield(n) {
				return
			}
		}
	})
	return strings.Join(names, ",")
}

func ids(p protocol.PullResponse) (records, revoked []string) {
	for _, r := range p.Records {
		records = append(records, r.ID)
	}
	for _, r := range p.Revoked {
		revoked = append(revoked, r.ID)
	}
	slices.Sort(records)
	slices.Sort(revoked)
	return records, revoked
}

func wantResult(t *testing.T, r protocol.Result, status, code string) {
	t.Helper()
	if r.Status != status || r.Code != code {
		t.Fatalf("result %+v, want %s %q", r, status, code)
	}
}

const (
	cust1 = "0190c2d4-3333-7000-8000-000000000001"
	cust2 = "0190c2d4-3333-7000-8000-000000000002"
	book1 = "0190c2d4-4444-7000-8000-000000000001"
	pay1  = "0190c2d4-5555-7000-8000-000000000001"
)

// customer returns the fields of a new customer of owner.
func (e *env) customer(owner, name string) []any {
	return []any{"name", name, "owner_id", e.ids[owner], "office_id", office, "phones", []string{"+84901234567"}, "stage", "customer"}
}

func (e *env) booking(owner, customer, status string) []any {
	return []any{"customer_id", customer, "owner_id", e.ids[owner], "office_id", office, "status", status, "currency", "VND", "code", "BK-2026-000001",
		"destination", "Hạ Long", "start_date", "2026-12-01", "end_date", "2026-12-03"}
}

func TestPushPullRoundTrip(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	b := e.device("lan.nguyen", "lan-desktop")
	minh := e.device("minh.tran", "minh-laptop")

	pr := a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "Nguyễn Văn An")...),
		a.change(app.KindBooking, book1, e.booking("lan.nguyen", cust1, "inquiry")...))
	for _, r := range pr.Results {
		wantResult(t, r, protocol.StatusAccepted, "")
	}
	if pr.NextDeviceSeq != 3 {
		t.Errorf("NextDeviceSeq = %d, want 3", pr.NextDeviceSeq)
	}

	got := b.pull()
	recs, _ := ids(got)
	if !slices.Equal(recs, []string{cust1, book1}) {
		t.Fatalf("lan's other device pulled %v, want the customer and the booking", recs)
	}
	c, _ := findRecord(got, cust1)
	if fieldNames(c) != "name,office_id,owner_id,phones,stage" || string(c.Fields["name"].Value) != `"Nguyễn Văn An"` {
		t.Errorf("first pull brought %s = %s; want the whole record", fieldNames(c), c.Fields["name"].Value)
	}
	if c.Fields["name"].Stamp.Device != "lan-laptop" {
		t.Errorf("stamp %v lost its device", c.Fields["name"].Stamp)
	}
	if p := minh.pull(); len(p.Records)+len(p.Revoked) != 0 {
		t.Errorf("another agent pulled %v", p)
	}

	// An incremental pull brings only the field that changed.
	a.pull()
	e.clock.Advance(time.Minute)
	b.push(b.change(app.KindCustomer, cust1, "phones", []string{"+84912345678"}))
	got = a.pull()
	c, ok := findRecord(got, cust1)
	if !ok || len(got.Records) != 1 || len(got.Whole) != 0 || fieldNames(c) != "phones" || string(c.Fields["phones"].Value) != `["+84912345678"]` {
		t.Errorf("incremental pull = %+v; want only the customer's phones", got.Records)
	}
	// A no-op pull: nothing, same cursor.
	before := a.cursor
	if p := a.pullPage(0); len(p.Records)+len(p.Revoked) != 0 || p.More || p.Cursor != before {
		t.Errorf("no-op pull = %+v; want nothing at cursor %s", p, before)
	}
}

func TestPushReplayIsIdempotent(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	req := a.pushReq(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
		a.change(app.KindPayment, pay1, "customer_id", cust2, "amount", 5), // rejected: unknown customer, bad amount
	)
	first := e.do("POST", protocol.PathPush, req, a.auth())
	if first.status != http.StatusOK {
		t.Fatalf("push: %d %s", first.status, first.body)
	}
	e.clock.Advance(time.Hour)
	again := e.do("POST", protocol.PathPush, req, a.auth())
	if again.status != http.StatusOK || !bytes.Equal(first.body, again.body) {
		t.Fatalf("replay answered %d %s; first answer was %s", again.status, again.body, first.body)
	}
	// A retry that overlaps: the old change and a new one.
	e.clock.Advance(time.Minute)
	next := a.change(app.KindCustomer, cust1, "name", "Ân")
	pr := a.pushBatch(a.pushReq(req.Changes[1], next))
	var firstResp protocol.PushResponse
	json.Unmarshal(first.body, &firstResp)
	if !reflect.DeepEqual(pr.Results[0], firstResp.Results[1]) || pr.Results[1].Status != protocol.StatusAccepted || pr.NextDeviceSeq != 4 {
		t.Errorf("overlapping retry = %+v", pr)
	}

	h := historyOf(t, e, a, app.KindCustomer, cust1)
	names := 0
	for _, en := range h.Entries {
		if en.Field == "name" {
			names++
		}
	}
	if names != 2 || len(h.Entries) != 6 {
		t.Errorf("history has %d entries (%d of name); want 6 (5 fields once, then one name change): %+v", len(h.Entries), names, h.Entries)
	}
}

func TestPushGapRefused(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...))
	a.seq = 4 // changes 2–4 lost
	r := e.do("POST", protocol.PathPush, a.pushReq(a.change(app.KindCustomer, cust2, e.customer("lan.nguyen", "Bình")...)), a.auth())
	er := r.wantError(t, http.StatusConflict, protocol.CodeSeqGap)
	if er.NextSeq != 2 {
		t.Errorf("next_seq = %d, want 2", er.NextSeq)
	}
	b := e.device("lan.nguyen", "lan-desktop")
	if recs, _ := ids(b.pull()); !slices.Equal(recs, []string{cust1}) {
		t.Errorf("after a refused gap the server holds %v, want only the first customer", recs)
	}
	// Numbered wrongly inside a batch.
	c1, c2 := a.change(app.KindCustomer, cust2, "name", "x"), a.change(app.KindCustomer, cust2, "name", "y")
	c1.DeviceSeq, c2.DeviceSeq = 2, 4
	e.do("POST", protocol.PathPush, a.pushReq(c1, c2), a.auth()).wantError(t, http.StatusBadRequest, protocol.CodeInvalidField)
}

func TestPushBadInput(t *testing.T) {
	e := newSyncEnv(t, server.Config{MaxBodyBytes: 64 << 10})
	a := e.device("lan.nguyen", "lan-laptop")
	good := a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...)
	unknown := a.change("spaceship", cust2, "name", "x")
	wrongType := a.change(app.KindCustomer, cust2, "name", 42)
	badName := a.change(app.KindCustomer, cust2, "Name!", "x")
	forged := a.change(app.KindCustomer, cust2, e.customer("minh.tran", "Forged")...)
	pr := a.push(good, unknown, wrongType, badName, forged)
	wantResult(t, pr.Results[0], protocol.StatusAccepted, "")
	wantResult(t, pr.Results[1], protocol.StatusRejected, protocol.CodeUnknownKind)
	wantResult(t, pr.Results[2], protocol.StatusRejected, protocol.CodeInvalidField)
	if pr.Results[2].Field != "name" {
		t.Errorf("wrong type: field %q, want name", pr.Results[2].Field)
	}
	wantResult(t, pr.Results[3], protocol.StatusRejected, protocol.CodeInvalidField)
	wantResult(t, pr.Results[4], protocol.StatusRejected, protocol.CodeForbidden)
	if pr.Results[4].Field != "owner_id" {
		t.Errorf("forged owner: field %q, want owner_id", pr.Results[4].Field)
	}
	if pr.NextDeviceSeq != 6 {
		t.Errorf("rejected changes are handled too: NextDeviceSeq = %d, want 6", pr.NextDeviceSeq)
	}

	// Malformed JSON, an oversized body (plain and gzip), another device's
	// id: refused whole, nothing stored.
	e.do("POST", protocol.PathPush, []byte(`{"batch":"b","device":"lan-laptop","changes":[{"seq":6,`), a.auth()).
		wantError(t, http.StatusBadRequest, protocol.CodeBadRequest)
	big := a.pushReq(a.change(app.KindCustomer, cust2, "notes", strings.Repeat("x", 70<<10)))
	e.do("POST", protocol.PathPush, big, a.auth()).wantError(t, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge)
	body, _ := json.Marshal(big)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(body)
	zw.Close()
	e.do("POST", protocol.PathPush, gz.Bytes(), map[string]string{"Authorization": "Bearer " + a.token, "Content-Encoding": "gzip"}).
		wantError(t, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge)
	other := a.pushReq(a.change(app.KindCustomer, cust2, "name", "x"))
	other.DeviceID = "minh-laptop"
	e.do("POST", protocol.PathPush, other, a.auth()).wantError(t, http.StatusBadRequest, protocol.CodeInvalidField)
	e.do("POST", protocol.PathPush, a.pushReq(), nil).wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)

	b := e.device("lan.nguyen", "lan-desktop")
	if recs, _ := ids(b.pull()); !slices.Equal(recs, []string{cust1}) {
		t.Errorf("server holds %v, want only the good customer", recs)
	}
	// The server still serves everyone.
	m := e.device("minh.tran", "minh-laptop")
	wantResult(t, m.push(m.change(app.KindCustomer, cust2, e.customer("minh.tran", "Bình")...)).Results[0], protocol.StatusAccepted, "")
}

func TestFutureStampClamped(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...))

	// A laptop set six years ahead.
	e.clock.Advance(time.Second)
	ahead := e.device("lan.nguyen", "lan-2032")
	ahead.clock = record.NewClock("lan-2032", record.Stamp{}, func() time.Time { return e.clock.Now().AddDate(6, 0, 0) })
	pr := ahead.push(ahead.change(app.KindCustomer, cust1, "name", "From the future"))
	wantResult(t, pr.Results[0], protocol.StatusAccepted, protocol.CodeClockSkew)
	if !strings.Contains(e.logs.String(), "clock skew") {
		t.Error("the skew was not logged")
	}
	b := e.device("lan.nguyen", "lan-desktop")
	c, _ := findRecord(b.pull(), cust1)
	if st := c.Fields["name"].Stamp; string(c.Fields["name"].Value) != `"From the future"` || st.Wall != e.clock.Now().UnixMilli() {
		t.Errorf("stamp %v kept; want it clamped to the server's now %d", st, e.clock.Now().UnixMilli())
	}
	// The device that pushed gets the record whole, with the lowered stamp.
	got := ahead.pull()
	if c, _ := findRecord(got, cust1); len(got.Whole) != 1 || got.Whole[0].ID != cust1 || c.Fields["name"].Stamp.Wall != e.clock.Now().UnixMilli() {
		t.Errorf("the skewed device's pull: whole %v, name %+v; want the record whole with the server's stamp", got.Whole, c.Fields["name"])
	}
	// An edit a minute later from a correct clock wins.
	e.clock.Advance(time.Minute)
	b.push(b.change(app.KindCustomer, cust1, "name", "An again"))
	c, _ = findRecord(a.pull(), cust1)
	if string(c.Fields["name"].Value) != `"An again"` {
		t.Errorf("name = %s; the far-future stamp still wins", c.Fields["name"].Value)
	}
}

func TestIllegalTransitionFlagged(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
		a.change(app.KindBooking, book1, e.booking("lan.nguyen", cust1, "deposit")...))
	a.pull()

	e.clock.Advance(time.Minute)
	pr := a.push(a.change(app.KindBooking, book1, "status", "lost", "notes", "customer went silent"))
	wantResult(t, pr.Results[0], protocol.StatusAccepted, protocol.CodeIllegalTransition)
	if pr.Results[0].Field != "status" {
		t.Errorf("field %q, want status", pr.Results[0].Field)
	}
	got := a.pull()
	bk, ok := findRecord(got, book1)
	// The notes are the device's own, stored as pushed: only the status
	// the server put back comes back to it.
	if _, echoed := bk.Fields["notes"]; !ok || string(bk.Fields["status"].Value) != `"deposit"` || echoed {
		t.Fatalf("booking after an illegal move = %+v; want status deposit (re-stamped) and not the device's own notes", bk)
	}
	if bk, _ := findRecord(e.device("lan.nguyen", "lan-desktop").pull(), book1); string(bk.Fields["notes"].Value) != `"customer went silent"` {
		t.Errorf("another device's booking = %+v; want the notes applied", bk)
	}
	if st := bk.Fields["status"].Stamp; st.Device != server.ServerDevice {
		t.Errorf("status stamp %v; want the server's, above the device's", st)
	}
	var task record.Record
	for _, r := range got.Records {
		if r.Kind == string(app.KindTask) {
			task = r
		}
	}
	if task.ID == "" {
		t.Fatal("no task flags the refused move to lan")
	}
	var tk app.Task
	record.Decode(task, &tk)
	if tk.AssigneeID != e.ids["mai.pham"] || tk.BookingID != book1 || tk.CustomerID != cust1 || !strings.Contains(tk.Title, "lost") {
		t.Errorf("task = %+v; want one for the office manager about the booking", tk)
	}
	mgr := e.device("mai.pham", "mai-laptop")
	if _, ok := findRecord(mgr.pull(), task.ID); !ok {
		t.Error("the manager's pull does not bring the task")
	}
	// A legal move still works.
	e.clock.Advance(time.Minute)
	wantResult(t, a.push(a.change(app.KindBooking, book1, "status", "paid")).Results[0], protocol.StatusAccepted, "")
}

func TestAppendOnlyEditRejected(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	payment := []any{"booking_id", book1, "customer_id", cust1, "type", "deposit", "method", "cash",
		"amount", map[string]any{"amount": 5000000, "currency": "VND"}, "received_by", e.ids["lan.nguyen"], "date", "2026-11-23"}
	pr := a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
		a.change(app.KindBooking, book1, e.booking("lan.nguyen", cust1, "quoted")...),
		a.change(app.KindPayment, pay1, payment...))
	wantResult(t, pr.Results[2], protocol.StatusAccepted, "")

	e.clock.Advance(time.Minute)
	pr = a.push(a.change(app.KindPayment, pay1, "amount", map[string]any{"amount": 500000, "currency": "VND"}))
	wantResult(t, pr.Results[0], protocol.StatusRejected, protocol.CodeAppendOnly)
	if pr.Results[0].Field != "amount" {
		t.Errorf("field %q, want amount", pr.Results[0].Field)
	}
	// The same payment again (as a second device that imported it would
	// send it): nothing to change, accepted.
	b := e.device("lan.nguyen", "lan-desktop")
	wantResult(t, b.push(b.change(app.KindPayment, pay1, payment...)).Results[0], protocol.StatusAccepted, "")
	p, _ := findRecord(b.pull(), pay1)
	if !strings.Contains(string(p.Fields["amount"].Value), "5000000") {
		t.Errorf("amount = %s, want the first one", p.Fields["amount"].Value)
	}
}

func TestConcurrentEditsMergeFieldByField(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	b := e.device("lan.nguyen", "lan-desktop")
	a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...))
	b.pull()
	a.pull()

	// Both offline: a edits phones and notes, b edits name and (later) notes.
	e.clock.Advance(time.Minute)
	ca := a.change(app.KindCustomer, cust1, "phones", []string{"+84987654321"}, "notes", "from a")
	e.clock.Advance(time.Minute)
	cb := b.change(app.KindCustomer, cust1, "name", "Nguyễn Văn An", "notes", "from b")
	// b syncs first, a later: arrival order must not matter.
	b.push(cb)
	a.push(ca)
	want := map[string]string{"phones": `["+84987654321"]`, "name": `"Nguyễn Văn An"`, "notes": `"from b"`}
	for _, d := range []*dev{a, b, e.device("lan.nguyen", "fresh")} {
		got := d.pull()
		c, _ := findRecord(got, cust1)
		for f, v := range want {
			if fv, ok := c.Fields[f]; ok && string(fv.Value) != v {
				t.Errorf("%s pulled %s = %s, want %s", d.id, f, fv.Value, v)
			}
		}
		if d.id == "fresh" {
			for f, v := range want {
				if string(c.Fields[f].Value) != v {
					t.Errorf("fresh device: %s = %s, want %s", f, c.Fields[f].Value, v)
				}
			}
		}
	}
}

func TestReassignmentRevokesAndGrants(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan := e.device("lan.nguyen", "lan-laptop")
	minh := e.device("minh.tran", "minh-laptop")
	mgr := e.device("mai.pham", "mai-laptop")
	payment := []any{"booking_id", book1, "customer_id", cust1, "type", "deposit", "method", "cash",
		"amount", map[string]any{"amount": 5000000, "currency": "VND"}, "received_by", e.ids["lan.nguyen"], "date", "2026-11-23"}
	lan.push(lan.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
		lan.change(app.KindBooking, book1, e.booking("lan.nguyen", cust1, "deposit")...),
		lan.change(app.KindPayment, pay1, payment...),
		lan.change(app.KindCustomer, cust2, e.customer("lan.nguyen", "Bình")...))
	lan.pull()
	minh.push(minh.change(app.KindCustomer, "0190c2d4-3333-7000-8000-00000000000a", e.customer("minh.tran", "Minh's own")...))
	minh.pull()
	mgr.pull()

	// Lan edits the customer and its booking offline, before the
	// reassignment.
	e.clock.Advance(time.Minute)
	early := lan.change(app.KindCustomer, cust1, "notes", "prefers window seats")
	earlyBooking := lan.change(app.KindBooking, book1, "requests", "vegetarian meals")

	e.clock.Advance(time.Minute)
	pr := mgr.push(mgr.change(app.KindCustomer, cust1, "owner_id", e.ids["minh.tran"]))
	wantResult(t, pr.Results[0], protocol.StatusAccepted, "")

	got := minh.pull()
	recs, revoked := ids(got)
	if !slices.Equal(recs, []string{cust1, book1, pay1}) || len(revoked) != 0 {
		t.Errorf("minh's pull after the reassignment: records %v, revoked %v; want the customer, its booking and payment", recs, revoked)
	}
	if b, _ := findRecord(got, book1); fieldNames(b) != "code,currency,customer_id,destination,end_date,office_id,owner_id,start_date,status" {
		t.Errorf("minh got the booking's fields %s; want it whole although it is older than his cursor", fieldNames(b))
	}
	if len(got.Whole) != 3 {
		t.Errorf("whole = %v; want the three granted records", got.Whole)
	}

	// Lan pushes her earlier edits first (as the client does before
	// pulling), then pulls the revokes. Made before the reassignment, they
	// are accepted (DESIGN.md), and reach minh.
	lanPush := lan.push(early, earlyBooking)
	wantResult(t, lanPush.Results[0], protocol.StatusAccepted, "")
	wantResult(t, lanPush.Results[1], protocol.StatusAccepted, "")
	got = minh.pull()
	if c, _ := findRecord(got, cust1); string(c.Fields["notes"].Value) != `"prefers window seats"` || fieldNames(c) != "notes" {
		t.Errorf("minh's pull after lan's early edit: %+v", got.Records)
	}
	if b, _ := findRecord(got, book1); string(b.Fields["requests"].Value) != `"vegetarian meals"` {
		t.Errorf("minh's pull after lan's early booking edit: %+v", got.Records)
	}
	got = lan.pull()
	recs, revoked = ids(got)
	if !slices.Equal(revoked, []string{cust1, book1, pay1}) || slices.Contains(recs, cust1) {
		t.Errorf("lan's pull after the reassignment: records %v, revoked %v; want revokes of the customer, its booking and payment", recs, revoked)
	}
	if _, ok := findRecord(got, cust2); ok {
		t.Error("lan's other customer came again though it did not change")
	}
	// Lan's edits made after the reassignment are refused (her client
	// keeps them in its conflict log), even of fields nobody changed.
	e.clock.Advance(time.Minute)
	wantResult(t, lan.push(lan.change(app.KindBooking, book1, "notes", "x")).Results[0], protocol.StatusRejected, protocol.CodeForbidden)
	wantResult(t, lan.push(lan.change(app.KindCustomer, cust1, "stage", "vip")).Results[0], protocol.StatusRejected, protocol.CodeForbidden)

	// Moving it back grants it to lan again, whole.
	e.clock.Advance(time.Minute)
	mgr.push(mgr.change(app.KindCustomer, cust1, "owner_id", e.ids["lan.nguyen"]))
	recs, revoked = ids(lan.pull())
	if !slices.Equal(recs, []string{cust1, book1, pay1}) || len(revoked) != 0 {
		t.Errorf("lan after getting the customer back: records %v, revoked %v", recs, revoked)
	}
	recs, revoked = ids(minh.pull())
	if !slices.Equal(revoked, []string{cust1, book1, pay1}) || len(recs) != 0 {
		t.Errorf("minh after losing the customer: records %v, revoked %v", recs, revoked)
	}
}

func historyOf(t *testing.T, e *env, d *dev, kind app.Kind, id string) protocol.HistoryResponse {
	t.Helper()
	r := e.do("GET", protocol.PathHistory+string(kind)+"/"+id, nil, d.auth())
	if r.status != http.StatusOK {
		t.Fatalf("history: %d %s", r.status, r.body)
	}
	var h protocol.HistoryResponse
	if err := json.Unmarshal(r.body, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHistory(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...))
	e.clock.Advance(time.Minute)
	b := e.device("lan.nguyen", "lan-desktop")
	b.push(b.change(app.KindCustomer, cust1, "name", "Ân"))

	h := historyOf(t, e, a, app.KindCustomer, cust1)
	var names []protocol.AuditEntry
	for _, en := range h.Entries {
		if en.Field == "name" {
			names = append(names, en)
		}
	}
	if len(names) != 2 {
		t.Fatalf("name has %d history entries, want 2: %+v", len(names), h.Entries)
	}
	first, second := names[0], names[1]
	if first.Old != nil || string(first.New) != `"An"` || first.DeviceID != "lan-laptop" || first.UserID != e.ids["lan.nguyen"] {
		t.Errorf("first entry %+v", first)
	}
	if string(second.Old) != `"An"` || string(second.New) != `"Ân"` || second.DeviceID != "lan-desktop" ||
		!second.At.Equal(e.clock.Now()) || second.Stamp.Device != "lan-desktop" {
		t.Errorf("second entry %+v", second)
	}

	m := e.device("minh.tran", "minh-laptop")
	e.do("GET", protocol.PathHistory+"customer/"+cust1, nil, m.auth()).wantError(t, http.StatusForbidden, protocol.CodeForbidden)
	e.do("GET", protocol.PathHistory+"customer/"+cust2, nil, a.auth()).wantError(t, http.StatusNotFound, protocol.CodeNotFound)
	e.do("GET", protocol.PathHistory+"spaceship/"+cust1, nil, a.auth()).wantError(t, http.StatusBadRequest, protocol.CodeUnknownKind)
	e.do("GET", protocol.PathHistory+"customer/"+cust1, nil, nil).wantError(t, http.StatusUnauthorized, protocol.CodeUnauthorized)
	mgr := e.device("mai.pham", "mai-laptop")
	if h := historyOf(t, e, mgr, app.KindCustomer, cust1); len(h.Entries) != len(names)+4 {
		t.Errorf("the manager sees %d entries", len(h.Entries))
	}
}

func TestPullPages(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	var changes []protocol.Change
	for i := range 25 {
		changes = append(changes, a.change(app.KindCustomer, fmt.Sprintf("0190c2d4-3333-7000-8000-%012d", i), e.customer("lan.nguyen", fmt.Sprint("C", i))...))
	}
	a.push(changes...)
	m := e.device("minh.tran", "minh-laptop")
	m.push(m.change(app.KindCustomer, cust2, e.customer("minh.tran", "Bình")...))

	b := e.device("lan.nguyen", "lan-desktop")
	var seen []string
	pages := 0
	for {
		p := b.pullPage(10)
		pages++
		if len(p.Records) > 10 {
			t.Fatalf("page of %d records over a limit of 10", len(p.Records))
		}
		for _, r := range p.Records {
			seen = append(seen, r.ID)
		}
		if !p.More {
			break
		}
	}
	if len(seen) != 25 || pages != 3 {
		t.Errorf("paged pull saw %d records in %d pages; want 25 in 3", len(seen), pages)
	}
	if !slices.IsSorted(seen) {
		t.Error("records not in server-sequence order")
	}
	// A record changed again after the pull began moves past the page
	// boundary; its older fields still come.
	e.clock.Advance(time.Minute)
	a.push(a.change(app.KindCustomer, changes[0].ID, "notes", "moved"))
	c := e.device("lan.nguyen", "lan-tablet")
	var all []record.Record
	for {
		p := c.pullPage(10)
		all = append(all, p.Records...)
		if !p.More {
			break
		}
	}
	for _, r := range all {
		if r.ID == changes[0].ID && fieldNames(r) != "name,notes,office_id,owner_id,phones,stage" {
			t.Errorf("record moved past the page boundary came with %s only", fieldNames(r))
		}
	}
	// A cursor beyond the server's sequence (a server restored from an
	// older backup) brings everything again.
	d := e.device("lan.nguyen", "lan-phone")
	d.cursor = "999999"
	if p := d.pull(); len(p.Records) != 25 {
		t.Errorf("pull from a cursor ahead of the server brought %d records, want all 25", len(p.Records))
	}
	e.do("GET", protocol.PathPull+"?cursor=abc", nil, b.auth()).wantError(t, http.StatusBadRequest, protocol.CodeBadRequest)
	e.do("GET", protocol.PathPull+"?cursor=9.3", nil, b.auth()).wantError(t, http.StatusBadRequest, protocol.CodeBadRequest)
	e.do("GET", protocol.PathPull+"?limit=-1", nil, b.auth()).wantError(t, http.StatusBadRequest, protocol.CodeBadRequest)
}

func TestSyncGzipBothWays(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	a := e.device("lan.nguyen", "lan-laptop")
	var changes []protocol.Change
	for i := range 20 {
		changes = append(changes, a.change(app.KindCustomer, fmt.Sprintf("0190c2d4-3333-7000-8000-%012d", i), e.customer("lan.nguyen", fmt.Sprint("Nguyễn Văn ", i))...))
	}
	body, _ := json.Marshal(a.pushReq(changes...))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(body)
	zw.Close()

	// One client, one keep-alive connection, gzip both ways.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxConnsPerHost: 1}}
	// The pull is another device's: the pushing device's own changes do
	// not come back to it.
	b := e.device("lan.nguyen", "lan-desktop")
	send := func(method, path string, body []byte) *http.Response {
		req, _ := http.NewRequest(method, e.url+path, bytes.NewReader(body))
		req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
		token := a.token
		if method == "GET" {
			token = b.token
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept-Encoding", "gzip")
		if body != nil {
			req.Header.Set("Content-Encoding", "gzip")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	for _, c := range []struct {
		method, path string
		body         []byte
	}{{"POST", protocol.PathPush, gz.Bytes()}, {"GET", protocol.PathPull, nil}} {
		resp := send(c.method, c.path, c.body)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s %s: %d, Content-Encoding %q", c.method, c.path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		resp.Body.Close()
		if err != nil || !json.Valid(data) {
			t.Fatalf("%s %s: body does not decompress to JSON: %v", c.method, c.path, err)
		}
		if c.method == "GET" {
			var p protocol.PullResponse
			json.Unmarshal(data, &p)
			if len(p.Records) != 20 {
				t.Errorf("pulled %d records, want 20", len(p.Records))
			}
		}
	}
}

func TestGuideTakenOffDeparture(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan, _ := e.store.AccountByLogin("lan.nguyen")
	for _, u := range []app.User{
		{ID: "0190c2d4-2222-7000-8000-00000000000a", Name: "Đỗ Văn Tú", Login: "tu.do", Role: app.RoleOperator, OfficeID: office, Active: true},
		{ID: "0190c2d4-2222-7000-8000-00000000000b", Name: "Vũ Văn Nam", Login: "nam.vu", Role: app.RoleGuide, OfficeID: office, Active: true},
	} {
		e.store.PutAccount(server.Account{User: u, PasswordHash: lan.PasswordHash})
		e.ids[u.Login] = u.ID
	}
	const dep, trav = "0190c2d4-6666-7000-8000-000000000001", "0190c2d4-7777-7000-8000-000000000001"
	op := e.device("tu.do", "tu-laptop")
	guide := e.device("nam.vu", "nam-laptop")
	a := e.device("lan.nguyen", "lan-laptop")
	wantResult(t, op.push(op.change(app.KindDeparture, dep, "code", "DN-HA-2026-12-01", "guide_ids", []string{e.ids["nam.vu"]}, "status", "planned",
		"tour_id", "0190c2d4-7777-7000-8000-000000000001", "start_date", "2026-12-01", "end_date", "2026-12-03", "capacity", 20)).Results[0],
		protocol.StatusAccepted, "")
	pr := a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...),
		a.change(app.KindBooking, book1, append(e.booking("lan.nguyen", cust1, "deposit"), "departure_id", dep)...),
		a.change(app.KindTraveler, trav, "booking_id", book1, "departure_id", dep, "name", "Nguyễn Văn An"))
	for _, r := range pr.Results {
		wantResult(t, r, protocol.StatusAccepted, "")
	}
	recs, _ := ids(guide.pull())
	if !slices.Contains(recs, dep) || !slices.Contains(recs, trav) || slices.Contains(recs, cust1) {
		t.Fatalf("guide pulled %v; want the departure and its traveler, no customer", recs)
	}

	e.clock.Advance(time.Minute)
	wantResult(t, op.push(op.change(app.KindDeparture, dep, "guide_ids", []string{})).Results[0], protocol.StatusAccepted, "")
	got := guide.pull()
	recs, revoked := ids(got)
	if !slices.Contains(revoked, dep) || !slices.Contains(revoked, trav) || len(recs) != 0 {
		t.Errorf("guide taken off: records %v, revoked %v; want revokes of the departure and its traveler", recs, revoked)
	}
	// The agent, who still sees the traveler, gets no revoke.
	if _, revoked := ids(a.pull()); len(revoked) != 0 {
		t.Errorf("the agent got revokes %v", revoked)
	}
}

// A user who may read none of many changes gets bounded pages (maybe
// empty, with more) that end, and then the one record they may read.
func TestPullScansBoundedPages(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	m := e.device("minh.tran", "minh-laptop")
	for batch := range 5 {
		var changes []protocol.Change
		for i := range protocol.MaxPushChanges {
			changes = append(changes, m.change(app.KindCustomer, fmt.Sprintf("0190c2d4-8888-7000-8000-%06d%06d", batch, i), e.customer("minh.tran", "x")...))
		}
		m.push(changes...)
	}
	a := e.device("lan.nguyen", "lan-laptop")
	wantResult(t, a.push(a.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "An")...)).Results[0], protocol.StatusAccepted, "")

	b := e.device("lan.nguyen", "lan-desktop")
	var got []string
	pages := 0
	for {
		p := b.pullPage(10)
		pages++
		for _, r := range p.Records {
			got = append(got, r.ID)
		}
		if !p.More {
			break
		}
		if pages > 10 {
			t.Fatal("pull does not end")
		}
	}
	if !slices.Equal(got, []string{cust1}) || pages < 2 {
		t.Errorf("pulled %v in %d pages; want lan's one customer after more than one bounded page", got, pages)
	}
}

// TestRefusedChangeComesBack: a refused change is taken back on the
// pushing user's devices. Their next pull brings the record whole (the
// server's values and stamps) when the server holds it and they may read
// it, and a revoke when the server never had it or they may not read it;
// a replayed refusal (the answer was lost) is noted again, so the pull
// after the replay brings it back once more. Nobody else hears of it.
func TestRefusedChangeComesBack(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan0, _ := e.store.AccountByLogin("lan.nguyen")
	acct := server.Account{
		User:         app.User{ID: "0190c2d4-2222-7000-8000-00000000000a", Name: "Đỗ Thị Hạnh", Login: "hanh.do", Role: app.RoleAccountant, OfficeID: office, Active: true},
		PasswordHash: lan0.PasswordHash,
	}
	e.store.PutAccount(acct)
	e.ids["hanh.do"] = acct.User.ID

	lan := e.device("lan.nguyen", "lan-laptop")
	hanh := e.device("hanh.do", "hanh-laptop")
	minh := e.device("minh.tran", "minh-laptop")
	mgr := e.device("mai.pham", "mai-laptop")
	lan.push(lan.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "Nguyễn Văn An")...))
	for _, d := range []*dev{lan, hanh, minh, mgr} {
		d.pull()
	}
	// The accountant may read the customer but not edit it.
	e.clock.Advance(time.Minute)
	pr := hanh.push(hanh.change(app.KindCustomer, cust1, "name", "refused name"))
	wantResult(t, pr.Results[0], protocol.StatusRejected, protocol.CodeForbidden)
	if pr.Results[0].Access != "read_only" {
		t.Errorf("access = %q, want read_only", pr.Results[0].Access)
	}
	got := hanh.pull()
	c, ok := findRecord(got, cust1)
	if !ok || !slices.Contains(got.Whole, protocol.Ref{Kind: app.KindCustomer, ID: cust1}) || len(got.Revoked) != 0 {
		t.Fatalf("accountant's pull after the refused edit = %+v; want the customer whole", got)
	}
	if string(c.Fields["name"].Value) != `"Nguyễn Văn An"` || c.Fields["name"].Stamp.Device != "lan-laptop" || fieldNames(c) != "name,office_id,owner_id,phones" {
		t.Errorf("customer sent back = %+v; want every field the accountant reads, the server's values with lan's stamps", c)
	}

	// Lan may not create a customer owned by Minh.
	e.clock.Advance(time.Minute)
	forged := lan.pushReq(lan.change(app.KindCustomer, cust2, e.customer("minh.tran", "forged")...))
	pr = lan.pushBatch(forged)
	wantResult(t, pr.Results[0], protocol.StatusRejected, protocol.CodeForbidden)
	if pr.Results[0].Access != "forged_owner" || pr.Results[0].Field != "owner_id" {
		t.Errorf("result = %+v, want access forged_owner on owner_id", pr.Results[0])
	}
	if recs, revoked := ids(lan.pull()); len(recs) != 0 || !slices.Equal(revoked, []string{cust2}) {
		t.Errorf("lan's pull after the refused create: records %v, revoked %v; want a revoke of it", recs, revoked)
	}
	// The answer was lost and the device pulled before replaying: the
	// replay is answered the same and the pull after it revokes again.
	if pr2 := lan.pushBatch(forged); !reflect.DeepEqual(pr2.Results[0], pr.Results[0]) {
		t.Errorf("replay answered %+v, first %+v", pr2.Results[0], pr.Results[0])
	}
	if recs, revoked := ids(lan.pull()); len(recs) != 0 || !slices.Equal(revoked, []string{cust2}) {
		t.Errorf("lan's pull after the replayed refusal: records %v, revoked %v; want the revoke again", recs, revoked)
	}

	// Minh edits Lan's customer (he cannot read it): revoked on his side.
	e.clock.Advance(time.Minute)
	pr = minh.push(minh.change(app.KindCustomer, cust1, "notes", "not mine"))
	wantResult(t, pr.Results[0], protocol.StatusRejected, protocol.CodeForbidden)
	if recs, revoked := ids(minh.pull()); len(recs) != 0 || !slices.Equal(revoked, []string{cust1}) {
		t.Errorf("minh's pull after his refused edit: records %v, revoked %v; want a revoke", recs, revoked)
	}

	// Nobody else hears of the refusals; a second pull brings nothing.
	for _, d := range []*dev{mgr, lan, hanh, minh} {
		if p := d.pull(); len(p.Records)+len(p.Revoked)+len(p.Whole) != 0 {
			t.Errorf("%s pulled %+v; want nothing", d.login, p)
		}
	}
}
