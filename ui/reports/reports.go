// Package reports is the Reports area of the desktop app: pick a report
// (app/report's List) and a period (a month, quarter, year or any run of
// days), run it off the UI goroutine with a progress bar, and see its
// table (money formatted for the language), a bar chart for reports with
// a category or time axis, or, for the director's overview, headline
// cards. A report is exported to CSV or XLSX through a save dialog by an
// Exporter that cmd/tourdesk provides (the ui may not import the file
// writers of cmd/internal).
//
// Which reports a role sees: marketing the campaign ROI; the other roles
// that have the area, every report (the data under them is already what
// the role may read: the store holds only that).
package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
)

// Exporter writes a report's table to a file format. cmd/tourdesk
// implements it over cmd/internal/tabular.
type Exporter interface {
	// Formats lists the formats Export writes, as file extensions
	// without the dot ("csv", "xlsx"), in the order buttons show them.
	Formats() []string
	// Export writes t to w in format: a heading row of the column titles,
	// the rows, the totals row last, and (when the table holds money) a
	// Currency column. It does not close w. Safe to call from any
	// goroutine.
	Export(w io.Writer, format string, t *report.Table) error
}

// Deps are what the Reports area works with.
type Deps struct {
	Store   service.Store
	Session service.Session
	// Exporter writes exports; nil hides the export buttons.
	Exporter Exporter
	// Now is the clock (time.Now when nil): the default period and the
	// day receivables are aged on.
	Now func() time.Time
}

// Period kinds, in the order the menu shows them.
const (
	kindMonth = iota
	kindQuarter
	kindYear
	kindCustom
)

// Area is the Reports screen. Its fields are owned by the UI goroutine.
type Area struct {
	deps Deps
	win  fyne.Window
	do   func(func())

	list    []report.Info
	current int

	reportList *widget.List
	kind       *widget.Select
	year       *widget.Select
	sub        *widget.Select
	from, to   *input.Entry
	dates      *fyne.Container
	run        *widget.Button
	progress   *widget.ProgressBarInfinite
	exports    []*widget.Button
	msg        *widget.Label

	title *widget.Label
	notes *widget.Label
	body  *fyne.Container
	table *widget.Table
	shown *report.Table
	chart *barChart
	cards *fyne.Container
	years []int

	runGen   int
	shownGen int
	content  fyne.CanvasObject

	// saveDialog asks where to save an export (tests replace it).
	saveDialog func(name string, done func(fyne.URIWriteCloser, error))
}

// New builds the Reports area.
func New(deps Deps, win fyne.Window) *Area { return newArea(deps, win, fyne.Do) }

// ForRole lists the reports role may run.
func ForRole(role app.Role) []report.Info {
	all := report.List()
	if role != app.RoleMarketing {
		return all
	}
	var out []report.Info
	for _, r := range all {
		if r.Name == "campaign-roi" {
			out = append(out, r)
		}
	}
	return out
}

