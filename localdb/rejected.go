package localdb

import (
	"fmt"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Reason is why the server refused a local change: a stable protocol code
// (sync/protocol's Code* constants), the field at fault if there is one,
// and a short English message for logs and support.
type Reason struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message,omitempty"`
	// Access is the permission rule behind a forbidden refusal
	// (read_only, forged_owner, out_of_scope…; protocol.Result.Access).
	Access string `json:"access,omitempty"`
}

// Rejected is a local change the server refused, kept with its values so
// that nothing typed is lost: the user sees what was refused and why. Seq
// numbers the rejected log in the order changes were settled; DeviceSeq is
// the change's number in the outbox it left.
type Rejected struct {
	Seq       uint64                  `json:"seq"`
	DeviceSeq uint64                  `json:"device_seq"`
	Kind      app.Kind                `json:"kind"`
	ID        string                  `json:"id"`
	Fields    map[string]record.Field `json:"fields"`
	Reason    Reason                  `json:"reason"`
	At        time.Time               `json:"at"`
}

// Settle records the server's answer to a push: every outbox change with
// DeviceSeq <= upto has been handled. Those named in rejected leave the
// outbox for the rejected log, with their values and reason; the others
// are acknowledged as by Ack. Either way their fields stop counting as
// unsynced, so a rejected change never blocks the changes after it nor
// comes back as a conflict. Everything commits in one transaction;
// settling an already settled sequence does nothing (a reason for a change
// no longer in the outbox is ignored). It returns the entries it added to
// the rejected log.
//
// The local record keeps the refused values: the store does not know what
// the server holds instead.
func (s *Store) Settle(upto uint64, rejected map[uint64]Reason) ([]Rejected, error) {
	return s.SettleRefused(upto, rejected, nil)
}

// SettleRefused is Settle for a push some of whose accepted changes had
// one field refused (refused maps their DeviceSeq to the reason, whose
// Field names it; protocol.CodeIllegalTransition: the server kept its
// booking status). Such a change is acknowledged, and the refused field's
// value goes to the rejected log (that field only, with the reason), so
// the user is told what was not applied; the server's value arrives with
// the next pull. A reason without a Field, or naming a field the change
// did not set, logs the whole change. One transaction.
func (s *Store) SettleRefused(upto uint64, rejected, refused map[uint64]Reason) ([]Rejected, error) {
	var added []Rejected
	err := s.update(func(t *tx) error {
		added = nil
		acked, err := t.acked()
		if err != nil {
			return err
		}
		top := acked
		now := t.s.now().UTC()
		ob := t.btx.Bucket(bucketOutbox)
		c := ob.Cursor()
		for k, v := c.First(); k != nil && getU64(k) <= upto; k, v = c.First() {
			seq := getU64(k)
			e, err := decodeOutboxEntry(seq, v)
			if err != nil {
				return err
			}
			if st := e.stamp(t.s.device); st.After(top) {
				top = st
			}
			reason, ok := rejected[seq]
			part := false
			if !ok {
				reason, ok = refused[seq]
				part = ok
			}
			if ok {
				ch, err := t.outboxChange(seq, e)
				if err != nil {
					return err
				}
				if f, has := ch.Fields[reason.Field]; part && has {
					ch.Fields = map[string]record.Field{reason.Field: f}
				}
				r, err := t.logRejected(Rejected{
					DeviceSeq: seq, Kind: ch.Kind, ID: ch.ID, Fields: ch.Fields,
					Reason: reason, At: now,
				})
				if err != nil {
					return err
				}
				added = append(added, r)
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
	if err != nil {
		return nil, fmt.Errorf("localdb: settle up to %d: %w", upto, err)
	}
	return added, nil
}

func (t *tx) logRejected(r Rejected) (Rejected, error) {
	return appendLog(t.btx.Bucket(bucketRejected), r, func(r *Rejected, seq uint64) { r.Seq = seq })
}

// RejectedChanges returns the rejected log, oldest first. The values are
// the caller's.
func (s *Store) RejectedChanges() ([]Rejected, error) {
	var out []Rejected
	err := s.view(func(t *tx) (err error) {
		out, err = readLog[Rejected](t.btx.Bucket(bucketRejected), "rejected")
		return err
	})
	return out, err
}
