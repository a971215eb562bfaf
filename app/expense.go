package app

import "github.com/tourdesk/tourdesk/app/money"

// ExpenseCategory groups a departure's extra costs in its settlement.
type ExpenseCategory string

const (
	ExpenseAccommodation ExpenseCategory = "accommodation"
	ExpenseMeals         ExpenseCategory = "meals"
	ExpenseTransport     ExpenseCategory = "transport"
	ExpenseTickets       ExpenseCategory = "tickets"
	ExpenseGuide         ExpenseCategory = "guide"
	ExpenseTips          ExpenseCategory = "tips"
	ExpenseOther         ExpenseCategory = "other"
	// ExpenseSupplierPayment is money paid to a partner for a service
	// order (ServiceOrderID): it settles a payable, and is not a cost of
	// the departure (the order's cost is), so settlements leave it out.
	ExpenseSupplierPayment ExpenseCategory = "supplier_payment"
)

// ExpenseCategories lists every expense category.
var ExpenseCategories = []ExpenseCategory{ExpenseAccommodation, ExpenseMeals, ExpenseTransport, ExpenseTickets, ExpenseGuide, ExpenseTips, ExpenseOther, ExpenseSupplierPayment}

// Expense is money a guide or operator spent on a departure (a taxi, a
// ticket bought on the spot, tips). Expenses are append-only: a mistake is
// corrected by a new expense with ReversalOf set to the wrong one's id.
type Expense struct {
	ID          string          `json:"-"`
	DepartureID string          `json:"departure_id"`
	Category    ExpenseCategory `json:"category"`
	// Amount is above zero; a reversal cancels the expense it names.
	Amount money.Money `json:"amount"`
	Date   Date        `json:"date"`
	// SpentBy is the user who paid.
	SpentBy   string `json:"spent_by"`
	PartnerID string `json:"partner_id"`
	Note      string `json:"note"`
	// ReceiptPhoto refers to the photo of the receipt (an attachment id or
	// a content hash; the bytes are stored apart from the record).
	ReceiptPhoto string `json:"receipt_photo"`
	ReversalOf   string `json:"reversal_of"`
	// ServiceOrderID is the order a supplier payment (category
	// supplier_payment, PartnerID the order's partner) pays; it is set on
	// supplier payments and their reversals only.
	ServiceOrderID string `json:"service_order_id"`
}

func init() {
	register(KindInfo{
		Kind:       KindExpense,
		New:        func() Entity { return new(Expense) },
		AppendOnly: true,
		Index:      []string{"departure_id", "category", "spent_by", "partner_id", "date", "reversal_of"},
		Search:     []string{"note"},
		Sort:       "date",
	})
}

// Kind implements Entity.
func (*Expense) Kind() Kind { return KindExpense }

// Validate normalises the expense and reports every field that is wrong.
func (e *Expense) Validate() error {
	var p Problems
	CleanID(&p, "departure_id", &e.DepartureID, true)
	CheckOneOf(&p, "category", e.Category, true, ExpenseCategories...)
	CheckMoney(&p, "amount", &e.Amount, true, Positive, "")
	CheckDate(&p, "date", e.Date, true)
	CleanID(&p, "spent_by", &e.SpentBy, true)
	CleanID(&p, "partner_id", &e.PartnerID, false)
	CleanText(&p, "note", &e.Note, MaxText, false, true)
	CleanText(&p, "receipt_photo", &e.ReceiptPhoto, MaxName, false, false)
	CleanID(&p, "reversal_of", &e.ReversalOf, false)
	CleanID(&p, "service_order_id", &e.ServiceOrderID, false)
	switch {
	case e.Category == ExpenseSupplierPayment && e.ServiceOrderID == "":
		p.Add("service_order_id", CodeRequired, "a supplier payment names the service order it pays")
	case e.Category == ExpenseSupplierPayment && e.PartnerID == "":
		p.Add("partner_id", CodeRequired, "a supplier payment names the partner it pays")
	case e.Category != ExpenseSupplierPayment && e.ServiceOrderID != "":
		p.Add("service_order_id", CodeRange, "only a supplier payment names a service order")
	}
	if e.ReversalOf != "" && e.ReversalOf == e.ID {
		p.Add("reversal_of", CodeRange, "an expense cannot reverse itself")
	}
	return p.Err(KindExpense)
}

// Signed is the expense's effect on the departure's costs: its amount, or
// minus it for a reversal.
func (e *Expense) Signed() money.Money {
	m := e.Amount
	if e.ReversalOf != "" {
		m.Amount = -m.Amount
	}
	return m
}
