package access

import "github.com/tourdesk/tourdesk/app"

// rule is what one role may do with one kind of record.
type rule struct {
	// read decides which records the role sees; nil: none.
	read scope
	// show, when not nil, lists the only fields the role sees; hide lists
	// fields it never sees; consent lists fields it sees only when the
	// record's marketing_consent is true.
	show, hide, consent []string

	// write decides which records the role may create or change; nil: the
	// kind is read-only for the role. An edit needs both the stored record
	// and the result within write.
	write scope
	// create: the role may create records (within write).
	create bool
	// delete: the role may set or clear the tombstone.
	delete bool
	// edit, when not nil, lists the only fields the role may change on an
	// existing record (creating is governed by create alone).
	edit []string
	// guards check the values the role may set in owner, office,
	// assignee and author fields: all of them on create, the changed ones
	// on an edit.
	guards map[string]guard
	// settleOnly: the role changes a record of the kind (a departure) only
	// by settling it, status completed → settled (with the edit fields
	// in that same change); see checkSettling.
	settleOnly bool
}

// Shorthands for the rules most cells hold.
var (
	// none: the role neither sees nor writes the kind.
	none = rule{}
	// readAll: sees every record, writes none.
	readAll = rule{read: anyRecord}
	// full: sees, creates, edits and deletes every record.
	full = rule{read: anyRecord, write: anyRecord, create: true, delete: true}
	// ledger: sees every record and appends new ones (append-only kinds).
	ledger = rule{read: anyRecord, write: anyRecord, create: true}
)

// Field lists used by the table.
var (
	// partnerPrivate is a partner's money and the agency's private view of
	// it; the rest is the public catalogue entry (name, contacts, address).
	partnerPrivate = []string{"bank_account", "tax_code", "rating", "notes"}

	// customerMarketing are the sales and marketing fields of a customer,
	// hidden from accountants ("not marketing notes").
	customerMarketing = []string{
		"notes", "tags", "channel", "campaign_id", "marketing_consent", "stage",
		"preferred_destinations", "preferred_transport", "accommodation_class", "diet",
	}
	// customerContact is a customer's contact data, shown to marketing
	// only with marketing_consent.
	customerContact = []string{"phones", "emails", "address"}
	// customerPrivate is never shown to marketing: identity documents and
	// the agents' sales notes.
	customerPrivate = []string{"passport_number", "passport_expiry", "id_number", "notes"}

	// bookingOperations is what operators see of a booking: who travels
	// where and when, with no money.
	bookingOperations = []string{
		"code", "customer_id", "owner_id", "office_id", "departure_id",
		"destination", "start_date", "end_date", "status", "requests",
	}
	// bookingMarketing is what marketing sees of a booking: enough for
	// campaign ROI and segments (source, status, money), no notes.
	bookingMarketing = []string{
		"code", "customer_id", "owner_id", "office_id", "campaign_id", "departure_id",
		"destination", "start_date", "end_date", "status", "booked_on",
		"currency", "lines", "discounts",
	}
	// bookingGroup is what a guide sees of a booking on their departure:
	// which travelers belong together and whose feedback it is.
	bookingGroup = []string{"code", "customer_id", "departure_id", "status"}
	// bookingMoney is what an accountant may change on a booking.
	bookingMoney = []string{"status", "reason", "balance_due"}

	// travelerGroupList is the group list as a guide sees it: names,
	// passport, the traveler's own phone (the guide calls it in the
	// field), rooming and check-in. Not the agent's notes, not the
	// customer link.
	travelerGroupList = []string{
		"booking_id", "departure_id", "name", "latin_name", "type", "birth_date",
		"gender", "phone", "passport_number", "passport_expiry", "nationality",
		"room_type", "roommate_id", "special_needs", "checked_in", "checked_in_*",
	}
	// travelerOperations is what operators may change on a traveler:
	// rooming, needs, and which departure's group list they are on.
	travelerOperations = []string{"room_type", "roommate_id", "special_needs", "departure_id"}

	// orderCosting is what an accountant may change on a service order.
	orderCosting = []string{"unit_cost", "status"}
	// partnerMoney is what an accountant may change on a partner.
	partnerMoney = []string{"bank_account", "tax_code"}
	// campaignInternal is hidden from agents: what a campaign cost.
	campaignInternal = []string{"cost", "notes"}
	// departureMoney is a departure's frozen settlement (revenue, costs,
	// profit), hidden from the roles that neither keep the books nor run
	// operations or offices: agents, guides, marketing.
	departureMoney = []string{"settlement"}
	// departureSettling is what an accountant writes on a departure, only
	// in the move completed → settled: the status, the frozen figures, and
	// the notes (the reason of an unpaid-balance override).
	departureSettling = []string{"status", "settlement", "notes"}
)

