package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// ServerDevice is the device id of the server's own changes: the stamps of
// a booking status it puts back after an illegal transition, and of the
// tasks it creates. No client may use it (validDeviceID refuses nothing,
// but a client's id is a UUID).
const ServerDevice = "server"

// maxClosure bounds how many records one visibility recomputation visits
// (a departure's travelers, a customer's bookings and theirs…). Far above
// anything real; it only stops a pathological graph.
const maxClosure = 100_000

var errSeqGap = errors.New("sequence gap")

// handlePush is POST /v1/push.
func (s *Server) handlePush(w http.ResponseWriter, r *http.Request) {
	c, _ := CallerFrom(r.Context())
	var req protocol.PushRequest
	if e := decodeJSON(w, r, s.maxBody, &req); e != nil {
		writeError(w, r, e)
		return
	}
	if req.DeviceID != c.DeviceID {
		writeError(w, r, fieldError("device", "device must be the device this session was opened on"))
		return
	}
	if len(req.Changes) > protocol.MaxPushChanges {
		writeError(w, r, errorf(protocol.CodeTooLarge, "a push carries at most "+strconv.Itoa(protocol.MaxPushChanges)+" changes"))
		return
	}
	for i, ch := range req.Changes {
		if ch.DeviceSeq == 0 || (i > 0 && ch.DeviceSeq != req.Changes[0].DeviceSeq+uint64(i)) {
			writeError(w, r, fieldError("changes", "changes must be numbered from 1, in increasing order without gaps"))
			return
		}
	}

	resp := protocol.PushResponse{Results: make([]protocol.Result, 0, len(req.Changes))}
	var expected uint64
	err := s.records.UpdateRecords(func(tx RecordTx) error {
		resp.Results = resp.Results[:0]
		last, err := tx.DeviceSeq(c.DeviceID)
		if err != nil {
			return err
		}
		if len(req.Changes) > 0 && req.Changes[0].DeviceSeq > last+1 {
			expected = last + 1
			return errSeqGap
		}
		if len(req.Changes) > 0 {
			// The device holds nothing below its first change any more:
			// the answers kept for replays of those can go.
			if err := tx.DeleteResults(c.DeviceID, req.Changes[0].DeviceSeq); err != nil {
				return err
			}
		}
		p := &pusher{s: s, tx: tx, caller: c, subject: subjectOf(c), now: s.now(), req: infoOf(r).id}
		for _, ch := range req.Changes {
			if ch.DeviceSeq <= last {
				res, ok, err := tx.Result(c.DeviceID, ch.DeviceSeq)
				if err != nil {
					return err
				}
				if !ok {
					res = protocol.Result{DeviceSeq: ch.DeviceSeq, Kind: ch.Kind, ID: ch.ID, Status: protocol.StatusAccepted}
				}
				// The answer was lost and the device may have pulled
				// since (with the refused change still unsynced, so the
				// record sent back did not replace it): note the record
				// again, so the pull after this push brings it back.
				if err := p.giveBack(res); err != nil {
					return err
				}
				resp.Results = append(resp.Results, res)
				continue
			}
			res, err := p.apply(ch)
			if err != nil {
				return fmt.Errorf("%s %s: %w", ch.Kind, ch.ID, err)
			}
			if res.Code != "" || len(res.Superseded) > 0 {
				if err := tx.PutResult(c.DeviceID, res); err != nil {
					return err
				}
			}
			if err := p.giveBack(res); err != nil {
				return err
			}
			resp.Results = append(resp.Results, res)
			last = ch.DeviceSeq
		}
		if len(req.Changes) > 0 {
			if err := tx.SetDeviceSeq(c.DeviceID, last); err != nil {
				return err
			}
		}
		resp.NextDeviceSeq = last + 1
		return nil
	})
	if errors.Is(err, errSeqGap) {
		writeError(w, r, &apiError{protocol.ErrorResponse{
			Code:    protocol.CodeSeqGap,
			Message: "changes are missing before device sequence " + strconv.FormatUint(req.Changes[0].DeviceSeq, 10) + "; push from " + strconv.FormatUint(expected, 10),
			NextSeq: expected,
		}})
		return
	}
	if err != nil {
		s.internal(w, r, "push", err)
		return
	}
	rejected := 0
	for _, res := range resp.Results {
		if res.Status == protocol.StatusRejected {
			rejected++
		}
	}
	s.log.Info("push", "req", infoOf(r).id, "user", c.User.ID, "device", c.DeviceID, "batch", req.BatchID,
		"changes", len(req.Changes), "rejected", rejected, "next_seq", resp.NextDeviceSeq)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, resp)
}

