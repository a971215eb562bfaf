package care

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// campaignCols are the campaign table's columns.
var campaignCols = []struct {
	title func() string
	width float32
	cell  func(*segment.CampaignStats) string
}{
	{func() string { return lang.X("care.campaign.name", "Campaign") }, 160, func(s *segment.CampaignStats) string { return s.Name }},
	{func() string { return lang.X("care.campaign.channel", "Channel") }, 80, func(s *segment.CampaignStats) string { return channelName(s.Channel) }},
	{func() string { return lang.X("care.campaign.status", "Status") }, 100, func(s *segment.CampaignStats) string { return campaignStatusName(s.Status) }},
	{func() string { return lang.X("care.campaign.cost", "Cost") }, 110, func(s *segment.CampaignStats) string {
		return format.Money(money.New(s.Cost, s.Currency))
	}},
	{func() string { return lang.X("care.campaign.targets", "Targets") }, 70, func(s *segment.CampaignStats) string { return i18n.Int(s.Targets) }},
	{func() string { return lang.X("care.campaign.leads", "Leads") }, 75, func(s *segment.CampaignStats) string { return i18n.Int(s.Leads) }},
	{func() string { return lang.X("care.campaign.bookings", "Bookings") }, 75, func(s *segment.CampaignStats) string { return i18n.Int(s.Bookings) }},
	{func() string { return lang.X("care.campaign.conversion", "Conversion") }, 90, func(s *segment.CampaignStats) string { return percent(s.CustomerRateBP) }},
	{func() string { return lang.X("care.campaign.revenue", "Sales") }, 110, func(s *segment.CampaignStats) string {
		return format.Money(money.New(s.Revenue, s.Currency))
	}},
	{func() string { return lang.X("care.campaign.roi", "ROI") }, 95, func(s *segment.CampaignStats) string {
		if !s.HasROI {
			return "—"
		}
		return percent(s.ROIBP)
	}},
}

// percent writes basis points as a percentage in the current language.
func percent(bp int64) string { return report.PercentCell(bp).Format(i18n.Current()) }

func campaignStatusName(s app.CampaignStatus) string {
	switch s {
	case app.CampaignDraft:
		return lang.X("care.campaign.status.draft", "Draft")
	case app.CampaignRunning:
		return lang.X("care.campaign.status.running", "Running")
	case app.CampaignFinished:
		return lang.X("care.campaign.status.finished", "Finished")
	case app.CampaignCancelled:
		return lang.X("care.campaign.status.cancelled", "Cancelled")
	}
	return string(s)
}

// CampaignsTab lists campaigns with what each brought in (app/segment's
// CampaignStats), creates campaigns and makes a campaign's target list
// from a saved segment.
type CampaignsTab struct {
	a *Area

	stats    []*segment.CampaignStats
	segments []string
	loadGen  int
	shownGen int
	selected int

	table   *widget.Table
	count   *widget.Label
	add     *widget.Button
	segSel  *widget.Select
	targets *widget.Button
	msg     note
	content fyne.CanvasObject

	form *campaignForm
}

