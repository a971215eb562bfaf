// Package settings is the Settings area of the desktop app: the agency's
// identity printed on every document (the app.CompanySettings record
// "company", edited by administrators, read by everyone), this
// computer's preferences (server address, sync interval, language,
// theme) and, for administrators, the users the server publishes.
//
// The company record loads and saves off the UI goroutine; a save
// validates first (app.CompanySettings.Validate) and, on a problem,
// shows it beside its field and writes nothing.
package settings

import (
	"encoding/base64"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/syncui"
)

// Preference keys (fyne.Preferences) of this computer's settings.
const (
	PrefServer   = "server"
	PrefInterval = "sync.interval.minutes"
	PrefLanguage = "language"
	PrefTheme    = "theme"
)

// DefaultInterval is the sync interval when none was chosen.
const DefaultInterval = 5

// Interval returns the sync interval the preferences hold (0: only on
// demand).
func Interval(p fyne.Preferences) time.Duration {
	return time.Duration(p.IntWithFallback(PrefInterval, DefaultInterval)) * time.Minute
}

// Deps is what the area needs.
type Deps struct {
	Store   service.Store
	Session service.Session
	Prefs   fyne.Preferences
	// Sync (may be nil) gets the new interval at once.
	Sync *syncui.Sync
	// Server is the server address when the preferences hold none.
	Server string
	// OnApply runs after a preference the app applies (theme) changed.
	OnApply func()
}

// Area is the Settings screen.
type Area struct {
	deps Deps
	win  fyne.Window
	do   func(func())

	tabs    *container.AppTabs
	content fyne.CanvasObject

	// Company tab.
	company   *app.CompanySettings
	Fields    map[string]*input.Entry
	Errors    map[string]*widget.Label
	logo      string
	LogoLabel *widget.Label
	LogoPick  *widget.Button
	LogoClear *widget.Button
	Save      *widget.Button
	Message   *widget.Label

	// This computer tab.
	Server       *input.Entry
	IntervalSel  *widget.Select
	LanguageSel  *widget.Select
	ThemeSel     *widget.Select
	LocalMessage *widget.Label
	SaveLocal    *widget.Button

	// Users tab (administrators).
	Users     []*app.User
	UsersList *widget.List
}

// New builds the area and loads the company record in the background.
func New(d Deps, win fyne.Window) *Area {
	return newArea(d, win, fyne.Do)
}

func newArea(d Deps, win fyne.Window, do func(func())) *Area {
	a := &Area{deps: d, win: win, do: do, Fields: map[string]*input.Entry{}, Errors: map[string]*widget.Label{}}
	a.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.X("settings.tab.company", "Company"), theme.HomeIcon(), container.NewVScroll(a.companyTab())),
		container.NewTabItemWithIcon(lang.X("settings.tab.computer", "This computer"), theme.ComputerIcon(), container.NewVScroll(a.computerTab())),
	)
	if d.Session.Role == app.RoleAdmin {
		a.tabs.Append(container.NewTabItemWithIcon(lang.X("settings.tab.users", "Users"), theme.AccountIcon(), a.usersTab()))
	}
	a.content = a.tabs
	a.Reload()
	return a
}

// Content implements shell.Screen.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// NewForTest builds the area with do as its way onto the UI goroutine
// (tests pass a queue they drain).
func NewForTest(d Deps, win fyne.Window, do func(func())) *Area { return newArea(d, win, do) }

// companyFields are the company record's text fields in form order.
var companyFields = []struct {
	field, key, label string
	multi             bool
}{
	{"company_name", "settings.company.name", "Company name", false},
	{"address", "settings.company.address", "Address", true},
	{"phone", "settings.company.phone", "Phone", false},
	{"email", "settings.company.email", "Email", false},
	{"website", "settings.company.website", "Website", false},
	{"country", "settings.company.country", "Country (VN, RU…)", false},
	{"licence_number", "settings.company.licence", "Tour operator licence", false},
	{"tax_code", "settings.company.tax_code", "Tax code", false},
	{"bank_account", "settings.company.bank", "Bank details", true},
	{"default_currency", "settings.company.currency", "Default currency", false},
}

