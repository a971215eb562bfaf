package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/johnfercher/maroto/v2/pkg/core"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/printing"
)

// print registers itself so that this file is the whole subcommand; the
// usage text in run.go lists it once the owner of run.go adds the line.
func init() { commands["print"] = cmdPrint }

const printUsage = `usage: tourdeskctl print quote|contract|receipt|voucher|grouplist|roominglist ID -o FILE.pdf [--lang vi|en|ru|zh]

  quote        ID of a booking (quoted to its customer) or of a tour (its program and list prices)
  contract     ID of a booking
  receipt      ID of a payment
  voucher      ID of a service order
  grouplist    ID of a departure
  roominglist  ID of a departure

--lang defaults to the customer's language (vi when there is none); -o - writes the PDF to stdout.
`

var printKinds = []string{"quote", "contract", "receipt", "voucher", "grouplist", "roominglist"}

// cmdPrint writes one document as PDF. The print date is today (local
// time). A wrong kind, an unknown id, or an id of another kind of record is
// bad input (exit 1).
func cmdPrint(e *env, args []string) error {
	fs := newFlags("print", e)
	out := fs.String("o", "", "the PDF file to write (- for stdout)")
	lang := fs.String("lang", "", "the document's language: vi, en, ru or zh")
	fs.Usage = func() { fmt.Fprint(e.stderr, printUsage) }
	pos, err := parse(fs, args, 2, "a document kind and an id")
	if err != nil {
		return err
	}
	kind, id := pos[0], pos[1]
	if !slices.Contains(printKinds, kind) {
		return usagef("print: unknown document %q (want one of %v)", kind, printKinds)
	}
	if *out == "" {
		return usagef("print: -o FILE.pdf is required")
	}
	if *lang != "" && !slices.Contains(app.Languages, *lang) {
		return usagef("print: --lang %q: want vi, en, ru or zh", *lang)
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	m, err := buildDocument(s, kind, id, *lang, app.DateOf(time.Now()))
	if err != nil {
		return err
	}
	pdf, err := printing.Render(m)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = e.stdout.Write(pdf)
		return err
	}
	if err := os.WriteFile(*out, pdf, 0o644); err != nil {
		// %v, not %w: run maps os.ErrNotExist to bad input (a missing input
		// file), but an output that cannot be written is a failure (exit 2).
		return fmt.Errorf("print: %v", err)
	}
	fmt.Fprintf(e.stderr, "print: %s %s written to %s (%d KB)\n", kind, id, *out, (len(pdf)+1023)/1024)
	return nil
}

// buildDocument loads what the document needs (service) and builds it
// (printing), copying the service's data into the printing view.
func buildDocument(s service.Store, kind, id, lang string, today app.Date) (core.Maroto, error) {
	lh := func(b service.PrintBase) printing.Letterhead {
		return printing.Letterhead{Lang: b.Lang, PrintedOn: today, Company: b.Settings}
	}
	switch kind {
	case "quote":
		q, err := service.LoadQuote(s, id, lang, today)
		if err != nil {
			return nil, err
		}
		return printing.Quote(printing.QuoteView{Letterhead: lh(q.PrintBase), Tour: *q.Tour, Departure: q.Departure, Customer: q.Customer, Booking: q.Booking, ValidUntil: q.ValidUntil})
	case "contract":
		c, err := service.LoadContract(s, id, lang)
		if err != nil {
			return nil, err
		}
		v := printing.ContractView{Letterhead: lh(c.PrintBase), Customer: *c.Customer, Booking: *c.Booking, Tour: c.Tour, Departure: c.Departure, Travelers: values(c.Travelers), Paid: c.Paid}
		for _, in := range c.Schedule {
			v.Schedule = append(v.Schedule, printing.Instalment{Kind: in.Kind, Due: in.Due, Amount: in.Amount})
		}
		return printing.Contract(v)
	case "receipt":
		r, err := service.LoadReceipt(s, id, lang)
		if err != nil {
			return nil, err
		}
		v := printing.ReceiptView{Letterhead: lh(r.PrintBase), Payment: *r.Payment, Customer: *r.Customer, Booking: *r.Booking, Tour: r.Tour, Total: r.Total, Paid: r.Paid, Balance: r.Balance, ReceivedBy: r.ReceivedBy}
		v.PrintedOn = r.Payment.Date
		return printing.Receipt(v)
	case "voucher":
		d, err := service.LoadVoucher(s, id, lang)
		if err != nil {
			return nil, err
		}
		return printing.Voucher(printing.VoucherView{Letterhead: lh(d.PrintBase), Order: *d.Order, Partner: *d.Partner, Departure: *d.Departure, Tour: d.Tour, Travelers: values(d.Travelers)})
	}
	l, err := service.LoadDepartureList(s, id, lang)
	if err != nil {
		return nil, err
	}
	v := printing.ListView{Letterhead: lh(l.PrintBase), Tour: l.Tour, Departure: *l.Departure, Travelers: values(l.Travelers)}
	if kind == "roominglist" {
		return printing.RoomingList(v)
	}
	return printing.GroupList(v)
}

func values[E any](ps []*E) []E {
	out := make([]E, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}
