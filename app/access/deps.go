package access

import (
	"slices"
	"sort"

	"github.com/tourdesk/tourdesk/app"
)

// Edge names records whose visibility depends on another record: records
// of Kind whose Field holds that record's id.
type Edge struct {
	Kind  app.Kind
	Field string
}

// Dependents returns the edges from records of kind k to the records
// whose visibility they decide: a customer's bookings, payments, tasks…;
// a booking's travelers, payments…; a departure's travelers, service
// orders, expenses… (for its guides); a user's tasks (for managers, by the
// assignee's office). When a record of kind k changes one of its
// ScopeFields, the server recomputes CanRead for the record and, following
// these edges transitively (customer → booking → traveler), for each
// dependent, and grants or revokes what changed. The result is sorted.
func Dependents(k app.Kind) []Edge {
	var out []Edge
	for kind, links := range customerLinks {
		for _, ln := range links {
			if ln.Kind == k {
				out = append(out, Edge{kind, ln.Field})
			}
		}
	}
	switch k {
	case app.KindDeparture:
		for _, kind := range departureKinds {
			out = append(out, Edge{kind, "departure_id"})
		}
	case app.KindUser:
		out = append(out, Edge{app.KindTask, "assignee_id"})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Field < out[j].Field
	})
	return out
}

// ScopeFields returns the fields of kind k whose change may change who
// may read a record of kind k (or which of its fields they see), or who
// may read its Dependents: owners and offices, the links to parents, a
// departure's guides, a task's assignee, a user's office, a customer's
// marketing consent. A change that touches none of them leaves every
// subject's visibility as it was. The result is sorted.
func ScopeFields(k app.Kind) []string {
	var out []string
	for _, ln := range customerLinks[k] {
		out = append(out, ln.Field)
	}
	if slices.Contains(departureKinds, k) {
		out = append(out, "departure_id")
	}
	switch k {
	case app.KindCustomer:
		out = append(out, "owner_id", "office_id", "marketing_consent")
	case app.KindDeparture:
		out = append(out, "guide_ids")
	case app.KindTask:
		out = append(out, "assignee_id")
	case app.KindUser:
		out = append(out, "office_id")
	}
	sort.Strings(out)
	return slices.Compact(out)
}
