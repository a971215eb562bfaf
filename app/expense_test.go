package app

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validExpense() Expense {
	return Expense{DepartureID: "dep-1", Category: ExpenseTransport, Amount: money.New(350000, "VND"), Date: Date{2026, 12, 2}, SpentBy: "guide-1", Note: "Taxi to hospital", ReceiptPhoto: "att-0193"}
}

func TestExpenseValidate(t *testing.T) {
	e := validExpense()
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	rev := validExpense()
	rev.ReversalOf = "exp-1"
	if e.Signed().Amount != 350000 || rev.Signed().Amount != -350000 {
		t.Errorf("Signed = %v, %v", e.Signed(), rev.Signed())
	}
	runBad(t, validExpense, []badCase[Expense]{
		{"no departure", func(e *Expense) { e.DepartureID = "" }, "departure_id", CodeRequired},
		{"bad category", func(e *Expense) { e.Category = "fun" }, "category", CodeUnknown},
		{"zero amount", func(e *Expense) { e.Amount.Amount = 0 }, "amount", CodeRange},
		{"no date", func(e *Expense) { e.Date = Date{} }, "date", CodeRequired},
		{"no spender", func(e *Expense) { e.SpentBy = "" }, "spent_by", CodeRequired},
	})
}
