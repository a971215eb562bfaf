package protocol_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/sync/protocol"
)

// TestWireIsStable pins the strings and JSON names clients in the field
// depend on. A failure here means a released client would break: add new
// codes and fields, never change these.
func TestWireIsStable(t *testing.T) {
	codes := map[string]string{
		protocol.CodeBadRequest:         "bad_request",
		protocol.CodeUnauthorized:       "unauthorized",
		protocol.CodeForbidden:          "forbidden",
		protocol.CodeRateLimited:        "rate_limited",
		protocol.CodeTooLarge:           "too_large",
		protocol.CodeUnsupportedVersion: "unsupported_version",
		protocol.CodeUnknownKind:        "unknown_kind",
		protocol.CodeInvalidField:       "invalid_field",
		protocol.CodeInternal:           "internal",
		protocol.CodeNotFound:           "not_found",
		protocol.CodeMethodNotAllowed:   "method_not_allowed",
		protocol.CodeUnavailable:        "unavailable",
	}
	for got, want := range codes {
		if got != want {
			t.Errorf("code %q changed to %q", want, got)
		}
	}
	if len(codes) != 12 {
		t.Errorf("two codes share a string")
	}
	if protocol.HeaderVersion != "TourDesk-Protocol" || protocol.PathSession != "/v1/session" || protocol.PathWhoami != "/v1/whoami" {
		t.Error("a header name or path changed")
	}
	if protocol.MinVersion > protocol.Version {
		t.Error("MinVersion is above Version")
	}

	at := time.Date(2026, 12, 23, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		v    any
		want string
	}{
		{protocol.ErrorResponse{Code: "invalid_field", Message: "m", Field: "device_id"}, `{"code":"invalid_field","message":"m","field":"device_id"}`},
		{protocol.ErrorResponse{Code: "internal", Message: "m"}, `{"code":"internal","message":"m"}`},
		{protocol.SessionRequest{User: "u", Password: "p", DeviceID: "d"}, `{"user":"u","password":"p","device_id":"d"}`},
		{protocol.SessionResponse{Token: "t", ExpiresAt: at, UserID: "i", Login: "l", Name: "n", Role: "agent", OfficeID: "o"},
			`{"token":"t","expires_at":"2026-12-23T09:00:00Z","user_id":"i","login":"l","name":"n","role":"agent","office_id":"o"}`},
		{protocol.Whoami{UserID: "i", Login: "l", Name: "n", Role: "guide", OfficeID: "o", DeviceID: "d", ExpiresAt: at},
			`{"user_id":"i","login":"l","name":"n","role":"guide","office_id":"o","device_id":"d","expires_at":"2026-12-23T09:00:00Z"}`},
	} {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.want {
			t.Errorf("%T encodes as %s (%v), want %s", c.v, b, err, c.want)
		}
	}
}
