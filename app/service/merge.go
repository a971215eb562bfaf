package service

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// MergedFromField is the field of a customer record listing the ids of
// the customers merged into it (Customers.Merge), transitively. It is not
// a field of app.Customer: the record layer keeps it like any field this
// version does not model, Customers.Edit never writes it, and the
// history (Timeline) follows it to the records that stay on a merged
// customer's id because they are append-only (interactions).
const MergedFromField = "merged_from"

// MergePlan says what merging customer Drop into customer Keep does.
type MergePlan struct {
	Keep, Drop string
	// Moved counts, per kind, the records hanging off Drop through their
	// customer_id whose customer_id is set to Keep: bookings, travelers,
	// tasks, complaints, feedback.
	Moved map[app.Kind]int `json:"moved"`
	// Followed counts, per kind, the records that keep Drop's id because
	// they may not be edited (payments, interactions: append-only; messages:
	// an outbox only their sender changes) and go with Keep all the same:
	// payments through their booking, interactions and messages through
	// Keep's MergedFromField.
	Followed map[app.Kind]int `json:"followed"`
}

// Count is the number of records of kind k that go over to Keep, moved or
// followed.
func (p *MergePlan) Count(k app.Kind) int { return p.Moved[k] + p.Followed[k] }

// Kinds lists the kinds with a record going over to Keep, in name order.
func (p *MergePlan) Kinds() []app.Kind {
	var out []app.Kind
	for _, info := range app.Kinds() {
		if p.Count(info.Kind) > 0 {
			out = append(out, info.Kind)
		}
	}
	return out
}

// Total is the number of records going over to Keep.
func (p *MergePlan) Total() int {
	n := 0
	for _, k := range p.Kinds() {
		n += p.Count(k)
	}
	return n
}

