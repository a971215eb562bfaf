package access

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Subject is the user a decision is made for: who they are, their office
// ("" for head-office roles such as director and admin) and their role.
// An empty OfficeID never matches a record's empty office_id: a manager
// without an office sees no office's records.
type Subject struct {
	UserID   string
	OfficeID string
	Role     app.Role
}

// Lookup gives a decision the context beyond the record itself: a
// booking's customer (whose owner decides who sees the booking), a
// traveler's departure (whose guides see the traveler), a task assignee's
// user record (whose office a manager must share).
//
// Get returns the current version of the record kind/id, every field
// (tombstoned or not), and true; or false when there is no such record.
// The server implements it over its store, and while it checks a pushed
// batch it must see the records of that batch applied so far, so that a
// customer and the booking made for it offline can arrive in one batch
// (parents before children, which is the outbox order). Decisions only
// read through Lookup and never keep what it returns.
type Lookup interface {
	Get(kind app.Kind, id string) (record.Record, bool)
}

// Stable codes of a Denied error. They are sent on the wire; never change
// one, only append.
const (
	// CodeUnknownKind: no rule exists for the record's kind or the
	// subject's role (an unregistered kind or role).
	CodeUnknownKind = "unknown_kind"
	// CodeReadOnly: the role may not write records of this kind at all.
	CodeReadOnly = "read_only"
	// CodeOutOfScope: the record, as it is or as it would become, is not
	// one the subject may write (another agent's customer, another
	// office's booking, a departure the guide is not assigned to, a
	// booking moved to a customer the subject does not own).
	CodeOutOfScope = "out_of_scope"
	// CodeNoCreate: the role may change some fields of existing records of
	// this kind but not create one.
	CodeNoCreate = "no_create"
	// CodeAppendOnly: the record exists and its kind is append-only
	// (payments, interactions, incidents, expenses): a correction is a
	// new, reversing record.
	CodeAppendOnly = "append_only"
	// CodeNoDelete: the role may not delete (or undelete) this record.
	CodeNoDelete = "no_delete"
	// CodeField: the role may not change this field (Denied.Field).
	CodeField = "field"
	// CodeForgedOwner: an owner, office, assignee or author field
	// (Denied.Field) holds a value the subject may not set: a customer
	// created for someone else, a payment "received by" another user.
	CodeForgedOwner = "forged_owner"
	// CodeReference: a reference field (Denied.Field) points to an
	// existing record the subject may not read.
	CodeReference = "reference"
	// CodeSettled: the record is, or hangs off (a service order, expense,
	// incident or traveler by its departure_id), a settled departure, or
	// would be moved onto one: a settled departure is locked. Only an
	// accountant's or admin's expense reversal and a supplier payment are
	// still added to it. See CheckSettled.
	CodeSettled = "settled"
	// CodeAccountantOnly: only an accountant or admin keeps the books:
	// an expense of category supplier_payment (Denied.Field "category")
	// by anyone else.
	CodeAccountantOnly = "accountant_only"
)

// Denied is the error CheckWrite returns for a refused write. It matches
// app.ErrForbidden under errors.Is. Code is one of the Code constants;
// Field is the field at fault, or "" when the whole record is refused.
type Denied struct {
	Code  string
	Kind  app.Kind
	ID    string
	Field string
	// Reason, when set, says in words what was refused and what to do
	// instead (for settled, accountant_only and an accountant's edit of a
	// departure other than settling it); see Message.
	Reason string
}

// Message is the refusal for a person: Reason when set, else a generic
// sentence naming the code. The server sends it with the rejection, so
// the device's rejected log and the CLI show it.
func (e *Denied) Message() string {
	if e.Reason != "" {
		return e.Reason
	}
	return "you may not make this change (" + e.Code + ")"
}

func (e *Denied) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("access: %s %s: %s: %s", e.Kind, e.ID, e.Field, e.Code)
	}
	return fmt.Sprintf("access: %s %s: %s", e.Kind, e.ID, e.Code)
}

// Is reports that every Denied is an app.ErrForbidden.
func (e *Denied) Is(target error) bool { return target == app.ErrForbidden }

