package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tourdesk/tourdesk/app/money"
)

// BookingStatus is a booking's place in the sales pipeline: an inquiry
// comes in, an agent consults and sends a quote, the customer pays a
// deposit (the contract is signed), pays in full, travels and comes home.
// A booking that never reached a deposit is lost; one cancelled after
// that (or before, at the customer's word) is cancelled. Both need a
// reason.
type BookingStatus string

const (
	BookingInquiry    BookingStatus = "inquiry"
	BookingConsulting BookingStatus = "consulting"
	BookingQuoted     BookingStatus = "quoted"
	BookingDeposit    BookingStatus = "deposit"
	BookingPaid       BookingStatus = "paid"
	BookingTravelling BookingStatus = "travelling"
	BookingCompleted  BookingStatus = "completed"
	BookingCancelled  BookingStatus = "cancelled"
	BookingLost       BookingStatus = "lost"
)

// BookingStatuses lists every booking status in pipeline order.
var BookingStatuses = []BookingStatus{BookingInquiry, BookingConsulting, BookingQuoted, BookingDeposit, BookingPaid, BookingTravelling, BookingCompleted, BookingCancelled, BookingLost}

// BookingTransitions is the pipeline. Steps may be skipped forward (a
// walk-in pays in full at once), a quote may go back to consulting to be
// reworked, and nothing moves back once money is in. Lost is only for
// bookings with no deposit; completed, cancelled and lost are final.
var BookingTransitions = Transitions[BookingStatus]{
	BookingInquiry:    {BookingConsulting, BookingQuoted, BookingDeposit, BookingPaid, BookingCancelled, BookingLost},
	BookingConsulting: {BookingQuoted, BookingDeposit, BookingPaid, BookingCancelled, BookingLost},
	BookingQuoted:     {BookingConsulting, BookingDeposit, BookingPaid, BookingCancelled, BookingLost},
	BookingDeposit:    {BookingPaid, BookingCancelled},
	BookingPaid:       {BookingTravelling, BookingCompleted, BookingCancelled},
	BookingTravelling: {BookingCompleted},
}

// TravelerType prices a traveler: adults, children (usually 2–11) and
// infants (under 2, no seat of their own).
type TravelerType string

const (
	TravelerAdult  TravelerType = "adult"
	TravelerChild  TravelerType = "child"
	TravelerInfant TravelerType = "infant"
	// TravelerOther is a line that is not a traveler: a single-room
	// supplement, a visa fee, an extra night.
	TravelerOther TravelerType = "other"
)

// PriceLine is one line of a booking's price: Quantity × UnitPrice.
type PriceLine struct {
	Description  string       `json:"description"`
	TravelerType TravelerType `json:"traveler_type"`
	Quantity     int          `json:"quantity"`
	UnitPrice    money.Money  `json:"unit_price"`
	// Surcharge marks the line a surcharge payment added (an extra the
	// customer paid for on the spot: a single-room supplement, a visa
	// fee). Percentage discounts are not taken of it: the customer was
	// charged, and paid, exactly its amount.
	Surcharge bool `json:"surcharge,omitempty"`
}

// Amount is Quantity × UnitPrice.
func (l PriceLine) Amount() (money.Money, error) { return l.UnitPrice.Mul(int64(l.Quantity)) }

// Discount takes either Percent of the booking's subtotal or a fixed
// Amount off (in the booking's currency); exactly one is set.
type Discount struct {
	Description string `json:"description"`
	// Percent is a whole percentage, 1–100.
	Percent int         `json:"percent"`
	Amount  money.Money `json:"amount"`
}

// Booking is one sale to one customer: a seat on a Departure or a custom
// trip (Destination and dates, DepartureID empty). It hangs off its
// customer for permissions: whoever may see the customer sees the booking.
//
// Lines and Discounts are each one record field, so two people editing
// different lines at once conflict (the later edit wins, the other goes to
// the conflict log); status, notes and dates merge independently.
type Booking struct {
	ID string `json:"-"`
	// Code is the human reference, "BK-2026-000123" (see BookingCode).
	Code       string `json:"code"`
	CustomerID string `json:"customer_id"`
	OwnerID    string `json:"owner_id"`
	OfficeID   string `json:"office_id"`
	CampaignID string `json:"campaign_id"`
	// DepartureID is empty for a custom trip (a family's private tour),
	// which then needs Destination and dates.
	DepartureID string `json:"departure_id"`
	Destination string `json:"destination"`
	StartDate   Date   `json:"start_date"`
	EndDate     Date   `json:"end_date"`
	// Currency is the currency of every line and fixed discount.
	Currency  string        `json:"currency"`
	Lines     []PriceLine   `json:"lines"`
	Discounts []Discount    `json:"discounts"`
	Status    BookingStatus `json:"status"`
	// Reason says why a booking was cancelled or lost (required then).
	Reason string `json:"reason"`
	// BookedOn is the day the inquiry came in; reports count by it.
	BookedOn Date `json:"booked_on"`
	// BalanceDue is when the rest must be paid (care tasks remind of it).
	BalanceDue     Date   `json:"balance_due"`
	ContractNumber string `json:"contract_number"`
	// Requests are the customer's special requests for the whole booking.
	Requests string `json:"requests"`
	Notes    string `json:"notes"`
	// Waitlisted is set when the agent put the booking on the waiting list
	// of its full departure instead of taking its deposit; it holds no seat
	// until it reaches deposit, which clears the flag.
	Waitlisted bool `json:"waitlisted"`
}

