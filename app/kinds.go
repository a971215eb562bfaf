package app

import "sort"

// Kind names a type of record. The values are stored and sent on the wire:
// never rename one.
type Kind string

// Every kind of record TourDesk stores.
const (
	KindOffice         Kind = "office"
	KindUser           Kind = "user"
	KindCustomer       Kind = "customer"
	KindCampaign       Kind = "campaign"
	KindTour           Kind = "tour"
	KindDeparture      Kind = "departure"
	KindBooking        Kind = "booking"
	KindTraveler       Kind = "traveler"
	KindPayment        Kind = "payment"
	KindPartner        Kind = "partner"
	KindServiceOrder   Kind = "service_order"
	KindExpense        Kind = "expense"
	KindIncident       Kind = "incident"
	KindInteraction    Kind = "interaction"
	KindTask           Kind = "task"
	KindComplaint      Kind = "complaint"
	KindFeedback       Kind = "feedback"
	KindLoyaltyProgram Kind = "loyalty_program"
	KindSetting        Kind = "setting"
	// KindMessage is the outbox of emails and SMS to customers (message.go)
	// and KindMessageSettings how they are sent (message_settings.go).
	KindMessage         Kind = "message"
	KindMessageSettings Kind = "message_settings"
)

// Entity is implemented by every domain type. Validate returns nil or a
// *ValidationError naming each field that is wrong; it may normalise
// values in place (trim spaces, phones to E.164) and so takes a pointer
// receiver.
type Entity interface {
	Kind() Kind
	Validate() error
}

// KindInfo tells the store and sync how to treat one kind. Field names are
// the JSON names of the entity's fields.
type KindInfo struct {
	Kind Kind
	// New returns a pointer to a zero entity of this kind.
	New func() Entity
	// AppendOnly kinds (payments, interactions, incidents, expenses) are
	// written once and never edited; a correction is a new, reversing record.
	AppendOnly bool
	// Index lists fields kept in secondary indexes (owner, customer,
	// departure, status, dates), so records can be found by their value.
	// A field holding a JSON array is indexed under each element.
	Index []string
	// Search lists text fields (strings or arrays of strings) whose words
	// are found by diacritic- and case-insensitive search.
	Search []string
	// Phones lists fields holding E.164 phone numbers (strings or arrays);
	// search finds them however the query is formatted.
	Phones []string
	// Sort is the field lists of this kind are ordered by (a name or a
	// date); "" orders by id, which is creation order.
	Sort string
}

var kinds = map[Kind]KindInfo{}

// register adds a kind to the registry; each entity file calls it from init.
func register(info KindInfo) {
	if _, dup := kinds[info.Kind]; dup {
		panic("app: kind registered twice: " + string(info.Kind))
	}
	kinds[info.Kind] = info
}

// Info returns the registry entry of k.
func Info(k Kind) (KindInfo, bool) {
	info, ok := kinds[k]
	return info, ok
}

// Kinds returns every registered kind, sorted by name.
func Kinds() []KindInfo {
	out := make([]KindInfo, 0, len(kinds))
	for _, info := range kinds {
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}
