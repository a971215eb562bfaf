package access

import (
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// A scope decides whether one record lies within what a subject may read
// (or write). Scopes are pure: they read only s, rec and what l returns.
type scope func(s Subject, rec record.Record, l Lookup) bool

// A guard decides whether s may set a guarded field (an owner, office,
// assignee or author) to value.
type guard func(s Subject, value string, l Lookup) bool

// link is a reference from a record to the record it hangs off, for
// permissions: the field holding the parent's id and the parent's kind.
type link struct {
	Field string
	Kind  app.Kind
}

// customerLinks lists, per kind, the references through which a record
// hangs off customers. A record is within an agent's (manager's) scope
// when every customer it reaches this way, directly or through its
// booking, is the agent's (in the manager's office), and it reaches at
// least one. A traveler's own customer_id is not a link: it names the
// traveler as a customer (maybe another agent's), not the buyer.
var customerLinks = map[app.Kind][]link{
	app.KindBooking:     {{"customer_id", app.KindCustomer}},
	app.KindTraveler:    {{"booking_id", app.KindBooking}},
	app.KindPayment:     {{"customer_id", app.KindCustomer}, {"booking_id", app.KindBooking}},
	app.KindInteraction: {{"customer_id", app.KindCustomer}, {"booking_id", app.KindBooking}},
	app.KindTask:        {{"customer_id", app.KindCustomer}, {"booking_id", app.KindBooking}},
	app.KindComplaint:   {{"customer_id", app.KindCustomer}, {"booking_id", app.KindBooking}},
	app.KindFeedback:    {{"customer_id", app.KindCustomer}, {"booking_id", app.KindBooking}},
}

// departureKinds are the kinds whose departure_id field places them on a
// departure, for guides.
var departureKinds = []app.Kind{
	app.KindBooking, app.KindTraveler, app.KindServiceOrder, app.KindExpense,
	app.KindIncident, app.KindFeedback,
}

// customers returns the customers rec hangs off (rec itself for a
// customer) and whether every link it holds resolved to one. A set link
// whose record is missing makes ok false: what cannot be traced to a
// customer belongs to no agent.
func customers(rec record.Record, l Lookup) (out []record.Record, ok bool) {
	k := app.Kind(rec.Kind)
	if k == app.KindCustomer {
		return []record.Record{rec}, true
	}
	for _, ln := range customerLinks[k] {
		id := strField(rec, ln.Field)
		if id == "" {
			continue
		}
		parent, found := l.Get(ln.Kind, id)
		if !found {
			return nil, false
		}
		if ln.Kind == app.KindBooking {
			cid := strField(parent, "customer_id")
			if cid == "" {
				return nil, false
			}
			if parent, found = l.Get(app.KindCustomer, cid); !found {
				return nil, false
			}
		}
		out = append(out, parent)
	}
	return out, true
}

// everyCustomer returns a scope true when rec hangs off at least one
// customer and every customer it hangs off satisfies ok.
func everyCustomer(ok func(s Subject, c record.Record) bool) scope {
	return func(s Subject, rec record.Record, l Lookup) bool {
		cs, found := customers(rec, l)
		if !found || len(cs) == 0 {
			return false
		}
		for _, c := range cs {
			if !ok(s, c) {
				return false
			}
		}
		return true
	}
}

// The scopes the rule table is written in.
var (
	// anyRecord: every record of the kind.
	anyRecord scope = func(Subject, record.Record, Lookup) bool { return true }

	// ownCustomer: customers whose owner_id is the subject, and what hangs
	// off them.
	ownCustomer = everyCustomer(func(s Subject, c record.Record) bool {
		return s.UserID != "" && strField(c, "owner_id") == s.UserID
	})

	// officeCustomer: customers whose office_id is the subject's office,
	// and what hangs off them.
	officeCustomer = everyCustomer(func(s Subject, c record.Record) bool {
		return s.OfficeID != "" && strField(c, "office_id") == s.OfficeID
	})

	// assignedDeparture: departures whose guide_ids hold the subject, and
	// the records whose departure_id names such a departure.
	assignedDeparture scope = func(s Subject, rec record.Record, l Lookup) bool {
		if s.UserID == "" {
			return false
		}
		dep := rec
		if app.Kind(rec.Kind) != app.KindDeparture {
			if !slices.Contains(departureKinds, app.Kind(rec.Kind)) {
				return false
			}
			id := strField(rec, "departure_id")
			if id == "" {
				return false
			}
			var ok bool
			if dep, ok = l.Get(app.KindDeparture, id); !ok {
				return false
			}
		}
		return slices.Contains(strsField(dep, "guide_ids"), s.UserID)
	}

	// assignedToSelf: tasks whose assignee is the subject.
	assignedToSelf scope = func(s Subject, rec record.Record, _ Lookup) bool {
		return s.UserID != "" && strField(rec, "assignee_id") == s.UserID
	}

	// assignedInOffice: tasks whose assignee is a user of the subject's
	// office (a manager's staff).
	assignedInOffice scope = func(s Subject, rec record.Record, l Lookup) bool {
		return userInOffice(s, strField(rec, "assignee_id"), l)
	}

	// targetStage: customers at stage "target" (campaign lists).
	targetStage scope = func(_ Subject, rec record.Record, _ Lookup) bool {
		return strField(rec, "stage") == string(app.StageTarget)
	}
)

// anyOf is a scope true when one of scopes is.
func anyOf(scopes ...scope) scope {
	return func(s Subject, rec record.Record, l Lookup) bool {
		for _, sc := range scopes {
			if sc(s, rec, l) {
				return true
			}
		}
		return false
	}
}

// userInOffice reports whether id is a user (found through l) of s's
// office, s's own id included.
func userInOffice(s Subject, id string, l Lookup) bool {
	if id == "" {
		return false
	}
	if id == s.UserID {
		return s.OfficeID != ""
	}
	u, ok := l.Get(app.KindUser, id)
	return ok && s.OfficeID != "" && strField(u, "office_id") == s.OfficeID
}

// The guards the rule table is written in.
var (
	// self: only the subject's own user id.
	self guard = func(s Subject, v string, _ Lookup) bool { return s.UserID != "" && v == s.UserID }
	// ownOffice: only the subject's own office.
	ownOffice guard = func(s Subject, v string, _ Lookup) bool { return s.OfficeID != "" && v == s.OfficeID }
	// officeUser: a user of the subject's office (the subject included).
	officeUser guard = func(s Subject, v string, l Lookup) bool { return userInOffice(s, v, l) }
	// unassigned: only "" (a target not yet given to an agent).
	unassigned guard = func(_ Subject, v string, _ Lookup) bool { return v == "" }
)

// refs lists the reference fields checked on write: a changed reference
// must not point to an existing record the subject cannot read (so no one
// attaches a payment to a booking they cannot see). A reference to a
// record that does not exist is accepted: it reveals nothing, and its
// target may be made later in the same batch. reversal_of refers to a
// record of the same kind.
var refs = map[string]app.Kind{
	"customer_id":  app.KindCustomer,
	"booking_id":   app.KindBooking,
	"departure_id": app.KindDeparture,
	"traveler_id":  app.KindTraveler,
	"roommate_id":  app.KindTraveler,
	"partner_id":   app.KindPartner,
	"tour_id":      app.KindTour,
	"campaign_id":  app.KindCampaign,
	"reversal_of":  "",
}

// refOK reports whether the changed field name of rec (of kind k) is not
// a reference, or points to a missing record or one s may read. A
// customer_id equal to the customer of the record's own (readable)
// booking is accepted too: it is implied by the booking, and a guide
// filing a traveler's feedback names the customer without seeing them.
func refOK(s Subject, k app.Kind, rec record.Record, name string, l Lookup) bool {
	target, isRef := refs[name]
	if !isRef {
		return true
	}
	if target == "" {
		target = k
	}
	id := strField(rec, name)
	if id == "" {
		return true
	}
	t, ok := l.Get(target, id)
	if !ok || CanRead(s, t, l) {
		return true
	}
	if name == "customer_id" {
		if bid := strField(rec, "booking_id"); bid != "" {
			if b, ok := l.Get(app.KindBooking, bid); ok && CanRead(s, b, l) && strField(b, "customer_id") == id {
				return true
			}
		}
	}
	return false
}
