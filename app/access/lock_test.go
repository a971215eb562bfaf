package access

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

func ptr[T any](v T) *T { return &v }

// code is CheckWrite's Denied code, "" when allowed.
func code(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var d *Denied
	if !errors.As(err, &d) || !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("error %v is not a *Denied", err)
	}
	return d.Code + "/" + d.Field
}

// TestSettlementLock: settling is allowed to who may change a departure's
// status; afterwards nothing on it changes but an accountant's or admin's
// reversal and a supplier payment. Expectations written by hand.
func TestSettlementLock(t *testing.T) {
	fx, st := fixtures()
	depC := rec(app.KindDeparture, "depC", map[string]any{"tour_id": "tour", "code": "HLB-9", "guide_ids": []string{guide.UserID}, "status": "completed"})
	st.put(depC)
	settle := with(depC, "status", "settled")
	depS := fx["depS"].rec
	tS := fx["tS"].rec
	tA := fx["tA"].rec
	exS := fx["exS"].rec
	newExp := func(id, dep, by string, kv ...any) record.Record {
		f := map[string]any{"departure_id": dep, "spent_by": by, "category": "tickets", "amount": map[string]any{"amount": 1000, "currency": "VND"}}
		for i := 0; i+1 < len(kv); i += 2 {
			f[kv[i].(string)] = kv[i+1]
		}
		return rec(app.KindExpense, id, f)
	}
	for _, c := range []struct {
		name   string
		s      Subject
		before *record.Record
		after  record.Record
		want   string
	}{
		{"operator settles", operator, &depC, settle, "accountant_only/status"},
		{"admin settles", admin, &depC, settle, ""},
		{"accountant settles", accountant, &depC, settle, ""},
		{"accountant settles with the frozen figures and an override note", accountant, &depC,
			with(with(with(depC, "status", "settled"), "notes", "settled with B owing"), "settlement", map[string]any{"currency": "VND"}), ""},
		{"accountant edits notes of a completed departure", accountant, &depC, with(depC, "notes", "x"), "field/notes"},
		{"accountant completes a running departure", accountant, ptr(with(depC, "status", "running")), with(depC, "status", "completed"), "field/status"},
		{"accountant moves a completed departure elsewhere", accountant, &depC, with(depC, "meeting_point", "lobby"), "field/meeting_point"},
		{"accountant settles a planned departure", accountant, ptr(fx["depG"].rec), with(fx["depG"].rec, "status", "settled"), "field/status"},
		{"accountant creates a departure", accountant, nil, rec(app.KindDeparture, "depN", map[string]any{"tour_id": "tour", "status": "completed"}), "no_create/"},
		{"accountant edits a settled departure", accountant, &depS, with(depS, "notes", "late fix"), "settled/"},
		{"operator edits a settled departure", operator, &depS, with(depS, "notes", "late fix"), "settled/"},
		{"admin edits a settled departure", admin, &depS, with(depS, "meeting_point", "lobby"), "settled/"},
		{"admin reopens a settled departure", admin, &depS, with(depS, "status", "completed"), "settled/"},
		{"operator deletes a settled departure", operator, &depS, with(depS, record.Deleted, true), "settled/"},
		{"a replayed settled departure", operator, &depS, depS.Clone(), ""},
		{"guide checks in on a settled departure", guide, &tS, with(tS, "checked_in_20261201", true), "settled/"},
		{"guide checks in on an open departure", guide, &tA, with(tA, "checked_in_20261201", true), ""},
		{"operator moves a traveler onto a settled departure", operator, &tA, with(tA, "departure_id", "depS"), "settled/"},
		{"operator moves a traveler off a settled departure", operator, &tS, with(tS, "departure_id", "depG"), "settled/"},
		{"agent adds a traveler to a settled departure", agentA, nil, rec(app.KindTraveler, "tNew", map[string]any{"booking_id": "bA", "customer_id": "cA", "departure_id": "depS", "name": "X"}), "settled/"},
		{"operator orders for a settled departure", operator, nil, rec(app.KindServiceOrder, "soNew", map[string]any{"departure_id": "depS", "partner_id": "partner", "service": "bus"}), "settled/"},
		{"operator reports an incident on a settled departure", operator, nil, rec(app.KindIncident, "inNew", map[string]any{"departure_id": "depS", "reported_by": operator.UserID}), "settled/"},
		{"operator's expense on a settled departure", operator, nil, newExp("e1", "depS", operator.UserID), "settled/"},
		{"accountant's plain expense on a settled departure", accountant, nil, newExp("e2", "depS", accountant.UserID), "settled/"},
		{"accountant's reversal on a settled departure", accountant, nil, newExp("e3", "depS", accountant.UserID, "reversal_of", "exS"), ""},
		{"admin's reversal on a settled departure", admin, nil, newExp("e4", "depS", admin.UserID, "reversal_of", "exS"), ""},
		{"operator's reversal on a settled departure", operator, nil, newExp("e5", "depS", operator.UserID, "reversal_of", "exS"), "settled/"},
		{"guide's reversal on a settled departure", guide, nil, newExp("e6", "depS", guide.UserID, "reversal_of", "exS"), "settled/"},
		{"accountant pays a supplier after the settlement", accountant, nil, newExp("e7", "depS", accountant.UserID, "category", "supplier_payment", "service_order_id", "soS"), ""},
		{"admin pays a supplier after the settlement", admin, nil, newExp("e8", "depS", admin.UserID, "category", "supplier_payment"), ""},
		{"operator pays a supplier", operator, nil, newExp("e9", "depG", operator.UserID, "category", "supplier_payment"), "accountant_only/category"},
		{"operator pays a supplier after the settlement", operator, nil, newExp("e10", "depS", operator.UserID, "category", "supplier_payment"), "accountant_only/category"},
		{"guide pays a supplier", guide, nil, newExp("e11", "depG", guide.UserID, "category", "supplier_payment"), "accountant_only/category"},
		{"accountant pays a supplier before the settlement", accountant, nil, newExp("e12", "depG", accountant.UserID, "category", "supplier_payment"), ""},
		{"operator's expense on an open departure", operator, nil, newExp("e13", "depG", operator.UserID), ""},
		{"accountant edits an expense of a settled departure", accountant, &exS, with(exS, "note", "x"), "append_only/"},
	} {
		if got := code(t, CheckWrite(c.s, c.before, c.after, st)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	// The client's coarse answers follow.
	if CanEdit(operator, depS, "notes", st) || !CanEdit(operator, depC, "status", st) {
		t.Error("CanEdit: a settled departure must be read-only, a completed one editable")
	}
	if !CanEdit(accountant, depC, "status", st) || CanEdit(accountant, depC, "meeting_point", st) ||
		CanEdit(accountant, fx["depG"].rec, "status", st) || CanEdit(accountant, depS, "status", st) {
		t.Error("CanEdit: an accountant changes the status of a completed departure only")
	}
	if CanEdit(guide, tS, "checked_in", st) || !CanEdit(guide, tA, "checked_in", st) {
		t.Error("CanEdit: check-in must be refused on a settled departure only")
	}
	if got := LockedBy(fx["soS"].rec, st); got != "depS" {
		t.Errorf("LockedBy(soS) = %q, want depS", got)
	}
	if got := LockedBy(depS, st) + LockedBy(depC, st) + LockedBy(fx["soG"].rec, st) + LockedBy(fx["bA"].rec, st); got != "depS" {
		t.Errorf("LockedBy(depS, depC, soG, bA) = %q, want depS only", got)
	}
	if !Accounting(app.RoleAccountant) || !Accounting(app.RoleAdmin) || Accounting(app.RoleOperator) || Accounting(app.RoleDirector) {
		t.Error("Accounting: accountant and admin only")
	}
}

// TestDeniedMessages: the refusals a person reads (the server sends them
// to the device's rejected log) say what happened and what to do, naming
// the departure by its code. Written by hand.
func TestDeniedMessages(t *testing.T) {
	fx, st := fixtures()
	depS, depG := fx["depS"].rec, fx["depG"].rec
	depC := rec(app.KindDeparture, "depC", map[string]any{"tour_id": "tour", "code": "HLB-9", "status": "completed"})
	for _, c := range []struct {
		name   string
		s      Subject
		before *record.Record
		after  record.Record
		want   string
	}{
		{"settled departure", operator, &depS, with(depS, "notes", "x"),
			"departure HLB-0 is settled and locked: corrections are reversal entries by an accountant"},
		{"service order on it", operator, nil, rec(app.KindServiceOrder, "soN", map[string]any{"departure_id": "depS", "partner_id": "partner", "service": "bus"}),
			"departure HLB-0 is settled and locked: corrections are reversal entries by an accountant"},
		{"supplier payment by an operator", operator, nil, rec(app.KindExpense, "eN", map[string]any{"departure_id": "depG", "spent_by": operator.UserID, "category": "supplier_payment"}),
			"only an accountant or an admin pays suppliers: an operator may not record a supplier payment"},
		{"accountant's other edit", accountant, &depC, with(depC, "notes", "x"),
			"an accountant changes departure HLB-9 only by settling it once it is completed (completed → settled)"},
		{"read-only", director, &depG, with(depG, "notes", "x"), "you may not make this change (read_only)"},
	} {
		err := CheckWrite(c.s, c.before, c.after, st)
		var d *Denied
		if !errors.As(err, &d) {
			t.Errorf("%s: %v, want a *Denied", c.name, err)
			continue
		}
		if got := d.Message(); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestSettlementHidden: a departure's frozen settlement is seen by those
// who keep the books, run operations or offices, not by agents, guides or
// marketing.
func TestSettlementHidden(t *testing.T) {
	_, st := fixtures()
	dep := rec(app.KindDeparture, "depF", map[string]any{"tour_id": "tour", "code": "HLB-7", "guide_ids": []string{guide.UserID}, "status": "settled",
		"settlement": map[string]any{"currency": "VND", "profit": map[string]any{"amount": 1000, "currency": "VND"}}})
	for _, c := range []struct {
		s    Subject
		want bool
	}{{agentA, false}, {manager, true}, {director, true}, {accountant, true}, {operator, true}, {guide, false}, {marketing, false}, {admin, true}} {
		if got := Fields(c.s, dep, st)("settlement"); got != c.want {
			t.Errorf("%s sees settlement: %v, want %v", c.s.Role, got, c.want)
		}
		if !Fields(c.s, dep, st)("code") {
			t.Errorf("%s does not see the departure's code", c.s.Role)
		}
	}
}
