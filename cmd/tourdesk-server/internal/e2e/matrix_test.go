package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// The matrix of app/access (app/access/matrix_test.go), written out again
// here by hand for the same fixtures, and checked through the real server:
// reads by pulling from an empty cursor, writes by pushing. Its fixtures
// are unexported there, so they are defined again below (ids are UUIDs,
// offices and users are the server's own published records).
//
// Columns: agentA agentB manager director accountant operator guide
// marketing admin. Each cell: R read, W edit the fixture's probe field,
// C create a copy of it under a new id, D delete it; "-" refused.
//
// Offices and users are published by the server and changed only there
// (tourdesk-server office add, user add/set/disable): a push of one is
// refused for every role, the admin included, with code server_managed.
//
// depC is a completed departure whose probe settles it (status settled):
// the accountant and the admin may; the operator edits other fields of a
// departure but may not settle one (accountant_only). The writes of one role
// run in order on one server, so once the probe has settled it nobody
// deletes it (code settled): D is refused even to the operator and admin.
const httpMatrix = `
office-han   R--- R--- R--- R--- R--- R--- R--- R--- R---
u-agent-a    R--- R--- R--- R--- R--- R--- R--- R--- R---
u-guide-2    R--- R--- R--- R--- R--- R--- R--- R--- R---
settings     R--- R--- R--- R--- R--- R--- R--- R--- RWCD
loy          R--- R--- R--- R--- R--- R--- R--- RWCD RWCD
tour         R--- R--- R--- R--- R--- RWCD R--- R--- RWCD
depG         R--- R--- R--- R--- R--- RWCD R--- R--- RWCD
depX         R--- R--- R--- R--- R--- RWCD ---- R--- RWCD
depC         R--- R--- R--- R--- RW-- R-CD R--- R--- RWC-
partner      R--- R--- R--- R--- RW-- RWCD R--- R--- RWCD
soG          ---- ---- ---- R--- RW-- RWCD R--- ---- RWCD
soX          ---- ---- ---- R--- RW-- RWCD ---- ---- RWCD
exG          ---- ---- ---- R--- R-C- R--- R-C- ---- R-C-
exX          ---- ---- ---- R--- R-C- R-C- ---- ---- R-C-
inG          ---- ---- ---- R--- R--- R--- R-C- ---- R-C-
inX          ---- ---- ---- R--- R--- R-C- ---- ---- R-C-
camp         R--- R--- R--- R--- R--- ---- ---- RWCD RWCD
cA           RWCD ---- RWCD R--- R--- ---- ---- R--- RWCD
cB           ---- RWCD ---- R--- R--- ---- ---- R--- RWCD
cT           ---- ---- RWCD R--- R--- ---- ---- RWC- RWCD
bA           RWCD ---- RWCD R--- RW-- R--- R--- R--- RWCD
bB           ---- RWCD ---- R--- RW-- R--- ---- R--- RWCD
tA           RWCD ---- RWCD R--- ---- RW-- R--- ---- RWCD
tB           ---- RWCD ---- R--- ---- RW-- ---- ---- RWCD
pA           R-C- ---- R-C- R--- R-C- ---- ---- ---- R-C-
pB           ---- R-C- ---- R--- R-C- ---- ---- ---- R-C-
iA           R-C- ---- R--- R--- ---- ---- ---- ---- R-C-
iB           ---- R-C- ---- R--- ---- ---- ---- ---- R-C-
tkA          RWCD ---- RWCD R--- ---- ---- ---- ---- RWCD
tkB          ---- RWCD ---- R--- ---- ---- ---- ---- RWCD
tkOp         ---- ---- RWCD R--- ---- RWCD ---- ---- RWCD
tkDir        ---- ---- ---- RWCD ---- ---- ---- ---- RWCD
cmA          RWCD ---- RWCD R--- R--- R--- ---- ---- RWCD
cmB          ---- RWCD ---- R--- R--- R--- ---- ---- RWCD
fbA          RWCD ---- RWCD R--- ---- R--- RWC- R--- RWCD
fbB          ---- RWCD ---- R--- ---- R--- ---- R--- RWCD
mA           RWC- ---- RW-- R--- RW-- ---- ---- ---- RWCD
mB           ---- RWC- ---- R--- RW-- ---- ---- ---- RWCD
mCamp        RW-- ---- RW-- R--- RW-- ---- ---- RWC- RWCD
messaging    R--- R--- R--- R--- R--- R--- R--- R--- RWCD
`

