package localdb

import (
	"fmt"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Pulled is one page of records received from the server.
type Pulled struct {
	// Records are merged field by field, as ApplyRemote does.
	Records []record.Record
	// Whole names the records of Records the server sent whole because
	// the user's view of them changed (a grant, fields hidden or shown
	// anew, stamps it lowered for a clock that ran ahead). Each replaces
	// the local copy: fields the sent record lacks are dropped, the others
	// take the sent value and stamp even when the local stamp is higher —
	// except fields holding a local change not yet acknowledged, which
	// are merged as usual (the higher stamp wins; a local value a newer
	// remote one beats goes to the conflict log, one the sent record lacks
	// stays and is pushed).
	Whole []Ref
	// ClockLimit, when not zero, is the highest wall time the store's
	// clock may be moved to by a remote stamp: a stamp above it is stored
	// as sent (every replica must hold the same value and stamp) but the
	// clock only observes ClockLimit. The sync client sets it to the
	// server's time plus the skew the server tolerates, so that a bogus
	// far-future stamp does not drag every later local stamp into the
	// future, while a clock that is behind still catches up with the
	// server's.
	ClockLimit time.Time
}

// ApplyPull merges a page from the server into the store, replacing the
// records p.Whole names (see Pulled), in one transaction: records,
// indexes, search postings, live counts, conflicts and the clock. It
// returns how many records changed and the conflicts it logged. Remote
// changes are not written to the outbox. It is idempotent: applying the
// same page twice changes nothing the second time. On error nothing is
// applied.
func (s *Store) ApplyPull(p Pulled) (applied int, conflicts []Conflict, err error) {
	whole := make(map[Ref]bool, len(p.Whole))
	for _, r := range p.Whole {
		whole[r] = true
	}
	ahead := entriesAhead(p.Records)
	err = s.update(func(t *tx) error {
		t.bulk = newBulkKeys()
		applied, conflicts, err = t.applyPulled(p.Records, func(r Ref) bool { return whole[r] }, p.ClockLimit, ahead)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return applied, conflicts, nil
}

// applyPulled merges records from the server (ApplyPull), replacing
// those whole says. ahead, when not nil, holds the entries of recs
// computed by entriesAhead.
func (t *tx) applyPulled(recs []record.Record, whole func(Ref) bool, clockLimit time.Time, ahead []*entry) (applied int, conflicts []Conflict, err error) {
	var limit int64
	if !clockLimit.IsZero() {
		limit = clockLimit.UnixMilli()
	}
	now := t.s.now().UTC()
	for i, r := range recs {
		if r.Kind == "" || r.ID == "" {
			return 0, nil, fmt.Errorf("localdb: apply remote: record without kind or id: %w", app.ErrInvalid)
		}
		kind := app.Kind(r.Kind)
		for _, f := range r.Fields {
			t.observe(f.Stamp, limit)
		}
		t.stamped = true
		num, local, found, err := t.load(kind, r.ID)
		if err != nil {
			return 0, nil, err
		}
		if !found {
			local = record.Record{Kind: r.Kind, ID: r.ID, Fields: map[string]record.Field{}}
		}
		var acked *record.Stamp
		loadAcked := func() (record.Stamp, error) {
			if acked == nil {
				a, err := t.acked()
				if err != nil {
					return a, err
				}
				acked = &a
			}
			return *acked, nil
		}
		base := local
		if found && whole(Ref{Kind: kind, ID: r.ID}) {
			// Replace: what the server sent, merged with the local
			// fields that still hold unacknowledged local changes.
			a, err := loadAcked()
			if err != nil {
				return 0, nil, err
			}
			base = record.Record{Kind: r.Kind, ID: r.ID, Fields: map[string]record.Field{}}
			for name, f := range local.Fields {
				if t.unsynced(f.Stamp, a) {
					base.Fields[name] = f
				}
			}
		}
		merged, lost := record.Merge(base, r)
		if !changed(local, merged) {
			continue
		}
		if len(lost) > 0 {
			a, err := loadAcked()
			if err != nil {
				return 0, nil, err
			}
			for _, o := range lost {
				if !t.unsynced(o.Old.Stamp, a) {
					continue
				}
				c, err := t.logConflict(Conflict{
					Kind: kind, ID: r.ID, Field: o.Field,
					LocalValue: o.Old.Value, LocalStamp: o.Old.Stamp,
					RemoteValue: o.New.Value, RemoteStamp: o.New.Stamp,
					At: now,
				})
				if err != nil {
					return 0, nil, err
				}
				conflicts = append(conflicts, c)
			}
		}
		t.hint = nil
		if !found && ahead != nil {
			t.hint = ahead[i] // merged is r's fields
		}
		err = t.write(kind, r.ID, num, found, local, merged)
		t.hint = nil
		if err != nil {
			return 0, nil, fmt.Errorf("localdb: apply remote %s %s: %w", kind, r.ID, err)
		}
		applied++
	}
	return applied, conflicts, nil
}

// observe moves the clock past a remote stamp, or only up to limit (Unix
// milliseconds; 0: no limit) when the stamp is beyond it.
func (t *tx) observe(s record.Stamp, limit int64) {
	if limit != 0 && s.Wall > limit {
		s = record.Stamp{Wall: limit, Device: s.Device}
	}
	t.s.clock.Observe(s)
}

// RewindClock brings back the store's clock when it ran ahead: if its last
// stamp is later than limit and the outbox is empty, the clock restarts
// at limit (its next stamp is after limit, or the wall clock's time if
// that is later) and it reports true; otherwise nothing changes. The sync
// client calls it, with limit the server's time plus the skew the server
// tolerates, after a sync whose server lowered this device's far-future
// stamps (protocol.CodeClockSkew): without it every later local stamp
// would stay in that future (a hybrid logical clock never goes back), and
// each would be lowered and reported again, for years. Restarting at the
// limit, not at the server's time, keeps the clock above every stamp the
// server may legitimately hold.
//
// Only with an empty outbox: local stamps must grow with device sequence
// numbers while changes wait in the outbox (findOutbox searches by
// stamp), and the acknowledged mark, which tells unsynced local fields
// from synced ones, is moved down to limit with the clock so that the
// changes made from now on count as unsynced. A field still holding one
// of the old far-future stamps then counts as unsynced too (the server
// sends the records it lowered whole, which replaces those stamps; a
// record it did not send back keeps them): if a remote value later beats
// it, its value goes to the conflict log although it was pushed —
// something shown twice, never something lost.
func (s *Store) RewindClock(limit time.Time) (bool, error) {
	rewound := false
	var old *record.Clock
	err := s.update(func(t *tx) error {
		if k, _ := t.btx.Bucket(bucketOutbox).Cursor().First(); k != nil {
			return nil
		}
		if t.s.clock.Last().Wall <= limit.UnixMilli() {
			return nil
		}
		mark := record.Stamp{Wall: limit.UnixMilli(), Device: t.s.device}
		text, _ := mark.MarshalText()
		if err := t.btx.Bucket(bucketMeta).Put(metaAcked, text); err != nil {
			return err
		}
		// Writers hold bbolt's single write lock, and only writers use
		// the clock: swapping it here is safe.
		old = t.s.clock
		t.s.clock = record.NewClock(t.s.device, mark, t.s.now)
		t.stamped = true
		rewound = true
		return nil
	})
	if err != nil {
		if old != nil {
			s.clock = old
		}
		return false, fmt.Errorf("localdb: rewind the clock: %w", err)
	}
	return rewound, nil
}