// officeUserOrUnassigned allows a user of the subject's office or "" (a
// customer in the office's pool, not yet given to an agent).
var officeUserOrUnassigned guard = func(s Subject, v string, l Lookup) bool { return v == "" || officeUser(s, v, l) }

// selfOrUnassigned allows the subject's own id or "".
var selfOrUnassigned guard = func(s Subject, v string, l Lookup) bool { return v == "" || self(s, v, l) }

// ownTasks is the task rule of roles whose tasks are their own to-do
// list: tasks assigned to them, which they create, edit and delete.
var ownTasks = rule{
	read: assignedToSelf, write: assignedToSelf, create: true, delete: true,
	guards: map[string]guard{"assignee_id": self},
}

// rules is the permission table: for every kind, for every role, the
// rule. TestEveryKindHasRules fails when a registered kind or a role lacks
// its cell. See the package doc for why each cell is what it is.
var rules = map[app.Kind]map[app.Role]rule{
	// The catalogue and the agency's own set-up: everyone reads.
	app.KindOffice: {
		app.RoleAgent: readAll, app.RoleManager: readAll, app.RoleDirector: readAll,
		app.RoleAccountant: readAll, app.RoleOperator: readAll, app.RoleGuide: readAll,
		app.RoleMarketing: readAll, app.RoleAdmin: full,
	},
	app.KindUser: {
		app.RoleAgent: readAll, app.RoleManager: readAll, app.RoleDirector: readAll,
		app.RoleAccountant: readAll, app.RoleOperator: readAll, app.RoleGuide: readAll,
		app.RoleMarketing: readAll, app.RoleAdmin: full,
	},
	app.KindSetting: {
		app.RoleAgent: readAll, app.RoleManager: readAll, app.RoleDirector: readAll,
		app.RoleAccountant: readAll, app.RoleOperator: readAll, app.RoleGuide: readAll,
		// Marketing keeps the saved customer segments (app/segment).
		app.RoleMarketing: {read: anyRecord, write: anyRecord, edit: []string{"segments"}}, app.RoleAdmin: full,
	},
	app.KindLoyaltyProgram: {
		app.RoleAgent: readAll, app.RoleManager: readAll, app.RoleDirector: readAll,
		app.RoleAccountant: readAll, app.RoleOperator: readAll, app.RoleGuide: readAll,
		app.RoleMarketing: full, app.RoleAdmin: full,
	},
	app.KindTour: {
		app.RoleAgent: readAll, app.RoleManager: readAll, app.RoleDirector: readAll,
		app.RoleAccountant: readAll, app.RoleOperator: full, app.RoleGuide: readAll,
		app.RoleMarketing: readAll, app.RoleAdmin: full,
	},
	app.KindDeparture: {
		app.RoleAgent: {read: anyRecord, hide: departureMoney}, app.RoleManager: readAll, app.RoleDirector: readAll,
		app.RoleAccountant: {read: anyRecord, write: anyRecord, edit: departureSettling, settleOnly: true},
		app.RoleOperator:   full,
		app.RoleGuide:      {read: assignedDeparture, hide: departureMoney},
		app.RoleMarketing:  {read: anyRecord, hide: departureMoney}, app.RoleAdmin: full,
	},
	app.KindPartner: {
		app.RoleAgent:      {read: anyRecord, hide: partnerPrivate},
		app.RoleManager:    {read: anyRecord, hide: partnerPrivate},
		app.RoleDirector:   readAll,
		app.RoleAccountant: {read: anyRecord, write: anyRecord, edit: partnerMoney},
		app.RoleOperator:   full,
		app.RoleGuide:      {read: anyRecord, hide: partnerPrivate},
		app.RoleMarketing:  {read: anyRecord, hide: partnerPrivate},
		app.RoleAdmin:      full,
	},

	// Operations of departures.
	app.KindServiceOrder: {
		app.RoleAgent: none, app.RoleManager: none, app.RoleDirector: readAll,
		app.RoleAccountant: {read: anyRecord, write: anyRecord, edit: orderCosting},
		app.RoleOperator:   full,
		app.RoleGuide:      {read: assignedDeparture, hide: []string{"unit_cost"}},
		app.RoleMarketing:  none, app.RoleAdmin: full,
	},
	app.KindExpense: {
		app.RoleAgent: none, app.RoleManager: none, app.RoleDirector: readAll,
		app.RoleAccountant: ledger,
		app.RoleOperator:   {read: anyRecord, write: anyRecord, create: true, guards: map[string]guard{"spent_by": self}},
		app.RoleGuide:      {read: assignedDeparture, write: assignedDeparture, create: true, guards: map[string]guard{"spent_by": self}},
		app.RoleMarketing:  none, app.RoleAdmin: ledger,
	},
	app.KindIncident: {
		app.RoleAgent: none, app.RoleManager: none, app.RoleDirector: readAll,
		app.RoleAccountant: readAll,
		app.RoleOperator:   {read: anyRecord, write: anyRecord, create: true, guards: map[string]guard{"reported_by": self}},
		app.RoleGuide:      {read: assignedDeparture, write: assignedDeparture, create: true, guards: map[string]guard{"reported_by": self}},
		app.RoleMarketing:  none, app.RoleAdmin: ledger,
	},

	// Sales: customers and what hangs off them.
	app.KindCustomer: {
		app.RoleAgent: {
			read: ownCustomer, write: ownCustomer, create: true, delete: true,
			guards: map[string]guard{"owner_id": self, "office_id": ownOffice},
		},
		app.RoleManager: {
			read: officeCustomer, write: officeCustomer, create: true, delete: true,
			guards: map[string]guard{"owner_id": officeUserOrUnassigned, "office_id": ownOffice},
		},
		app.RoleDirector:   readAll,
		app.RoleAccountant: {read: anyRecord, hide: customerMarketing},
		app.RoleOperator:   none,
		app.RoleGuide:      none,
		app.RoleMarketing: {
			read: anyRecord, hide: customerPrivate, consent: customerContact,
			write: targetStage, create: true,
			guards: map[string]guard{"owner_id": unassigned},
		},
		app.RoleAdmin: full,
	},
	app.KindBooking: {
		app.RoleAgent: {
			read: ownCustomer, write: ownCustomer, create: true, delete: true,
			guards: map[string]guard{"owner_id": self, "office_id": ownOffice},
		},
		app.RoleManager: {
			read: officeCustomer, write: officeCustomer, create: true, delete: true,
			guards: map[string]guard{"owner_id": officeUser, "office_id": ownOffice},
		},
		app.RoleDirector:   readAll,
		app.RoleAccountant: {read: anyRecord, write: anyRecord, edit: bookingMoney},
		app.RoleOperator:   {read: anyRecord, show: bookingOperations},
		app.RoleGuide:      {read: assignedDeparture, show: bookingGroup},
		app.RoleMarketing:  {read: anyRecord, show: bookingMarketing},
		app.RoleAdmin:      full,
	},
	app.KindTraveler: {
		app.RoleAgent:      {read: ownCustomer, write: ownCustomer, create: true, delete: true},
		app.RoleManager:    {read: officeCustomer, write: officeCustomer, create: true, delete: true},
		app.RoleDirector:   readAll,
		app.RoleAccountant: none,
		app.RoleOperator:   {read: anyRecord, write: anyRecord, edit: travelerOperations},
		app.RoleGuide:      {read: assignedDeparture, show: travelerGroupList, write: assignedDeparture, edit: []string{"checked_in", "checked_in_*"}},
		app.RoleMarketing:  none,
		app.RoleAdmin:      full,
	},
	app.KindPayment: {
		app.RoleAgent:      {read: ownCustomer, write: ownCustomer, create: true, guards: map[string]guard{"received_by": self}},
		app.RoleManager:    {read: officeCustomer, write: officeCustomer, create: true, guards: map[string]guard{"received_by": officeUser}},
		app.RoleDirector:   readAll,
		app.RoleAccountant: ledger,
		app.RoleOperator:   none, app.RoleGuide: none, app.RoleMarketing: none,
		app.RoleAdmin: ledger,
	},
	app.KindInteraction: {
		app.RoleAgent:      {read: ownCustomer, write: ownCustomer, create: true, guards: map[string]guard{"user_id": self}},
		app.RoleManager:    {read: officeCustomer, write: officeCustomer, create: true, guards: map[string]guard{"user_id": self}},
		app.RoleDirector:   readAll,
		app.RoleAccountant: none, app.RoleOperator: none, app.RoleGuide: none, app.RoleMarketing: none,
		app.RoleAdmin: ledger,
	},
	app.KindTask: {
		app.RoleAgent: {
			read: anyOf(assignedToSelf, ownCustomer), write: anyOf(assignedToSelf, ownCustomer),
			create: true, delete: true, guards: map[string]guard{"assignee_id": self},
		},
		app.RoleManager: {
			read:   anyOf(assignedInOffice, officeCustomer),
			write:  anyOf(assignedInOffice, officeCustomer),
			create: true, delete: true, guards: map[string]guard{"assignee_id": officeUser},
		},
		app.RoleDirector: {
			read: anyRecord, write: assignedToSelf, create: true, delete: true,
			guards: map[string]guard{"assignee_id": self},
		},
		app.RoleAccountant: ownTasks, app.RoleOperator: ownTasks, app.RoleGuide: ownTasks,
		app.RoleMarketing: ownTasks, app.RoleAdmin: full,
	},
	app.KindComplaint: {
		app.RoleAgent:      {read: ownCustomer, write: ownCustomer, create: true, delete: true},
		app.RoleManager:    {read: officeCustomer, write: officeCustomer, create: true, delete: true},
		app.RoleDirector:   readAll,
		app.RoleAccountant: readAll,
		app.RoleOperator:   readAll,
		app.RoleGuide:      none,
		app.RoleMarketing:  none,
		app.RoleAdmin:      full,
	},
	app.KindFeedback: {
		app.RoleAgent:      {read: ownCustomer, write: ownCustomer, create: true, delete: true},
		app.RoleManager:    {read: officeCustomer, write: officeCustomer, create: true, delete: true},
		app.RoleDirector:   readAll,
		app.RoleAccountant: none,
		app.RoleOperator:   readAll,
		app.RoleGuide:      {read: assignedDeparture, write: assignedDeparture, create: true},
		app.RoleMarketing:  readAll,
		app.RoleAdmin:      full,
	},

	// Marketing.
	app.KindCampaign: {
		app.RoleAgent:      {read: anyRecord, hide: campaignInternal},
		app.RoleManager:    readAll,
		app.RoleDirector:   readAll,
		app.RoleAccountant: readAll,
		app.RoleOperator:   none,
		app.RoleGuide:      none,
		app.RoleMarketing: {
			read: anyRecord, write: anyRecord, create: true, delete: true,
			guards: map[string]guard{"owner_id": selfOrUnassigned},
		},
		app.RoleAdmin: full,
	},
}