// hiddenFields lists, per subject and fixture, the fixture's fields the
// subject may not see (written from app/access's package doc: accountants
// do not see sales and marketing fields, marketing no identity documents
// and contact data only with consent, operators, guides and marketing
// only part of a booking, a partner's private entry, a guide no cost and
// no customer link on the group list, agents no campaign cost). A
// readable fixture not listed is seen whole.
var hiddenFields = map[string]map[string]string{
	"agentA":     {"partner": "bank_account tax_code rating notes", "camp": "cost"},
	"agentB":     {"partner": "bank_account tax_code rating notes", "camp": "cost"},
	"manager":    {"partner": "bank_account tax_code rating notes"},
	"accountant": {"cA": "notes tags channel campaign_id marketing_consent stage", "cB": "notes tags marketing_consent stage", "cT": "marketing_consent stage campaign_id"},
	"operator":   {"bA": "campaign_id currency lines notes", "bB": "currency"},
	"guide": {
		"partner": "bank_account tax_code rating notes", "soG": "unit_cost",
		"bA": "owner_id office_id campaign_id currency lines notes",
		"tA": "customer_id notes",
	},
	"marketing": {
		"partner": "bank_account tax_code rating notes",
		"cA":      "passport_number id_number notes",
		"cB":      "passport_number notes phones emails address",
		"cT":      "phones",
		"bA":      "notes",
	},
}

type mfixture struct {
	name  string
	kind  app.Kind
	id    string
	probe string
	value any
	// fields are the values; string values starting with "@" name another
	// fixture or subject, replaced by its id.
	fields map[string]any
}

type matrixWorld struct {
	*world
	ids  map[string]string // fixture or subject name → id
	fx   []*mfixture       // in creation order (parents first)
	byID map[string]*mfixture
}

var matrixSubjects = []string{"agentA", "agentB", "manager", "director", "accountant", "operator", "guide", "marketing", "admin"}

