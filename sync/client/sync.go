package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// LocalStore is what Sync needs of the local store. Each method is one
// transaction of the store: on error it changed nothing. cmd/internal/localsync
// implements it over localdb.
type LocalStore interface {
	// DeviceID is the store's device id, the one the session was opened
	// on.
	DeviceID() string
	// Outbox returns up to limit of the oldest local changes not yet
	// settled, in DeviceSeq order; their sequence numbers are consecutive.
	Outbox(limit int) ([]protocol.Change, error)
	// LastDeviceSeq returns the sequence number of the newest local
	// change (0: none ever).
	LastDeviceSeq() (uint64, error)
	// Settle records that the server handled every change with DeviceSeq
	// <= upto: those in rejected leave the outbox for the store's rejected
	// log with their values and reason, the others are acknowledged.
	// Those in refused were accepted but for one field (Reason.Field; an
	// illegal booking transition): they are acknowledged and that field's
	// value goes to the rejected log with the reason, so the user learns
	// the server did not take it. Settling a settled sequence again does
	// nothing.
	Settle(upto uint64, rejected, refused map[uint64]Reason) error
	// LogSuperseded adds to the store's conflict log the pushed local
	// values the server accepted but did not keep (protocol.Result.
	// Superseded), in one transaction, and returns how many it added. An
	// entry already logged (same record, field and local stamp) is not
	// added again, so logging the answer to a replayed push is harmless.
	LogSuperseded(ss []Superseded) (int, error)
	// ApplyRemote merges records from the server field by field, logging
	// a conflict for each unsynced local value a newer remote one beats.
	// The records whole names replace the local copy (fields they lack
	// are dropped, their values and stamps taken even when lower), except
	// fields holding unsynced local changes, which are merged as usual.
	// A remote stamp later than clockLimit (zero: no limit) is stored as
	// sent but moves the store's clock only up to clockLimit. It is
	// idempotent: applying the same records twice changes nothing the
	// second time.
	ApplyRemote(recs []record.Record, whole []protocol.Ref, clockLimit time.Time) (applied, conflicts int, err error)
	// Revoke removes the records refs names. A record that has a change
	// still in the outbox is not removed but returned in blocked. A
	// record the store does not hold is skipped.
	Revoke(refs []protocol.Ref) (removed int, blocked []protocol.Ref, err error)
	// SyncCursor returns the cursor last saved ("" for none).
	SyncCursor() (string, error)
	// SetSyncCursor saves the cursor of the last pull page applied.
	SetSyncCursor(cursor string) error
	// RewindClock restarts the store's clock at limit when its last stamp
	// is later than limit and the outbox is empty, and reports whether it
	// did (see localdb.Store.RewindClock).
	RewindClock(limit time.Time) (bool, error)
}

// Reason is why the server refused a change (protocol.Result's code,
// field and message).
type Reason struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message,omitempty"`
	// Access is the permission rule behind a forbidden refusal
	// (read_only, forged_owner, out_of_scope…; protocol.Result.Access).
	Access string `json:"access,omitempty"`
}

// Superseded is a pushed local value that lost the server's merge to a
// newer value (protocol.Result.Superseded): the local value and stamp
// come from the outbox change that was pushed, the remote ones from the
// server's answer (RemoteValue nil when the user may not read it).
type Superseded struct {
	Kind        app.Kind
	ID          string
	Field       string
	LocalValue  json.RawMessage
	LocalStamp  record.Stamp
	RemoteValue json.RawMessage
	RemoteStamp record.Stamp
}

// Refused is a change the server did not apply as sent: rejected (it left
// the outbox for the rejected log) or accepted with a note (a clock skew,
// an illegal booking transition put back).
type Refused struct {
	DeviceSeq uint64   `json:"seq"`
	Kind      app.Kind `json:"kind"`
	ID        string   `json:"id"`
	Reason
}

// Phase names the step of a sync a Progress reports.
type Phase string

// Phases of a sync.
const (
	PhasePush Phase = "push"
	PhasePull Phase = "pull"
)

// Progress is reported after every request of a sync.
type Progress struct {
	Phase Phase
	// Pushed of ToPush changes have been handled by the server (ToPush
	// counts the outbox when the push began, plus changes made since).
	Pushed, ToPush int
	// Pulled records and revokes have been received.
	Pulled int
}