// FindDuplicates returns the ids of every live customer other than c
// (c.ID) sharing a phone, an email, a passport number or an ID number
// with c, which must already be validated so the values are normalised.
// The ids come in the order of c's keys (phones, emails, passport, ID
// number), each id once.
func FindDuplicates(r Reader, c *app.Customer) ([]string, error) {
	type key struct{ field, value string }
	var keys []key
	for _, p := range c.Phones {
		keys = append(keys, key{"phones", p})
	}
	for _, e := range c.Emails {
		keys = append(keys, key{"emails", e})
	}
	if c.PassportNumber != "" {
		keys = append(keys, key{"passport_number", c.PassportNumber})
	}
	if c.IDNumber != "" {
		keys = append(keys, key{"id_number", c.IDNumber})
	}
	var out []string
	for _, k := range keys {
		ids, err := r.Lookup(app.KindCustomer, k.field, k.value)
		if err != nil {
			return nil, fmt.Errorf("find duplicates by %s: %w", k.field, err)
		}
		for _, id := range ids {
			if id != c.ID && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// Duplicates returns the live customers sharing a phone, an email, a
// passport or an ID number with c (FindDuplicates), c excluded.
func (s *Customers) Duplicates(c *app.Customer) ([]*app.Customer, error) {
	var ids []string
	err := s.store.View(func(r Reader) (err error) {
		ids, err = FindDuplicates(r, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.GetMany(ids)
}

// MergedFrom returns the ids of the customers merged into customer id
// (its MergedFromField), or none.
func MergedFrom(r Reader, id string) ([]string, error) {
	rec, err := r.Get(app.KindCustomer, id)
	if err != nil {
		return nil, err
	}
	return mergedFrom(rec), nil
}

func mergedFrom(rec record.Record) []string {
	f, ok := rec.Fields[MergedFromField]
	if !ok {
		return nil
	}
	var ids []string
	if json.Unmarshal(f.Value, &ids) != nil {
		return nil
	}
	return ids
}

// stays reports whether the records of kind k keep the merged customer's
// id: append-only kinds may not be edited by anyone (access.CheckWrite),
// and a message's customer is changed by no one but its sender.
func stays(k app.Kind) bool {
	info, _ := app.Info(k)
	return info.AppendOnly || k == app.KindMessage
}

// customerKinds are the kinds with an indexed customer_id.
func customerKinds() []app.Kind {
	var out []app.Kind
	for _, info := range app.Kinds() {
		if info.Kind != app.KindCustomer && slices.Contains(info.Index, "customer_id") {
			out = append(out, info.Kind)
		}
	}
	return out
}

// PlanMerge says what Merge(keepID, dropID) would move, changing nothing.
func (s *Customers) PlanMerge(keepID, dropID string) (*MergePlan, error) {
	var plan *MergePlan
	err := s.store.View(func(r Reader) (err error) {
		plan, err = planMerge(r, keepID, dropID)
		return err
	})
	return plan, err
}

func planMerge(r Reader, keepID, dropID string) (*MergePlan, error) {
	if keepID == dropID {
		return nil, fmt.Errorf("merge: a customer cannot be merged into itself: %w", app.ErrInvalid)
	}
	for _, id := range []string{keepID, dropID} {
		if _, err := Load[app.Customer](r, id); err != nil {
			return nil, err
		}
	}
	plan := &MergePlan{Keep: keepID, Drop: dropID, Moved: map[app.Kind]int{}, Followed: map[app.Kind]int{}}
	for _, k := range customerKinds() {
		ids, err := r.Lookup(k, "customer_id", dropID)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			continue
		}
		if stays(k) {
			plan.Followed[k] = len(ids)
		} else {
			plan.Moved[k] = len(ids)
		}
	}
	return plan, nil
}

// Merge folds customer dropID into customer keepID, the same person
// entered twice, in one transaction: every record hanging off dropID
// through its customer_id that may be edited (bookings, travelers,
// tasks, complaints, feedback) is re-pointed to keepID; payments,
// interactions and messages, which may not be edited, keep dropID and go
// with keepID through their booking and keepID's MergedFromField (see
// docs/DECISIONS.md); keepID's phones, emails, tags and preferences are
// united with dropID's and its empty fields filled from it (MergeInto),
// and where both hold a different value keepID's wins and dropID's is
// written into keepID's notes; then dropID is deleted (a tombstone). Each
// write is checked as the server will check it (access.CheckWrite: an
// agent merges two customers they own, a manager two of their office);
// any refusal or error rolls everything back. It returns what was moved.
func (s *Customers) Merge(keepID, dropID string) (*MergePlan, error) {
	var plan *MergePlan
	err := s.store.Update(func(tx Tx) error {
		var err error
		if plan, err = planMerge(tx, keepID, dropID); err != nil {
			return err
		}
		keepRec, err := tx.Get(app.KindCustomer, keepID)
		if err != nil {
			return err
		}
		dropRec, err := tx.Get(app.KindCustomer, dropID)
		if err != nil {
			return err
		}
		keep, err := Load[app.Customer](tx, keepID)
		if err != nil {
			return err
		}
		drop, err := Load[app.Customer](tx, dropID)
		if err != nil {
			return err
		}
		keep.ID, drop.ID = keepID, dropID
		// The customer first: a refusal to edit or delete either of them
		// is the clearest message.
		before, err := record.Encode(keep)
		if err != nil {
			return err
		}
		notes := conflictNote(keep, drop)
		MergeInto(keep, drop)
		if notes != "" {
			keep.Notes = appendNote(keep.Notes, notes)
		}
		if err := keep.Validate(); err != nil {
			return fmt.Errorf("merge %s into %s: %w", dropID, keepID, err)
		}
		after, err := record.Encode(keep)
		if err != nil {
			return err
		}
		values := map[string]json.RawMessage{}
		for name, v := range after {
			if string(before[name]) != string(v) {
				values[name] = v
			}
		}
		from := mergedFrom(keepRec)
		for _, id := range append([]string{dropID}, mergedFrom(dropRec)...) {
			if !slices.Contains(from, id) {
				from = append(from, id)
			}
		}
		b, err := json.Marshal(from)
		if err != nil {
			return err
		}
		values[MergedFromField] = b
		if err := checkWriteRecord(tx, s.session, app.KindCustomer, dropID, map[string]json.RawMessage{record.Deleted: json.RawMessage("true")}); err != nil {
			return err
		}
		if err := checkWriteRecord(tx, s.session, app.KindCustomer, keepID, values); err != nil {
			return err
		}
		if _, err := tx.Save(app.KindCustomer, keepID, values); err != nil {
			return err
		}
		to := jsonFields("customer_id", keepID)
		for _, k := range customerKinds() {
			if stays(k) {
				continue
			}
			ids, err := tx.Lookup(k, "customer_id", dropID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := checkWriteRecord(tx, s.session, k, id, to); err != nil {
					return err
				}
				if _, err := tx.Save(k, id, to); err != nil {
					return err
				}
			}
		}
		return tx.Delete(app.KindCustomer, dropID)
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// conflictNote lists the fields where keep and drop both hold a value and
// the values differ (keep's wins), with drop's value, so nothing of drop
// is lost; "" when there is none.
func conflictNote(keep, drop *app.Customer) string {
	var parts []string
	add := func(label, k, d string) {
		if k != "" && d != "" && k != d {
			parts = append(parts, label+": "+d)
		}
	}
	date := func(d app.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	add("name", keep.Name, drop.Name)
	add("latin name", keep.LatinName, drop.LatinName)
	add("type", string(keep.Type), string(drop.Type))
	add("contact person", keep.ContactPerson, drop.ContactPerson)
	add("tax code", keep.TaxCode, drop.TaxCode)
	add("gender", string(keep.Gender), string(drop.Gender))
	add("birthday", date(keep.Birthday), date(drop.Birthday))
	add("address", keep.Address, drop.Address)
	add("province", keep.Province, drop.Province)
	add("region", keep.Region, drop.Region)
	add("country", keep.Country, drop.Country)
	add("nationality", keep.Nationality, drop.Nationality)
	add("passport", keep.PassportNumber, drop.PassportNumber)
	add("passport expiry", date(keep.PassportExpiry), date(drop.PassportExpiry))
	add("ID number", keep.IDNumber, drop.IDNumber)
	add("accommodation", keep.AccommodationClass, drop.AccommodationClass)
	add("diet", keep.Diet, drop.Diet)
	add("language", keep.Language, drop.Language)
	add("channel", keep.Channel, drop.Channel)
	add("campaign", keep.CampaignID, drop.CampaignID)
	add("stage", string(keep.Stage), string(drop.Stage))
	add("owner", keep.OwnerID, drop.OwnerID)
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("Merged from %s (%s): %s", drop.Name, drop.ID, strings.Join(parts, "; "))
}