// ruleFor returns the rule of s's role for kind k.
func ruleFor(s Subject, k app.Kind) (rule, bool) {
	byRole, ok := rules[k]
	if !ok {
		return rule{}, false
	}
	r, ok := byRole[s.Role]
	return r, ok
}

// CanRead reports whether s may see rec at all. It is a pure function of
// its arguments (and what l returns), so the server can compute it again
// after a reassignment and revoke what stopped being visible.
func CanRead(s Subject, rec record.Record, l Lookup) bool {
	r, ok := ruleFor(s, app.Kind(rec.Kind))
	return ok && r.read != nil && r.read(s, rec, l)
}

// Fields returns the field filter of rec for s: true for each field name s
// may see. When s may not read rec at all it returns false for every
// name. The tombstone (record.Deleted) is readable whenever the record is.
func Fields(s Subject, rec record.Record, l Lookup) func(name string) bool {
	keep, ok := fields(s, rec, l)
	if !ok {
		return func(string) bool { return false }
	}
	return keep
}

// fields returns the field filter of rec for s and true, or false when s
// may not read rec: one evaluation of the read scope for both answers.
func fields(s Subject, rec record.Record, l Lookup) (func(name string) bool, bool) {
	r, ok := ruleFor(s, app.Kind(rec.Kind))
	if !ok || r.read == nil || !r.read(s, rec, l) {
		return nil, false
	}
	consented := boolField(rec, "marketing_consent")
	return func(name string) bool {
		switch {
		case name == record.Deleted:
			return true
		case r.show != nil && !listed(r.show, name):
			return false
		case slices.Contains(r.hide, name):
			return false
		case !consented && slices.Contains(r.consent, name):
			return false
		}
		return true
	}, true
}

// Redact returns what s may see of rec: a copy holding only the readable
// fields (sharing no map with rec), and true; or false when s may not read
// rec at all. This is what the server sends on a pull.
func Redact(s Subject, rec record.Record, l Lookup) (record.Record, bool) {
	keep, ok := fields(s, rec, l)
	if !ok {
		return record.Record{}, false
	}
	out := record.Record{Kind: rec.Kind, ID: rec.ID, Fields: make(map[string]record.Field, len(rec.Fields))}
	for name, f := range rec.Fields {
		if keep(name) {
			out.Fields[name] = f
		}
	}
	return out, true
}

