package access

import (
	"encoding/json"
	"fmt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// store is an in-memory Lookup over the fixtures.
type store map[string]record.Record

func key(k app.Kind, id string) string { return string(k) + "/" + id }

func (s store) Get(k app.Kind, id string) (record.Record, bool) {
	r, ok := s[key(k, id)]
	return r, ok
}

func (s store) put(r record.Record) { s[key(app.Kind(r.Kind), r.ID)] = r }

// clone returns a copy of s whose records can be replaced independently.
func (s store) clone() store {
	out := make(store, len(s))
	for k, r := range s {
		out[k] = r.Clone()
	}
	return out
}

var stamp = record.Stamp{Wall: 1795000000000, Device: "test"}

// rec builds a record of kind with the given field values.
func rec(kind app.Kind, id string, fields map[string]any) record.Record {
	r := record.Record{Kind: string(kind), ID: id, Fields: map[string]record.Field{}}
	for name, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		r.Fields[name] = record.Field{Value: b, Stamp: stamp}
	}
	return r
}

// with returns a copy of r with field name set to v.
func with(r record.Record, name string, v any) record.Record {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	out := r.Clone()
	out.Fields[name] = record.Field{Value: b, Stamp: record.Stamp{Wall: stamp.Wall + 1, Device: "test"}}
	return out
}

// The subjects: two agents in two offices and one of every other role.
// Director and admin work at head office and have no office.
const (
	officeHAN = "office-han"
	officeSGN = "office-sgn"
)

var (
	agentA     = Subject{UserID: "u-agent-a", OfficeID: officeHAN, Role: app.RoleAgent}
	agentB     = Subject{UserID: "u-agent-b", OfficeID: officeSGN, Role: app.RoleAgent}
	manager    = Subject{UserID: "u-manager", OfficeID: officeHAN, Role: app.RoleManager}
	director   = Subject{UserID: "u-director", Role: app.RoleDirector}
	accountant = Subject{UserID: "u-accountant", OfficeID: officeHAN, Role: app.RoleAccountant}
	operator   = Subject{UserID: "u-operator", OfficeID: officeHAN, Role: app.RoleOperator}
	guide      = Subject{UserID: "u-guide", OfficeID: officeHAN, Role: app.RoleGuide}
	marketing  = Subject{UserID: "u-marketing", OfficeID: officeHAN, Role: app.RoleMarketing}
	admin      = Subject{UserID: "u-admin", Role: app.RoleAdmin}

	// agentA2 is a second agent of agent A's office: a manager may hand
	// A's customers to them.
	agentA2 = Subject{UserID: "u-agent-a2", OfficeID: officeHAN, Role: app.RoleAgent}
)

// subjects are the matrix's columns, in order.
var subjects = []struct {
	name string
	s    Subject
}{
	{"agentA", agentA}, {"agentB", agentB}, {"manager", manager}, {"director", director},
	{"accountant", accountant}, {"operator", operator}, {"guide", guide},
	{"marketing", marketing}, {"admin", admin},
}

// fixture is one record of the matrix with the field its edit probe
// changes and the value it writes.
type fixture struct {
	rec   record.Record
	probe string
	value any
}

