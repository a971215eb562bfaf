package care

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/bookings"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// aspects are the rated aspects of a feedback form, in order.
var aspects = []struct {
	key   string
	title func() string
	get   func(*app.Feedback) int
}{
	{"guide", func() string { return lang.X("care.feedback.guide", "Guide") }, func(f *app.Feedback) int { return f.Guide }},
	{"hotel", func() string { return lang.X("care.feedback.hotel", "Hotel") }, func(f *app.Feedback) int { return f.Hotel }},
	{"transport", func() string { return lang.X("care.feedback.transport", "Transport") }, func(f *app.Feedback) int { return f.Transport }},
	{"food", func() string { return lang.X("care.feedback.food", "Food") }, func(f *app.Feedback) int { return f.Food }},
	{"program", func() string { return lang.X("care.feedback.program", "Program") }, func(f *app.Feedback) int { return f.Itinerary }},
	{"overall", func() string { return lang.X("care.feedback.overall", "Overall") }, func(f *app.Feedback) int { return f.Overall }},
}

// feedbackRow is a form with its booking's code and customer's name.
type feedbackRow struct {
	*app.Feedback
	Code, Customer string
}

// FeedbackTab lists the feedback forms with the average of each aspect,
// and files a new form for a booking.
type FeedbackTab struct {
	a   *Area
	svc *service.Feedbacks

	all      []*feedbackRow
	loadGen  int
	shownGen int

	add      *widget.Button
	averages *widget.Label
	list     *widget.List
	detail   *widget.Label
	msg      note
	pane     *container.Scroll
	content  fyne.CanvasObject

	form *feedbackForm
}

func newFeedbackTab(a *Area) *FeedbackTab {
	f := &FeedbackTab{a: a, svc: service.NewFeedbacks(a.deps.Store, a.deps.Session)}
	f.add = widget.NewButtonWithIcon(lang.X("care.feedback.new", "File feedback"), theme.ContentAddIcon(), f.onNew)
	if a.readOnly() || !a.canCreate(app.KindFeedback) {
		f.add.Hide()
	}
	f.averages = wrapped(lang.X("care.loading", "Loading…"))
	f.list = widget.NewList(func() int { return len(f.all) }, func() fyne.CanvasObject { return listrow.New() }, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < 0 || i >= len(f.all) {
			return
		}
		fb := f.all[i]
		o.(*listrow.Row).Set(strings.TrimPrefix(fb.Code+" · "+fb.Customer, " · "), service.Stars(fb.Overall),
			fb.ReceivedOn.String()+" · "+oneLine(fb.Comments, 80), fb.Overall > 0 && fb.Overall <= 2)
	})
	f.detail = wrapped(lang.X("care.feedback.none", "Select a form to read it."))
	f.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(f.all) {
			f.show(f.all[i])
		}
	}
	f.msg = newNote()
	bar := container.NewBorder(nil, nil, nil, f.add, f.averages)
	f.content, f.pane = split(bar, f.list, container.NewVBox(f.detail, f.msg.Label))
	f.msg.pane = f.pane
	return f
}

