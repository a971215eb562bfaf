package service

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// The print use case: load from the store everything one document prints,
// in one read transaction, and work out what the document states but no
// record holds (the payment schedule, what was paid so far, a quote's
// validity). app imports nothing of ours, so these are plain data; the
// commands (tourdeskctl print, the desktop app) copy them into the views
// of package printing.

// DepositPercent is the deposit a contract asks for when none has been
// paid yet: 30% of the total, the usual Vietnamese agency practice.
const DepositPercent = 30

// QuoteValidDays is how long a quote's prices hold after it is printed
// (cut to the day before departure).
const QuoteValidDays = 14

// PrintBase is what every document needs: the agency (zero settings when
// none are stored: the document prints without a letterhead) and the
// language, the customer's own when known ("vi" otherwise).
type PrintBase struct {
	Settings app.CompanySettings
	Lang     string
}

// QuoteData is a quote: a tour's program, for a booking (Customer and
// Booking set) or on its own.
type QuoteData struct {
	PrintBase
	Tour       *app.Tour
	Departure  *app.Departure
	Customer   *app.Customer
	Booking    *app.Booking
	ValidUntil app.Date
}

// Instalment is one payment a contract schedules.
type Instalment struct {
	Kind   app.PaymentKind
	Due    app.Date
	Amount money.Money
}

// ContractData is a booking's contract.
type ContractData struct {
	PrintBase
	Customer  *app.Customer
	Booking   *app.Booking
	Tour      *app.Tour      // nil for a custom trip
	Departure *app.Departure // nil for a custom trip
	Travelers []*app.Traveler
	Payments  []*app.Payment
	Schedule  []Instalment
	Paid      money.Money
}

// ReceiptData is one payment's receipt.
type ReceiptData struct {
	PrintBase
	Payment    *app.Payment
	Customer   *app.Customer
	Booking    *app.Booking
	Tour       *app.Tour
	Total      money.Money
	Paid       money.Money // up to and including this payment
	Balance    money.Money
	ReceivedBy string // the user's name, or their id when unknown
}

// VoucherData is a service order's voucher.
type VoucherData struct {
	PrintBase
	Order     *app.ServiceOrder
	Partner   *app.Partner
	Departure *app.Departure
	Tour      *app.Tour
	Travelers []*app.Traveler
}

// ListData is a departure's group or rooming list.
type ListData struct {
	PrintBase
	Departure *app.Departure
	Tour      *app.Tour
	Travelers []*app.Traveler
}

func loadBase(r Reader, lang string) (PrintBase, error) {
	b := PrintBase{Lang: cmp.Or(lang, "vi")}
	s, err := Load[app.CompanySettings](r, app.CompanySettingsID)
	switch {
	case err == nil:
		b.Settings = *s
	case !isNotFound(err):
		return b, err
	}
	return b, nil
}

// optional loads id when it is set; a missing record is nil, not an error.
func optional[E any, P interface {
	*E
	app.Entity
}](r Reader, id string) (*E, error) {
	if id == "" {
		return nil, nil
	}
	e, err := Load[E, P](r, id)
	if isNotFound(err) {
		return nil, nil
	}
	return e, err
}

func loadAll[E any, P interface {
	*E
	app.Entity
}](r Reader, ids []string, withID func(*E, string)) ([]*E, error) {
	out := make([]*E, 0, len(ids))
	for _, id := range ids {
		e, err := Load[E, P](r, id)
		if err != nil {
			return nil, err
		}
		withID(e, id)
		out = append(out, e)
	}
	return out, nil
}

func bookingTravelers(r Reader, bookingID string) ([]*app.Traveler, error) {
	ids, err := r.Lookup(app.KindTraveler, "booking_id", bookingID)
	if err != nil {
		return nil, err
	}
	return loadAll[app.Traveler](r, ids, func(t *app.Traveler, id string) { t.ID = id })
}

func bookingPayments(r Reader, bookingID string) ([]*app.Payment, error) {
	ids, err := r.Lookup(app.KindPayment, "booking_id", bookingID)
	if err != nil {
		return nil, err
	}
	ps, err := loadAll[app.Payment](r, ids, func(p *app.Payment, id string) { p.ID = id })
	slices.SortStableFunc(ps, func(a, b *app.Payment) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) })
	return ps, err
}

