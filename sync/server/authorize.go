package server

import (
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
)

// Authorizer is the permission rules the server applies on every push,
// pull and history request. AccessRules, app/access's rules, is the one
// the server uses unless Config.Authorizer names another (tests of merge
// mechanics use an allow-all one; nothing else should).
//
// Its methods are pure functions of their arguments and what the Lookup
// returns, and must be safe for concurrent use.
type Authorizer interface {
	// CanRead reports whether s may see rec at all.
	CanRead(s access.Subject, rec record.Record, l access.Lookup) bool
	// Fields returns the filter of rec's fields s may see.
	Fields(s access.Subject, rec record.Record, l access.Lookup) func(name string) bool
	// CheckWrite returns nil when s may turn before (nil for a new record)
	// into after, else an error matching app.ErrForbidden (an
	// *access.Denied for the code and field).
	CheckWrite(s access.Subject, before *record.Record, after record.Record, l access.Lookup) error
	// ScopeFields lists the fields of kind k whose change may change who
	// sees a record of kind k or its Dependents.
	ScopeFields(k app.Kind) []string
	// Dependents lists the edges to the records whose visibility a record
	// of kind k decides.
	Dependents(k app.Kind) []access.Edge
}

// AccessRules is the Authorizer of app/access.
type AccessRules struct{}

func (AccessRules) CanRead(s access.Subject, rec record.Record, l access.Lookup) bool {
	return access.CanRead(s, rec, l)
}

func (AccessRules) Fields(s access.Subject, rec record.Record, l access.Lookup) func(string) bool {
	return access.Fields(s, rec, l)
}

func (AccessRules) CheckWrite(s access.Subject, before *record.Record, after record.Record, l access.Lookup) error {
	return access.CheckWrite(s, before, after, l)
}

func (AccessRules) ScopeFields(k app.Kind) []string { return access.ScopeFields(k) }

func (AccessRules) Dependents(k app.Kind) []access.Edge { return access.Dependents(k) }

// subjectOf is the access subject of a caller.
func subjectOf(c Caller) access.Subject {
	return access.Subject{UserID: c.User.ID, OfficeID: c.User.OfficeID, Role: c.User.Role}
}

// refFields returns, for each kind, the fields whose values name a record
// it hangs off (the Edge fields of every kind's Dependents): the refs kept
// in the record store so that Referrers finds a record's dependents.
func refFields(auth Authorizer) map[app.Kind][]string {
	out := map[app.Kind][]string{}
	for _, info := range app.Kinds() {
		for _, e := range auth.Dependents(info.Kind) {
			if !slices.Contains(out[e.Kind], e.Field) {
				out[e.Kind] = append(out[e.Kind], e.Field)
			}
		}
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

// refsOf returns the ids rec's reference fields name (strings, or arrays
// of strings), sorted and without repeats.
func refsOf(fields []string, rec record.Record) []string {
	var out []string
	for _, name := range fields {
		f, ok := rec.Fields[name]
		if !ok {
			continue
		}
		var one string
		var many []string
		switch {
		case json.Unmarshal(f.Value, &one) == nil:
			if one != "" {
				out = append(out, one)
			}
		case json.Unmarshal(f.Value, &many) == nil:
			for _, id := range many {
				if id != "" {
					out = append(out, id)
				}
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// txLookup is the access.Lookup of a transaction: records as the store
// holds them (in a push, with the batch's earlier writes), and users from
// the accounts when no user record was replicated.
type txLookup struct {
	v     RecordView
	users map[string]app.User // loaded on first use
	cache map[lookupKey]lookupVal
}

type lookupKey struct {
	kind app.Kind
	id   string
}

type lookupVal struct {
	rec record.Record
	ok  bool
}

// newLookup returns a lookup over v; cached lookups are only for
// read-only views (a push changes the records it would cache).
func newLookup(v RecordView, cached bool) *txLookup {
	l := &txLookup{v: v}
	if cached {
		l.cache = map[lookupKey]lookupVal{}
	}
	return l
}

func (l *txLookup) Get(kind app.Kind, id string) (record.Record, bool) {
	if l.cache != nil {
		if v, ok := l.cache[lookupKey{kind, id}]; ok {
			return v.rec, v.ok
		}
	}
	rec, ok := l.get(kind, id)
	if l.cache != nil {
		l.cache[lookupKey{kind, id}] = lookupVal{rec, ok}
	}
	return rec, ok
}

func (l *txLookup) get(kind app.Kind, id string) (record.Record, bool) {
	sr, err := l.v.Record(kind, id)
	if err == nil {
		return sr.Record(), true
	}
	if !errors.Is(err, app.ErrNotFound) || kind != app.KindUser {
		// A failing store reads as a missing record: the decision
		// then refuses rather than leaks.
		return record.Record{}, false
	}
	if l.users == nil {
		l.users = map[string]app.User{}
		if users, err := l.v.Users(); err == nil {
			for _, u := range users {
				l.users[u.ID] = u
			}
		}
	}
	u, ok := l.users[id]
	if !ok {
		return record.Record{}, false
	}
	// An account's user as a record with zero stamps: any replicated
	// version of it wins a merge.
	values, err := record.Encode(u)
	if err != nil {
		return record.Record{}, false
	}
	rec := record.Record{Kind: string(app.KindUser), ID: id, Fields: map[string]record.Field{}}
	for name, v := range values {
		rec.Fields[name] = record.Field{Value: v}
	}
	return rec, true
}

// fieldSig is a string naming which of names (sorted) s may see of rec,
// "" when s may not read rec: two different signatures mean the user's
// view of the record changed.
func fieldSig(auth Authorizer, s access.Subject, rec record.Record, l access.Lookup, names []string) string {
	if !auth.CanRead(s, rec, l) {
		return ""
	}
	ok := auth.Fields(s, rec, l)
	var b strings.Builder
	b.WriteByte('+')
	for _, name := range names {
		if ok(name) {
			b.WriteString(name)
			b.WriteByte(',')
		}
	}
	return b.String()
}