func newMatrixWorld(t *testing.T) *matrixWorld {
	w := newWorld(t, 1, nil)
	mw := &matrixWorld{world: w, ids: map[string]string{}, byID: map[string]*mfixture{}}
	sgn, err := w.store.AddOffice(app.Office{Name: "Sài Gòn", Code: "SGN"})
	if err != nil {
		t.Fatal(err)
	}
	mw.ids["office-han"], mw.ids["office-sgn"] = w.office.ID, sgn.ID
	hash, _ := server.HashPassword(password, bcrypt.MinCost)
	for _, u := range []struct {
		name   string
		role   app.Role
		office string
	}{
		{"agentA", app.RoleAgent, w.office.ID}, {"agentB", app.RoleAgent, sgn.ID}, {"manager", app.RoleManager, w.office.ID},
		{"director", app.RoleDirector, ""}, {"accountant", app.RoleAccountant, w.office.ID}, {"operator", app.RoleOperator, w.office.ID},
		{"guide", app.RoleGuide, w.office.ID}, {"marketing", app.RoleMarketing, w.office.ID}, {"admin", app.RoleAdmin, ""},
		{"agentA2", app.RoleAgent, w.office.ID}, {"guide2", app.RoleGuide, sgn.ID},
	} {
		login := strings.ToLower(u.name)
		got, err := w.store.AddUser(app.User{Name: u.name, Login: login, Role: u.role, OfficeID: u.office, Active: true}, hash)
		if err != nil {
			t.Fatalf("add %s: %v", u.name, err)
		}
		w.users[login] = got
		mw.ids[u.name] = got.ID
	}
	mw.ids["u-agent-a"], mw.ids["u-guide-2"] = mw.ids["agentA"], mw.ids["guide2"]
	if now := time.Now().UnixMilli() + 1000; matrixStamp < now {
		matrixStamp = now
	}
	add := func(name string, kind app.Kind, probe string, value any, fields map[string]any) {
		f := &mfixture{name: name, kind: kind, probe: probe, value: value, fields: fields}
		if id, ok := mw.ids[name]; ok {
			f.id = id // a published office or user
		} else {
			f.id = record.NewID()
			mw.ids[name] = f.id
		}
		mw.fx = append(mw.fx, f)
		mw.byID[f.id] = f
	}
	add("office-han", app.KindOffice, "name", "probe", nil)
	add("u-agent-a", app.KindUser, "name", "probe", nil)
	add("u-guide-2", app.KindUser, "name", "probe", nil)
	add("settings", app.KindSetting, "company_name", "probe", map[string]any{"company_name": "Sen Vàng", "bank_account": "0123"})
	add("loy", app.KindLoyaltyProgram, "name", "probe", map[string]any{"name": "Sen Vàng Club", "active": true, "tiers": []any{map[string]any{"name": "Gold", "min_trips": 3, "discount_percent": 5}}})
	add("tour", app.KindTour, "name", "probe", map[string]any{"code": "HLB", "name": "Hạ Long Bay", "days": 2, "nights": 1, "price_adult": money(3000000)})
	add("depG", app.KindDeparture, "notes", "probe", map[string]any{"tour_id": "@tour", "code": "HLB-1", "guide_ids": []string{"@guide"}, "start_date": "2026-12-20", "end_date": "2026-12-21", "capacity": 20})
	add("depX", app.KindDeparture, "notes", "probe", map[string]any{"tour_id": "@tour", "code": "HLB-2", "guide_ids": []string{"@guide2"}, "start_date": "2026-12-22", "end_date": "2026-12-23", "capacity": 20})
	add("depC", app.KindDeparture, "status", "settled", map[string]any{"tour_id": "@tour", "code": "HLB-3", "guide_ids": []string{"@guide"},
		"status": "completed", "start_date": "2026-11-01", "end_date": "2026-11-04", "capacity": 20})
	add("partner", app.KindPartner, "bank_account", "probe", map[string]any{
		"name": "Hotel Lotus", "type": "hotel", "phones": []string{"+842033846001"}, "bank_account": "VCB 001", "tax_code": "0101", "rating": 4, "notes": "slow to confirm",
	})
	add("soG", app.KindServiceOrder, "status", "cancelled", map[string]any{"departure_id": "@depG", "partner_id": "@partner", "service": "12 twin rooms", "quantity": 12, "unit_cost": money(1200000), "status": "requested"})
	add("soX", app.KindServiceOrder, "status", "cancelled", map[string]any{"departure_id": "@depX", "partner_id": "@partner", "service": "coach", "quantity": 1, "unit_cost": money(4000000), "status": "requested"})
	add("exG", app.KindExpense, "note", "probe", map[string]any{"departure_id": "@depG", "spent_by": "@guide", "category": "tips", "amount": money(200000), "date": "2026-12-20"})
	add("exX", app.KindExpense, "note", "probe", map[string]any{"departure_id": "@depX", "spent_by": "@operator", "category": "tickets", "amount": money(500000), "date": "2026-12-22"})
	add("inG", app.KindIncident, "description", "probe", map[string]any{"departure_id": "@depG", "reported_by": "@guide", "description": "lost passport", "at": "2026-12-20T09:00:00Z", "severity": "medium"})
	add("inX", app.KindIncident, "description", "probe", map[string]any{"departure_id": "@depX", "reported_by": "@operator", "description": "coach late", "at": "2026-12-22T07:30:00Z", "severity": "low"})
	add("camp", app.KindCampaign, "notes", "probe", map[string]any{"name": "Tết 2027", "channel": "email", "cost": money(5000000), "owner_id": "@marketing", "office_id": "@office-han"})
	add("cA", app.KindCustomer, "tags", []string{"probe"}, map[string]any{
		"name": "Nguyễn Văn An", "phones": []string{"+84901234567"}, "emails": []string{"an@example.vn"}, "address": "25 Lý Thường Kiệt",
		"passport_number": "C1234567", "id_number": "001090000001", "notes": "prefers window seats", "tags": []string{"vip"},
		"campaign_id": "@camp", "channel": "facebook", "owner_id": "@agentA", "office_id": "@office-han", "marketing_consent": true, "stage": "customer",
	})
	add("cB", app.KindCustomer, "tags", []string{"probe"}, map[string]any{
		"name": "Trần Thị Bình", "phones": []string{"+84912345678"}, "emails": []string{"binh@example.vn"}, "address": "102 Nam Kỳ Khởi Nghĩa",
		"passport_number": "C7654321", "notes": "asked for a discount", "tags": []string{"family"},
		"owner_id": "@agentB", "office_id": "@office-sgn", "marketing_consent": false, "stage": "customer",
	})
	add("cT", app.KindCustomer, "tags", []string{"probe"}, map[string]any{
		"name": "Lê Minh Châu", "phones": []string{"+84987654321"}, "owner_id": "", "office_id": "@office-han",
		"marketing_consent": false, "stage": "target", "campaign_id": "@camp",
	})
	add("bA", app.KindBooking, "reason", "probe", map[string]any{
		"code": "BK-2026-000001", "customer_id": "@cA", "owner_id": "@agentA", "office_id": "@office-han", "departure_id": "@depG", "campaign_id": "@camp",
		"currency": "VND", "lines": []any{map[string]any{"description": "adult", "quantity": 2}}, "status": "deposit", "notes": "pays by transfer",
	})
	add("bB", app.KindBooking, "reason", "probe", map[string]any{
		"code": "BK-2026-000002", "customer_id": "@cB", "owner_id": "@agentB", "office_id": "@office-sgn", "departure_id": "@depX",
		"currency": "VND", "status": "paid",
	})
	add("tA", app.KindTraveler, "room_type", "single", map[string]any{
		"booking_id": "@bA", "departure_id": "@depG", "customer_id": "@cA", "name": "Nguyễn Văn An", "latin_name": "NGUYEN VAN AN",
		"phone": "+84901234567", "passport_number": "C1234567", "room_type": "twin", "checked_in": false, "notes": "VIP, brother of a director",
	})
	add("tB", app.KindTraveler, "room_type", "double", map[string]any{
		"booking_id": "@bB", "departure_id": "@depX", "customer_id": "@cB", "name": "Trần Thị Bình", "room_type": "single",
	})
	add("pA", app.KindPayment, "note", "probe", map[string]any{"booking_id": "@bA", "customer_id": "@cA", "type": "deposit", "received_by": "@agentA", "method": "cash", "amount": money(2000000), "date": "2026-11-20"})
	add("pB", app.KindPayment, "note", "probe", map[string]any{"booking_id": "@bB", "customer_id": "@cB", "type": "deposit", "received_by": "@agentB", "method": "bank_transfer", "amount": money(1000000), "date": "2026-11-21"})
	add("iA", app.KindInteraction, "summary", "probe", map[string]any{"customer_id": "@cA", "user_id": "@agentA", "summary": "called", "type": "call", "at": "2026-11-20T10:00:00Z"})
	add("iB", app.KindInteraction, "summary", "probe", map[string]any{"customer_id": "@cB", "user_id": "@agentB", "summary": "emailed", "type": "email", "at": "2026-11-20T11:00:00Z"})
	add("tkA", app.KindTask, "notes", "probe", map[string]any{"title": "call An", "customer_id": "@cA", "assignee_id": "@agentA", "due_date": "2026-12-01"})
	add("tkB", app.KindTask, "notes", "probe", map[string]any{"title": "call Bình", "customer_id": "@cB", "assignee_id": "@agentB", "due_date": "2026-12-01"})
	add("tkOp", app.KindTask, "notes", "probe", map[string]any{"title": "confirm hotel", "assignee_id": "@operator", "due_date": "2026-12-10"})
	add("tkDir", app.KindTask, "notes", "probe", map[string]any{"title": "quarterly review", "assignee_id": "@director", "due_date": "2026-12-31"})
	add("cmA", app.KindComplaint, "status", "investigating", map[string]any{"customer_id": "@cA", "booking_id": "@bA", "description": "cold room", "received_on": "2026-12-22"})
	add("cmB", app.KindComplaint, "status", "investigating", map[string]any{"customer_id": "@cB", "booking_id": "@bB", "description": "late coach", "received_on": "2026-12-24"})
	add("fbA", app.KindFeedback, "comments", "probe", map[string]any{"booking_id": "@bA", "customer_id": "@cA", "departure_id": "@depG", "rating_overall": 5})
	add("fbB", app.KindFeedback, "comments", "probe", map[string]any{"booking_id": "@bB", "customer_id": "@cB", "departure_id": "@depX", "rating_overall": 3})
	add("mA", app.KindMessage, "status", "cancelled", map[string]any{"customer_id": "@cA", "channel": "email", "to": "an@example.vn", "subject": "Sinh nhật", "body": "Chúc mừng sinh nhật", "status": "failed", "queued_by": "@agentA", "queued_at": "2026-11-20T08:00:00Z"})
	add("mB", app.KindMessage, "status", "cancelled", map[string]any{"customer_id": "@cB", "channel": "sms", "to": "+84912345678", "body": "Nhắc thanh toán", "status": "failed", "queued_by": "@agentB", "queued_at": "2026-11-20T08:00:00Z"})
	add("mCamp", app.KindMessage, "status", "cancelled", map[string]any{"customer_id": "@cA", "campaign_id": "@camp", "channel": "email", "subject": "Tết 2027", "body": "Tết 2027", "status": "failed", "queued_by": "@marketing", "queued_at": "2026-11-20T08:00:00Z"})
	add("messaging", app.KindMessageSettings, "smtp_host", "probe", map[string]any{"smtp_host": "smtp.senvang.vn", "mail_from": "crm@senvang.vn"})

	// The admin pushes every fixture that is not a published record.
	admin := mw.session(t, "admin")
	var changes []protocol.Change
	for _, f := range mw.fx {
		if f.fields != nil {
			changes = append(changes, protocol.Change{Kind: f.kind, ID: f.id, Fields: mw.fieldsOf(f.fields)})
		}
	}
	for i, r := range admin.push(t, changes...) {
		if r.Status != protocol.StatusAccepted || r.Code != "" {
			t.Fatalf("admin creating fixture %d (%s %s): %+v", i, r.Kind, r.ID, r)
		}
	}
	return mw
}

