package boltstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

var _ server.RecordStore = (*Store)(nil)

// recordRow is a record as stored in bucketRecords before the binary form
// (rowcodec.go); such rows are still read.
type recordRow struct {
	Seq    uint64                        `json:"q"`
	Fields map[string]server.StoredField `json:"f"`
	// Refs are the ids the record references (see server.RecordTx.PutRecord),
	// kept so the next version can remove its refs entries.
	Refs []string `json:"r,omitempty"`
}

// auditRow is an audit entry as stored in bucketAudit before the binary
// form (rowcodec.go), still read (kind and id are in
// the key).
type auditRow struct {
	Seq      uint64          `json:"q"`
	At       int64           `json:"t"` // Unix milliseconds
	UserID   string          `json:"u,omitempty"`
	DeviceID string          `json:"d,omitempty"`
	Field    string          `json:"f"`
	Old      json.RawMessage `json:"o,omitempty"`
	New      json.RawMessage `json:"n"`
	Stamp    string          `json:"s"`
	// Superseded: server.AuditRecord.Superseded.
	Superseded bool `json:"x,omitempty"`
}

func refKey(kind app.Kind, id string) []byte {
	k := make([]byte, 0, len(kind)+1+len(id))
	k = append(k, kind...)
	k = append(k, 0)
	return append(k, id...)
}

func parseRefKey(k []byte) (protocol.Ref, error) {
	kind, id, ok := bytes.Cut(k, []byte{0})
	if !ok {
		return protocol.Ref{}, fmt.Errorf("bad record key %q", k)
	}
	return protocol.Ref{Kind: app.Kind(kind), ID: string(id)}, nil
}

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func timeFromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// ViewRecords implements server.RecordStore.
func (s *Store) ViewRecords(fn func(server.RecordView) error) error {
	return s.db.View(func(tx *bolt.Tx) error { return fn(recTx{tx}) })
}

// UpdateRecords implements server.RecordStore. Concurrent calls share
// one commit (group.go).
func (s *Store) UpdateRecords(fn func(server.RecordTx) error) error {
	return s.update(func(tx *bolt.Tx) error { return fn(recTx{tx}) })
}

// recTx implements server.RecordTx over one bbolt transaction.
type recTx struct{ tx *bolt.Tx }

func (t recTx) Record(kind app.Kind, id string) (server.StoredRecord, error) {
	v := t.tx.Bucket(bucketRecords).Get(refKey(kind, id))
	if v == nil {
		return server.StoredRecord{}, fmt.Errorf("boltstore: record %s %s: %w", kind, id, app.ErrNotFound)
	}
	seq, fields, _, err := decodeRow(v, false)
	if err != nil {
		return server.StoredRecord{}, fmt.Errorf("boltstore: decode record %s %s: %w", kind, id, err)
	}
	return server.StoredRecord{Kind: kind, ID: id, Fields: fields, Seq: seq}, nil
}

func (t recTx) Referrers(id string) ([]protocol.Ref, error) {
	prefix := append([]byte(id), 0)
	var out []protocol.Ref
	c := t.tx.Bucket(bucketRefs).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ref, err := parseRefKey(k[len(prefix):])
		if err != nil {
			return nil, fmt.Errorf("boltstore: referrers of %s: %w", id, err)
		}
		out = append(out, ref)
	}
	return out, nil
}

func (t recTx) Changes(after uint64, max int) ([]server.SeqRef, error) {
	var out []server.SeqRef
	c := t.tx.Bucket(bucketChanges).Cursor()
	for k, v := c.Seek(u64(after + 1)); k != nil && len(out) < max; k, v = c.Next() {
		ref, err := parseRefKey(v)
		if err != nil {
			return nil, fmt.Errorf("boltstore: changes: %w", err)
		}
		out = append(out, server.SeqRef{Seq: binary.BigEndian.Uint64(k), Ref: ref})
	}
	return out, nil
}

// visKey is user + 0 + seq (8 bytes BE) + kind + 0 + id.
func visKey(userID string, seq uint64, ref protocol.Ref) []byte {
	k := append([]byte(userID), 0)
	k = binary.BigEndian.AppendUint64(k, seq)
	return append(k, refKey(ref.Kind, ref.ID)...)
}

