package tours

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/edit"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// tourList is the Tours tab: the tours by name and the selected one's
// program, with New and Edit for those who may.
type tourList struct {
	a         *Area
	count     *widget.Label
	newButton *widget.Button
	list      *widget.List
	tours     []*app.Tour
	loadGen   int
	shownGen  int
	selected  string
	detail    *widget.Label
	editBtn   *widget.Button
	terms     string
	form      *tourForm
	content   fyne.CanvasObject
}

func newTourList(a *Area) *tourList {
	tl := &tourList{a: a}
	tl.count = widget.NewLabel(lang.X("tours.loading", "Loading…"))
	tl.count.TextStyle.Italic = true
	tl.newButton = widget.NewButtonWithIcon(lang.X("tours.tour.new", "New tour"), theme.ContentAddIcon(), tl.onNew)
	tl.newButton.Importance = widget.HighImportance
	tl.editBtn = widget.NewButtonWithIcon(lang.X("tours.tour.edit", "Edit program"), theme.DocumentCreateIcon(), tl.onEdit)
	if !tl.mayWrite() {
		tl.newButton.Hide()
		tl.editBtn.Hide()
	}
	tl.list = widget.NewList(func() int { return len(tl.tours) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("DAD-4D3N · Đà Nẵng – Hội An 4 ngày 3 đêm · 6.900.000 ₫")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(tl.tours) {
				t := tl.tours[i]
				s := t.Code + " · " + t.Name + " · " + format.Money(t.PriceAdult)
				if t.Archived {
					s += " · " + lang.X("tours.tour.archived", "archived")
				}
				o.(*widget.Label).SetText(s)
			}
		})
	tl.list.OnSelected = func(i widget.ListItemID) {
		if i < len(tl.tours) {
			tl.selected = tl.tours[i].ID
			tl.showDetail()
		}
	}
	tl.detail = widget.NewLabel(lang.X("tours.tour.none", "Select a tour to see its program."))
	tl.detail.Wrapping = fyne.TextWrapWord
	left := container.NewBorder(container.NewBorder(nil, nil, nil, tl.newButton, tl.count), nil, nil, nil, tl.list)
	right := container.NewBorder(container.NewHBox(layout.NewSpacer(), tl.editBtn), nil, nil, nil, container.NewVScroll(tl.detail))
	split := container.NewHSplit(left, container.NewPadded(right))
	split.Offset = 0.38
	tl.content = split
	return tl
}

func (tl *tourList) mayWrite() bool {
	return tl.a.session.Role == "" || tl.a.session.Role == app.RoleOperator || tl.a.session.Role == app.RoleAdmin
}

