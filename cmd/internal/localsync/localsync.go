// Package localsync adapts a localdb.Store to sync/client's LocalStore, so
// that the binaries (tourdeskctl, the desktop app) can sync a local store
// without sync/client knowing localdb. It only converts types: every method
// is the localdb method of the same name (Settle, Revoke, ApplyRemote…),
// one transaction each.
package localsync

import (
	"time"

	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// Store is a localdb.Store seen as a client.LocalStore. It is safe for
// concurrent use, as localdb is.
type Store struct{ DB *localdb.Store }

var _ client.LocalStore = Store{}

// DeviceID implements client.LocalStore.
func (s Store) DeviceID() string { return s.DB.DeviceID() }

// Outbox implements client.LocalStore.
func (s Store) Outbox(limit int) ([]protocol.Change, error) {
	out, err := s.DB.Outbox(limit)
	if err != nil {
		return nil, err
	}
	changes := make([]protocol.Change, len(out))
	for i, c := range out {
		changes[i] = protocol.Change(c)
	}
	return changes, nil
}

// LastDeviceSeq implements client.LocalStore.
func (s Store) LastDeviceSeq() (uint64, error) { return s.DB.LastDeviceSeq() }

// Settle implements client.LocalStore (localdb's SettleRefused).
func (s Store) Settle(upto uint64, rejected, refused map[uint64]client.Reason) error {
	_, err := s.DB.SettleRefused(upto, reasons(rejected), reasons(refused))
	return err
}

func reasons(in map[uint64]client.Reason) map[uint64]localdb.Reason {
	if len(in) == 0 {
		return nil
	}
	out := make(map[uint64]localdb.Reason, len(in))
	for seq, r := range in {
		out[seq] = localdb.Reason(r)
	}
	return out
}

// LogSuperseded implements client.LocalStore.
func (s Store) LogSuperseded(ss []client.Superseded) (int, error) {
	in := make([]localdb.Superseded, len(ss))
	for i, e := range ss {
		in[i] = localdb.Superseded(e)
	}
	added, err := s.DB.LogSuperseded(in)
	return len(added), err
}

// ApplyRemote implements client.LocalStore (localdb's ApplyPull).
func (s Store) ApplyRemote(recs []record.Record, whole []protocol.Ref, clockLimit time.Time) (applied, conflicts int, err error) {
	p := localdb.Pulled{Records: recs, ClockLimit: clockLimit}
	for _, r := range whole {
		p.Whole = append(p.Whole, localdb.Ref(r))
	}
	applied, c, err := s.DB.ApplyPull(p)
	return applied, len(c), err
}

// RewindClock implements client.LocalStore.
func (s Store) RewindClock(limit time.Time) (bool, error) { return s.DB.RewindClock(limit) }

// Revoke implements client.LocalStore.
func (s Store) Revoke(refs []protocol.Ref) (removed int, blocked []protocol.Ref, err error) {
	in := make([]localdb.Ref, len(refs))
	for i, r := range refs {
		in[i] = localdb.Ref(r)
	}
	removed, b, err := s.DB.Revoke(in)
	for _, r := range b {
		blocked = append(blocked, protocol.Ref(r))
	}
	return removed, blocked, err
}

// SyncCursor implements client.LocalStore.
func (s Store) SyncCursor() (string, error) { return s.DB.SyncCursor() }

// SetSyncCursor implements client.LocalStore.
func (s Store) SetSyncCursor(cursor string) error { return s.DB.SetSyncCursor(cursor) }

var _ client.SnapshotStore = Store{}

// LoadSnapshot implements client.SnapshotStore (localdb's LoadSnapshot).
func (s Store) LoadSnapshot(cursor string, next func() (record.Record, error), clockLimit time.Time) (client.SnapshotResult, error) {
	res, err := s.DB.LoadSnapshot(localdb.Snapshot{Next: next, Cursor: cursor, ClockLimit: clockLimit})
	out := client.SnapshotResult{Records: res.Records, Applied: res.Applied, Removed: res.Removed, Conflicts: len(res.Conflicts)}
	for _, r := range res.Kept {
		out.Kept = append(out.Kept, protocol.Ref(r))
	}
	return out, err
}
