package access

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

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
		{"operator settles", operator, &depC, settle, ""},
		{"admin settles", admin, &depC, settle, ""},
		{"accountant may not settle", accountant, &depC, settle, "read_only/"},
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