func init() {
	register(KindInfo{
		Kind:   KindBooking,
		New:    func() Entity { return new(Booking) },
		Index:  []string{"code", "customer_id", "owner_id", "office_id", "campaign_id", "departure_id", "status", "booked_on", "start_date", "balance_due"},
		Search: []string{"code", "destination", "contract_number"},
		Sort:   "booked_on",
	})
}

// Kind implements Entity.
func (*Booking) Kind() Kind { return KindBooking }

// MaxLines bounds a booking's price lines and discounts.
const MaxLines = 100

// Validate normalises the booking (code and currency upper-cased, status
// defaulting to inquiry) and reports every field that is wrong: a missing
// customer or owner, a custom trip without destination or dates, lines or
// discounts in another currency, a total below zero, a cancelled or lost
// booking with no reason.
func (b *Booking) Validate() error {
	var p Problems
	if b.Status == "" {
		b.Status = BookingInquiry
	}
	b.Code = strings.ToUpper(strings.TrimSpace(b.Code))
	if _, _, err := ParseBookingCode(b.Code); err != nil {
		if b.Code == "" {
			p.Add("code", CodeRequired, "is required")
		} else {
			p.Add("code", CodeFormat, err.Error())
		}
	}
	CleanID(&p, "customer_id", &b.CustomerID, true)
	CleanID(&p, "owner_id", &b.OwnerID, true)
	CleanID(&p, "office_id", &b.OfficeID, false)
	CleanID(&p, "campaign_id", &b.CampaignID, false)
	CleanID(&p, "departure_id", &b.DepartureID, false)
	custom := b.DepartureID == ""
	CleanText(&p, "destination", &b.Destination, MaxName, custom, false)
	CheckPeriod(&p, "start_date", "end_date", b.StartDate, b.EndDate, custom)
	CleanCurrency(&p, "currency", &b.Currency, true)
	CheckOneOf(&p, "status", b.Status, true, BookingStatuses...)
	CleanText(&p, "reason", &b.Reason, MaxText, b.Status == BookingCancelled || b.Status == BookingLost, false)
	CheckDate(&p, "booked_on", b.BookedOn, false)
	CheckDate(&p, "balance_due", b.BalanceDue, false)
	CleanText(&p, "contract_number", &b.ContractNumber, MaxName, false, false)
	CleanText(&p, "requests", &b.Requests, MaxNotes, false, true)
	CleanText(&p, "notes", &b.Notes, MaxNotes, false, true)
	cur := b.Currency
	if !money.Known(cur) {
		cur = "" // already reported; do not repeat it on every line
	}
	if len(b.Lines) > MaxLines {
		p.Add("lines", CodeTooLong, fmt.Sprintf("has more than %d lines", MaxLines))
	}
	for i := range b.Lines {
		l := &b.Lines[i]
		f := fmt.Sprintf("lines.%d", i)
		CleanText(&p, f+".description", &l.Description, MaxText, l.TravelerType == TravelerOther, false)
		if l.TravelerType == "" {
			l.TravelerType = TravelerAdult
		}
		CheckOneOf(&p, f+".traveler_type", l.TravelerType, true, TravelerAdult, TravelerChild, TravelerInfant, TravelerOther)
		CheckInt(&p, f+".quantity", l.Quantity, 1, MaxCapacity)
		if l.UnitPrice.IsZero() && cur != "" {
			l.UnitPrice.Currency = cur // a free line (an infant) may omit its currency
		}
		CheckMoney(&p, f+".unit_price", &l.UnitPrice, false, NotNegative, cur)
	}
	if len(b.Discounts) > MaxLines {
		p.Add("discounts", CodeTooLong, fmt.Sprintf("has more than %d discounts", MaxLines))
	}
	for i := range b.Discounts {
		d := &b.Discounts[i]
		f := fmt.Sprintf("discounts.%d", i)
		CleanText(&p, f+".description", &d.Description, MaxText, false, false)
		switch {
		case d.Percent != 0 && !d.Amount.IsZero():
			p.Add(f, CodeFormat, "give either a percentage or an amount, not both")
		case d.Percent == 0 && d.Amount.IsZero():
			p.Add(f, CodeRequired, "needs a percentage or an amount")
		case d.Percent != 0:
			CheckInt(&p, f+".percent", d.Percent, 1, 100)
		default:
			CheckMoney(&p, f+".amount", &d.Amount, true, Positive, cur)
		}
	}
	if err := p.Err(KindBooking); err != nil {
		return err
	}
	if t, err := b.Total(); err != nil {
		p.Add("discounts", CodeRange, err.Error())
	} else if t.Amount < 0 {
		p.Add("discounts", CodeRange, fmt.Sprintf("come to more than the price (the total would be %s)", t))
	}
	return p.Err(KindBooking)
}

