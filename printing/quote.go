package printing

import (
	"fmt"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"

	"github.com/tourdesk/tourdesk/app"
)

// QuoteView is everything a quote (tour program) prints. Customer and
// Booking are nil for a tour's program printed for anyone (list prices
// only); Departure is nil when no dates are fixed.
type QuoteView struct {
	Letterhead
	Tour      app.Tour
	Departure *app.Departure
	Customer  *app.Customer
	Booking   *app.Booking
	// ValidUntil is the last day the prices hold (not printed when zero).
	ValidUntil app.Date
}

// Quote builds a quote: the tour and its dates, the day-by-day program,
// the list prices per traveler type (and the booking's own price lines
// and total when there is one), inclusions, exclusions and the validity
// date. It fails (app.ErrInvalid) for an unknown language or a booking
// whose prices cannot be totalled.
func Quote(v QuoteView) (core.Maroto, error) {
	s, err := newSheet(v.Letterhead, label(v.Lang, "quote"))
	if err != nil {
		return nil, err
	}
	s.letterhead()
	ref := ""
	if v.Booking != nil {
		ref = v.Booking.Code
	}
	s.docTitle(s.t("quote"), join(" · ", prefix(s.t("no")+": ", ref), prefix(s.t("date")+": ", s.date(s.PrintedOn))))
	if v.Customer != nil {
		s.field(5, s.t("quote_to"), join(" / ", v.Customer.Name, v.Customer.LatinName))
	}

	t := &v.Tour
	s.rows = append(s.rows, rowOf(s.cell(grid, t.Name, style{size: 13, bold: true, top: 3, bottom: 1})))
	s.field(5, s.t("tour"), join(" · ", t.Code, s.daysNights(t)))
	s.field(5, s.t("destinations"), strings.Join(t.Destinations, ", "))
	s.field(5, s.t("transport"), strings.Join(t.Transport, ", "))
	if v.Departure != nil {
		s.field(5, s.t("departure"), v.Departure.Code)
		s.field(5, s.t("dates"), s.period(v.Departure.StartDate, v.Departure.EndDate))
		s.field(5, s.t("meeting"), join(" · ", v.Departure.MeetingTime, v.Departure.MeetingPoint))
	} else if v.Booking != nil {
		s.field(5, s.t("dates"), s.period(v.Booking.StartDate, v.Booking.EndDate))
	}
	if t.Summary != "" {
		s.gap(1)
		s.para(t.Summary, style{})
	}

	if len(t.Program) > 0 {
		s.heading(s.t("program"))
		for _, d := range t.Program {
			s.rows = append(s.rows, rowOf(s.cell(grid, fmt.Sprintf(s.t("day_n"), d.Day)+": "+d.Title, style{bold: true, top: 1.5, color: &accent})))
			s.para(d.Description, style{})
			var meals []string
			for _, m := range d.Meals {
				meals = append(meals, s.enum("meal", string(m)))
			}
			s.field(4, s.t("meals"), strings.Join(meals, ", "))
			s.field(4, s.t("stay"), d.Accommodation)
		}
	}

	s.heading(s.t("prices"))
	tb := table{widths: []int{14, 10}, aligns: []align.Type{align.Left, align.Right}, size: 9}
	s.rows = append(s.rows, s.head(tb, s.t("kind"), s.t("per_traveler")))
	n := 0
	for _, tt := range []app.TravelerType{app.TravelerAdult, app.TravelerChild, app.TravelerInfant} {
		p := t.PriceFor(tt)
		if p.IsZero() && tt != app.TravelerAdult {
			continue
		}
		s.rows = append(s.rows, s.tr(tb, n, s.enum("type", string(tt)), s.money(p)))
		n++
	}
	if v.Booking != nil && len(v.Booking.Lines) > 0 {
		total, err := v.Booking.Total()
		if err != nil {
			return nil, fmt.Errorf("printing: quote for booking %s: %v: %w", v.Booking.Code, err, app.ErrInvalid)
		}
		s.heading(s.t("your_booking"))
		if err := s.priceTable(v.Booking, total); err != nil {
			return nil, err
		}
	}
	s.bullets(s.t("inclusions"), t.Inclusions)
	s.bullets(s.t("exclusions"), t.Exclusions)
	if !v.ValidUntil.IsZero() {
		s.gap(2)
		s.line(s.t("valid_until")+": "+s.date(v.ValidUntil), style{bold: true})
	}
	return s.maroto()
}

// bullets adds a heading and one bullet line per item.
func (s *sheet) bullets(title string, items []string) {
	if len(items) == 0 {
		return
	}
	s.heading(title)
	for _, it := range items {
		s.rows = append(s.rows, rowOf(s.cell(1, "•", style{align: align.Right}), s.cell(grid-1, it, style{})))
	}
}
