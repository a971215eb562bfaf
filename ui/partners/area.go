// Package partners is the Partners area of the desktop app: the
// suppliers operators order services from (hotels, restaurants, coaches,
// airlines, attractions), found as one types, created and edited in a form
// with inline validation (app.Partner.Validate), and for one partner its
// service orders and what the agency owes it (service.PayablesReport).
//
// Roles: operators and admins change everything; an accountant changes a
// partner's bank account and tax code only; a manager and a director
// read. What a role may change comes from app/access, as the server will
// judge it. Store work runs off the UI goroutine and is applied through
// fyne.Do; a result overtaken by a newer query or selection is dropped.
package partners

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/phone"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/edit"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

const (
	searchLimit = 1000
	debounce    = 150 * time.Millisecond
)

// Area is the Partners screen. Fields are owned by the UI goroutine
// except store, session, do and today, set once in New.
type Area struct {
	store   service.Store
	session service.Session
	win     fyne.Window
	do      func(func())
	today   func() app.Date

	search    *input.Entry
	count     *widget.Label
	newButton *widget.Button
	list      *widget.List
	rows      []*app.Partner
	query     string
	timer     *time.Timer
	queryGen  int
	shownGen  int

	selected  string
	partner   *app.Partner
	detailGen int
	shownDet  int
	info      *widget.Label
	owed      *widget.Label
	orders    []orderRow
	orderList *widget.List
	editBtn   *widget.Button
	noOrders  *widget.Label
	detail    fyne.CanvasObject
	none      *widget.Label
	content   fyne.CanvasObject

	form *form
}

type orderRow struct {
	order *app.ServiceOrder
	dep   string
}

// New builds the Partners area for the session's user over store.
func New(store service.Store, session service.Session, win fyne.Window) *Area {
	return newArea(store, session, win, fyne.Do, func() app.Date { return app.DateOf(time.Now()) })
}

func newArea(store service.Store, session service.Session, win fyne.Window, do func(func()), today func() app.Date) *Area {
	a := &Area{store: store, session: session, win: win, do: do, today: today}
	a.search = input.NewEntry()
	a.search.SetPlaceHolder(lang.X("partners.search", "Name, contact, email, tax code, province…"))
	a.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	a.search.OnChanged = func(s string) { a.query = s; a.runQuery(debounce) }
	a.count = widget.NewLabel(lang.X("partners.loading", "Loading…"))
	a.count.TextStyle.Italic = true
	a.newButton = widget.NewButtonWithIcon(lang.X("partners.new", "New partner"), theme.ContentAddIcon(), a.onNew)
	a.newButton.Importance = widget.HighImportance
	if !access.CanCreate(a.subject(), app.KindPartner) {
		a.newButton.Hide()
	}
	a.list = widget.NewList(func() int { return len(a.rows) },
		func() fyne.CanvasObject {
			n := widget.NewLabel("Khách sạn Mường Thanh Luxury Đà Nẵng")
			n.TextStyle.Bold = true
			n.Truncation = fyne.TextTruncateEllipsis
			s := widget.NewLabel("Hotel · Đà Nẵng · 0236 3 123 456")
			s.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(n, s)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < 0 || i >= len(a.rows) {
				return
			}
			p := a.rows[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(p.Name)
			box.Objects[1].(*widget.Label).SetText(summary(p))
		})
	a.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(a.rows) {
			a.showDetail(a.rows[i].ID)
		}
	}

	a.info = widget.NewLabel("")
	a.info.Wrapping = fyne.TextWrapWord
	a.owed = widget.NewLabel("")
	a.owed.TextStyle.Bold = true
	a.owed.Wrapping = fyne.TextWrapWord
	a.orderList = widget.NewList(func() int { return len(a.orders) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("DAD-2026-12-01 · 3 rooms × 2 nights · 2026-12-01 → 2026-12-03 · Confirmed · 4.800.000 ₫")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(a.orders) {
				o.(*widget.Label).SetText(a.orderText(a.orders[i]))
			}
		})
	a.noOrders = widget.NewLabel(lang.X("partners.orders.none", "No service orders to this partner yet."))
	a.noOrders.Importance = widget.LowImportance
	a.editBtn = widget.NewButtonWithIcon(lang.X("partners.edit", "Edit"), theme.DocumentCreateIcon(), a.onEdit)
	ordersTitle := widget.NewLabelWithStyle(lang.X("partners.orders", "Service orders"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	a.detail = container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(a.editBtn), a.info), a.owed, ordersTitle, a.noOrders),
		nil, nil, nil, a.orderList)
	a.detail.Hide()
	a.none = widget.NewLabel(lang.X("partners.none", "Select a partner to see its details, service orders and what is owed to it."))
	a.none.Wrapping = fyne.TextWrapWord

	left := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, a.newButton, a.search), a.count), nil, nil, nil, a.list)
	split := container.NewHSplit(left, container.NewStack(container.NewPadded(a.none), container.NewPadded(a.detail)))
	split.Offset = 0.4
	a.content = split
	a.Reload()
	return a
}

