package server

import (
	"errors"
	"maps"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// accountScanPage is how many records AccountChange reads from the change
// index at a time.
const accountScanPage = 5000

// AccountChange records, in tx, what an administrator's change of one
// account (its role, its office, enabling or disabling it) does to who
// sees what, the way a push records a reassignment. before and after are
// the account's user before and after the change; write makes the change
// in tx (it rewrites the account and the user record published for it:
// cmd/tourdesk-server's store does both). AccountChange then adds a
// visibility change, at one new sequence after the write's, for
//
//   - the user and every record whose view by them changed (a new role or
//     office): their next pull brings what they may now see whole,
//     however old (the records CouchDB's filtered replication misses),
//     and revokes what they may no longer see, which the client removes
//     after pushing its unsynced edits of it;
//   - every other user and each record whose view by them hangs off this
//     user (Authorizer.Dependents of the user kind: a manager sees the
//     tasks assigned to the users of their office).
//
// auth nil means AccessRules. It returns write's error, or a failure of
// the store; tx must then be rolled back. The user's own views are
// compared over every record (read once, after the write: about 1.5 s of
// CPU per 40,000 records, BenchmarkUserSetRole in cmd/tourdesk-server),
// only when the role or office changes.
func AccountChange(tx RecordTx, auth Authorizer, before, after app.User, write func() error) error {
	if auth == nil {
		auth = AccessRules{}
	}
	sb, sa := subjectOf(Caller{User: before}), subjectOf(Caller{User: after})
	self := sb != sa

	// Before the write: the views of the records hanging off the user by
	// everyone else. Readable ones only: absent means unreadable.
	p := &pusher{s: &Server{auth: auth}, tx: tx}
	deps, err := p.closure(protocol.Ref{Kind: app.KindUser, ID: before.ID})
	if err != nil {
		return err
	}
	users, err := tx.Users()
	if err != nil {
		return err
	}
	type view struct {
		user string
		ref  protocol.Ref
	}
	seen := map[view]string{}
	look := newLookup(tx, true)
	for _, ref := range deps {
		rec, ok := look.Get(ref.Kind, ref.ID)
		if !ok {
			continue // the user record itself, when the store publishes none
		}
		names := sortedNames(rec)
		for _, u := range users {
			if u.ID == before.ID {
				continue
			}
			if sig := fieldSig(auth, subjectOf(Caller{User: u}), rec, look, names); sig != "" {
				seen[view{u.ID, ref}] = sig
			}
		}
	}
	// The user's own view before, for a new role or office, is taken
	// after the write in the same pass as the view after: the records do
	// not change, only the subject and what the user record says, so the
	// lookup of the view before answers with the user record as it was.
	var userBefore lookupVal
	if self {
		userBefore.rec, userBefore.ok = newLookup(tx, false).Get(app.KindUser, before.ID)
	}

	if err := write(); err != nil {
		return err
	}

	var seq uint64
	add := func(v view) error {
		if seq == 0 {
			var err error
			if seq, err = tx.NextSeq(); err != nil {
				return err
			}
		}
		return tx.AddVisibilityChange(v.user, seq, v.ref)
	}
	if users, err = tx.Users(); err != nil {
		return err
	}
	look = newLookup(tx, true)
	for _, ref := range deps {
		rec, ok := look.Get(ref.Kind, ref.ID)
		if !ok {
			continue
		}
		names := sortedNames(rec)
		for _, u := range users {
			if u.ID == before.ID {
				continue
			}
			v := view{u.ID, ref}
			if seen[v] == fieldSig(auth, subjectOf(Caller{User: u}), rec, look, names) {
				continue
			}
			if err := add(v); err != nil {
				return err
			}
		}
	}
	if self {
		err := eachRecord(tx, func(rec record.Record, look access.Lookup) error {
			names := sortedNames(rec)
			was := fieldSig(auth, sb, rec, userAsOf{look, before.ID, userBefore}, names)
			if fieldSig(auth, sa, rec, look, names) == was {
				return nil
			}
			return add(view{before.ID, protocol.Ref{Kind: app.Kind(rec.Kind), ID: rec.ID}})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// userAsOf is a lookup that answers for one user record with the version
// it held before an account change, and otherwise as base.
type userAsOf struct {
	base   access.Lookup
	id     string
	before lookupVal
}

func (l userAsOf) Get(kind app.Kind, id string) (record.Record, bool) {
	if kind == app.KindUser && id == l.id {
		return l.before.rec, l.before.ok
	}
	return l.base.Get(kind, id)
}

// eachRecord calls fn with every record of the store, in the order of its
// latest change, and a lookup over the store (cached: fn must not write).
func eachRecord(tx RecordView, fn func(rec record.Record, look access.Lookup) error) error {
	look := newLookup(tx, true)
	var after uint64
	for {
		page, err := tx.Changes(after, accountScanPage)
		if err != nil {
			return err
		}
		for _, e := range page {
			sr, err := tx.Record(e.Kind, e.ID)
			if errors.Is(err, app.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if err := fn(sr.Record(), look); err != nil {
				return err
			}
			after = e.Seq
		}
		if len(page) < accountScanPage {
			return nil
		}
	}
}

func sortedNames(rec record.Record) []string {
	return slices.Sorted(maps.Keys(rec.Fields))
}
