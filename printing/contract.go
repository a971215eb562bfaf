package printing

import (
	"fmt"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/inwords"
	"github.com/tourdesk/tourdesk/app/money"
)

// Instalment is one payment the contract schedules.
type Instalment struct {
	// Kind is app.PaymentDeposit or app.PaymentBalance (or a surcharge).
	Kind   app.PaymentKind
	Due    app.Date
	Amount money.Money
}

// ContractView is everything a contract prints. Tour and Departure are
// nil for a custom trip (the booking's destination and dates print
// instead); Travelers may be empty (the contract says they will follow).
type ContractView struct {
	Letterhead
	Customer  app.Customer
	Booking   app.Booking
	Tour      *app.Tour
	Departure *app.Departure
	Travelers []app.Traveler
	// Schedule is the payment plan (deposit, balance); Paid is what the
	// customer has paid so far, in the booking's currency.
	Schedule []Instalment
	Paid     money.Money
}

// maxTravelers bounds the rows of a traveler table or list: more than a
// departure holds (app.MaxCapacity) is a mistake, not a document.
const maxTravelers = 2 * app.MaxCapacity

// Contract builds the tour services contract ("Hợp đồng dịch vụ du lịch")
// between the agency and the customer: the parties, the tour, the
// travelers, the price with its total in words, the payment schedule, the
// cancellation terms and the signature blocks. It fails (app.ErrInvalid)
// for an unknown language, a booking whose prices cannot be totalled
// (lines in two currencies), or an impossible number of travelers.
func Contract(v ContractView) (core.Maroto, error) {
	s, err := newSheet(v.Letterhead, label(v.Lang, "contract"))
	if err != nil {
		return nil, err
	}
	b := &v.Booking
	total, err := b.Total()
	if err != nil {
		return nil, fmt.Errorf("printing: contract for booking %s: %v: %w", b.Code, err, app.ErrInvalid)
	}
	if len(v.Travelers) > maxTravelers {
		return nil, fmt.Errorf("printing: contract for booking %s: %d travelers (at most %d): %w", b.Code, len(v.Travelers), maxTravelers, app.ErrInvalid)
	}

	if s.Lang == "vi" {
		s.rows = append(s.rows, rowOf(s.cell(grid, s.t("motto1"), style{bold: true, align: align.Center})))
		s.rows = append(s.rows, rowOf(s.cell(grid, s.t("motto2"), style{bold: true, align: align.Center, bottom: 2})))
	}
	s.letterhead()
	number := b.ContractNumber
	if number == "" {
		number = b.Code
	}
	s.docTitle(s.t("contract"), join(" · ", prefix(s.t("no")+": ", number), prefix(s.t("date")+": ", s.date(s.PrintedOn))))
	s.para(fmt.Sprintf(s.t("contract_intro"), s.date(s.PrintedOn)), style{top: 2})

	// Parties.
	c := s.Company
	s.heading(s.t("party_a"))
	s.line(c.CompanyName, style{bold: true})
	s.field(6, s.t("address"), c.Address)
	s.field(6, s.t("phone"), join(" · ", s.phone(c.Phone), c.Email))
	s.field(6, s.t("licence"), c.LicenceNumber)
	s.field(6, s.t("tax_code"), c.TaxCode)
	s.field(6, s.t("bank"), c.BankAccount)
	cu := &v.Customer
	s.heading(s.t("party_b"))
	s.line(join(" / ", cu.Name, cu.LatinName), style{bold: true})
	s.field(6, s.t("id_doc"), join(" · ", cu.IDNumber, cu.PassportNumber))
	s.field(6, s.t("birth"), s.date(cu.Birthday))
	s.field(6, s.t("address"), join(", ", cu.Address, cu.Province))
	s.field(6, s.t("phone"), join(" · ", s.phone(cu.MainPhone()), cu.MainEmail()))
	s.field(6, s.t("tax_code"), cu.TaxCode)

	// 1. Tour.
	s.heading(s.t("art_tour"))
	s.tourFields(v.Tour, v.Departure, b)

	// 2. Travelers.
	s.heading(s.t("art_travelers"))
	if len(v.Travelers) == 0 {
		s.para(s.t("no_travelers"), style{})
	} else {
		tb := table{widths: []int{2, 8, 3, 4, 7}, aligns: []align.Type{align.Right, align.Left, align.Left, align.Left, align.Left}, size: 8}
		s.rows = append(s.rows, s.head(tb, s.t("nr"), s.t("name"), s.t("kind"), s.t("birth"), s.t("passport")))
		for i, t := range v.Travelers {
			s.rows = append(s.rows, s.tr(tb, i, fmt.Sprint(i+1), join(" / ", t.Name, t.LatinName), s.enum("type", string(t.Type)), s.date(t.BirthDate), t.PassportNumber))
		}
	}

	// 3. Price.
	s.heading(s.t("art_price"))
	if err := s.priceTable(b, total); err != nil {
		return nil, err
	}

	// 4. Payment.
	s.heading(s.t("art_payment"))
	if len(v.Schedule) > 0 {
		tb := table{widths: []int{10, 6, 8}, aligns: []align.Type{align.Left, align.Left, align.Right}, size: 8.5}
		s.rows = append(s.rows, s.head(tb, s.t("instalment"), s.t("due"), s.t("amount")))
		for i, in := range v.Schedule {
			s.rows = append(s.rows, s.tr(tb, i, s.enum("pay", string(in.Kind)), s.date(in.Due), s.money(in.Amount)))
		}
	}
	if !v.Paid.IsZero() && v.Paid.Amount != 0 {
		s.sumRow(s.t("paid"), s.money(v.Paid), false)
		if bal, err := total.Sub(v.Paid); err == nil {
			s.sumRow(s.t("balance"), s.money(bal), true)
		}
	}
	s.field(6, s.t("pay_to"), c.BankAccount)

	// 5. Cancellation.
	s.heading(s.t("art_cancel"))
	if c.CancellationTerms != "" {
		s.para(c.CancellationTerms, style{})
	} else {
		s.para(s.t("no_terms"), style{})
	}

	// 6. Requests.
	if b.Requests != "" {
		s.heading(s.t("art_requests"))
		s.para(b.Requests, style{})
	}

	s.signatures([2]string{s.t("for_a"), c.CompanyName}, [2]string{s.t("for_b"), cu.Name})
	return s.maroto()
}