// matrixStamp is the wall time of the test's stamps, kept above the
// stamps the server put on the offices and users it published (a probe
// stamped below them would change nothing and be accepted as a no-op).
var matrixStamp int64

// fieldsOf resolves "@name" references and stamps every field.
func (mw *matrixWorld) fieldsOf(kv map[string]any) map[string]record.Field {
	matrixStamp++
	out := map[string]record.Field{}
	for k, v := range kv {
		b, _ := json.Marshal(mw.resolve(v))
		out[k] = record.Field{Value: b, Stamp: record.Stamp{Wall: matrixStamp, Device: "matrix"}}
	}
	return out
}

func (mw *matrixWorld) resolve(v any) any {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "@") {
			id, ok := mw.ids[x[1:]]
			if !ok {
				panic("no fixture " + x)
			}
			return id
		}
	case []string:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = mw.resolve(s).(string)
		}
		return out
	}
	return v
}

// rawSession is one signed-in device speaking the protocol directly, so
// the test sees every Result as the server sent it.
type rawSession struct {
	url, token, device string
	seq                uint64
}

func (mw *matrixWorld) session(t *testing.T, name string) *rawSession {
	dev := record.NewID()
	c, err := client.New(mw.ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), strings.ToLower(name), password, dev); err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	return &rawSession{url: mw.ts.URL, token: c.Token(), device: dev}
}

