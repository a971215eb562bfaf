// Package localsync adapts a localdb.Store to sync/client's LocalStore, so
// that the binaries (tourdeskctl, the desktop app) can sync a local store
// without sync/client knowing localdb. It only converts types: every method
// is the localdb method of the same name (Settle, Revoke, ApplyRemote…),
// one transaction each.
package localsync

import (
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

// Settle implements client.LocalStore.
func (s Store) Settle(upto uint64, rejected map[uint64]client.Reason) error {
	reasons := make(map[uint64]localdb.Reason, len(rejected))
	for seq, r := range rejected {
		reasons[seq] = localdb.Reason(r)
	}
	_, err := s.DB.Settle(upto, reasons)
	return err
}

// ApplyRemote implements client.LocalStore.
func (s Store) ApplyRemote(recs []record.Record) (applied, conflicts int, err error) {
	applied, c, err := s.DB.ApplyRemote(recs)
	return applied, len(c), err
}

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