func newCampaignsTab(a *Area) *CampaignsTab {
	c := &CampaignsTab{a: a, selected: -1}
	c.count = widget.NewLabel(lang.X("care.loading", "Loading…"))
	c.table = widget.NewTable(
		func() (int, int) { return len(c.stats), len(campaignCols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < 0 || id.Row >= len(c.stats) {
				return
			}
			l := o.(*widget.Label)
			l.SetText(campaignCols[id.Col].cell(c.stats[id.Row]))
			if id.Col >= 3 {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
		})
	c.table.ShowHeaderRow = true
	c.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	c.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(campaignCols) {
			o.(*widget.Label).SetText(campaignCols[id.Col].title())
		}
	}
	for i, col := range campaignCols {
		c.table.SetColumnWidth(i, col.width)
	}
	c.table.OnSelected = func(id widget.TableCellID) { c.selected = id.Row; c.updateTargets() }

	c.add = widget.NewButtonWithIcon(lang.X("care.campaign.new", "New campaign"), theme.ContentAddIcon(), c.onNew)
	c.segSel = widget.NewSelect(nil, func(string) { c.updateTargets() })
	c.segSel.PlaceHolder = lang.X("care.campaign.pick_segment", "(saved segment)")
	c.targets = widget.NewButtonWithIcon(lang.X("care.campaign.make_targets", "Make target list"), theme.ContentCopyIcon(), c.onTargets)
	c.targets.Disable()
	if !a.canCreate(app.KindCampaign) || a.readOnly() {
		c.add.Hide()
		c.segSel.Hide()
		c.targets.Hide()
	}
	c.msg = newNote()
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(c.segSel, c.targets, c.add), c.count)
	c.content = container.NewBorder(bar, c.msg.Label, nil, nil, c.table)
	return c
}

