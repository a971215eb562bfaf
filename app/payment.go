package app

import "github.com/tourdesk/tourdesk/app/money"

// PaymentKind says what a payment is for. Deposits, balances and
// surcharges come in from the customer; refunds go out to them.
type PaymentKind string

const (
	PaymentDeposit   PaymentKind = "deposit"
	PaymentBalance   PaymentKind = "balance"
	PaymentSurcharge PaymentKind = "surcharge"
	PaymentRefund    PaymentKind = "refund"
)

// PaymentKinds lists every payment kind.
var PaymentKinds = []PaymentKind{PaymentDeposit, PaymentBalance, PaymentSurcharge, PaymentRefund}

// PaymentMethod is how money changed hands.
type PaymentMethod string

const (
	MethodCash         PaymentMethod = "cash"
	MethodBankTransfer PaymentMethod = "bank_transfer"
	MethodCard         PaymentMethod = "card"
	MethodEWallet      PaymentMethod = "e_wallet"
)

// PaymentMethods lists every payment method.
var PaymentMethods = []PaymentMethod{MethodCash, MethodBankTransfer, MethodCard, MethodEWallet}

// Payment is money received from or refunded to a customer for a booking.
// Payments are append-only: once written a payment is never edited; a
// mistake is corrected by a new payment with ReversalOf set to the wrong
// one's id (same kind and amount), which cancels it, then the right one.
// So two offline accountants never conflict and the history is the ledger.
type Payment struct {
	ID         string `json:"-"`
	BookingID  string `json:"booking_id"`
	CustomerID string `json:"customer_id"`
	// Type is what the payment is for (the JSON name "type" because Kind
	// is the record's kind).
	Type   PaymentKind   `json:"type"`
	Method PaymentMethod `json:"method"`
	// Amount is always above zero; a refund is a payment of kind refund.
	Amount        money.Money `json:"amount"`
	ReceiptNumber string      `json:"receipt_number"`
	// ReceivedBy is the user who took (or paid out) the money.
	ReceivedBy string `json:"received_by"`
	Date       Date   `json:"date"`
	// ReversalOf is the id of the payment this entry cancels.
	ReversalOf string `json:"reversal_of"`
	Note       string `json:"note"`
}

func init() {
	register(KindInfo{
		Kind:       KindPayment,
		New:        func() Entity { return new(Payment) },
		AppendOnly: true,
		Index:      []string{"booking_id", "customer_id", "type", "received_by", "date", "reversal_of", "receipt_number"},
		Search:     []string{"receipt_number"},
		Sort:       "date",
	})
}

// Kind implements Entity.
func (*Payment) Kind() Kind { return KindPayment }

// Validate normalises the payment and reports every field that is wrong:
// it needs a booking, customer, type, method, an amount above zero, the
// user who received it and a date.
func (py *Payment) Validate() error {
	var p Problems
	CleanID(&p, "booking_id", &py.BookingID, true)
	CleanID(&p, "customer_id", &py.CustomerID, true)
	CheckOneOf(&p, "type", py.Type, true, PaymentKinds...)
	CheckOneOf(&p, "method", py.Method, true, PaymentMethods...)
	CheckMoney(&p, "amount", &py.Amount, true, Positive, "")
	CleanText(&p, "receipt_number", &py.ReceiptNumber, MaxName, false, false)
	CleanID(&p, "received_by", &py.ReceivedBy, true)
	CheckDate(&p, "date", py.Date, true)
	CleanID(&p, "reversal_of", &py.ReversalOf, false)
	if py.ReversalOf != "" && py.ReversalOf == py.ID {
		p.Add("reversal_of", CodeRange, "a payment cannot reverse itself")
	}
	CleanText(&p, "note", &py.Note, MaxText, false, true)
	return p.Err(KindPayment)
}

// Signed is the payment's effect on what the customer has paid: positive
// for money in, negative for a refund, and the opposite of that for a
// reversal.
func (py *Payment) Signed() money.Money {
	m := py.Amount
	if (py.Type == PaymentRefund) != (py.ReversalOf != "") {
		m.Amount = -m.Amount // Validate keeps amounts positive, so this cannot overflow
	}
	return m
}

// Paid sums the Signed amounts of payments in currency; payments in
// another currency are skipped and reported by ok false (the caller
// converts them or shows them apart).
func Paid(payments []*Payment, currency string) (total money.Money, ok bool) {
	total, ok = money.New(0, currency), true
	for _, py := range payments {
		if py.Amount.Currency != currency {
			ok = false
			continue
		}
		t, err := total.Add(py.Signed())
		if err != nil {
			return total, false
		}
		total = t
	}
	return total, ok
}

// Balance is what the customer still owes on b given its payments (the
// total less what was paid; negative when overpaid). It fails when a
// payment is in another currency than the booking.
func Balance(b *Booking, payments []*Payment) (money.Money, error) {
	total, err := b.Total()
	if err != nil {
		return money.Money{}, err
	}
	paid, ok := Paid(payments, b.Currency)
	if !ok {
		return money.Money{}, money.ErrMixedCurrency
	}
	return total.Sub(paid)
}