// Summary is what a sync did.
type Summary struct {
	// Pushed counts the changes the server accepted.
	Pushed int `json:"pushed"`
	// Rejected lists the changes it refused; they are in the store's
	// rejected log.
	Rejected []Refused `json:"rejected"`
	// Notes lists accepted changes the server altered (clock skew,
	// illegal transition).
	Notes []Refused `json:"notes"`
	// Pulled counts the records received, Applied those that changed
	// something locally.
	Pulled  int `json:"pulled"`
	Applied int `json:"applied"`
	// Revoked counts the records removed because their user may no longer
	// read them.
	Revoked int `json:"revoked"`
	// Conflicts counts the unsynced local values newer remote ones beat
	// (they are in the store's conflict log): those a pull brought, and
	// those the server reported superseded when they were pushed.
	Conflicts int `json:"conflicts"`
	// ClockAhead is how far this computer's clock was ahead of the
	// server's, when more than protocol.MaxClockSkew (0 otherwise): its
	// changes get the server's time instead (CodeClockSkew notes); the
	// user should set the clock.
	ClockAhead time.Duration `json:"clock_ahead,omitempty"`
	// Snapshot says the records came from a snapshot (a new device, or
	// a re-sync the server asked for: protocol.CodeResyncRequired);
	// Pulled counts its records and Revoked the local records it lacked.
	Snapshot bool `json:"snapshot,omitempty"`
	// ClockRewound says the store's clock, which had run ahead of the
	// server's, was brought back to the server's time plus MaxClockSkew
	// (LocalStore.RewindClock).
	ClockRewound bool `json:"clock_rewound,omitempty"`
}

// maxRevokeRounds bounds how often a pull pushes again for a revoked
// record that still has local changes (made while the sync ran).
const maxRevokeRounds = 3

// Sync replicates store with the server: it pulls pages until the server
// has no more, applying each page's records and revokes and saving its
// cursor, then pushes the outbox in batches, and, when it pushed anything,
// pulls once more (the server's view of what was pushed, and what others
// pushed meanwhile). progress (may be nil) is called after every request,
// on the calling goroutine.
//
// A device with no cursor yet whose store is a SnapshotStore is filled
// from one streamed snapshot (GET /v1/snapshot) instead of pull pages
// (Summary.Snapshot; WithoutSnapshot turns it off; a server without the
// endpoint is pulled page by page). A pull the server answers
// protocol.CodeResyncRequired (the device was offline longer than the
// server keeps deletions) pushes the outbox first, then replaces the
// store's records by a snapshot, keeping the outbox and the conflict and
// rejected logs; a store that cannot load one fails with
// ErrResyncRequired.
//
// Pulling first is what makes conflicts visible: a local change that a
// newer remote value beats is still unsynced when that value arrives, so
// the store logs it in its conflict log (both values, both stamps). Had
// the push gone first, the server would have acknowledged the change (and
// kept the newer value), and the losing value would leave no trace on
// this device.
//
// Push: a batch's id is derived from the device id and its first sequence
// number, so a retry after a lost answer is the same batch, and the server
// answers a replay without applying it again. Accepted changes are
// acknowledged, rejected ones leave the outbox with their reason (Summary.
// Rejected): one refused change never holds up the rest. A batch the
// server finds too large is split in halves (later batches of this sync
// keep the smaller size). A seq_gap answer (the server expects an earlier
// sequence) is pushed again from the sequence expected when the store
// still holds it; otherwise Sync fails with ErrSeqGap.
//
// Pull: each page's records are merged (ApplyRemote), its revokes applied,
// and only then is its cursor saved. These are separate transactions of
// the store; a crash between them loses nothing: the next sync pulls the
// page again from the previous cursor, and merging the same records and
// removing the same records again changes nothing. A revoked record that
// has unsynced local changes is removed only after they are pushed.
//
// Clocks: the server's time is taken from the Date header of its answers.
// Pulled stamps move the store's clock at most protocol.MaxClockSkew past
// it (a clock that is behind still catches up with the server's; a bogus
// far-future stamp cannot drag every later local stamp along). After a
// sync in which the server lowered this device's stamps (a clock_skew
// note) or sent records whole, and once the outbox is empty, the store's
// clock is rewound to the server's time plus MaxClockSkew (less a second)
// if it is ahead of that (LocalStore.RewindClock): the records the server lowered have
// come back whole by then, replacing the far-future stamps. If the
// computer's own clock is still wrong, its next changes are stamped by it
// again, lowered again, and Summary.ClockAhead says so.
//
// Illegal booking transitions: the server accepts the change but keeps
// its status (a note with protocol.CodeIllegalTransition). The change is
// settled, the refused status value goes to the store's rejected log with
// the reason (LocalStore.Settle's refused), and the server's status
// arrives with the pull that follows the push and replaces the local one.
//
// On error the summary so far is returned with it; what was settled and
// applied stays so, and the next Sync resumes. ErrUnauthorized means the
// user must log in again.
func (c *Client) Sync(ctx context.Context, store LocalStore, progress func(Progress)) (Summary, error) {
	s := &syncer{c: c, st: store, progress: progress}
	if err := s.pullOrSnapshot(ctx); err != nil {
		return s.sum, err
	}
	before := s.p.Pushed
	if err := s.push(ctx); err != nil {
		return s.sum, err
	}
	if s.p.Pushed > before {
		if err := s.pull(ctx); err != nil {
			return s.sum, err
		}
	}
	if err := s.clocks(); err != nil {
		return s.sum, err
	}
	return s.sum, nil
}

