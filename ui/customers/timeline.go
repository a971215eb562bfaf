package customers

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// timelineMax bounds the events drawn (a plain box, not a virtual list:
// a customer's history is short, and a long one says how much is left out).
const timelineMax = 200

// timelineSection is the History part of the customer detail: the
// customer's requests, bookings, trips, payments, interactions,
// complaints, feedback and tasks done, newest first (service.Timeline).
type timelineSection struct {
	title   *widget.Label
	status  *widget.Label
	list    *fyne.Container
	content fyne.CanvasObject
	// lines are the events shown, as "date kind: title · amount" (tests).
	lines []string
}

func newTimelineSection() *timelineSection {
	s := &timelineSection{
		title:  widget.NewLabel(lang.X("customers.timeline.title", "History")),
		status: widget.NewLabel(""),
		list:   container.NewVBox(),
	}
	s.title.TextStyle.Bold = true
	s.title.SizeName = theme.SizeNameSubHeadingText
	s.status.Importance = widget.LowImportance
	s.status.Wrapping = fyne.TextWrapWord
	s.content = container.NewVBox(widget.NewSeparator(), s.title, s.status, s.list)
	return s
}

func (s *timelineSection) loading() {
	s.lines = nil
	s.list.Objects = nil
	s.list.Refresh()
	s.status.SetText(lang.X("customers.timeline.loading", "Loading the history…"))
	s.status.Show()
}

// set shows the entries, or err.
func (s *timelineSection) set(entries []service.TimelineEntry, err error) {
	s.lines = nil
	s.list.Objects = nil
	switch {
	case err != nil:
		s.status.SetText(lang.X("customers.timeline.error", "Could not load the history: {{.Error}}", map[string]any{"Error": err.Error()}))
		s.status.Show()
	case len(entries) == 0:
		s.status.SetText(lang.X("customers.timeline.none", "Nothing happened with this customer yet."))
		s.status.Show()
	case len(entries) > timelineMax:
		s.status.SetText(lang.X("customers.timeline.more", "The latest {{.Shown}} of {{.Count}} events.", map[string]any{"Shown": i18n.Int(timelineMax), "Count": i18n.Int(len(entries))}))
		s.status.Show()
	default:
		s.status.Hide()
	}
	for i, e := range entries {
		if i == timelineMax {
			break
		}
		row, line := eventRow(e)
		s.list.Add(row)
		s.lines = append(s.lines, line)
	}
	s.list.Refresh()
}

func eventRow(e service.TimelineEntry) (fyne.CanvasObject, string) {
	// The kind (translated) under the date; the title is the service's,
	// in the UI's language (timelineTitle).
	when := widget.NewLabel(e.Date.String() + "\n" + eventName(e.Kind))
	when.SizeName = theme.SizeNameCaptionText
	text := timelineTitle(e)
	if e.Amount != nil {
		text += " · " + e.Amount.Format(uiLang())
	}
	what := widget.NewLabel(text)
	what.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, when, nil, what), e.Date.String() + " " + eventName(e.Kind) + ": " + text
}

// eventName is the translated name of a timeline entry's kind.
func eventName(kind string) string {
	switch kind {
	case service.EventRequest:
		return lang.X("customers.event.request", "Request")
	case service.EventBooking:
		return lang.X("customers.event.booking", "Booking")
	case service.EventTrip:
		return lang.X("customers.event.trip", "Trip")
	case service.EventPayment:
		return lang.X("customers.event.payment", "Payment")
	case service.EventInteraction:
		return lang.X("customers.event.interaction", "Contact")
	case service.EventComplaint:
		return lang.X("customers.event.complaint", "Complaint")
	case service.EventFeedback:
		return lang.X("customers.event.feedback", "Feedback")
	case service.EventTask:
		return lang.X("customers.event.task", "Task done")
	}
	return kind
}