func (tl *tourList) reload() {
	tl.loadGen++
	gen := tl.loadGen
	a := tl.a
	if a.store == nil { // a shell built without a store (tests of the shell)
		tl.shownGen = gen
		return
	}
	go func() {
		var tours []*app.Tour
		terms := ""
		err := a.store.View(func(r service.Reader) error {
			ids, err := a.store.SortedIDs(app.KindTour)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if t, err := service.Load[app.Tour](r, id); err == nil {
					t.ID = id
					tours = append(tours, t)
				}
			}
			if s, err := service.Load[app.CompanySettings](r, app.CompanySettingsID); err == nil {
				terms = s.CancellationTerms
			}
			return nil
		})
		a.do(func() {
			if gen != tl.loadGen {
				return
			}
			tl.shownGen = gen
			if err != nil {
				tl.count.SetText(lang.X("tours.tour.error", "Could not load tours: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			tl.tours, tl.terms = tours, terms
			tl.count.SetText(lang.X("tours.tour.count", "{{.Count}} tours", map[string]any{"Count": len(tours)}))
			tl.list.Refresh()
			tl.showDetail()
		})
	}()
}

func (tl *tourList) current() *app.Tour {
	for _, t := range tl.tours {
		if t.ID == tl.selected {
			return t
		}
	}
	return nil
}

func (tl *tourList) showDetail() {
	t := tl.current()
	if t == nil {
		tl.editBtn.Disable()
		return
	}
	tl.editBtn.Enable()
	tl.detail.SetText(tourText(t, tl.terms))
}

// tourText is a tour's program as the detail shows it.
func tourText(t *app.Tour, terms string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s\n", t.Code, t.Name)
	fmt.Fprintf(&b, "%s\n", lang.X("tours.tour.length", "{{.Days}} days, {{.Nights}} nights", map[string]any{"Days": t.Days, "Nights": t.Nights}))
	prices := []string{lang.X("tours.price.adult_is", "adult {{.Price}}", map[string]any{"Price": format.Money(t.PriceAdult)})}
	if !t.PriceChild.IsZero() {
		prices = append(prices, lang.X("tours.price.child_is", "child {{.Price}}", map[string]any{"Price": format.Money(t.PriceChild)}))
	}
	if !t.PriceInfant.IsZero() {
		prices = append(prices, lang.X("tours.price.infant_is", "infant {{.Price}}", map[string]any{"Price": format.Money(t.PriceInfant)}))
	}
	b.WriteString(strings.Join(prices, " · ") + "\n")
	if t.Summary != "" {
		b.WriteString("\n" + t.Summary + "\n")
	}
	for _, d := range t.Program {
		var meals []string
		for _, m := range d.Meals {
			meals = append(meals, mealName(m))
		}
		fmt.Fprintf(&b, "\n%s: %s\n", lang.X("tours.program.day_n", "Day {{.N}}", map[string]any{"N": d.Day}), d.Title)
		if d.Description != "" {
			b.WriteString(d.Description + "\n")
		}
		if line := format.JoinNonEmpty(" · ", strings.Join(meals, ", "), d.Accommodation); line != "" {
			b.WriteString(line + "\n")
		}
	}
	if terms != "" {
		b.WriteString("\n" + lang.X("tours.terms", "Cancellation terms (company settings)") + ":\n" + terms + "\n")
	}
	return b.String()
}

func (tl *tourList) onNew() {
	if tl.form != nil || !tl.mayWrite() {
		return
	}
	tl.openForm(nil)
}

func (tl *tourList) onEdit() {
	if tl.form != nil || !tl.mayWrite() || tl.current() == nil {
		return
	}
	tl.openForm(tl.current())
}

func (tl *tourList) openForm(before *app.Tour) {
	f := newTourForm(before, tl.terms)
	tl.form = f
	title := lang.X("tours.tour.form_new", "New tour")
	if before != nil {
		title = lang.X("tours.tour.form_edit", "Edit tour")
	}
	d := dialog.NewCustomWithoutButtons(title, f.content, tl.a.win)
	cancel := widget.NewButton(lang.X("tours.cancel", "Cancel"), d.Hide)
	f.saveButton = widget.NewButtonWithIcon(lang.X("tours.save", "Save (Ctrl+S)"), theme.DocumentSaveIcon(), f.onSave)
	f.saveButton.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{cancel, f.saveButton})
	d.SetOnClosed(func() {
		if tl.form == f {
			tl.form = nil
		}
	})
	f.save = func(t *app.Tour) {
		f.setSaving(true)
		go func() {
			id, err := saveTour(tl.a.store, before, t)
			tl.a.do(func() {
				f.setSaving(false)
				if err != nil {
					f.showError(err)
					return
				}
				tl.form = nil
				d.Hide()
				tl.selected = id
				tl.reload()
			})
		}()
	}
	size := tl.a.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(820, size.Width-40), min(760, size.Height-40)))
	d.Show()
	tl.a.win.Canvas().Focus(f.code)
}

// saveTour validates t and stores it: whole when new, else only the
// fields that differ from before.
func saveTour(s service.Store, before, t *app.Tour) (string, error) {
	if before == nil {
		return edit.Save(s, "", nil, t)
	}
	return edit.Save(s, before.ID, before, t)
}

// dayEditor is one program day of the tour form.
type dayEditor struct {
	box         *fyne.Container
	label       *widget.Label
	title       *input.Entry
	description *input.Entry
	meals       map[app.Meal]*widget.Check
	hotel       *input.Entry
	errLabel    *widget.Label
}

// tourForm is the New or Edit tour form with the program editor.
type tourForm struct {
	before     *app.Tour
	content    fyne.CanvasObject
	saveButton *widget.Button
	save       func(*app.Tour)

	code, name, region, country, days, nights     *input.Entry
	summary, destinations, inclusions, exclusions *input.Entry
	priceAdult, priceChild, priceInfant, currency *input.Entry
	program                                       []*dayEditor
	programBox                                    *fyne.Container
	msgs                                          *input.Messages
	entries                                       map[string]*input.Entry
}

