package customers

import (
	"errors"
	"slices"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// historyKinds are the records that hang off a customer through their
// customer_id: a customer holding any of them has a history a merge
// would have to move.
var historyKinds = []app.Kind{app.KindBooking, app.KindPayment, app.KindInteraction, app.KindTask, app.KindComplaint, app.KindFeedback, app.KindMessage}

// duplicateOf returns another customer sharing a phone, an email, a
// passport or an ID number with c, or nil: the look-ups of
// service.FindDuplicate, but any id other than c's (FindDuplicate looks
// at the first id of each key only, made for a customer not stored yet,
// so the older of two duplicates would not see the newer). Runs off the
// UI goroutine; a failure only hides the bar.
func (a *Area) duplicateOf(c *app.Customer) *app.Customer {
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
	for _, k := range keys {
		ids, err := a.x.Store.Lookup(app.KindCustomer, k.field, k.value)
		if err != nil {
			return nil
		}
		for _, id := range ids {
			if id == c.ID {
				continue
			}
			if other, err := a.svc.Get(id); err == nil {
				return other
			}
		}
	}
	return nil
}

// hasHistory reports whether records hang off customer id.
func hasHistory(r service.Reader, id string) (bool, error) {
	for _, k := range historyKinds {
		ids, err := r.Lookup(k, "customer_id", id)
		if err != nil {
			return false, err
		}
		if len(ids) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// onShowDuplicate shows customer id's detail (and selects it when the
// list holds it).
func (a *Area) onShowDuplicate(id string) {
	for i, x := range a.ids {
		if x == id {
			a.list.Select(i)
			a.list.ScrollTo(i)
			return
		}
	}
	a.showDetail(id)
}

// onMerge offers to merge shown and other, the possible duplicates. The
// one with a history (bookings, payments, contacts…) is kept and the
// other folded into it (service.MergeInto: phones, emails, tags and
// preferences united, empty fields filled) and deleted. Two customers
// that both have a history are not merged here: their records would have
// to move from one to the other, which no service does yet, so the
// dialog says so and nothing changes.
func (a *Area) onMerge(shown, other *app.Customer) {
	if a.merging || a.x.Store == nil {
		return
	}
	a.merging = true
	go func() {
		var hs, ho bool
		err := a.x.Store.View(func(r service.Reader) error {
			var err error
			if hs, err = hasHistory(r, shown.ID); err != nil {
				return err
			}
			ho, err = hasHistory(r, other.ID)
			return err
		})
		a.do(func() {
			a.merging = false
			if err != nil {
				dialog.ShowError(err, a.win)
				return
			}
			if hs && ho {
				a.mergeDialog = dialog.NewInformation(lang.X("customers.merge.title", "Merge duplicates"),
					lang.X("customers.merge.both", "{{.A}} and {{.B}} both have bookings or other history. Merging them would mean moving those records from one to the other, which TourDesk cannot do yet: nothing was changed.",
						map[string]any{"A": shown.Name, "B": other.Name}), a.win)
				a.mergeDialog.Show()
				return
			}
			keep, drop := shown, other
			if ho && !hs {
				keep, drop = other, shown
			}
			msg := lang.X("customers.merge.confirm", "Merge {{.Drop}} into {{.Keep}}?\n\n{{.Keep}} keeps its fields; the phones, emails, tags and preferences of {{.Drop}} are added, and the fields {{.Keep}} lacks are filled from it. Then {{.Drop}} is deleted.",
				map[string]any{"Keep": keep.Name, "Drop": drop.Name})
			a.mergeConfirm = func() { a.merge(keep, drop) }
			d := dialog.NewConfirm(lang.X("customers.merge.title", "Merge duplicates"), msg, func(ok bool) {
				if ok && a.mergeConfirm != nil {
					a.mergeConfirm()
				}
				a.mergeConfirm = nil
			}, a.win)
			d.SetConfirmText(lang.X("customers.merge.ok", "Merge"))
			a.mergeDialog = d
			d.Show()
		})
	}()
}

// merge folds drop into keep and deletes drop, off the UI goroutine, then
// shows keep. A refusal is shown in a dialog and changes nothing more
// than what was saved before it.
func (a *Area) merge(keep, drop *app.Customer) {
	a.mergeConfirm = nil
	a.merging = true
	before := cloneCustomer(keep)
	after := cloneCustomer(keep)
	go func() {
		var err error
		if service.MergeInto(after, drop) {
			err = a.svc.Edit(keep.ID, before, after)
		}
		if err == nil {
			if d, ok := a.svc.(interface{ Delete(string) error }); ok {
				err = d.Delete(drop.ID)
			} else {
				err = errors.New("this store cannot delete customers")
			}
		}
		a.do(func() {
			a.merging = false
			if err != nil {
				dialog.ShowError(errors.New(lang.X("customers.merge.failed", "Could not merge: {{.Error}}", map[string]any{"Error": err.Error()})), a.win)
				return
			}
			delete(a.rows, keep.ID)
			delete(a.rows, drop.ID)
			a.selectAfterLoad = keep.ID
			a.showDetail(keep.ID)
			a.Reload()
		})
	}()
}

// cloneCustomer copies c with its own slices (MergeInto appends to them).
func cloneCustomer(c *app.Customer) *app.Customer {
	x := *c
	x.Phones = slices.Clone(c.Phones)
	x.Emails = slices.Clone(c.Emails)
	x.Tags = slices.Clone(c.Tags)
	x.PreferredDestinations = slices.Clone(c.PreferredDestinations)
	x.PreferredTransport = slices.Clone(c.PreferredTransport)
	return &x
}