// Changed returns the names of the fields whose value differs between
// before and after (compared as compact JSON), sorted; with before nil,
// every field of after. Fields absent from after are not changes: after is
// the record as it would be stored (the merge of the stored version and
// the push), which never loses a field.
func Changed(before *record.Record, after record.Record) []string {
	var out []string
	for name, f := range after.Fields {
		if before != nil {
			if b, ok := before.Fields[name]; ok && bytes.Equal(compact(b.Value), compact(f.Value)) {
				continue
			}
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// CheckWrite decides whether s may turn before into after: before is the
// stored record (nil when after creates it), after the record as it would
// be stored once the push is merged. It returns nil when the write is
// allowed (or changes no value), else a *Denied naming the reason and,
// where one is at fault, the field. The checks, in order: a rule exists;
// the role may write the kind; creating is allowed; an existing record of
// an append-only kind is not changed; deleting is allowed; before is
// within what s may write; each changed field may be changed by the role;
// owner, office, assignee and author fields hold values s may set; after
// is within what s may write; reference fields point to records s may
// read; a role that only settles (the accountant on departures) makes no
// other change (checkSettling); a supplier payment is an accountant's or
// admin's (checkBooks); nothing changes what a settled departure locks
// (CheckSettled). It is a
// pure function of its arguments and what l returns.
func CheckWrite(s Subject, before *record.Record, after record.Record, l Lookup) error {
	k := app.Kind(after.Kind)
	deny := func(code, field string) error {
		return &Denied{Code: code, Kind: k, ID: after.ID, Field: field}
	}
	r, ok := ruleFor(s, k)
	if !ok {
		return deny(CodeUnknownKind, "")
	}
	changed := Changed(before, after)
	if len(changed) == 0 {
		return nil
	}
	if r.write == nil {
		return deny(CodeReadOnly, "")
	}
	create := before == nil
	info, _ := app.Info(k)
	switch {
	case create && !r.create:
		return deny(CodeNoCreate, "")
	case !create && info.AppendOnly:
		return deny(CodeAppendOnly, "")
	}
	deleting := slices.Contains(changed, record.Deleted) && (!create || after.IsDeleted())
	if deleting && !r.delete {
		return deny(CodeNoDelete, record.Deleted)
	}
	if !create && !r.write(s, *before, l) {
		return deny(CodeOutOfScope, "")
	}
	if !create {
		// A role changes only fields it may change and may see: a field
		// hidden from it is not its to overwrite.
		visible := Fields(s, *before, l)
		for _, name := range changed {
			if name == record.Deleted {
				continue
			}
			if (r.edit != nil && !listed(r.edit, name)) || !visible(name) {
				return deny(CodeField, name)
			}
		}
	}
	// Guarded fields are checked when set: every one on create (absent
	// means ""), the changed ones on an edit. They come before the scope
	// of after so that a forged owner is reported as such, on its field.
	for _, name := range sortedKeys(r.guards) {
		if !create && !slices.Contains(changed, name) {
			continue
		}
		if !r.guards[name](s, strField(after, name), l) {
			return deny(CodeForgedOwner, name)
		}
	}
	if !r.write(s, after, l) {
		return deny(CodeOutOfScope, "")
	}
	for _, name := range changed {
		if !refOK(s, k, after, name, l) {
			return deny(CodeReference, name)
		}
	}
	if r.settleOnly && !create {
		if err := checkSettling(s, *before, after, l); err != nil {
			return err
		}
	}
	if err := checkBooks(s, before, after); err != nil {
		return err
	}
	return CheckSettled(s, before, after, l)
}

// CanCreate reports whether s's role may create some record of kind k (it
// may still be refused for a particular record, outside s's scope). The
// client uses it to hide "New" buttons.
func CanCreate(s Subject, k app.Kind) bool {
	r, ok := ruleFor(s, k)
	return ok && r.write != nil && r.create
}

// CanEdit reports whether s may change field name of the existing record
// rec (ignoring the value it would write, which CheckWrite checks). The
// client uses it to make read-only what the server would refuse.
func CanEdit(s Subject, rec record.Record, name string, l Lookup) bool {
	r, ok := ruleFor(s, app.Kind(rec.Kind))
	if !ok || r.write == nil || !r.write(s, rec, l) {
		return false
	}
	if info, _ := app.Info(app.Kind(rec.Kind)); info.AppendOnly {
		return false
	}
	if LockedBy(rec, l) != "" {
		return false
	}
	if name == record.Deleted {
		return r.delete
	}
	if r.settleOnly && strField(rec, "status") != string(app.DepartureCompleted) {
		return false
	}
	return r.edit == nil || listed(r.edit, name)
}

// listed reports whether list names field name: exactly, or by an entry
// "prefix_*" that covers every field "prefix_<anything>" (the per-day
// check-in fields "checked_in_20261201" of a traveler, one field per day
// so that two guides' check-ins merge).
func listed(list []string, name string) bool {
	for _, l := range list {
		if l == name || strings.HasSuffix(l, "_*") && len(name) >= len(l) && strings.HasPrefix(name, l[:len(l)-1]) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func compact(v json.RawMessage) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return v
	}
	return buf.Bytes()
}

// strField is the string value of a field, or "" when it is absent or not
// a JSON string.
func strField(r record.Record, name string) string {
	f, ok := r.Fields[name]
	if !ok {
		return ""
	}
	var v string
	if json.Unmarshal(f.Value, &v) != nil {
		return ""
	}
	return v
}

// strsField is the value of a field holding a JSON array of strings.
func strsField(r record.Record, name string) []string {
	f, ok := r.Fields[name]
	if !ok {
		return nil
	}
	var v []string
	if json.Unmarshal(f.Value, &v) != nil {
		return nil
	}
	return v
}

// boolField is the value of a field holding a JSON boolean (false when
// absent or not a boolean).
func boolField(r record.Record, name string) bool {
	f, ok := r.Fields[name]
	if !ok {
		return false
	}
	var v bool
	return json.Unmarshal(f.Value, &v) == nil && v
}
