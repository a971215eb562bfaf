package protocol_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app/record"
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
		protocol.CodeSeqGap:             "seq_gap",
		protocol.CodeAppendOnly:         "append_only",
		protocol.CodeIllegalTransition:  "illegal_transition",
		protocol.CodeClockSkew:          "clock_skew",
	}
	for got, want := range codes {
		if got != want {
			t.Errorf("code %q changed to %q", want, got)
		}
	}
	if len(codes) != 16 {
		t.Errorf("two codes share a string")
	}
	if protocol.HeaderVersion != "TourDesk-Protocol" || protocol.PathSession != "/v1/session" || protocol.PathWhoami != "/v1/whoami" ||
		protocol.PathPush != "/v1/push" || protocol.PathPull != "/v1/pull" || protocol.PathHistory != "/v1/history/" {
		t.Error("a header name or path changed")
	}
	if protocol.MinVersion > protocol.Version {
		t.Error("MinVersion is above Version")
	}

	if protocol.StatusAccepted != "accepted" || protocol.StatusRejected != "rejected" {
		t.Error("a result status changed")
	}

	at := time.Date(2026, 12, 23, 9, 0, 0, 0, time.UTC)
	st := record.Stamp{Wall: 1795000000123, Logical: 2, Device: "d"}
	fields := map[string]record.Field{"name": {Value: json.RawMessage(`"An"`), Stamp: st}}
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
		{protocol.ErrorResponse{Code: "seq_gap", Message: "m", NextSeq: 7}, `{"code":"seq_gap","message":"m","next_seq":7}`},
		{protocol.PushRequest{BatchID: "b", DeviceID: "d", Changes: []protocol.Change{{DeviceSeq: 3, Kind: "customer", ID: "c", Fields: fields}}},
			`{"batch":"b","device":"d","changes":[{"seq":3,"kind":"customer","id":"c","fields":{"name":{"v":"An","s":"1795000000123.2.d"}}}]}`},
		{protocol.PushResponse{Results: []protocol.Result{
			{DeviceSeq: 3, Kind: "customer", ID: "c", Status: "accepted"},
			{DeviceSeq: 4, Kind: "payment", ID: "p", Status: "rejected", Code: "append_only", Message: "m", Field: "amount"},
		}, NextDeviceSeq: 5},
			`{"results":[{"seq":3,"kind":"customer","id":"c","status":"accepted"},{"seq":4,"kind":"payment","id":"p","status":"rejected","code":"append_only","message":"m","field":"amount"}],"next_seq":5}`},
		{protocol.PullResponse{Records: []record.Record{{Kind: "customer", ID: "c", Fields: fields}}, Revoked: []protocol.Ref{{Kind: "booking", ID: "b"}}, Whole: []protocol.Ref{{Kind: "customer", ID: "c"}}, Cursor: "42", More: true},
			`{"records":[{"kind":"customer","id":"c","fields":{"name":{"v":"An","s":"1795000000123.2.d"}}}],"revoked":[{"kind":"booking","id":"b"}],"whole":[{"kind":"customer","id":"c"}],"cursor":"42","more":true}`},
		{protocol.PullResponse{Records: []record.Record{}, Revoked: []protocol.Ref{}, Cursor: "42"}, `{"records":[],"revoked":[],"cursor":"42","more":false}`},
		{protocol.HistoryResponse{Kind: "customer", ID: "c", Entries: []protocol.AuditEntry{{At: at, UserID: "u", DeviceID: "d", Field: "name", Old: json.RawMessage(`"A"`), New: json.RawMessage(`"An"`), Stamp: st}}},
			`{"kind":"customer","id":"c","entries":[{"at":"2026-12-23T09:00:00Z","user":"u","device":"d","field":"name","old":"A","new":"An","stamp":"1795000000123.2.d"}]}`},
	} {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.want {
			t.Errorf("%T encodes as %s (%v), want %s", c.v, b, err, c.want)
		}
	}
}