func newTourForm(before *app.Tour, terms string) *tourForm {
	f := &tourForm{before: before, msgs: input.NewMessages(), entries: map[string]*input.Entry{}}
	t := before
	if t == nil {
		t = &app.Tour{Days: 1, PriceAdult: money.Money{Currency: "VND"}, Country: "VN"}
	}
	entry := func(field, value, placeholder string) *input.Entry {
		e := input.NewEntry()
		e.SetText(value)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.msgs.Clear(field) }
		f.entries[field] = e
		return e
	}
	amount := func(m money.Money) string {
		if m.Amount == 0 {
			return ""
		}
		s := m.String()
		return strings.TrimSuffix(s, " "+m.Currency)
	}
	cur := t.PriceAdult.Currency
	if cur == "" {
		cur = "VND"
	}
	f.code = entry("code", t.Code, lang.X("tours.placeholder.code", "e.g. DAD-4D3N"))
	f.name = entry("name", t.Name, "")
	f.region = entry("region", t.Region, lang.X("tours.placeholder.region", "e.g. Central Vietnam"))
	f.country = entry("country", t.Country, lang.X("tours.placeholder.country", "Two letters, e.g. VN"))
	f.days = entry("days", strconv.Itoa(t.Days), "")
	f.nights = entry("nights", strconv.Itoa(t.Nights), "")
	f.destinations = entry("destinations", strings.Join(t.Destinations, ", "), lang.X("tours.placeholder.list", "Separated by commas"))
	f.summary = input.NewMultiLineEntry()
	f.summary.SetText(t.Summary)
	f.summary.SetMinRowsVisible(3)
	f.summary.OnChanged = func(string) { f.msgs.Clear("summary") }
	f.entries["summary"] = f.summary
	// One item a line: an item may hold commas ("Vé máy bay, xe đưa đón").
	lines := func(field string, items []string) *input.Entry {
		e := input.NewMultiLineEntry()
		e.SetText(strings.Join(items, "\n"))
		e.SetPlaceHolder(lang.X("tours.placeholder.lines", "One item a line"))
		e.SetMinRowsVisible(3)
		e.OnChanged = func(string) { f.msgs.Clear(field) }
		f.entries[field] = e
		return e
	}
	f.inclusions = lines("inclusions", t.Inclusions)
	f.exclusions = lines("exclusions", t.Exclusions)
	f.priceAdult = entry("price_adult", amount(t.PriceAdult), "")
	f.priceChild = entry("price_child", amount(t.PriceChild), "")
	f.priceInfant = entry("price_infant", amount(t.PriceInfant), "")
	f.currency = entry("currency", cur, "VND")
	for _, e := range []*input.Entry{f.code, f.name, f.region, f.country, f.days, f.nights, f.priceAdult, f.priceChild, f.priceInfant, f.currency} {
		e.OnSubmitted = func(string) { f.onSave() }
	}

	f.programBox = container.NewVBox()
	for _, d := range t.Program {
		f.addDay(d)
	}
	addDay := widget.NewButtonWithIcon(lang.X("tours.program.add", "Add day"), theme.ContentAddIcon(), func() { f.addDay(app.ProgramDay{}) })

	l := func(key, fallback string) *widget.Label {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	termsLabel := widget.NewLabel(terms)
	if terms == "" {
		termsLabel.SetText(lang.X("tours.terms.none", "None set: an admin sets the cancellation terms in Settings → Company."))
	}
	termsLabel.Wrapping = fyne.TextWrapWord
	grid := container.New(layout.NewFormLayout(),
		l("tours.field.code", "Code *"), f.msgs.Cell("code", f.code),
		l("tours.field.name", "Name *"), f.msgs.Cell("name", f.name),
		l("tours.field.summary", "Summary"), f.msgs.Cell("summary", f.summary),
		l("tours.field.destinations", "Destinations"), f.msgs.Cell("destinations", f.destinations),
		l("tours.field.region", "Region"), f.msgs.Cell("region", f.region),
		l("tours.field.country", "Country"), f.msgs.Cell("country", f.country),
		l("tours.field.days", "Days *"), f.msgs.Cell("days", f.days),
		l("tours.field.nights", "Nights"), f.msgs.Cell("nights", f.nights),
		l("tours.field.price_adult", "Price per adult *"), f.msgs.Cell("price_adult", f.priceAdult),
		l("tours.field.price_child", "Price per child"), f.msgs.Cell("price_child", f.priceChild),
		l("tours.field.price_infant", "Price per infant"), f.msgs.Cell("price_infant", f.priceInfant),
		l("tours.field.currency", "Currency"), f.msgs.Cell("currency", f.currency),
		l("tours.field.inclusions", "Included"), f.msgs.Cell("inclusions", f.inclusions),
		l("tours.field.exclusions", "Not included"), f.msgs.Cell("exclusions", f.exclusions),
		l("tours.field.program", "Program"), f.msgs.Cell("program", container.NewVBox(f.programBox, container.NewHBox(addDay))),
		l("tours.field.terms", "Cancellation terms"), termsLabel,
	)
	f.content = container.NewBorder(f.msgs.General, nil, nil, nil, container.NewVScroll(grid))
	return f
}

