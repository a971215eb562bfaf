package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/ui/syncui"
)

// backend is syncui.Backend over the local store and sync/client, the
// same client and adapter tourdeskctl sync uses.
type backend struct {
	store *localdb.Store
	dir   string
	// opts are extra client options (tests: fewer retries).
	opts []client.Option

	mu      sync.Mutex
	session *session.Session
	client  *client.Client
}

// newBackend reads dir's saved session, if any, that belongs to store's
// device (a session opened for another data file is ignored).
func newBackend(store *localdb.Store, dir string, opts ...client.Option) *backend {
	b := &backend{store: store, dir: dir, opts: opts}
	s, err := session.Read(dir)
	if err != nil || s.DeviceID != store.DeviceID() {
		return b
	}
	c, err := client.New(s.Server, append([]client.Option{client.WithToken(s.Token)}, opts...)...)
	if err != nil {
		return b
	}
	b.session, b.client = &s, c
	return b
}

var _ syncui.Backend = (*backend)(nil)

func identity(s *session.Session) syncui.Identity {
	return syncui.Identity{Server: s.Server, UserID: s.UserID, Login: s.Login, Name: s.Name, OfficeID: s.OfficeID, Role: s.Role}
}

// Identity implements syncui.Backend.
func (b *backend) Identity() (syncui.Identity, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.session == nil {
		return syncui.Identity{}, false
	}
	return identity(b.session), true
}

// uiError wraps err with the syncui sentinel the UI acts on.
func uiError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, client.ErrUnauthorized):
		return fmt.Errorf("%w (%v)", syncui.ErrUnauthorized, err)
	case errors.Is(err, client.ErrUnreachable):
		return fmt.Errorf("%w (%v)", syncui.ErrUnreachable, err)
	case errors.Is(err, client.ErrRateLimited):
		return fmt.Errorf("%w (%v)", syncui.ErrRateLimited, err)
	}
	return err
}

// Login implements syncui.Backend.
func (b *backend) Login(ctx context.Context, server, user, password string) (syncui.Identity, error) {
	c, err := client.New(server, b.opts...)
	if err != nil {
		return syncui.Identity{}, err
	}
	resp, err := c.Login(ctx, user, password, b.store.DeviceID())
	if err != nil {
		return syncui.Identity{}, uiError(err)
	}
	s := &session.Session{
		Server: c.BaseURL(), Token: resp.Token, DeviceID: b.store.DeviceID(),
		UserID: resp.UserID, Login: resp.Login, Name: resp.Name, Role: resp.Role, OfficeID: resp.OfficeID,
		ExpiresAt: resp.ExpiresAt,
	}
	if err := session.Write(b.dir, *s); err != nil {
		return syncui.Identity{}, fmt.Errorf("save the session: %v", err)
	}
	b.mu.Lock()
	b.session, b.client = s, c
	b.mu.Unlock()
	return identity(s), nil
}

// Sync implements syncui.Backend: client.Sync over localsync, then the
// overbooking check tourdeskctl sync also runs (a manager's task it
// raises is pushed at once).
func (b *backend) Sync(ctx context.Context, progress func(syncui.Progress)) (syncui.Result, error) {
	b.mu.Lock()
	c, s := b.client, b.session
	b.mu.Unlock()
	if c == nil {
		return syncui.Result{}, syncui.ErrNotLoggedIn
	}
	report := func(p client.Progress) {
		if progress != nil {
			progress(syncui.Progress{Pushing: p.Phase == client.PhasePush, Pushed: p.Pushed, ToPush: p.ToPush, Pulled: p.Pulled})
		}
	}
	local := localsync.Store{DB: b.store}
	sum, err := c.Sync(ctx, local, report)
	res := syncui.Result{Pushed: sum.Pushed, Pulled: sum.Pulled, Applied: sum.Applied, Revoked: sum.Revoked, Conflicts: sum.Conflicts, Rejected: len(sum.Rejected)}
	if err != nil {
		return res, uiError(err)
	}
	session := service.Session{UserID: s.UserID, OfficeID: s.OfficeID, Role: s.Role}
	over, err := service.CheckOversell(b.store, session, app.DateOf(time.Now()))
	if err != nil {
		return res, fmt.Errorf("check departures for overbooking: %v", err)
	}
	for _, o := range over {
		if o.TaskCreated {
			more, err := c.Sync(ctx, local, report)
			res.Pushed += more.Pushed
			res.Rejected += len(more.Rejected)
			if err != nil {
				return res, uiError(err)
			}
			break
		}
	}
	return res, nil
}

// Conflicts implements syncui.Backend.
func (b *backend) Conflicts() ([]syncui.Conflict, error) {
	list, err := b.store.Conflicts()
	if err != nil {
		return nil, err
	}
	out := make([]syncui.Conflict, len(list))
	for i, c := range list {
		out[i] = syncui.Conflict{
			Seq: c.Seq, Kind: c.Kind, ID: c.ID, Field: c.Field, Record: b.recordName(c.Kind, c.ID),
			Mine: string(c.LocalValue), Kept: strings.TrimSpace(string(c.RemoteValue)),
			MineAt: stampTime(c.LocalStamp), KeptAt: stampTime(c.RemoteStamp), KeptBy: c.RemoteStamp.Device,
			Restored: c.Resolved,
		}
	}
	return out, nil
}

func stampTime(s record.Stamp) time.Time {
	if s.IsZero() {
		return time.Time{}
	}
	return s.Time()
}

// recordName names a record for people: its name, code or company name.
func (b *backend) recordName(kind app.Kind, id string) string {
	rec, err := b.store.Get(kind, id)
	if err != nil {
		return ""
	}
	for _, f := range []string{"name", "full_name", "code", "company_name", "title"} {
		if fl, ok := rec.Fields[f]; ok {
			var s string
			if json.Unmarshal(fl.Value, &s) == nil && s != "" {
				return s
			}
		}
	}
	return ""
}

// Restore implements syncui.Backend.
func (b *backend) Restore(seq uint64) error { return b.store.RestoreConflict(seq) }

// History implements syncui.Backend.
func (b *backend) History(ctx context.Context, kind app.Kind, id string) ([]syncui.HistoryEntry, error) {
	b.mu.Lock()
	c := b.client
	b.mu.Unlock()
	if c == nil {
		return nil, syncui.ErrNotLoggedIn
	}
	h, err := c.History(ctx, kind, id)
	if err != nil {
		return nil, uiError(err)
	}
	out := make([]syncui.HistoryEntry, len(h.Entries))
	for i, e := range h.Entries {
		who := e.UserName
		if who == "" {
			who = b.recordName(app.KindUser, e.UserID)
		}
		if who == "" {
			who = e.UserID
		}
		out[i] = syncui.HistoryEntry{At: e.At, User: who, Device: e.DeviceID, Field: e.Field, Old: string(e.Old), New: string(e.New), Superseded: e.Superseded}
	}
	return out, nil
}