func newArea(deps Deps, win fyne.Window, do func(func())) *Area {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	a := &Area{deps: deps, win: win, do: do, list: ForRole(deps.Session.Role), current: -1}
	a.saveDialog = func(name string, done func(fyne.URIWriteCloser, error)) {
		d := dialog.NewFileSave(done, a.win)
		d.SetFileName(name)
		d.Show()
	}
	a.reportList = widget.NewList(func() int { return len(a.list) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("Revenue and profit by salesperson")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(ReportTitle(a.list[i])) })
	a.reportList.OnSelected = func(i widget.ListItemID) {
		if i != a.current {
			a.current = i
			a.Run()
		}
	}

	today := app.DateOf(deps.Now())
	var yearNames []string
	for y := today.Year + 1; y >= today.Year-6; y-- {
		a.years = append(a.years, y)
		yearNames = append(yearNames, fmt.Sprint(y))
	}
	a.kind = widget.NewSelect([]string{lang.X("reports.period.month", "Month"), lang.X("reports.period.quarter", "Quarter"),
		lang.X("reports.period.year", "Year"), lang.X("reports.period.custom", "Custom dates")}, func(string) { a.periodKindChanged() })
	a.year = widget.NewSelect(yearNames, nil)
	a.year.SetSelectedIndex(1) // this year
	a.sub = widget.NewSelect(nil, nil)
	a.from, a.to = input.NewEntry(), input.NewEntry()
	a.from.SetPlaceHolder(lang.X("reports.period.from", "From (2026-01-01)"))
	a.to.SetPlaceHolder(lang.X("reports.period.to", "To (2026-03-31)"))
	entrySize := fyne.NewSize(170, a.from.MinSize().Height)
	a.dates = container.NewHBox(container.NewGridWrap(entrySize, a.from), container.NewGridWrap(entrySize, a.to))
	a.dates.Hide()
	a.from.OnSubmitted = func(string) { a.Run() }
	a.to.OnSubmitted = func(string) { a.Run() }
	a.kind.SetSelectedIndex(kindMonth)
	a.sub.SetSelectedIndex(int(today.Month) - 1)
	a.year.OnChanged = func(string) {}

	a.run = widget.NewButtonWithIcon(lang.X("reports.run", "Run"), theme.MediaPlayIcon(), a.Run)
	a.run.Importance = widget.HighImportance
	a.progress = widget.NewProgressBarInfinite()
	a.progress.Stop()
	a.progress.Hide()
	a.msg = widget.NewLabel("")
	a.msg.Wrapping = fyne.TextWrapWord
	a.msg.Hide()
	if deps.Exporter != nil {
		for _, f := range deps.Exporter.Formats() {
			f := f
			b := widget.NewButtonWithIcon(lang.X("reports.export", "Export {{.Format}}", map[string]any{"Format": strings.ToUpper(f)}), theme.DownloadIcon(), func() { a.Export(f) })
			b.Disable()
			a.exports = append(a.exports, b)
		}
	}

	a.title = widget.NewLabel(lang.X("reports.pick", "Pick a report and a period."))
	a.title.TextStyle.Bold = true
	a.title.Wrapping = fyne.TextWrapWord
	a.notes = widget.NewLabel("")
	a.notes.Wrapping = fyne.TextWrapWord
	a.notes.Importance = widget.LowImportance
	a.notes.Hide()
	a.table = newTable(a)
	a.chart = newBarChart()
	a.cards = container.NewGridWrap(fyne.NewSize(236, 86))
	a.body = container.NewStack()

	period := container.NewHBox(a.kind, a.year, a.sub, a.dates, a.run)
	exportBox := container.NewHBox()
	for _, b := range a.exports {
		exportBox.Add(b)
	}
	bar := container.NewVBox(container.NewBorder(nil, nil, period, nil, a.progress), a.msg)
	head := container.NewVBox(container.NewBorder(nil, nil, nil, exportBox, a.title), a.notes)
	right := container.NewBorder(container.NewVBox(bar, widget.NewSeparator(), head), nil, nil, nil, a.body)
	left := container.NewStack(sized(240), a.reportList)
	a.content = container.NewBorder(nil, nil, container.NewHBox(left, widget.NewSeparator()), nil, right)
	if len(a.list) > 0 {
		a.reportList.Select(0)
	}
	return a
}

// Content is the area's root object.
func (a *Area) Content() fyne.CanvasObject { return a.content }

// Reload runs the shown report again (new data from a sync).
func (a *Area) Reload() {
	if a.shown != nil {
		a.Run()
	}
}

// Shortcuts: Ctrl+R is the app's sync; Enter in a date entry runs.
func (a *Area) periodKindChanged() {
	if a.sub == nil {
		return
	}
	a.sub.Show()
	a.year.Show()
	a.dates.Hide()
	switch a.kind.SelectedIndex() {
	case kindMonth:
		var months []string
		for m := time.January; m <= time.December; m++ {
			months = append(months, monthName(m))
		}
		i := a.sub.SelectedIndex()
		a.sub.SetOptions(months)
		if i >= 0 && i < 12 {
			a.sub.SetSelectedIndex(i)
		} else {
			a.sub.SetSelectedIndex(int(app.DateOf(a.deps.Now()).Month) - 1)
		}
	case kindQuarter:
		a.sub.SetOptions([]string{"Q1", "Q2", "Q3", "Q4"})
		a.sub.SetSelectedIndex((int(app.DateOf(a.deps.Now()).Month) - 1) / 3)
	case kindYear:
		a.sub.Hide()
	case kindCustom:
		a.sub.Hide()
		a.year.Hide()
		a.dates.Show()
	}
}

// Period is the period the controls say, or an error to show.
func (a *Area) Period() (report.Period, error) {
	y := a.years[max(a.year.SelectedIndex(), 0)]
	switch a.kind.SelectedIndex() {
	case kindMonth:
		return report.Month(y, time.Month(max(a.sub.SelectedIndex(), 0)+1)), nil
	case kindQuarter:
		return report.Quarter(y, max(a.sub.SelectedIndex(), 0)+1), nil
	case kindYear:
		return report.Year(y), nil
	}
	from, err1 := service.ParseLooseDate(strings.TrimSpace(a.from.Text))
	to, err2 := service.ParseLooseDate(strings.TrimSpace(a.to.Text))
	if err1 != nil || err2 != nil {
		return report.Period{}, fmt.Errorf("%s", lang.X("reports.period.bad_dates", "Give both days, like 2026-01-01 and 2026-03-31."))
	}
	if to.Before(from) {
		return report.Period{}, fmt.Errorf("%s", lang.X("reports.period.backwards", "The last day is before the first."))
	}
	if to.Time().Sub(from.Time()) > report.MaxPeriodDays*24*time.Hour {
		return report.Period{}, fmt.Errorf("%s", lang.X("reports.period.too_long", "The period is too long."))
	}
	return report.Days(from, to), nil
}