// pusher applies the changes of one push inside its transaction.
type pusher struct {
	s       *Server
	tx      RecordTx
	caller  Caller
	subject access.Subject
	now     time.Time
	req     string
	users   []app.User // loaded when a change alters visibility
}

func reject(ch protocol.Change, code, field, msg string) protocol.Result {
	return protocol.Result{DeviceSeq: ch.DeviceSeq, Kind: ch.Kind, ID: ch.ID, Status: protocol.StatusRejected, Code: code, Field: field, Message: msg}
}

// giveBack undoes, on the pushing user's devices, a change the server
// refused: the device that made it settles it into its rejected log, but
// its values are still in its local record (a refused edit shows the
// refused value with its newer stamps, a refused create keeps a record
// the server never had). So a refusal is a visibility change for the
// pushing user, at a sequence of its own: their next pull brings the
// record whole (the server's copy replaces the device's) when it exists
// and they may read it, else a revoke (the device removes it). Refusals
// of an unknown kind or a malformed id are left alone: the server has no
// rules for them, and the id may not be one it can store.
func (p *pusher) giveBack(res protocol.Result) error {
	if res.Status != protocol.StatusRejected || res.Code == protocol.CodeUnknownKind || !validRecordID(res.ID) {
		return nil
	}
	if _, ok := app.Info(res.Kind); !ok {
		return nil
	}
	seq, err := p.tx.NextSeq()
	if err != nil {
		return err
	}
	return p.tx.AddVisibilityChange(p.caller.User.ID, seq, protocol.Ref{Kind: res.Kind, ID: res.ID})
}

