package printing

import (
	"fmt"
	"slices"

	"github.com/johnfercher/maroto/v2/pkg/core"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// The documents by name, as tourdeskctl print and the desktop app's Print
// actions call them.
const (
	KindQuote       = "quote"       // id of a booking or of a tour
	KindContract    = "contract"    // id of a booking
	KindReceipt     = "receipt"     // id of a payment
	KindVoucher     = "voucher"     // id of a service order
	KindGroupList   = "grouplist"   // id of a departure
	KindRoomingList = "roominglist" // id of a departure
)

// Kinds lists every document Document builds, in the order users see them.
var Kinds = []string{KindQuote, KindContract, KindReceipt, KindVoucher, KindGroupList, KindRoomingList}

// Document loads from s what document kind prints about record id (one
// read transaction, through the service print use case) and builds it: the
// one place where the service's data is copied into the views of this
// package, shared by tourdeskctl print and the desktop app. lang "" means
// the customer's language when the document has a customer, else "vi".
// printedOn is the date on the document (a receipt is dated the day of its
// payment instead).
//
// An unknown kind is an error matching app.ErrInvalid; an unknown id, or an
// id of another kind of record, one matching app.ErrNotFound. The builders'
// own errors are returned unchanged. Render turns the result into a PDF.
func Document(s service.Store, kind, id, lang string, printedOn app.Date) (core.Maroto, error) {
	if !slices.Contains(Kinds, kind) {
		return nil, fmt.Errorf("printing: unknown document %q (want one of %v): %w", kind, Kinds, app.ErrInvalid)
	}
	lh := func(b service.PrintBase) Letterhead {
		return Letterhead{Lang: b.Lang, PrintedOn: printedOn, Company: b.Settings}
	}
	switch kind {
	case KindQuote:
		q, err := service.LoadQuote(s, id, lang, printedOn)
		if err != nil {
			return nil, err
		}
		return Quote(QuoteView{Letterhead: lh(q.PrintBase), Tour: *q.Tour, Departure: q.Departure, Customer: q.Customer, Booking: q.Booking, ValidUntil: q.ValidUntil})
	case KindContract:
		c, err := service.LoadContract(s, id, lang)
		if err != nil {
			return nil, err
		}
		v := ContractView{Letterhead: lh(c.PrintBase), Customer: *c.Customer, Booking: *c.Booking, Tour: c.Tour, Departure: c.Departure, Travelers: values(c.Travelers), Paid: c.Paid}
		for _, in := range c.Schedule {
			v.Schedule = append(v.Schedule, Instalment{Kind: in.Kind, Due: in.Due, Amount: in.Amount})
		}
		return Contract(v)
	case KindReceipt:
		r, err := service.LoadReceipt(s, id, lang)
		if err != nil {
			return nil, err
		}
		v := ReceiptView{Letterhead: lh(r.PrintBase), Payment: *r.Payment, Customer: *r.Customer, Booking: *r.Booking, Tour: r.Tour, Total: r.Total, Paid: r.Paid, Balance: r.Balance, ReceivedBy: r.ReceivedBy}
		v.PrintedOn = r.Payment.Date
		return Receipt(v)
	case KindVoucher:
		d, err := service.LoadVoucher(s, id, lang)
		if err != nil {
			return nil, err
		}
		return Voucher(VoucherView{Letterhead: lh(d.PrintBase), Order: *d.Order, Partner: *d.Partner, Departure: *d.Departure, Tour: d.Tour, Travelers: values(d.Travelers)})
	}
	l, err := service.LoadDepartureList(s, id, lang)
	if err != nil {
		return nil, err
	}
	v := ListView{Letterhead: lh(l.PrintBase), Tour: l.Tour, Departure: *l.Departure, Travelers: values(l.Travelers)}
	if kind == KindRoomingList {
		return RoomingList(v)
	}
	return GroupList(v)
}

// values copies the entities the service loaded into the slices of values
// the views hold.
func values[E any](ps []*E) []E {
	out := make([]E, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}
