package server

import (
	"encoding/json"
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
		names, err := userNames(v)
		if err != nil {
			return err
		}
		resp = protocol.HistoryResponse{Kind: kind, ID: id, Entries: []protocol.AuditEntry{}}
		for _, e := range audit {
			if !ok(e.Field) || e.Old == nil && !e.Superseded && emptyJSON(e.New) {
				// A field that came into being empty (every field of a
				// new record is written, most of them empty) says
				// nothing; when it is filled later, that entry shows.
				continue
			}
			resp.Entries = append(resp.Entries, protocol.AuditEntry{
				At: e.At.UTC(), UserID: e.UserID, UserName: names[e.UserID], DeviceID: e.DeviceID, Field: e.Field,
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

// userNames maps every account's user id to the name shown for it.
func userNames(v RecordView) (map[string]string, error) {
	users, err := v.Users()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Name
	}
	return out, nil
}

// emptyJSON reports whether v is null, "", 0, false, an empty array or
// an object whose every value is empty (a zero date, an unset amount).
func emptyJSON(v json.RawMessage) bool {
	var x any
	if len(v) == 0 || json.Unmarshal(v, &x) != nil {
		return len(v) == 0
	}
	return emptyValue(x)
}

func emptyValue(x any) bool {
	switch x := x.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case float64:
		return x == 0
	case bool:
		return !x
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !emptyValue(e) {
				return false
			}
		}
		return true
	}
	return false
}
