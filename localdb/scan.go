package localdb

import (
	"encoding/json"
	"fmt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Scan calls fn with every live (not deleted) record of kind, in id order
// (creation order for time-ordered ids), all read in one read-only
// transaction: a consistent snapshot however long fn takes. It reads the
// records bucket with one cursor and no index, which is what a report
// reading every booking or payment needs (SortedIDs then Get per id costs
// a transaction and a tree descent each). Records fn receives are copies
// it may keep. An error from fn stops the scan and is returned unchanged.
func (s *Store) Scan(kind app.Kind, fn func(record.Record) error) error {
	return s.view(func(t *tx) error {
		b := t.sub(bucketRecords, kind)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			_, rec, err := decodeRecord(string(kind), string(k), v)
			if err != nil {
				return err
			}
			if rec.IsDeleted() {
				continue
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// ScanFields calls fn with the id and the JSON values of the fields names
// of every live record of kind, in id order, in one read-only
// transaction: values[i] is the value of names[i], nil when the record has
// no such field. Only the named fields are read; nothing else of the
// record is decoded or copied, which makes it several times faster than
// Scan for a report that needs a few fields of 100,000 records. The id
// is the caller's; the values alias the store's memory and are valid only
// until fn returns (decode or copy what you keep). An error from fn stops
// the scan and is returned unchanged.
func (s *Store) ScanFields(kind app.Kind, names []string, fn func(id string, values []json.RawMessage) error) error {
	want := make(map[string]int, len(names))
	byCode := make([]int, len(fieldNames)+1) // field code → index in names + 1
	for i, n := range names {
		want[n] = i
		if c, ok := fieldCodes[n]; ok {
			byCode[c] = i + 1
		}
	}
	values := make([]json.RawMessage, len(names))
	return s.view(func(t *tx) error {
		b := t.sub(bucketRecords, kind)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			clear(values)
			deleted, err := projectRecord(v, want, byCode, values)
			if err != nil {
				return fmt.Errorf("localdb: record %s %s: %w", kind, k, err)
			}
			if deleted {
				continue
			}
			if err := fn(string(k), values); err != nil {
				return err
			}
		}
		return nil
	})
}

// deletedCode is the field code of the tombstone.
var deletedCode = fieldCodes[record.Deleted]

// commonRaw are commonValues as byte slices, shared (never written to).
var commonRaw = func() []json.RawMessage {
	out := make([]json.RawMessage, len(commonValues))
	for i, v := range commonValues {
		out[i] = json.RawMessage(v)
	}
	return out
}()

// projectRecord reads the stored record v (encodeRecord's layout) and
// sets values[want[name]] for each wanted field, aliasing v; byCode maps
// a field code to its index in values plus one (0: not wanted). It
// reports whether the record carries a live tombstone.
func projectRecord(v []byte, want map[string]int, byCode []int, values []json.RawMessage) (deleted bool, err error) {
	if len(v) < 5 {
		return false, errCorrupt
	}
	if v[4] != codecVersion {
		return false, fmt.Errorf("unknown encoding %d", v[4])
	}
	d := decoder{b: v[5:]}
	for range d.count(1) {
		d.bytes() // device ids
	}
	for range d.count(3) {
		d.varint()  // wall
		d.uvarint() // logical
		d.uvarint() // device index
	}
	n := d.count(3)
	for range n {
		var name []byte // set for a name stored in full
		code := d.uvarint()
		switch {
		case code == 0:
			name = d.bytes()
		case code > uint64(len(fieldNames)):
			d.err = errCorrupt
		}
		var val json.RawMessage
		switch m := d.uv(); {
		case d.err != nil:
		case m < uint64(len(commonValues)):
			val = commonRaw[m]
		case m-uint64(len(commonValues)) > uint64(len(d.b)):
			d.err = errCorrupt
		default:
			m -= uint64(len(commonValues))
			val = json.RawMessage(d.b[:m:m])
			d.b = d.b[m:]
		}
		d.uv() // stamp index
		if d.err != nil {
			return false, d.err
		}
		switch {
		case code == deletedCode:
			deleted = string(val) == "true"
		case code != 0:
			if i := byCode[code]; i > 0 {
				values[i-1] = val
			}
		case string(name) == record.Deleted:
			deleted = string(val) == "true"
		default:
			if i, ok := want[string(name)]; ok {
				values[i] = val
			}
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return deleted, d.err
}

// uv is uvarint with a fast path for the one-byte values that field
// codes, value lengths and stamp indexes nearly always are.
func (d *decoder) uv() uint64 {
	if d.err == nil && len(d.b) > 0 && d.b[0] < 0x80 {
		v := uint64(d.b[0])
		d.b = d.b[1:]
		return v
	}
	return d.uvarint()
}
