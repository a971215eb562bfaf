package customers

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
)

// detail shows the selected customer, read-only, with an Edit button,
// and below the fields the customer's bookings.
type detail struct {
	// customer is the one shown, as loaded from the store; the Edit form
	// starts from it (nil when nothing is selected).
	customer *app.Customer

	title    *widget.Label
	subtitle *widget.Label
	edit     *widget.Button
	history  *widget.Button // nil: no history to show (no server)
	fields   *fyne.Container
	bookings *bookingsSection
	timeline *timelineSection
	// dup is the "possible duplicate" bar (hidden when there is none);
	// duplicate the customer it names.
	dup             *fyne.Container
	dupText         *widget.Label
	dupShow         *widget.Button
	dupMerge        *widget.Button
	duplicate       *app.Customer
	onShowDuplicate func(id string)
	onMerge         func(shown, other *app.Customer)
	message         *widget.Label
	body            *fyne.Container
	content         fyne.CanvasObject
}

// newDetail builds the detail; onPrint is the bookings section's (nil:
// no print buttons).
// onHistory, when not nil, is the History button's action.
func newDetail(onEdit func(), onPrint func(kind, id, name string), onHistory func()) *detail {
	d := &detail{
		title:    widget.NewLabel(""),
		subtitle: widget.NewLabel(""),
		fields:   container.New(layout.NewFormLayout()),
		bookings: newBookingsSection(onPrint),
		timeline: newTimelineSection(),
		dupText:  widget.NewLabel(""),
		message:  widget.NewLabel(lang.X("customers.detail.none", "Select a customer to see their details.")),
	}
	d.title.TextStyle.Bold = true
	d.title.SizeName = theme.SizeNameHeadingText
	d.title.Wrapping = fyne.TextWrapWord
	d.subtitle.Wrapping = fyne.TextWrapWord
	d.message.Alignment = fyne.TextAlignCenter
	d.message.Wrapping = fyne.TextWrapWord
	d.message.Importance = widget.LowImportance
	d.edit = widget.NewButtonWithIcon(lang.X("customers.edit", "Edit"), theme.DocumentCreateIcon(), onEdit)

	d.dupText.Wrapping = fyne.TextWrapWord
	d.dupText.Importance = widget.WarningImportance
	d.dupShow = widget.NewButton(lang.X("customers.duplicate.show", "Show"), func() {
		if d.duplicate != nil && d.onShowDuplicate != nil {
			d.onShowDuplicate(d.duplicate.ID)
		}
	})
	d.dupMerge = widget.NewButtonWithIcon(lang.X("customers.duplicate.merge", "Merge…"), theme.ContentCopyIcon(), func() {
		if d.duplicate != nil && d.customer != nil && d.onMerge != nil {
			d.onMerge(d.customer, d.duplicate)
		}
	})
	d.dup = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewCenter(container.NewHBox(d.dupShow, d.dupMerge)), d.dupText)
	d.dup.Hide()
	buttons := container.NewVBox(d.edit)
	if onHistory != nil {
		d.history = widget.NewButtonWithIcon(lang.X("customers.history", "History"), theme.HistoryIcon(), onHistory)
		buttons.Add(d.history)
	}
	header := container.NewBorder(nil, nil, nil, buttons, container.NewVBox(d.title, d.subtitle))
	// The scroll bar is drawn over the content: keep the buttons at the
	// right edge clear of it.
	gutter := canvas.NewRectangle(color.Transparent)
	gutter.SetMinSize(fyne.NewSize(theme.ScrollBarSize()+theme.Padding(), 0))
	scrolled := container.NewBorder(nil, nil, nil, gutter, container.NewVBox(d.fields, d.bookings.content, d.timeline.content))
	d.body = container.NewBorder(container.NewVBox(header, d.dup, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(scrolled))
	d.body.Hide()
	d.content = container.NewStack(d.body, container.NewVBox(layout.NewSpacer(), d.message, layout.NewSpacer()))
	return d
}

// clear shows the "select a customer" message.
func (d *detail) clear() {
	d.customer = nil
	d.body.Hide()
	d.message.SetText(lang.X("customers.detail.none", "Select a customer to see their details."))
	d.message.Show()
}