func (a *Area) editable() bool { return a.deps.Session.Role == app.RoleAdmin }

func (a *Area) companyTab() fyne.CanvasObject {
	form := widget.NewForm()
	for _, f := range companyFields {
		var e *input.Entry
		if f.multi {
			e = input.NewMultiLineEntry()
			e.SetMinRowsVisible(3)
		} else {
			e = input.NewEntry()
		}
		field := f.field
		e.OnChanged = func(string) { a.clearError(field) }
		if !a.editable() {
			e.Disable()
		}
		a.Fields[field] = e
		a.Errors[field] = errorLabel()
		form.Append(lang.X(f.key, f.label), container.NewVBox(e, a.Errors[field]))
	}
	a.LogoLabel = widget.NewLabel(lang.X("settings.logo.none", "No logo"))
	a.LogoPick = widget.NewButtonWithIcon(lang.X("settings.logo.choose", "Choose a file…"), theme.FolderOpenIcon(), a.pickLogo)
	a.LogoClear = widget.NewButtonWithIcon(lang.X("settings.logo.remove", "Remove"), theme.DeleteIcon(), func() { a.setLogo("") })
	a.Errors["logo"] = errorLabel()
	if !a.editable() {
		a.LogoPick.Disable()
		a.LogoClear.Disable()
	}
	form.Append(lang.X("settings.company.logo", "Logo (PNG or JPEG)"), container.NewVBox(container.NewHBox(a.LogoLabel, a.LogoPick, a.LogoClear), a.Errors["logo"]))

	a.Message = widget.NewLabel("")
	a.Message.Wrapping = fyne.TextWrapWord
	a.Save = widget.NewButtonWithIcon(lang.X("settings.save", "Save"), theme.DocumentSaveIcon(), a.SaveCompany)
	a.Save.Importance = widget.HighImportance
	a.Save.Disable() // until loaded
	intro := widget.NewLabel(lang.X("settings.company.intro", "The agency's identity, printed on quotes, contracts, receipts and vouchers."))
	intro.Wrapping = fyne.TextWrapWord
	bottom := container.NewVBox(a.Message)
	if a.editable() {
		bottom.Add(container.NewHBox(a.Save))
	} else {
		a.Save.Hide()
		note := widget.NewLabel(lang.X("settings.company.admin_only", "Only an administrator changes the company's identity."))
		note.Importance = widget.LowImportance
		bottom.Add(note)
	}
	return container.NewVBox(intro, form, bottom)
}

func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// Reload reads the company record again (after a sync).
func (a *Area) Reload() {
	go func() {
		c, err := service.Load[app.CompanySettings](a.deps.Store, app.CompanySettingsID)
		if errors.Is(err, app.ErrNotFound) {
			c, err = &app.CompanySettings{}, nil
		}
		users := a.loadUsers()
		a.do(func() {
			if err != nil {
				a.Message.SetText(lang.X("settings.load_failed", "Could not read the settings: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			a.Users = users
			if a.UsersList != nil {
				a.UsersList.Refresh()
			}
			if a.company != nil && a.dirty() {
				return // keep what the user is typing
			}
			a.showCompany(c)
		})
	}()
}

func (a *Area) showCompany(c *app.CompanySettings) {
	a.company = c
	vals := companyValues(c)
	for field, e := range a.Fields {
		e.SetText(vals[field])
		a.clearError(field)
	}
	a.setLogo(c.Logo)
	a.clearError("logo")
	if a.editable() {
		a.Save.Enable()
	}
}

func companyValues(c *app.CompanySettings) map[string]string {
	return map[string]string{
		"company_name": c.CompanyName, "address": c.Address, "phone": c.Phone, "email": c.Email,
		"website": c.Website, "country": c.Country, "licence_number": c.LicenceNumber,
		"tax_code": c.TaxCode, "bank_account": c.BankAccount, "default_currency": c.DefaultCurrency,
	}
}

// dirty reports whether the form differs from the record it showed.
func (a *Area) dirty() bool {
	vals := companyValues(a.company)
	for field, e := range a.Fields {
		if e.Text != vals[field] {
			return true
		}
	}
	return a.logo != a.company.Logo
}

func (a *Area) setLogo(b64 string) {
	a.logo = b64
	a.clearError("logo")
	if b64 == "" {
		a.LogoLabel.SetText(lang.X("settings.logo.none", "No logo"))
		return
	}
	n := base64.StdEncoding.DecodedLen(len(b64))
	a.LogoLabel.SetText(lang.X("settings.logo.size", "Logo set ({{.KB}} KB)", map[string]any{"KB": i18n.Int((n + 1023) / 1024)}))
}

func (a *Area) pickLogo() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		go func() {
			defer r.Close()
			b, err := io.ReadAll(io.LimitReader(r, app.MaxLogo+1))
			a.do(func() {
				if err != nil {
					a.showProblem("logo", err.Error())
					return
				}
				a.SetLogoBytes(b)
			})
		}()
	}, a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
	d.Show()
}

// SetLogoBytes takes the content of a logo file (as if chosen in the file
// dialog); it is checked when saving.
func (a *Area) SetLogoBytes(b []byte) {
	a.setLogo(base64.StdEncoding.EncodeToString(b))
}

// SetLogoFile reads a logo from path (for tests and drag and drop).
func (a *Area) SetLogoFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	a.SetLogoBytes(b)
	return nil
}