func (a *Area) subject() access.Subject {
	return access.Subject{UserID: a.session.UserID, OfficeID: a.session.OfficeID, Role: a.session.Role}
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Shortcuts: Ctrl+N new partner, Ctrl+F search, Ctrl+S save the form.
func (a *Area) Shortcuts() map[fyne.Shortcut]func() {
	mod := fyne.KeyModifierShortcutDefault
	return map[fyne.Shortcut]func(){
		&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: mod}: a.onNew,
		&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod}: a.Focus,
		&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: mod}: func() {
			if a.form != nil {
				a.form.onSave()
			}
		},
	}
}

// Focus puts the keyboard focus in the search box.
func (a *Area) Focus() {
	if a.form == nil && a.win.Canvas() != nil {
		a.win.Canvas().Focus(a.search)
	}
}

// Reload reads the list again, keeping the query.
func (a *Area) Reload() { a.runQuery(0) }

func (a *Area) runQuery(delay time.Duration) {
	a.queryGen++
	gen, q := a.queryGen, strings.TrimSpace(a.query)
	if a.store == nil { // a shell built without a store (tests of the shell)
		a.shownGen = gen
		a.count.SetText(lang.X("partners.empty", "No partners yet."))
		return
	}
	if a.timer != nil {
		a.timer.Stop()
	}
	load := func() {
		var ids []string
		var err error
		if q == "" {
			ids, err = a.store.SortedIDs(app.KindPartner)
		} else {
			ids, err = a.store.Search(app.KindPartner, q, searchLimit)
		}
		var ps []*app.Partner
		if err == nil {
			ps, err = loadPartners(a.store, ids)
		}
		a.do(func() {
			if gen != a.queryGen {
				return
			}
			a.shownGen = gen
			if err != nil {
				a.count.SetText(lang.X("partners.error.load", "Could not load partners: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.rows = ps
			switch {
			case len(ps) == 0 && q != "":
				a.count.SetText(lang.X("partners.empty.search", "No partner matches “{{.Query}}”.", map[string]any{"Query": q}))
			case len(ps) == 0:
				a.count.SetText(lang.X("partners.empty", "No partners yet."))
			default:
				a.count.SetText(lang.X("partners.count", "{{.Count}} partners", map[string]any{"Count": i18n.Int(len(ps))}))
			}
			a.list.UnselectAll()
			a.list.Refresh()
			for i, p := range ps {
				if p.ID == a.selected {
					a.list.Select(i)
					a.list.ScrollTo(i)
				}
			}
		})
	}
	if delay == 0 {
		go load()
		return
	}
	a.timer = time.AfterFunc(delay, load)
}

func loadPartners(s service.Store, ids []string) ([]*app.Partner, error) {
	out := make([]*app.Partner, 0, len(ids))
	err := s.View(func(r service.Reader) error {
		for _, id := range ids {
			p, err := service.Load[app.Partner](r, id)
			if err != nil {
				if errors.Is(err, app.ErrNotFound) {
					continue
				}
				return err
			}
			p.ID = id
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// summary is a list row's second line: type, province, first phone.
func summary(p *app.Partner) string {
	parts := []string{typeName(p.Type)}
	if p.Province != "" {
		parts = append(parts, p.Province)
	}
	if len(p.Phones) > 0 {
		parts = append(parts, phone.Display(p.Phones[0], p.Country))
	}
	return strings.Join(parts, " · ")
}

type detailData struct {
	partner *app.Partner
	orders  []orderRow
	payable *service.PartnerPayable
	noteErr error
}

// showDetail loads partner id, its service orders and what is owed to it.
func (a *Area) showDetail(id string) {
	a.selected = id
	a.detailGen++
	gen := a.detailGen
	go func() {
		var dd detailData
		err := a.store.View(func(r service.Reader) error {
			p, err := service.Load[app.Partner](r, id)
			if err != nil {
				return err
			}
			p.ID = id
			dd.partner = p
			ids, err := r.Lookup(app.KindServiceOrder, "partner_id", id)
			if err != nil {
				return err
			}
			for _, oid := range ids {
				o, err := service.Load[app.ServiceOrder](r, oid)
				if err != nil {
					continue
				}
				o.ID = oid
				row := orderRow{order: o}
				if d, err := service.Load[app.Departure](r, o.DepartureID); err == nil {
					row.dep = d.Code
				}
				dd.orders = append(dd.orders, row)
			}
			return nil
		})
		if err == nil && len(dd.orders) > 0 {
			// What is owed: the supplier payables report's line for this
			// partner (one pass over every order; partners are few).
			rep, perr := service.PayablesReport(a.store, a.today())
			if perr != nil {
				dd.noteErr = perr
			} else {
				for i := range rep.Partners {
					if rep.Partners[i].PartnerID == id {
						dd.payable = &rep.Partners[i]
					}
				}
			}
		}
		slices.SortStableFunc(dd.orders, func(x, y orderRow) int { return y.order.StartDate.Compare(x.order.StartDate) })
		a.do(func() {
			if gen != a.detailGen {
				return
			}
			a.shownDet = gen
			if err != nil {
				a.none.SetText(lang.X("partners.error.detail", "Could not load this partner: {{.Error}}", map[string]any{"Error": err.Error()}))
				a.detail.Hide()
				a.none.Show()
				return
			}
			a.partner = dd.partner
			a.orders = dd.orders
			a.info.SetText(partnerText(dd.partner))
			switch {
			case dd.noteErr != nil:
				a.owed.SetText(lang.X("partners.owed.error", "Could not work out what is owed: {{.Error}}", map[string]any{"Error": dd.noteErr.Error()}))
			case dd.payable != nil:
				p := dd.payable
				a.owed.SetText(lang.X("partners.owed", "Ordered {{.Ordered}} · paid {{.Paid}} · owed {{.Owed}}", map[string]any{
					"Ordered": p.Ordered.Format(i18n.Current()), "Paid": p.Paid.Format(i18n.Current()), "Owed": p.Owed.Format(i18n.Current())}))
			default:
				a.owed.SetText(lang.X("partners.owed.none", "Nothing owed: no confirmed or completed order."))
			}
			a.editBtn.Hidden = !a.canEditAny()
			a.editBtn.Refresh()
			a.noOrders.Hidden = len(a.orders) > 0
			a.noOrders.Refresh()
			a.orderList.Refresh()
			a.none.Hide()
			a.detail.Show()
		})
	}()
}

// canEditAny reports whether the user may change some field of the
// partner shown.
func (a *Area) canEditAny() bool {
	for _, f := range formFields {
		if a.canEdit(f) {
			return true
		}
	}
	return false
}

// lookup is the store as access.Lookup.
type lookup struct{ r service.Reader }

func (l lookup) Get(kind app.Kind, id string) (record.Record, bool) {
	rec, err := l.r.Get(kind, id)
	return rec, err == nil
}

// canEdit reports whether the user may change field of the partner
// shown (app/access, as the server will judge it).
func (a *Area) canEdit(field string) bool {
	if a.partner == nil {
		return access.CanCreate(a.subject(), app.KindPartner)
	}
	rec, err := a.store.Get(app.KindPartner, a.partner.ID)
	if err != nil {
		return false
	}
	return access.CanEdit(a.subject(), rec, field, lookup{a.store})
}

func partnerText(p *app.Partner) string {
	var lines []string
	lines = append(lines, p.Name+" · "+typeName(p.Type))
	if c := strings.TrimSpace(p.ContactName + ", " + p.ContactTitle); c != "," {
		lines = append(lines, lang.X("partners.contact", "Contact: {{.Contact}}", map[string]any{"Contact": strings.Trim(c, ", ")}))
	}
	var phones []string
	for _, ph := range p.Phones {
		phones = append(phones, phone.Display(ph, p.Country))
	}
	if len(phones)+len(p.Emails) > 0 {
		lines = append(lines, strings.Join(append(phones, p.Emails...), " · "))
	}
	if addr := format.JoinNonEmpty(", ", p.Address, p.Province, p.Region, p.Country); addr != "" {
		lines = append(lines, addr)
	}
	if p.Website != "" {
		lines = append(lines, p.Website)
	}
	if p.TaxCode != "" {
		lines = append(lines, lang.X("partners.tax", "Tax code: {{.Code}}", map[string]any{"Code": p.TaxCode}))
	}
	if p.BankAccount != "" {
		lines = append(lines, lang.X("partners.bank", "Bank: {{.Account}}", map[string]any{"Account": p.BankAccount}))
	}
	if p.Rating > 0 {
		lines = append(lines, strings.Repeat("★", p.Rating)+strings.Repeat("☆", 5-p.Rating))
	}
	if p.Notes != "" {
		lines = append(lines, p.Notes)
	}
	return strings.Join(lines, "\n")
}

func (a *Area) orderText(r orderRow) string {
	o := r.order
	parts := []string{r.dep, fmt.Sprintf("%s × %d", o.Service, o.Quantity)}
	if !o.StartDate.IsZero() {
		s := o.StartDate.String()
		if !o.EndDate.IsZero() && o.EndDate != o.StartDate {
			s += " → " + o.EndDate.String()
		}
		parts = append(parts, s)
	}
	parts = append(parts, orderStatusName(o.Status))
	if cost, err := o.Cost(); err == nil && cost.Currency != "" {
		parts = append(parts, cost.Format(i18n.Current()))
	}
	return format.JoinNonEmpty(" · ", parts...)
}

func (a *Area) onNew() {
	if a.form != nil || !access.CanCreate(a.subject(), app.KindPartner) {
		return
	}
	a.openForm(nil)
}

func (a *Area) onEdit() {
	if a.form != nil || a.partner == nil || !a.canEditAny() {
		return
	}
	a.openForm(a.partner)
}

// openForm shows the New (before nil) or Edit form in a dialog.
func (a *Area) openForm(before *app.Partner) {
	editable := map[string]bool{}
	for _, f := range formFields {
		editable[f] = before == nil || a.canEdit(f)
	}
	f := newForm(before, editable)
	a.form = f
	title := lang.X("partners.form.new", "New partner")
	if before != nil {
		title = lang.X("partners.form.edit", "Edit partner")
	}
	d := dialog.NewCustomWithoutButtons(title, f.content, a.win)
	cancel := widget.NewButton(lang.X("partners.form.cancel", "Cancel"), d.Hide)
	f.saveButton = widget.NewButtonWithIcon(lang.X("partners.form.save", "Save (Ctrl+S)"), theme.DocumentSaveIcon(), f.onSave)
	f.saveButton.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{cancel, f.saveButton})
	d.SetOnClosed(func() {
		if a.form == f {
			a.form = nil
		}
	})
	f.dialog = d
	f.save = func(p *app.Partner) { a.save(f, d, before, p) }
	size := a.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(680, size.Width-40), min(700, size.Height-40)))
	d.Show()
	a.win.Canvas().Focus(f.name)
}

// save stores p off the UI goroutine: a new partner whole, an edit only
// the fields that changed, so a sync that landed meanwhile keeps the rest.
func (a *Area) save(f *form, d dialog.Dialog, before, p *app.Partner) {
	f.setSaving(true)
	go func() {
		id, err := savePartner(a.store, before, p)
		a.do(func() {
			f.setSaving(false)
			if err != nil {
				f.showError(err)
				return
			}
			a.form = nil
			d.Hide()
			a.selected = id
			a.showDetail(id)
			a.Reload()
		})
	}()
}

// savePartner validates p and stores it: as a new partner when before is
// nil, else only the fields where p differs from before.
func savePartner(s service.Store, before, p *app.Partner) (string, error) {
	if before == nil {
		return edit.Save(s, "", nil, p)
	}
	return edit.Save(s, before.ID, before, p)
}

// formFields are the partner's fields the form edits, in tab order.
var formFields = []string{"name", "type", "contact_name", "contact_title", "phones", "emails", "website", "address", "province", "region", "country", "tax_code", "bank_account", "rating", "notes"}

// form is the New or Edit partner form.
type form struct {
	before     *app.Partner
	content    fyne.CanvasObject
	saveButton *widget.Button
	dialog     dialog.Dialog
	save       func(*app.Partner)

	name, contactName, contactTitle, phones, emails, website *input.Entry
	address, province, region, country, taxCode, bank, notes *input.Entry
	kind                                                     *widget.Select
	rating                                                   *widget.Select
	msgs                                                     *input.Messages
	entries                                                  map[string]*input.Entry
}

func newForm(before *app.Partner, editable map[string]bool) *form {
	f := &form{before: before, msgs: input.NewMessages(), entries: map[string]*input.Entry{}}
	p := before
	if p == nil {
		p = &app.Partner{Type: app.PartnerHotel, Country: "VN"}
	}
	entry := func(field, value, placeholder string, multi bool) *input.Entry {
		var e *input.Entry
		if multi {
			e = input.NewMultiLineEntry()
			e.SetMinRowsVisible(3)
		} else {
			e = input.NewEntry()
			e.OnSubmitted = func(string) { f.onSave() }
		}
		e.SetText(value)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.clearError(field) }
		if !editable[field] {
			e.Disable()
		}
		f.entries[field] = e
		return e
	}
	var phones []string
	for _, ph := range p.Phones {
		phones = append(phones, phone.Display(ph, p.Country))
	}
	list := lang.X("partners.placeholder.list", "Separated by commas")
	f.name = entry("name", p.Name, "", false)
	f.contactName = entry("contact_name", p.ContactName, "", false)
	f.contactTitle = entry("contact_title", p.ContactTitle, lang.X("partners.placeholder.title", "e.g. reservations"), false)
	f.phones = entry("phones", strings.Join(phones, ", "), list, false)
	f.emails = entry("emails", strings.Join(p.Emails, ", "), list, false)
	f.website = entry("website", p.Website, "", false)
	f.address = entry("address", p.Address, "", false)
	f.province = entry("province", p.Province, "", false)
	f.region = entry("region", p.Region, "", false)
	f.country = entry("country", p.Country, lang.X("partners.placeholder.country", "Two letters, e.g. VN"), false)
	f.taxCode = entry("tax_code", p.TaxCode, "", false)
	f.bank = entry("bank_account", p.BankAccount, lang.X("partners.placeholder.bank", "Bank, branch, account number, holder"), true)
	f.notes = entry("notes", p.Notes, "", true)
	f.kind = widget.NewSelect(nil, func(string) { f.clearError("type") })
	for _, t := range app.PartnerTypes {
		f.kind.Options = append(f.kind.Options, typeName(t))
	}
	f.kind.SetSelectedIndex(max(0, slices.Index(app.PartnerTypes, p.Type)))
	if !editable["type"] {
		f.kind.Disable()
	}
	f.rating = widget.NewSelect([]string{lang.X("partners.rating.none", "Not rated"), "★", "★★", "★★★", "★★★★", "★★★★★"}, func(string) { f.clearError("rating") })
	f.rating.SetSelectedIndex(min(max(0, p.Rating), 5))
	if !editable["rating"] {
		f.rating.Disable()
	}
	l := func(key, fallback string) *widget.Label {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	grid := container.New(layout.NewFormLayout(),
		l("partners.field.name", "Name *"), f.msgs.Cell("name", f.name),
		l("partners.field.type", "Type *"), f.msgs.Cell("type", f.kind),
		l("partners.field.contact_name", "Contact person"), f.msgs.Cell("contact_name", f.contactName),
		l("partners.field.contact_title", "Contact's title"), f.msgs.Cell("contact_title", f.contactTitle),
		l("partners.field.phones", "Phones"), f.msgs.Cell("phones", f.phones),
		l("partners.field.emails", "Emails"), f.msgs.Cell("emails", f.emails),
		l("partners.field.website", "Website"), f.msgs.Cell("website", f.website),
		l("partners.field.address", "Address"), f.msgs.Cell("address", f.address),
		l("partners.field.province", "Province"), f.msgs.Cell("province", f.province),
		l("partners.field.region", "Region"), f.msgs.Cell("region", f.region),
		l("partners.field.country", "Country"), f.msgs.Cell("country", f.country),
		l("partners.field.tax_code", "Tax code"), f.msgs.Cell("tax_code", f.taxCode),
		l("partners.field.bank_account", "Bank account"), f.msgs.Cell("bank_account", f.bank),
		l("partners.field.rating", "Rating"), f.msgs.Cell("rating", f.rating),
		l("partners.field.notes", "Notes"), f.msgs.Cell("notes", f.notes),
	)
	f.content = container.NewBorder(f.msgs.General, nil, nil, nil, container.NewVScroll(grid))
	return f
}

// read is the partner the form describes (for Edit, a copy of before with
// the form's fields in it).
func (f *form) read() *app.Partner {
	var p app.Partner
	if f.before != nil {
		p = *f.before
	}
	p.Name = f.name.Text
	p.Type = app.PartnerTypes[max(0, f.kind.SelectedIndex())]
	p.ContactName = f.contactName.Text
	p.ContactTitle = f.contactTitle.Text
	p.Phones = input.SplitList(f.phones.Text)
	p.Emails = input.SplitList(f.emails.Text)
	p.Website = f.website.Text
	p.Address = f.address.Text
	p.Province = f.province.Text
	p.Region = f.region.Text
	p.Country = f.country.Text
	p.TaxCode = f.taxCode.Text
	p.BankAccount = f.bank.Text
	p.Rating = max(0, f.rating.SelectedIndex())
	p.Notes = f.notes.Text
	return &p
}

func (f *form) onSave() {
	if f.saveButton != nil && f.saveButton.Disabled() {
		return
	}
	f.clearErrors()
	p := f.read()
	check := *p
	check.Phones = slices.Clone(p.Phones)
	check.Emails = slices.Clone(p.Emails)
	if err := check.Validate(); err != nil {
		f.showError(err)
		return
	}
	f.save(p)
}

func (f *form) setSaving(on bool) {
	if f.saveButton == nil {
		return
	}
	if on {
		f.saveButton.Disable()
	} else {
		f.saveButton.Enable()
	}
}

// showError puts each problem beside its field ("phones.1" beside
// Phones) and focuses the first entry at fault; other errors go above.
func (f *form) showError(err error) {
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		f.msgs.SetGeneral(lang.X("partners.form.error", "Could not save: {{.Error}}", map[string]any{"Error": err.Error()}))
		return
	}
	var first *input.Entry
	var general []string
	for _, p := range ve.Problems {
		field, _, _ := strings.Cut(p.Field, ".")
		if !f.msgs.Has(field) {
			general = append(general, p.Field+": "+p.Message)
			continue
		}
		// Two problems of a list ("phones.0", "phones.1") can read the
		// same; the field says it once.
		if msg := problemText(p); !strings.Contains(f.msgs.Text(field), msg) {
			f.msgs.Add(field, msg)
		}
		if e := f.entries[field]; e != nil {
			e.SetValidationError(errors.New(p.Message))
			if first == nil {
				first = e
			}
		}
	}
	f.msgs.SetGeneral(cmp.Or(strings.Join(general, "\n"), lang.X("partners.form.fix", "Please correct the fields marked in red.")))
	if first != nil {
		if c := fyne.CurrentApp().Driver().CanvasForObject(first); c != nil {
			c.Focus(first)
		}
	}
}

// clearError hides field's message and unmarks its entry.
func (f *form) clearError(field string) {
	f.msgs.Clear(field)
	if e := f.entries[field]; e != nil {
		e.SetValidationError(nil)
	}
}

func (f *form) clearErrors() {
	f.msgs.ClearAll()
	for _, e := range f.entries {
		e.SetValidationError(nil)
	}
}

// problemText is a field's problem in the user's language; the app's
// English message where no translation of it exists.
func problemText(p app.FieldError) string {
	switch p.Code {
	case app.CodeRequired:
		return lang.X("partners.problem.required", "Required")
	case app.CodeTooLong:
		return lang.X("partners.problem.too_long", "Too long")
	}
	switch {
	case strings.HasPrefix(p.Field, "phones"):
		return lang.X("partners.problem.phone", "Not a valid phone number: {{.Message}}", map[string]any{"Message": p.Message})
	case strings.HasPrefix(p.Field, "emails"):
		return lang.X("partners.problem.email", "Not a valid email address: {{.Message}}", map[string]any{"Message": p.Message})
	case p.Field == "country":
		return lang.X("partners.problem.country", "Two-letter country code such as VN, RU or CN")
	}
	return p.Message
}

func typeName(t app.PartnerType) string {
	switch t {
	case app.PartnerHotel:
		return lang.X("partners.type.hotel", "Hotel")
	case app.PartnerRestaurant:
		return lang.X("partners.type.restaurant", "Restaurant")
	case app.PartnerTransport:
		return lang.X("partners.type.transport", "Transport")
	case app.PartnerAirline:
		return lang.X("partners.type.airline", "Airline")
	case app.PartnerAttraction:
		return lang.X("partners.type.attraction", "Attraction")
	case app.PartnerGuideAgency:
		return lang.X("partners.type.guide_agency", "Guide agency")
	case app.PartnerOther:
		return lang.X("partners.type.other", "Other")
	}
	return string(t)
}

func orderStatusName(s app.ServiceOrderStatus) string {
	switch s {
	case app.OrderRequested:
		return lang.X("partners.order.requested", "Requested")
	case app.OrderConfirmed:
		return lang.X("partners.order.confirmed", "Confirmed")
	case app.OrderCompleted:
		return lang.X("partners.order.completed", "Completed")
	case app.OrderCancelled:
		return lang.X("partners.order.cancelled", "Cancelled")
	}
	return string(s)
}
