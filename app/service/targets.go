package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
)

// Targets is the start of the pipeline: lists of target customers (stage
// target, typically a campaign's) assigned to agents, and an agent's
// conversion of a target into a lead (they responded) and of a lead into
// a prospect (they want something; a request does it too, see
// Pipeline.Create).
//
// Who may assign is decided by app/access, the same rules the server
// applies at sync: a manager gives customers of their office to users of
// their office, an admin to anyone; marketing creates targets but may not
// give them an owner, an agent may not give customers away. A refusal is
// reported before anything is written.
type Targets struct {
	store   Store
	session Session
}

// NewTargets returns the targets service of store for the session's user.
func NewTargets(store Store, session Session) *Targets {
	return &Targets{store: store, session: session}
}

// CampaignTargets returns the ids of the customers of campaign
// campaignID still at stage target, in id order.
func (t *Targets) CampaignTargets(campaignID string) ([]string, error) {
	var out []string
	err := t.store.View(func(r Reader) error {
		if _, err := Load[app.Campaign](r, campaignID); err != nil {
			if isNotFound(err) {
				return fmt.Errorf("campaign %s: %w", campaignID, app.ErrNotFound)
			}
			return err
		}
		ids, err := r.Lookup(app.KindCustomer, "campaign_id", campaignID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			c, err := Load[app.Customer](r, id)
			if err != nil {
				return err
			}
			if c.Stage == app.StageTarget {
				out = append(out, id)
			}
		}
		return nil
	})
	return out, err
}

