package care

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// taskTypeName is the translated name of a task type.
func taskTypeName(t app.TaskType) string {
	switch t {
	case app.TaskCall:
		return lang.X("care.task.type.call", "Call")
	case app.TaskFollowUp:
		return lang.X("care.task.type.follow_up", "Follow-up")
	case app.TaskBirthday:
		return lang.X("care.task.type.birthday", "Birthday")
	case app.TaskPaymentDue:
		return lang.X("care.task.type.payment_due", "Payment due")
	case app.TaskPassport:
		return lang.X("care.task.type.passport", "Passport")
	case app.TaskReturnCall:
		return lang.X("care.task.type.return_call", "Call after the trip")
	case app.TaskHoliday:
		return lang.X("care.task.type.holiday", "Holiday greeting")
	case app.TaskOther:
		return lang.X("care.task.type.other", "Other")
	}
	return string(t)
}

// taskStatusName is the translated name of a task status.
func taskStatusName(s app.TaskStatus) string {
	switch s {
	case app.TaskOpen, "":
		return lang.X("care.task.status.open", "Open")
	case app.TaskDone:
		return lang.X("care.task.status.done", "Done")
	case app.TaskCancelled:
		return lang.X("care.task.status.cancelled", "Cancelled")
	}
	return string(s)
}

// complaintStatusName is the translated name of a complaint status.
func complaintStatusName(s app.ComplaintStatus) string {
	switch s {
	case app.ComplaintReceived:
		return lang.X("care.complaint.status.received", "Received")
	case app.ComplaintInvestigating:
		return lang.X("care.complaint.status.investigating", "Investigating")
	case app.ComplaintResolved:
		return lang.X("care.complaint.status.resolved", "Resolved")
	case app.ComplaintClosed:
		return lang.X("care.complaint.status.closed", "Closed")
	}
	return string(s)
}

// messageStatusName is the translated name of a message status.
func messageStatusName(s app.MessageStatus) string {
	switch s {
	case app.MessageQueued:
		return lang.X("care.message.status.queued", "Queued")
	case app.MessageSending:
		return lang.X("care.message.status.sending", "Sending")
	case app.MessageSent:
		return lang.X("care.message.status.sent", "Sent")
	case app.MessageFailed:
		return lang.X("care.message.status.failed", "Failed")
	case app.MessageSkipped:
		return lang.X("care.message.status.skipped", "Skipped")
	case app.MessageCancelled:
		return lang.X("care.message.status.cancelled", "Cancelled")
	}
	return string(s)
}

// channelName is the translated name of a channel.
func channelName(c app.Channel) string {
	switch c {
	case app.ChannelEmail:
		return lang.X("care.channel.email", "Email")
	case app.ChannelSMS:
		return lang.X("care.channel.sms", "SMS")
	case app.ChannelFacebook:
		return "Facebook"
	case app.ChannelZalo:
		return "Zalo"
	case app.ChannelGoogle:
		return "Google"
	case app.ChannelTikTok:
		return "TikTok"
	case app.ChannelWebsite:
		return lang.X("care.channel.website", "Website")
	case app.ChannelEvent:
		return lang.X("care.channel.event", "Event")
	case app.ChannelPrint:
		return lang.X("care.channel.print", "Print")
	case app.ChannelOther:
		return lang.X("care.channel.other", "Other")
	}
	return string(c)
}

// templateName is the translated name of a message template (the
// settings' own templates keep their names).
func templateName(name string) string {
	switch name {
	case app.TemplateBirthday:
		return lang.X("care.template.birthday", "Birthday greeting")
	case app.TemplatePaymentReminder:
		return lang.X("care.template.payment_reminder", "Payment reminder")
	}
	return name
}

// explain is a service error in the user's language where the app gives
// a reason code (consent, address, template), else the app's message.
func explain(err error) string {
	var me *service.MessageError
	if errors.As(err, &me) {
		switch me.Code {
		case service.MsgNoConsent:
			return lang.X("care.message.no_consent", "Not sent: this customer has not agreed to marketing messages, so greetings and promotions may not go to them. A service message (plain text) may.")
		case service.MsgNoAddress:
			return lang.X("care.message.no_address", "Not sent: the customer has no address for this channel.")
		case service.MsgNoTemplate:
			return lang.X("care.message.no_template", "Not sent: there is no such template.") + "\n" + me.Msg
		}
		return me.Msg
	}
	if errors.Is(err, app.ErrForbidden) {
		return lang.X("care.forbidden", "Your role may not do this.") + "\n" + err.Error()
	}
	return format.Explain(err)
}

// note is a message line under a form or a card: hidden when empty, red
// for a refusal.
type note struct {
	*widget.Label
	// pane, when set, is laid out again after the text changed.
	pane *container.Scroll
}

func newNote() note {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return note{Label: l}
}

func (n note) set(msg string, bad bool) {
	n.Importance = widget.MediumImportance
	if bad {
		n.Importance = widget.DangerImportance
	}
	n.SetText(msg)
	if msg == "" {
		n.Hide()
	} else {
		n.Show()
	}
	n.Refresh()
	if n.pane != nil {
		n.pane.Refresh()
	}
}

// bold is a bold, wrapping label.
func bold(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// wrapped is a wrapping label.
func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// split puts a list (with a bar above it) beside a detail pane, and
// returns the pane's scroller: refreshing it lays the pane out again
// after its wrapped texts changed length.
func split(bar, list, detail fyne.CanvasObject) (fyne.CanvasObject, *container.Scroll) {
	pane := container.NewVScroll(container.NewPadded(detail))
	s := container.NewHSplit(container.NewBorder(bar, nil, nil, nil, list), pane)
	s.Offset = 0.55
	return s, pane
}

// oneLine cuts s to its first line and n runes.
func oneLine(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}

// escapes makes Escape in each of entries close d.
func escapes(d dialog.Dialog, entries ...*input.Entry) {
	for _, e := range entries {
		e.OnEscape = d.Hide
	}
}