// apply handles one new change. An error is a failure of the store (the
// whole push is rolled back); a refused change is a rejected Result.
func (p *pusher) apply(ch protocol.Change) (protocol.Result, error) {
	info, ok := app.Info(ch.Kind)
	if !ok {
		return reject(ch, protocol.CodeUnknownKind, "kind", "unknown kind "+strconv.Quote(string(ch.Kind))), nil
	}
	if serverManaged(ch.Kind) {
		return reject(ch, protocol.CodeServerManaged, "kind", string(ch.Kind)+"s are changed only on the server (tourdesk-server office add, user add, user set, user disable); this change was not applied"), nil
	}
	if !validRecordID(ch.ID) {
		return reject(ch, protocol.CodeInvalidField, "id", "id must be 1 to 64 printable ASCII characters"), nil
	}
	if len(ch.Fields) == 0 {
		return reject(ch, protocol.CodeInvalidField, "fields", "a change holds at least one field"), nil
	}
	names := slices.Sorted(maps.Keys(ch.Fields))
	incoming := record.Record{Kind: string(ch.Kind), ID: ch.ID, Fields: make(map[string]record.Field, len(ch.Fields))}
	var skew time.Duration
	nowMs := p.now.UnixMilli()
	limit := p.now.Add(protocol.MaxClockSkew).UnixMilli()
	// The types: one decode of the whole change into the kind's entity,
	// and only when it fails one per field, to name the one at fault.
	entity := info.New()
	decodeErr := record.Decode(record.Record{Kind: string(ch.Kind), ID: ch.ID, Fields: ch.Fields}, entity)
	if decodeErr != nil {
		for _, name := range names {
			if res, bad := checkField(ch, info, name, ch.Fields[name], true); bad {
				return res, nil
			}
		}
	}
	for _, name := range names {
		f := ch.Fields[name]
		if res, bad := checkField(ch, info, name, f, false); bad {
			return res, nil
		}
		f.Value = compactJSON(f.Value)
		if f.Stamp.Wall > limit {
			// A laptop set years ahead must not win every field until
			// the world catches up: its stamp becomes the server's now.
			skew = max(skew, time.Duration(f.Stamp.Wall-nowMs)*time.Millisecond)
			f.Stamp.Wall = nowMs
		}
		incoming.Fields[name] = f
	}
	if skew > 0 {
		p.s.log.Warn("clock skew: stamps clamped to the server's time", "req", p.req, "user", p.caller.User.ID,
			"device", p.caller.DeviceID, "kind", ch.Kind, "id", ch.ID, "skew", skew.String())
	}

	cur, err := p.tx.Record(ch.Kind, ch.ID)
	exists := err == nil
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return protocol.Result{}, err
	}
	var before *record.Record
	curRec := record.Record{Kind: string(ch.Kind), ID: ch.ID, Fields: map[string]record.Field{}}
	if exists {
		curRec = cur.Record()
		before = &curRec
	}
	merged, _ := record.Merge(curRec, incoming)
	lost := supersededFields(names, curRec, incoming)

	// The fields the merge changed (value or stamp), and of those the ones
	// whose value changed.
	var changed, valueChanged []string
	for _, name := range names {
		nf, old := merged.Fields[name], curRec.Fields[name]
		if _, had := curRec.Fields[name]; had && nf.Stamp == old.Stamp && bytes.Equal(nf.Value, old.Value) {
			continue
		}
		changed = append(changed, name)
		if _, had := curRec.Fields[name]; !had || !bytes.Equal(compactJSON(old.Value), nf.Value) {
			valueChanged = append(valueChanged, name)
		}
	}
	accepted := protocol.Result{DeviceSeq: ch.DeviceSeq, Kind: ch.Kind, ID: ch.ID, Status: protocol.StatusAccepted}
	if skew > 0 {
		accepted.Code = protocol.CodeClockSkew
		accepted.Message = "stamps were " + skew.Round(time.Second).String() + " ahead of the server's clock and were lowered to it; set this computer's clock"
	}
	if exists && info.AppendOnly {
		if len(valueChanged) > 0 {
			return reject(ch, protocol.CodeAppendOnly, valueChanged[0], "a "+string(ch.Kind)+" is never edited; record a reversing entry instead"), nil
		}
		// The same values again (a copy pushed twice): nothing to do.
		return accepted, nil
	}
	if len(changed) == 0 {
		// Every field lost to a newer one, or the change was seen already.
		if len(lost) > 0 {
			// Nothing is written, so no permission check ran: the
			// losing values are audited only if the user could have
			// written them (now, or when they made the change).
			won := curRec.Clone()
			maps.Copy(won.Fields, incoming.Fields)
			look := newLookup(p.tx, false)
			audit := p.s.auth.CheckWrite(p.subject, before, won, look) == nil || p.allowedAsOf(curRec, incoming, look, true)
			if err := p.supersede(&accepted, cur, incoming, lost, cur.Seq, audit); err != nil {
				return protocol.Result{}, err
			}
		}
		return accepted, nil
	}

	// Booking status moves only along its transition table; an illegal
	// move is not applied but put back, with a stamp above the one that
	// tried, so every replica converges on the server's status.
	var illegal *illegalMove
	if ch.Kind == app.KindBooking && exists && slices.Contains(valueChanged, "status") {
		var from, to app.BookingStatus
		json.Unmarshal(curRec.Fields["status"].Value, &from)
		json.Unmarshal(merged.Fields["status"].Value, &to)
		if !app.BookingTransitions.Allowed(from, to) {
			tried := merged.Fields["status"]
			merged.Fields["status"] = record.Field{Value: curRec.Fields["status"].Value, Stamp: above(tried.Stamp)}
			valueChanged = slices.DeleteFunc(valueChanged, func(n string) bool { return n == "status" })
			illegal = &illegalMove{from: from, to: to}
		}
	}

	look := newLookup(p.tx, false)
	if err := p.s.auth.CheckWrite(p.subject, before, merged, look); err != nil && !(exists && p.allowedAsOf(curRec, incoming, look, false)) {
		var d *access.Denied
		if errors.As(err, &d) {
			if d.Code == access.CodeAppendOnly {
				res := reject(ch, protocol.CodeAppendOnly, d.Field, "a "+string(ch.Kind)+" is never edited; record a reversing entry instead")
				res.Access = d.Code
				return res, nil
			}
			res := reject(ch, protocol.CodeForbidden, d.Field, d.Message()) // "you may not make this change (code)", or the rule's reason (settled, accountant_only)
			res.Access = d.Code
			return res, nil
		}
		return reject(ch, protocol.CodeForbidden, "", "you may not make this change"), nil
	}
	// The merged record must be valid for its kind (a change may be
	// valid alone and not once merged with another device's edits).
	var problems []app.FieldError
	if !exists && decodeErr == nil {
		// A new record is the change itself (merged with nothing, every
		// field is kept; values compacted, stamps maybe clamped), so the
		// entity decoded above is the merged record's: validate it rather
		// than decode the record again (a third of a first push's
		// validation CPU). As in newProblems, a tombstone is not checked.
		if !merged.IsDeleted() {
			problems = entityProblems(entity)
		}
	} else {
		problems = newProblems(info, before, merged)
	}
	if len(problems) > 0 {
		readable := func(string) bool { return false }
		if p.s.auth.CanRead(p.subject, merged, look) {
			readable = p.s.auth.Fields(p.subject, merged, look)
		}
		return rejectInvalid(ch, problems, readable), nil
	}

	// Who sees what may change: note each user's view of the record and
	// what hangs off it before the write, to compare after.
	var fan *fanOut
	if !exists || intersects(changed, p.s.auth.ScopeFields(ch.Kind)) {
		if fan, err = p.beginFanOut(protocol.Ref{Kind: ch.Kind, ID: ch.ID}, exists, names); err != nil {
			return protocol.Result{}, err
		}
	}

	seq, err := p.tx.NextSeq()
	if err != nil {
		return protocol.Result{}, err
	}
	if err := p.write(cur, exists, merged, changed, valueChanged, seq, p.caller.User.ID, p.caller.DeviceID, ch.Fields); err != nil {
		return protocol.Result{}, err
	}
	if err := p.supersede(&accepted, cur, incoming, lost, seq, true); err != nil {
		return protocol.Result{}, err
	}
	if fan != nil {
		if err := p.endFanOut(fan, seq); err != nil {
			return protocol.Result{}, err
		}
	}
	if skew > 0 {
		// The pushing user's devices hold the far-future stamps: their
		// next pull brings the record whole, to replace them.
		if err := p.tx.AddVisibilityChange(p.caller.User.ID, seq, protocol.Ref{Kind: ch.Kind, ID: ch.ID}); err != nil {
			return protocol.Result{}, err
		}
	}
	if illegal != nil {
		if err := p.flagIllegal(merged, *illegal); err != nil {
			return protocol.Result{}, err
		}
		accepted.Code = protocol.CodeIllegalTransition
		accepted.Field = "status"
		accepted.Message = fmt.Sprintf("a booking cannot go from %q to %q; the status stays %q and a task asks a person to sort it out", illegal.from, illegal.to, illegal.from)
	}
	return accepted, nil
}