func (s *rawSession) do(t *testing.T, method, path string, body, out any) {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, s.url+path, bytes.NewReader(b))
	req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e protocol.ErrorResponse
		json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("%s %s: HTTP %d %+v", method, path, resp.StatusCode, e)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func (s *rawSession) push(t *testing.T, changes ...protocol.Change) []protocol.Result {
	t.Helper()
	for i := range changes {
		s.seq++
		changes[i].DeviceSeq = s.seq
	}
	var resp protocol.PushResponse
	s.do(t, "POST", protocol.PathPush, protocol.PushRequest{BatchID: record.NewID(), DeviceID: s.device, Changes: changes}, &resp)
	if len(resp.Results) != len(changes) {
		t.Fatalf("push of %d changes: %d results", len(changes), len(resp.Results))
	}
	return resp.Results
}

// pullAll pulls from an empty cursor until the server has no more.
func (s *rawSession) pullAll(t *testing.T) map[string]record.Record {
	out := map[string]record.Record{}
	cursor := ""
	for {
		var p protocol.PullResponse
		s.do(t, "GET", protocol.PathPull+"?limit=7&cursor="+url.QueryEscape(cursor), nil, &p)
		for _, r := range p.Records {
			prev, ok := out[r.ID]
			if !ok {
				out[r.ID] = r.Clone()
				continue
			}
			m, _ := record.Merge(prev, r)
			out[r.ID] = m
		}
		for _, ref := range p.Revoked {
			delete(out, ref.ID)
		}
		cursor = p.Cursor
		if !p.More {
			return out
		}
	}
}