// addDay appends a day editor (the next day number) filled with d.
func (f *tourForm) addDay(d app.ProgramDay) {
	de := &dayEditor{meals: map[app.Meal]*widget.Check{}}
	de.label = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	de.title = input.NewEntry()
	de.title.SetPlaceHolder(lang.X("tours.program.title", "Title, e.g. Hà Nội – Hạ Long"))
	de.title.SetText(d.Title)
	de.description = input.NewMultiLineEntry()
	de.description.SetPlaceHolder(lang.X("tours.program.description", "What the group does this day"))
	de.description.SetText(d.Description)
	de.description.SetMinRowsVisible(2)
	de.hotel = input.NewEntry()
	de.hotel.SetPlaceHolder(lang.X("tours.program.hotel", "Hotel for the night"))
	de.hotel.SetText(d.Accommodation)
	meals := container.NewHBox()
	for _, m := range []app.Meal{app.Breakfast, app.Lunch, app.Dinner} {
		c := widget.NewCheck(mealName(m), nil)
		c.SetChecked(slices.Contains(d.Meals, m))
		de.meals[m] = c
		meals.Add(c)
	}
	de.errLabel = input.NewProblemLabel()
	for _, e := range []*input.Entry{de.title, de.description, de.hotel} {
		e.OnChanged = func(string) { de.errLabel.Hide() }
	}
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { f.removeDay(de) })
	remove.Importance = widget.LowImportance
	de.box = container.NewVBox(
		container.NewBorder(nil, nil, de.label, remove, de.title),
		de.description,
		container.NewBorder(nil, nil, meals, nil, de.hotel),
		de.errLabel,
		widget.NewSeparator(),
	)
	f.program = append(f.program, de)
	f.programBox.Add(de.box)
	f.renumber()
}

func (f *tourForm) removeDay(de *dayEditor) {
	i := slices.Index(f.program, de)
	if i < 0 {
		return
	}
	f.program = slices.Delete(f.program, i, i+1)
	f.programBox.Remove(de.box)
	f.renumber()
}

// renumber labels the days by their position: day i+1 is the i-th.
func (f *tourForm) renumber() {
	for i, de := range f.program {
		de.label.SetText(lang.X("tours.program.day_n", "Day {{.N}}", map[string]any{"N": i + 1}))
	}
}