// fixtures returns the records of the matrix (keyed by id) and a store
// holding them. Agent A owns customer cA (office HAN, consent given);
// agent B owns cB (office SGN, no consent); cT is an unassigned campaign
// target of office HAN. A's booking is on departure depG, run by the
// guide; B's on depX, run by another guide.
func fixtures() (map[string]fixture, store) {
	fx := map[string]fixture{}
	add := func(kind app.Kind, id string, probe string, value any, fields map[string]any) {
		fx[id] = fixture{rec(kind, id, fields), probe, value}
	}
	add(app.KindOffice, officeHAN, "name", "probe", map[string]any{"name": "Hà Nội", "code": "HAN"})
	add(app.KindOffice, officeSGN, "name", "probe", map[string]any{"name": "Sài Gòn", "code": "SGN"})
	users := []Subject{agentA, agentB, manager, director, accountant, operator, guide, marketing, admin, agentA2}
	for _, u := range users {
		add(app.KindUser, u.UserID, "name", "probe", map[string]any{
			"name": u.UserID, "login": u.UserID, "role": u.Role, "office_id": u.OfficeID,
			"email": u.UserID + "@example.vn", "active": true,
		})
	}
	add(app.KindUser, "u-guide-2", "name", "probe", map[string]any{"name": "other guide", "role": app.RoleGuide, "office_id": officeSGN})
	add(app.KindSetting, "settings", "company_name", "probe", map[string]any{"company_name": "Sen Vàng", "bank_account": "0123"})
	add(app.KindLoyaltyProgram, "loy", "name", "probe", map[string]any{"name": "Sen Vàng Club", "active": true})
	add(app.KindTour, "tour", "name", "probe", map[string]any{"code": "HLB", "name": "Hạ Long Bay"})
	add(app.KindDeparture, "depG", "notes", "probe", map[string]any{"tour_id": "tour", "code": "HLB-1", "guide_ids": []string{guide.UserID}})
	add(app.KindDeparture, "depX", "notes", "probe", map[string]any{"tour_id": "tour", "code": "HLB-2", "guide_ids": []string{"u-guide-2"}})
	add(app.KindPartner, "partner", "bank_account", "probe", map[string]any{
		"name": "Hotel Lotus", "phones": []string{"+842033846001"}, "bank_account": "VCB 001", "tax_code": "0101", "rating": 4, "notes": "slow to confirm",
	})
	add(app.KindServiceOrder, "soG", "status", "probe", map[string]any{"departure_id": "depG", "partner_id": "partner", "service": "12 twin rooms", "unit_cost": map[string]any{"amount": 1200000, "currency": "VND"}, "status": "requested"})
	add(app.KindServiceOrder, "soX", "status", "probe", map[string]any{"departure_id": "depX", "partner_id": "partner", "service": "coach", "status": "requested"})
	add(app.KindExpense, "exG", "note", "probe", map[string]any{"departure_id": "depG", "spent_by": guide.UserID, "category": "tips"})
	add(app.KindExpense, "exX", "note", "probe", map[string]any{"departure_id": "depX", "spent_by": operator.UserID, "category": "tickets"})
	add(app.KindIncident, "inG", "description", "probe", map[string]any{"departure_id": "depG", "reported_by": guide.UserID, "description": "lost passport"})
	add(app.KindIncident, "inX", "description", "probe", map[string]any{"departure_id": "depX", "reported_by": operator.UserID, "description": "coach late"})
	// depS is settled (locked), run by the guide: its service order,
	// expenses (an ordinary one, a reversal, a supplier payment), incident
	// and a traveler of A's booking on it.
	add(app.KindDeparture, "depS", "notes", "probe", map[string]any{"tour_id": "tour", "code": "HLB-0", "guide_ids": []string{guide.UserID}, "status": "settled"})
	add(app.KindServiceOrder, "soS", "status", "probe", map[string]any{"departure_id": "depS", "partner_id": "partner", "service": "boat", "status": "completed"})
	add(app.KindExpense, "exS", "note", "probe", map[string]any{"departure_id": "depS", "spent_by": operator.UserID, "category": "tickets"})
	add(app.KindExpense, "exSR", "note", "probe", map[string]any{"departure_id": "depS", "spent_by": operator.UserID, "category": "tickets", "reversal_of": "exS"})
	add(app.KindExpense, "exSP", "note", "probe", map[string]any{"departure_id": "depS", "spent_by": operator.UserID, "category": "supplier_payment", "service_order_id": "soS", "partner_id": "partner"})
	add(app.KindIncident, "inS", "description", "probe", map[string]any{"departure_id": "depS", "reported_by": operator.UserID, "description": "rain"})
	add(app.KindTraveler, "tS", "room_type", "probe", map[string]any{"booking_id": "bA", "departure_id": "depS", "customer_id": "cA", "name": "Nguyễn Văn An", "room_type": "twin"})
	add(app.KindCustomer, "cA", "tags", []string{"probe"}, map[string]any{
		"name": "Nguyễn Văn An", "phones": []string{"+84901234567"}, "emails": []string{"an@example.vn"}, "address": "25 Lý Thường Kiệt",
		"passport_number": "C1234567", "id_number": "001090000001", "notes": "prefers window seats", "tags": []string{"vip"},
		"campaign_id": "camp", "channel": "facebook", "owner_id": agentA.UserID, "office_id": officeHAN, "marketing_consent": true, "stage": "customer",
	})
	add(app.KindCustomer, "cB", "tags", []string{"probe"}, map[string]any{
		"name": "Trần Thị Bình", "phones": []string{"+84912345678"}, "emails": []string{"binh@example.vn"}, "address": "102 Nam Kỳ Khởi Nghĩa",
		"passport_number": "C7654321", "notes": "asked for a discount", "tags": []string{"family"},
		"owner_id": agentB.UserID, "office_id": officeSGN, "marketing_consent": false, "stage": "customer",
	})
	add(app.KindCustomer, "cT", "tags", []string{"probe"}, map[string]any{
		"name": "Lê Minh Châu", "phones": []string{"+84987654321"}, "owner_id": "", "office_id": officeHAN,
		"marketing_consent": false, "stage": "target", "campaign_id": "camp",
	})
	add(app.KindBooking, "bA", "status", "probe", map[string]any{
		"code": "BK-2026-000001", "customer_id": "cA", "owner_id": agentA.UserID, "office_id": officeHAN, "departure_id": "depG", "campaign_id": "camp",
		"currency": "VND", "lines": []any{map[string]any{"description": "adult", "quantity": 2}}, "status": "deposit", "notes": "pays by transfer",
	})
	add(app.KindBooking, "bB", "status", "probe", map[string]any{
		"code": "BK-2026-000002", "customer_id": "cB", "owner_id": agentB.UserID, "office_id": officeSGN, "departure_id": "depX",
		"currency": "VND", "status": "paid",
	})
	add(app.KindTraveler, "tA", "room_type", "probe", map[string]any{
		"booking_id": "bA", "departure_id": "depG", "customer_id": "cA", "name": "Nguyễn Văn An", "latin_name": "NGUYEN VAN AN",
		"phone": "+84901234567", "passport_number": "C1234567", "room_type": "twin", "checked_in": false, "notes": "VIP, brother of a director",
	})
	add(app.KindTraveler, "tB", "room_type", "probe", map[string]any{
		"booking_id": "bB", "departure_id": "depX", "customer_id": "cB", "name": "Trần Thị Bình", "room_type": "single",
	})
	add(app.KindPayment, "pA", "note", "probe", map[string]any{"booking_id": "bA", "customer_id": "cA", "type": "deposit", "received_by": agentA.UserID})
	add(app.KindPayment, "pB", "note", "probe", map[string]any{"booking_id": "bB", "customer_id": "cB", "type": "deposit", "received_by": agentB.UserID})
	add(app.KindInteraction, "iA", "summary", "probe", map[string]any{"customer_id": "cA", "user_id": agentA.UserID, "summary": "called"})
	add(app.KindInteraction, "iB", "summary", "probe", map[string]any{"customer_id": "cB", "user_id": agentB.UserID, "summary": "emailed"})
	add(app.KindTask, "tkA", "notes", "probe", map[string]any{"title": "call An", "customer_id": "cA", "assignee_id": agentA.UserID})
	add(app.KindTask, "tkB", "notes", "probe", map[string]any{"title": "call Bình", "customer_id": "cB", "assignee_id": agentB.UserID})
	add(app.KindTask, "tkOp", "notes", "probe", map[string]any{"title": "confirm hotel", "assignee_id": operator.UserID})
	add(app.KindTask, "tkDir", "notes", "probe", map[string]any{"title": "quarterly review", "assignee_id": director.UserID})
	add(app.KindComplaint, "cmA", "status", "probe", map[string]any{"customer_id": "cA", "booking_id": "bA", "description": "cold room"})
	add(app.KindComplaint, "cmB", "status", "probe", map[string]any{"customer_id": "cB", "booking_id": "bB", "description": "late coach"})
	add(app.KindFeedback, "fbA", "comments", "probe", map[string]any{"booking_id": "bA", "customer_id": "cA", "departure_id": "depG", "rating_overall": 5})
	add(app.KindFeedback, "fbB", "comments", "probe", map[string]any{"booking_id": "bB", "customer_id": "cB", "departure_id": "depX", "rating_overall": 3})
	add(app.KindCampaign, "camp", "notes", "probe", map[string]any{"name": "Tết 2027", "channel": "email", "cost": map[string]any{"amount": 5000000, "currency": "VND"}, "owner_id": marketing.UserID, "office_id": officeHAN})
	add(app.KindMessage, "mA", "status", "cancelled", map[string]any{"customer_id": "cA", "channel": "email", "to": "an@example.vn", "body": "Chúc mừng sinh nhật", "status": "failed", "queued_by": agentA.UserID})
	add(app.KindMessage, "mB", "status", "cancelled", map[string]any{"customer_id": "cB", "channel": "sms", "to": "+84912345678", "body": "Nhắc thanh toán", "status": "failed", "queued_by": agentB.UserID})
	add(app.KindMessage, "mCamp", "status", "cancelled", map[string]any{"customer_id": "cA", "campaign_id": "camp", "channel": "email", "body": "Tết 2027", "status": "failed", "queued_by": marketing.UserID})
	add(app.KindMessageSettings, "messaging", "smtp_host", "probe", map[string]any{"smtp_host": "smtp.senvang.vn", "mail_from": "crm@senvang.vn"})

	st := store{}
	for _, f := range fx {
		st.put(f.rec)
	}
	return fx, st
}

// cell renders what s may do with f in the matrix's notation: R (read),
// W (edit the probe field), C (create a copy under a new id), D (delete);
// "-" where refused.
func cell(s Subject, f fixture, st store) string {
	out := []byte("----")
	if CanRead(s, f.rec, st) {
		out[0] = 'R'
	}
	if CheckWrite(s, &f.rec, with(f.rec, f.probe, f.value), st) == nil {
		out[1] = 'W'
	}
	cp := f.rec.Clone()
	cp.ID = "copy-of-" + f.rec.ID
	if CheckWrite(s, nil, cp, st) == nil {
		out[2] = 'C'
	}
	if CheckWrite(s, &f.rec, with(f.rec, record.Deleted, true), st) == nil {
		out[3] = 'D'
	}
	return string(out)
}

func (f fixture) String() string { return fmt.Sprintf("%s %s", f.rec.Kind, f.rec.ID) }