// LoadQuote loads a quote for id, a booking (quoted to its customer, with
// its lines and total) or a tour (its program and list prices for
// anyone). lang "" means the customer's language, else "vi". An id of
// neither kind is an error matching app.ErrNotFound.
func LoadQuote(s Store, id, lang string, today app.Date) (*QuoteData, error) {
	q := &QuoteData{}
	err := s.View(func(r Reader) error {
		b, err := Load[app.Booking](r, id)
		switch {
		case isNotFound(err):
			t, err := Load[app.Tour](r, id)
			if isNotFound(err) {
				return fmt.Errorf("quote: %s is neither a booking nor a tour: %w", id, app.ErrNotFound)
			}
			if err != nil {
				return err
			}
			t.ID = id
			q.Tour = t
		case err != nil:
			return err
		default:
			b.ID = id
			q.Booking = b
			if q.Customer, err = optional[app.Customer](r, b.CustomerID); err != nil {
				return err
			}
			if q.Departure, err = optional[app.Departure](r, b.DepartureID); err != nil {
				return err
			}
			if q.Departure != nil {
				if q.Tour, err = optional[app.Tour](r, q.Departure.TourID); err != nil {
					return err
				}
			}
			if q.Tour == nil {
				// A custom trip: a program-less "tour" named for its destination.
				q.Tour = &app.Tour{Name: b.Destination}
			}
		}
		if lang == "" && q.Customer != nil {
			lang = q.Customer.Language
		}
		q.PrintBase, err = loadBase(r, lang)
		return err
	})
	if err != nil {
		return nil, err
	}
	q.ValidUntil = today.AddDays(QuoteValidDays)
	if q.Departure != nil && !q.Departure.StartDate.IsZero() && !q.ValidUntil.Before(q.Departure.StartDate) {
		q.ValidUntil = q.Departure.StartDate.AddDays(-1)
	}
	return q, nil
}

// LoadContract loads the contract of booking id and works out its payment
// schedule: the deposit is what was paid as deposit (net of reversals) or,
// when nothing was, DepositPercent of the total, due on the first deposit's
// date or the day the booking was made; the balance is the rest, due on the
// booking's BalanceDue or 15 days before departure.
func LoadContract(s Store, id, lang string) (*ContractData, error) {
	c := &ContractData{}
	err := s.View(func(r Reader) error {
		b, err := Load[app.Booking](r, id)
		if err != nil {
			return fmt.Errorf("contract: %w", err)
		}
		b.ID = id
		c.Booking = b
		if c.Customer, err = Load[app.Customer](r, b.CustomerID); err != nil {
			return fmt.Errorf("contract: customer of booking %s: %w", b.Code, err)
		}
		c.Customer.ID = b.CustomerID
		if c.Departure, err = optional[app.Departure](r, b.DepartureID); err != nil {
			return err
		}
		if c.Departure != nil {
			c.Departure.ID = b.DepartureID
			if c.Tour, err = optional[app.Tour](r, c.Departure.TourID); err != nil {
				return err
			}
		}
		if c.Travelers, err = bookingTravelers(r, id); err != nil {
			return err
		}
		if c.Payments, err = bookingPayments(r, id); err != nil {
			return err
		}
		c.PrintBase, err = loadBase(r, cmp.Or(lang, c.Customer.Language))
		return err
	})
	if err != nil {
		return nil, err
	}
	b := c.Booking
	total, err := b.Total()
	if err != nil {
		return nil, fmt.Errorf("contract: booking %s: %v: %w", b.Code, err, app.ErrInvalid)
	}
	c.Paid, _ = app.Paid(c.Payments, b.Currency)
	var deposits []*app.Payment
	for _, p := range c.Payments {
		if p.Type == app.PaymentDeposit {
			deposits = append(deposits, p)
		}
	}
	deposit, _ := app.Paid(deposits, b.Currency)
	depositDue := b.BookedOn
	if len(deposits) > 0 {
		depositDue = deposits[0].Date
	}
	if deposit.Amount <= 0 {
		if deposit, err = total.Percent(DepositPercent); err != nil {
			return nil, err
		}
	}
	balance, err := total.Sub(deposit)
	if err != nil {
		return nil, err
	}
	balanceDue := b.BalanceDue
	if balanceDue.IsZero() && c.Departure != nil && !c.Departure.StartDate.IsZero() {
		balanceDue = c.Departure.StartDate.AddDays(-15)
	}
	c.Schedule = []Instalment{{app.PaymentDeposit, depositDue, deposit}}
	if balance.Amount > 0 {
		c.Schedule = append(c.Schedule, Instalment{app.PaymentBalance, balanceDue, balance})
	}
	return c, nil
}