// read is the tour the form describes, with the problems of entries that
// do not parse (numbers and amounts).
func (f *tourForm) read() (*app.Tour, []app.FieldError) {
	var t app.Tour
	if f.before != nil {
		t = *f.before
	}
	var problems []app.FieldError
	num := func(field, s string) int {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			problems = append(problems, app.FieldError{Field: field, Code: app.CodeFormat, Message: lang.X("tours.problem.number", "Not a whole number")})
		}
		return n
	}
	cur := money.NormalizeCode(strings.TrimSpace(f.currency.Text))
	if !money.Known(cur) {
		problems = append(problems, app.FieldError{Field: "currency", Code: app.CodeFormat, Message: lang.X("tours.problem.currency", "Unknown currency (e.g. VND, USD)")})
	}
	price := func(field, s string) money.Money {
		if strings.TrimSpace(s) == "" {
			return money.Money{}
		}
		m, err := money.Parse(strings.TrimSpace(s), cur)
		if err != nil {
			problems = append(problems, app.FieldError{Field: field, Code: app.CodeFormat, Message: lang.X("tours.problem.amount", "Not an amount, e.g. 6.900.000")})
		}
		return m
	}
	t.Code = f.code.Text
	t.Name = f.name.Text
	t.Summary = f.summary.Text
	t.Destinations = input.SplitList(f.destinations.Text)
	t.Region = f.region.Text
	t.Country = f.country.Text
	t.Days = num("days", f.days.Text)
	t.Nights = num("nights", f.nights.Text)
	t.PriceAdult = price("price_adult", f.priceAdult.Text)
	t.PriceChild = price("price_child", f.priceChild.Text)
	t.PriceInfant = price("price_infant", f.priceInfant.Text)
	t.Inclusions = splitLines(f.inclusions.Text)
	t.Exclusions = splitLines(f.exclusions.Text)
	t.Program = nil
	for i, de := range f.program {
		d := app.ProgramDay{Day: i + 1, Title: de.title.Text, Description: de.description.Text, Accommodation: de.hotel.Text}
		for _, m := range []app.Meal{app.Breakfast, app.Lunch, app.Dinner} {
			if de.meals[m].Checked {
				d.Meals = append(d.Meals, m)
			}
		}
		t.Program = append(t.Program, d)
	}
	return &t, problems
}

func (f *tourForm) onSave() {
	if f.saveButton != nil && f.saveButton.Disabled() {
		return
	}
	f.clearErrors()
	t, problems := f.read()
	check := *t
	check.Program = slices.Clone(t.Program)
	var ve *app.ValidationError
	if err := check.Validate(); errors.As(err, &ve) {
		problems = append(problems, ve.Problems...)
	} else if err != nil {
		f.showError(err)
		return
	}
	if len(problems) > 0 {
		f.showError(&app.ValidationError{Kind: app.KindTour, Problems: problems})
		return
	}
	f.save(t)
}

func (f *tourForm) setSaving(on bool) {
	if f.saveButton == nil {
		return
	}
	if on {
		f.saveButton.Disable()
	} else {
		f.saveButton.Enable()
	}
}

// showError puts each problem beside its field, a program day's beside
// that day; anything else above the form.
func (f *tourForm) showError(err error) {
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		f.msgs.SetGeneral(lang.X("tours.form.error", "Could not save: {{.Error}}", map[string]any{"Error": err.Error()}))
		return
	}
	var general []string
	var first *input.Entry
	for _, p := range ve.Problems {
		if rest, ok := strings.CutPrefix(p.Field, "program."); ok {
			idx, sub, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < len(f.program) {
				de := f.program[i]
				msg := sub + ": " + problemText(p)
				if de.errLabel.Visible() {
					msg = de.errLabel.Text + "\n" + msg
				}
				de.errLabel.SetText(msg)
				de.errLabel.Show()
				if first == nil {
					first = de.title
				}
				continue
			}
		}
		field, _, _ := strings.Cut(p.Field, ".")
		if !f.msgs.Add(field, problemText(p)) {
			general = append(general, p.Field+": "+p.Message)
			continue
		}
		if e := f.entries[field]; e != nil && first == nil {
			first = e
		}
	}
	f.msgs.SetGeneral(cmp.Or(strings.Join(general, "\n"), lang.X("tours.form.fix", "Please correct the fields marked in red.")))
	if first != nil {
		if c := fyne.CurrentApp().Driver().CanvasForObject(first); c != nil {
			c.Focus(first)
		}
	}
}

func problemText(p app.FieldError) string {
	switch p.Code {
	case app.CodeRequired:
		return lang.X("tours.problem.required", "Required")
	case app.CodeTooLong:
		return lang.X("tours.problem.too_long", "Too long")
	}
	return p.Message
}

func (f *tourForm) clearErrors() {
	f.msgs.ClearAll()
	for _, de := range f.program {
		de.errLabel.Hide()
	}
}

// splitLines reads one item a line, blank lines skipped.
func splitLines(s string) []string {
	var out []string
	for _, v := range strings.Split(s, "\n") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
