package server

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"

	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// snapshotScan is how many change-index entries a snapshot reads at a
// time.
const snapshotScan = 2000

// handleSnapshot is GET /v1/snapshot: every record the caller may read,
// whole (the fields they may read), streamed as NDJSON from one read
// transaction, so the records and the cursor are one consistent moment.
//
// The records are those of the change index (each record once), in
// sequence order; deleted ones are sent too, as the tombstones the
// store keeps (a pruned one holds little more than its deleted field),
// so that a later change of one cannot bring it back on the device. The
// body is written as it is made, through gzip (BestSpeed) when the
// request accepts it; a failure half-way is logged and ends the body
// without its end line, which the client takes as a failed snapshot.
func (s *Server) handleSnapshot(w http.ResponseWriter, r *http.Request) {
	c, _ := CallerFrom(r.Context())
	subject := subjectOf(c)
	started := false
	var count int
	err := s.records.ViewRecords(func(v RecordView) error {
		last, err := v.LastSeq()
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", protocol.SnapshotContentType)
		h.Set("Cache-Control", "no-store")
		h.Add("Vary", "Accept-Encoding")
		var out io.Writer = w
		var zw *gzip.Writer
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			zw, _ = gzip.NewWriterLevel(w, gzip.BestSpeed)
			out = zw
		}
		bw := bufio.NewWriterSize(out, 64<<10)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		w.WriteHeader(http.StatusOK)
		started = true
		// The device will pull from last: Prune must keep what follows.
		s.cursors.note(c.DeviceID, last, s.now())
		if err := enc.Encode(protocol.SnapshotLine{Cursor: formatCursor(last, last, false)}); err != nil {
			return err
		}
		var after uint64
		for {
			refs, err := v.Changes(after, snapshotScan)
			if err != nil {
				return err
			}
			// A cache per batch: lookups (a booking's customer…) repeat
			// nearby, and the memory stays bounded however big the store.
			look := newLookup(v, true)
			for _, e := range refs {
				if e.Seq > last {
					break
				}
				after = e.Seq
				sr, err := v.Record(e.Kind, e.ID)
				if err != nil {
					return err
				}
				full := sr.Record()
				if !s.auth.CanRead(subject, full, look) {
					continue
				}
				ok := s.auth.Fields(subject, full, look)
				rec := record.Record{Kind: full.Kind, ID: full.ID, Fields: make(map[string]record.Field, len(full.Fields))}
				for name, f := range full.Fields {
					if ok(name) {
						rec.Fields[name] = f
					}
				}
				if len(rec.Fields) == 0 {
					continue
				}
				if err := enc.Encode(protocol.SnapshotLine{Record: &rec}); err != nil {
					return err
				}
				count++
			}
			if len(refs) < snapshotScan || after >= last {
				break
			}
			if err := r.Context().Err(); err != nil {
				return err
			}
		}
		if err := enc.Encode(protocol.SnapshotLine{End: true, Count: count}); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if zw != nil {
			return zw.Close()
		}
		return nil
	})
	if err != nil {
		if !started {
			s.internal(w, r, "snapshot", err)
			return
		}
		// The status is sent: the body ends without its end line.
		s.log.Warn("snapshot cut short", "request", infoOf(r).id, "user", c.User.ID, "records", count, "err", err)
	}
}
