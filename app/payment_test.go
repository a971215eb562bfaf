package app

import (
	"errors"
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validPayment() Payment {
	return Payment{
		BookingID:     "bk-1",
		CustomerID:    "cust-1",
		Type:          PaymentDeposit,
		Method:        MethodBankTransfer,
		Amount:        money.New(5000000, "vnd"),
		ReceiptNumber: " PT-2026-0042 ",
		ReceivedBy:    "acct-1",
		Date:          Date{2026, 10, 5},
	}
}

func TestPaymentValidate(t *testing.T) {
	py := validPayment()
	if err := py.Validate(); err != nil {
		t.Fatal(err)
	}
	if py.Amount.Currency != "VND" || py.ReceiptNumber != "PT-2026-0042" {
		t.Errorf("normalised = %+v", py)
	}
	runBad(t, validPayment, []badCase[Payment]{
		{"no booking", func(p *Payment) { p.BookingID = "" }, "booking_id", CodeRequired},
		{"no customer", func(p *Payment) { p.CustomerID = "" }, "customer_id", CodeRequired},
		{"no type", func(p *Payment) { p.Type = "" }, "type", CodeRequired},
		{"bad type", func(p *Payment) { p.Type = "tip" }, "type", CodeUnknown},
		{"bad method", func(p *Payment) { p.Method = "cheque" }, "method", CodeUnknown},
		{"no amount", func(p *Payment) { p.Amount = money.Money{} }, "amount", CodeRequired},
		{"zero amount", func(p *Payment) { p.Amount.Amount = 0 }, "amount", CodeRange},
		{"negative amount", func(p *Payment) { p.Amount.Amount = -5 }, "amount", CodeRange},
		{"unknown currency", func(p *Payment) { p.Amount.Currency = "XXX" }, "amount", CodeCurrency},
		{"no receiver", func(p *Payment) { p.ReceivedBy = "" }, "received_by", CodeRequired},
		{"no date", func(p *Payment) { p.Date = Date{} }, "date", CodeRequired},
		{"reverses itself", func(p *Payment) { p.ID, p.ReversalOf = "p1", "p1" }, "reversal_of", CodeRange},
	})
}

func TestPaymentBalance(t *testing.T) {
	b := validBooking()
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	vnd := func(a int64) money.Money { return money.New(a, "VND") }
	pays := []*Payment{
		{Type: PaymentDeposit, Amount: vnd(5000000)},
		{Type: PaymentBalance, Amount: vnd(9000000)},
		{Type: PaymentBalance, Amount: vnd(9000000), ReversalOf: "typo"}, // cancels the one above
		{Type: PaymentBalance, Amount: vnd(12071500)},
		{Type: PaymentSurcharge, Amount: vnd(500000)},
		{Type: PaymentRefund, Amount: vnd(500000)},
	}
	paid, ok := Paid(pays, "VND")
	if !ok || paid != vnd(17071500) {
		t.Errorf("Paid = %v, %v", paid, ok)
	}
	bal, err := Balance(&b, pays)
	if err != nil || bal != vnd(0) {
		t.Errorf("Balance = %v, %v; want 0", bal, err)
	}
	bal, err = Balance(&b, pays[:1])
	if err != nil || bal != vnd(12071500) {
		t.Errorf("Balance after deposit = %v, %v", bal, err)
	}
	if _, err := Balance(&b, []*Payment{{Type: PaymentDeposit, Amount: money.New(100, "USD")}}); !errors.Is(err, money.ErrMixedCurrency) {
		t.Errorf("Balance with a USD payment: %v", err)
	}
}
