package boltstore

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/server"
)

func TestRowCodec(t *testing.T) {
	fields := map[string]server.StoredField{
		"name":     {Value: json.RawMessage(`"Nguyễn Văn An"`), Stamp: record.Stamp{Wall: 1795000000123, Logical: 2, Device: "dev-a"}, Seq: 7, From: "dev-a"},
		"owner_id": {Value: json.RawMessage(`"u1"`), Stamp: record.Stamp{Wall: 1795000000001, Device: "server"}, Seq: 3},
		"notes":    {Value: json.RawMessage(`null`), Stamp: record.Stamp{Wall: -5, Logical: 0, Device: ""}, Seq: 9, From: "dev-b"},
		"empty":    {Stamp: record.Stamp{Wall: 1}, Seq: 1},
	}
	refs := []string{"c1", "o1"}
	v := encodeRow(9, fields, refs)
	seq, got, gotRefs, err := decodeRow(v, false)
	if err != nil || seq != 9 || !reflect.DeepEqual(got, fields) || !reflect.DeepEqual(gotRefs, refs) {
		t.Fatalf("round trip: %d %v %v %v", seq, got, gotRefs, err)
	}
	// The head only.
	seq, got, gotRefs, err = decodeRow(v, true)
	if err != nil || seq != 9 || got != nil || !reflect.DeepEqual(gotRefs, refs) {
		t.Errorf("head: %d %v %v %v", seq, got, gotRefs, err)
	}
	// Values do not alias the stored bytes.
	_, got, _, _ = decodeRow(v, false)
	for i := range v {
		v[i] = 0xff
	}
	if string(got["name"].Value) != `"Nguyễn Văn An"` {
		t.Errorf("a decoded value changed with the row's bytes: %s", got["name"].Value)
	}
	// Rows written as JSON before the binary form are still read.
	old, _ := json.Marshal(recordRow{Seq: 4, Fields: fields, Refs: refs})
	seq, got, gotRefs, err = decodeRow(old, false)
	if err != nil || seq != 4 || !reflect.DeepEqual(gotRefs, refs) || string(got["name"].Value) != `"Nguyễn Văn An"` || got["name"].Stamp != fields["name"].Stamp || got["notes"].From != "dev-b" {
		t.Errorf("JSON row: %d %v %v %v", seq, got, gotRefs, err)
	}
	// Cut or damaged rows are errors, not panics.
	v = encodeRow(9, fields, refs)
	for n := 1; n < len(v); n++ {
		if _, _, _, err := decodeRow(v[:n], false); !errors.Is(err, errRow) {
			t.Fatalf("row cut at %d of %d: %v", n, len(v), err)
		}
	}
	if _, _, _, err := decodeRow([]byte{7, 1}, false); !errors.Is(err, errRow) {
		t.Errorf("unknown form: %v", err)
	}
}

func TestAuditCodec(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 123e6, time.UTC)
	for _, e := range []server.AuditRecord{
		{Seq: 12, At: at, UserID: "u1", DeviceID: "dev-a", Kind: "customer", ID: "c1", Field: "name",
			Old: json.RawMessage(`"An"`), New: json.RawMessage(`"Ân"`), Stamp: record.Stamp{Wall: 1795000000123, Logical: 3, Device: "dev-a"}, Superseded: true},
		{Seq: 1, At: at, DeviceID: "server", Kind: "office", ID: "o1", Field: "name", New: json.RawMessage(`null`), Stamp: record.Stamp{Wall: 1, Device: "server"}},
	} {
		got := server.AuditRecord{Kind: e.Kind, ID: e.ID}
		if err := decodeAudit(encodeAudit(e), &got); err != nil || !reflect.DeepEqual(got, e) {
			t.Errorf("round trip: %+v %v; want %+v", got, err, e)
		}
		stamp, _ := e.Stamp.MarshalText()
		old, _ := json.Marshal(auditRow{Seq: e.Seq, At: e.At.UnixMilli(), UserID: e.UserID, DeviceID: e.DeviceID, Field: e.Field, Old: e.Old, New: e.New, Stamp: string(stamp), Superseded: e.Superseded})
		got = server.AuditRecord{Kind: e.Kind, ID: e.ID}
		if err := decodeAudit(old, &got); err != nil || !reflect.DeepEqual(got, e) {
			t.Errorf("JSON row: %+v %v; want %+v", got, err, e)
		}
		v := encodeAudit(e)
		for n := 1; n < len(v); n++ {
			if err := decodeAudit(v[:n], &got); err == nil {
				t.Fatalf("audit entry cut at %d of %d decoded", n, len(v))
			}
		}
	}
}
