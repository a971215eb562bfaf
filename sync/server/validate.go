package server

import (
	"errors"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// serverManaged reports whether records of kind k are written only by the
// server's administration commands (tourdesk-server office add, user
// add/set/disable), which keep the accounts people sign in with in the
// same transaction: a pushed office or user would make the replicated
// record and the account disagree (a role that the sessions do not have).
// Pushes to these kinds are refused with protocol.CodeServerManaged.
func serverManaged(k app.Kind) bool { return k == app.KindOffice || k == app.KindUser }

// newProblems returns the problems app's Validate finds in after (the
// record as a push would store it) that before (the stored record, nil for
// a new one) does not already have: a change is not held responsible for
// what an older version of the software let through, or for a field it
// does not touch being wrong already. A deleted result is not checked (a
// tombstone needs no valid fields, and a record created and deleted
// offline may arrive as a tombstone alone). Problems are compared by field
// and code.
func newProblems(info app.KindInfo, before *record.Record, after record.Record) []app.FieldError {
	if after.IsDeleted() {
		return nil
	}
	got := problemsOf(info, after)
	if len(got) == 0 || before == nil || before.IsDeleted() {
		return got
	}
	had := map[[2]string]bool{}
	for _, p := range problemsOf(info, *before) {
		had[[2]string{p.Field, p.Code}] = true
	}
	var out []app.FieldError
	for _, p := range got {
		if !had[[2]string{p.Field, p.Code}] {
			out = append(out, p)
		}
	}
	return out
}

// problemsOf decodes rec into its kind's entity and validates it. A record
// that does not decode (a stored value of an older type) is not judged
// here: the pushed fields' types were checked before the merge.
func problemsOf(info app.KindInfo, rec record.Record) []app.FieldError {
	e := info.New()
	if err := record.Decode(rec, e); err != nil {
		return nil
	}
	return entityProblems(e)
}

// entityProblems validates a decoded entity (app's Validate) and returns
// its problems.
func entityProblems(e app.Entity) []app.FieldError {
	err := e.Validate()
	if err == nil {
		return nil
	}
	var ve *app.ValidationError
	if errors.As(err, &ve) {
		return ve.Problems
	}
	return []app.FieldError{{Code: app.CodeFormat, Message: err.Error()}}
}

// rejectInvalid is the answer to a change whose merged record has
// problems: CodeInvalidRecord with every problem. A problem of a field
// the pushing user may not read keeps its field and code but not its
// message (which may quote the value).
func rejectInvalid(ch protocol.Change, problems []app.FieldError, readable func(string) bool) protocol.Result {
	out := make([]app.FieldError, len(problems))
	msgs := make([]string, len(problems))
	for i, p := range problems {
		base, _, _ := strings.Cut(p.Field, ".")
		if p.Field != "" && !readable(base) {
			p.Message = "is not valid"
		}
		out[i] = p
		msgs[i] = p.Field + ": " + p.Message
		if p.Field == "" {
			msgs[i] = p.Message
		}
	}
	res := reject(ch, protocol.CodeInvalidRecord, out[0].Field,
		"the "+strings.ReplaceAll(string(ch.Kind), "_", " ")+" would not be valid: "+strings.Join(msgs, "; "))
	res.Problems = out
	return res
}