// TestPermissionMatrixHTTP checks every role against every kind through
// the server: what a pull from an empty cursor brings (which records,
// which fields), and the answer to an edit, a create and a delete pushed
// by each role. Each role runs on its own fresh server, so one role's
// accepted writes do not change what the next is checked against.
func TestPermissionMatrixHTTP(t *testing.T) {
	type row struct {
		name  string
		cells []string
	}
	var rows []row
	for _, line := range strings.Split(strings.TrimSpace(httpMatrix), "\n") {
		cols := strings.Fields(line)
		if len(cols) != len(matrixSubjects)+1 {
			t.Fatalf("matrix line %q: %d cells", line, len(cols)-1)
		}
		rows = append(rows, row{cols[0], cols[1:]})
	}
	for col, subj := range matrixSubjects {
		t.Run(subj, func(t *testing.T) {
			mw := newMatrixWorld(t)
			seenKinds := map[app.Kind]bool{}
			for _, f := range mw.fx {
				seenKinds[f.kind] = true
			}
			for _, info := range app.Kinds() {
				if !seenKinds[info.Kind] {
					t.Errorf("kind %s has no fixture", info.Kind)
				}
			}
			s := mw.session(t, subj)

			// Read: exactly the readable fixtures, with exactly their
			// visible fields.
			pulled := s.pullAll(t)
			all := mw.fullRecords(t)
			for _, r := range rows {
				f := mw.fx[mw.index(r.name)]
				got, ok := pulled[f.id]
				want := r.cells[col][0] == 'R'
				if ok != want {
					t.Errorf("%s × %s (%s): pulled %v, want %v", subj, r.name, f.kind, ok, want)
					continue
				}
				if !ok {
					continue
				}
				hidden := map[string]bool{}
				for _, h := range strings.Fields(hiddenFields[subj][r.name]) {
					hidden[h] = true
				}
				full := all[f.id]
				for name, fl := range full.Fields {
					g, ok := got.Fields[name]
					switch {
					case hidden[name] && ok:
						t.Errorf("LEAK %s × %s: field %s = %s pulled", subj, r.name, name, g.Value)
					case !hidden[name] && !ok:
						t.Errorf("%s × %s: field %s missing from the pull", subj, r.name, name)
					case ok && (compact(g.Value) != compact(fl.Value) || g.Stamp != fl.Stamp):
						t.Errorf("%s × %s: field %s = %s @%s, server %s @%s", subj, r.name, name, g.Value, g.Stamp, fl.Value, fl.Stamp)
					}
				}
				for name := range got.Fields {
					if _, ok := full.Fields[name]; !ok {
						t.Errorf("%s × %s: pulled field %s the server record lacks", subj, r.name, name)
					}
				}
			}
			for id, r := range pulled {
				if mw.byID[id] == nil && !isPublished(r) {
					t.Errorf("%s pulled %s/%s, no fixture", subj, r.Kind, id)
				}
			}

			// Write: edits, then creates, then deletes (children first).
			check := func(op byte, r row, f *mfixture, res protocol.Result) {
				t.Helper()
				want := strings.IndexByte("RWCD", op)
				allowed := r.cells[col][want] == op
				wantCode := protocol.CodeForbidden
				switch {
				case f.kind == app.KindOffice || f.kind == app.KindUser:
					wantCode = protocol.CodeServerManaged
				case f.kindAppendOnly() && op != 'C':
					wantCode = protocol.CodeAppendOnly
				}
				switch {
				case allowed && (res.Status != protocol.StatusAccepted || res.Code != ""):
					t.Errorf("WRONG REFUSAL %s × %s (%s) %c: %+v", subj, r.name, f.kind, op, res)
				case !allowed && (res.Status != protocol.StatusRejected || res.Code != wantCode):
					t.Errorf("%s × %s (%s) %c: got %s %q (%s), want rejected %q", subj, r.name, f.kind, op, res.Status, res.Code, res.Message, wantCode)
				}
			}
			for _, r := range rows {
				f := mw.fx[mw.index(r.name)]
				res := s.push(t, protocol.Change{Kind: f.kind, ID: f.id, Fields: mw.fieldsOf(map[string]any{f.probe: f.value})})
				check('W', r, f, res[0])
			}
			for _, r := range rows {
				f := mw.fx[mw.index(r.name)]
				cp := all[f.id].Clone()
				matrixStamp++
				for k, v := range cp.Fields {
					v.Stamp = record.Stamp{Wall: matrixStamp, Device: "matrix"}
					cp.Fields[k] = v
				}
				res := s.push(t, protocol.Change{Kind: f.kind, ID: record.NewID(), Fields: cp.Fields})
				check('C', r, f, res[0])
			}
			for i := len(rows) - 1; i >= 0; i-- {
				r := rows[i]
				f := mw.fx[mw.index(r.name)]
				res := s.push(t, protocol.Change{Kind: f.kind, ID: f.id, Fields: mw.fieldsOf(map[string]any{record.Deleted: true})})
				check('D', r, f, res[0])
			}
		})
	}
}

func isPublished(r record.Record) bool {
	return r.Kind == string(app.KindOffice) || r.Kind == string(app.KindUser)
}

func (f *mfixture) kindAppendOnly() bool {
	for _, info := range app.Kinds() {
		if info.Kind == f.kind {
			return info.AppendOnly
		}
	}
	return false
}

func (mw *matrixWorld) index(name string) int {
	for i, f := range mw.fx {
		if f.name == name {
			return i
		}
	}
	panic("no fixture " + name)
}

// fullRecords reads every fixture as the server stores it.
func (mw *matrixWorld) fullRecords(t *testing.T) map[string]record.Record {
	snap, _ := mw.serverState()
	out := map[string]record.Record{}
	for _, f := range mw.fx {
		r, ok := snap.Get(f.kind, f.id)
		if !ok {
			t.Fatalf("the server lacks fixture %s", f.name)
		}
		out[f.id] = r
	}
	return out
}
