package localdb

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Record values are stored in a small binary form rather than JSON: a
// customer's thirty fields would otherwise repeat the 36-character device
// id and the stamp of the save that wrote them. Layout (all integers
// varints):
//
//	num (4 bytes BE) | codecVersion | ndevices | device... |
//	nstamps | (wall | logical | device index)... |
//	nfields | (name code | [name] | value | stamp index)...
//
// A value is written as uvarint n: n < len(commonValues) stands for
// commonValues[n] (most of a customer's thirty fields are "" or null),
// otherwise n - len(commonValues) bytes follow.
// A name code n > 0 stands for fieldNames[n-1]; 0 is followed by the name
// itself. Strings are uvarint length + bytes; fields are sorted by name and stamps
// listed in the order their first field needs them, so equal records
// encode to equal bytes. One Save stamps every field it changes with one
// stamp, so a record usually holds one or two distinct stamps.
const codecVersion = 2

// fieldNames are the field names a record stores as a one-byte code: every
// field of every kind when codec version 2 was introduced. Only ever
// append (a code must keep its name for the life of every data file); an
// older TourDesk reading a code it does not know reports the record
// corrupt, so a release that appends names should also bump the schema
// version, making older versions refuse the file at Open instead.
var fieldNames = []string{
	"_deleted", "accommodation_class", "active", "address", "amount",
	"archived", "assignee_id", "at", "balance_due", "bank_account",
	"birth_date", "birthday", "booked_on", "booking_id", "campaign_id",
	"cancellation_terms", "capacity", "category", "channel", "checked_in",
	"code", "comments", "company_name", "compensation", "confirmation_number",
	"contact_name", "contact_person", "contact_title", "contract_number",
	"cost", "country", "currency", "customer_id", "date", "days",
	"default_currency", "departure_id", "description", "destination",
	"destinations", "diet", "direction", "discounts", "due_date", "email",
	"emails", "end_date", "exchange_rates", "exclusions", "gender",
	"guide_ids", "handler_id", "id_number", "inclusions", "language",
	"latin_name", "licence_number", "lines", "login", "logo",
	"marketing_consent", "meeting_point", "meeting_time", "method",
	"min_travelers", "name", "nationality", "nights", "note", "notes",
	"office_id", "owner_id", "partner_id", "passport_expiry",
	"passport_number", "phone", "phones", "preferred_destinations",
	"preferred_transport", "price_adult", "price_child", "price_infant",
	"program", "province", "quantity", "rating", "rating_food", "rating_guide",
	"rating_hotel", "rating_itinerary", "rating_overall", "rating_transport",
	"reason", "receipt_number", "receipt_photo", "received_by", "received_on",
	"region", "reported_by", "requests", "resolution", "reversal_of", "role",
	"room_type", "roommate_id", "segment", "service", "severity",
	"special_needs", "spent_by", "stage", "start_date", "status", "summary",
	"tags", "tax_code", "tiers", "title", "tour_id", "transport",
	"traveler_id", "type", "unit_cost", "user_id", "vip_only", "website",
	"would_recommend",
}

// commonValues are the JSON values written as one byte. Never change.
var commonValues = []string{`""`, `null`, `[]`, `false`, `true`, `0`}

func appendValue(b, v []byte) []byte {
	if len(v) <= 5 {
		for i, c := range commonValues {
			if string(v) == c {
				return append(b, byte(i))
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(v)+len(commonValues)))
	return append(b, v...)
}

// value reads what appendValue wrote, copied (nil for an empty value).
func (d *decoder) value() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n < uint64(len(commonValues)) {
		return []byte(commonValues[n])
	}
	n -= uint64(len(commonValues))
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	var v []byte
	if n > 0 {
		v = append([]byte(nil), d.b[:n]...)
	}
	d.b = d.b[n:]
	return v
}

// fieldCodes maps fieldNames to their codes.
var fieldCodes = func() map[string]uint64 {
	m := make(map[string]uint64, len(fieldNames))
	for i, n := range fieldNames {
		m[n] = uint64(i + 1)
	}
	return m
}()

