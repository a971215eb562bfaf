package server

import (
	"encoding/json"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// RecordStore keeps the replicated records on the server: every record
// with per-field stamps, the server sequence, the per-device sequence of
// pushes applied, the answers given to rejected changes, the per-user
// visibility changes (grants and revokes) and the audit log. The push,
// pull and history logic lives in this package and runs inside its
// transactions, so that a push is applied, counted and audited all at
// once or not at all.
//
// cmd/tourdesk-server implements it in the same bbolt file as Store
// (internal/boltstore); sync/server/memstore holds one in memory. The
// conformance suite is sync/server/storetest.RunRecords.
//
// Implementations must be safe for concurrent use. A RecordView or
// RecordTx is only valid inside the function it is passed to, and only
// on that goroutine. Values returned are the caller's.
type RecordStore interface {
	// ViewRecords runs fn in a read-only transaction: a consistent
	// snapshot of the records that no concurrent update changes. It
	// returns fn's error.
	ViewRecords(fn func(RecordView) error) error
	// UpdateRecords runs fn in a read-write transaction. Updates are
	// serialised. Everything fn writes is committed, durably, when fn
	// returns nil, and nothing when fn returns an error (which
	// UpdateRecords returns) or panics. Reads inside fn see fn's own
	// writes. A store may commit concurrent calls together (boltstore
	// does); then, if another call's fn fails, fn is run again in a
	// transaction of its own, its earlier writes rolled back: fn must
	// set, not accumulate, whatever it keeps outside the transaction.
	UpdateRecords(fn func(RecordTx) error) error
}

// RecordView reads the record store. Every "not found" is an error
// matching app.ErrNotFound; other errors are failures of the store.
type RecordView interface {
	// Record returns the record kind/id.
	Record(kind app.Kind, id string) (StoredRecord, error)
	// Referrers returns the records whose reference fields (the refs
	// given to PutRecord) name id, ordered by kind then id; none is not
	// an error.
	Referrers(id string) ([]protocol.Ref, error)
	// Changes returns, in increasing order of sequence, at most max
	// records whose latest change has a sequence above after: each
	// record once, at the sequence of its latest PutRecord.
	Changes(after uint64, max int) ([]SeqRef, error)
	// VisibilityChanges returns, in increasing order of sequence (then
	// kind, then id), at most max of the entries AddVisibilityChange
	// stored for user with a sequence above after.
	VisibilityChanges(userID string, after uint64, max int) ([]SeqRef, error)
	// LastSeq is the highest sequence NextSeq has issued (0 before the
	// first).
	LastSeq() (uint64, error)
	// DeviceSeq is the last device sequence SetDeviceSeq stored for
	// device, 0 for a device never seen.
	DeviceSeq(device string) (uint64, error)
	// Result returns the result PutResult stored for device's change
	// seq, and false when none was stored.
	Result(device string, seq uint64) (protocol.Result, bool, error)
	// Audit returns the audit entries of kind/id in the order they were
	// appended; none is not an error.
	Audit(kind app.Kind, id string) ([]AuditRecord, error)
	// Users returns every account's user (active or not), in no
	// particular order: the people whose visibility of records a change
	// may alter.
	Users() ([]app.User, error)
}

// RecordTx is a RecordView that may also write, inside UpdateRecords.
type RecordTx interface {
	RecordView
	// NextSeq issues the next server sequence: 1, 2, 3… for the life of
	// the store, never reused (an aborted transaction's numbers are
	// issued again).
	NextSeq() (uint64, error)
	// PutRecord stores rec, replacing any record of its kind and id, and
	// moves it in the change index to rec.Seq (which must be a sequence
	// issued by NextSeq in this transaction, at least every field's Seq).
	// refs are the ids rec references (its customer, booking, departure…)
	// for Referrers, replacing the ones of the previous version.
	PutRecord(rec StoredRecord, refs []string) error
	// AppendAudit appends e to the audit log of e.Kind/e.ID.
	AppendAudit(e AuditRecord) error
	// SetDeviceSeq stores the last device sequence applied for device.
	SetDeviceSeq(device string, seq uint64) error
	// PutResult stores the answer given to device's change r.DeviceSeq,
	// to give it again when the change is replayed.
	PutResult(device string, r protocol.Result) error
	// DeleteResults removes the results stored for device's changes below
	// seq; none is not an error.
	DeleteResults(device string, below uint64) error
	// AddVisibilityChange notes that at sequence seq what user may see of
	// ref changed (it became readable, unreadable, or its readable fields
	// changed). Adding the same entry twice stores it once.
	AddVisibilityChange(userID string, seq uint64, ref protocol.Ref) error
}

// StoredRecord is a record as the server keeps it: each field with its
// stamp and the server sequence of the change that set it, so that an
// incremental pull can send only the fields changed after a cursor.
type StoredRecord struct {
	Kind   app.Kind
	ID     string
	Fields map[string]StoredField
	// Seq is the sequence of the record's latest change.
	Seq uint64
}

// StoredField is one field of a StoredRecord.
type StoredField struct {
	Value json.RawMessage `json:"v"`
	Stamp record.Stamp    `json:"s"`
	// Seq is the server sequence of the change that set this value.
	Seq uint64 `json:"q"`
	// From is the device whose push set this value and stamp exactly as
	// it pushed them (not clamped, not put back by the server), empty
	// otherwise: that device holds them already, so its pulls skip the
	// field.
	From string `json:"d,omitempty"`
}

// Record returns r as a record.Record (every field, no sequences).
func (r StoredRecord) Record() record.Record {
	out := record.Record{Kind: string(r.Kind), ID: r.ID, Fields: make(map[string]record.Field, len(r.Fields))}
	for name, f := range r.Fields {
		out.Fields[name] = record.Field{Value: f.Value, Stamp: f.Stamp}
	}
	return out
}

// SeqRef is one entry of the change index or of a user's visibility
// changes.
type SeqRef struct {
	Seq uint64
	protocol.Ref
}

// AuditRecord is one field of one accepted change, as the audit log keeps
// it.
type AuditRecord struct {
	// Seq is the server sequence of the change.
	Seq      uint64
	At       time.Time
	UserID   string
	DeviceID string
	Kind     app.Kind
	ID       string
	Field    string
	// Old is nil when the field was new.
	Old   json.RawMessage
	New   json.RawMessage
	Stamp record.Stamp
	// Superseded marks a pushed value that lost the merge to the newer
	// one the server held (protocol.AuditEntry.Superseded): New is the
	// value pushed, Old the value kept, Stamp the pushed stamp. It never
	// was the field's value, so what-was-the-value-at lookups skip it.
	Superseded bool
}

// PruneTx is a RecordTx that can also forget what no device needs any
// more: the work of Server.Prune (tombstones and visibility changes older
// than every active device's cursor). Both record stores of this module
// implement it; a RecordStore whose transactions do not is never pruned,
// and its pulls never answer protocol.CodeResyncRequired.
type PruneTx interface {
	RecordTx
	// Horizon returns the sequence up to which the store was pruned (0:
	// never): a pull from a cursor below it could miss deletions and
	// revokes.
	Horizon() (uint64, error)
	// SetHorizon stores the horizon.
	SetHorizon(seq uint64) error
	// DeviceCursors returns every cursor SetDeviceCursor stored.
	DeviceCursors() (map[string]DeviceCursor, error)
	// SetDeviceCursor stores where device's pulls have got to, replacing
	// what was stored for it.
	SetDeviceCursor(device string, c DeviceCursor) error
	// DeleteDeviceCursor forgets device's cursor (a device offline longer
	// than the window); forgetting an unknown device is not an error.
	DeleteDeviceCursor(device string) error
	// PruneMarks returns what SetPruneMarks stored (none: nil).
	PruneMarks() ([]PruneMark, error)
	// SetPruneMarks replaces the stored marks.
	SetPruneMarks(m []PruneMark) error
	// DeleteVisibilityChanges removes the visibility changes of every
	// user with a sequence at or below upto, and returns how many it
	// removed.
	DeleteVisibilityChanges(upto uint64) (int, error)
}

// PruneMark notes the newest sequence at a time Prune ran: what was
// written before At has a sequence at or below Seq. Prune never prunes
// past the mark of a run at least the tombstone window old.
type PruneMark struct {
	At  time.Time `json:"t"`
	Seq uint64    `json:"q"`
}

// DeviceCursor is how far a device has pulled: every change up to Seq is
// on the device (the start of its last pull), as of Seen.
type DeviceCursor struct {
	Seq  uint64    `json:"q"`
	Seen time.Time `json:"t"`
}