func (a *Area) clearError(field string) {
	if l, ok := a.Errors[field]; ok && l.Visible() {
		l.SetText("")
		l.Hide()
	}
	if e, ok := a.Fields[field]; ok {
		e.SetValidationError(nil)
	}
}

func (a *Area) showProblem(field, msg string) {
	l, ok := a.Errors[field]
	if !ok {
		a.Message.SetText(a.Message.Text + "\n" + field + ": " + msg)
		return
	}
	l.SetText(msg)
	l.Show()
	if e, ok := a.Fields[field]; ok {
		e.SetValidationError(errors.New(msg))
	}
}

// ErrorText is the message shown beside field ("" for none).
func (a *Area) ErrorText(field string) string {
	if l, ok := a.Errors[field]; ok && l.Visible() {
		return l.Text
	}
	return ""
}

// SaveCompany validates the form and saves the company record in the
// background. A problem is shown beside its field and nothing is
// written.
func (a *Area) SaveCompany() {
	if a.company == nil || !a.editable() {
		return
	}
	c := *a.company
	c.CompanyName = a.Fields["company_name"].Text
	c.Address = a.Fields["address"].Text
	c.Phone = a.Fields["phone"].Text
	c.Email = a.Fields["email"].Text
	c.Website = a.Fields["website"].Text
	c.Country = strings.ToUpper(strings.TrimSpace(a.Fields["country"].Text))
	c.LicenceNumber = a.Fields["licence_number"].Text
	c.TaxCode = a.Fields["tax_code"].Text
	c.BankAccount = a.Fields["bank_account"].Text
	c.DefaultCurrency = strings.ToUpper(strings.TrimSpace(a.Fields["default_currency"].Text))
	c.Logo = a.logo
	for field := range a.Errors {
		a.clearError(field)
	}
	a.Message.SetText("")
	if err := c.Validate(); err != nil {
		a.showInvalid(err)
		return
	}
	a.Save.Disable()
	a.Message.SetText(lang.X("settings.saving", "Saving…"))
	store := a.deps.Store
	go func() {
		err := store.Update(func(tx service.Tx) error {
			_, err := service.StoreEntity(tx, app.CompanySettingsID, &c)
			return err
		})
		a.do(func() {
			a.Save.Enable()
			if err != nil {
				a.Message.SetText("")
				a.showInvalid(err)
				return
			}
			a.showCompany(&c)
			a.Message.SetText(lang.X("settings.saved", "Saved. The next sync sends it to the office."))
		})
	}()
}

