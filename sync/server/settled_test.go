package server_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// TestSettledDepartureLocked: an operator's expense and edit made offline
// on a departure that the accountant settles meanwhile (an operator may
// not settle: accountant_only) are refused at sync
// with access code settled — even though they are stamped before the
// settlement — and taken back on the operator's devices; an accountant's
// reversal and supplier payment after the settlement are accepted; an
// operator's supplier payment is refused (accountant_only).
func TestSettledDepartureLocked(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan0, _ := e.store.AccountByLogin("lan.nguyen")
	for i, u := range []app.User{
		{Name: "Vũ Văn Tâm", Login: "tam.vu", Role: app.RoleOperator, OfficeID: office, Active: true},
		{Name: "Hoàng Văn Nam", Login: "nam.hoang", Role: app.RoleOperator, OfficeID: office, Active: true},
		{Name: "Đỗ Thị Hạnh", Login: "hanh.do", Role: app.RoleAccountant, OfficeID: office, Active: true},
	} {
		u.ID = "0190c2d4-2222-7000-8000-00000000001" + string(rune('0'+i))
		e.store.PutAccount(server.Account{User: u, PasswordHash: lan0.PasswordHash})
		e.ids[u.Login] = u.ID
	}
	const (
		dep  = "0190c2d4-6666-7000-8000-000000000001"
		exp1 = "0190c2d4-7777-7000-8000-000000000001"
		exp2 = "0190c2d4-7777-7000-8000-000000000002"
		rev1 = "0190c2d4-7777-7000-8000-000000000003"
		pay  = "0190c2d4-7777-7000-8000-000000000004"
		pay2 = "0190c2d4-7777-7000-8000-000000000005"
	)
	tam := e.device("tam.vu", "tam-laptop")
	nam := e.device("nam.hoang", "nam-laptop")
	hanh := e.device("hanh.do", "hanh-laptop")
	vnd := map[string]any{"amount": 500000, "currency": "VND"}
	expense := func(d *dev, id, by string, kv ...any) protocol.Change {
		return d.change(app.KindExpense, id, append([]any{"departure_id", dep, "category", "tickets", "amount", vnd, "date", "2026-11-20", "spent_by", e.ids[by]}, kv...)...)
	}

	pr := nam.push(
		nam.change(app.KindDeparture, dep, "code", "HLB-1120", "status", "completed", "start_date", "2026-11-18", "end_date", "2026-11-21",
			"tour_id", "0190c2d4-7777-7000-8000-000000000001", "capacity", 20),
		expense(nam, exp1, "nam.hoang"),
	)
	wantResult(t, pr.Results[0], protocol.StatusAccepted, "")
	wantResult(t, pr.Results[1], protocol.StatusAccepted, "")
	tam.pull()
	hanh.pull()

	// Offline, Tâm records an expense and edits the departure's notes.
	e.clock.Advance(time.Minute)
	late := expense(tam, exp2, "tam.vu")
	notes := tam.change(app.KindDeparture, dep, "notes", "taxi receipts to follow")

	// Nam, an operator, may not settle it: only the roles that keep the
	// books do (the figures need every booking's money).
	e.clock.Advance(time.Minute)
	wantResult(t, nam.push(nam.change(app.KindDeparture, dep, "status", "settled")).Results[0], protocol.StatusRejected, protocol.CodeForbidden)
	// Meanwhile Hạnh, the accountant, settles the departure.
	wantResult(t, hanh.push(hanh.change(app.KindDeparture, dep, "status", "settled")).Results[0], protocol.StatusAccepted, "")

	// Tâm comes online: both refused as settled, though made before.
	e.clock.Advance(time.Minute)
	pr = tam.push(late, notes)
	for i, r := range pr.Results {
		wantResult(t, r, protocol.StatusRejected, protocol.CodeForbidden)
		if r.Access != "settled" {
			t.Errorf("result %d = %+v, want access settled", i, r)
		}
	}
	got := tam.pull()
	if !slices.Contains(got.Revoked, protocol.Ref{Kind: app.KindExpense, ID: exp2}) {
		t.Errorf("tâm's pull: revoked %v, want the refused expense taken back", got.Revoked)
	}
	d, ok := findRecord(got, dep)
	if !ok || string(d.Fields["notes"].Value) == `"taxi receipts to follow"` || string(d.Fields["status"].Value) != `"settled"` {
		t.Errorf("tâm's pull: departure %+v; want it back whole, settled, without the refused notes", d)
	}

	// An operator may not pay a supplier, settled or not.
	pr = tam.push(expense(tam, pay2, "tam.vu", "category", "supplier_payment"))
	wantResult(t, pr.Results[0], protocol.StatusRejected, protocol.CodeForbidden)
	if pr.Results[0].Access != "accountant_only" || pr.Results[0].Field != "category" {
		t.Errorf("operator's supplier payment: %+v, want accountant_only on category", pr.Results[0])
	}

	// The accountant corrects it with a reversal and pays a supplier.
	pr = hanh.push(
		expense(hanh, rev1, "hanh.do", "reversal_of", exp1, "note", "double entry"),
		expense(hanh, pay, "hanh.do", "category", "supplier_payment", "service_order_id", "0190c2d4-7777-7000-8000-000000000009", "partner_id", "0190c2d4-7777-7000-8000-00000000000a"),
	)
	wantResult(t, pr.Results[0], protocol.StatusAccepted, "")
	wantResult(t, pr.Results[1], protocol.StatusAccepted, "")
	// But a plain expense of hers is refused too.
	pr = hanh.push(expense(hanh, "0190c2d4-7777-7000-8000-000000000006", "hanh.do"))
	wantResult(t, pr.Results[0], protocol.StatusRejected, protocol.CodeForbidden)
	if pr.Results[0].Access != "settled" {
		t.Errorf("accountant's plain expense: %+v, want access settled", pr.Results[0])
	}
	got = nam.pull()
	for _, id := range []string{rev1, pay} {
		if _, ok := findRecord(got, id); !ok {
			t.Errorf("nam's pull misses %s", id)
		}
	}
	if _, ok := findRecord(got, exp2); ok {
		t.Error("the refused expense reached another operator")
	}
}
