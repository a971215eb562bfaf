package localdb

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app/record"
)

func TestCodecRoundTrip(t *testing.T) {
	r := record.Record{Kind: "customer", ID: "c1", Fields: map[string]record.Field{
		"name":         {Value: json.RawMessage(`"Nguyễn An"`), Stamp: record.Stamp{Wall: 1700000000000, Logical: 3, Device: "dev-a"}},
		"phones":       {Value: json.RawMessage(`["+84901234567"]`), Stamp: record.Stamp{Wall: 1700000000001, Device: "dev-b"}},
		record.Deleted: {Value: json.RawMessage(`false`), Stamp: record.Stamp{Wall: -5, Device: "dev-a"}},
		"empty":        {Stamp: record.Stamp{}},
		"blank":        {Value: json.RawMessage(`""`), Stamp: record.Stamp{Wall: 1700000000000, Logical: 3, Device: "dev-a"}},
		"none":         {Value: json.RawMessage(`null`), Stamp: record.Stamp{Wall: 1700000000000, Logical: 3, Device: "dev-a"}},
		"no":           {Value: json.RawMessage(`false`), Stamp: record.Stamp{Wall: 1700000000000, Logical: 3, Device: "dev-a"}},
		"long":         {Value: json.RawMessage(`"` + strings.Repeat("x", 300) + `"`), Stamp: record.Stamp{Wall: 1700000000000, Logical: 3, Device: "dev-a"}},
	}}
	num, got, err := decodeRecord("customer", "c1", encodeRecord(42, r))
	if err != nil || num != 42 || !reflect.DeepEqual(got, r) {
		t.Fatalf("round trip: %d %+v %v", num, got, err)
	}
	for _, ob := range []*outboxEntry{
		{wall: 1700000000000, logical: 2, kind: "customer", id: "c1"},
		{wall: -1, kind: "booking", id: "b1", inline: map[string]json.RawMessage{"name": json.RawMessage(`"An"`), "empty": {}}},
	} {
		got, err := decodeOutboxEntry(7, encodeOutboxEntry(ob))
		if err != nil || !reflect.DeepEqual(got, ob) {
			t.Fatalf("outbox entry round trip: %+v %v", got, err)
		}
		if wall, logical, ok := outboxStamp(encodeOutboxEntry(ob)); !ok || wall != ob.wall || logical != ob.logical {
			t.Fatalf("outboxStamp = %d %d %v", wall, logical, ok)
		}
	}
	e := &entry{id: "c1", sortkey: "nguyen an", terms: []string{"an", "nguyen"}}
	ge, err := decodeEntry(encodeEntry(e))
	if err != nil || !reflect.DeepEqual(ge, e) {
		t.Fatalf("entry round trip: %+v %v", ge, err)
	}
}

// FuzzDecodeRecord feeds arbitrary bytes to the decoders: they must fail
// cleanly, never panic or allocate without bound, and whatever decodes
// must encode back to the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	r := record.Record{Fields: map[string]record.Field{"name": {Value: json.RawMessage(`"A"`), Stamp: record.Stamp{Wall: 1, Device: "d"}}}}
	f.Add(encodeRecord(1, r))
	f.Add([]byte{0, 0, 0, 1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		if num, rec, err := decodeRecord("k", "i", b); err == nil {
			if again := encodeRecord(num, rec); string(again) != string(b) {
				// Different varint spellings of one value are possible;
				// the decoded record must at least be stable.
				_, rec2, err := decodeRecord("k", "i", again)
				if err != nil || !reflect.DeepEqual(rec, rec2) {
					t.Fatalf("unstable: %+v vs %+v (%v)", rec, rec2, err)
				}
			}
		}
		if e, err := decodeOutboxEntry(1, b); err == nil {
			if e2, err := decodeOutboxEntry(1, encodeOutboxEntry(e)); err != nil || !reflect.DeepEqual(e, e2) {
				t.Fatalf("unstable outbox entry: %+v vs %+v (%v)", e, e2, err)
			}
		}
		outboxStamp(b)
		decodeEntry(b)
		entryHasPrefix(b, "a", false)
	})
}

// jsonStrings reads plain strings without the JSON decoder; both ways
// must agree.
func TestJSONStringsPlain(t *testing.T) {
	for _, v := range []string{`""`, `"a"`, `"Nguyễn Văn An"`, `"a\"b"`, `"a\\b"`, `"\u00e9"`, `"tab	x"`, "\"bad\xffutf8\"", `"`, `"x`, `["a","b"]`, `null`, `12`} {
		got := jsonStrings(json.RawMessage(v))
		var want []string
		var s string
		if json.Unmarshal([]byte(v), &s) == nil {
			if s != "" {
				want = []string{s}
			}
		} else if v[0] == '[' {
			want = []string{"a", "b"}
		} else if v == `12` {
			want = []string{"12"}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("jsonStrings(%s) = %q, want %q", v, got, want)
		}
	}
}
