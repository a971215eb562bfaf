package printing

import (
	"fmt"

	"github.com/johnfercher/maroto/v2/pkg/core"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/inwords"
	"github.com/tourdesk/tourdesk/app/money"
)

// ReceiptView is everything a receipt prints: one payment, who paid it,
// the booking it is for, and the booking's total, what has been paid so
// far (this payment included) and the balance. Tour is nil for a custom
// trip.
type ReceiptView struct {
	Letterhead
	Payment  app.Payment
	Customer app.Customer
	Booking  app.Booking
	Tour     *app.Tour
	Total    money.Money
	Paid     money.Money
	Balance  money.Money
	// ReceivedBy is the name of the user who took the money.
	ReceivedBy string
}

// Receipt builds the receipt for one payment ("phiếu thu"; a refund
// prints as "phiếu chi"): the amount in figures and in words, what it was
// for, and the booking's total, paid so far and balance. It fails
// (app.ErrInvalid) for an unknown language or a payment without an amount.
func Receipt(v ReceiptView) (core.Maroto, error) {
	p := &v.Payment
	kind := "receipt"
	if p.Type == app.PaymentRefund {
		kind = "refund"
	}
	s, err := newSheet(v.Letterhead, label(v.Lang, kind))
	if err != nil {
		return nil, err
	}
	words, err := inwords.Amount(p.Amount, s.Lang)
	if err != nil {
		return nil, fmt.Errorf("printing: receipt %s: %v: %w", p.ReceiptNumber, err, app.ErrInvalid)
	}
	s.letterhead()
	s.docTitle(s.t(kind), join(" · ", prefix(s.t("no")+": ", p.ReceiptNumber), prefix(s.t("date")+": ", s.date(p.Date))))
	s.gap(2)

	who := "received"
	if kind == "refund" {
		who = "paid_to"
	}
	cu := &v.Customer
	s.field(6, s.t(who), join(" / ", cu.Name, cu.LatinName))
	s.field(6, s.t("address"), join(", ", cu.Address, cu.Province))
	s.field(6, s.t("phone"), s.phone(cu.MainPhone()))
	what := s.enum("pay", string(p.Type))
	if v.Tour != nil {
		what = join(" · ", what, v.Tour.Name)
	} else {
		what = join(" · ", what, v.Booking.Destination)
	}
	s.field(6, s.t("for"), what)
	s.field(6, s.t("booking"), join(" · ", v.Booking.Code, v.Booking.ContractNumber))
	s.field(6, s.t("method"), s.enum("method", string(p.Method)))
	s.rows = append(s.rows, rowOf(s.cell(6, s.t("sum"), style{color: &darkGrey, top: 1}), s.cell(grid-6, s.money(p.Amount), style{size: 12, bold: true})))
	s.field(6, s.t("in_words"), sentence(s.Lang, words))
	if p.ReversalOf != "" {
		s.field(6, s.t("reversal"), p.ReversalOf)
	}
	s.field(6, s.t("notes"), p.Note)

	s.gap(3)
	s.rule()
	s.sumRow(s.t("total"), s.money(v.Total), false)
	s.sumRow(s.t("paid"), s.money(v.Paid), false)
	s.sumRow(s.t("balance"), s.money(v.Balance), true)

	if kind == "refund" {
		s.signatures([2]string{s.t("refund_payee"), cu.Name}, [2]string{s.t("refund_payer"), v.ReceivedBy})
	} else {
		s.signatures([2]string{s.t("payer"), cu.Name}, [2]string{s.t("payee"), v.ReceivedBy})
	}
	return s.maroto()
}
