package care

import (
	"slices"
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

// msgFilters are the outbox filter's statuses ("" = all), in order.
var msgFilters = []app.MessageStatus{"", app.MessageQueued, app.MessageSent, app.MessageFailed, app.MessageSkipped, app.MessageCancelled}

// MessagesTab is the message outbox: every message with its state and,
// for a failed or skipped one, the reason; retry and cancel; and a
// one-off email or SMS to a customer (service.Messages.Send), whose
// refusals (no consent for a greeting, no address) are shown in the form.
type MessagesTab struct {
	a   *Area
	svc *service.Messages

	rows     []service.MessageRow
	loadGen  int
	shownGen int
	selected string

	filterSel     *widget.Select
	send          *widget.Button
	count         *widget.Label
	list          *widget.List
	title, detail *widget.Label
	retry, cancel *widget.Button
	msg           note
	pane          *container.Scroll
	content       fyne.CanvasObject

	form *messageForm
}

func newMessagesTab(a *Area) *MessagesTab {
	m := &MessagesTab{a: a, svc: service.NewMessages(a.deps.Store, a.deps.Session)}
	opts := []string{lang.X("care.filter.all", "All")}
	for _, s := range msgFilters[1:] {
		opts = append(opts, messageStatusName(s))
	}
	m.filterSel = widget.NewSelect(opts, func(string) { m.reload() })
	m.filterSel.SetSelectedIndex(0)
	m.send = widget.NewButtonWithIcon(lang.X("care.message.new", "Send a message"), theme.MailSendIcon(), m.onNew)
	// Marketing queues campaign messages only (app/access): the one-off
	// message is for those who look after customers.
	if a.readOnly() || a.deps.Session.Role == app.RoleMarketing || !a.canCreate(app.KindMessage) {
		m.send.Hide()
	}
	m.count = widget.NewLabel(lang.X("care.loading", "Loading…"))
	m.list = widget.NewList(func() int { return len(m.rows) }, func() fyne.CanvasObject { return listrow.New() }, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < 0 || i >= len(m.rows) {
			return
		}
		r := m.rows[i]
		sub := r.Subject
		if sub == "" {
			sub = r.Body
		}
		if r.LastError != "" {
			sub = r.LastError
		}
		o.(*listrow.Row).Set(r.CustomerName+" · "+channelName(r.Channel), messageStatusName(r.Status), oneLine(sub, 100),
			r.Status == app.MessageFailed || r.Status == app.MessageSkipped)
	})
	m.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(m.rows) {
			m.selected = m.rows[i].ID
			m.showDetail()
		}
	}
	m.title = bold(lang.X("care.message.none", "Select a message to see it."))
	m.detail = wrapped("")
	m.retry = widget.NewButtonWithIcon(lang.X("care.message.retry", "Retry"), theme.ViewRefreshIcon(), m.onRetry)
	m.cancel = widget.NewButtonWithIcon(lang.X("care.message.cancel", "Cancel message"), theme.CancelIcon(), m.onCancel)
	m.retry.Hide()
	m.cancel.Hide()
	m.msg = newNote()
	bar := container.NewBorder(nil, nil, m.filterSel, m.send, m.count)
	m.content, m.pane = split(bar, m.list, container.NewVBox(m.title, m.detail, container.NewHBox(m.retry, m.cancel), m.msg.Label))
	m.msg.pane = m.pane
	return m
}

