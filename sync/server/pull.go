package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// pullScan is how many index entries (changes and visibility changes
// each) one pull reads at most beyond its limit: a user who may read few
// of the records that changed still gets an answer (maybe empty, with
// more) in bounded time.
const pullScan = 4000

// handlePull is GET /v1/pull.
func (s *Server) handlePull(w http.ResponseWriter, r *http.Request) {
	c, _ := CallerFrom(r.Context())
	q := r.URL.Query()
	from, after, err := parseCursor(q.Get("cursor"))
	if err != nil {
		writeError(w, r, &apiError{protocol.ErrorResponse{Code: protocol.CodeBadRequest, Message: "cursor is not one this server gave", Field: "cursor"}})
		return
	}
	limit := protocol.DefaultPullLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, r, &apiError{protocol.ErrorResponse{Code: protocol.CodeBadRequest, Message: "limit must be a whole number ≥ 0", Field: "limit"}})
			return
		}
		if n > 0 {
			limit = min(n, protocol.MaxPullLimit)
		}
	}
	var resp protocol.PullResponse
	resync := false
	err = s.records.ViewRecords(func(v RecordView) error {
		from, after := from, after
		if from > 0 {
			if hv, ok := v.(interface{ Horizon() (uint64, error) }); ok {
				h, err := hv.Horizon()
				if err != nil {
					return err
				}
				last, err := v.LastSeq()
				if err != nil {
					return err
				}
				if from < h && after <= last {
					// Deletions and revokes this device has not seen
					// were pruned (Prune).
					if clientVersion(r) >= 3 {
						resync = true
						return nil
					}
					from, after = 0, 0 // an older client: everything again
				}
			}
		}
		s.cursors.note(c.DeviceID, from, s.now())
		var err error
		resp, err = s.pull(v, c, from, after, limit)
		return err
	})
	if err != nil {
		s.internal(w, r, "pull", err)
		return
	}
	if resync {
		writeError(w, r, errorf(protocol.CodeResyncRequired, "this device was offline longer than the server keeps deletions; sync again from a snapshot"))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, resp)
}

// A cursor is "pos" or, between the pages of one pull, "from.pos", in
// decimal; clients treat it as opaque. pos is the sequence up to which the
// index entries are answered; from is where the pull's first page started.
// A record whose index entry lies past pos is sent with its fields changed
// after from, not after pos: its entry may have moved past pos (a newer
// change) while an older field of it, changed after from, was never sent.
func parseCursor(s string) (from, pos uint64, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, paged := strings.Cut(s, ".")
	if pos, err = strconv.ParseUint(b, 10, 64); !paged {
		pos, err = strconv.ParseUint(a, 10, 64)
		return pos, pos, err
	}
	if err != nil {
		return 0, 0, err
	}
	if from, err = strconv.ParseUint(a, 10, 64); err == nil && from > pos {
		err = errors.New("cursor: start after position")
	}
	return from, pos, err
}

func formatCursor(from, pos uint64, more bool) string {
	if !more || from == pos {
		return strconv.FormatUint(pos, 10)
	}
	return strconv.FormatUint(from, 10) + "." + strconv.FormatUint(pos, 10)
}

// pullItem is one record a pull answers about.
type pullItem struct {
	ref      protocol.Ref
	rec      StoredRecord
	readable bool
	// whole: the user's view of the record changed after the cursor (a
	// visibility change): send every readable field, or a revoke.
	whole bool
	// fresh: some field changed after the cursor is not the pulling
	// device's own (see echo).
	fresh bool
}

func (it *pullItem) emits() bool { return it.readable && it.fresh || it.whole }

// echo reports whether f, changed after the cursor, is device's own: its
// push set this value and stamp and the server stored them as pushed
// (StoredField.From). The device holds it already, so a pull does not send
// it back (its cursor still passes it). A whole record is sent with every
// field all the same: the device's copy is to be replaced.
func echo(f StoredField, device string) bool { return f.From != "" && f.From == device }

