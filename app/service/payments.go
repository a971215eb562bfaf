package service

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
)

// Payments is the use cases of money on bookings: taking deposits,
// balances and surcharges, refunds, cancellation with a refund from the
// company's cancellation policy, a booking's statement and the customers'
// receivables. Payments are append-only records (app.Payment); nothing
// here edits one.
type Payments struct {
	store   Store
	session Session
}

// NewPayments returns the payment service of store for the session's user
// (who is recorded as having received the money).
func NewPayments(store Store, session Session) *Payments {
	return &Payments{store: store, session: session}
}

// Take is a payment to record.
type Take struct {
	BookingID string
	// Kind is deposit, balance or surcharge (a refund goes through Refund).
	// A surcharge is an extra charged and paid at once: it adds a price
	// line of its amount to the booking (described by Note, else
	// "Surcharge"), so the total grows by what was paid and the balance
	// stays what it was.
	Kind   app.PaymentKind
	Amount money.Money
	// Method defaults to cash.
	Method  app.PaymentMethod
	Date    app.Date
	Receipt string
	Note    string
}

// PaymentError refuses a payment; it matches app.ErrInvalid and its
// message says what to do.
type PaymentError struct{ Msg string }

func (e *PaymentError) Error() string { return e.Msg }

// Is reports that a PaymentError is an app.ErrInvalid.
func (e *PaymentError) Is(target error) bool { return target == app.ErrInvalid }

func refuse(format string, args ...any) error { return &PaymentError{fmt.Sprintf(format, args...)} }

// Take records money received for a booking. It refuses (a *PaymentError)
// a booking that is cancelled or lost, or waitlisted on a departure still
// full, an amount of zero or
// below, an amount in another currency than the booking's, and a kind
// other than deposit, balance or surcharge. The first payment of a booking
// still in the pipeline moves it to deposit (checking its departure's
// seats: a *FullError when they do not suffice; the customer becomes a
// customer); a payment that leaves nothing owed moves a booking at
// deposit to paid. A surcharge adds its price line (app.PriceLine
// Surcharge) in the same transaction; a role that may not change a
// booking's lines (an accountant) gets app.ErrForbidden for it. It
// returns the payment with ID set.
func (s *Payments) Take(t Take) (*app.Payment, error) {
	switch t.Kind {
	case app.PaymentDeposit, app.PaymentBalance, app.PaymentSurcharge:
	case app.PaymentRefund:
		return nil, refuse("a refund is not taken: use refund")
	default:
		return nil, refuse("payment kind %q: want deposit, balance or surcharge", t.Kind)
	}
	if err := mayCreate(s.session, app.KindPayment); err != nil {
		return nil, err
	}
	var py *app.Payment
	err := s.store.Update(func(tx Tx) error {
		b, err := loadBooking(tx, t.BookingID)
		if err != nil {
			return err
		}
		switch {
		case b.Status == app.BookingCancelled || b.Status == app.BookingLost:
			return refuse("booking %s is %s: it takes no payments (a refund is still possible)", b.Code, b.Status)
		}
		if err := checkAmount(b, t.Amount); err != nil {
			return err
		}
		if t.Kind == app.PaymentSurcharge {
			if err := s.addSurcharge(tx, b, t.Amount, t.Note); err != nil {
				return err
			}
		}
		if py, err = s.append(tx, b, t.Kind, t.Amount, t.Method, t.Date, t.Receipt, t.Note); err != nil {
			return err
		}
		if !b.HoldsSeat() {
			err := moveTx(tx, s.session, b, app.BookingDeposit, "", MoveOptions{})
			var full *FullError
			if b.Waitlisted && errors.As(err, &full) {
				return refuse("booking %s is on the waiting list and departure %s is still full (%d seat(s) left, it needs %d): take its deposit once seats free up", b.Code, full.Departure, full.Left, full.Need)
			}
			if err != nil {
				return err
			}
		}
		if b.Status == app.BookingDeposit {
			bal, err := balanceTx(tx, b)
			if err != nil {
				return err
			}
			if bal.Amount <= 0 {
				return moveTx(tx, s.session, b, app.BookingPaid, "", MoveOptions{})
			}
		}
		return nil
	})
	return py, err
}

