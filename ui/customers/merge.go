package customers

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// duplicateOf returns another live customer sharing a phone, an email,
// a passport or an ID number with c (service.FindDuplicates, which sees
// every copy, so the older of two duplicates sees the newer), or nil.
// Runs off the UI goroutine; a failure only hides the bar.
func (a *Area) duplicateOf(c *app.Customer) *app.Customer {
	var ids []string
	err := a.x.Store.View(func(r service.Reader) (err error) {
		ids, err = service.FindDuplicates(r, c)
		return err
	})
	if err != nil || len(ids) == 0 {
		return nil
	}
	others, err := a.svc.GetMany(ids)
	if err != nil || len(others) == 0 {
		return nil
	}
	return others[0]
}

// mergeKinds orders the kinds the merge dialog counts.
var mergeKinds = []app.Kind{app.KindBooking, app.KindPayment, app.KindInteraction, app.KindTask, app.KindTraveler, app.KindComplaint, app.KindFeedback, app.KindMessage}

// countOf says "3 bookings" for n records of kind k.
func countOf(k app.Kind, n int) string {
	c := map[string]any{"Count": i18n.Int(n)}
	switch k {
	case app.KindBooking:
		return lang.XN("customers.merge.n.booking", "{{.Count}} bookings", n, c)
	case app.KindPayment:
		return lang.XN("customers.merge.n.payment", "{{.Count}} payments", n, c)
	case app.KindInteraction:
		return lang.XN("customers.merge.n.interaction", "{{.Count}} contacts", n, c)
	case app.KindTask:
		return lang.XN("customers.merge.n.task", "{{.Count}} tasks", n, c)
	case app.KindTraveler:
		return lang.XN("customers.merge.n.traveler", "{{.Count}} trips as a traveler", n, c)
	case app.KindComplaint:
		return lang.XN("customers.merge.n.complaint", "{{.Count}} complaints", n, c)
	case app.KindFeedback:
		return lang.XN("customers.merge.n.feedback", "{{.Count}} feedback forms", n, c)
	case app.KindMessage:
		return lang.XN("customers.merge.n.message", "{{.Count}} messages", n, c)
	}
	return lang.XN("customers.merge.n.other", "{{.Count}} other records", n, c)
}

// mergeWhat lists what plan moves ("3 bookings, 2 payments"), "" when
// nothing.
func mergeWhat(plan *service.MergePlan) string {
	var parts []string
	for _, k := range mergeKinds {
		if n := plan.Count(k); n > 0 {
			parts = append(parts, countOf(k, n))
		}
	}
	other := plan.Total()
	for _, k := range mergeKinds {
		other -= plan.Count(k)
	}
	if other > 0 {
		parts = append(parts, countOf("", other))
	}
	return strings.Join(parts, ", ")
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
// one with more history (bookings, payments, contacts…) is kept, shown on
// a tie; the dialog says what will move to it. Confirmed, the other is
// merged into it (service.Customers.Merge: its records move, phones,
// emails, tags and preferences are united, empty fields filled, its
// differing values noted) and deleted.
func (a *Area) onMerge(shown, other *app.Customer) {
	if a.merging || a.x.Store == nil {
		return
	}
	a.merging = true
	svc := service.NewCustomers(a.x.Store, a.x.Session)
	go func() {
		// intoShown moves other's records; intoOther shown's.
		intoShown, err := svc.PlanMerge(shown.ID, other.ID)
		var intoOther *service.MergePlan
		if err == nil {
			intoOther, err = svc.PlanMerge(other.ID, shown.ID)
		}
		a.do(func() {
			a.merging = false
			if err != nil {
				dialog.ShowError(err, a.win)
				return
			}
			keep, drop, plan := shown, other, intoShown
			if intoShown.Total() > intoOther.Total() {
				keep, drop, plan = other, shown, intoOther
			}
			msg := lang.X("customers.merge.confirm", "Merge {{.Drop}} into {{.Keep}}?\n\n{{.Keep}} keeps its fields; the phones, emails, tags and preferences of {{.Drop}} are added, the fields {{.Keep}} lacks are filled from it, and where both hold a different value the one of {{.Drop}} is written into the notes. Then {{.Drop}} is deleted.",
				map[string]any{"Keep": keep.Name, "Drop": drop.Name})
			if what := mergeWhat(plan); what != "" {
				msg += "\n\n" + lang.X("customers.merge.moves", "{{.What}} will move to {{.Keep}}.", map[string]any{"What": what, "Keep": keep.Name})
			}
			a.mergeMessage = msg
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

// merge merges drop into keep (service.Customers.Merge, one transaction)
// off the UI goroutine, then shows keep. A refusal is shown in a dialog
// and changes nothing.
func (a *Area) merge(keep, drop *app.Customer) {
	a.mergeConfirm = nil
	a.merging = true
	svc := service.NewCustomers(a.x.Store, a.x.Session)
	go func() {
		_, err := svc.Merge(keep.ID, drop.ID)
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
