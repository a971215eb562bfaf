package service

import (
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// applyLoyalty adds to the new booking b of customer c the discount line
// of the best active loyalty program the customer qualifies for
// (app.BestLoyaltyDiscount: programs do not stack, the highest percentage
// wins; VIP-only programs need tier VIP1–VIP3 or the tag "vip"). The
// customer's purchases are their bookings that reached a deposit and were
// not cancelled (deposit, paid, travelling, completed), other than b, at
// their totals after discounts in the default currency (a booking in a
// currency with no exchange rate is left out); trips are their number.
// The line is a percentage of the subtotal, described "Loyalty: <program>
// – <tier>", and stays with the booking like any discount an agent
// types (app.LoyaltyPrefix tells it apart).
func applyLoyalty(tx Tx, c *app.Customer, b *app.Booking) error {
	ids, err := tx.Lookup(app.KindLoyaltyProgram, "active", "true")
	if err != nil || len(ids) == 0 {
		return err
	}
	programs, err := loadAll[app.LoyaltyProgram](tx, ids, func(l *app.LoyaltyProgram, id string) { l.ID = id })
	if err != nil {
		return err
	}
	set := settings(tx)
	bookings, err := tx.Lookup(app.KindBooking, "customer_id", c.ID)
	if err != nil {
		return err
	}
	purchases, trips := money.New(0, set.DefaultCurrency), 0
	for _, id := range bookings {
		if id == b.ID {
			continue
		}
		old, err := Load[app.Booking](tx, id)
		if err != nil {
			return err
		}
		if !old.HoldsSeat() {
			continue
		}
		t, err := old.Total()
		if err != nil {
			continue
		}
		if t, err = set.Convert(t); err != nil {
			continue
		}
		if purchases, err = purchases.Add(t); err != nil {
			return err
		}
		trips++
	}
	vip := c.Tier.IsVIP()
	for _, tag := range c.Tags {
		vip = vip || strings.EqualFold(strings.TrimSpace(tag), "vip")
	}
	if d, ok := app.BestLoyaltyDiscount(programs, purchases, trips, vip); ok {
		b.Discounts = append(b.Discounts, d)
	}
	return nil
}
