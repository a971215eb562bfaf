package service

import (
	"encoding/json"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Session is who is working on this store.
type Session struct {
	UserID   string
	OfficeID string
	Role     app.Role
}

// Customers is the use cases of the Customers area.
type Customers struct {
	store   Store
	session Session
}

// NewCustomers returns the customer service of store for the session's user.
func NewCustomers(store Store, session Session) *Customers {
	return &Customers{store: store, session: session}
}

// Create validates c (normalising it in place) and stores it as a new
// customer owned by the session's user unless c names another owner. It
// returns the new id; on a validation error nothing is stored.
func (s *Customers) Create(c *app.Customer) (string, error) {
	id := record.NewID()
	err := s.store.Update(func(tx Tx) error {
		return s.create(tx, id, c)
	})
	if err != nil {
		return "", err
	}
	c.ID = id
	return id, nil
}

func (s *Customers) create(tx Tx, id string, c *app.Customer) error {
	if c.OwnerID == "" {
		c.OwnerID = s.session.UserID
	}
	if c.OfficeID == "" {
		c.OfficeID = s.session.OfficeID
	}
	_, err := StoreEntity(tx, id, c)
	return err
}

// Edit saves the fields the user changed: those where after differs from
// before (the customer as it was loaded into the form). Fields the user
// did not touch keep whatever value they hold now, so a sync that landed
// while the form was open is not overwritten. A stage may only move along
// app.StageTransitions.
func (s *Customers) Edit(id string, before, after *app.Customer) error {
	if err := after.Validate(); err != nil {
		return err
	}
	old, err := record.Encode(before)
	if err != nil {
		return err
	}
	cur, err := record.Encode(after)
	if err != nil {
		return err
	}
	changed := make(map[string]json.RawMessage)
	for name, v := range cur {
		if string(old[name]) != string(v) {
			changed[name] = v
		}
	}
	if len(changed) == 0 {
		return nil
	}
	return s.store.Update(func(tx Tx) error {
		stored, err := Load[app.Customer](tx, id)
		if err != nil {
			return err
		}
		if err := app.StageTransitions.Check(app.KindCustomer, "stage", stored.Stage, after.Stage); err != nil && changed["stage"] != nil {
			return err
		}
		_, err = tx.Save(app.KindCustomer, id, changed)
		return err
	})
}

// Get returns the live customer id (app.ErrNotFound if absent or deleted).
func (s *Customers) Get(id string) (*app.Customer, error) {
	c, err := Load[app.Customer](s.store, id)
	if err != nil {
		return nil, err
	}
	c.ID = id
	return c, nil
}

// GetMany returns the live customers among ids, in the order given,
// skipping ids that are absent or deleted. It reads in one transaction.
func (s *Customers) GetMany(ids []string) ([]*app.Customer, error) {
	out := make([]*app.Customer, 0, len(ids))
	err := s.store.View(func(r Reader) error {
		for _, id := range ids {
			c, err := Load[app.Customer](r, id)
			if err != nil {
				if isNotFound(err) {
					continue
				}
				return err
			}
			c.ID = id
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// Delete removes the customer (a tombstone that replicates).
func (s *Customers) Delete(id string) error {
	return s.store.Update(func(tx Tx) error { return tx.Delete(app.KindCustomer, id) })
}

// Search finds customers by name, phone (any formatting), email, passport
// or ID number, at most limit.
func (s *Customers) Search(query string, limit int) ([]*app.Customer, error) {
	ids, err := s.store.Search(app.KindCustomer, query, limit)
	if err != nil {
		return nil, err
	}
	return s.GetMany(ids)
}

// SortedIDs lists every customer id in name order, for virtual lists.
func (s *Customers) SortedIDs() ([]string, error) { return s.store.SortedIDs(app.KindCustomer) }

// Count is the number of customers in the store.
func (s *Customers) Count() (int, error) { return s.store.Count(app.KindCustomer) }

// FindDuplicate returns the id of the first live customer FindDuplicates
// finds for c, or "" if there is none.
func FindDuplicate(r Reader, c *app.Customer) (string, error) {
	ids, err := FindDuplicates(r, c)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	return ids[0], nil
}

// MergeInto folds incoming into existing the way an agent would when the
// same person turns up twice: phones, emails, tags and preferences are
// united; empty fields of existing are filled from incoming; fields both
// hold keep existing's value. It reports whether existing changed.
func MergeInto(existing, incoming *app.Customer) bool {
	before, _ := record.Encode(existing)
	union := func(a *[]string, b []string) {
		for _, v := range b {
			if !slices.Contains(*a, v) {
				*a = append(*a, v)
			}
		}
	}
	union(&existing.Phones, incoming.Phones)
	union(&existing.Emails, incoming.Emails)
	union(&existing.Tags, incoming.Tags)
	union(&existing.PreferredDestinations, incoming.PreferredDestinations)
	union(&existing.PreferredTransport, incoming.PreferredTransport)
	fill := func(a *string, b string) {
		if *a == "" {
			*a = b
		}
	}
	fill(&existing.LatinName, incoming.LatinName)
	fill(&existing.ContactPerson, incoming.ContactPerson)
	fill(&existing.TaxCode, incoming.TaxCode)
	fill((*string)(&existing.Gender), string(incoming.Gender))
	fill(&existing.Address, incoming.Address)
	fill(&existing.Province, incoming.Province)
	fill(&existing.Region, incoming.Region)
	fill(&existing.Country, incoming.Country)
	fill(&existing.Nationality, incoming.Nationality)
	fill(&existing.PassportNumber, incoming.PassportNumber)
	fill(&existing.IDNumber, incoming.IDNumber)
	fill(&existing.AccommodationClass, incoming.AccommodationClass)
	fill(&existing.Diet, incoming.Diet)
	fill(&existing.Language, incoming.Language)
	fill(&existing.Channel, incoming.Channel)
	fill(&existing.CampaignID, incoming.CampaignID)
	if existing.Birthday.IsZero() {
		existing.Birthday = incoming.Birthday
	}
	if existing.PassportExpiry.IsZero() {
		existing.PassportExpiry = incoming.PassportExpiry
	}
	if incoming.MarketingConsent {
		existing.MarketingConsent = true
	}
	if existing.Notes == "" {
		existing.Notes = incoming.Notes
	} else if incoming.Notes != "" && incoming.Notes != existing.Notes {
		existing.Notes += "\n" + incoming.Notes
	}
	after, _ := record.Encode(existing)
	for k, v := range after {
		if string(before[k]) != string(v) {
			return true
		}
	}
	return false
}