// Subtotal is the sum of the lines, in the booking's currency.
func (b *Booking) Subtotal() (money.Money, error) {
	total := money.New(0, b.Currency)
	for _, l := range b.Lines {
		a, err := l.Amount()
		if err != nil {
			return money.Money{}, err
		}
		if total, err = total.Add(a); err != nil {
			return money.Money{}, err
		}
	}
	return total, nil
}

// DiscountTotal is the sum of the discounts: each percentage is taken of
// the Subtotal less the surcharge lines (percentages do not compound) and
// rounded to a whole minor unit half away from zero
// (money.Money.Percent), then fixed amounts are added.
func (b *Booking) DiscountTotal() (money.Money, error) {
	sub, err := b.Subtotal()
	if err != nil {
		return money.Money{}, err
	}
	for _, l := range b.Lines {
		if !l.Surcharge {
			continue
		}
		a, err := l.Amount()
		if err != nil {
			return money.Money{}, err
		}
		if sub, err = sub.Sub(a); err != nil {
			return money.Money{}, err
		}
	}
	off := money.New(0, b.Currency)
	for _, d := range b.Discounts {
		a := d.Amount
		if d.Percent != 0 {
			if a, err = sub.Percent(int64(d.Percent)); err != nil {
				return money.Money{}, err
			}
		}
		if off, err = off.Add(a); err != nil {
			return money.Money{}, err
		}
	}
	return off, nil
}

// Total is Subtotal less DiscountTotal, in the booking's currency. It
// returns money.ErrMixedCurrency when a line or discount is in another
// currency and money.ErrOverflow for absurd amounts; Validate reports both.
func (b *Booking) Total() (money.Money, error) {
	sub, err := b.Subtotal()
	if err != nil {
		return money.Money{}, err
	}
	off, err := b.DiscountTotal()
	if err != nil {
		return money.Money{}, err
	}
	return sub.Sub(off)
}

// Seats is the number of seats the booking takes: its adult and child
// travelers (infants sit on a lap and share a bed; "other" lines are not
// people).
func (b *Booking) Seats() int {
	n := 0
	for _, l := range b.Lines {
		if l.TravelerType == TravelerAdult || l.TravelerType == TravelerChild {
			n += l.Quantity
		}
	}
	return n
}

// HoldsSeat reports whether the booking takes seats on its departure: once
// a deposit is in and until it is cancelled.
func (b *Booking) HoldsSeat() bool {
	switch b.Status {
	case BookingDeposit, BookingPaid, BookingTravelling, BookingCompleted:
		return true
	}
	return false
}

// IsOpen reports whether the booking is still in the sales pipeline (not
// yet paid, cancelled or lost).
func (b *Booking) IsOpen() bool {
	switch b.Status {
	case BookingInquiry, BookingConsulting, BookingQuoted, BookingDeposit:
		return true
	}
	return false
}

// SetStatus moves the booking to status to along BookingTransitions,
// recording reason (required for cancelled and lost). It returns a
// *ValidationError on "status" naming both statuses for an illegal move,
// or on "reason" when one is missing, and leaves b unchanged then.
func (b *Booking) SetStatus(to BookingStatus, reason string) error {
	from := b.Status
	if from == "" {
		from = BookingInquiry
	}
	if err := BookingTransitions.Check(KindBooking, "status", from, to); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if (to == BookingCancelled || to == BookingLost) && reason == "" {
		var p Problems
		p.Add("reason", CodeRequired, fmt.Sprintf("say why the booking is %s", to))
		return p.Err(KindBooking)
	}
	b.Status = to
	if reason != "" {
		b.Reason = reason
	}
	return nil
}

// BookingCode formats the human reference of the seq-th booking of year:
// BookingCode(2026, 123) is "BK-2026-000123". Numbers above 999999 take
// more digits.
func BookingCode(year, seq int) string { return fmt.Sprintf("BK-%04d-%06d", year, seq) }

// ParseBookingCode reads a code made by BookingCode ("bk-2026-000123" and
// surrounding spaces are accepted) and returns its year and number.
func ParseBookingCode(s string) (year, seq int, err error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	parts := strings.Split(v, "-")
	bad := fmt.Errorf("%q is not a booking code like BK-2026-000123", truncate(s, 40))
	if len(parts) != 3 || parts[0] != "BK" || len(parts[1]) != 4 || len(parts[2]) < 6 || len(parts[2]) > 12 {
		return 0, 0, bad
	}
	year, err1 := strconv.Atoi(parts[1])
	seq, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || year < 1900 || seq < 1 || !digits(parts[1]) || !digits(parts[2]) {
		return 0, 0, bad
	}
	return year, seq, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