// clocks reports a clock that is ahead of the server's and rewinds the
// store's when this sync showed it ran ahead.
func (s *syncer) clocks() error {
	server, ok := s.c.serverNow()
	if !ok {
		return nil
	}
	if ahead := s.c.wall().Sub(server); ahead > protocol.MaxClockSkew {
		s.sum.ClockAhead = ahead.Round(time.Second)
	}
	if !s.skewed && !s.whole {
		return nil
	}
	// One second below the server's limit: the estimate of the server's
	// time is at most a second early, so the next local stamps are not
	// lowered again, and the clock stays above nearly every stamp the
	// server may hold (those are at most MaxClockSkew ahead of it).
	ok, err := s.st.RewindClock(server.Add(protocol.MaxClockSkew - time.Second))
	if err != nil {
		return fmt.Errorf("sync: rewind the clock: %w", err)
	}
	s.sum.ClockRewound = ok
	return nil
}

type syncer struct {
	c        *Client
	st       LocalStore
	progress func(Progress)
	sum      Summary
	p        Progress
	skewed   bool // a push was answered with a clock_skew note
	whole    bool // a pull brought records whole
}

func (s *syncer) report(phase Phase) {
	s.p.Phase = phase
	if s.progress != nil {
		s.progress(s.p)
	}
}

// batchID is the id of the batch of device starting at seq: the same
// batch always gets the same id.
func batchID(device string, seq uint64) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("tourdesk:batch:"+device+":"+strconv.FormatUint(seq, 10))).String()
}

// push sends the whole outbox, batch by batch.
func (s *syncer) push(ctx context.Context) error {
	device := s.st.DeviceID()
	size := s.c.batch
	gapRetried := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		changes, err := s.st.Outbox(size)
		if err != nil {
			return fmt.Errorf("sync: read the outbox: %w", err)
		}
		if len(changes) == 0 {
			return nil
		}
		first, last := changes[0].DeviceSeq, changes[len(changes)-1].DeviceSeq
		if newest, err := s.st.LastDeviceSeq(); err == nil && newest >= first {
			s.p.ToPush = s.p.Pushed + int(newest-first+1)
		}
		var resp protocol.PushResponse
		req := protocol.PushRequest{BatchID: batchID(device, first), DeviceID: device, Changes: changes}
		err = s.c.do(ctx, http.MethodPost, protocol.PathPush, nil, req, &resp)
		var e *Error
		switch {
		case errors.Is(err, ErrTooLarge) && len(changes) > 1:
			size = (len(changes) + 1) / 2
			continue
		case errors.As(err, &e) && e.Code == protocol.CodeSeqGap:
			// The server expects NextSeq; the outbox starts at first. If
			// the store still holds NextSeq (first <= NextSeq), the batch
			// starting at first covers it: send it once more (the server
			// treats what it already has as replays). Otherwise the
			// changes NextSeq..first-1 were settled here but the server no
			// longer has them (it was restored from an older backup), and
			// no retry can fill the gap.
			if e.NextSeq >= first && !gapRetried {
				gapRetried = true
				continue
			}
			return fmt.Errorf("sync: push from change %d: the server expects change %d, which this device no longer holds: %w", first, e.NextSeq, err)
		case err != nil:
			return fmt.Errorf("sync: push changes %d–%d: %w", first, last, err)
		}
		gapRetried = false
		if err := s.settle(changes, resp); err != nil {
			return err
		}
		s.report(PhasePush)
	}
}

