// Package protocol holds the wire format shared by TourDesk's sync client
// (sync/client) and central server (sync/server): the protocol version and
// its history, the paths and headers, the stable error codes, and the JSON
// bodies of each request and response.
//
// Everything here is a contract with binaries already in the field: a laptop
// may run an older TourDesk for months. Error codes and JSON field names are
// only ever appended, never renamed or reused with another meaning; a change
// a client must understand bumps Version and adds a line to its history.
//
// Bodies are JSON (UTF-8), compressed with gzip when the peer says it accepts
// it (Accept-Encoding / Content-Encoding). Every request under /v1/ carries
// the HeaderVersion header; authenticated requests carry
// "Authorization: Bearer <token>" with a token from POST /v1/session.
package protocol

import (
	"encoding/json"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Version is the protocol version this build speaks. The client sends it in
// every request under /v1/ in the HeaderVersion header; the server answers a
// version it does not speak with CodeUnsupportedVersion (HTTP 400) and says
// in the same header of its response which version it speaks.
//
// History:
//
//	1 (2026-11-23): sessions. POST /v1/session, GET /v1/whoami. Push, pull,
//	  revokes and history are not in this version yet.
//	2 (2026-11-23): POST /v1/push (PushRequest/PushResponse, idempotent by
//	  device sequence, CodeSeqGap with ErrorResponse.NextSeq), GET /v1/pull
//	  (PullResponse: field-level records, whole records, revokes, cursor,
//	  more), GET
//	  /v1/history/{kind}/{id} (HistoryResponse). New codes: seq_gap,
//	  rejected-change codes (CodeAppendOnly, CodeIllegalTransition,
//	  CodeClockSkew). A version-1 client still signs in and asks whoami.
//	  Added later in version 2 (additive; older clients ignore it):
//	  Result.Access, the permission rule behind a forbidden or
//	  append_only refusal; and a refused change is a visibility change
//	  for the pushing user, so their next pull brings the record whole
//	  (or a revoke when the server does not hold it or they may not
//	  read it), taking the refused values off their devices.
//	3 (2026-11-23): GET /v1/snapshot (a streamed snapshot of everything
//	  the caller may read, NDJSON of SnapshotLine, with the cursor to
//	  pull from next) and CodeResyncRequired: a pull whose cursor is older
//	  than the server's tombstone horizon is refused; the client pushes
//	  its outbox, then loads a snapshot. A version-2 client pulling with
//	  such a cursor is answered as if it had sent none (everything it
//	  may read, again, whole), since it does not know the code.
const Version = 3

// MinVersion is the oldest client version the server still accepts.
const MinVersion = 1

// HeaderVersion is the request and response header that carries the
// protocol version as a decimal integer ("1").
const HeaderVersion = "TourDesk-Protocol"

// Paths of the endpoints of this version.
const (
	// PathSession: POST a SessionRequest, get a SessionResponse.
	PathSession = "/v1/session"
	// PathWhoami: GET (authenticated) a Whoami for the token's session.
	PathWhoami = "/v1/whoami"
	// PathPush: POST (authenticated) a PushRequest, get a PushResponse.
	PathPush = "/v1/push"
	// PathPull: GET (authenticated) with query parameters "cursor" (a
	// PullResponse.Cursor, or empty for the first pull) and "limit" (how
	// many records and revokes to return; 0 or absent means
	// DefaultPullLimit, and more than MaxPullLimit is cut to it), get a
	// PullResponse. A page may exceed the limit by the records one change
	// revokes or grants together (a customer with its bookings is never
	// split across pages).
	PathPull = "/v1/pull"
	// PathHistory: GET (authenticated) PathHistory + kind + "/" + id, get
	// the HistoryResponse of that record. A record the caller may not read
	// answers CodeForbidden, one that never existed CodeNotFound.
	PathHistory = "/v1/history/"
	// PathSnapshot: GET (authenticated, since version 3) everything the
	// caller may read now, streamed: the body is newline-delimited JSON
	// (Content-Type application/x-ndjson, gzip-compressed when the
	// request accepts it), one SnapshotLine per line: first the cursor,
	// then one record per line (whole: every field the caller may read,
	// with stamps; deleted records too, as tombstones), then an end line
	// with the number of records. A body without its end line was cut
	// short and must not be used as complete. A new device fills its
	// empty store from one snapshot instead of thousands of pull pages;
	// a device told CodeResyncRequired replaces its records by one.
	PathSnapshot = "/v1/snapshot"
)

// SnapshotContentType is the Content-Type of a snapshot body.
const SnapshotContentType = "application/x-ndjson"

// SnapshotLine is one line of a snapshot (PathSnapshot). Exactly one of
// its parts is set: Cursor on the first line (the cursor to pull from
// after loading the snapshot: every change up to it is in the
// snapshot), Record on each record line, End (with Count, the number of
// record lines) on the last.
type SnapshotLine struct {
	Cursor string         `json:"cursor,omitempty"`
	Record *record.Record `json:"r,omitempty"`
	End    bool           `json:"end,omitempty"`
	Count  int            `json:"count,omitempty"`
}

// Limits of push and pull.
const (
	// MaxPushChanges is the most changes one PushRequest may carry; a
	// bigger batch is refused whole with CodeTooLarge. The body limit
	// (the server's, 8 MiB by default, after decompression) applies too.
	MaxPushChanges = 1000
	// DefaultPullLimit is the page size of a pull that names none.
	DefaultPullLimit = 500
	// MaxPullLimit is the largest page a pull returns.
	MaxPullLimit = 5000
)

// Error codes, the Code of an ErrorResponse. They are stable strings: a
// client switches on them and translates them; new ones are only appended.
// The HTTP status of each is given for clients that look at it, but the code
// is the contract.
const (
	// CodeBadRequest: the body is not the JSON this endpoint takes
	// (malformed, wrong types, trailing data, bad gzip). HTTP 400.
	CodeBadRequest = "bad_request"
	// CodeUnauthorized: no token, an unknown or expired token, a token of
	// a disabled user, or (on POST /v1/session) a wrong user name or
	// password — the server does not say which, so user names cannot be
	// probed. HTTP 401.
	CodeUnauthorized = "unauthorized"
	// CodeForbidden: the session is valid but its role may not do this.
	// HTTP 403.
	CodeForbidden = "forbidden"
	// CodeRateLimited: too many failed logins for this user name or from
	// this address; the Retry-After header says after how many seconds to
	// try again. HTTP 429.
	CodeRateLimited = "rate_limited"
	// CodeTooLarge: the request body (after decompression) is over the
	// server's limit. HTTP 413.
	CodeTooLarge = "too_large"
	// CodeUnsupportedVersion: the HeaderVersion header is missing or names a
	// version the server does not speak. HTTP 400.
	CodeUnsupportedVersion = "unsupported_version"
	// CodeUnknownKind: a record of a kind the server does not know. HTTP 400
	// (or per record in a push).
	CodeUnknownKind = "unknown_kind"
	// CodeInvalidField: a field is missing or has a value the server refuses;
	// ErrorResponse.Field names it. HTTP 400.
	CodeInvalidField = "invalid_field"
	// CodeInternal: the server failed; the request may be retried. Details
	// are in the server's log, never on the wire. HTTP 500.
	CodeInternal = "internal"
	// CodeNotFound: no such endpoint (or, later, record). HTTP 404.
	CodeNotFound = "not_found"
	// CodeMethodNotAllowed: the endpoint exists but not for this HTTP method;
	// the Allow header lists the ones it takes. HTTP 405.
	CodeMethodNotAllowed = "method_not_allowed"
	// CodeUnavailable: the server is shutting down or overloaded; retry
	// later (Retry-After when known). HTTP 503.
	CodeUnavailable = "unavailable"

	// Since version 2.

	// CodeSeqGap: a push whose first change's DeviceSeq is above the one
	// the server expects next for this device (a change was skipped).
	// Nothing of the batch is applied; ErrorResponse.NextSeq is the
	// sequence the server expects: push again from there. HTTP 409.
	CodeSeqGap = "seq_gap"
	// CodeAppendOnly: a change to a record of an append-only kind
	// (payments, interactions, incidents, expenses) that already exists
	// with other values. Corrections are new, reversing records. Per
	// change in a push.
	CodeAppendOnly = "append_only"
	// CodeIllegalTransition: the change would move a booking's status
	// along a step its transition table does not allow (from the status
	// the server holds). The status is not changed; the rest of the
	// change is applied (the Result's Status is still accepted, Field is
	// "status"), the server's status is re-stamped so every replica
	// converges on it, and a task is created for a person to sort it out.
	// Per change in a push.
	CodeIllegalTransition = "illegal_transition"
	// CodeClockSkew: some stamps of the change were more than
	// MaxClockSkew ahead of the server's clock and were lowered to the
	// server's time before merging (the change is accepted with those
	// stamps). The device's clock is wrong. The pushing user's next pull
	// brings the record in PullResponse.Whole, so the device takes the
	// lowered stamps instead of keeping its own (which would win every
	// later merge on that device only). Clients should not Observe stamps
	// this far ahead. Per change in a push.
	CodeClockSkew = "clock_skew"
	// CodeInvalidRecord: the record as it would be stored (the merge of
	// the server's copy and the change) is not valid for its kind
	// (app's Validate): a required field empty, a value out of range, an
	// end before its start… Result.Problems lists each field at fault
	// (Field is the first) and Message says it in one line. The change
	// is not applied; the rest of the batch is. Problems the stored
	// record already had are not held against a change. Per change in a
	// push.
	CodeInvalidRecord = "invalid_record"
	// CodeServerManaged: the kind is written only by the server's
	// administration commands (offices and users: tourdesk-server office
	// add, user add/set/disable), which also keep the accounts people
	// sign in with; clients read them and never push them. Per change in
	// a push.
	CodeServerManaged = "server_managed"

	// Since version 3.

	// CodeResyncRequired: a pull's cursor is older than the server's
	// tombstone horizon (the server has pruned deletions and visibility
	// changes the device has not seen: it was offline longer than the
	// server keeps them, 90 days by default). The client pushes its
	// outbox first, then replaces its records with a snapshot
	// (PathSnapshot), keeping what its user typed. HTTP 410. Sent only to
	// clients of version 3 or later.
	CodeResyncRequired = "resync_required"
)

// MaxClockSkew is how far ahead of the server's clock a stamp may be
// before the server lowers it to its own time (see CodeClockSkew).
const MaxClockSkew = 5 * time.Minute

// ErrorResponse is the body of every answer that is not a success.
type ErrorResponse struct {
	// Code is one of the Code* constants.
	Code string `json:"code"`
	// Message is a short English sentence for logs and support; clients
	// show a translation of Code instead. It never holds internal details.
	Message string `json:"message"`
	// Field names the request field at fault, for CodeInvalidField.
	Field string `json:"field,omitempty"`
	// NextSeq is, for CodeSeqGap, the DeviceSeq the server expects next
	// from this device (since version 2).
	NextSeq uint64 `json:"next_seq,omitempty"`
}

// SessionRequest is the body of POST /v1/session.
type SessionRequest struct {
	// User is the login the user types ("lan.nguyen"); matched without
	// regard to case or surrounding spaces.
	User     string `json:"user"`
	Password string `json:"password"`
	// DeviceID is the id of the client's local store (localdb.DeviceID);
	// the session is bound to it. 1 to 64 printable ASCII characters.
	DeviceID string `json:"device_id"`
}

// SessionResponse is the answer to a successful POST /v1/session.
type SessionResponse struct {
	// Token is opaque to the client: send it as "Authorization: Bearer
	// <Token>". The server keeps only its hash, so a lost token cannot be
	// recovered, only replaced by logging in again.
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	UserID    string    `json:"user_id"`
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	Role      app.Role  `json:"role"`
	// OfficeID is "" for users that belong to no office (admins, directors).
	OfficeID string `json:"office_id"`
}

// Whoami is the answer to GET /v1/whoami: who the token's session belongs
// to, as the server sees it now (a role changed since login shows here).
type Whoami struct {
	UserID    string    `json:"user_id"`
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	Role      app.Role  `json:"role"`
	OfficeID  string    `json:"office_id"`
	DeviceID  string    `json:"device_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// PushRequest is the body of POST /v1/push: a batch of a device's outbox.
//
// Changes are numbered by the device (DeviceSeq, from 1, gapless for the
// life of the device's store) and must be in increasing, consecutive
// order within the batch. The server remembers, per device, the last
// sequence it applied, in the same transaction as the changes:
//
//   - changes at or below it are replays: they are not applied again and
//     get the same Result as the first time;
//   - a batch whose first change is above the next expected sequence is
//     refused whole with CodeSeqGap and ErrorResponse.NextSeq;
//   - the rest are applied in order, each on its own: a rejected change
//     does not stop the ones after it, and it still counts as handled
//     (the device must not send it again, and it leaves the outbox with
//     its Result).
//
// A batch starts at the first change the device still holds in its
// outbox: the server then forgets the answers it kept for the changes
// below it (a later replay of one of those would be answered as a plain
// acceptance), so what it keeps per device stays small.
//
// The batch is applied in one transaction: either all its new changes are
// handled and the answer is returned, or none (an error answer).
type PushRequest struct {
	// BatchID is chosen by the client (a UUID) and logged; idempotency
	// comes from DeviceSeq, so a retry may use the same or a new id.
	BatchID string `json:"batch"`
	// DeviceID must be the device the session was opened on
	// (SessionRequest.DeviceID); otherwise the push is refused with
	// CodeInvalidField, Field "device".
	DeviceID string   `json:"device"`
	Changes  []Change `json:"changes"`
}

// Change is one local change: the fields a save or a delete stamped, as
// localdb's outbox holds it (the JSON names are the same). Fields carry
// their stamps; deleting is the record.Deleted field set to true.
type Change struct {
	DeviceSeq uint64                  `json:"seq"`
	Kind      app.Kind                `json:"kind"`
	ID        string                  `json:"id"`
	Fields    map[string]record.Field `json:"fields"`
}

// Result statuses.
const (
	// StatusAccepted: the change was merged (field by field: a field whose
	// stamp is below the server's loses, as on any replica). Code may
	// still say something about it (CodeClockSkew, CodeIllegalTransition).
	StatusAccepted = "accepted"
	// StatusRejected: nothing of the change was applied; Code says why
	// (CodeForbidden, CodeUnknownKind, CodeInvalidField, CodeAppendOnly,
	// CodeBadRequest). The client keeps its values in its rejected log.
	// The pushing user's next pull (of any of their devices) carries
	// the record whole, the server's copy, when the server holds it and
	// the user may read it, else a revoke: the device's copy goes back
	// to what the server has (not for CodeUnknownKind, nor a malformed
	// id). A client should settle the refusal before it pulls, or the
	// whole record's unsynced fields are kept; a replayed refusal is
	// noted again, so the pull after the replay brings it back.
	StatusRejected = "rejected"
)

// Result is the server's answer about one Change, in the order of the
// request.
type Result struct {
	DeviceSeq uint64   `json:"seq"`
	Kind      app.Kind `json:"kind"`
	ID        string   `json:"id"`
	// Status is StatusAccepted or StatusRejected.
	Status string `json:"status"`
	// Code is one of the Code* constants, or "" for a plain acceptance.
	Code string `json:"code,omitempty"`
	// Message is a short English sentence for logs and support.
	Message string `json:"message,omitempty"`
	// Field names the field at fault, when one is.
	Field string `json:"field,omitempty"`
	// Access is, for a change refused by the permission rules (Code
	// CodeForbidden or CodeAppendOnly), the rule that refused it: one of
	// app/access's Code* values ("read_only", "out_of_scope",
	// "no_create", "no_delete", "field", "forged_owner", "reference",
	// "append_only", "unknown_kind"), as stable as Code. Empty otherwise,
	// and in answers of servers older than this field. Code stays the
	// one to branch on; Access says why, for the user and for support.
	Access string `json:"access,omitempty"`
	// Superseded lists, for an accepted change, the fields whose pushed
	// value lost the merge: the server already held a value with a
	// higher stamp (someone else's later edit, or a status the server put
	// back), so the pushed value is not the field's value anywhere. The
	// client logs each in its conflict log with the value it pushed, so
	// the user sees what was not kept and can restore it. Fields whose
	// stamp lost but whose value is the same are not listed. Empty for a
	// rejected change, and in answers of servers older than this field.
	// A replay of the change gets the same list.
	Superseded []SupersededField `json:"superseded,omitempty"`
	// Problems lists, for a change rejected with CodeInvalidRecord, each
	// field of the merged record that is not valid (app.FieldError: the
	// field, a stable code such as "required", an English message).
	Problems []app.FieldError `json:"problems,omitempty"`
}

// SupersededField is one field of an accepted change whose pushed value
// lost the merge (Result.Superseded).
type SupersededField struct {
	Field string `json:"field"`
	// Stamp is the stamp of the value the server kept.
	Stamp record.Stamp `json:"stamp"`
	// Value is the value the server kept, and By the id of the user who
	// wrote it ("" for the server's own), both only when the pushing user
	// may read that field of the record now; otherwise both are omitted
	// (the record may just have been taken from them: a customer
	// reassigned to another agent).
	Value json.RawMessage `json:"value,omitempty"`
	By    string          `json:"by,omitempty"`
}

// PushResponse is the answer to a push that was handled (HTTP 200), even
// if some or all of its changes were rejected.
type PushResponse struct {
	// Results holds one Result per Change of the request, in its order.
	Results []Result `json:"results"`
	// NextDeviceSeq is the DeviceSeq the server expects next from this
	// device: every change below it is handled, and the client may drop
	// it from its outbox (localdb Ack(NextDeviceSeq-1)).
	NextDeviceSeq uint64 `json:"next_seq"`
}

// Ref names one record.
type Ref struct {
	Kind app.Kind `json:"kind"`
	ID   string   `json:"id"`
}

// PullResponse is the answer to GET /v1/pull.
//
// Records are the records the caller may read that changed after the
// cursor, in the order of the server's sequence, each with only the fields
// the caller may read:
//
//   - a record the caller already holds comes with only the fields that
//     changed after the cursor (field-level changes; the first pull, with
//     an empty cursor, therefore brings whole records);
//   - a record that became readable to the caller after the cursor (a
//     customer reassigned to them, a departure they were made guide of,
//     and everything hanging off it), or whose readable fields grew, comes
//     whole, however old its fields are.
//
// The client merges each record into its store field by field
// (record.Merge), as it would any replica's version.
//
// Whole names the records of Records that come whole because the
// caller's view of them changed (a grant, fields hidden or shown anew such
// as contact data after a change of marketing consent, or stamps the
// server lowered, see CodeClockSkew). The client replaces its copy of each
// by the one sent: it drops fields the record here lacks and takes the
// values and stamps sent for the others, except for fields holding a
// local change not yet pushed (those it merges as usual).
//
// Revoked lists the records the caller may no longer read (a customer
// reassigned to another agent and everything hanging off it, a departure
// the guide was taken off): the client removes them locally, after
// pushing any unsynced change of theirs. A revoke of a record the client
// does not hold is ignored. A record is never both in Records and Revoked
// of one response.
type PullResponse struct {
	Records []record.Record `json:"records"`
	Revoked []Ref           `json:"revoked"`
	Whole   []Ref           `json:"whole,omitempty"`
	// Cursor is opaque: pass it to the next pull. It is always set, and
	// equals the request's cursor when nothing changed. A cursor the server
	// does not know yet (it was restored from an older backup) is answered
	// as an empty one: everything the caller may read, again.
	Cursor string `json:"cursor"`
	// More says the page was cut at the limit: pull again at once with
	// Cursor.
	More bool `json:"more"`
}

// AuditEntry is one field of one accepted change, as the server's audit
// log holds it.
type AuditEntry struct {
	// At is the server's time when the change was accepted.
	At time.Time `json:"at"`
	// UserID is the user whose session pushed it ("" for the server's own
	// changes, such as a task it created).
	UserID string `json:"user"`
	// UserName is the display name of UserID's account ("" for the
	// server's own changes, and in answers of older servers).
	UserName string `json:"user_name,omitempty"`
	DeviceID string `json:"device"`
	Field    string `json:"field"`
	// Old is the value before (null or absent for a new field); New the
	// value after.
	Old json.RawMessage `json:"old,omitempty"`
	New json.RawMessage `json:"new"`
	// Stamp is the stamp the new value carries.
	Stamp record.Stamp `json:"stamp"`
	// Superseded marks a pushed value that lost the merge to a newer one
	// the server already held (see Result.Superseded): New is the value
	// pushed, which never became the field's value; Old is the value
	// kept; Stamp is the pushed (losing) stamp. Kept in the history so
	// that every value anyone typed can be found there.
	Superseded bool `json:"superseded,omitempty"`
}

// HistoryResponse is the answer to GET /v1/history/{kind}/{id}: every
// accepted change of the record, oldest first, limited to the fields the
// caller may read.
type HistoryResponse struct {
	Kind    app.Kind     `json:"kind"`
	ID      string       `json:"id"`
	Entries []AuditEntry `json:"entries"`
}