// Refund records money paid back to the customer of booking bookingID, in
// any status (a cancelled booking is refunded). It refuses an amount of
// zero or below, in another currency, or above what was paid.
func (s *Payments) Refund(bookingID string, amount money.Money, method app.PaymentMethod, date app.Date, note string) (*app.Payment, error) {
	if err := mayCreate(s.session, app.KindPayment); err != nil {
		return nil, err
	}
	var py *app.Payment
	err := s.store.Update(func(tx Tx) error {
		b, err := loadBooking(tx, bookingID)
		if err != nil {
			return err
		}
		if err := checkAmount(b, amount); err != nil {
			return err
		}
		ps, err := bookingPayments(tx, b.ID)
		if err != nil {
			return err
		}
		paid, _ := app.Paid(ps, b.Currency)
		if amount.Amount > paid.Amount {
			return refuse("booking %s: cannot refund %s, only %s was paid", b.Code, amount, paid)
		}
		py, err = s.append(tx, b, app.PaymentRefund, amount, method, date, "", note)
		return err
	})
	return py, err
}

// SurchargeLine is the description of a surcharge's price line when the
// payment has no note.
const SurchargeLine = "Surcharge"

// addSurcharge adds the price line of a surcharge of m to b and saves the
// lines.
func (s *Payments) addSurcharge(tx Tx, b *app.Booking, m money.Money, note string) error {
	if s.session.Role != "" {
		rec, err := tx.Get(app.KindBooking, b.ID)
		if err != nil {
			return err
		}
		if !access.CanEdit(subject(s.session), rec, "lines", lookup{tx}) {
			return fmt.Errorf("a %s may not change the price of booking %s, and a surcharge adds a price line: its agent takes the surcharge, or adds the line and you take a balance payment: %w", s.session.Role, b.Code, app.ErrForbidden)
		}
	}
	desc := strings.TrimSpace(note)
	if desc == "" {
		desc = SurchargeLine
	}
	if r := []rune(desc); len(r) > app.MaxText {
		desc = string(r[:app.MaxText])
	}
	b.Lines = append(b.Lines, app.PriceLine{Description: desc, TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: m, Surcharge: true})
	return saveBookingFields(tx, b, "lines")
}

func checkAmount(b *app.Booking, m money.Money) error {
	switch {
	case m.Amount <= 0:
		return refuse("amount %s: must be above zero", m)
	case m.Currency != b.Currency:
		return refuse("amount is in %s but booking %s is in %s", m.Currency, b.Code, b.Currency)
	}
	return nil
}

func (s *Payments) append(tx Tx, b *app.Booking, kind app.PaymentKind, m money.Money, method app.PaymentMethod, date app.Date, receipt, note string) (*app.Payment, error) {
	if method == "" {
		method = app.MethodCash
	}
	receivedBy := s.session.UserID
	if receivedBy == "" {
		receivedBy = b.OwnerID // a store no one logged in to: its bookings' owner
	}
	py := &app.Payment{BookingID: b.ID, CustomerID: b.CustomerID, Type: kind, Method: method, Amount: m,
		ReceiptNumber: receipt, ReceivedBy: receivedBy, Date: date, Note: note}
	id := record.NewID()
	if _, err := StoreEntity(tx, id, py); err != nil {
		return nil, err
	}
	py.ID = id
	return py, nil
}

func balanceTx(r Reader, b *app.Booking) (money.Money, error) {
	ps, err := bookingPayments(r, b.ID)
	if err != nil {
		return money.Money{}, err
	}
	return app.Balance(b, ps)
}