// pull answers a pull of c after the cursor, in the snapshot v.
//
// It merges two lists in sequence order: the change index (every record
// at its latest change) and the caller's visibility changes (records whose
// visibility to the caller changed, written by pushes that changed an
// owner, an office, a parent link, a departure's guides…). A record in the
// change index that the caller may read comes with its fields changed
// after the cursor; one with a visibility change comes whole if the caller
// may read it now, else as a revoke. Fields the caller's device pushed
// itself, stored as pushed, are left out of the former (see echo): a
// record with nothing else changed is passed over, the cursor with it.
func (s *Server) pull(v RecordView, c Caller, from, after uint64, limit int) (protocol.PullResponse, error) {
	resp := protocol.PullResponse{Records: []record.Record{}, Revoked: []protocol.Ref{}}
	last, err := v.LastSeq()
	if err != nil {
		return resp, err
	}
	if after > last {
		// A cursor from the future: the server was restored from a
		// backup older than the client's last pull. Everything the caller
		// may read is sent again, whole (the client merges it).
		from, after = 0, 0
	}
	changes, err := v.Changes(after, limit+pullScan+1)
	if err != nil {
		return resp, err
	}
	vis, err := v.VisibilityChanges(c.User.ID, after, limit+pullScan+1)
	if err != nil {
		return resp, err
	}
	// A list cut at its size is known in full only below the first entry
	// left out (visibility changes share sequences).
	bound := last
	truncated := false
	if n := limit + pullScan; len(changes) > n {
		bound, truncated = min(bound, changes[n].Seq-1), true
	}
	if n := limit + pullScan; len(vis) > n {
		bound, truncated = min(bound, vis[n].Seq-1), true
	}

	subject := subjectOf(c)
	look := newLookup(v, true)
	items := map[protocol.Ref]*pullItem{}
	var order []*pullItem
	emitted := 0
	add := func(e SeqRef, whole bool) error {
		if it, ok := items[e.Ref]; ok {
			if whole && !it.whole {
				if !it.emits() {
					emitted++
				}
				if !it.fresh {
					// Not checked for an echo (see below).
					it.readable = s.auth.CanRead(subject, it.rec.Record(), look)
				}
				it.whole = true
			}
			return nil
		}
		sr, err := v.Record(e.Kind, e.ID)
		if errors.Is(err, app.ErrNotFound) {
			if !whole {
				return nil // a change of a record not stored (cannot happen; harmless)
			}
			// A visibility change of a record the server does not hold:
			// the caller's refused create (see pusher.giveBack). It is
			// sent as a revoke, so their device drops its copy.
			it := &pullItem{ref: e.Ref, whole: true}
			items[e.Ref] = it
			order = append(order, it)
			emitted++
			return nil
		}
		if err != nil {
			return err
		}
		it := &pullItem{ref: e.Ref, rec: sr, whole: whole}
		for _, f := range sr.Fields {
			if f.Seq > from && !echo(f, c.DeviceID) {
				it.fresh = true
				break
			}
		}
		// A record whose every change after the cursor is the caller's
		// device's own is not sent (nor counted against the limit).
		if it.fresh || whole {
			it.readable = s.auth.CanRead(subject, sr.Record(), look)
		}
		items[e.Ref] = it
		order = append(order, it)
		if it.emits() {
			emitted++
		}
		return nil
	}

	cursor := after
	i, j := 0, 0
	for {
		// The next sequence in either list.
		var seq uint64
		switch {
		case i < len(changes) && changes[i].Seq <= bound && (j >= len(vis) || vis[j].Seq > bound || changes[i].Seq <= vis[j].Seq):
			seq = changes[i].Seq
		case j < len(vis) && vis[j].Seq <= bound:
			seq = vis[j].Seq
		default:
			// Everything up to bound is answered.
			resp.More = truncated
			resp.Cursor = formatCursor(from, max(cursor, bound), resp.More)
			return s.finishPull(resp, order, subject, look, from, c.DeviceID), nil
		}
		if emitted >= limit {
			resp.More = true
			resp.Cursor = formatCursor(from, cursor, resp.More)
			return s.finishPull(resp, order, subject, look, from, c.DeviceID), nil
		}
		for ; i < len(changes) && changes[i].Seq == seq; i++ {
			if err := add(changes[i], false); err != nil {
				return resp, err
			}
		}
		for ; j < len(vis) && vis[j].Seq == seq; j++ {
			if err := add(vis[j], true); err != nil {
				return resp, err
			}
		}
		cursor = seq
	}
}

// finishPull fills resp with the items, in the order first seen.
func (s *Server) finishPull(resp protocol.PullResponse, order []*pullItem, subject access.Subject, look *txLookup, after uint64, device string) protocol.PullResponse {
	for _, it := range order {
		switch {
		case it.readable:
			full := it.rec.Record()
			ok := s.auth.Fields(subject, full, look)
			out := record.Record{Kind: full.Kind, ID: full.ID, Fields: map[string]record.Field{}}
			for name, f := range it.rec.Fields {
				if (it.whole || f.Seq > after && !echo(f, device)) && ok(name) {
					out.Fields[name] = record.Field{Value: f.Value, Stamp: f.Stamp}
				}
			}
			if len(out.Fields) > 0 {
				resp.Records = append(resp.Records, out)
				if it.whole {
					resp.Whole = append(resp.Whole, it.ref)
				}
			}
		case it.whole:
			resp.Revoked = append(resp.Revoked, it.ref)
		}
	}
	return resp
}

// clientVersion is the protocol version the request says it speaks
// (checkVersion has already refused the ones this server does not).
func clientVersion(r *http.Request) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.Header.Get(protocol.HeaderVersion)))
	return n
}