// Assign gives the target customers ids to agentID: their owner becomes
// the agent and their office the agent's, all in one transaction. The
// agent must be an active agent or manager. Every customer must be at
// stage target (a lead or beyond is already being worked on: reassigning
// it is a manager's reassignment, not a target list). Nothing is written
// when one is refused: an unknown customer or user matches
// app.ErrNotFound, a customer past target or an unfit user
// app.ErrInvalid, an assignment the session's role may not make
// app.ErrForbidden, each naming the customer. It returns the customers
// as stored.
func (t *Targets) Assign(ids []string, agentID string) ([]*app.Customer, error) {
	if len(ids) == 0 {
		return nil, opsRefuse("no target customers to assign")
	}
	var out []*app.Customer
	err := t.store.Update(func(tx Tx) error {
		u, err := Load[app.User](tx, agentID)
		if err != nil {
			if isNotFound(err) {
				return fmt.Errorf("user %s: %w", agentID, app.ErrNotFound)
			}
			return err
		}
		if u.Role != app.RoleAgent && u.Role != app.RoleManager {
			return opsRefuse("user %s (%s) is %s: targets go to an agent or a manager", agentID, u.Name, article(string(u.Role)))
		}
		if !u.Active {
			return opsRefuse("user %s (%s) is not active", agentID, u.Name)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			c, err := Load[app.Customer](tx, id)
			if err != nil {
				if isNotFound(err) {
					return fmt.Errorf("customer %s: %w", id, app.ErrNotFound)
				}
				return err
			}
			c.ID = id
			if c.Stage != app.StageTarget {
				return opsRefuse("customer %s (%s) is a %s, not a target: it is being worked on already", id, c.Name, c.Stage)
			}
			if err := t.mayWrite(tx, c, map[string]any{"owner_id": agentID, "office_id": u.OfficeID}, "assign"); err != nil {
				return err
			}
			c.OwnerID, c.OfficeID = agentID, u.OfficeID
			if _, err := tx.Save(app.KindCustomer, id, fieldsOf(map[string]any{"owner_id": agentID, "office_id": u.OfficeID})); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mayWrite refuses early, with app.ErrForbidden, a change of customer c's
// fields to values that the server would refuse for the session's user.
// A session with no role may do everything.
func (t *Targets) mayWrite(r Reader, c *app.Customer, values map[string]any, verb string) error {
	s := t.session
	if s.Role == "" {
		return nil
	}
	before, err := r.Get(app.KindCustomer, c.ID)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	for _, n := range names {
		if !access.CanEdit(subject(s), before, n, lookup{r}) {
			return fmt.Errorf("%s may not %s customer %s (%s, office %q, owner %q): %s is not theirs to change: %w", article(string(s.Role)), verb, c.ID, c.Name, c.OfficeID, c.OwnerID, n, app.ErrForbidden)
		}
	}
	after := before.Clone()
	stamp := before.Latest()
	stamp.Logical++
	for n, v := range fieldsOf(values) {
		after.Fields[n] = record.Field{Value: v, Stamp: stamp}
	}
	if err := access.CheckWrite(subject(s), &before, after, lookup{r}); err != nil {
		var d *access.Denied
		if errors.As(err, &d) && d.Field != "" {
			return fmt.Errorf("%s may not %s customer %s (%s): %s %s: %w", article(string(s.Role)), verb, c.ID, c.Name, d.Field, deniedReason(d.Code), app.ErrForbidden)
		}
		return fmt.Errorf("%s may not %s customer %s (%s): %w", article(string(s.Role)), verb, c.ID, c.Name, err)
	}
	return nil
}

// article puts "a" or "an" before a role's name.
func article(role string) string {
	if role != "" && strings.ContainsRune("aeiou", rune(role[0])) {
		return "an " + role
	}
	return "a " + role
}

// deniedReason says an access code in words.
func deniedReason(code string) string {
	switch code {
	case access.CodeForgedOwner:
		return "may not be set to that user or office"
	case access.CodeField:
		return "is not theirs to change"
	case access.CodeOutOfScope:
		return "would leave the customers they may write"
	}
	return code
}

// fieldsOf encodes values for Tx.Save.
func fieldsOf(values map[string]any) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(values))
	for n, v := range values {
		for k, raw := range jsonFields(n, v) {
			out[k] = raw
		}
	}
	return out
}

// Target is one line of a target list.
type Target struct {
	CustomerID string `json:"customer_id"`
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	Email      string `json:"email"`
	OwnerID    string `json:"owner_id"`
	OfficeID   string `json:"office_id"`
	CampaignID string `json:"campaign_id"`
}

// List returns the customers at stage target this store holds, by name,
// only those owned by agentID when it is not "" (an agent's own list;
// "-" lists the unassigned ones).
func (t *Targets) List(agentID string) ([]Target, error) {
	ids, err := t.store.SortedIDs(app.KindCustomer)
	if err != nil {
		return nil, err
	}
	out := []Target{}
	err = t.store.View(func(r Reader) error {
		targets, err := r.Lookup(app.KindCustomer, "stage", string(app.StageTarget))
		if err != nil {
			return err
		}
		is := make(map[string]bool, len(targets))
		for _, id := range targets {
			is[id] = true
		}
		for _, id := range ids {
			if !is[id] {
				continue
			}
			c, err := Load[app.Customer](r, id)
			if err != nil {
				return err
			}
			switch {
			case agentID == "-" && c.OwnerID != "", agentID != "" && agentID != "-" && c.OwnerID != agentID:
				continue
			}
			out = append(out, Target{CustomerID: id, Name: c.Name, Phone: c.MainPhone(), Email: c.MainEmail(),
				OwnerID: c.OwnerID, OfficeID: c.OfficeID, CampaignID: c.CampaignID})
		}
		return nil
	})
	return out, err
}

// Convert moves customer id forward to stage to (lead or prospect), with
// an interaction by the session's user at time at recording why: note,
// or "Responded to the campaign" (lead) / "Interested in a trip"
// (prospect) when empty. A target becomes a lead when they respond, a
// target or lead a prospect when they want a trip (a request made with
// Pipeline.Create does the same). It refuses (app.ErrInvalid) a stage
// other than lead or prospect and a move that is not forward; a role that
// may not change the customer's stage or log an interaction on it gets
// app.ErrForbidden. It returns the customer as stored.
func (t *Targets) Convert(id string, to app.Stage, note string, at time.Time) (*app.Customer, error) {
	if to != app.StageLead && to != app.StageProspect {
		return nil, opsRefuse("a customer is converted to a lead or a prospect, not %q (a deposit makes a customer)", to)
	}
	if err := mayCreate(t.session, app.KindInteraction); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if note == "" {
		note = "Responded to the campaign"
		if to == app.StageProspect {
			note = "Interested in a trip"
		}
	}
	var c *app.Customer
	err := t.store.Update(func(tx Tx) error {
		var err error
		if c, err = Load[app.Customer](tx, id); err != nil {
			if isNotFound(err) {
				return fmt.Errorf("customer %s: %w", id, app.ErrNotFound)
			}
			return err
		}
		c.ID = id
		if c.Stage == to {
			return opsRefuse("customer %s (%s) is a %s already", id, c.Name, to)
		}
		if !app.StageTransitions.Allowed(c.Stage, to) {
			return opsRefuse("customer %s (%s) is a %s: a stage only moves forward (target → lead → prospect → customer), not back to %s", id, c.Name, c.Stage, to)
		}
		if err := t.mayWrite(tx, c, map[string]any{"stage": to}, "convert"); err != nil {
			return err
		}
		from := c.Stage
		c.Stage = to
		if _, err := tx.Save(app.KindCustomer, id, jsonFields("stage", to)); err != nil {
			return err
		}
		it := &app.Interaction{CustomerID: id, Type: app.InteractionNote,
			Summary: fmt.Sprintf("%s → %s: %s", from, to, note), At: at, UserID: t.session.UserID}
		_, err = StoreEntity(tx, record.NewID(), it)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
