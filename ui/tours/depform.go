package tours

import (
	"cmp"
	"errors"
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
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/input"
)

// depForm is the New departure form: a tour, its dates, capacity and
// minimum to run. The end date follows the tour's length until the user
// types one.
type depForm struct {
	content    fyne.CanvasObject
	msgs       *input.Messages
	saveButton *widget.Button
	save       func(*app.Departure)

	tours                     []*app.Tour
	tour                      *widget.Select
	code, start, end          *input.Entry
	capacity, minimum, notes  *input.Entry
	proposedEnd, proposedCode string
}

func newDepForm(tours []*app.Tour) *depForm {
	f := &depForm{msgs: input.NewMessages()}
	for _, t := range tours {
		if !t.Archived {
			f.tours = append(f.tours, t)
		}
	}
	f.tour = widget.NewSelect(nil, func(string) { f.msgs.Clear("tour_id"); f.fill() })
	for _, t := range f.tours {
		f.tour.Options = append(f.tour.Options, t.Code+" · "+t.Name)
	}
	f.tour.PlaceHolder = lang.X("tours.dep.pick_tour", "Choose the tour")
	entry := func(field, placeholder string) *input.Entry {
		e := input.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.msgs.Clear(field) }
		e.OnSubmitted = func(string) { f.onSave() }
		return e
	}
	f.code = entry("code", lang.X("tours.dep.code_hint", "e.g. DAD-4D3N-261201"))
	f.start = entry("start_date", "YYYY-MM-DD")
	f.start.OnChanged = func(string) { f.msgs.Clear("start_date"); f.fill() }
	f.end = entry("end_date", "YYYY-MM-DD")
	f.end.OnChanged = func(s string) { f.msgs.Clear("end_date") }
	f.capacity = entry("capacity", "")
	f.capacity.SetText("30")
	f.minimum = entry("min_travelers", "")
	f.minimum.SetText("10")
	f.notes = input.NewMultiLineEntry()
	f.notes.SetMinRowsVisible(2)
	l := func(key, fallback string) *widget.Label {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	grid := container.New(layout.NewFormLayout(),
		l("tours.dep.field.tour", "Tour *"), f.msgs.Cell("tour_id", f.tour),
		l("tours.dep.field.start", "Start *"), f.msgs.Cell("start_date", f.start),
		l("tours.dep.field.end", "End *"), f.msgs.Cell("end_date", f.end),
		l("tours.dep.field.code", "Code"), f.msgs.Cell("code", f.code),
		l("tours.dep.field.capacity", "Seats *"), f.msgs.Cell("capacity", f.capacity),
		l("tours.dep.field.minimum", "Minimum to run"), f.msgs.Cell("min_travelers", f.minimum),
		l("tours.dep.field.notes", "Notes"), f.msgs.Cell("notes", f.notes),
	)
	f.content = container.NewBorder(f.msgs.General, nil, nil, nil, container.NewVScroll(grid))
	return f
}

// fill proposes the end date (start + the tour's days − 1) and the code
// (tour code and start date) while the user has not typed their own.
func (f *depForm) fill() {
	i := f.tour.SelectedIndex()
	start, err := app.ParseDate(strings.TrimSpace(f.start.Text))
	if i < 0 || i >= len(f.tours) || err != nil || start.IsZero() {
		return
	}
	t := f.tours[i]
	end := start.AddDays(max(0, t.Days-1)).String()
	if f.end.Text == "" || f.end.Text == f.proposedEnd {
		f.end.SetText(end)
		f.proposedEnd = end
	}
	code := t.Code + "-" + strings.ReplaceAll(start.String(), "-", "")[2:]
	if f.code.Text == "" || f.code.Text == f.proposedCode {
		f.code.SetText(code)
		f.proposedCode = code
	}
}

func (f *depForm) read() (*app.Departure, []app.FieldError) {
	d := &app.Departure{Code: f.code.Text, Notes: f.notes.Text, Status: app.DeparturePlanned}
	var problems []app.FieldError
	if i := f.tour.SelectedIndex(); i >= 0 && i < len(f.tours) {
		d.TourID = f.tours[i].ID
	}
	date := func(field, s string) app.Date {
		v, err := app.ParseDate(strings.TrimSpace(s))
		if err != nil {
			problems = append(problems, app.FieldError{Field: field, Code: app.CodeFormat, Message: lang.X("tours.problem.date", "Not a date like 2026-12-01")})
		}
		return v
	}
	num := func(field, s string) int {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil && strings.TrimSpace(s) != "" {
			problems = append(problems, app.FieldError{Field: field, Code: app.CodeFormat, Message: lang.X("tours.problem.number", "Not a whole number")})
		}
		return n
	}
	d.StartDate = date("start_date", f.start.Text)
	d.EndDate = date("end_date", f.end.Text)
	d.Capacity = num("capacity", f.capacity.Text)
	d.MinTravelers = num("min_travelers", f.minimum.Text)
	return d, problems
}

func (f *depForm) onSave() {
	if f.saveButton != nil && f.saveButton.Disabled() {
		return
	}
	f.msgs.ClearAll()
	d, problems := f.read()
	check := *d
	var ve *app.ValidationError
	if err := check.Validate(); errors.As(err, &ve) {
		problems = append(problems, ve.Problems...)
	}
	if len(problems) > 0 {
		f.showError(&app.ValidationError{Kind: app.KindDeparture, Problems: problems})
		return
	}
	f.save(d)
}

func (f *depForm) showError(err error) {
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		f.msgs.SetGeneral(lang.X("tours.form.error", "Could not save: {{.Error}}", map[string]any{"Error": err.Error()}))
		return
	}
	var general []string
	for _, p := range ve.Problems {
		if !f.msgs.Add(p.Field, problemText(p)) {
			general = append(general, p.Field+": "+p.Message)
		}
	}
	f.msgs.SetGeneral(cmp.Or(strings.Join(general, "\n"), lang.X("tours.form.fix", "Please correct the fields marked in red.")))
}

// onNewDeparture opens the New departure form over the tours loaded on
// the Tours tab.
func (d *departures) onNewDeparture() {
	a := d.a
	if d.form != nil || !a.operates() {
		return
	}
	f := newDepForm(a.tours.tours)
	d.form = f
	dlg := dialog.NewCustomWithoutButtons(lang.X("tours.dep.new", "New departure"), f.content, a.win)
	cancel := widget.NewButton(lang.X("tours.cancel", "Cancel"), dlg.Hide)
	f.saveButton = widget.NewButtonWithIcon(lang.X("tours.save", "Save (Ctrl+S)"), theme.DocumentSaveIcon(), f.onSave)
	f.saveButton.Importance = widget.HighImportance
	dlg.SetButtons([]fyne.CanvasObject{cancel, f.saveButton})
	dlg.SetOnClosed(func() {
		if d.form == f {
			d.form = nil
		}
	})
	f.save = func(dep *app.Departure) {
		f.saveButton.Disable()
		go func() {
			id := record.NewID()
			err := a.store.Update(func(tx service.Tx) error {
				if _, err := service.Load[app.Tour](tx, dep.TourID); err != nil {
					return err
				}
				_, err := service.StoreEntity(tx, id, dep)
				return err
			})
			a.do(func() {
				f.saveButton.Enable()
				if err != nil {
					f.showError(err)
					return
				}
				d.form = nil
				dlg.Hide()
				d.detail.show(id)
				d.reload()
			})
		}()
	}
	size := a.win.Canvas().Size()
	dlg.Resize(fyne.NewSize(min(640, size.Width-40), min(560, size.Height-40)))
	dlg.Show()
}