func (c *CampaignsTab) reload() {
	c.loadGen++
	gen := c.loadGen
	go func() {
		stats, err := segment.AllCampaignStats(c.a.deps.Store)
		var segs []string
		c.a.deps.Store.View(func(r service.Reader) error {
			for _, g := range segment.Segments(r) {
				segs = append(segs, g.Name)
			}
			return nil
		})
		c.a.do(func() {
			if gen != c.loadGen {
				return
			}
			c.shownGen = gen
			if err != nil {
				c.count.SetText(lang.X("care.error.load", "Could not load: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			c.stats, c.segments = stats, segs
			c.count.SetText(lang.XN("care.campaign.count", "{{.Count}} campaigns", len(stats), map[string]any{"Count": i18n.Int(len(stats))}))
			c.segSel.SetOptions(segs)
			c.table.Refresh()
			c.updateTargets()
		})
	}()
}

func (c *CampaignsTab) updateTargets() {
	if c.selected >= 0 && c.selected < len(c.stats) && c.segSel.Selected != "" {
		c.targets.Enable()
	} else {
		c.targets.Disable()
	}
}

// onTargets adds the chosen saved segment's members to the selected
// campaign's target list.
func (c *CampaignsTab) onTargets() {
	if c.selected < 0 || c.selected >= len(c.stats) || c.segSel.Selected == "" {
		c.msg.set(lang.X("care.campaign.pick_both", "Pick a campaign in the table and a saved segment."), true)
		return
	}
	id, seg, today := c.stats[c.selected].CampaignID, c.segSel.Selected, c.a.today()
	c.targets.Disable()
	go func() {
		tl, err := segment.MakeTargets(c.a.deps.Store, seg, id, today)
		c.a.do(func() {
			c.targets.Enable()
			if err != nil {
				c.msg.set(lang.X("care.refused", "Not done: {{.Error}}", map[string]any{"Error": explain(err)}), true)
				return
			}
			c.msg.set(lang.X("care.campaign.targets_made", "{{.Added}} customers added ({{.Total}} on the list); {{.NoConsent}} without marketing consent will get no messages.",
				map[string]any{"Added": i18n.Int(tl.Added), "Total": i18n.Int(tl.Total), "NoConsent": i18n.Int(tl.NoConsent)}), false)
			c.reload()
		})
	}()
}

// campaignForm is the New campaign dialog.
type campaignForm struct {
	name, cost, start, end *input.Entry
	channel                *widget.Select
	msg                    note
	dlg                    dialog.Dialog
	submit                 func()
}

func (c *CampaignsTab) onNew() {
	f := &campaignForm{name: input.NewEntry(), cost: input.NewEntry(), start: input.NewEntry(), end: input.NewEntry(), msg: newNote()}
	var names []string
	for _, ch := range app.Channels {
		names = append(names, channelName(ch))
	}
	f.channel = widget.NewSelect(names, nil)
	f.channel.SetSelectedIndex(0)
	cur := c.a.data.DefaultCurrency()
	f.cost.SetPlaceHolder("5.000.000 " + cur)
	f.start.SetPlaceHolder(c.a.today().String())
	f.end.SetPlaceHolder(c.a.today().AddDays(30).String())
	f.submit = func() { c.submit(f, cur) }
	for _, e := range []*input.Entry{f.name, f.cost, f.start, f.end} {
		e.OnSubmitted = func(string) { f.submit() }
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("care.campaign.name", "Campaign"), f.name),
		widget.NewFormItem(lang.X("care.campaign.channel", "Channel"), f.channel),
		widget.NewFormItem(lang.X("care.campaign.cost", "Cost"), f.cost),
		widget.NewFormItem(lang.X("care.campaign.start", "Start"), f.start),
		widget.NewFormItem(lang.X("care.campaign.end", "End"), f.end),
	)
	cancel := widget.NewButton(lang.X("care.cancel", "Cancel"), func() { f.dlg.Hide() })
	save := widget.NewButtonWithIcon(lang.X("care.save", "Save"), theme.DocumentSaveIcon(), f.submit)
	save.Importance = widget.HighImportance
	d := dialog.NewCustomWithoutButtons(lang.X("care.campaign.new", "New campaign"), container.NewVBox(form, f.msg.Label), c.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.SetOnClosed(func() { c.form = nil })
	d.Resize(fyne.NewSize(480, 360))
	f.dlg = d
	escapes(d, f.name, f.cost, f.start, f.end)
	c.form = f
	d.Show()
	c.a.win.Canvas().Focus(f.name)
}

func (c *CampaignsTab) submit(f *campaignForm, cur string) {
	s := c.a.deps.Session
	cp := &app.Campaign{Name: strings.TrimSpace(f.name.Text), Channel: app.Channels[max(f.channel.SelectedIndex(), 0)], OwnerID: s.UserID, OfficeID: s.OfficeID}
	if s.Role == app.RoleAdmin || s.Role == "" {
		cp.OfficeID = ""
	}
	if cp.Name == "" {
		f.msg.set(lang.X("care.campaign.name_required", "The campaign needs a name."), true)
		return
	}
	if t := strings.TrimSpace(f.cost.Text); t != "" {
		m, err := money.Parse(t, cur)
		if err != nil || m.IsNegative() {
			f.msg.set(lang.X("care.campaign.bad_cost", "The cost is not an amount in {{.Currency}} (for example 5.000.000).", map[string]any{"Currency": cur}), true)
			return
		}
		cp.Cost = m
	}
	for _, d := range []struct {
		e  *input.Entry
		to *app.Date
	}{{f.start, &cp.StartDate}, {f.end, &cp.EndDate}} {
		if t := strings.TrimSpace(d.e.Text); t != "" {
			v, err := service.ParseLooseDate(t)
			if err != nil {
				f.msg.set(lang.X("care.bad_date", "Not a date like 2026-12-01."), true)
				return
			}
			*d.to = v
		}
	}
	if !cp.StartDate.IsZero() && !cp.EndDate.IsZero() && cp.EndDate.Before(cp.StartDate) {
		f.msg.set(lang.X("care.campaign.bad_period", "The campaign ends before it starts."), true)
		return
	}
	go func() {
		id := record.NewID()
		err := c.a.deps.Store.View(func(r service.Reader) error { return segment.MayEdit(r, s, app.KindCampaign, id, "name") })
		if err == nil {
			err = c.a.deps.Store.Update(func(tx service.Tx) error {
				_, err := service.StoreEntity(tx, id, cp)
				return err
			})
		}
		c.a.do(func() {
			if err != nil {
				f.msg.set(lang.X("care.refused", "Not done: {{.Error}}", map[string]any{"Error": explain(err)}), true)
				return
			}
			f.dlg.Hide()
			c.msg.set(lang.X("care.campaign.added", "Campaign {{.Name}} created.", map[string]any{"Name": cp.Name}), false)
			c.reload()
		})
	}()
}
