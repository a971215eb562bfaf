package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// Two service orders (one in USD), paid in part by `order pay`; the
// payables report per partner with its ageing, worked out by hand; the
// refusals exit non-zero with one line.
func TestOrderPayAndPayables(t *testing.T) {
	dir := t.TempDir()
	dep := seedCatalogue(t, dir, 10) // VND, USD at 25400
	hotel, air := record.NewID(), record.NewID()
	withStore(t, dir, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			if _, err := service.StoreEntity(tx, hotel, &app.Partner{Name: "Furama", Type: app.PartnerHotel}); err != nil {
				return err
			}
			_, err := service.StoreEntity(tx, air, &app.Partner{Name: "Vietnam Airlines", Type: app.PartnerAirline})
			return err
		})
	})
	orderID := func(out string) string { return strings.Fields(out)[0] }
	rooms := orderID(mustCtl(t, dir, "order", "add", dep, "--partner", hotel, "--what", "rooms", "--qty", "12", "--unit-cost", "1.500.000", "--start", "2026-12-20", "--end", "2026-12-23"))
	flights := orderID(mustCtl(t, dir, "order", "add", dep, "--partner", air, "--what", "flights", "--qty", "4", "--unit-cost", "120.50", "--currency", "USD", "--start", "2026-09-01", "--end", "2026-09-01"))
	failCtl(t, dir, "only a confirmed or completed order is paid", "order", "pay", rooms, "--amount", "1.000.000")
	mustCtl(t, dir, "order", "status", rooms, "confirmed", "--confirmation", "FUR-1")
	mustCtl(t, dir, "order", "status", flights, "confirmed", "--confirmation", "VN-PNR")

	out := mustCtl(t, dir, "--user", "u-acc", "order", "pay", rooms, "--amount", "10.000.000", "--note", "UNC 0042", "--today", "2026-12-01")
	if !strings.Contains(out, "paid 10000000 VND for rooms") {
		t.Errorf("order pay: %q", out)
	}
	mustCtl(t, dir, "--user", "u-acc", "order", "pay", flights, "--amount", "100", "--today", "2026-09-01") // USD, the order's
	failCtl(t, dir, "owes 8000000 VND", "order", "pay", rooms, "--amount", "8.000.001")
	failCtl(t, dir, "is in VND, not USD", "order", "pay", rooms, "--amount", "10", "--currency", "USD")
	failCtl(t, dir, "above zero", "order", "pay", rooms, "--amount", "-5")
	failCtl(t, dir, "--amount is required", "order", "pay", rooms)
	failCtl(t, dir, "service order nope", "order", "pay", "nope", "--amount", "5")

	// By hand, on 2027-01-05: Furama ordered 12 × 1.500.000 = 18.000.000,
	// paid 10.000.000, owes 8.000.000 since 2026-12-23 (13 days: 0–30);
	// Vietnam Airlines 4 × 120.50 = 482.00 USD, paid 100.00, owes 382.00
	// USD = 9.702.800 VND at 25.400 since 2026-09-01 (126 days: 90+).
	var rep service.Payables
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "payables", "--json", "--today", "2027-01-05")), &rep); err != nil {
		t.Fatal(err)
	}
	vnd := func(n int64) money.Money { return money.New(n, "VND") }
	if len(rep.Partners) != 2 || rep.Partners[0].Name != "Vietnam Airlines" || rep.Partners[1].Name != "Furama" {
		t.Fatalf("partners %+v", rep.Partners)
	}
	a, f := rep.Partners[0], rep.Partners[1]
	if a.Ordered != vnd(12_242_800) || a.Paid != vnd(2_540_000) || a.Owed != vnd(9_702_800) || a.Ageing.Over90 != vnd(9_702_800) || a.Orders[0].DaysOverdue != 126 {
		t.Errorf("Vietnam Airlines %+v", a)
	}
	if f.Ordered != vnd(18_000_000) || f.Paid != vnd(10_000_000) || f.Owed != vnd(8_000_000) || f.Ageing.Days30 != vnd(8_000_000) {
		t.Errorf("Furama %+v", f)
	}
	if rep.Owed != vnd(17_702_800) || rep.Ageing.Total != vnd(17_702_800) {
		t.Errorf("totals %+v", rep)
	}
	text := mustCtl(t, dir, "payables", "--today", "2027-01-05")
	if !strings.Contains(text, "Furama") || !strings.Contains(text, "8000000") || !strings.Contains(text, "all (VND)") {
		t.Errorf("payables:\n%s", text)
	}

	loginAs(t, dir, "u-olga", app.RoleOperator, "o-hn")
	code, _, errOut := ctl(t, dir, "order", "pay", rooms, "--amount", "1.000.000")
	if code != exitFailure || !strings.Contains(errOut, "an operator may not pay suppliers") {
		t.Errorf("an operator pays: exit %d %q", code, errOut)
	}
}
