package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// handleHistory is GET /v1/history/{kind}/{id}: the audit entries of a
// record, for whoever may read it, limited to the fields they may read.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	c, _ := CallerFrom(r.Context())
	kind, id := app.Kind(r.PathValue("kind")), r.PathValue("id")
	if _, ok := app.Info(kind); !ok {
		writeError(w, r, errorf(protocol.CodeUnknownKind, "unknown kind "+strconv.Quote(string(kind))))
		return
	}
	var resp protocol.HistoryResponse
	var apiErr *apiError
	err := s.records.ViewRecords(func(v RecordView) error {
		sr, err := v.Record(kind, id)
		if errors.Is(err, app.ErrNotFound) {
			apiErr = errorf(protocol.CodeNotFound, "no such record")
			return nil
		}
		if err != nil {
			return err
		}
		rec := sr.Record()
		subject := subjectOf(c)
		look := newLookup(v, true)
		if !s.auth.CanRead(subject, rec, look) {
			apiErr = errorf(protocol.CodeForbidden, "you may not read this record")
			return nil
		}
		ok := s.auth.Fields(subject, rec, look)
		audit, err := v.Audit(kind, id)
		if err != nil {
			return err
		}
		resp = protocol.HistoryResponse{Kind: kind, ID: id, Entries: []protocol.AuditEntry{}}
		for _, e := range audit {
			if !ok(e.Field) {
				continue
			}
			resp.Entries = append(resp.Entries, protocol.AuditEntry{
				At: e.At.UTC(), UserID: e.UserID, DeviceID: e.DeviceID, Field: e.Field,
				Old: e.Old, New: e.New, Stamp: e.Stamp, Superseded: e.Superseded,
			})
		}
		return nil
	})
	if err != nil {
		s.internal(w, r, "history", err)
		return
	}
	if apiErr != nil {
		writeError(w, r, apiErr)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, resp)
}