func (a *Area) showInvalid(err error) {
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		a.Message.SetText(lang.X("settings.save_failed", "Could not save: {{.Error}}", map[string]any{"Error": err.Error()}))
		return
	}
	var first *input.Entry
	for _, p := range ve.Problems {
		a.showProblem(p.Field, problemText(p))
		if e, ok := a.Fields[p.Field]; ok && first == nil {
			first = e
		}
	}
	a.Message.SetText(lang.X("settings.fix", "Nothing was saved: please correct the fields marked in red."))
	if first != nil {
		if c := fyne.CurrentApp().Driver().CanvasForObject(first); c != nil {
			c.Focus(first)
		}
	}
}

func problemText(p app.FieldError) string {
	switch {
	case p.Code == app.CodeRequired:
		return lang.X("settings.problem.required", "Required")
	case p.Code == app.CodeTooLong && p.Field != "logo":
		return lang.X("settings.problem.too_long", "Too long")
	case p.Field == "phone":
		return lang.X("settings.problem.phone", "Not a valid phone number (for example 028 3823 4567 or +84 28 3823 4567)")
	case p.Field == "email":
		return lang.X("settings.problem.email", "Not a valid email address (for example info@example.vn)")
	case p.Field == "country":
		return lang.X("settings.problem.country", "Two-letter country code such as VN, RU or CN")
	case p.Field == "default_currency":
		return lang.X("settings.problem.currency", "Three-letter currency code such as VND or USD")
	case p.Field == "logo":
		return lang.X("settings.problem.logo", "The logo must be a PNG or JPEG image of at most 512 KB")
	}
	return p.Message
}

// intervals are the sync intervals offered, in minutes (0: on demand).
var intervals = []int{1, 5, 15, 30, 60, 0}

func intervalName(m int) string {
	if m == 0 {
		return lang.X("settings.interval.manual", "Only when I press Sync")
	}
	return lang.XN("settings.interval.minutes", "Every {{.Count}} minutes", m, map[string]any{"Count": m})
}

func themeNames() []string {
	return []string{lang.X("settings.theme.system", "Like the system"), lang.X("settings.theme.light", "Light"), lang.X("settings.theme.dark", "Dark")}
}

var themeCodes = []string{"system", "light", "dark"}

func (a *Area) computerTab() fyne.CanvasObject {
	p := a.deps.Prefs
	a.Server = input.NewEntry()
	a.Server.SetPlaceHolder("https://sync.example.vn")
	var names []string
	for _, m := range intervals {
		names = append(names, intervalName(m))
	}
	a.IntervalSel = widget.NewSelect(names, nil)
	var langs []string
	for _, l := range i18n.Languages {
		langs = append(langs, l.Name)
	}
	langs = append(langs, lang.X("settings.language.system", "Like the system"))
	a.LanguageSel = widget.NewSelect(langs, nil)
	a.ThemeSel = widget.NewSelect(themeNames(), nil)
	if p != nil {
		a.Server.SetText(p.StringWithFallback(PrefServer, a.deps.Server))
		cur := p.IntWithFallback(PrefInterval, DefaultInterval)
		a.IntervalSel.SetSelectedIndex(1)
		for i, m := range intervals {
			if m == cur {
				a.IntervalSel.SetSelectedIndex(i)
			}
		}
		a.LanguageSel.SetSelectedIndex(len(langs) - 1)
		for i, l := range i18n.Languages {
			if l.Code == p.String(PrefLanguage) {
				a.LanguageSel.SetSelectedIndex(i)
			}
		}
		a.ThemeSel.SetSelectedIndex(0)
		for i, c := range themeCodes {
			if c == p.String(PrefTheme) {
				a.ThemeSel.SetSelectedIndex(i)
			}
		}
	}
	a.LocalMessage = widget.NewLabel("")
	a.LocalMessage.Wrapping = fyne.TextWrapWord
	a.SaveLocal = widget.NewButtonWithIcon(lang.X("settings.save", "Save"), theme.DocumentSaveIcon(), a.SaveComputer)
	a.SaveLocal.Importance = widget.HighImportance
	langNote := widget.NewLabel(lang.X("settings.language.restart", "A new language applies when TourDesk is started again."))
	langNote.Importance = widget.LowImportance
	langNote.Wrapping = fyne.TextWrapWord
	serverNote := widget.NewLabel(lang.X("settings.server.note", "A new server address is used at the next login."))
	serverNote.Importance = widget.LowImportance
	serverNote.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.X("settings.server", "Server address"), container.NewVBox(a.Server, serverNote)),
		widget.NewFormItem(lang.X("settings.interval", "Sync"), a.IntervalSel),
		widget.NewFormItem(lang.X("settings.language", "Language"), container.NewVBox(a.LanguageSel, langNote)),
		widget.NewFormItem(lang.X("settings.theme", "Theme"), a.ThemeSel),
	)
	return container.NewVBox(form, a.LocalMessage, container.NewHBox(a.SaveLocal))
}