type illegalMove struct{ from, to app.BookingStatus }

// supersededFields returns the names of the fields whose pushed value
// loses the merge to a different value the server holds with a higher
// stamp. A status the server puts back after an illegal transition is not
// among them (its stamp is made after the merge): CodeIllegalTransition
// reports it.
func supersededFields(names []string, cur, incoming record.Record) []string {
	var out []string
	for _, name := range names {
		in := incoming.Fields[name]
		held, ok := cur.Fields[name]
		if ok && held.Stamp.After(in.Stamp) && !bytes.Equal(compactJSON(held.Value), in.Value) {
			out = append(out, name)
		}
	}
	return out
}

// supersede reports the fields of lost in res.Superseded, with the kept
// value and its author only when the pushing user may read that field of
// the record now, and, when audit is set, appends each losing value to
// the audit log marked superseded (Old the value kept, New the value
// pushed), at seq. cur is the stored record before this change: the
// values in lost are never written, so it still holds the kept ones.
//
// Why the audit log too: the pushing device keeps the loss in its
// conflict log, but a device can be wiped; the history is where anyone
// who may read the record finds every value typed into it. Lookups of a
// field's value at some time (allowedAsOf) skip these entries.
func (p *pusher) supersede(res *protocol.Result, cur StoredRecord, incoming record.Record, lost []string, seq uint64, audit bool) error {
	if len(lost) == 0 {
		return nil
	}
	rec, err := p.tx.Record(app.Kind(incoming.Kind), incoming.ID)
	if err != nil {
		return err
	}
	kept := rec.Record()
	look := newLookup(p.tx, false)
	readable := func(string) bool { return false }
	if p.s.auth.CanRead(p.subject, kept, look) {
		readable = p.s.auth.Fields(p.subject, kept, look)
	}
	var entries []AuditRecord
	for _, name := range lost {
		held := cur.Fields[name]
		sf := protocol.SupersededField{Field: name, Stamp: held.Stamp}
		if readable(name) {
			sf.Value = held.Value
			if entries == nil {
				if entries, err = p.tx.Audit(app.Kind(incoming.Kind), incoming.ID); err != nil {
					return err
				}
			}
			for _, e := range entries {
				if e.Field == name && !e.Superseded && e.Stamp == held.Stamp {
					sf.By = e.UserID
				}
			}
		}
		res.Superseded = append(res.Superseded, sf)
		if !audit {
			continue
		}
		in := incoming.Fields[name]
		err := p.tx.AppendAudit(AuditRecord{
			Seq: seq, At: p.now, UserID: p.caller.User.ID, DeviceID: p.caller.DeviceID,
			Kind: app.Kind(incoming.Kind), ID: incoming.ID, Field: name,
			Old: held.Value, New: in.Value, Stamp: in.Stamp, Superseded: true,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// allowedAsOf reports whether the subject could have made the change at
// the time of its stamps: with every scope field (owner, office, parent
// link, guides…) of the record and of the records it hangs off as it was
// then, according to the audit log. So an edit an agent made offline
// before their customer was reassigned is accepted, as DESIGN.md asks;
// one made after is not. The stamps are the device's, so a device that
// forges old stamps could edit fields nobody changed since; that is the
// price of not losing honest offline work, and the audit log shows it.
// With won set, the check is of incoming's values as if each had won
// its merge (a change whose every field lost: could the user have
// written them?).
func (p *pusher) allowedAsOf(cur, incoming record.Record, look *txLookup, won bool) bool {
	asOf := &asOfLookup{p: p, base: look, t: incoming.Latest()}
	b, ok := asOf.Get(app.Kind(cur.Kind), cur.ID)
	if !ok {
		return false
	}
	a, _ := record.Merge(b, incoming)
	if won {
		a = b.Clone()
		maps.Copy(a.Fields, incoming.Fields)
	}
	// With nothing rolled back, the answer is the one already given.
	return p.s.auth.CheckWrite(p.subject, &b, a, asOf) == nil && asOf.rolledBack
}

// asOfLookup returns records with their scope fields as they were at
// stamp t: for each scope field last set after t, the value of the audit
// entry with the highest stamp not after t (absent when there is none).
type asOfLookup struct {
	p          *pusher
	base       *txLookup
	t          record.Stamp
	rolledBack bool // some field was rolled back
}

func (l *asOfLookup) Get(kind app.Kind, id string) (record.Record, bool) {
	rec, ok := l.base.Get(kind, id)
	if !ok {
		return rec, false
	}
	var audit []AuditRecord
	for _, name := range l.p.s.auth.ScopeFields(kind) {
		f, has := rec.Fields[name]
		if !has || !f.Stamp.After(l.t) {
			continue
		}
		if audit == nil {
			var err error
			if audit, err = l.p.tx.Audit(kind, id); err != nil {
				return record.Record{}, false
			}
		}
		var best *AuditRecord
		for i, e := range audit {
			if e.Field == name && !e.Superseded && !e.Stamp.After(l.t) && (best == nil || e.Stamp.After(best.Stamp)) {
				best = &audit[i]
			}
		}
		rec = rec.Clone()
		if best == nil {
			delete(rec.Fields, name)
		} else {
			rec.Fields[name] = record.Field{Value: best.New, Stamp: best.Stamp}
		}
		l.rolledBack = true
	}
	return rec, true
}

// write stores merged at seq: the changed fields get seq, the others keep
// theirs; each value change is audited. pushed are the fields as device
// sent them (nil for the server's own records): a changed field stored
// with the very value and stamp pushed is marked as device's (From), so
// the pulls of that device do not send it back. One the server altered
// (a stamp clamped for clock skew, a status put back) is not.
func (p *pusher) write(cur StoredRecord, exists bool, merged record.Record, changed, valueChanged []string, seq uint64, user, device string, pushed map[string]record.Field) error {
	st := StoredRecord{Kind: app.Kind(merged.Kind), ID: merged.ID, Seq: seq, Fields: make(map[string]StoredField, len(merged.Fields))}
	if exists {
		for name, f := range cur.Fields {
			st.Fields[name] = f
		}
	}
	for _, name := range changed {
		f := merged.Fields[name]
		sf := StoredField{Value: f.Value, Stamp: f.Stamp, Seq: seq}
		if in, ok := pushed[name]; ok && in.Stamp == f.Stamp && (bytes.Equal(in.Value, f.Value) || bytes.Equal(compactJSON(in.Value), f.Value)) {
			sf.From = device
		}
		st.Fields[name] = sf
	}
	if err := p.tx.PutRecord(st, refsOf(p.s.refFields[st.Kind], merged)); err != nil {
		return err
	}
	for _, name := range valueChanged {
		var old json.RawMessage
		if f, ok := cur.Fields[name]; exists && ok {
			old = f.Value
		}
		f := merged.Fields[name]
		err := p.tx.AppendAudit(AuditRecord{
			Seq: seq, At: p.now, UserID: user, DeviceID: device, Kind: st.Kind, ID: st.ID,
			Field: name, Old: old, New: f.Value, Stamp: f.Stamp,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// flagIllegal creates a task for a person about a refused status move:
// assigned to a manager of the booking's office (the first by id), or to
// the booking's owner when the office has none, and tied to the booking
// and its customer so its agent sees it too.
func (p *pusher) flagIllegal(booking record.Record, m illegalMove) error {
	var b app.Booking
	if err := record.Decode(booking, &b); err != nil {
		return err
	}
	users, err := p.allUsers()
	if err != nil {
		return err
	}
	assignee := b.OwnerID
	var managers []string
	for _, u := range users {
		if u.Active && u.Role == app.RoleManager && u.OfficeID != "" && u.OfficeID == b.OfficeID {
			managers = append(managers, u.ID)
		}
	}
	if len(managers) > 0 {
		sort.Strings(managers)
		assignee = managers[0]
	}
	if assignee == "" {
		p.s.log.Warn("illegal booking transition with no one to tell", "req", p.req, "booking", booking.ID)
		return nil
	}
	ref := b.Code
	if ref == "" {
		ref = booking.ID
	}
	task := app.Task{
		Title:      fmt.Sprintf("Booking %s: status change from %q to %q was refused", ref, m.from, m.to),
		Type:       app.TaskOther,
		DueDate:    app.DateOf(p.now),
		AssigneeID: assignee,
		CustomerID: b.CustomerID,
		BookingID:  booking.ID,
		Status:     app.TaskOpen,
		Notes: fmt.Sprintf("%s (user %s, device %s) moved the booking to %q, which is not allowed from %q. The booking stays %q; change it by hand if the customer's situation needs it.",
			p.caller.User.Name, p.caller.User.ID, p.caller.DeviceID, m.to, m.from, m.from),
	}
	values, err := record.Encode(task)
	if err != nil {
		return err
	}
	seq, err := p.tx.NextSeq()
	if err != nil {
		return err
	}
	stamp := record.Stamp{Wall: p.now.UnixMilli(), Device: ServerDevice}
	rec := record.Record{Kind: string(app.KindTask), ID: record.NewID(), Fields: map[string]record.Field{}}
	for name, v := range values {
		rec.Fields[name] = record.Field{Value: compactJSON(v), Stamp: stamp}
	}
	names := slices.Sorted(maps.Keys(rec.Fields))
	return p.write(StoredRecord{}, false, rec, names, names, seq, "", ServerDevice, nil)
}

func (p *pusher) allUsers() ([]app.User, error) {
	if p.users == nil {
		users, err := p.tx.Users()
		if err != nil {
			return nil, err
		}
		sort.Slice(users, func(i, j int) bool { return users[i].ID < users[j].ID })
		p.users = users
	}
	return p.users, nil
}

// fanOut is every user's view of a set of records before a change.
type fanOut struct {
	refs   []protocol.Ref
	users  []app.User
	before [][]string // [ref][user] fieldSig
	names  [][]string // [ref] field names of the record before
}

// beginFanOut records every user's view of root (when it exists) and of
// every record hanging off it, transitively. rootNames are the fields the
// change writes to root: with root's own, the fields whose visibility is
// compared.
func (p *pusher) beginFanOut(root protocol.Ref, includeRoot bool, rootNames []string) (*fanOut, error) {
	refs, err := p.closure(root)
	if err != nil {
		return nil, err
	}
	if !includeRoot {
		refs = refs[1:]
	}
	if len(refs) == 0 {
		return nil, nil
	}
	users, err := p.allUsers()
	if err != nil {
		return nil, err
	}
	f := &fanOut{refs: refs, users: users, before: make([][]string, len(refs)), names: make([][]string, len(refs))}
	look := newLookup(p.tx, false)
	for i, ref := range refs {
		sr, err := p.tx.Record(ref.Kind, ref.ID)
		if err != nil {
			return nil, err
		}
		rec := sr.Record()
		names := slices.Collect(maps.Keys(rec.Fields))
		if ref == root {
			names = append(names, rootNames...)
		}
		slices.Sort(names)
		f.names[i] = slices.Compact(names)
		f.before[i] = make([]string, len(users))
		for j, u := range users {
			f.before[i][j] = fieldSig(p.s.auth, subjectOf(Caller{User: u}), rec, look, f.names[i])
		}
	}
	return f, nil
}

// endFanOut compares every user's view after the change with the one
// before, and stores a visibility change at seq for each that differs.
func (p *pusher) endFanOut(f *fanOut, seq uint64) error {
	look := newLookup(p.tx, false)
	for i, ref := range f.refs {
		sr, err := p.tx.Record(ref.Kind, ref.ID)
		if err != nil {
			return err
		}
		rec := sr.Record()
		for j, u := range f.users {
			now := fieldSig(p.s.auth, subjectOf(Caller{User: u}), rec, look, f.names[i])
			if now != f.before[i][j] {
				if err := p.tx.AddVisibilityChange(u.ID, seq, ref); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// closure returns root and every record hanging off it, transitively
// (along the Authorizer's Dependents edges), root first.
func (p *pusher) closure(root protocol.Ref) ([]protocol.Ref, error) {
	out := []protocol.Ref{root}
	seen := map[protocol.Ref]bool{root: true}
	for i := 0; i < len(out) && len(out) < maxClosure; i++ {
		ref := out[i]
		edges := p.s.auth.Dependents(ref.Kind)
		if len(edges) == 0 {
			continue
		}
		referrers, err := p.tx.Referrers(ref.ID)
		if err != nil {
			return nil, err
		}
		for _, dep := range referrers {
			if seen[dep] || !hasEdgeKind(edges, dep.Kind) {
				continue
			}
			sr, err := p.tx.Record(dep.Kind, dep.ID)
			if err != nil {
				return nil, err
			}
			if !pointsTo(sr, edges, ref.ID) {
				continue
			}
			seen[dep] = true
			out = append(out, dep)
		}
	}
	return out, nil
}

func hasEdgeKind(edges []access.Edge, k app.Kind) bool {
	for _, e := range edges {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// pointsTo reports whether one of rec's edge fields names id.
func pointsTo(rec StoredRecord, edges []access.Edge, id string) bool {
	r := rec.Record()
	for _, e := range edges {
		if e.Kind == rec.Kind && slices.Contains(refsOf([]string{e.Field}, r), id) {
			return true
		}
	}
	return false
}

// checkField validates one pushed field: its name, that its value is JSON
// (of the type the kind's entity holds there, when decode is set), and its
// stamp.
func checkField(ch protocol.Change, info app.KindInfo, name string, f record.Field, decode bool) (protocol.Result, bool) {
	if !validFieldName(name) {
		return reject(ch, protocol.CodeInvalidField, name, "field names are 1 to 64 characters of a-z, 0-9 and _"), true
	}
	if len(f.Value) == 0 || !json.Valid(f.Value) {
		return reject(ch, protocol.CodeInvalidField, name, "the value is not valid JSON"), true
	}
	if f.Stamp.Wall <= 0 || f.Stamp.Device == "" || len(f.Stamp.Device) > maxDeviceID {
		return reject(ch, protocol.CodeInvalidField, name, "the field has no valid stamp"), true
	}
	if name == record.Deleted {
		var b bool
		if json.Unmarshal(f.Value, &b) != nil {
			return reject(ch, protocol.CodeInvalidField, name, "the tombstone is true or false"), true
		}
		return protocol.Result{}, false
	}
	if !decode {
		return protocol.Result{}, false
	}
	one := record.Record{Kind: string(ch.Kind), ID: ch.ID, Fields: map[string]record.Field{name: f}}
	if err := record.Decode(one, info.New()); err != nil {
		return reject(ch, protocol.CodeInvalidField, name, "the value has the wrong type for a "+string(ch.Kind)+"'s "+name), true
	}
	return protocol.Result{}, false
}

func validFieldName(name string) bool {
	if name == record.Deleted {
		return true
	}
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// validRecordID accepts what a record id may be: UUIDs, and the ids of
// older imports, but nothing that could break a store key.
func validRecordID(id string) bool { return validDeviceID(id) }

// above returns a server stamp just above s.
func above(s record.Stamp) record.Stamp {
	if s.Logical == math.MaxUint32 {
		return record.Stamp{Wall: s.Wall + 1, Device: ServerDevice}
	}
	return record.Stamp{Wall: s.Wall, Logical: s.Logical + 1, Device: ServerDevice}
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func compactJSON(v json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return v
	}
	return buf.Bytes()
}
