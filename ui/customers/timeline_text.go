package customers

import (
	"regexp"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/care/caretext"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

// The wordings of service.Timeline's titles (app/service/timeline.go).
// A title read back by kind is written in the UI's language; one that
// does not have its kind's wording shows as the service wrote it.
var (
	tlRequestRe     = regexp.MustCompile(`^Request (\S+): (.+?)(?: \((cancelled|lost): (.*)\))?$`)
	tlBookedRe      = regexp.MustCompile(`^Booked (\S+): (.+), (\d+) seat\(s\)$`)
	tlTripRe        = regexp.MustCompile(`^Trip (\S+): (.+), (\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})$`)
	tlPaymentRe     = regexp.MustCompile(`^Payment (\S+): (deposit|balance|surcharge|refund|reversal of a payment), (\S+)(?: — (.*))?$`)
	tlInteractionRe = regexp.MustCompile(`^([a-z_]+)(?: \((inbound|outbound)\))?: (.*)$`)
	tlComplaintRe   = regexp.MustCompile(`^Complaint \(([a-z]+)\): (.*)$`)
	tlFeedbackRe    = regexp.MustCompile(`^Feedback: overall (\d/5|–)(?: — (.*))?$`)
)

// timelineTitle is entry e's title in the UI's language.
func timelineTitle(e service.TimelineEntry) string {
	t := e.Title
	switch e.Kind {
	case service.EventRequest:
		if m := tlRequestRe.FindStringSubmatch(t); m != nil {
			data := map[string]any{"Code": m[1], "Trip": tripName(m[2])}
			if m[3] == "" {
				return lang.X("customers.timeline.request", "Request {{.Code}}: {{.Trip}}", data)
			}
			data["Status"], data["Reason"] = bookingStatusName(app.BookingStatus(m[3])), m[4]
			return lang.X("customers.timeline.request_closed", "Request {{.Code}}: {{.Trip}} ({{.Status}}: {{.Reason}})", data)
		}
	case service.EventBooking:
		if m := tlBookedRe.FindStringSubmatch(t); m != nil {
			n, _ := strconv.Atoi(m[3])
			return lang.XN("customers.timeline.booked", "Booked {{.Code}}: {{.Trip}}, {{.Seats}} seats", n,
				map[string]any{"Code": m[1], "Trip": tripName(m[2]), "Seats": i18n.Int(n)})
		}
	case service.EventTrip:
		if m := tlTripRe.FindStringSubmatch(t); m != nil {
			return lang.X("customers.timeline.trip", "Trip {{.Code}}: {{.Trip}}, {{.Start}} – {{.End}}",
				map[string]any{"Code": m[1], "Trip": tripName(m[2]), "Start": m[3], "End": m[4]})
		}
	case service.EventPayment:
		if m := tlPaymentRe.FindStringSubmatch(t); m != nil {
			data := map[string]any{"Code": m[1], "What": paymentWhat(m[2]), "Method": paymentMethodName(app.PaymentMethod(m[3])), "Note": m[4]}
			if m[4] == "" {
				return lang.X("customers.timeline.payment", "Payment {{.Code}}: {{.What}}, {{.Method}}", data)
			}
			return lang.X("customers.timeline.payment_note", "Payment {{.Code}}: {{.What}}, {{.Method}} — {{.Note}}", data)
		}
	case service.EventInteraction:
		if m := tlInteractionRe.FindStringSubmatch(t); m != nil {
			what := interactionName(m[1])
			if what == "" {
				break
			}
			if m[2] == "inbound" {
				what += " (" + lang.X("customers.timeline.inbound", "inbound") + ")"
			} else if m[2] == "outbound" {
				what += " (" + lang.X("customers.timeline.outbound", "outbound") + ")"
			}
			return what + ": " + m[3]
		}
	case service.EventComplaint:
		if m := tlComplaintRe.FindStringSubmatch(t); m != nil {
			return lang.X("customers.timeline.complaint", "Complaint ({{.Status}}): {{.Text}}",
				map[string]any{"Status": complaintStatusName(m[1]), "Text": m[2]})
		}
	case service.EventFeedback:
		if m := tlFeedbackRe.FindStringSubmatch(t); m != nil {
			data := map[string]any{"Stars": m[1], "Comments": m[2]}
			if m[2] == "" {
				return lang.X("customers.timeline.feedback", "Feedback: overall {{.Stars}}", data)
			}
			return lang.X("customers.timeline.feedback_comments", "Feedback: overall {{.Stars}} — {{.Comments}}", data)
		}
	case service.EventTask:
		if rest, ok := strings.CutPrefix(t, "Done: "); ok {
			return lang.X("customers.timeline.task_done", "Done: {{.Title}}", map[string]any{"Title": caretext.Generated(rest)})
		}
	}
	return t
}

// tripName is a tour's name as stored, "trip" (the service's word when
// it knows none) in the UI's language.
func tripName(s string) string {
	if s == "trip" {
		return lang.X("customers.timeline.a_trip", "trip")
	}
	return s
}

// paymentWhat is the payment's kind, or a reversal, as the timeline says it.
func paymentWhat(s string) string {
	if s == "reversal of a payment" {
		return lang.X("customers.timeline.payment.reversal", "reversal of a payment")
	}
	return paymentKindName(app.PaymentKind(s))
}

// interactionName is an interaction type's name, "" for one the app does
// not know (the title is then shown as stored).
func interactionName(s string) string {
	switch app.InteractionType(s) {
	case app.InteractionCall:
		return lang.X("customers.timeline.interaction.call", "Call")
	case app.InteractionEmail:
		return lang.X("customers.timeline.interaction.email", "Email")
	case app.InteractionMeeting:
		return lang.X("customers.timeline.interaction.meeting", "Meeting")
	case app.InteractionSMS:
		return lang.X("customers.timeline.interaction.sms", "SMS")
	case app.InteractionChat:
		return lang.X("customers.timeline.interaction.chat", "Chat")
	case app.InteractionSurvey:
		return lang.X("customers.timeline.interaction.survey", "Survey")
	case app.InteractionNote:
		return lang.X("customers.timeline.interaction.note", "Note")
	case app.InteractionProgramDraft:
		return lang.X("customers.timeline.interaction.program_draft", "Program draft")
	case app.InteractionContractDraft:
		return lang.X("customers.timeline.interaction.contract_draft", "Contract draft")
	}
	return ""
}

func complaintStatusName(s string) string {
	switch app.ComplaintStatus(s) {
	case app.ComplaintReceived:
		return lang.X("customers.timeline.complaint.received", "received")
	case app.ComplaintInvestigating:
		return lang.X("customers.timeline.complaint.investigating", "investigating")
	case app.ComplaintResolved:
		return lang.X("customers.timeline.complaint.resolved", "resolved")
	case app.ComplaintClosed:
		return lang.X("customers.timeline.complaint.closed", "closed")
	}
	return s
}