// tourFields prints the tour, departure and booking lines of a contract
// or receipt.
func (s *sheet) tourFields(t *app.Tour, d *app.Departure, b *app.Booking) {
	if t != nil {
		s.field(6, s.t("tour"), join(" · ", t.Name, t.Code, s.daysNights(t)))
	} else {
		s.field(6, s.t("tour"), b.Destination)
	}
	if d != nil {
		s.field(6, s.t("departure"), d.Code)
		s.field(6, s.t("dates"), s.period(d.StartDate, d.EndDate))
		s.field(6, s.t("meeting"), join(" · ", d.MeetingTime, d.MeetingPoint))
	} else {
		s.field(6, s.t("dates"), s.period(b.StartDate, b.EndDate))
	}
	s.field(6, s.t("booking"), b.Code)
}

func (s *sheet) daysNights(t *app.Tour) string {
	if t.Days == 0 {
		return ""
	}
	return fmt.Sprintf(s.t("days"), t.Days, t.Nights)
}

// priceTable prints a booking's lines, discounts, total and the total in
// words.
func (s *sheet) priceTable(b *app.Booking, total money.Money) error {
	tb := table{widths: []int{10, 3, 5, 6}, aligns: []align.Type{align.Left, align.Right, align.Right, align.Right}, size: 8.5}
	s.rows = append(s.rows, s.head(tb, s.t("desc"), s.t("qty"), s.t("unit"), s.t("amount")))
	for i, l := range b.Lines {
		amt, err := l.Amount()
		if err != nil {
			return fmt.Errorf("printing: booking %s line %d: %v: %w", b.Code, i+1, err, app.ErrInvalid)
		}
		desc := l.Description
		if desc == "" {
			desc = s.enum("type", string(l.TravelerType))
		}
		s.rows = append(s.rows, s.tr(tb, i, desc, fmt.Sprint(l.Quantity), s.money(l.UnitPrice), s.money(amt)))
	}
	if len(b.Discounts) > 0 {
		sub, err := b.Subtotal()
		if err != nil {
			return fmt.Errorf("printing: booking %s: %v: %w", b.Code, err, app.ErrInvalid)
		}
		s.sumRow(s.t("subtotal"), s.money(sub), false)
		for _, d := range b.Discounts {
			off := d.Amount
			name := join(" ", d.Description, "")
			if d.Percent != 0 {
				if off, err = sub.Percent(int64(d.Percent)); err != nil {
					return fmt.Errorf("printing: booking %s: %v: %w", b.Code, err, app.ErrInvalid)
				}
				name = join(" ", d.Description, fmt.Sprintf("(%d%%)", d.Percent))
			}
			if name == "" {
				name = s.t("discount")
			}
			s.sumRow(name, "-"+s.money(off), false)
		}
	}
	s.sumRow(s.t("total"), s.money(total), true)
	if words, err := inwords.Amount(total, s.Lang); err == nil {
		s.line(s.t("in_words")+": "+sentence(s.Lang, words), style{top: 1, bottom: 1})
	}
	return nil
}

// sentence capitalises words and ends them with a full stop (none after
// Chinese, whose amounts end in 整 or 分).
func sentence(lang, words string) string {
	if lang == "zh" {
		return words
	}
	return inwords.Capitalize(words) + "."
}

func rowOf(cols ...core.Col) core.Row {
	return newRow().Add(cols...)
}
