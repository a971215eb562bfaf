package access

import (
	"errors"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// readable returns the field names s sees of rec, sorted.
func readable(t *testing.T, s Subject, r record.Record, st store) []string {
	t.Helper()
	red, ok := Redact(s, r, st)
	if !ok {
		t.Fatalf("%s cannot read %s %s", s.Role, r.Kind, r.ID)
	}
	var names []string
	for name := range red.Fields {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func wantFields(t *testing.T, who string, got []string, see, notSee []string) {
	t.Helper()
	for _, f := range see {
		if !slices.Contains(got, f) {
			t.Errorf("%s does not see %s (sees %v)", who, f, got)
		}
	}
	for _, f := range notSee {
		if slices.Contains(got, f) {
			t.Errorf("%s sees %s", who, f)
		}
	}
}

func TestFieldFilters(t *testing.T) {
	fx, st := fixtures()
	tA, cA, cB, bA := fx["tA"].rec, fx["cA"].rec, fx["cB"].rec, fx["bA"].rec

	// The guide sees the group list, not the customer's contact data.
	wantFields(t, "guide on traveler", readable(t, guide, tA, st),
		[]string{"name", "latin_name", "passport_number", "room_type", "checked_in", "phone", "booking_id"},
		[]string{"notes", "customer_id"})
	if CanRead(guide, cA, st) {
		t.Error("guide reads the customer behind their traveler")
	}
	wantFields(t, "guide on booking", readable(t, guide, bA, st),
		[]string{"code", "customer_id", "departure_id"},
		[]string{"lines", "currency", "notes", "owner_id"})
	wantFields(t, "guide on service order", readable(t, guide, fx["soG"].rec, st),
		[]string{"service", "partner_id"}, []string{"unit_cost"})

	// Marketing sees contact data only with consent, never documents or notes.
	wantFields(t, "marketing on consenting customer", readable(t, marketing, cA, st),
		[]string{"name", "phones", "emails", "address", "tags", "marketing_consent"},
		[]string{"passport_number", "id_number", "notes"})
	wantFields(t, "marketing on non-consenting customer", readable(t, marketing, cB, st),
		[]string{"name", "tags", "marketing_consent"},
		[]string{"phones", "emails", "address", "passport_number", "notes"})
	withdrawn := with(cA, "marketing_consent", false)
	wantFields(t, "marketing after consent withdrawn", readable(t, marketing, withdrawn, st),
		nil, []string{"phones", "emails", "address"})
	wantFields(t, "marketing on booking", readable(t, marketing, bA, st),
		[]string{"campaign_id", "lines", "status"}, []string{"notes"})

	// The accountant sees who to bill, not the marketing notes.
	wantFields(t, "accountant on customer", readable(t, accountant, cA, st),
		[]string{"name", "phones", "emails", "address"},
		[]string{"notes", "tags", "campaign_id", "channel", "marketing_consent", "stage"})

	// The operator sees a booking's trip but not its money.
	wantFields(t, "operator on booking", readable(t, operator, bA, st),
		[]string{"code", "departure_id", "status"}, []string{"lines", "currency", "notes"})

	// Agents see a partner's public entry; operators all of it.
	p := fx["partner"].rec
	wantFields(t, "agent on partner", readable(t, agentA, p, st),
		[]string{"name", "phones"}, []string{"bank_account", "tax_code", "rating", "notes"})
	wantFields(t, "operator on partner", readable(t, operator, p, st),
		[]string{"name", "bank_account", "notes"}, nil)
	wantFields(t, "agent on campaign", readable(t, agentA, fx["camp"].rec, st),
		[]string{"name"}, []string{"cost", "notes"})

	// Unfiltered roles see every field, the tombstone included.
	for _, s := range []Subject{agentA, manager, director, admin} {
		del := with(cA, record.Deleted, true)
		got := readable(t, s, del, st)
		if len(got) != len(del.Fields) {
			t.Errorf("%s sees %v of customer, want all %d fields", s.Role, got, len(del.Fields))
		}
	}
	// The tombstone is kept whatever the filter.
	if got := readable(t, guide, with(tA, record.Deleted, true), st); !slices.Contains(got, record.Deleted) {
		t.Error("guide does not see a traveler's tombstone")
	}
	// Fields of an unreadable record are all hidden.
	if Fields(agentB, cA, st)("name") {
		t.Error("Fields of an unreadable record lets a field through")
	}
}

// wantDenied fails unless err is a *Denied with code on field, matching
// app.ErrForbidden.
func wantDenied(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	var d *Denied
	if !errors.As(err, &d) || !errors.Is(err, app.ErrForbidden) {
		t.Errorf("%s: err = %v, want Denied %s", what, err, code)
		return
	}
	if d.Code != code || d.Field != field {
		t.Errorf("%s: denied %s on %q, want %s on %q", what, d.Code, d.Field, code, field)
	}
}

func wantAllowed(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v, want allowed", what, err)
	}
}

func TestForgedOwner(t *testing.T) {
	fx, st := fixtures()
	cA, bA := fx["cA"].rec, fx["bA"].rec
	fresh := func(r record.Record) record.Record { c := r.Clone(); c.ID = "new"; return c }

	// An agent creates a customer for someone else, or in another office.
	wantDenied(t, "agent creates a customer owned by agent B",
		CheckWrite(agentA, nil, with(fresh(cA), "owner_id", agentB.UserID), st), CodeForgedOwner, "owner_id")
	wantDenied(t, "agent creates an unowned customer",
		CheckWrite(agentA, nil, with(fresh(cA), "owner_id", ""), st), CodeForgedOwner, "owner_id")
	wantDenied(t, "agent creates a customer in another office",
		CheckWrite(agentA, nil, with(fresh(cA), "office_id", officeSGN), st), CodeForgedOwner, "office_id")
	// An agent gives their customer away.
	wantDenied(t, "agent changes owner_id",
		CheckWrite(agentA, &cA, with(cA, "owner_id", agentA2.UserID), st), CodeForgedOwner, "owner_id")
	// An agent books for another agent's customer, or moves a booking there.
	wantDenied(t, "agent creates a booking for agent B's customer",
		CheckWrite(agentA, nil, with(fresh(bA), "customer_id", "cB"), st), CodeOutOfScope, "")
	wantDenied(t, "agent moves a booking to agent B's customer",
		CheckWrite(agentA, &bA, with(bA, "customer_id", "cB"), st), CodeOutOfScope, "")
	wantDenied(t, "agent credits a booking to another agent",
		CheckWrite(agentA, &bA, with(bA, "owner_id", agentA2.UserID), st), CodeForgedOwner, "owner_id")
	// Payments, interactions, expenses, incidents carry their author.
	pA := fx["pA"].rec
	wantDenied(t, "agent records a payment received by another",
		CheckWrite(agentA, nil, with(fresh(pA), "received_by", agentA2.UserID), st), CodeForgedOwner, "received_by")
	wantDenied(t, "guide records an expense spent by another",
		CheckWrite(guide, nil, with(fresh(fx["exG"].rec), "spent_by", operator.UserID), st), CodeForgedOwner, "spent_by")
	wantDenied(t, "agent assigns a task to another",
		CheckWrite(agentA, nil, with(fresh(fx["tkA"].rec), "assignee_id", agentA2.UserID), st), CodeForgedOwner, "assignee_id")
	wantAllowed(t, "accountant records a payment received by an agent",
		CheckWrite(accountant, nil, fresh(pA), st))

	// A manager reassigns within the office, not outside it.
	wantAllowed(t, "manager reassigns to an agent of the office",
		CheckWrite(manager, &cA, with(cA, "owner_id", agentA2.UserID), st))
	wantDenied(t, "manager reassigns to another office's agent",
		CheckWrite(manager, &cA, with(cA, "owner_id", agentB.UserID), st), CodeForgedOwner, "owner_id")
	wantDenied(t, "manager reassigns to an unknown user",
		CheckWrite(manager, &cA, with(cA, "owner_id", "u-nobody"), st), CodeForgedOwner, "owner_id")
	wantDenied(t, "manager moves a customer to another office",
		CheckWrite(manager, &cA, with(cA, "office_id", officeSGN), st), CodeForgedOwner, "office_id")
	wantAllowed(t, "manager assigns a task to office staff",
		CheckWrite(manager, nil, with(fresh(fx["tkOp"].rec), "assignee_id", agentA2.UserID), st))
	wantDenied(t, "manager assigns a task to another office's staff",
		CheckWrite(manager, nil, with(fresh(fx["tkOp"].rec), "assignee_id", agentB.UserID), st), CodeForgedOwner, "assignee_id")
	wantAllowed(t, "admin moves a customer to another office and agent",
		CheckWrite(admin, &cA, with(with(cA, "owner_id", agentB.UserID), "office_id", officeSGN), st))

	// Marketing's targets are unassigned and stay targets.
	cT := fx["cT"].rec
	wantDenied(t, "marketing creates a target owned by an agent",
		CheckWrite(marketing, nil, with(fresh(cT), "owner_id", agentA.UserID), st), CodeForgedOwner, "owner_id")
	wantDenied(t, "marketing turns a target into a lead",
		CheckWrite(marketing, &cT, with(cT, "stage", "lead"), st), CodeOutOfScope, "")
	wantDenied(t, "marketing writes a field it cannot see",
		CheckWrite(marketing, &cT, with(cT, "phones", []string{"+84900000000"}), st), CodeField, "phones")
}

func TestAppendOnly(t *testing.T) {
	fx, st := fixtures()
	// Each record against the subjects who may append records like it.
	writers := map[string][]Subject{
		"pA":  {agentA, manager, accountant, admin},
		"iA":  {agentA, admin},
		"exG": {guide, accountant, admin},
		"inG": {guide, admin},
	}
	for id, subs := range writers {
		r := fx[id].rec
		for _, s := range subs {
			wantDenied(t, string(s.Role)+" edits "+id, CheckWrite(s, &r, with(r, "note", "fixed"), st), CodeAppendOnly, "")
			wantDenied(t, string(s.Role)+" deletes "+id, CheckWrite(s, &r, with(r, record.Deleted, true), st), CodeAppendOnly, "")
		}
	}
	pA := fx["pA"].rec
	rev := with(pA, "reversal_of", "pA")
	rev.ID = "pA-reversal"
	wantAllowed(t, "agent reverses their payment", CheckWrite(agentA, nil, rev, st))
	wantAllowed(t, "accountant reverses a payment", CheckWrite(accountant, nil, rev, st))
	revB := with(rev, "reversal_of", "pB")
	wantDenied(t, "agent reverses another agent's payment", CheckWrite(agentA, nil, revB, st), CodeReference, "reversal_of")
	// Pushing the very same record again changes nothing and is not an edit.
	wantAllowed(t, "replayed payment", CheckWrite(agentA, &pA, pA.Clone(), st))
}

func TestGuideInTheField(t *testing.T) {
	fx, st := fixtures()
	tA, tB := fx["tA"].rec, fx["tB"].rec
	wantAllowed(t, "guide checks a traveler in", CheckWrite(guide, &tA, with(tA, "checked_in", true), st))
	wantDenied(t, "guide checks in a traveler of another departure",
		CheckWrite(guide, &tB, with(tB, "checked_in", true), st), CodeOutOfScope, "")
	wantDenied(t, "guide renames a traveler", CheckWrite(guide, &tA, with(tA, "name", "X"), st), CodeField, "name")
	wantDenied(t, "guide deletes a traveler", CheckWrite(guide, &tA, with(tA, record.Deleted, true), st), CodeNoDelete, record.Deleted)
	wantDenied(t, "guide adds a traveler", CheckWrite(guide, nil, with(tA, "name", "new"), st), CodeNoCreate, "")

	in := fx["inG"].rec.Clone()
	in.ID = "in-new"
	wantAllowed(t, "guide reports an incident", CheckWrite(guide, nil, with(in, "traveler_id", "tA"), st))
	wantDenied(t, "guide reports an incident on another departure",
		CheckWrite(guide, nil, with(in, "departure_id", "depX"), st), CodeOutOfScope, "")
	wantDenied(t, "guide names a traveler of another departure",
		CheckWrite(guide, nil, with(in, "traveler_id", "tB"), st), CodeReference, "traveler_id")

	fb := fx["fbA"].rec.Clone()
	fb.ID = "fb-new"
	wantAllowed(t, "guide files feedback of their group", CheckWrite(guide, nil, fb, st))
	wantDenied(t, "guide files feedback naming another customer",
		CheckWrite(guide, nil, with(fb, "customer_id", "cB"), st), CodeReference, "customer_id")
	wantDenied(t, "guide files feedback on another departure's booking",
		CheckWrite(guide, nil, with(fb, "booking_id", "bB"), st), CodeReference, "booking_id")

	// The operator plans rooms and group lists but does not sell.
	wantAllowed(t, "operator sets a roommate", CheckWrite(operator, &tA, with(tA, "roommate_id", "tB"), st))
	wantAllowed(t, "operator moves a traveler to another departure", CheckWrite(operator, &tA, with(tA, "departure_id", "depX"), st))
	wantDenied(t, "operator changes a passport", CheckWrite(operator, &tA, with(tA, "passport_number", "X"), st), CodeField, "passport_number")
	// An agent may not put their traveler on a departure it cannot see:
	// every departure is visible to agents, so this one is allowed.
	wantAllowed(t, "agent moves their traveler", CheckWrite(agentA, &tA, with(tA, "departure_id", "depX"), st))
}

func TestReadOnlyAndUnknown(t *testing.T) {
	fx, st := fixtures()
	tour := fx["tour"].rec
	wantDenied(t, "agent edits a tour", CheckWrite(agentA, &tour, with(tour, "name", "X"), st), CodeReadOnly, "")
	cA := fx["cA"].rec
	wantDenied(t, "director edits a customer", CheckWrite(director, &cA, with(cA, "notes", "X"), st), CodeReadOnly, "")
	bA := fx["bA"].rec
	wantDenied(t, "accountant edits a booking's lines", CheckWrite(accountant, &bA, with(bA, "lines", []any{}), st), CodeField, "lines")
	wantAllowed(t, "accountant marks a booking paid", CheckWrite(accountant, &bA, with(bA, "status", "paid"), st))

	nobody := Subject{UserID: "u-x", OfficeID: officeHAN, Role: "pilot"}
	if CanRead(nobody, tour, st) {
		t.Error("an unknown role reads a tour")
	}
	wantDenied(t, "unknown role writes", CheckWrite(nobody, &tour, with(tour, "name", "X"), st), CodeUnknownKind, "")
	odd := rec("spaceship", "s1", map[string]any{"name": "x"})
	if CanRead(admin, odd, st) {
		t.Error("admin reads an unregistered kind")
	}
	wantDenied(t, "admin writes an unregistered kind", CheckWrite(admin, nil, odd, st), CodeUnknownKind, "")
}

// A manager (or agent) with no office must not match records whose
// office_id is empty: "" is not an office.
func TestEmptyOfficeMatchesNothing(t *testing.T) {
	fx, st := fixtures()
	noOffice := Subject{UserID: "u-m0", Role: app.RoleManager}
	orphan := with(fx["cT"].rec, "office_id", "")
	st.put(orphan)
	if CanRead(noOffice, orphan, st) {
		t.Error("a manager without an office reads a customer without one")
	}
	wantDenied(t, "manager without office creates", CheckWrite(noOffice, nil, with(orphan, "name", "n"), st), CodeForgedOwner, "office_id")
	agentNoID := Subject{OfficeID: officeHAN, Role: app.RoleAgent}
	if CanRead(agentNoID, with(orphan, "owner_id", ""), st) {
		t.Error("an agent with no user id reads an unowned customer")
	}
}

// Visibility is recomputed from the same rules after a change of scope:
// the server relies on this to grant and revoke.
func TestReassignmentMovesVisibility(t *testing.T) {
	fx, st := fixtures()
	hanging := []string{"cA", "bA", "tA", "pA", "iA", "cmA", "fbA"}
	for _, id := range hanging {
		if !CanRead(agentA, fx[id].rec, st) || CanRead(agentA2, fx[id].rec, st) {
			t.Fatalf("before: %s should be agent A's only", id)
		}
	}
	after := st.clone()
	after.put(with(fx["cA"].rec, "owner_id", agentA2.UserID))
	for _, id := range hanging {
		r, _ := after.Get(app.Kind(fx[id].rec.Kind), id)
		if CanRead(agentA, r, after) {
			t.Errorf("after reassignment agent A still reads %s", id)
		}
		if !CanRead(agentA2, r, after) {
			t.Errorf("after reassignment agent A2 does not read %s", id)
		}
		if !CanRead(manager, r, after) {
			t.Errorf("after reassignment the manager lost %s", id)
		}
	}
	// The task assigned to A on that customer stays A's by assignment.
	if !CanRead(agentA, fx["tkA"].rec, after) {
		t.Error("agent A lost the task assigned to them")
	}

	// Taking the guide off the departure hides its group list.
	off := st.clone()
	off.put(with(fx["depG"].rec, "guide_ids", []string{"u-guide-2"}))
	for _, id := range []string{"depG", "tA", "bA", "soG", "exG", "inG", "fbA"} {
		r, _ := off.Get(app.Kind(fx[id].rec.Kind), id)
		if !CanRead(guide, fx[id].rec, st) {
			t.Errorf("before: guide does not read %s", id)
		}
		if CanRead(guide, r, off) {
			t.Errorf("guide taken off the departure still reads %s", id)
		}
	}

	// A booking whose customer is missing belongs to no agent.
	gone := st.clone()
	delete(gone, key(app.KindCustomer, "cA"))
	if CanRead(agentA, fx["bA"].rec, gone) || CanRead(manager, fx["tA"].rec, gone) {
		t.Error("a record whose customer is missing is visible by ownership")
	}
}

func TestDependentsAndScopeFields(t *testing.T) {
	deps := Dependents(app.KindCustomer)
	for _, want := range []Edge{{app.KindBooking, "customer_id"}, {app.KindPayment, "customer_id"}, {app.KindTask, "customer_id"}} {
		if !slices.Contains(deps, want) {
			t.Errorf("Dependents(customer) = %v, lacks %v", deps, want)
		}
	}
	if d := Dependents(app.KindBooking); !slices.Contains(d, Edge{app.KindTraveler, "booking_id"}) {
		t.Errorf("Dependents(booking) = %v, lacks travelers", d)
	}
	if d := Dependents(app.KindDeparture); !slices.Contains(d, Edge{app.KindTraveler, "departure_id"}) {
		t.Errorf("Dependents(departure) = %v, lacks travelers", d)
	}
	if d := Dependents(app.KindTour); len(d) != 0 {
		t.Errorf("Dependents(tour) = %v, want none", d)
	}
	if got := ScopeFields(app.KindCustomer); !slices.Equal(got, []string{"marketing_consent", "office_id", "owner_id"}) {
		t.Errorf("ScopeFields(customer) = %v", got)
	}
	if got := ScopeFields(app.KindDeparture); !slices.Equal(got, []string{"guide_ids"}) {
		t.Errorf("ScopeFields(departure) = %v", got)
	}
	if got := ScopeFields(app.KindTraveler); !slices.Equal(got, []string{"booking_id", "departure_id"}) {
		t.Errorf("ScopeFields(traveler) = %v", got)
	}
	// Every field a scope reads is a scope field: changing any other
	// field of any fixture leaves every subject's view of it as it was.
	fx, st := fixtures()
	for _, f := range fx {
		k := app.Kind(f.rec.Kind)
		for name := range f.rec.Fields {
			if slices.Contains(ScopeFields(k), name) {
				continue
			}
			changed := with(f.rec, name, "zz-changed")
			for _, sub := range subjects {
				if CanRead(sub.s, f.rec, st) != CanRead(sub.s, changed, st) {
					t.Errorf("%s: changing %s.%s changed what %s reads, but it is not a scope field", f.rec.ID, k, name, sub.name)
				}
			}
		}
	}
}

func TestChanged(t *testing.T) {
	a := rec(app.KindCustomer, "c", map[string]any{"name": "An", "tags": []string{"x"}})
	b := a.Clone()
	b.Fields["tags"] = record.Field{Value: []byte(`[ "x" ]`), Stamp: record.Stamp{Wall: 9}}
	if got := Changed(&a, b); len(got) != 0 {
		t.Errorf("Changed = %v for equal values in other spacing", got)
	}
	b = with(b, "name", "Bình")
	b = with(b, "phones", []string{})
	if got := Changed(&a, b); !slices.Equal(got, []string{"name", "phones"}) {
		t.Errorf("Changed = %v", got)
	}
	if got := Changed(nil, a); !slices.Equal(got, []string{"name", "tags"}) {
		t.Errorf("Changed(nil) = %v", got)
	}
}

func TestCanCreateAndCanEdit(t *testing.T) {
	fx, st := fixtures()
	if !CanCreate(agentA, app.KindCustomer) || CanCreate(agentA, app.KindTour) || CanCreate(guide, app.KindTraveler) {
		t.Error("CanCreate disagrees with the table")
	}
	tA := fx["tA"].rec
	if !CanEdit(guide, tA, "checked_in", st) || CanEdit(guide, tA, "name", st) || CanEdit(guide, tA, record.Deleted, st) {
		t.Error("CanEdit for the guide's traveler disagrees with the table")
	}
	if CanEdit(admin, fx["pA"].rec, "note", st) {
		t.Error("CanEdit allows editing a payment")
	}
}