// showError replaces the detail with an error message.
func (d *detail) showError(err error) {
	d.customer = nil
	d.body.Hide()
	d.message.SetText(lang.X("customers.detail.error", "Could not load this customer: {{.Error}}", map[string]any{"Error": err.Error()}))
	d.message.Show()
}

// show displays c, listing only the fields that hold something. The
// bookings section keeps what it shows when c is the customer already
// shown (a fresher copy of them), else it waits for showBookings.
func (d *detail) show(c *app.Customer) {
	if d.customer == nil || d.customer.ID != c.ID {
		d.bookings.loading()
		d.timeline.loading()
		d.showDuplicate(nil)
	}
	d.customer = c
	d.title.SetText(c.Name)
	sub := []string{typeName(c.Type), stageName(c.Stage)}
	if c.Tier != "" {
		sub = append(sub, tierName(c.Tier))
	}
	if c.LatinName != "" {
		sub = append([]string{c.LatinName}, sub...)
	}
	d.subtitle.SetText(strings.Join(sub, " · "))

	var objs []fyne.CanvasObject
	add := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		l := widget.NewLabel(label)
		l.TextStyle.Bold = true
		v := widget.NewLabel(value)
		v.Wrapping = fyne.TextWrapWord
		v.Selectable = true
		objs = append(objs, l, v)
	}
	phones := make([]string, len(c.Phones))
	for i, p := range c.Phones {
		phones[i] = formatPhone(p, c.Country)
	}
	place := joinNonEmpty(", ", c.Address, c.Province, c.Region, c.Country)
	passport := c.PassportNumber
	if passport != "" && !c.PassportExpiry.IsZero() {
		passport = lang.X("customers.detail.passport_until", "{{.Number}} (valid until {{.Expiry}})", map[string]any{"Number": passport, "Expiry": c.PassportExpiry.String()})
	}
	consent := lang.X("customers.detail.consent.no", "No")
	if c.MarketingConsent {
		consent = lang.X("customers.detail.consent.yes", "Yes")
	}

	add(lang.X("customers.field.contact_person", "Contact person"), c.ContactPerson)
	add(lang.X("customers.field.tax_code", "Tax code"), c.TaxCode)
	add(lang.X("customers.field.phones", "Phones"), strings.Join(phones, "\n"))
	add(lang.X("customers.field.emails", "Emails"), strings.Join(c.Emails, "\n"))
	add(lang.X("customers.field.birthday", "Birthday"), c.Birthday.String())
	add(lang.X("customers.field.gender", "Gender"), genderName(c.Gender))
	add(lang.X("customers.field.address", "Address"), place)
	add(lang.X("customers.field.nationality", "Nationality"), c.Nationality)
	add(lang.X("customers.field.passport", "Passport"), passport)
	add(lang.X("customers.field.id_number", "ID number"), c.IDNumber)
	add(lang.X("customers.field.language", "Language"), languageName(c.Language))
	add(lang.X("customers.field.tags", "Tags"), strings.Join(c.Tags, ", "))
	add(lang.X("customers.field.channel", "Channel"), c.Channel)
	add(lang.X("customers.field.destinations", "Preferred destinations"), strings.Join(c.PreferredDestinations, ", "))
	add(lang.X("customers.field.transport", "Preferred transport"), strings.Join(c.PreferredTransport, ", "))
	add(lang.X("customers.field.accommodation", "Accommodation class"), c.AccommodationClass)
	add(lang.X("customers.field.diet", "Diet"), c.Diet)
	add(lang.X("customers.field.consent", "Marketing consent"), consent)
	add(lang.X("customers.field.notes", "Notes"), c.Notes)

	d.fields.Objects = objs
	d.fields.Refresh()
	d.message.Hide()
	d.body.Show()
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// showDuplicate shows the bar saying other may be the same person as the
// customer shown (nil hides it).
func (d *detail) showDuplicate(other *app.Customer) {
	d.duplicate = other
	if other == nil {
		d.dup.Hide()
		return
	}
	d.dupText.SetText(lang.X("customers.duplicate.text", "Possible duplicate of {{.Name}} (same phone, email or document).", map[string]any{"Name": other.Name}))
	d.dup.Show()
}
