package access

import (
	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// The rules of messages to customers (app.Message, the outbox) and of how
// they are sent (app.MessageSettings), kept in this file so the messages
// feature adds its cells without editing the shared table; they are added
// at init, before anything reads the table.
//
// Whoever may see a customer sees its messages (a message hangs off its
// customer and booking like an interaction). Agents, managers and
// accountants (payment reminders) queue messages as themselves and may
// queue a failed one again or cancel it; marketing does the same for
// campaign messages only (campaign_id set). The scheduler's user, an
// admin, sends them and logs the interactions. Nobody but an admin
// deletes a message, so none is lost silently. The message settings are
// read by every role, like the company settings, and written by admins.
func init() {
	customerLinks[app.KindMessage] = []link{{"customer_id", app.KindCustomer}, {"booking_id", app.KindBooking}}
	queue := func(read scope) rule {
		return rule{read: read, write: read, create: true, edit: messageRetry, guards: map[string]guard{"queued_by": self}}
	}
	rules[app.KindMessage] = map[app.Role]rule{
		app.RoleAgent:      queue(ownCustomer),
		app.RoleManager:    queue(officeCustomer),
		app.RoleDirector:   readAll,
		app.RoleAccountant: queue(anyRecord),
		app.RoleOperator:   none,
		app.RoleGuide:      none,
		app.RoleMarketing:  queue(campaignMessage),
		app.RoleAdmin:      full,
	}
	rules[app.KindMessageSettings] = map[app.Role]rule{
		app.RoleAgent: readAll, app.RoleManager: readAll, app.RoleDirector: readAll,
		app.RoleAccountant: readAll, app.RoleOperator: readAll, app.RoleGuide: readAll,
		app.RoleMarketing: readAll, app.RoleAdmin: full,
	}
}

// messageRetry is what those who queue messages may change on one: queue
// a failed one again, or cancel it (the sender sets the rest).
var messageRetry = []string{"status", "next_attempt_at"}

// campaignMessage: messages of a campaign (campaign_id set).
var campaignMessage scope = func(_ Subject, rec record.Record, _ Lookup) bool {
	return strField(rec, "campaign_id") != ""
}
