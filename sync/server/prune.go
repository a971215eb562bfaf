package server

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/tourdesk/tourdesk/app/record"
)

// DefaultTombstoneWindow is how long the server keeps tombstones and
// visibility changes that a device which stopped syncing has not seen:
// DESIGN.md's maximum offline window. A device offline longer re-syncs
// from a snapshot (protocol.CodeResyncRequired).
const DefaultTombstoneWindow = 90 * 24 * time.Hour

// cursors remembers, in memory, where each device's latest pull started
// (Server.notePull); Prune writes them to the store.
type cursors struct {
	mu sync.Mutex
	m  map[string]DeviceCursor
}

func (c *cursors) note(device string, seq uint64, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]DeviceCursor{}
	}
	c.m[device] = DeviceCursor{Seq: seq, Seen: at}
}

func (c *cursors) take() map[string]DeviceCursor {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.m
	c.m = nil
	return m
}

// giveBack puts cursors taken by a Prune that failed back, unless a newer
// pull noted the device since.
func (c *cursors) giveBack(m map[string]DeviceCursor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]DeviceCursor{}
	}
	for d, v := range m {
		if cur, ok := c.m[d]; !ok || cur.Seen.Before(v.Seen) {
			c.m[d] = v
		}
	}
}

// PruneStats is what one Prune did.
type PruneStats struct {
	// Horizon is the sequence up to which the store is pruned now.
	Horizon uint64
	// Devices counts the devices whose cursors held the horizon back
	// (seen within the window); Forgotten those dropped for being
	// offline longer than the window.
	Devices, Forgotten int
	// Tombstones counts the deleted records reduced to their tombstone;
	// Visibility the visibility changes removed.
	Tombstones, Visibility int
}

// Prune bounds what the server keeps for devices that are not syncing,
// in one transaction of the record store:
//
//   - the horizon is the newest sequence that is both older than
//     Config.TombstoneWindow (each Prune notes the newest sequence and
//     the time, a PruneMark; the horizon is at most the sequence of the
//     newest mark at least a window old, so nothing is pruned before
//     Prune has run for a window) and passed by every device that
//     pulled within the window (the sequence its latest pull started
//     from). Devices not seen for longer are forgotten. The horizon
//     never moves back.
//   - every deleted record whose latest change is at or below the
//     horizon is reduced to its tombstone: the deleted field and the
//     fields the permission rules read (scope and parent links), so a
//     device that still pushes a change to it is judged as before and
//     the record stays deleted everywhere. Its values stay in the audit
//     log, which is not pruned (the history view; docs/DECISIONS.md).
//   - every user's visibility changes at or below the horizon are
//     removed.
//
// A pull whose cursor is below the horizon is then answered
// protocol.CodeResyncRequired (version 3 clients) or as a pull from
// scratch (older ones). The cursors pulls noted in memory since the last
// Prune are saved in the same transaction. cmd/tourdesk-server calls it
// now and then; it does nothing (and returns zero stats) on a record
// store whose transactions are not PruneTx.
func (s *Server) Prune() (PruneStats, error) {
	var st PruneStats
	if s.records == nil {
		return st, nil
	}
	now := s.now()
	noted := s.cursors.take()
	err := s.records.UpdateRecords(func(tx RecordTx) error {
		st = PruneStats{}
		pt, ok := tx.(PruneTx)
		if !ok {
			return nil
		}
		stored, err := pt.DeviceCursors()
		if err != nil {
			return err
		}
		for d, c := range noted {
			if old, ok := stored[d]; !ok || !c.Seen.Before(old.Seen) {
				stored[d] = c
				if err := pt.SetDeviceCursor(d, c); err != nil {
					return err
				}
			}
		}
		last, err := pt.LastSeq()
		if err != nil {
			return err
		}
		old, err := pt.Horizon()
		if err != nil {
			return err
		}
		cutoff := now.Add(-s.window)
		// Nothing newer than the window is pruned: the horizon is at most
		// the sequence of the newest mark at least a window old (none
		// yet: nothing is pruned). A device that has not pulled since the
		// server last started, or since this server version, is not in
		// the cursors, but it is safe while it syncs within the window.
		marks, err := pt.PruneMarks()
		if err != nil {
			return err
		}
		var horizon uint64
		var old1 *PruneMark // the newest mark at least a window old
		var keep []PruneMark
		for _, m := range marks {
			if m.At.After(cutoff) {
				keep = append(keep, m)
			} else if old1 == nil || m.At.After(old1.At) {
				old1 = &m
			}
		}
		if old1 != nil {
			horizon = old1.Seq
			keep = append([]PruneMark{*old1}, keep...)
		}
		// One mark per thousandth of the window (2 h 10 min for 90 days)
		// at most, however often Prune runs.
		if len(keep) == 0 || now.Sub(keep[len(keep)-1].At) >= s.window/1000 {
			keep = append(keep, PruneMark{At: now, Seq: last})
		}
		if err := pt.SetPruneMarks(keep); err != nil {
			return err
		}
		for d, c := range stored {
			if c.Seen.Before(cutoff) {
				if err := pt.DeleteDeviceCursor(d); err != nil {
					return err
				}
				st.Forgotten++
				continue
			}
			st.Devices++
			horizon = min(horizon, c.Seq)
		}
		st.Horizon = max(horizon, old)
		if st.Horizon == old {
			return nil
		}
		if st.Tombstones, err = s.pruneTombstones(pt, old, st.Horizon); err != nil {
			return err
		}
		if st.Visibility, err = pt.DeleteVisibilityChanges(st.Horizon); err != nil {
			return err
		}
		return pt.SetHorizon(st.Horizon)
	})
	if err != nil {
		s.cursors.giveBack(noted)
		return PruneStats{}, fmt.Errorf("sync/server: prune: %w", err)
	}
	if st.Tombstones > 0 || st.Visibility > 0 || st.Forgotten > 0 {
		s.log.Info("pruned", "horizon", st.Horizon, "tombstones", st.Tombstones, "visibility_changes", st.Visibility, "devices", st.Devices, "forgotten_devices", st.Forgotten)
	}
	return st, nil
}

// pruneTombstones reduces the deleted records whose latest change lies in
// (after, upto] to their tombstones, and returns how many it reduced.
func (s *Server) pruneTombstones(tx PruneTx, after, upto uint64) (int, error) {
	n := 0
	for {
		refs, err := tx.Changes(after, snapshotScan)
		if err != nil {
			return n, err
		}
		for _, e := range refs {
			if e.Seq > upto {
				return n, nil
			}
			after = e.Seq
			sr, err := tx.Record(e.Kind, e.ID)
			if err != nil {
				return n, err
			}
			if !sr.Record().IsDeleted() {
				continue
			}
			keep := append([]string{record.Deleted}, s.auth.ScopeFields(e.Kind)...)
			keep = append(keep, s.refFields[e.Kind]...)
			stripped := StoredRecord{Kind: sr.Kind, ID: sr.ID, Seq: sr.Seq, Fields: map[string]StoredField{}}
			for name, f := range sr.Fields {
				if slices.Contains(keep, name) {
					stripped.Fields[name] = f
				}
			}
			if len(stripped.Fields) == len(sr.Fields) {
				continue
			}
			if err := tx.PutRecord(stripped, refsOf(s.refFields[e.Kind], stripped.Record())); err != nil {
				return n, err
			}
			n++
		}
		if len(refs) < snapshotScan {
			return n, nil
		}
	}
}
