package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/google/uuid"
)

// Deleted is the name of the tombstone field: a record whose Deleted field
// holds true is deleted. Like every field it carries a stamp, so a delete
// and a concurrent edit merge by the same rule as two edits.
const Deleted = "_deleted"

// Field is one named value of a record with the stamp of its last change.
// Value is JSON; the record layer never interprets it (beyond Deleted).
type Field struct {
	Value json.RawMessage `json:"v"`
	Stamp Stamp           `json:"s"`
}

// Record is one entity as it is stored and replicated. Fields holds every
// field ever set, including ones this version of TourDesk does not know:
// they are kept and sent back unchanged.
type Record struct {
	Kind   string           `json:"kind"`
	ID     string           `json:"id"`
	Fields map[string]Field `json:"fields"`
}

// NewID returns a new time-ordered record id (UUIDv7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// IsDeleted reports whether the record carries a live tombstone.
func (r Record) IsDeleted() bool {
	f, ok := r.Fields[Deleted]
	return ok && bytes.Equal(bytes.TrimSpace(f.Value), []byte("true"))
}

// Clone returns a copy that shares no map with r. Values are shared: they
// are never modified in place.
func (r Record) Clone() Record {
	r.Fields = maps.Clone(r.Fields)
	return r
}

// Latest is the highest stamp of any field (the zero Stamp for none).
func (r Record) Latest() Stamp {
	var max Stamp
	for _, f := range r.Fields {
		if f.Stamp.After(max) {
			max = f.Stamp
		}
	}
	return max
}

// Set stores value under name with stamp s if s is above the field's
// current stamp, and reports whether it did.
func (r *Record) Set(name string, value json.RawMessage, s Stamp) bool {
	if r.Fields == nil {
		r.Fields = make(map[string]Field)
	}
	cur, ok := r.Fields[name]
	if ok && !wins(Field{Value: value, Stamp: s}, cur) {
		return false
	}
	r.Fields[name] = Field{Value: value, Stamp: s}
	return true
}

// wins reports whether a should replace b when both versions of one field
// meet. The higher stamp wins; equal stamps (only possible for the very
// same change seen twice, or a forged stamp) fall back to comparing the
// bytes so that merge stays commutative even then.
func wins(a, b Field) bool {
	if c := a.Stamp.Compare(b.Stamp); c != 0 {
		return c > 0
	}
	return bytes.Compare(a.Value, b.Value) > 0
}

// Overwrite describes a field of the local version replaced by a merge.
type Overwrite struct {
	Field string
	Old   Field // the losing value
	New   Field // the value kept
}

// Merge combines two versions of the same record field by field, the
// higher stamp winning each field. It returns the merged record (sharing
// no map with its inputs) and the fields of local that remote overwrote,
// so the caller can log the ones that held unsynced local edits.
func Merge(local, remote Record) (Record, []Overwrite) {
	out := local.Clone()
	if out.Kind == "" {
		out.Kind = remote.Kind
	}
	if out.ID == "" {
		out.ID = remote.ID
	}
	if out.Fields == nil {
		out.Fields = make(map[string]Field, len(remote.Fields))
	}
	var lost []Overwrite
	for name, rf := range remote.Fields {
		lf, ok := out.Fields[name]
		if ok && !wins(rf, lf) {
			continue
		}
		if ok && !bytes.Equal(lf.Value, rf.Value) {
			lost = append(lost, Overwrite{Field: name, Old: lf, New: rf})
		}
		out.Fields[name] = rf
	}
	return out, lost
}

// Encode turns an entity (a struct with JSON tags) into field values: one
// per top-level JSON key. Zero values are included, so clearing a field is
// a change like any other.
func Encode(v any) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("record: encode %T: %w", v, err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("record: encode %T: not a JSON object: %w", v, err)
	}
	return m, nil
}

// Decode fills the entity v (a pointer to a struct with JSON tags) from the
// record's fields. Fields v does not know are ignored (and stay in the
// record); the tombstone is not decoded.
func Decode(r Record, v any) error {
	m := make(map[string]json.RawMessage, len(r.Fields))
	for name, f := range r.Fields {
		if name == Deleted || len(f.Value) == 0 {
			continue
		}
		m[name] = f.Value
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("record: decode %s %s: %w", r.Kind, r.ID, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("record: decode %s %s: %w", r.Kind, r.ID, err)
	}
	return nil
}

// Changes returns the fields of values that differ from r's current
// values (compared as compact JSON), stamped with s: what a local edit
// must write and replicate. Fields of r absent from values are untouched.
func Changes(r Record, values map[string]json.RawMessage, s Stamp) map[string]Field {
	out := make(map[string]Field)
	for name, v := range values {
		v = compact(v)
		if cur, ok := r.Fields[name]; ok && bytes.Equal(compact(cur.Value), v) {
			continue
		}
		out[name] = Field{Value: v, Stamp: s}
	}
	return out
}

func compact(v json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return v
	}
	return buf.Bytes()
}
