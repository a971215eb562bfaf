package printing

import (
	"fmt"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"

	"github.com/tourdesk/tourdesk/app"
)

// VoucherView is everything a service voucher prints: the order, the
// partner it goes to, the departure (group) it is for and the group's
// travelers. Tour may be nil.
type VoucherView struct {
	Letterhead
	Order     app.ServiceOrder
	Partner   app.Partner
	Departure app.Departure
	Tour      *app.Tour
	Travelers []app.Traveler
}

// Voucher builds the service voucher a partner (hotel, restaurant,
// transport, attraction) keeps: what is booked, for which group and how
// many travelers, the dates, the quantity and the confirmation number,
// with the travelers' names. Prices are not printed: the partner bills
// the agency as agreed. It fails (app.ErrInvalid) for an unknown language
// or an impossible number of travelers.
func Voucher(v VoucherView) (core.Maroto, error) {
	s, err := newSheet(v.Letterhead, label(v.Lang, "voucher"))
	if err != nil {
		return nil, err
	}
	if len(v.Travelers) > maxTravelers {
		return nil, fmt.Errorf("printing: voucher: %d travelers (at most %d): %w", len(v.Travelers), maxTravelers, app.ErrInvalid)
	}
	o, pt, d := &v.Order, &v.Partner, &v.Departure
	s.letterhead()
	s.docTitle(s.t("voucher"), join(" · ", prefix(s.t("confirmation")+": ", o.ConfirmationNumber), prefix(s.t("date")+": ", s.date(s.PrintedOn))))
	s.gap(2)

	s.field(6, s.t("to_partner"), pt.Name)
	s.field(6, s.t("contact"), join(" · ", pt.ContactName, pt.ContactTitle))
	s.field(6, s.t("phone"), join(" · ", s.phones(pt.Phones), strings.Join(pt.Emails, ", ")))
	s.field(6, s.t("address"), join(", ", pt.Address, pt.Province))
	s.field(6, s.t("status"), s.enum("order", string(o.Status)))

	s.heading(s.t("service"))
	tb := table{widths: []int{12, 4, 4, 4}, aligns: []align.Type{align.Left, align.Left, align.Left, align.Right}, size: 9}
	s.rows = append(s.rows, s.head(tb, s.t("service"), s.t("from"), s.t("to"), s.t("qty")))
	s.rows = append(s.rows, s.tr(tb, 0, o.Service, s.date(o.StartDate), s.date(o.EndDate), fmt.Sprint(o.Quantity)))

	s.heading(s.t("group"))
	if v.Tour != nil {
		s.field(6, s.t("tour"), join(" · ", v.Tour.Name, v.Tour.Code))
	}
	s.field(6, s.t("departure"), join(" · ", d.Code, s.period(d.StartDate, d.EndDate)))
	s.field(6, s.t("pax"), s.paxCount(v.Travelers))
	s.field(6, s.t("notes"), o.Notes)
	if len(v.Travelers) > 0 {
		names := make([]string, len(v.Travelers))
		for i, t := range v.Travelers {
			names[i] = fmt.Sprintf("%d. %s", i+1, join(" / ", t.LatinName, t.Name))
		}
		s.heading(s.t("names"))
		s.para(strings.Join(names, "; "), style{size: 8})
	}
	s.gap(2)
	s.para(fmt.Sprintf(s.t("billing"), s.Company.CompanyName), style{color: &darkGrey})
	s.signatures([2]string{s.t("issued_by"), s.Company.CompanyName}, [2]string{s.t("partner_ack"), pt.Name})
	return s.maroto()
}

// paxCount is "6 travelers (4 Adult, 1 Child, 1 Infant)".
func (s *sheet) paxCount(ts []app.Traveler) string {
	if len(ts) == 0 {
		return "0"
	}
	count := map[app.TravelerType]int{}
	for _, t := range ts {
		count[t.Type]++
	}
	var parts []string
	for _, tt := range []app.TravelerType{app.TravelerAdult, app.TravelerChild, app.TravelerInfant} {
		if count[tt] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[tt], s.enum("type", string(tt))))
		}
	}
	return fmt.Sprintf("%d %s (%s)", len(ts), s.t("travelers"), strings.Join(parts, ", "))
}
