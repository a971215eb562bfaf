package customers

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/input"
)

// form is the New or Edit customer form. Its entries are laid out, and
// so reached with Tab, in reading order. On Save it reads the entries
// into a customer and hands it to save; the entries keep what the user
// typed until the form closes, so a validation error loses nothing.
type form struct {
	// before is the customer as loaded into an Edit form (nil for New).
	before *app.Customer

	content    fyne.CanvasObject
	saveButton *widget.Button
	// save stores the customer read from the form (set by the area).
	save func(*app.Customer)

	kind                                            *widget.RadioGroup
	name, latin, contact, tax                       *input.Entry
	gender                                          *widget.Select
	birthday                                        *input.Entry
	phones, emails                                  []*input.Entry
	phoneBox, emailBox                              *fyne.Container
	address, province, region, country, nationality *input.Entry
	passport, passportExpiry, idNumber              *input.Entry
	stage                                           *widget.Select
	stages                                          []app.Stage
	channel, tags                                   *input.Entry
	language                                        *widget.Select
	destinations, accommodation, diet               *input.Entry
	consent                                         *widget.Check
	notes                                           *input.Entry
	companyRows                                     []fyne.CanvasObject
	msgs                                            *input.Messages
	widgets                                         map[string]fyne.CanvasObject
	genders                                         []app.Gender
	languages                                       []string
}