// settle applies the server's answer to one batch.
func (s *syncer) settle(changes []protocol.Change, resp protocol.PushResponse) error {
	first, last := changes[0].DeviceSeq, changes[len(changes)-1].DeviceSeq
	if resp.NextDeviceSeq <= first {
		return fmt.Errorf("sync: push changes %d–%d: the server answered next change %d; nothing was handled", first, last, resp.NextDeviceSeq)
	}
	// Settle only what was sent: results are for these changes alone.
	upto := min(resp.NextDeviceSeq-1, last)
	rejected, refused := map[uint64]Reason{}, map[uint64]Reason{}
	var lost []Superseded
	for _, r := range resp.Results {
		if r.DeviceSeq < first || r.DeviceSeq > upto {
			continue
		}
		if r.Status == protocol.StatusAccepted {
			lost = append(lost, superseded(changes[r.DeviceSeq-first], r)...)
		}
		reason := Reason{Code: r.Code, Field: r.Field, Message: r.Message, Access: r.Access}
		ref := Refused{DeviceSeq: r.DeviceSeq, Kind: r.Kind, ID: r.ID, Reason: reason}
		switch {
		case r.Status == protocol.StatusRejected:
			rejected[r.DeviceSeq] = reason
			s.sum.Rejected = append(s.sum.Rejected, ref)
		case r.Code != "":
			switch r.Code {
			case protocol.CodeClockSkew:
				s.skewed = true
			case protocol.CodeIllegalTransition:
				if r.Field != "" {
					refused[r.DeviceSeq] = reason
				}
			}
			s.sum.Notes = append(s.sum.Notes, ref)
			s.sum.Pushed++
		default:
			s.sum.Pushed++
		}
	}
	// The losses go to the conflict log before the changes leave the
	// outbox: after a crash in between, the push is replayed, answered
	// the same, and logging it again adds nothing.
	if len(lost) > 0 {
		n, err := s.st.LogSuperseded(lost)
		if err != nil {
			return fmt.Errorf("sync: log %d superseded values: %w", len(lost), err)
		}
		s.sum.Conflicts += n
	}
	if err := s.st.Settle(upto, rejected, refused); err != nil {
		return fmt.Errorf("sync: settle changes %d–%d: %w", first, upto, err)
	}
	s.p.Pushed += int(upto - first + 1)
	return nil
}

// superseded pairs the fields r reports superseded with the values ch
// pushed. A field the change did not carry, or with a different stamp (the
// answer is not about this change), is skipped.
func superseded(ch protocol.Change, r protocol.Result) []Superseded {
	if ch.DeviceSeq != r.DeviceSeq || ch.Kind != r.Kind || ch.ID != r.ID {
		return nil
	}
	var out []Superseded
	for _, sf := range r.Superseded {
		f, ok := ch.Fields[sf.Field]
		if !ok {
			continue
		}
		out = append(out, Superseded{
			Kind: r.Kind, ID: r.ID, Field: sf.Field,
			LocalValue: f.Value, LocalStamp: f.Stamp,
			RemoteValue: sf.Value, RemoteStamp: sf.Stamp,
		})
	}
	return out
}

// pull fetches pages until the server says there are no more.
func (s *syncer) pull(ctx context.Context) error {
	cursor, err := s.st.SyncCursor()
	if err != nil {
		return fmt.Errorf("sync: read the cursor: %w", err)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		q := url.Values{}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		if s.c.pullLimit > 0 {
			q.Set("limit", strconv.Itoa(s.c.pullLimit))
		}
		var page protocol.PullResponse
		if err := s.c.do(ctx, http.MethodGet, protocol.PathPull, q, nil, &page); err != nil {
			return fmt.Errorf("sync: pull: %w", err)
		}
		if err := s.apply(ctx, page); err != nil {
			return err
		}
		s.p.Pulled += len(page.Records) + len(page.Revoked)
		s.report(PhasePull)
		if !page.More {
			return nil
		}
		if page.Cursor == cursor {
			return fmt.Errorf("sync: pull: the server said there is more but did not move the cursor")
		}
		cursor = page.Cursor
	}
}

// apply merges one page, applies its revokes and then saves its cursor.
func (s *syncer) apply(ctx context.Context, page protocol.PullResponse) error {
	if len(page.Records) > 0 {
		var limit time.Time
		if server, ok := s.c.serverNow(); ok {
			limit = server.Add(protocol.MaxClockSkew)
		}
		if len(page.Whole) > 0 {
			s.whole = true
		}
		applied, conflicts, err := s.st.ApplyRemote(page.Records, page.Whole, limit)
		if err != nil {
			return fmt.Errorf("sync: apply %d records: %w", len(page.Records), err)
		}
		s.sum.Pulled += len(page.Records)
		s.sum.Applied += applied
		s.sum.Conflicts += conflicts
	}
	refs := page.Revoked
	for round := 0; len(refs) > 0; round++ {
		removed, blocked, err := s.st.Revoke(refs)
		if err != nil {
			return fmt.Errorf("sync: remove %d revoked records: %w", len(refs), err)
		}
		s.sum.Revoked += removed
		if len(blocked) == 0 {
			break
		}
		if round == maxRevokeRounds {
			return fmt.Errorf("sync: %s %s can no longer be read by this user but keeps getting local changes; sync again", blocked[0].Kind, blocked[0].ID)
		}
		// Push the unsynced edits of the revoked records (accepted or
		// rejected, they leave the outbox), then remove them.
		if err := s.push(ctx); err != nil {
			return err
		}
		refs = blocked
	}
	if err := s.st.SetSyncCursor(page.Cursor); err != nil {
		return fmt.Errorf("sync: save the cursor: %w", err)
	}
	return nil
}