// SetPeriod sets the controls to kind (0 month, 1 quarter, 2 year, 3
// custom), year and the month or quarter index sub (tests; the custom
// dates are typed).
func (a *Area) setPeriod(kind, year, sub int) {
	a.kind.SetSelectedIndex(kind)
	a.year.SetSelectedIndex(slices.Index(a.years, year))
	if sub >= 0 {
		a.sub.SetSelectedIndex(sub)
	}
}

func (a *Area) setMessage(s string, bad bool) {
	a.msg.SetText(s)
	a.msg.Importance = widget.MediumImportance
	if bad {
		a.msg.Importance = widget.DangerImportance
	}
	if s == "" {
		a.msg.Hide()
	} else {
		a.msg.Show()
	}
	a.msg.Refresh()
}

// Run works out the chosen report for the chosen period off the UI
// goroutine, with the progress bar going, and shows it; a run overtaken
// by a newer one is dropped.
func (a *Area) Run() {
	if a.current < 0 || a.current >= len(a.list) {
		return
	}
	p, err := a.Period()
	if err != nil {
		a.setMessage(err.Error(), true)
		return
	}
	a.setMessage("", false)
	info := a.list[a.current]
	a.runGen++
	gen := a.runGen
	a.progress.Show()
	a.progress.Start()
	a.run.Disable()
	today := app.DateOf(a.deps.Now())
	if p.To.Before(today) {
		today = p.To
	}
	go func() {
		t, err := report.Run(a.deps.Store, info.Name, report.Options{Period: p, Today: today})
		a.do(func() {
			if gen != a.runGen {
				return
			}
			a.shownGen = gen
			a.progress.Stop()
			a.progress.Hide()
			a.run.Enable()
			if err != nil {
				a.setMessage(lang.X("reports.error", "The report could not be worked out: {{.Error}}", map[string]any{"Error": err.Error()}), true)
				return
			}
			a.show(t)
		})
	}()
}

// show puts t on screen: headline cards for the overview, else the
// table under a bar chart when the report has a category axis.
func (a *Area) show(t *report.Table) {
	a.shown = t
	a.title.SetText(lang.X("reports.heading", "{{.Title}} · {{.Period}} · {{.Currency}}",
		map[string]any{"Title": ReportTitle(report.Info{Name: t.Name, Title: t.Title}), "Period": t.Period.String(), "Currency": t.Currency}))
	a.notes.SetText(strings.Join(t.Notes, "\n"))
	if len(t.Notes) == 0 {
		a.notes.Hide()
	} else {
		a.notes.Show()
	}
	for _, b := range a.exports {
		b.Enable()
	}
	if t.Name == "overview" {
		a.cards.Objects = nil
		for _, r := range t.Rows {
			a.cards.Add(newCard(overviewLabel(r[0].Text), r[1].Format(i18n.Current())))
		}
		a.cards.Refresh()
		a.body.Objects = []fyne.CanvasObject{container.NewVScroll(a.cards)}
		a.body.Refresh()
		return
	}
	a.table.Refresh()
	for i, c := range t.Columns {
		a.table.SetColumnWidth(i, columnWidth(t, i, c))
	}
	if a.chart.set(t) {
		s := container.NewVSplit(container.NewVScroll(a.chart), a.table)
		s.Offset = 0.4
		a.body.Objects = []fyne.CanvasObject{s}
	} else {
		a.body.Objects = []fyne.CanvasObject{a.table}
	}
	a.body.Refresh()
}

// Shown is the table on screen (nil before the first run).
func (a *Area) Shown() *report.Table { return a.shown }

// Export asks where to save the shown report in format and writes it
// there off the UI goroutine.
func (a *Area) Export(format string) {
	t := a.shown
	if t == nil || a.deps.Exporter == nil {
		return
	}
	name := t.Name + "-" + strings.ReplaceAll(t.Period.String(), "..", "_") + "." + format
	a.saveDialog(name, func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			a.setMessage(lang.X("reports.export.failed", "Not exported: {{.Error}}", map[string]any{"Error": err.Error()}), true)
			return
		}
		if w == nil {
			return // cancelled
		}
		go func() {
			err := a.deps.Exporter.Export(w, format, t)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			a.do(func() {
				if err != nil {
					a.setMessage(lang.X("reports.export.failed", "Not exported: {{.Error}}", map[string]any{"Error": err.Error()}), true)
					return
				}
				a.setMessage(lang.X("reports.export.done", "Saved {{.Path}}.", map[string]any{"Path": w.URI().Path()}), false)
			})
		}()
	})
}