// Cancellation is what Cancel did.
type Cancellation struct {
	Booking *app.Booking
	// DaysBefore is how many days before the trip's start it was cancelled.
	DaysBefore int
	// KeepPercent is the policy's share of the total kept; Kept is that
	// share of the total, Paid what the customer had paid, Refund what is
	// due back (Paid − Kept, never below zero).
	KeepPercent        int
	Kept, Paid, Refund money.Money
	RefundPayment      *app.Payment
	PolicyApplied      bool
}

// Cancel cancels booking id with reason on today and works out the refund
// from the company's cancellation policy (app.CompanySettings
// CancellationPolicy: the share of the total kept by days before the
// start). With refund true a refund payment of that amount is recorded;
// with no policy and money paid that is refused, and the refund is left
// to a person (Refund). A booking that cannot move to cancelled is a
// *app.ValidationError on "status". The trip's start is its departure's
// start date, or the custom trip's.
func (s *Payments) Cancel(id, reason string, today app.Date, refund bool) (*Cancellation, error) {
	var c *Cancellation
	err := s.store.Update(func(tx Tx) error {
		b, err := loadBooking(tx, id)
		if err != nil {
			return err
		}
		if b.Status == app.BookingCancelled || b.Status == app.BookingLost {
			return refuse("booking %s is %s already", b.Code, b.Status)
		}
		start, err := tripStart(tx, b)
		if err != nil {
			return err
		}
		ps, err := bookingPayments(tx, b.ID)
		if err != nil {
			return err
		}
		paid, ok := app.Paid(ps, b.Currency)
		if !ok {
			return money.ErrMixedCurrency
		}
		total, err := b.Total()
		if err != nil {
			return err
		}
		c = &Cancellation{Booking: b, Paid: paid, Kept: money.New(0, b.Currency), Refund: money.New(0, b.Currency)}
		if !start.IsZero() {
			c.DaysBefore = int(start.Time().Sub(today.Time()).Hours() / 24)
		}
		set := settings(tx)
		if pct, ok := set.CancellationKeep(c.DaysBefore); ok {
			c.PolicyApplied, c.KeepPercent = true, pct
			if c.Kept, err = total.Percent(int64(pct)); err != nil {
				return err
			}
			if paid.Amount > c.Kept.Amount {
				c.Refund = money.New(paid.Amount-c.Kept.Amount, b.Currency)
			}
		}
		if err := moveTx(tx, s.session, b, app.BookingCancelled, reason, MoveOptions{}); err != nil {
			return err
		}
		if !refund || paid.Amount <= 0 {
			return nil
		}
		if !c.PolicyApplied {
			return refuse("booking %s: the settings hold no cancellation policy, so no refund can be worked out; cancel without one and refund by hand", b.Code)
		}
		if c.Refund.Amount > 0 {
			c.RefundPayment, err = s.append(tx, b, app.PaymentRefund, c.Refund, app.MethodBankTransfer, today,
				"", fmt.Sprintf("cancellation %d days before the start: %d%% kept", c.DaysBefore, c.KeepPercent))
		}
		return err
	})
	return c, err
}

// tripStart is b's departure's start date, or its own for a custom trip.
func tripStart(r Reader, b *app.Booking) (app.Date, error) {
	if b.DepartureID == "" {
		return b.StartDate, nil
	}
	d, err := optional[app.Departure](r, b.DepartureID)
	if err != nil || d == nil {
		return b.StartDate, err
	}
	return d.StartDate, nil
}

// Statement is one booking's money.
type Statement struct {
	BookingRow
	// Due is when the balance must be paid: the booking's BalanceDue, or
	// the trip's start when none was set.
	Due app.Date
	// Seats is the departure's seat state ("nil" for a custom trip), with
	// the overbooking warning when this booking is flagged.
	Seats *SeatState
	// Flagged reports that the booking is one of those competing for the
	// last seats of an overbooked departure.
	Flagged bool
}

