package partners

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

type harness struct {
	*uitest.UI
	t     *testing.T
	store *localdb.Store
	win   fyne.Window
	area  *Area
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ui := uitest.New(t)
	i18n.SetLanguage("en")
	store := localdbtest.Open(t)
	return &harness{UI: ui, t: t, store: store}
}

func (h *harness) open(role app.Role) {
	h.t.Helper()
	h.win = h.Window()
	s := service.Session{UserID: "0190c2d4-2222-7000-8000-000000000009", Role: role}
	h.area = newArea(h.store, s, h.win, h.Do, func() app.Date { return app.Date{Year: 2026, Month: 11, Day: 23} })
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1200, 780))
	h.WaitFor("the list", func() bool { return h.area.shownGen == h.area.queryGen })
}

func (h *harness) count() int {
	n, err := h.store.Count(app.KindPartner)
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

// A new partner with a bad phone and a bad email: the messages beside
// those fields, nothing stored, what was typed kept; fixed, it is saved,
// listed and shown.
func TestPartnerFormBadFieldThenSave(t *testing.T) {
	h := newHarness(t)
	h.open(app.RoleOperator)
	if !h.area.newButton.Visible() {
		t.Fatal("an operator has no New partner button")
	}
	h.area.onNew()
	f := h.area.form
	if f == nil {
		t.Fatal("no form opened")
	}
	test.Type(f.name, "Khách sạn Biển Xanh")
	test.Type(f.phones, "0236 3 822 123, 12")
	test.Type(f.emails, "datphong@bienxanh")
	test.Type(f.province, "Đà Nẵng")
	test.Tap(f.saveButton)
	if got := f.msgs.Text("phones"); !strings.HasPrefix(got, "Not a valid phone number") {
		t.Errorf("phones message %q", got)
	}
	if got := f.msgs.Text("emails"); !strings.HasPrefix(got, "Not a valid email address") {
		t.Errorf("emails message %q", got)
	}
	if got := f.msgs.Text("name"); got != "" {
		t.Errorf("name has message %q", got)
	}
	if n := h.count(); n != 0 {
		t.Fatalf("%d partners stored after a refused save", n)
	}
	if f.name.Text != "Khách sạn Biển Xanh" || f.province.Text != "Đà Nẵng" {
		t.Errorf("typed text lost: %q %q", f.name.Text, f.province.Text)
	}
	// Fixing the phone clears its message at once.
	f.phones.SetText("0236 3 822 123")
	if got := f.msgs.Text("phones"); got != "" {
		t.Errorf("phones message after the fix %q", got)
	}
	f.emails.SetText("datphong@bienxanh.vn")
	test.Tap(f.saveButton)
	h.WaitFor("the save", func() bool { return h.area.form == nil })
	if n := h.count(); n != 1 {
		t.Fatalf("%d partners stored, want 1", n)
	}
	h.WaitFor("the list and detail", func() bool {
		return h.area.shownGen == h.area.queryGen && len(h.area.rows) == 1 && h.area.shownDet == h.area.detailGen && h.area.partner != nil
	})
	p := h.area.rows[0]
	if p.Name != "Khách sạn Biển Xanh" || len(p.Phones) != 1 || p.Phones[0] != "+842363822123" || p.Emails[0] != "datphong@bienxanh.vn" || p.Type != app.PartnerHotel {
		t.Errorf("stored %+v", p)
	}
	if !strings.Contains(h.area.info.Text, "Khách sạn Biển Xanh · Hotel") {
		t.Errorf("detail %q", h.area.info.Text)
	}
}

// Search finds "Biển Xanh" typed without diacritics.
func TestPartnerSearch(t *testing.T) {
	h := newHarness(t)
	for _, name := range []string{"Khách sạn Biển Xanh", "Nhà hàng Sông Hàn", "Xe Hoàng Long"} {
		if _, err := savePartner(h.store, nil, &app.Partner{Name: name, Type: app.PartnerOther}); err != nil {
			t.Fatal(err)
		}
	}
	h.open(app.RoleDirector)
	if len(h.area.rows) != 3 || h.area.count.Text != "3 partners" {
		t.Fatalf("listed %d, count %q", len(h.area.rows), h.area.count.Text)
	}
	if h.area.newButton.Visible() {
		t.Error("a director sees New partner")
	}
	test.Type(h.area.search, "bien xanh")
	h.WaitFor("the search", func() bool { return h.area.shownGen == h.area.queryGen && len(h.area.rows) == 1 })
	if h.area.rows[0].Name != "Khách sạn Biển Xanh" {
		t.Errorf("found %q", h.area.rows[0].Name)
	}
	h.area.list.Select(0)
	h.WaitFor("the detail", func() bool { return h.area.shownDet == h.area.detailGen && h.area.partner != nil })
	if h.area.editBtn.Visible() {
		t.Error("a director may edit a partner")
	}
}

// The partner's orders and what is owed: a confirmed order of 3 rooms at
// 1.600.000 ₫ (4.800.000 ₫ ordered, nothing paid) and a requested one
// (not a payable). An accountant may change only the bank account and tax
// code.
func TestPartnerOrdersAndOwed(t *testing.T) {
	h := newHarness(t)
	pid, err := savePartner(h.store, nil, &app.Partner{Name: "Khách sạn Biển Xanh", Type: app.PartnerHotel})
	if err != nil {
		t.Fatal(err)
	}
	var depID string
	err = h.store.Update(func(tx service.Tx) error {
		tourID := "0190c2d4-4444-7000-8000-000000000001"
		if _, err := service.StoreEntity(tx, tourID, &app.Tour{Code: "DAD-4D3N", Name: "Đà Nẵng", Days: 4, Nights: 3, PriceAdult: money.New(6_900_000, "VND")}); err != nil {
			return err
		}
		depID = "0190c2d4-5555-7000-8000-000000000001"
		_, err := service.StoreEntity(tx, depID, &app.Departure{TourID: tourID, Code: "DAD-2026-12-01", StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4}, Capacity: 20})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ops := service.NewOperations(h.store, service.Session{UserID: "0190c2d4-2222-7000-8000-000000000009", Role: app.RoleOperator})
	oid, err := ops.AddOrder(&app.ServiceOrder{DepartureID: depID, PartnerID: pid, Service: "Twin rooms", Quantity: 3, UnitCost: money.New(1_600_000, "VND"), StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ops.SetOrderStatus(oid, app.OrderConfirmed, "BX-5521"); err != nil {
		t.Fatal(err)
	}
	if _, err := ops.AddOrder(&app.ServiceOrder{DepartureID: depID, PartnerID: pid, Service: "Gala dinner", Quantity: 1, UnitCost: money.New(2_000_000, "VND")}); err != nil {
		t.Fatal(err)
	}
	h.open(app.RoleAccountant)
	h.area.list.Select(0)
	h.WaitFor("the detail", func() bool { return h.area.shownDet == h.area.detailGen && h.area.partner != nil })
	if len(h.area.orders) != 2 {
		t.Fatalf("%d orders shown, want 2", len(h.area.orders))
	}
	want := "Ordered 4,800,000 ₫ · paid 0 ₫ · owed 4,800,000 ₫"
	if h.area.owed.Text != want {
		t.Errorf("owed %q, want %q", h.area.owed.Text, want)
	}
	var texts []string
	for _, o := range h.area.orders {
		texts = append(texts, h.area.orderText(o))
	}
	joined := strings.Join(texts, "\n")
	if !strings.Contains(joined, "DAD-2026-12-01 · Twin rooms × 3 · 2026-12-01 → 2026-12-03 · Confirmed · 4,800,000 ₫") || !strings.Contains(joined, "Gala dinner × 1") {
		t.Errorf("order rows:\n%s", joined)
	}
	if !h.area.editBtn.Visible() {
		t.Fatal("an accountant cannot edit the bank account")
	}
	h.area.onEdit()
	f := h.area.form
	if !f.name.Disabled() || f.bank.Disabled() || f.taxCode.Disabled() {
		t.Errorf("accountant's form: name disabled %v, bank disabled %v, tax disabled %v", f.name.Disabled(), f.bank.Disabled(), f.taxCode.Disabled())
	}
}
