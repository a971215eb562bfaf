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
	"time"

	"github.com/tourdesk/tourdesk/app"
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
const Version = 1

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
)

// ErrorResponse is the body of every answer that is not a success.
type ErrorResponse struct {
	// Code is one of the Code* constants.
	Code string `json:"code"`
	// Message is a short English sentence for logs and support; clients
	// show a translation of Code instead. It never holds internal details.
	Message string `json:"message"`
	// Field names the request field at fault, for CodeInvalidField.
	Field string `json:"field,omitempty"`
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