// SaveComputer saves this computer's preferences; a bad server address
// is refused with a message and nothing is saved.
func (a *Area) SaveComputer() {
	p := a.deps.Prefs
	if p == nil {
		return
	}
	server := strings.TrimRight(strings.TrimSpace(a.Server.Text), "/")
	if server != "" && !strings.HasPrefix(server, "http://") && !strings.HasPrefix(server, "https://") || server == "http://" || server == "https://" {
		a.LocalMessage.Importance = widget.DangerImportance
		a.LocalMessage.SetText(lang.X("settings.server.bad", "The server address starts with https:// (or http:// on the office network), for example https://sync.example.vn"))
		a.Server.SetValidationError(errors.New("bad address"))
		return
	}
	a.Server.SetValidationError(nil)
	p.SetString(PrefServer, server)
	if i := a.IntervalSel.SelectedIndex(); i >= 0 {
		p.SetInt(PrefInterval, intervals[i])
		if a.deps.Sync != nil {
			a.deps.Sync.Run(time.Duration(intervals[i]) * time.Minute)
		}
	}
	oldLang := p.String(PrefLanguage)
	if i := a.LanguageSel.SelectedIndex(); i >= 0 && i < len(i18n.Languages) {
		p.SetString(PrefLanguage, i18n.Languages[i].Code)
	} else {
		p.SetString(PrefLanguage, "")
	}
	if i := a.ThemeSel.SelectedIndex(); i >= 0 {
		p.SetString(PrefTheme, themeCodes[i])
	}
	a.LocalMessage.Importance = widget.MediumImportance
	msg := lang.X("settings.saved_local", "Saved.")
	if p.String(PrefLanguage) != oldLang {
		msg += " " + lang.X("settings.language.restart", "A new language applies when TourDesk is started again.")
	}
	a.LocalMessage.SetText(msg)
	if a.deps.OnApply != nil {
		a.deps.OnApply()
	}
}

func (a *Area) usersTab() fyne.CanvasObject {
	a.UsersList = widget.NewList(
		func() int { return len(a.Users) },
		func() fyne.CanvasObject {
			return container.NewGridWithColumns(4, widget.NewLabel("Nguyễn Thị Lan"), widget.NewLabel("lan.nguyen"), widget.NewLabel("Sales agent"), widget.NewLabel("active"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(a.Users) {
				return
			}
			u := a.Users[i]
			row := o.(*fyne.Container).Objects
			row[0].(*widget.Label).SetText(u.Name)
			row[1].(*widget.Label).SetText(u.Login)
			row[2].(*widget.Label).SetText(lang.X("role."+string(u.Role), string(u.Role)))
			state := lang.X("settings.users.active", "Active")
			if !u.Active {
				state = lang.X("settings.users.inactive", "Deactivated")
			}
			row[3].(*widget.Label).SetText(state)
		},
	)
	note := widget.NewLabel(lang.X("settings.users.note", "Users are created, changed and deactivated on the server (tourdesk-server user add, user set, user disable); this list shows what the server publishes."))
	note.Wrapping = fyne.TextWrapWord
	return container.NewBorder(note, nil, nil, nil, a.UsersList)
}

func (a *Area) loadUsers() []*app.User {
	if a.deps.Session.Role != app.RoleAdmin {
		return nil
	}
	ids, err := a.deps.Store.SortedIDs(app.KindUser)
	if err != nil {
		return nil
	}
	var out []*app.User
	for _, id := range ids {
		if u, err := service.Load[app.User](a.deps.Store, id); err == nil {
			out = append(out, u)
		}
	}
	return out
}
