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
// stores it in the outbox.
func (t *tx) appendOutbox(kind app.Kind, id string, fields map[string]record.Field) error {
	meta := t.btx.Bucket(bucketMeta)
	seq := getU64(meta.Get(metaSeq)) + 1
	if err := meta.Put(metaSeq, u64(seq)); err != nil {
		return err
	}
	ob := t.btx.Bucket(bucketOutbox)
	ob.FillPercent = 0.9 // appended in key order
	return ob.Put(u64(seq), encodeChange(Change{Kind: kind, ID: id, Fields: fields}))
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
			ch, err := decodeChange(getU64(k), v)
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
			ch, err := decodeChange(getU64(k), v)
			if err != nil {
				return err
			}
			for _, f := range ch.Fields {
				if f.Stamp.After(top) {
					top = f.Stamp
				}
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
func (s *Store) ApplyRemote(recs []record.Record) (applied int, conflicts []Conflict, err error) {
	err = s.update(func(t *tx) error {
		applied, conflicts = 0, nil
		now := t.s.now().UTC()
		for _, r := range recs {
			if r.Kind == "" || r.ID == "" {
				return fmt.Errorf("localdb: apply remote: record without kind or id: %w", app.ErrInvalid)
			}
			kind := app.Kind(r.Kind)
			for _, f := range r.Fields {
				t.s.clock.Observe(f.Stamp)
			}
			t.stamped = true
			num, local, found, err := t.load(kind, r.ID)
			if err != nil {
				return err
			}
			if !found {
				local = record.Record{Kind: r.Kind, ID: r.ID, Fields: map[string]record.Field{}}
			}
			merged, lost := record.Merge(local, r)
			if !changed(local, merged) {
				continue
			}
			if len(lost) > 0 {
				acked, err := t.acked()
				if err != nil {
					return err
				}
				for _, o := range lost {
					if !t.unsynced(o.Old.Stamp, acked) {
						continue
					}
					c, err := t.logConflict(Conflict{
						Kind: kind, ID: r.ID, Field: o.Field,
						LocalValue: o.Old.Value, LocalStamp: o.Old.Stamp,
						RemoteValue: o.New.Value, RemoteStamp: o.New.Stamp,
						At: now,
					})
					if err != nil {
						return err
					}
					conflicts = append(conflicts, c)
				}
			}
			if err := t.write(kind, r.ID, num, found, local, merged); err != nil {
				return fmt.Errorf("localdb: apply remote %s %s: %w", kind, r.ID, err)
			}
			applied++
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return applied, conflicts, nil
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
	b := t.btx.Bucket(bucketConflicts)
	seq, err := b.NextSequence()
	if err != nil {
		return Conflict{}, err
	}
	c.Seq = seq
	v, err := json.Marshal(c)
	if err != nil {
		return Conflict{}, err
	}
	return c, b.Put(u64(seq), v)
}

// Conflicts returns the conflict log, oldest first, resolved ones
// included (Resolved set). The values are the caller's.
func (s *Store) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := s.view(func(t *tx) error {
		return t.btx.Bucket(bucketConflicts).ForEach(func(k, v []byte) error {
			var c Conflict
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("localdb: conflict %d: %w", getU64(k), err)
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// RestoreConflict writes the losing local value of conflict seq back as a
// new local change (a fresh stamp, so it wins the next merge and goes to
// the outbox) and marks the conflict resolved, in one transaction. It
// fails with app.ErrNotFound for an unknown seq and app.ErrConflict for a
// conflict already resolved.
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