func newForm(before *app.Customer) *form {
	f := &form{
		before:  before,
		msgs:    input.NewMessages(),
		widgets: map[string]fyne.CanvasObject{},
	}
	c := before
	if c == nil {
		c = &app.Customer{Type: app.Person, Stage: app.StageLead}
	}

	entry := func(field, value, placeholder string) *input.Entry {
		e := input.NewEntry()
		e.SetText(value)
		e.SetPlaceHolder(placeholder)
		f.watch(field, e)
		return e
	}
	f.kind = widget.NewRadioGroup([]string{typeName(app.Person), typeName(app.Company)}, nil)
	f.kind.Horizontal = true
	f.kind.Required = true
	f.kind.SetSelected(typeName(c.Type))
	f.kind.OnChanged = func(string) { f.clearError("type"); f.showCompanyRows() }

	f.name = entry("name", c.Name, "")
	f.latin = entry("latin_name", c.LatinName, lang.X("customers.placeholder.latin_name", "As printed, e.g. NGUYEN VAN AN"))
	f.contact = entry("contact_person", c.ContactPerson, "")
	f.tax = entry("tax_code", c.TaxCode, "")

	f.genders = []app.Gender{"", app.Male, app.Female, app.Other}
	f.gender = widget.NewSelect(nil, nil)
	for _, g := range f.genders {
		name := genderName(g)
		if g == "" {
			name = lang.X("customers.gender.unset", "Not set")
		}
		f.gender.Options = append(f.gender.Options, name)
	}
	f.gender.SetSelectedIndex(max(0, slices.Index(f.genders, c.Gender)))
	f.gender.OnChanged = func(string) { f.clearError("gender") }

	f.birthday = entry("birthday", c.Birthday.String(), lang.X("customers.placeholder.date", "YYYY-MM-DD"))

	f.phoneBox = container.NewVBox()
	for _, p := range c.Phones {
		f.addPhone(formatPhone(p, c.Country))
	}
	if len(c.Phones) == 0 {
		f.addPhone("")
	}
	addPhone := widget.NewButtonWithIcon(lang.X("customers.form.add_phone", "Add phone"), theme.ContentAddIcon(), func() { f.addPhone("") })
	addPhone.Importance = widget.LowImportance

	f.emailBox = container.NewVBox()
	for _, e := range c.Emails {
		f.addEmail(e)
	}
	if len(c.Emails) == 0 {
		f.addEmail("")
	}
	addEmail := widget.NewButtonWithIcon(lang.X("customers.form.add_email", "Add email"), theme.ContentAddIcon(), func() { f.addEmail("") })
	addEmail.Importance = widget.LowImportance

	f.address = entry("address", c.Address, lang.X("customers.placeholder.address", "Street, ward, district"))
	f.province = entry("province", c.Province, "")
	f.region = entry("region", c.Region, "")
	f.country = entry("country", c.Country, lang.X("customers.placeholder.country", "Two letters, e.g. VN"))
	f.nationality = entry("nationality", c.Nationality, lang.X("customers.placeholder.country", "Two letters, e.g. VN"))
	f.passport = entry("passport_number", c.PassportNumber, "")
	f.passportExpiry = entry("passport_expiry", c.PassportExpiry.String(), lang.X("customers.placeholder.date", "YYYY-MM-DD"))
	f.idNumber = entry("id_number", c.IDNumber, "")

	// A stage only moves forward: offer the current one and those after it.
	if before == nil {
		f.stages = []app.Stage{app.StageTarget, app.StageLead, app.StageProspect, app.StageCustomer}
	} else {
		f.stages = append([]app.Stage{c.Stage}, app.StageTransitions[c.Stage]...)
	}
	f.stage = widget.NewSelect(nil, nil)
	for _, s := range f.stages {
		f.stage.Options = append(f.stage.Options, stageName(s))
	}
	f.stage.SetSelectedIndex(max(0, slices.Index(f.stages, c.Stage)))
	f.stage.OnChanged = func(string) { f.clearError("stage") }

	f.channel = entry("channel", c.Channel, lang.X("customers.placeholder.channel", "e.g. facebook, zalo, referral, walk-in"))
	f.tags = entry("tags", strings.Join(c.Tags, ", "), lang.X("customers.placeholder.list", "Separated by commas"))

	f.languages = append([]string{""}, app.Languages...)
	f.language = widget.NewSelect(nil, nil)
	for _, l := range f.languages {
		name := languageName(l)
		if l == "" {
			name = lang.X("customers.language.unset", "Not set")
		}
		f.language.Options = append(f.language.Options, name)
	}
	f.language.SetSelectedIndex(max(0, slices.Index(f.languages, c.Language)))
	f.language.OnChanged = func(string) { f.clearError("language") }

	f.destinations = entry("preferred_destinations", strings.Join(c.PreferredDestinations, ", "), lang.X("customers.placeholder.list", "Separated by commas"))
	f.accommodation = entry("accommodation_class", c.AccommodationClass, "")
	f.diet = entry("diet", c.Diet, "")
	f.consent = widget.NewCheck(lang.X("customers.form.consent", "Agrees to receive offers"), nil)
	f.consent.SetChecked(c.MarketingConsent)
	f.notes = input.NewMultiLineEntry()
	f.notes.SetText(c.Notes)
	f.notes.SetMinRowsVisible(4)
	f.watch("notes", f.notes)

	l := func(key, fallback string) *widget.Label {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	contactLabel, contactCell := l("customers.field.contact_person", "Contact person"), f.cell("contact_person", f.contact)
	taxLabel, taxCell := l("customers.field.tax_code", "Tax code"), f.cell("tax_code", f.tax)
	f.companyRows = []fyne.CanvasObject{contactLabel, contactCell, taxLabel, taxCell}

	grid := container.New(layout.NewFormLayout(),
		l("customers.field.type", "Type"), f.cell("type", f.kind),
		l("customers.field.name", "Name *"), f.cell("name", f.name),
		l("customers.field.latin_name", "Name in passport"), f.cell("latin_name", f.latin),
		contactLabel, contactCell,
		taxLabel, taxCell,
		l("customers.field.gender", "Gender"), f.cell("gender", f.gender),
		l("customers.field.birthday", "Birthday"), f.cell("birthday", f.birthday),
		l("customers.field.phones", "Phones"), f.cell("phones", container.NewVBox(f.phoneBox, container.NewHBox(addPhone))),
		l("customers.field.emails", "Emails"), f.cell("emails", container.NewVBox(f.emailBox, container.NewHBox(addEmail))),
		l("customers.field.street", "Address"), f.cell("address", f.address),
		l("customers.field.province", "Province"), f.cell("province", f.province),
		l("customers.field.region", "Region"), f.cell("region", f.region),
		l("customers.field.country", "Country"), f.cell("country", f.country),
		l("customers.field.nationality", "Nationality"), f.cell("nationality", f.nationality),
		l("customers.field.passport_number", "Passport number"), f.cell("passport_number", f.passport),
		l("customers.field.passport_expiry", "Passport expiry"), f.cell("passport_expiry", f.passportExpiry),
		l("customers.field.id_number", "ID number"), f.cell("id_number", f.idNumber),
		l("customers.field.stage", "Stage"), f.cell("stage", f.stage),
		l("customers.field.channel", "Channel"), f.cell("channel", f.channel),
		l("customers.field.tags", "Tags"), f.cell("tags", f.tags),
		l("customers.field.language", "Language"), f.cell("language", f.language),
		l("customers.field.destinations", "Preferred destinations"), f.cell("preferred_destinations", f.destinations),
		l("customers.field.accommodation", "Accommodation class"), f.cell("accommodation_class", f.accommodation),
		l("customers.field.diet", "Diet"), f.cell("diet", f.diet),
		l("customers.field.consent", "Marketing consent"), f.cell("marketing_consent", f.consent),
		l("customers.field.notes", "Notes"), f.cell("notes", f.notes),
	)
	f.showCompanyRows()
	f.content = container.NewBorder(f.msgs.General, nil, nil, nil, container.NewVScroll(grid))
	return f
}

// cell is the right-hand column of one form row: the widget and, under
// it, the message of what is wrong with field (hidden while nothing is).
func (f *form) cell(field string, w fyne.CanvasObject) fyne.CanvasObject {
	f.widgets[field] = w
	return f.msgs.Cell(field, w)
}

// watch clears field's error as soon as the user changes the entry.
func (f *form) watch(field string, e *input.Entry) {
	e.AlwaysShowValidationError = true
	e.OnChanged = func(string) { f.clearError(field) }
}

func (f *form) addPhone(value string) {
	field := fmt.Sprintf("phones.%d", len(f.phones))
	e := input.NewEntry()
	e.SetText(value)
	e.SetPlaceHolder(lang.X("customers.placeholder.phone", "e.g. 0901 234 567 or +84 90 123 4567"))
	f.watch(field, e)
	f.phones = append(f.phones, e)
	f.widgets[field] = e
	f.phoneBox.Add(f.msgs.Cell(field, e))
}

func (f *form) addEmail(value string) {
	field := fmt.Sprintf("emails.%d", len(f.emails))
	e := input.NewEntry()
	e.SetText(value)
	e.SetPlaceHolder(lang.X("customers.placeholder.email", "e.g. lan@example.vn"))
	f.watch(field, e)
	f.emails = append(f.emails, e)
	f.widgets[field] = e
	f.emailBox.Add(f.msgs.Cell(field, e))
}

// showCompanyRows shows the contact person and tax code only for
// companies (or when they hold something, so nothing is hidden).
func (f *form) showCompanyRows() {
	show := f.kind.Selected == typeName(app.Company) || f.contact.Text != "" || f.tax.Text != ""
	for _, o := range f.companyRows {
		if show {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// read builds the customer the form describes: for Edit, a copy of
// before with the form's fields replaced, so fields the form does not
// show pass through unchanged. Dates that do not parse are returned as
// problems rather than guessed.
func (f *form) read() (*app.Customer, []app.FieldError) {
	var c app.Customer
	if f.before != nil {
		c = *f.before
		c.PreferredTransport = slices.Clone(f.before.PreferredTransport)
	}
	var problems []app.FieldError
	date := func(field, s string) app.Date {
		d, err := app.ParseDate(strings.TrimSpace(s))
		if err != nil {
			problems = append(problems, app.FieldError{Field: field, Code: app.CodeFormat, Message: err.Error()})
		}
		return d
	}
	c.Type = app.Person
	if f.kind.Selected == typeName(app.Company) {
		c.Type = app.Company
	}
	c.Name = f.name.Text
	c.LatinName = f.latin.Text
	c.ContactPerson = f.contact.Text
	c.TaxCode = f.tax.Text
	c.Gender = f.genders[max(0, f.gender.SelectedIndex())]
	c.Birthday = date("birthday", f.birthday.Text)
	// One element per entry, empty ones included, so that "phones.i" in a
	// validation error is the i-th entry of the form.
	c.Phones = make([]string, len(f.phones))
	for i, e := range f.phones {
		c.Phones[i] = e.Text
	}
	c.Emails = make([]string, len(f.emails))
	for i, e := range f.emails {
		c.Emails[i] = e.Text
	}
	c.Address = f.address.Text
	c.Province = f.province.Text
	c.Region = f.region.Text
	c.Country = f.country.Text
	c.Nationality = f.nationality.Text
	c.PassportNumber = f.passport.Text
	c.PassportExpiry = date("passport_expiry", f.passportExpiry.Text)
	c.IDNumber = f.idNumber.Text
	c.Stage = f.stages[max(0, f.stage.SelectedIndex())]
	c.Channel = f.channel.Text
	c.Tags = input.SplitList(f.tags.Text)
	c.Language = f.languages[max(0, f.language.SelectedIndex())]
	c.PreferredDestinations = input.SplitList(f.destinations.Text)
	c.AccommodationClass = f.accommodation.Text
	c.Diet = f.diet.Text
	c.MarketingConsent = f.consent.Checked
	c.Notes = f.notes.Text
	return &c, problems
}

// onSave reads the form and saves it, unless a date does not parse: then
// it shows that together with every other problem validation finds, and
// saves nothing.
func (f *form) onSave() {
	if f.saveButton != nil && f.saveButton.Disabled() {
		return // a save is under way
	}
	f.clearErrors()
	c, problems := f.read()
	if len(problems) > 0 {
		check := *c
		check.Phones = slices.Clone(c.Phones)
		check.Emails = slices.Clone(c.Emails)
		var ve *app.ValidationError
		if errors.As(check.Validate(), &ve) {
			problems = append(problems, ve.Problems...)
		}
		f.showError(&app.ValidationError{Kind: app.KindCustomer, Problems: problems})
		return
	}
	f.save(c)
}

func (f *form) setSaving(saving bool) {
	if f.saveButton == nil {
		return
	}
	if saving {
		f.saveButton.Disable()
	} else {
		f.saveButton.Enable()
	}
}

// showError puts each problem of a validation error beside its entry and
// focuses the first one; any other error goes above the form.
func (f *form) showError(err error) {
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		f.msgs.SetGeneral(lang.X("customers.form.error", "Could not save: {{.Error}}", map[string]any{"Error": err.Error()}))
		return
	}
	var first fyne.CanvasObject
	var general []string
	for _, p := range ve.Problems {
		if !f.msgs.Has(p.Field) {
			general = append(general, p.Field+": "+p.Message)
			continue
		}
		// One message a field: the last problem's.
		f.msgs.Clear(p.Field)
		f.msgs.Add(p.Field, problemText(p))
		if e, ok := f.widgets[p.Field].(*input.Entry); ok {
			e.SetValidationError(errors.New(p.Message))
			if first == nil {
				first = e
			}
		}
	}
	f.msgs.SetGeneral(cmp.Or(strings.Join(general, "\n"), lang.X("customers.form.fix", "Please correct the fields marked in red.")))
	if e, ok := first.(*input.Entry); ok {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.Focus(e)
		}
	}
}

// clearError hides field's message and unmarks its entry.
func (f *form) clearError(field string) {
	f.msgs.Clear(field)
	if e, ok := f.widgets[field].(*input.Entry); ok {
		e.SetValidationError(nil)
	}
}

func (f *form) clearErrors() {
	f.msgs.ClearAll()
	for _, w := range f.widgets {
		if e, ok := w.(*input.Entry); ok {
			e.SetValidationError(nil)
		}
	}
}