func (f *FeedbackTab) reload() {
	f.loadGen++
	gen := f.loadGen
	go func() {
		all, err := f.load()
		f.a.do(func() {
			if gen != f.loadGen {
				return
			}
			f.shownGen = gen
			if err != nil {
				f.averages.SetText(lang.X("care.error.load", "Could not load: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			f.all = all
			f.averages.SetText(Averages(all))
			f.list.UnselectAll()
			f.list.Refresh()
		})
	}()
}

func (f *FeedbackTab) load() ([]*feedbackRow, error) {
	ids, err := f.a.deps.Store.SortedIDs(app.KindFeedback)
	if err != nil {
		return nil, err
	}
	var out []*feedbackRow
	err = f.a.deps.Store.View(func(r service.Reader) error {
		for _, id := range ids {
			fb, err := service.Load[app.Feedback](r, id)
			if err != nil {
				continue
			}
			fb.ID = id
			row := &feedbackRow{Feedback: fb}
			if b, err := service.Load[app.Booking](r, fb.BookingID); err == nil {
				row.Code = b.Code
			}
			if c, err := service.Load[app.Customer](r, fb.CustomerID); err == nil {
				row.Customer = c.Name
			}
			out = append(out, row)
		}
		return nil
	})
	slices.SortStableFunc(out, func(x, y *feedbackRow) int {
		return cmp.Or(y.ReceivedOn.Compare(x.ReceivedOn), cmp.Compare(x.ID, y.ID))
	})
	return out, err
}

// average is the mean of the answered ratings (0 = not answered) with
// one decimal, rounded half up ("4.5"), and how many answered.
func average(forms []*feedbackRow, get func(*app.Feedback) int) (string, int) {
	sum, n := 0, 0
	for _, fb := range forms {
		if r := get(fb.Feedback); r > 0 {
			sum += r
			n++
		}
	}
	if n == 0 {
		return "–", 0
	}
	tenths := (sum*10*2 + n) / (2 * n) // round half up
	s := fmt.Sprintf("%d.%d", tenths/10, tenths%10)
	if lang.X("format.thousands", ",") == "." {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s, n
}

// Averages is the line above the list: the number of forms and each
// aspect's average.
func Averages(forms []*feedbackRow) string {
	parts := []string{lang.XN("care.feedback.count", "{{.Count}} forms", len(forms), map[string]any{"Count": i18n.Int(len(forms))})}
	for _, as := range aspects {
		avg, _ := average(forms, as.get)
		parts = append(parts, as.title()+" "+avg)
	}
	return strings.Join(parts, " · ")
}

func (f *FeedbackTab) show(fb *feedbackRow) {
	lines := []string{strings.TrimPrefix(fb.Code+" · "+fb.Customer, " · ") + " · " + fb.ReceivedOn.String()}
	for _, as := range aspects {
		lines = append(lines, as.title()+": "+service.Stars(as.get(fb.Feedback)))
	}
	if fb.WouldRecommend {
		lines = append(lines, lang.X("care.feedback.recommends", "Would recommend us"))
	}
	if fb.Comments != "" {
		lines = append(lines, "", fb.Comments)
	}
	f.detail.SetText(strings.Join(lines, "\n"))
	f.pane.Refresh()
}

// feedbackForm is the File feedback dialog.
type feedbackForm struct {
	search    *input.Entry
	booking   *widget.Select
	ratings   []*widget.Select
	comments  *input.Entry
	recommend *widget.Check
	msg       note
	choices   []bookings.Choice
	find      finder
	dlg       dialog.Dialog
	submit    func()
}

// ratingChoices are "–" (not answered) then 1 to 5.
var ratingChoices = []string{"–", "1", "2", "3", "4", "5"}

func (f *FeedbackTab) onNew() {
	fm := &feedbackForm{search: input.NewEntry(), comments: input.NewMultiLineEntry(), msg: newNote()}
	fm.search.SetPlaceHolder(lang.X("care.find_booking", "Find the booking: code or customer"))
	fm.booking = widget.NewSelect(nil, nil)
	fm.booking.PlaceHolder = lang.X("care.pick_booking", "(pick a booking)")
	fm.search.OnChanged = func(q string) {
		f.a.find(&fm.find, q, f.a.findBookings, func(ch []bookings.Choice) { fm.choices = ch; fillSelect(fm.booking, ch) })
	}
	form := widget.NewForm()
	for _, as := range aspects {
		s := widget.NewSelect(ratingChoices, nil)
		s.SetSelectedIndex(0)
		fm.ratings = append(fm.ratings, s)
		form.Append(as.title(), s)
	}
	fm.comments.SetPlaceHolder(lang.X("care.feedback.comments", "Comments"))
	fm.comments.SetMinRowsVisible(3)
	fm.recommend = widget.NewCheck(lang.X("care.feedback.recommend", "Would recommend us"), nil)
	fm.submit = func() { f.submit(fm) }
	cancel := widget.NewButton(lang.X("care.cancel", "Cancel"), func() { fm.dlg.Hide() })
	save := widget.NewButtonWithIcon(lang.X("care.save", "Save"), theme.DocumentSaveIcon(), fm.submit)
	save.Importance = widget.HighImportance
	d := dialog.NewCustomWithoutButtons(lang.X("care.feedback.new", "File feedback"),
		container.NewVScroll(container.NewVBox(fm.search, fm.booking, form, fm.comments, fm.recommend, fm.msg.Label)), f.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.SetOnClosed(func() { f.form = nil })
	d.Resize(fyne.NewSize(520, 600))
	fm.dlg = d
	escapes(d, fm.search, fm.comments)
	fm.search.OnSubmitted = func(string) { fm.submit() }
	f.form = fm
	d.Show()
	f.a.win.Canvas().Focus(fm.search)
}

func (f *FeedbackTab) submit(fm *feedbackForm) {
	i := fm.booking.SelectedIndex()
	if i < 0 || i >= len(fm.choices) {
		fm.msg.set(lang.X("care.booking_required", "Find and pick the booking first."), true)
		return
	}
	r := make([]int, len(fm.ratings))
	for j, s := range fm.ratings {
		r[j], _ = strconv.Atoi(s.Selected) // "–" reads 0: not answered
	}
	if r[5] == 0 {
		fm.msg.set(lang.X("care.feedback.overall_required", "The overall rating is required."), true)
		return
	}
	form := service.FeedbackForm{BookingID: fm.choices[i].ID, Guide: r[0], Hotel: r[1], Transport: r[2], Food: r[3], Program: r[4], Overall: r[5],
		Comments: strings.TrimSpace(fm.comments.Text), WouldRecommend: fm.recommend.Checked}
	today := f.a.today()
	go func() {
		_, err := f.svc.File(form, today)
		f.a.do(func() {
			if err != nil {
				fm.msg.set(lang.X("care.refused", "Not done: {{.Error}}", map[string]any{"Error": explain(err)}), true)
				return
			}
			fm.dlg.Hide()
			f.msg.set(lang.X("care.feedback.filed", "Feedback filed."), false)
			f.reload()
		})
	}()
}
