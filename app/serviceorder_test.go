package app

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validServiceOrder() ServiceOrder {
	return ServiceOrder{DepartureID: "dep-1", PartnerID: "partner-1", Service: "12 twin rooms, sea view", StartDate: Date{2026, 12, 1}, EndDate: Date{2026, 12, 4}, Quantity: 36, UnitCost: money.New(1800000, "VND")}
}

func TestServiceOrderValidate(t *testing.T) {
	o := validServiceOrder()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if o.Status != OrderRequested {
		t.Errorf("Status = %s", o.Status)
	}
	if c, err := o.Cost(); err != nil || c != money.New(64800000, "VND") {
		t.Errorf("Cost = %v, %v", c, err)
	}
	runBad(t, validServiceOrder, []badCase[ServiceOrder]{
		{"no departure", func(o *ServiceOrder) { o.DepartureID = "" }, "departure_id", CodeRequired},
		{"no partner", func(o *ServiceOrder) { o.PartnerID = "" }, "partner_id", CodeRequired},
		{"no service", func(o *ServiceOrder) { o.Service = "" }, "service", CodeRequired},
		{"zero quantity", func(o *ServiceOrder) { o.Quantity = 0 }, "quantity", CodeRange},
		{"no cost", func(o *ServiceOrder) { o.UnitCost = money.Money{} }, "unit_cost", CodeRequired},
		{"negative cost", func(o *ServiceOrder) { o.UnitCost.Amount = -1 }, "unit_cost", CodeRange},
		{"end before start", func(o *ServiceOrder) { o.EndDate = Date{2026, 11, 30} }, "end_date", CodeRange},
		{"confirmed without number", func(o *ServiceOrder) { o.Status = OrderConfirmed }, "confirmation_number", CodeRequired},
		{"bad status", func(o *ServiceOrder) { o.Status = "sent" }, "status", CodeUnknown},
	})
	wantProblem(t, ServiceOrderTransitions.Check(KindServiceOrder, "status", OrderRequested, OrderCompleted), "status", CodeTransition)
	wantProblem(t, ServiceOrderTransitions.Check(KindServiceOrder, "status", OrderCancelled, OrderConfirmed), "status", CodeTransition)
}
