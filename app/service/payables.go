package service

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
)

// Supplier payables. What the agency owes a partner is the cost of its
// service orders that are confirmed or completed, minus what was paid for
// them. A payment to a supplier is an expense of category
// supplier_payment naming the order (Expense.ServiceOrderID) and the
// partner: append-only like every expense, corrected by a reversal
// (Operations.ReverseExpense), and not a cost of the departure (the
// order's cost is; settlements leave supplier payments out). Paying a
// supplier is an accountant's (or admin's) act and stays possible after
// the departure is settled: payables are usually paid after the trip.

// PaySupplier is a payment of an order to its partner.
type PaySupplier struct {
	OrderID string
	// Amount is in the order's currency (that of its unit cost).
	Amount money.Money
	Date   app.Date
	Note   string
}

// PaySupplier records p as a supplier payment by the session's user and
// returns it with its ID set. It refuses (an *OpsError) an order that is
// not confirmed or completed, a negative or zero amount, a currency other
// than the order's and more than the order still owes; a role other than
// accountant or admin gets app.ErrForbidden.
func (s *Operations) PaySupplier(p PaySupplier) (*app.Expense, error) {
	if r := s.session.Role; r != "" && !access.Accounting(r) {
		return nil, fmt.Errorf("%s may not pay suppliers (an accountant does): %w", article(string(r)), app.ErrForbidden)
	}
	if err := mayCreate(s.session, app.KindExpense); err != nil {
		return nil, err
	}
	var e *app.Expense
	err := s.store.Update(func(tx Tx) error {
		o, err := Load[app.ServiceOrder](tx, p.OrderID)
		if err != nil {
			if isNotFound(err) {
				return fmt.Errorf("service order %s: %w", p.OrderID, app.ErrNotFound)
			}
			return err
		}
		o.ID = p.OrderID
		if o.Status != app.OrderConfirmed && o.Status != app.OrderCompleted {
			return opsRefuse("service order %s (%s) is %s: only a confirmed or completed order is paid", o.ID, o.Service, o.Status)
		}
		if p.Amount.Amount <= 0 {
			return opsRefuse("a supplier payment of %s: must be above zero (a correction is a reversal)", p.Amount)
		}
		if p.Amount.Currency != o.UnitCost.Currency {
			return opsRefuse("service order %s is in %s, not %s: pay it in its own currency", o.ID, o.UnitCost.Currency, p.Amount.Currency)
		}
		line, err := orderPayable(tx, o)
		if err != nil {
			return err
		}
		if p.Amount.Amount > line.Owed.Amount {
			return opsRefuse("service order %s (%s) owes %s (cost %s, paid %s): %s is more than that", o.ID, o.Service, line.Owed, line.Cost, line.Paid, p.Amount)
		}
		e = &app.Expense{DepartureID: o.DepartureID, Category: app.ExpenseSupplierPayment, Amount: p.Amount, Date: p.Date,
			SpentBy: s.session.UserID, PartnerID: o.PartnerID, ServiceOrderID: o.ID, Note: p.Note}
		id := record.NewID()
		if _, err := StoreEntity(tx, id, e); err != nil {
			return err
		}
		e.ID = id
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// OrderPayable is what one service order costs, what was paid for it and
// what is still owed, in the order's currency (Converted: Owed in the
// company's default currency).
type OrderPayable struct {
	OrderID     string      `json:"order_id"`
	DepartureID string      `json:"departure_id"`
	Service     string      `json:"service"`
	Status      string      `json:"status"`
	Cost        money.Money `json:"cost"`
	Paid        money.Money `json:"paid"`
	Owed        money.Money `json:"owed"`
	Converted   money.Money `json:"converted"`
	// Due is the order's end date (its start date when it has none);
	// DaysOverdue counts whole days from it to the report's day.
	Due         app.Date `json:"due"`
	DaysOverdue int      `json:"days_overdue"`
}

// PartnerPayable is what the agency owes one partner, in the company's
// default currency: Ordered (confirmed and completed orders' cost), Paid,
// and Owed = Ordered − Paid (below zero when the partner was overpaid,
// e.g. an order cancelled after it was paid). Ageing splits the orders
// still owed by days past their due date.
type PartnerPayable struct {
	PartnerID string         `json:"partner_id"`
	Name      string         `json:"name"`
	Ordered   money.Money    `json:"ordered"`
	Paid      money.Money    `json:"paid"`
	Owed      money.Money    `json:"owed"`
	Ageing    Ageing         `json:"ageing"`
	Orders    []OrderPayable `json:"orders"`
}

// Payables is the supplier payables report.
type Payables struct {
	// Currency is the company's default currency, every total's.
	Currency string           `json:"currency"`
	Partners []PartnerPayable `json:"partners"`
	Ordered  money.Money      `json:"ordered"`
	Paid     money.Money      `json:"paid"`
	Owed     money.Money      `json:"owed"`
	Ageing   Ageing           `json:"ageing"`
	// Problems name orders left out (a currency with no exchange rate).
	Problems []string `json:"problems"`
}

// orderPayable works out one order's line: its cost when confirmed or
// completed (else zero) and its supplier payments net of reversals.
func orderPayable(r Reader, o *app.ServiceOrder) (OrderPayable, error) {
	line, err := orderCost(o)
	if err != nil {
		return line, err
	}
	pays, err := supplierPayments(r, o.PartnerID, o.ID)
	if err != nil {
		return line, err
	}
	return orderPayableOf(o, line, pays)
}

// orderCost is order o's payable line before its payments: its cost when
// confirmed or completed (else zero) and its due date.
func orderCost(o *app.ServiceOrder) (OrderPayable, error) {
	cur := o.UnitCost.Currency
	line := OrderPayable{OrderID: o.ID, DepartureID: o.DepartureID, Service: o.Service, Status: string(o.Status),
		Cost: money.New(0, cur), Paid: money.New(0, cur), Due: o.EndDate}
	if line.Due.IsZero() {
		line.Due = o.StartDate
	}
	if o.Status == app.OrderConfirmed || o.Status == app.OrderCompleted {
		c, err := o.Cost()
		if err != nil {
			return line, err
		}
		line.Cost = c
	}
	return line, nil
}

// orderPayableOf finishes line, order o's, with o's supplier payments.
func orderPayableOf(o *app.ServiceOrder, line OrderPayable, pays []*app.Expense) (OrderPayable, error) {
	cur := o.UnitCost.Currency
	for _, e := range pays {
		if e.Amount.Currency != cur {
			return line, fmt.Errorf("supplier payment %s of order %s is in %s, the order in %s: %w", e.ID, o.ID, e.Amount.Currency, cur, money.ErrMixedCurrency)
		}
		line.Paid.Amount += e.Signed().Amount
	}
	line.Owed = money.New(line.Cost.Amount-line.Paid.Amount, cur)
	return line, nil
}

// supplierPayments returns the live supplier payments (and their
// reversals) of order orderID, found through the partner's expenses.
func supplierPayments(r Reader, partnerID, orderID string) ([]*app.Expense, error) {
	ids, err := r.Lookup(app.KindExpense, "partner_id", partnerID)
	if err != nil {
		return nil, err
	}
	all, err := loadAll[app.Expense](r, ids, func(e *app.Expense, id string) { e.ID = id })
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(e *app.Expense) bool {
		return e.Category != app.ExpenseSupplierPayment || e.ServiceOrderID != orderID
	}), nil
}

// PayablesReport lists, for every partner with an order confirmed,
// completed or paid, what was ordered, paid and is owed, converted into
// the company's default currency with the settings' rates, and the
// amounts owed aged by whole days from each order's due date (its end
// date) to today: not due, 0–30, 31–60, 61–90, 90+. Partners come most
// owed first. Orders merely requested and never paid are not payables.
func PayablesReport(s Store, today app.Date) (*Payables, error) {
	// With a one-cursor reader the supplier payments are read once for
	// every order; else each order's through its partner's expenses.
	var paid map[payKey][]*app.Expense
	if fs, ok := fieldScanner(s); ok {
		var err error
		if paid, err = scanSupplierPayments(fs); err != nil {
			return nil, err
		}
	}
	return payablesReport(s, today, paid)
}

// payablesReport is PayablesReport with the supplier payments paid by
// partner and order, or, when paid is nil, each order's read through its
// partner's expenses.
func payablesReport(s Store, today app.Date, paid map[payKey][]*app.Expense) (*Payables, error) {
	ids, err := s.SortedIDs(app.KindServiceOrder)
	if err != nil {
		return nil, err
	}
	var rep *Payables
	err = s.View(func(r Reader) error {
		set := settings(r)
		def := set.DefaultCurrency
		zero := money.New(0, def)
		rep = &Payables{Currency: def, Ordered: zero, Paid: zero, Owed: zero, Ageing: newAgeing(def)}
		byPartner := map[string]*PartnerPayable{}
		for _, id := range ids {
			o, err := Load[app.ServiceOrder](r, id)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			o.ID = id
			var line OrderPayable
			if paid != nil {
				if line, err = orderCost(o); err == nil {
					line, err = orderPayableOf(o, line, paid[payKey{o.PartnerID, id}])
				}
			} else {
				line, err = orderPayable(r, o)
			}
			if err != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("service order %s: %v", id, err))
				continue
			}
			if line.Cost.Amount == 0 && line.Paid.Amount == 0 {
				continue
			}
			cost, err1 := set.Convert(line.Cost)
			paid, err2 := set.Convert(line.Paid)
			if err := cmp.Or(err1, err2); err != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("service order %s (%s): %v", id, o.Service, err))
				continue
			}
			// Owed is the difference of the converted amounts, so that
			// Ordered − Paid = Owed holds exactly in every total.
			owed := money.New(cost.Amount-paid.Amount, def)
			line.Converted = owed
			if !line.Due.IsZero() {
				line.DaysOverdue = int(today.Time().Sub(line.Due.Time()).Hours() / 24)
			}
			pp := byPartner[o.PartnerID]
			if pp == nil {
				pp = &PartnerPayable{PartnerID: o.PartnerID, Ordered: zero, Paid: zero, Owed: zero, Ageing: newAgeing(def)}
				if p, err := optional[app.Partner](r, o.PartnerID); err == nil && p != nil {
					pp.Name = p.Name
				}
				byPartner[o.PartnerID] = pp
			}
			pp.Orders = append(pp.Orders, line)
			for _, sum := range []struct {
				to *money.Money
				m  money.Money
			}{{&pp.Ordered, cost}, {&pp.Paid, paid}, {&pp.Owed, owed}, {&rep.Ordered, cost}, {&rep.Paid, paid}, {&rep.Owed, owed}} {
				if *sum.to, err = sum.to.Add(sum.m); err != nil {
					return err
				}
			}
			if owed.Amount > 0 {
				if err := pp.Ageing.add(line.DaysOverdue, owed); err != nil {
					return err
				}
				if err := rep.Ageing.add(line.DaysOverdue, owed); err != nil {
					return err
				}
			}
		}
		for _, pp := range byPartner {
			rep.Partners = append(rep.Partners, *pp)
		}
		return nil
	})
	if rep != nil {
		slices.SortFunc(rep.Partners, func(a, b PartnerPayable) int {
			return cmp.Or(cmp.Compare(b.Owed.Amount, a.Owed.Amount), strings.Compare(a.Name, b.Name), strings.Compare(a.PartnerID, b.PartnerID))
		})
	}
	return rep, err
}

// payKey is a supplier payment's partner and order.
type payKey struct{ partner, order string }

// scanSupplierPayments reads every live supplier payment (and reversal)
// in one pass, by partner and order.
func scanSupplierPayments(fs msgFieldScanner) (map[payKey][]*app.Expense, error) {
	out := map[payKey][]*app.Expense{}
	in := sharedStrings{}
	err := fs.ScanFields(app.KindExpense, []string{"category", "partner_id", "service_order_id", "amount", "reversal_of"}, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindExpense, id: id}
		if app.ExpenseCategory(in.str(&d, v[0], "category")) != app.ExpenseSupplierPayment {
			return d.err
		}
		e := &app.Expense{ID: id, Category: app.ExpenseSupplierPayment, PartnerID: in.str(&d, v[1], "partner_id"),
			ServiceOrderID: d.str(v[2], "service_order_id"), Amount: d.money(v[3], "amount"), ReversalOf: d.str(v[4], "reversal_of")}
		if d.err != nil {
			return d.err
		}
		k := payKey{e.PartnerID, e.ServiceOrderID}
		out[k] = append(out[k], e)
		return nil
	})
	return out, err
}
