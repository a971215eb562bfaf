package bookings

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/input"
)

var travelerTypes = []app.TravelerType{app.TravelerAdult, app.TravelerChild, app.TravelerInfant}

// travelerForm adds or edits a traveler of the booking shown.
type travelerForm struct {
	name, latin, birth, nationality, phone, passport, expiry, needs *input.Entry
	typ                                                             *widget.Select
	errs                                                            map[string]*widget.Label
	general                                                         *widget.Label
	modal                                                           *modal
	submit                                                          func()
}

// onTraveler opens the traveler form: before nil adds one.
func (d *detail) onTraveler(before *app.Traveler) {
	a := d.a
	if d.v == nil || a.save != nil {
		return
	}
	b := d.v.st.Booking
	t := before
	if t == nil {
		t = &app.Traveler{Type: app.TravelerAdult}
	}
	f := &travelerForm{errs: map[string]*widget.Label{}, general: input.NewProblemLabel()}
	var entries []*input.Entry
	mk := func(field, value, ph string) *input.Entry {
		e := newEntry(ph)
		e.SetText(value)
		f.errs[field] = input.NewProblemLabel()
		e.OnChanged = func(string) { setErr(f.errs[field], "") }
		entries = append(entries, e)
		return e
	}
	f.name = mk("name", t.Name, lang.X("bookings.traveler.name_ph", "Name as the traveler writes it"))
	f.latin = mk("latin_name", t.LatinName, lang.X("bookings.traveler.latin_ph", "As printed in the passport, e.g. NGUYEN VAN AN"))
	var tnames []string
	for _, tt := range travelerTypes {
		tnames = append(tnames, TravelerTypeName(tt))
	}
	f.typ = widget.NewSelect(tnames, nil)
	f.typ.SetSelectedIndex(0)
	for i, tt := range travelerTypes {
		if tt == t.Type {
			f.typ.SetSelectedIndex(i)
		}
	}
	f.errs["type"] = input.NewProblemLabel()
	f.birth = mk("birth_date", t.BirthDate.String(), "YYYY-MM-DD")
	f.nationality = mk("nationality", t.Nationality, "VN, RU, CN…")
	f.phone = mk("phone", t.Phone, lang.X("bookings.traveler.phone_ph", "The traveler's own phone (optional)"))
	f.passport = mk("passport_number", t.PassportNumber, "C1234567")
	f.expiry = mk("passport_expiry", t.PassportExpiry.String(), "YYYY-MM-DD")
	f.needs = mk("special_needs", t.SpecialNeeds, lang.X("bookings.traveler.needs_ph", "Diet, mobility, allergies…"))
	field := func(key, fallback, name string, w fyne.CanvasObject) []fyne.CanvasObject {
		return []fyne.CanvasObject{
			widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewVBox(w, f.errs[name]),
		}
	}
	var rows []fyne.CanvasObject
	rows = append(rows, field("bookings.traveler.name", "Name", "name", f.name)...)
	rows = append(rows, field("bookings.traveler.latin", "Latin name", "latin_name", f.latin)...)
	rows = append(rows, field("bookings.traveler.type", "Type", "type", f.typ)...)
	rows = append(rows, field("bookings.traveler.birth", "Birth date", "birth_date", f.birth)...)
	rows = append(rows, field("bookings.traveler.nationality", "Nationality", "nationality", f.nationality)...)
	rows = append(rows, field("bookings.traveler.phone", "Phone", "phone", f.phone)...)
	rows = append(rows, field("bookings.traveler.passport_no", "Passport", "passport_number", f.passport)...)
	rows = append(rows, field("bookings.traveler.expiry", "Passport expiry", "passport_expiry", f.expiry)...)
	rows = append(rows, field("bookings.traveler.needs", "Special needs", "special_needs", f.needs)...)
	content := container.NewVScroll(container.NewVBox(f.general, formRows(rows...)))

	f.submit = func() {
		for _, l := range f.errs {
			setErr(l, "")
		}
		setErr(f.general, "")
		after := *t
		after.Name = f.name.Text
		after.LatinName = f.latin.Text
		after.Type = travelerTypes[max(0, f.typ.SelectedIndex())]
		after.Nationality = strings.TrimSpace(f.nationality.Text)
		after.Phone = strings.TrimSpace(f.phone.Text)
		after.PassportNumber = f.passport.Text
		after.SpecialNeeds = f.needs.Text
		ok := true
		var err error
		if after.BirthDate, err = parseDate(f.birth.Text); err != nil {
			setErr(f.errs["birth_date"], lang.X("bookings.form.bad_date", "Not a date like 2026-12-20"))
			ok = false
		}
		if after.PassportExpiry, err = parseDate(f.expiry.Text); err != nil {
			setErr(f.errs["passport_expiry"], lang.X("bookings.form.bad_date", "Not a date like 2026-12-20"))
			ok = false
		}
		if !ok {
			return
		}
		f.modal.busy(true)
		go func() {
			var err error
			if before == nil {
				_, err = a.data.Pipeline.AddTraveler(b.ID, &after)
			} else {
				err = a.data.Pipeline.EditTraveler(before.ID, before, &after)
			}
			a.do(func() {
				f.modal.busy(false)
				if err != nil {
					f.showError(err)
					return
				}
				a.save = nil
				f.modal.d.Hide()
				a.changed(b.ID, lang.X("bookings.traveler.saved", "Traveler {{.Name}} saved.", map[string]any{"Name": strings.TrimSpace(after.Name)}))
			})
		}()
	}
	title := lang.X("bookings.traveler.add_title", "New traveler on {{.Code}}", map[string]any{"Code": b.Code})
	if before != nil {
		title = lang.X("bookings.traveler.edit_title", "Edit traveler")
	}
	f.modal = newModal(a.win, title, lang.X("bookings.form.save", "Save (Ctrl+S)"), content, entries, f.submit)
	f.modal.onClose = func() { a.save = nil; d.travForm = nil }
	d.travForm = f
	a.save = f.submit
	f.modal.show(620, 580)
	a.win.Canvas().Focus(f.name)
}

// showError puts a validation error's problems beside their entries.
func (f *travelerForm) showError(err error) {
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		setErr(f.general, refusal(err))
		return
	}
	var rest []string
	for _, p := range ve.Problems {
		if l, ok := f.errs[p.Field]; ok {
			setErr(l, problemText(p))
		} else {
			rest = append(rest, p.Field+": "+p.Message)
		}
	}
	if len(rest) > 0 {
		setErr(f.general, strings.Join(rest, "; "))
	}
}

// problemText is a traveler's field problem in the user's language; the
// service's English message where no translation of it exists.
func problemText(p app.FieldError) string {
	switch {
	case p.Code == app.CodeRequired:
		return lang.X("bookings.problem.required", "Required")
	case p.Field == "phone":
		return lang.X("bookings.problem.phone", "Not a valid phone number (for example 0901 234 567 or +84 90 123 4567)")
	case p.Field == "nationality":
		return lang.X("bookings.problem.country", "Two-letter country code such as VN, RU or CN")
	case p.Field == "passport_number":
		return lang.X("bookings.problem.document", "5 to 20 Latin letters and digits")
	}
	return p.Message
}