// Statement returns booking id's total, paid, balance, payments, due date
// and its departure's seats.
func (s *Payments) Statement(id string) (*Statement, error) {
	var st *Statement
	err := s.store.View(func(r Reader) error {
		row, err := bookingRow(r, id)
		if err != nil {
			if isNotFound(err) {
				return fmt.Errorf("booking %s: %w", id, app.ErrNotFound)
			}
			return err
		}
		st = &Statement{BookingRow: row, Due: dueDate(row.Booking, row.Start)}
		if row.Booking.DepartureID != "" {
			seats, err := seatsTx(r, row.Booking.DepartureID)
			if err != nil && !isNotFound(err) {
				return err
			}
			if err == nil {
				st.Seats = &seats
				st.Flagged = slices.ContainsFunc(seats.Flagged, func(b *app.Booking) bool { return b.ID == id })
			}
		}
		return nil
	})
	return st, err
}

func dueDate(b *app.Booking, start app.Date) app.Date {
	if !b.BalanceDue.IsZero() {
		return b.BalanceDue
	}
	return start
}

// Ageing splits an amount owed by how late it is: not yet due, and 0–30,
// 31–60, 61–90 and over 90 days past its due date.
type Ageing struct {
	NotDue money.Money `json:"not_due"`
	Days30 money.Money `json:"days_0_30"`
	Days60 money.Money `json:"days_31_60"`
	Days90 money.Money `json:"days_61_90"`
	Over90 money.Money `json:"days_90_plus"`
	Total  money.Money `json:"total"`
}

func newAgeing(cur string) Ageing {
	z := money.New(0, cur)
	return Ageing{z, z, z, z, z, z}
}

// bucket returns the field of a an amount daysOverdue late goes to.
func (a *Ageing) bucket(daysOverdue int) *money.Money {
	switch {
	case daysOverdue < 0:
		return &a.NotDue
	case daysOverdue <= 30:
		return &a.Days30
	case daysOverdue <= 60:
		return &a.Days60
	case daysOverdue <= 90:
		return &a.Days90
	}
	return &a.Over90
}

func (a *Ageing) add(daysOverdue int, m money.Money) error {
	b := a.bucket(daysOverdue)
	v, err := b.Add(m)
	if err != nil {
		return err
	}
	t, err := a.Total.Add(m)
	if err != nil {
		return err
	}
	*b, a.Total = v, t
	return nil
}

// Receivable is one booking's unpaid balance.
type Receivable struct {
	BookingID string      `json:"booking_id"`
	Code      string      `json:"code"`
	Balance   money.Money `json:"balance"`
	// Converted is Balance in the company's default currency.
	Converted   money.Money `json:"converted"`
	Due         app.Date    `json:"due"`
	DaysOverdue int         `json:"days_overdue"`
}

// CustomerDebt is what one customer owes.
type CustomerDebt struct {
	CustomerID string       `json:"customer_id"`
	Name       string       `json:"name"`
	Bookings   []Receivable `json:"bookings"`
	// Ageing is in the company's default currency.
	Ageing Ageing `json:"ageing"`
	// OverLimit is the alert: Ageing.Total is above the company's
	// DebtLimit.
	OverLimit bool `json:"over_limit"`
}

// Receivables is the receivables report.
type Receivables struct {
	// Currency is the company's default currency, which every total is in.
	Currency  string         `json:"currency"`
	DebtLimit money.Money    `json:"debt_limit"`
	Customers []CustomerDebt `json:"customers"`
	Total     Ageing         `json:"total"`
	// Problems name bookings left out (a currency with no exchange rate,
	// mixed currencies).
	Problems []string `json:"problems"`
}

