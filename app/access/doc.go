// Package access holds TourDesk's permission rules: for every role and every
// kind of record, what the role may read (which records, which of their
// fields) and what it may write. The rules are written once, here; the sync
// server applies them to every pushed and every pulled record, and the
// desktop client uses them only to hide what its user cannot do. The server
// is the authority.
//
// The rules are one table (rules.go): kind × role → rule. A rule names a
// read scope (which records), field filters (show, hide, and fields shown
// only with marketing consent), a write scope, whether the role may create
// and delete, which fields it may change on existing records, and guards on
// owner, office, assignee and author fields. A test fails when a registered
// kind or a role lacks its cell.
//
// Every decision is a pure function of the subject, the record and what a
// Lookup returns for the records it hangs off (a booking's customer, a
// traveler's departure). So after a customer is reassigned or a guide taken
// off a departure, the server recomputes CanRead for the records affected
// (Dependents, ScopeFields) and revokes what stopped being visible.
//
// The table is never modified after init: every function here is safe for
// concurrent use, as long as the Lookup is.
//
// # API
//
//   - CanRead(s, rec, l): may s see rec at all.
//   - Fields(s, rec, l) and Redact(s, rec, l): which fields of rec s sees;
//     the copy to send on a pull. The tombstone is always kept.
//   - CheckWrite(s, before, after, l): nil, or a *Denied (errors.Is
//     app.ErrForbidden) with a stable Code and the Field at fault: a forged
//     owner, a field the role may not change, a read-only kind, an edit of
//     an append-only kind, a record out of the subject's scope.
//   - CheckSettled, LockedBy, Settled, Accounting: the settlement lock and
//     who keeps the books, for the local services to refuse early.
//   - CanCreate, CanEdit: coarse answers for the client's UI (CanEdit is
//     false on what a settled departure locks).
//   - Dependents, ScopeFields: what the server must recompute after a change.
//
// # Hanging off a customer
//
// Bookings, travelers, payments, interactions, tasks, complaints and
// feedback hang off customers through their customer_id and booking_id
// (a booking leads to its customer). A record is an agent's when every
// customer it reaches is owned by the agent, and a manager's when every one
// is in the manager's office; a record whose parent is missing belongs to
// no agent. The customer's owner decides, not the owner_id copied onto a
// booking, so a reassigned customer brings all its records along. A
// traveler's own customer_id (the traveler is also a customer, maybe
// another agent's) is not a parent.
//
// # Decisions per role
//
// agent: reads and writes only customers they own and what hangs off them,
// including tasks assigned to them. Creates customers and bookings only
// with owner_id = themselves and office_id = their office (CodeForgedOwner
// otherwise), so never gives a customer away. Payments and interactions are
// created (received_by / user_id = themselves), never edited. Reads the
// catalogue: offices, users, settings, loyalty programs, tours, every
// departure (to sell seats; not its settlement figures), partners without their bank account, tax
// code, rating and notes, campaigns without cost and notes. No service
// orders, expenses or incidents.
//
// manager: as an agent for every customer of their office (office_id), and
// tasks of their office's staff (the assignee's user record is in the
// office). May reassign owner_id to any user of their office or leave it
// empty (the office's pool of unassigned leads and marketing targets),
// never to another office's user, and may not move a customer to another
// office (admin does). Records payments received by their office's staff. Reads the
// catalogue and all campaigns.
//
// director: reads everything, unfiltered; writes nothing operational. The
// one exception: tasks assigned to themselves (a personal to-do list).
//
// accountant: reads every customer (all offices) without the sales and
// marketing fields (notes, tags, channel, campaign, consent, stage,
// preferences), every booking, payment, expense, incident, complaint,
// campaign and service order. Appends payments and expenses (reversals,
// refunds) for anyone, with any received_by. Edits only a booking's status,
// reason and balance_due, a service order's unit_cost and status, and a
// partner's bank_account and tax_code; creates none of those. No
// travelers, interactions or feedback. Pays suppliers and reverses
// expenses, also on a settled departure (see below). Settles departures
// ("tour settlement"): on a departure it changes nothing but the move
// completed → settled, with the frozen figures (settlement) and the notes
// (an unpaid-balance override) in that same change; any other change of a
// departure is CodeField (checkSettling).
//
// operator: writes tours, departures (including guide_ids), partners and
// service orders; appends expenses and incidents (spent_by / reported_by =
// themselves). Reads every traveler and may change their room_type,
// roommate_id, special_needs and departure_id (moving them between group
// lists), but neither creates nor deletes travelers. Reads bookings without
// money or notes (code, customer, owner, office, departure, destination,
// dates, status, requests), complaints and feedback (service quality). No
// customers, payments or interactions.
//
// guide: only departures whose guide_ids hold them, and on those: the
// group list (travelers with name, latin name, type, birth date, gender,
// their own phone, passport, nationality, room, roommate, special needs,
// check-in, booking; not the agent's notes or customer link), the
// bookings' code, customer id and status (to tie feedback to a booking),
// service orders without cost, expenses and incidents (which they append,
// as themselves) and feedback (which they create and edit). Of travelers
// they may change only checked_in and the per-day checked_in_YYYYMMDD
// fields (a list entry "f_*" covers every f_<key>). No customers at all. Reads the
// catalogue (tours, partners' public entry, offices, users, settings).
//
// marketing: writes campaigns (owner themselves or none) and loyalty
// programs. Reads every customer without identity documents and sales
// notes; phones, emails and address only when marketing_consent is true.
// Creates and edits customers at stage "target" only (campaign lists),
// unassigned (owner_id empty; a manager then assigns them), and may not
// move them past target or delete them. Reads bookings without notes (for
// campaign ROI) and feedback. No travelers, payments or interactions.
//
// admin: everything; but like everyone, never edits an append-only record.
//
// Every role reads and writes the tasks assigned to them. Append-only
// kinds (app.KindInfo.AppendOnly: payments, interactions, incidents,
// expenses) refuse every change to an existing record, delete included,
// for every role (CodeAppendOnly): a correction is a reversing record.
//
// # The settlement lock and the books (lock.go)
//
// On top of the table, for every role, admin included: a settled
// departure is locked (CodeSettled). Once a departure's status is
// settled, nothing changes it (status included: settled is final) and
// no service order, expense, incident or traveler on it (by departure_id,
// looked up) is created, edited, deleted, or moved onto or off it;
// a guide's check-in on it is refused too. Two exceptions, both new
// expenses: an accountant's or admin's reversal (reversal_of set), the
// correction the issue asks for, and a supplier payment (category
// supplier_payment), since suppliers are paid after the trip. Settling
// itself (completed → settled) is an edit of an unsettled departure that
// only the roles keeping the books make: the accountant (the one
// departure change it makes) and the admin; an operator's is
// CodeAccountantOnly on status, since the figures frozen with it need
// every booking's prices and payments, which an operator cannot read.
// A departure's frozen settlement (field settlement: revenue, costs,
// profit) is hidden from agents, guides and marketing.
//
// Denied.Message is the refusal in words: for CodeSettled it names the
// departure by its code ("departure HLB-0 is settled and locked:
// corrections are reversal entries by an accountant"), for
// CodeAccountantOnly who may pay suppliers; the server sends it with the
// rejection, so the device's rejected log shows it.
// Bookings, payments and feedback are not locked. Separately, only an
// accountant or admin (Accounting) creates an expense of category
// supplier_payment (CodeAccountantOnly, on category).
//
// The lock reads the departure's status as it is now. The server's "as
// of" re-check of an offline edit rolls back only ScopeFields, and status
// is not one: an edit stamped before the settlement but pushed after it
// is still refused (the departure is closed; the device keeps it in its
// rejected log with code settled, and the server sends the record back).
//
// # Writes
//
// A write that changes no value (a replayed push) is allowed whatever the
// role. On an existing record a role changes only fields it may both edit
// and see: a field hidden from it is not its to overwrite (CodeField).
//
// An edit needs the stored record and the result both within the role's
// write scope, so a booking cannot be moved to another agent's customer and
// a traveler cannot be moved onto a departure the guide does not run. A
// changed reference field (customer_id, booking_id, departure_id,
// traveler_id, roommate_id, partner_id, tour_id, campaign_id, reversal_of)
// must point to a record the subject may read, or to none that exists yet;
// a customer_id equal to the customer of the record's own readable booking
// passes (a guide filing feedback). Parents must be pushed before
// children: Lookup must see earlier records of the same batch.
//
// # For the server
//
// Pull: send Redact(s, rec, l) of each changed record s may read. When a
// change touches ScopeFields of its kind, recompute CanRead for the record
// and its Dependents (transitively) for each user, and send a revoke to
// those who lost it. A field can stop being visible while the record stays
// (a customer withdrawing marketing consent): the client then still holds
// the old value, so the server must revoke the record and send the
// redacted copy again.
package access