var errCorrupt = errors.New("localdb: corrupt value")

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBytes(b []byte, s []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encodeRecord returns the stored form of the fields of r under num.
func encodeRecord(num uint32, r record.Record) []byte {
	b := make([]byte, 0, fieldsSize(r.Fields)+5)
	b = binary.BigEndian.AppendUint32(b, num)
	b = append(b, codecVersion)
	return appendFields(b, r.Fields)
}

func fieldsSize(fields map[string]record.Field) int {
	size := 8
	for name, f := range fields {
		size += len(name) + len(f.Value) + 3
	}
	return size + 60
}

// appendFields appends the device table, the stamp table and the fields,
// sorted by name.
func appendFields(b []byte, fields map[string]record.Field) []byte {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	slices.Sort(names)
	var devices []string
	var stamps []record.Stamp
	for _, name := range names {
		s := fields[name].Stamp
		if !slices.Contains(stamps, s) {
			stamps = append(stamps, s)
			if !slices.Contains(devices, s.Device) {
				devices = append(devices, s.Device)
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(devices)))
	for _, d := range devices {
		b = appendString(b, d)
	}
	b = binary.AppendUvarint(b, uint64(len(stamps)))
	for _, s := range stamps {
		b = binary.AppendVarint(b, s.Wall)
		b = binary.AppendUvarint(b, uint64(s.Logical))
		b = binary.AppendUvarint(b, uint64(slices.Index(devices, s.Device)))
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		f := fields[name]
		code := fieldCodes[name]
		b = binary.AppendUvarint(b, code)
		if code == 0 {
			b = appendString(b, name)
		}
		b = appendValue(b, f.Value)
		b = binary.AppendUvarint(b, uint64(slices.Index(stamps, f.Stamp)))
	}
	return b
}

// decoder reads the varint layout; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

// bytes returns the next length-prefixed bytes, aliasing the input.
func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string { return string(d.bytes()) }

// count reads a count of items each taking at least min bytes, refusing
// counts the remaining input cannot hold (so a corrupt value cannot make
// us allocate gigabytes).
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)/min) {
		d.err = errCorrupt
	}
	if d.err != nil {
		return 0
	}
	return int(n)
}

// decodeRecord parses a stored value into a record owning all its memory
// (safe to use after the transaction ends).
func decodeRecord(kind, id string, v []byte) (uint32, record.Record, error) {
	if len(v) < 5 {
		return 0, record.Record{}, fmt.Errorf("localdb: record %s %s: %w", kind, id, errCorrupt)
	}
	num := binary.BigEndian.Uint32(v)
	if v[4] != codecVersion {
		return 0, record.Record{}, fmt.Errorf("localdb: record %s %s: unknown encoding %d", kind, id, v[4])
	}
	d := decoder{b: v[5:]}
	fields := d.fields()
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	if d.err != nil {
		return 0, record.Record{}, fmt.Errorf("localdb: record %s %s: %w", kind, id, d.err)
	}
	return num, record.Record{Kind: kind, ID: id, Fields: fields}, nil
}

// fields reads what appendFields wrote, copying every value.
func (d *decoder) fields() map[string]record.Field {
	devices := make([]string, d.count(1))
	for i := range devices {
		devices[i] = d.string()
	}
	stamps := make([]record.Stamp, d.count(3))
	for i := range stamps {
		wall := d.varint()
		logical := d.uvarint()
		dev := d.uvarint()
		if d.err != nil {
			return nil
		}
		if dev >= uint64(len(devices)) || logical > 1<<32-1 {
			d.err = errCorrupt
			return nil
		}
		stamps[i] = record.Stamp{Wall: wall, Logical: uint32(logical), Device: devices[dev]}
	}
	n := d.count(3)
	fields := make(map[string]record.Field, n)
	for range n {
		var name string
		switch code := d.uvarint(); {
		case code == 0:
			name = d.string()
		case code <= uint64(len(fieldNames)):
			name = fieldNames[code-1]
		default:
			d.err = errCorrupt
		}
		val := d.value()
		si := d.uvarint()
		if d.err != nil {
			break
		}
		if si >= uint64(len(stamps)) {
			d.err = errCorrupt
			break
		}
		fields[name] = record.Field{Value: val, Stamp: stamps[si]}
	}
	return fields
}

// An outbox entry names a change rather than copying it: every field a
// change stamps gets the same stamp, unique to that change, so the change
// is the fields of its record that still carry its stamp. When a later
// change or a remote merge overwrites such a field before the server
// acknowledged it, write copies the old value into the entry first
// (inline). Layout:
//
//	codecVersion | wall | logical | kind | id | ninline | (name | value)...
//
// The stamp's device is always this store's.
type outboxEntry struct {
	wall    int64
	logical uint32
	kind    app.Kind
	id      string
	inline  map[string]json.RawMessage
}

func (e *outboxEntry) stamp(device string) record.Stamp {
	return record.Stamp{Wall: e.wall, Logical: e.logical, Device: device}
}