// Receivables lists, for every customer owing money on today, their
// bookings with a balance above zero and the amounts aged by days past the
// due date (Statement.Due), converted into the default currency with the
// settings' exchange rates. Only bookings the customer is bound to count:
// at deposit, paid, travelling or completed. Customers come most owed
// first; OverLimit raises the debt-limit alert.
func (s *Payments) Receivables(today app.Date) (*Receivables, error) {
	// With a one-cursor store: the bookings and payments read once
	// (Books). Else the straightforward path: each booking with its
	// departure and payments (bookingRow).
	if _, fast := fieldScanner(s.store); fast {
		books, err := LoadBooks(s.store)
		if err != nil {
			return nil, err
		}
		return books.Receivables(today)
	}
	var set *app.CompanySettings
	var rows []BookingRow
	// Bookings come in SortedIDs order (a customer's, and the problems).
	ids, err := s.store.SortedIDs(app.KindBooking)
	if err != nil {
		return nil, err
	}
	err = s.store.View(func(r Reader) error {
		set = settings(r)
		for _, id := range ids {
			row, err := bookingRow(r, id)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			if row.Booking.HoldsSeat() {
				rows = append(rows, row)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep, err := receivablesOf(set, rows, today)
	if err != nil {
		return nil, err
	}
	if err := customerNames(s.store, rep.Customers); err != nil {
		return nil, err
	}
	return rep, nil
}

// receivablesOf is the receivables report of rows, the seat-holding
// bookings (in id order), without the customers' names.
func receivablesOf(set *app.CompanySettings, rows []BookingRow, today app.Date) (*Receivables, error) {
	rep := &Receivables{Currency: set.DefaultCurrency, DebtLimit: set.DebtLimit, Total: newAgeing(set.DefaultCurrency)}
	byCustomer := map[string]*CustomerDebt{}
	for _, row := range rows {
		b := row.Booking
		if !b.HoldsSeat() {
			continue
		}
		if row.Problem != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("booking %s: %v", b.Code, row.Problem))
			continue
		}
		if row.Balance.Amount <= 0 {
			continue
		}
		conv, err := set.Convert(row.Balance)
		if err != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("booking %s: %v", b.Code, err))
			continue
		}
		due := dueDate(b, row.Start)
		late := 0
		if !due.IsZero() {
			late = int(today.Time().Sub(due.Time()).Hours() / 24)
		}
		cd := byCustomer[b.CustomerID]
		if cd == nil {
			cd = &CustomerDebt{CustomerID: b.CustomerID, Ageing: newAgeing(set.DefaultCurrency)}
			byCustomer[b.CustomerID] = cd
		}
		cd.Bookings = append(cd.Bookings, Receivable{BookingID: b.ID, Code: b.Code, Balance: row.Balance, Converted: conv, Due: due, DaysOverdue: late})
		if err := cd.Ageing.add(late, conv); err != nil {
			return nil, err
		}
		if err := rep.Total.add(late, conv); err != nil {
			return nil, err
		}
	}
	for _, cd := range byCustomer {
		cd.OverLimit = set.DebtLimit.Amount > 0 && cd.Ageing.Total.Amount > set.DebtLimit.Amount
		rep.Customers = append(rep.Customers, *cd)
	}
	slices.SortFunc(rep.Customers, func(a, b CustomerDebt) int {
		return cmp.Or(cmp.Compare(b.Ageing.Total.Amount, a.Ageing.Total.Amount), cmp.Compare(a.CustomerID, b.CustomerID))
	})
	return rep, nil
}

// customerNames sets the names of the customers owing (a customer
// deleted keeps no name). With a one-cursor store only each record's name
// is read, not the whole customer decoded.
func customerNames(store Store, debts []CustomerDebt) error {
	_, fast := fieldScanner(store)
	return store.View(func(r Reader) error {
		for i := range debts {
			if !fast {
				if c, err := optional[app.Customer](r, debts[i].CustomerID); err == nil && c != nil {
					debts[i].Name = c.Name
				}
				continue
			}
			rec, err := r.Get(app.KindCustomer, debts[i].CustomerID)
			if err != nil || rec.IsDeleted() {
				continue
			}
			if name, err := rawString(rec.Fields["name"].Value); err == nil {
				debts[i].Name = name
			}
		}
		return nil
	})
}
