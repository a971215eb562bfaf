package localdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Change is one local change waiting in the outbox: the fields a Save or
// Delete stamped, numbered by this device's sequence (DeviceSeq, from 1,
// gapless for the life of the data file).
type Change struct {
	DeviceSeq uint64                  `json:"seq"`
	Kind      app.Kind                `json:"kind"`
	ID        string                  `json:"id"`
	Fields    map[string]record.Field `json:"fields"`
}

// Conflict is a field whose unsynced local value was overwritten by a
// newer remote one. Seq numbers conflicts in the order they happened.
type Conflict struct {
	Seq         uint64          `json:"seq"`
	Kind        app.Kind        `json:"kind"`
	ID          string          `json:"id"`
	Field       string          `json:"field"`
	LocalValue  json.RawMessage `json:"local_value"`
	LocalStamp  record.Stamp    `json:"local_stamp"`
	RemoteValue json.RawMessage `json:"remote_value"`
	RemoteStamp record.Stamp    `json:"remote_stamp"`
	At          time.Time       `json:"at"`
	// Resolved is set once RestoreConflict re-applied the local value.
	Resolved bool `json:"resolved,omitempty"`
}

// appendOutbox numbers the change with the next device sequence and
// stores it in the outbox: only its stamp, kind and id (see outboxEntry).
func (t *tx) appendOutbox(kind app.Kind, id string, fields map[string]record.Field) error {
	meta := t.btx.Bucket(bucketMeta)
	seq := getU64(meta.Get(metaSeq)) + 1
	if err := meta.Put(metaSeq, u64(seq)); err != nil {
		return err
	}
	var s record.Stamp
	for _, f := range fields {
		s = f.Stamp
		break
	}
	ob := t.btx.Bucket(bucketOutbox)
	ob.FillPercent = 1 // appended in key order
	return ob.Put(u64(seq), encodeOutboxEntry(&outboxEntry{wall: s.Wall, logical: s.Logical, kind: kind, id: id}))
}

// keepOverwritten copies into their outbox entries the values of old that
// rec replaces while they are still unacknowledged local changes, so the
// outbox keeps returning each change as it was made.
func (t *tx) keepOverwritten(old, rec record.Record) error {
	var acked *record.Stamp
	var lost map[record.Stamp]map[string]json.RawMessage
	for name, of := range old.Fields {
		if of.Stamp.Device != t.s.device {
			continue
		}
		if nf, ok := rec.Fields[name]; ok && nf.Stamp == of.Stamp {
			continue
		}
		if acked == nil {
			a, err := t.acked()
			if err != nil {
				return err
			}
			acked = &a
		}
		if !of.Stamp.After(*acked) {
			continue
		}
		if lost == nil {
			lost = map[record.Stamp]map[string]json.RawMessage{}
		}
		if lost[of.Stamp] == nil {
			lost[of.Stamp] = map[string]json.RawMessage{}
		}
		lost[of.Stamp][name] = of.Value
	}
	for s, values := range lost {
		seq, e, err := t.findOutbox(s)
		if err != nil || e == nil {
			return err
		}
		if e.inline == nil {
			e.inline = map[string]json.RawMessage{}
		}
		for name, v := range values {
			e.inline[name] = v
		}
		if err := t.btx.Bucket(bucketOutbox).Put(u64(seq), encodeOutboxEntry(e)); err != nil {
			return err
		}
	}
	return nil
}

