package segment

import (
	"fmt"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// MayEdit refuses early, with an error matching app.ErrForbidden, what the
// server would refuse at sync: session s changing field of record kind/id
// (creating it when the store does not hold it). A session with no role
// (a store that never logged in) may do everything.
func MayEdit(r service.Reader, s service.Session, kind app.Kind, id, field string) error {
	if s.Role == "" {
		return nil
	}
	subj := access.Subject{UserID: s.UserID, OfficeID: s.OfficeID, Role: s.Role}
	rec, err := r.Get(kind, id)
	if err != nil || rec.IsDeleted() {
		if access.CanCreate(subj, kind) {
			return nil
		}
	} else if access.CanEdit(subj, rec, field, lookup{r}) {
		return nil
	}
	return fmt.Errorf("%s may not change the %s of %s %s: %w", who(s.Role), field, kind, id, app.ErrForbidden)
}

// MaySaveTiers refuses (app.ErrForbidden) a role that may not edit
// customers: only agents (their own), managers (their office's) and
// admins store tiers; a store that never logged in may.
func MaySaveTiers(s service.Session) error {
	switch s.Role {
	case "", app.RoleAgent, app.RoleManager, app.RoleAdmin:
		return nil
	}
	return fmt.Errorf("%s may not change customers' tiers (an agent, manager or admin stores them): %w", who(s.Role), app.ErrForbidden)
}

// who names a role's user: "an accountant", "a director", "marketing".
func who(r app.Role) string {
	switch {
	case r == app.RoleMarketing:
		return "marketing"
	case strings.ContainsRune("aeiou", rune(string(r)[0])):
		return "an " + string(r)
	}
	return "a " + string(r)
}

type lookup struct{ r service.Reader }

func (l lookup) Get(kind app.Kind, id string) (record.Record, bool) {
	rec, err := l.r.Get(kind, id)
	return rec, err == nil
}