func (m *MessagesTab) reload() {
	if m.count == nil {
		return
	}
	m.loadGen++
	gen := m.loadGen
	status := msgFilters[max(m.filterSel.SelectedIndex(), 0)]
	go func() {
		rows, err := m.svc.List(status, "")
		m.a.do(func() {
			if gen != m.loadGen {
				return
			}
			m.shownGen = gen
			if err != nil {
				m.count.SetText(lang.X("care.error.load", "Could not load: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			m.rows = rows
			m.count.SetText(lang.XN("care.message.count", "{{.Count}} messages", len(rows), map[string]any{"Count": i18n.Int(len(rows))}))
			m.list.UnselectAll()
			m.list.Refresh()
			if i := slices.IndexFunc(rows, func(r service.MessageRow) bool { return r.ID == m.selected }); i >= 0 {
				m.list.Select(i)
			}
		})
	}()
}

func (m *MessagesTab) current() *service.MessageRow {
	for i := range m.rows {
		if m.rows[i].ID == m.selected {
			return &m.rows[i]
		}
	}
	return nil
}

func (m *MessagesTab) showDetail() {
	r := m.current()
	m.retry.Hide()
	m.cancel.Hide()
	if r == nil {
		m.title.SetText(lang.X("care.message.none", "Select a message to see it."))
		m.detail.SetText("")
		return
	}
	m.title.SetText(r.CustomerName + " · " + channelName(r.Channel) + " · " + messageStatusName(r.Status))
	lines := []string{lang.X("care.message.to", "To: {{.To}}", map[string]any{"To": r.To})}
	if r.Subject != "" {
		lines = append(lines, r.Subject)
	}
	lines = append(lines, "", r.Body)
	if r.LastError != "" {
		lines = append(lines, "", lang.X("care.message.reason", "Reason: {{.Error}}", map[string]any{"Error": r.LastError}))
	}
	m.detail.SetText(strings.Join(lines, "\n"))
	defer m.pane.Refresh()
	if m.a.readOnly() || !m.a.canEdit(app.KindMessage, r.ID, "status") {
		return
	}
	if r.Status == app.MessageFailed || r.Status == app.MessageQueued {
		m.retry.Show()
		m.cancel.Show()
	}
}

func (m *MessagesTab) change(fn func(id string) (*app.Message, error), ok string) {
	id := m.selected
	if id == "" {
		return
	}
	m.msg.set("", false)
	m.retry.Disable()
	m.cancel.Disable()
	go func() {
		_, err := fn(id)
		m.a.do(func() {
			m.retry.Enable()
			m.cancel.Enable()
			if err != nil {
				m.msg.set(lang.X("care.refused", "Not done: {{.Error}}", map[string]any{"Error": explain(err)}), true)
			} else {
				m.msg.set(ok, false)
			}
			m.reload()
		})
	}()
}

func (m *MessagesTab) onRetry() {
	m.change(m.svc.Retry, lang.X("care.message.retried", "Queued again for the next run."))
}

func (m *MessagesTab) onCancel() {
	m.change(m.svc.Cancel, lang.X("care.message.cancelled", "Message withdrawn."))
}

// messageForm is the Send a message dialog.
type messageForm struct {
	search    *input.Entry
	customer  *widget.Select
	channel   *widget.Select
	template  *widget.Select
	text      *input.Entry
	msg       note
	choices   []bookings.Choice
	templates []string // template names offered after "free text"
	find      finder
	dlg       dialog.Dialog
	submit    func()
}

// templateNames are the templates of channel: the settings' and the
// built-in ones, each name once.
func (m *MessagesTab) templateNames(ch app.Channel) []string {
	var names []string
	m.a.deps.Store.View(func(r service.Reader) error {
		set, err := service.Load[app.MessageSettings](r, app.MessageSettingsID)
		if err == nil && set != nil {
			for _, t := range set.Templates {
				if t.Channel == ch {
					names = append(names, t.Name)
				}
			}
		}
		return nil
	})
	for _, t := range app.DefaultMessageTemplates {
		if t.Channel == ch {
			names = append(names, t.Name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func (m *MessagesTab) onNew() {
	f := &messageForm{search: input.NewEntry(), text: input.NewMultiLineEntry(), msg: newNote()}
	f.search.SetPlaceHolder(lang.X("care.find_customer", "Find the customer: name or phone"))
	f.customer = widget.NewSelect(nil, nil)
	f.customer.PlaceHolder = lang.X("care.pick_customer", "(pick a customer)")
	f.search.OnChanged = func(q string) {
		m.a.find(&f.find, q, func(q string) []bookings.Choice {
			if strings.TrimSpace(q) == "" {
				return nil
			}
			ch, _ := m.a.data.FindCustomers(q, 20)
			return ch
		}, func(ch []bookings.Choice) { f.choices = ch; fillSelect(f.customer, ch) })
	}
	f.template = widget.NewSelect(nil, func(string) {
		if f.template.SelectedIndex() <= 0 {
			f.text.Enable()
		} else {
			f.text.Disable()
		}
	})
	setTemplates := func(ch app.Channel) {
		f.templates = m.templateNames(ch)
		opts := []string{lang.X("care.message.free_text", "Text below")}
		for _, n := range f.templates {
			opts = append(opts, templateName(n))
		}
		f.template.SetOptions(opts)
		f.template.SetSelectedIndex(0)
	}
	f.channel = widget.NewSelect([]string{channelName(app.ChannelEmail), channelName(app.ChannelSMS)}, func(string) {
		setTemplates(app.MessageChannels[max(f.channel.SelectedIndex(), 0)])
	})
	f.channel.SetSelectedIndex(0)
	f.text.SetPlaceHolder(lang.X("care.message.text_hint", "The message to send"))
	f.text.SetMinRowsVisible(5)
	f.submit = func() { m.submit(f) }
	form := widget.NewForm(
		widget.NewFormItem(lang.X("care.message.channel", "Channel"), f.channel),
		widget.NewFormItem(lang.X("care.message.template", "Template"), f.template),
	)
	cancel := widget.NewButton(lang.X("care.cancel", "Cancel"), func() { f.dlg.Hide() })
	send := widget.NewButtonWithIcon(lang.X("care.message.send", "Queue message"), theme.MailSendIcon(), f.submit)
	send.Importance = widget.HighImportance
	d := dialog.NewCustomWithoutButtons(lang.X("care.message.new", "Send a message"),
		container.NewVBox(f.search, f.customer, form, f.text, f.msg.Label), m.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, send})
	d.SetOnClosed(func() { m.form = nil })
	d.Resize(fyne.NewSize(540, 480))
	f.dlg = d
	escapes(d, f.search, f.text)
	f.search.OnSubmitted = func(string) { f.submit() }
	m.form = f
	d.Show()
	m.a.win.Canvas().Focus(f.search)
}

func (m *MessagesTab) submit(f *messageForm) {
	i := f.customer.SelectedIndex()
	if i < 0 || i >= len(f.choices) {
		f.msg.set(lang.X("care.customer_required", "Find and pick the customer first."), true)
		return
	}
	ch := app.MessageChannels[max(f.channel.SelectedIndex(), 0)]
	what := f.text.Text
	if t := f.template.SelectedIndex(); t > 0 && t-1 < len(f.templates) {
		what = f.templates[t-1]
	} else if strings.TrimSpace(what) == "" {
		f.msg.set(lang.X("care.message.text_required", "Write the message or pick a template."), true)
		return
	}
	id := f.choices[i].ID
	f.msg.set("", false)
	go func() {
		_, err := m.svc.Send(id, ch, what)
		m.a.do(func() {
			if err != nil {
				f.msg.set(explain(err), true)
				return
			}
			f.dlg.Hide()
			m.msg.set(lang.X("care.message.queued", "Message queued: it goes out at the next run."), false)
			m.reload()
		})
	}()
}