// findOutbox returns the outbox entry of the local change stamped s, or a
// nil entry if there is none (acknowledged). The outbox holds every
// sequence number from its first key to the last one issued, and stamps
// grow with them, so this is a binary search.
func (t *tx) findOutbox(s record.Stamp) (uint64, *outboxEntry, error) {
	ob := t.btx.Bucket(bucketOutbox)
	k, _ := ob.Cursor().First()
	if k == nil {
		return 0, nil, nil
	}
	lo, hi := getU64(k), getU64(t.btx.Bucket(bucketMeta).Get(metaSeq))
	for lo <= hi {
		mid := lo + (hi-lo)/2
		v := ob.Get(u64(mid))
		wall, logical, ok := outboxStamp(v)
		if !ok {
			return 0, nil, fmt.Errorf("localdb: outbox entry %d: %w", mid, errCorrupt)
		}
		switch c := (record.Stamp{Wall: wall, Logical: logical, Device: s.Device}).Compare(s); {
		case c == 0:
			e, err := decodeOutboxEntry(mid, v)
			return mid, e, err
		case c < 0:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return 0, nil, nil
}

// change turns an outbox entry back into the change it names.
func (t *tx) outboxChange(seq uint64, e *outboxEntry) (Change, error) {
	s := e.stamp(t.s.device)
	c := Change{DeviceSeq: seq, Kind: e.kind, ID: e.id, Fields: map[string]record.Field{}}
	for name, v := range e.inline {
		c.Fields[name] = record.Field{Value: v, Stamp: s}
	}
	_, rec, found, err := t.load(e.kind, e.id)
	if err != nil {
		return Change{}, err
	}
	if !found {
		return Change{}, fmt.Errorf("localdb: outbox entry %d: no record %s %s: %w", seq, e.kind, e.id, errCorrupt)
	}
	for name, f := range rec.Fields {
		if f.Stamp == s {
			c.Fields[name] = f
		}
	}
	return c, nil
}

// acked returns the highest stamp of an acknowledged local change. Local
// stamps grow with device sequence numbers (both are issued inside the
// single write transaction), so a field holds an unsynced local change
// exactly when its stamp is this device's and above acked.
func (t *tx) acked() (record.Stamp, error) {
	var s record.Stamp
	if v := t.btx.Bucket(bucketMeta).Get(metaAcked); v != nil {
		if err := s.UnmarshalText(v); err != nil {
			return s, fmt.Errorf("localdb: acked stamp: %w", err)
		}
	}
	return s, nil
}

// unsynced reports whether a field's stamp marks a local change the server
// has not acknowledged.
func (t *tx) unsynced(s, acked record.Stamp) bool {
	return s.Device == t.s.device && s.After(acked)
}

// Outbox returns up to limit (<= 0: all) changes not yet acknowledged, in
// device sequence order. The changes are the caller's.
func (s *Store) Outbox(limit int) ([]Change, error) {
	var out []Change
	err := s.view(func(t *tx) error {
		c := t.btx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			e, err := decodeOutboxEntry(getU64(k), v)
			if err != nil {
				return err
			}
			ch, err := t.outboxChange(getU64(k), e)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// LastDeviceSeq returns the sequence number of the newest local change (0
// if none was ever made), acknowledged or not.
func (s *Store) LastDeviceSeq() (uint64, error) {
	var seq uint64
	err := s.view(func(t *tx) error {
		seq = getU64(t.btx.Bucket(bucketMeta).Get(metaSeq))
		return nil
	})
	return seq, err
}

// Ack removes every outbox change with DeviceSeq <= upto (the server has
// applied them); their fields stop counting as unsynced for conflict
// detection. Acknowledging an already acknowledged sequence does nothing.
func (s *Store) Ack(upto uint64) error {
	return s.update(func(t *tx) error {
		acked, err := t.acked()
		if err != nil {
			return err
		}
		top := acked
		c := t.btx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && getU64(k) <= upto; k, v = c.First() {
			wall, logical, ok := outboxStamp(v)
			if !ok {
				return fmt.Errorf("localdb: outbox entry %d: %w", getU64(k), errCorrupt)
			}
			if s := (record.Stamp{Wall: wall, Logical: logical, Device: t.s.device}); s.After(top) {
				top = s
			}
			if err := c.Delete(); err != nil {
				return err
			}
		}
		if top == acked {
			return nil
		}
		text, _ := top.MarshalText()
		return t.btx.Bucket(bucketMeta).Put(metaAcked, text)
	})
}

// ApplyRemote merges records received from the server into the store, field
// by field (record.Merge: the higher stamp wins), moving the clock past
// every remote stamp so later local edits order after them. It returns how
// many records changed. When a remote value overwrites a field whose
// current value is an unsynced local change, the losing local value is
// appended to the conflict log (returned too). Everything — records,
// indexes, conflicts, the clock — commits in one transaction; remote
// changes are not written to the outbox. On error nothing is applied.
//
// It is ApplyPull with no whole records and no clock limit.
func (s *Store) ApplyRemote(recs []record.Record) (applied int, conflicts []Conflict, err error) {
	return s.ApplyPull(Pulled{Records: recs})
}

// changed reports whether a merge altered any field of local.
func changed(local, merged record.Record) bool {
	if len(local.Fields) != len(merged.Fields) {
		return true
	}
	for name, f := range merged.Fields {
		l, ok := local.Fields[name]
		if !ok || l.Stamp != f.Stamp || !bytes.Equal(l.Value, f.Value) {
			return true
		}
	}
	return false
}

func (t *tx) logConflict(c Conflict) (Conflict, error) {
	return appendLog(t.btx.Bucket(bucketConflicts), c, func(c *Conflict, seq uint64) { c.Seq = seq })
}

// Conflicts returns the conflict log, oldest first, resolved ones
// included (Resolved set). The values are the caller's.
func (s *Store) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := s.view(func(t *tx) (err error) {
		out, err = readLog[Conflict](t.btx.Bucket(bucketConflicts), "conflict")
		return err
	})
	return out, err
}

// RestoreConflict writes the losing local value of conflict seq back as a
// new local change (a fresh stamp, so it wins the next merge and goes to
// the outbox) and marks the conflict resolved, in one transaction. It
// fails with app.ErrNotFound for an unknown seq, app.ErrConflict for a
// conflict already resolved, and app.ErrForbidden for a record no longer
// on this device (revoked: see LogSuperseded).
func (s *Store) RestoreConflict(seq uint64) error {
	return s.update(func(t *tx) error {
		b := t.btx.Bucket(bucketConflicts)
		v := b.Get(u64(seq))
		if v == nil {
			return fmt.Errorf("localdb: conflict %d: %w", seq, app.ErrNotFound)
		}
		var c Conflict
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("localdb: conflict %d: %w", seq, err)
		}
		if c.Resolved {
			return fmt.Errorf("localdb: conflict %d already restored: %w", seq, app.ErrConflict)
		}
		if err := t.restorable(c); err != nil {
			return err
		}
		if c.Field == record.Deleted {
			if err := t.restoreTombstone(c); err != nil {
				return err
			}
		} else if _, err := t.Save(c.Kind, c.ID, map[string]json.RawMessage{c.Field: c.LocalValue}); err != nil {
			return err
		}
		c.Resolved = true
		nv, err := json.Marshal(c)
		if err != nil {
			return err
		}
		return b.Put(u64(seq), nv)
	})
}

// restoreTombstone re-applies a losing delete or undelete, which Save
// refuses to write.
func (t *tx) restoreTombstone(c Conflict) error {
	num, rec, found, err := t.load(c.Kind, c.ID)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("localdb: restore %s %s: %w", c.Kind, c.ID, app.ErrNotFound)
	}
	changes := record.Changes(rec, map[string]json.RawMessage{record.Deleted: c.LocalValue}, t.s.clock.Now())
	if len(changes) == 0 {
		return nil
	}
	return t.change(c.Kind, c.ID, num, found, rec, changes)
}