func (t recTx) VisibilityChanges(userID string, after uint64, max int) ([]server.SeqRef, error) {
	prefix := append([]byte(userID), 0)
	var out []server.SeqRef
	c := t.tx.Bucket(bucketVisibility).Cursor()
	for k, _ := c.Seek(binary.BigEndian.AppendUint64(bytes.Clone(prefix), after+1)); k != nil && bytes.HasPrefix(k, prefix) && len(out) < max; k, _ = c.Next() {
		rest := k[len(prefix):]
		if len(rest) < 8 {
			return nil, fmt.Errorf("boltstore: bad visibility key %q", k)
		}
		ref, err := parseRefKey(rest[8:])
		if err != nil {
			return nil, fmt.Errorf("boltstore: visibility: %w", err)
		}
		out = append(out, server.SeqRef{Seq: binary.BigEndian.Uint64(rest[:8]), Ref: ref})
	}
	return out, nil
}

func (t recTx) LastSeq() (uint64, error) {
	v := t.tx.Bucket(bucketMeta).Get(metaSeq)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("boltstore: sequence is %d bytes long", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

func (t recTx) DeviceSeq(device string) (uint64, error) {
	v := t.tx.Bucket(bucketDevices).Get([]byte(device))
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("boltstore: device sequence of %q is %d bytes long", device, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

func resultKey(device string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(device), 0), seq)
}

func (t recTx) Result(device string, seq uint64) (protocol.Result, bool, error) {
	v := t.tx.Bucket(bucketResults).Get(resultKey(device, seq))
	if v == nil {
		return protocol.Result{}, false, nil
	}
	var r protocol.Result
	if err := json.Unmarshal(v, &r); err != nil {
		return protocol.Result{}, false, fmt.Errorf("boltstore: decode result: %w", err)
	}
	return r, true, nil
}

func (t recTx) Audit(kind app.Kind, id string) ([]server.AuditRecord, error) {
	prefix := append(refKey(kind, id), 0)
	var out []server.AuditRecord
	c := t.tx.Bucket(bucketAudit).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		e := server.AuditRecord{Kind: kind, ID: id}
		if err := decodeAudit(v, &e); err != nil {
			return nil, fmt.Errorf("boltstore: decode audit entry: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

func (t recTx) Users() ([]app.User, error) {
	var out []app.User
	err := t.tx.Bucket(bucketUsers).ForEach(func(_, v []byte) error {
		a, err := decodeAccount(v)
		out = append(out, a.User)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: users: %w", err)
	}
	return out, nil
}

// mirror publishes an office or a user (v, an app entity) as the record
// kind/id: the fields whose value changed get a server stamp above every
// stamp the record holds, the next sequence, and an audit entry. A call
// that changes no value writes nothing.
func mirror(tx *bolt.Tx, kind app.Kind, id string, v any, now time.Time) error {
	values, err := record.Encode(v)
	if err != nil {
		return err
	}
	t := recTx{tx}
	cur, err := t.Record(kind, id)
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return err
	}
	if cur.Fields == nil {
		cur = server.StoredRecord{Kind: kind, ID: id, Fields: map[string]server.StoredField{}}
	}
	stamp := record.Stamp{Wall: now.UnixMilli(), Device: server.ServerDevice}
	var changed []string
	for name, val := range values {
		var buf bytes.Buffer
		if err := json.Compact(&buf, val); err == nil {
			val = buf.Bytes()
			values[name] = val
		}
		f, ok := cur.Fields[name]
		if ok && bytes.Equal(f.Value, val) {
			continue
		}
		changed = append(changed, name)
		if !stamp.After(f.Stamp) {
			stamp = record.Stamp{Wall: f.Stamp.Wall, Logical: f.Stamp.Logical + 1, Device: server.ServerDevice}
		}
	}
	if len(changed) == 0 {
		return nil
	}
	sort.Strings(changed)
	seq, err := t.NextSeq()
	if err != nil {
		return err
	}
	for _, name := range changed {
		old := cur.Fields[name]
		cur.Fields[name] = server.StoredField{Value: values[name], Stamp: stamp, Seq: seq}
		e := server.AuditRecord{Seq: seq, At: now, DeviceID: server.ServerDevice, Kind: kind, ID: id, Field: name, New: values[name], Stamp: stamp}
		if old.Value != nil {
			e.Old = old.Value
		}
		if err := t.AppendAudit(e); err != nil {
			return err
		}
	}
	cur.Seq = seq
	return t.PutRecord(cur, nil)
}

// mirrorAll publishes every office and user (the schema 1 → 2 migration).
func mirrorAll(tx *bolt.Tx, now time.Time) error {
	err := tx.Bucket(bucketOffices).ForEach(func(_, v []byte) error {
		o, err := decodeOffice(v)
		if err != nil {
			return err
		}
		return mirror(tx, app.KindOffice, o.ID, o, now)
	})
	if err != nil {
		return err
	}
	return tx.Bucket(bucketUsers).ForEach(func(_, v []byte) error {
		a, err := decodeAccount(v)
		if err != nil {
			return err
		}
		return mirror(tx, app.KindUser, a.User.ID, a.User, now)
	})
}

var errReadOnly = errors.New("boltstore: write in a read-only transaction")

func (t recTx) writable() error {
	if !t.tx.Writable() {
		return errReadOnly
	}
	return nil
}

func (t recTx) NextSeq() (uint64, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	last, err := t.LastSeq()
	if err != nil {
		return 0, err
	}
	if err := t.tx.Bucket(bucketMeta).Put(metaSeq, u64(last+1)); err != nil {
		return 0, fmt.Errorf("boltstore: next sequence: %w", err)
	}
	return last + 1, nil
}

func (t recTx) PutRecord(rec server.StoredRecord, refs []string) error {
	if err := t.writable(); err != nil {
		return err
	}
	last, err := t.LastSeq()
	if err != nil {
		return err
	}
	if rec.Seq == 0 || rec.Seq > last {
		return fmt.Errorf("boltstore: put record %s %s: sequence %d was not issued", rec.Kind, rec.ID, rec.Seq)
	}
	key := refKey(rec.Kind, rec.ID)
	records := t.tx.Bucket(bucketRecords)
	refsB := t.tx.Bucket(bucketRefs)
	if v := records.Get(key); v != nil {
		oldSeq, _, oldRefs, err := decodeRow(v, true)
		if err != nil {
			return fmt.Errorf("boltstore: decode record %s %s: %w", rec.Kind, rec.ID, err)
		}
		if err := t.tx.Bucket(bucketChanges).Delete(u64(oldSeq)); err != nil {
			return err
		}
		for _, id := range oldRefs {
			if err := refsB.Delete(append(append([]byte(id), 0), key...)); err != nil {
				return err
			}
		}
	}
	if err := records.Put(key, encodeRow(rec.Seq, rec.Fields, refs)); err != nil {
		return err
	}
	if err := t.tx.Bucket(bucketChanges).Put(u64(rec.Seq), key); err != nil {
		return err
	}
	for _, id := range refs {
		if err := refsB.Put(append(append([]byte(id), 0), key...), nil); err != nil {
			return err
		}
	}
	return nil
}

func (t recTx) AppendAudit(e server.AuditRecord) error {
	if err := t.writable(); err != nil {
		return err
	}
	b := t.tx.Bucket(bucketAudit)
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	v := encodeAudit(e)
	key := binary.BigEndian.AppendUint64(append(refKey(e.Kind, e.ID), 0), n)
	return b.Put(key, v)
}

func (t recTx) SetDeviceSeq(device string, seq uint64) error {
	if err := t.writable(); err != nil {
		return err
	}
	return t.tx.Bucket(bucketDevices).Put([]byte(device), u64(seq))
}

func (t recTx) PutResult(device string, r protocol.Result) error {
	if err := t.writable(); err != nil {
		return err
	}
	v, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("boltstore: encode result: %w", err)
	}
	return t.tx.Bucket(bucketResults).Put(resultKey(device, r.DeviceSeq), v)
}

func (t recTx) DeleteResults(device string, below uint64) error {
	if err := t.writable(); err != nil {
		return err
	}
	prefix := append([]byte(device), 0)
	end := resultKey(device, below)
	c := t.tx.Bucket(bucketResults).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, end) < 0; k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

func (t recTx) AddVisibilityChange(userID string, seq uint64, ref protocol.Ref) error {
	if err := t.writable(); err != nil {
		return err
	}
	return t.tx.Bucket(bucketVisibility).Put(visKey(userID, seq, ref), nil)
}