func encodeOutboxEntry(e *outboxEntry) []byte {
	size := len(e.kind) + len(e.id) + 24
	names := make([]string, 0, len(e.inline))
	for name, v := range e.inline {
		names = append(names, name)
		size += len(name) + len(v) + 4
	}
	slices.Sort(names)
	b := make([]byte, 0, size)
	b = append(b, codecVersion)
	b = binary.AppendVarint(b, e.wall)
	b = binary.AppendUvarint(b, uint64(e.logical))
	b = appendString(b, string(e.kind))
	b = appendString(b, e.id)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		b = appendString(b, name)
		b = appendBytes(b, e.inline[name])
	}
	return b
}

func decodeOutboxEntry(seq uint64, v []byte) (*outboxEntry, error) {
	if len(v) < 1 || v[0] != codecVersion {
		return nil, fmt.Errorf("localdb: outbox entry %d: %w", seq, errCorrupt)
	}
	d := decoder{b: v[1:]}
	e := &outboxEntry{wall: d.varint()}
	logical := d.uvarint()
	e.kind, e.id = app.Kind(d.string()), d.string()
	if n := d.count(2); n > 0 {
		e.inline = make(map[string]json.RawMessage, n)
		for range n {
			name, val := d.string(), d.bytes()
			if d.err != nil {
				break
			}
			e.inline[name] = append(json.RawMessage{}, val...)
		}
	}
	if d.err == nil && (len(d.b) != 0 || logical > 1<<32-1) {
		d.err = errCorrupt
	}
	if d.err != nil {
		return nil, fmt.Errorf("localdb: outbox entry %d: %w", seq, d.err)
	}
	e.logical = uint32(logical)
	return e, nil
}

// outboxStamp reads only the stamp of an encoded outbox entry.
func outboxStamp(v []byte) (wall int64, logical uint32, ok bool) {
	if len(v) < 1 || v[0] != codecVersion {
		return 0, 0, false
	}
	d := decoder{b: v[1:]}
	wall, l := d.varint(), d.uvarint()
	return wall, uint32(l), d.err == nil
}

// recordNum returns the document number at the head of a stored record.
func recordNum(v []byte) uint32 {
	if len(v) < 4 {
		return 0
	}
	return binary.BigEndian.Uint32(v)
}

// pair is one secondary index entry of a record.
type pair struct{ field, value string }

// entry is what a live record is indexed under. Its sort key and search
// terms are stored in docs/<kind> so that an edit or delete removes
// exactly the keys that were added, even if the folding rules changed in
// between, and so that a search can check a document's terms in one read.
// Its secondary index pairs are not stored: they are the record's raw
// values of the kind's index fields, which write has in hand (a change of
// app.KindInfo.Index needs a migration rebuilding the index).
type entry struct {
	id      string
	sortkey string
	pairs   []pair   // not stored
	terms   []string // search terms, sorted, deduplicated
}

// An entry is encoded id | sortkey | nterms | term...
func encodeEntry(e *entry) []byte {
	size := len(e.id) + len(e.sortkey) + 8
	for _, t := range e.terms {
		size += len(t) + 1
	}
	b := make([]byte, 0, size)
	b = appendString(b, e.id)
	b = appendString(b, e.sortkey)
	b = binary.AppendUvarint(b, uint64(len(e.terms)))
	for _, t := range e.terms {
		b = appendString(b, t)
	}
	return b
}

// decodeEntry reads a stored entry (its pairs left nil).
func decodeEntry(v []byte) (*entry, error) {
	d := decoder{b: v}
	e := &entry{id: d.string(), sortkey: d.string()}
	e.terms = make([]string, d.count(1))
	for i := range e.terms {
		e.terms[i] = d.string()
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	if d.err != nil {
		return nil, d.err
	}
	return e, nil
}

// entryID reads only the id of an encoded entry (aliasing v).
func entryID(v []byte) []byte {
	d := decoder{b: v}
	return d.bytes()
}

// entryHasPrefix reports whether an encoded entry holds a search term
// starting with prefix (or equal to it, when exact), without allocating.
func entryHasPrefix(v []byte, prefix string, exact bool) bool {
	d := decoder{b: v}
	d.bytes() // id
	d.bytes() // sortkey
	for n := d.count(1); n > 0 && d.err == nil; n-- {
		t := d.bytes()
		if len(t) < len(prefix) || string(t[:len(prefix)]) != prefix {
			continue
		}
		if !exact || len(t) == len(prefix) {
			return true
		}
	}
	return false
}
