package service

import (
	"errors"
	"fmt"
	"slices"

	"github.com/tourdesk/tourdesk/app"
)

// CampaignReport is what QueueCampaign did.
type CampaignReport struct {
	// Queued messages, Existing ones (queued by an earlier run for the
	// same campaign, customer and channel), and Refused customers with
	// the reason (no consent, no address), which are not stored.
	Queued, Existing int
	Refused          []MessageProblem
	Messages         []*app.Message
}

// CampaignMessageID is the id of campaign campaignID's message to
// customerID by channel: the same on every run, so sending a campaign
// again queues only what is missing.
func CampaignMessageID(campaignID, customerID string, channel app.Channel) string {
	return msgDerivedID("cmp-", campaignID+"/"+customerID+"/"+string(channel))
}

// QueueCampaign queues req (its template or text, with req.CampaignID
// set; req.CustomerID is ignored) to every target of the campaign: its
// target list (app.Campaign.TargetIDs) and the customers it brought in
// (campaign_id). Campaign messages are marketing: only customers with
// marketing consent and an address for the channel get one; the others
// are listed in the report with the reason and nothing is stored for
// them. An unknown campaign matches app.ErrNotFound; a template that does
// not exist is a *MessageError.
func (m *Messages) QueueCampaign(req MessageRequest) (*CampaignReport, error) {
	rep := &CampaignReport{}
	if err := m.mayQueue(); err != nil {
		return rep, err
	}
	if req.CampaignID == "" {
		return rep, &MessageError{"campaign", "give the campaign whose targets get the message"}
	}
	req.Purpose = app.PurposeMarketing
	var targets []string
	err := m.store.View(func(r Reader) error {
		c, err := Load[app.Campaign](r, req.CampaignID)
		if err != nil {
			if isNotFound(err) {
				return fmt.Errorf("campaign %s: %w", req.CampaignID, app.ErrNotFound)
			}
			return err
		}
		brought, err := r.Lookup(app.KindCustomer, "campaign_id", req.CampaignID)
		if err != nil {
			return err
		}
		targets = append(slices.Clone(c.TargetIDs), brought...)
		slices.Sort(targets)
		targets = slices.Compact(targets)
		return nil
	})
	if err != nil {
		return rep, err
	}
	now := m.now()
	for _, cid := range targets {
		err := m.store.Update(func(tx Tx) error {
			id := CampaignMessageID(req.CampaignID, cid, req.Channel)
			if _, err := tx.Get(app.KindMessage, id); err == nil {
				rep.Existing++
				return nil
			} else if !isNotFound(err) {
				return err
			}
			one := req
			one.CustomerID = cid
			msg, refusal, err := composeMessage(tx, one, now, m.user())
			if isNotFound(err) {
				rep.Refused = append(rep.Refused, MessageProblem{CustomerID: cid, Status: app.MessageSkipped, Error: "the customer is gone (deleted, or not yours to see)"})
				return nil
			}
			if err != nil {
				return err
			}
			if refusal != nil {
				if refusal.Code == MsgNoTemplate || refusal.Code == "text" || refusal.Code == "channel" {
					return refusal
				}
				rep.Refused = append(rep.Refused, MessageProblem{CustomerID: cid, Status: app.MessageSkipped, Error: refusal.Msg})
				return nil
			}
			if err := m.checkWrite(tx, id, msg); err != nil {
				var me *MessageError
				if errors.As(err, &me) {
					return err
				}
				rep.Refused = append(rep.Refused, MessageProblem{CustomerID: cid, Status: app.MessageSkipped, Error: err.Error()})
				return nil
			}
			if _, err := StoreEntity(tx, id, msg); err != nil {
				return err
			}
			msg.ID = id
			rep.Queued++
			rep.Messages = append(rep.Messages, msg)
			return nil
		})
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}