// LoadReceipt loads the receipt of payment id: the booking's total, what
// was paid up to and including this payment (by date, then id), and the
// balance then.
func LoadReceipt(s Store, id, lang string) (*ReceiptData, error) {
	d := &ReceiptData{}
	var payments []*app.Payment
	err := s.View(func(r Reader) error {
		p, err := Load[app.Payment](r, id)
		if err != nil {
			return fmt.Errorf("receipt: %w", err)
		}
		p.ID = id
		d.Payment = p
		if d.Booking, err = Load[app.Booking](r, p.BookingID); err != nil {
			return fmt.Errorf("receipt: booking of payment %s: %w", id, err)
		}
		d.Booking.ID = p.BookingID
		if d.Customer, err = Load[app.Customer](r, cmp.Or(p.CustomerID, d.Booking.CustomerID)); err != nil {
			return fmt.Errorf("receipt: customer of payment %s: %w", id, err)
		}
		if dep, err := optional[app.Departure](r, d.Booking.DepartureID); err != nil {
			return err
		} else if dep != nil {
			if d.Tour, err = optional[app.Tour](r, dep.TourID); err != nil {
				return err
			}
		}
		d.ReceivedBy = p.ReceivedBy
		if u, err := optional[app.User](r, p.ReceivedBy); err != nil {
			return err
		} else if u != nil {
			d.ReceivedBy = u.Name
		}
		if payments, err = bookingPayments(r, p.BookingID); err != nil {
			return err
		}
		d.PrintBase, err = loadBase(r, cmp.Or(lang, d.Customer.Language))
		return err
	})
	if err != nil {
		return nil, err
	}
	b, p := d.Booking, d.Payment
	total, err := b.Total()
	if err != nil {
		return nil, fmt.Errorf("receipt: booking %s: %v: %w", b.Code, err, app.ErrInvalid)
	}
	var upTo []*app.Payment
	for _, q := range payments {
		if c := q.Date.Compare(p.Date); c < 0 || c == 0 && q.ID <= p.ID {
			upTo = append(upTo, q)
		}
	}
	d.Total = total
	d.Paid, _ = app.Paid(upTo, b.Currency)
	d.Balance, err = total.Sub(d.Paid)
	return d, err
}

// LoadVoucher loads the voucher of service order id: the partner, the
// departure and its travelers.
func LoadVoucher(s Store, id, lang string) (*VoucherData, error) {
	v := &VoucherData{}
	err := s.View(func(r Reader) error {
		o, err := Load[app.ServiceOrder](r, id)
		if err != nil {
			return fmt.Errorf("voucher: %w", err)
		}
		o.ID = id
		v.Order = o
		if v.Partner, err = Load[app.Partner](r, o.PartnerID); err != nil {
			return fmt.Errorf("voucher: partner of order %s: %w", id, err)
		}
		l, err := loadList(r, o.DepartureID)
		if err != nil {
			return fmt.Errorf("voucher: %w", err)
		}
		v.Departure, v.Tour, v.Travelers = l.Departure, l.Tour, l.Travelers
		v.PrintBase, err = loadBase(r, lang)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// LoadDepartureList loads departure id with its tour and its travelers
// for the group and rooming lists: the travelers of bookings that hold a
// seat (app.Booking.HoldsSeat), ordered by booking code and then as they
// were added.
func LoadDepartureList(s Store, id, lang string) (*ListData, error) {
	var l *ListData
	err := s.View(func(r Reader) (err error) {
		if l, err = loadList(r, id); err != nil {
			return err
		}
		l.PrintBase, err = loadBase(r, lang)
		return err
	})
	return l, err
}

func loadList(r Reader, id string) (*ListData, error) {
	d, err := Load[app.Departure](r, id)
	if err != nil {
		return nil, err
	}
	d.ID = id
	l := &ListData{Departure: d}
	if l.Tour, err = optional[app.Tour](r, d.TourID); err != nil {
		return nil, err
	}
	ids, err := r.Lookup(app.KindTraveler, "departure_id", id)
	if err != nil {
		return nil, err
	}
	ts, err := loadAll[app.Traveler](r, ids, func(t *app.Traveler, id string) { t.ID = id })
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	for _, t := range ts {
		if _, seen := codes[t.BookingID]; seen {
			continue
		}
		b, err := optional[app.Booking](r, t.BookingID)
		if err != nil {
			return nil, err
		}
		codes[t.BookingID] = ""
		if b != nil && b.HoldsSeat() {
			codes[t.BookingID] = b.Code
		}
	}
	for _, t := range ts {
		if codes[t.BookingID] != "" {
			l.Travelers = append(l.Travelers, t)
		}
	}
	slices.SortStableFunc(l.Travelers, func(a, b *app.Traveler) int { return cmp.Compare(codes[a.BookingID], codes[b.BookingID]) })
	return l, nil
}
