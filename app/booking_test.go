package app

import (
	"errors"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validBooking() Booking {
	return Booking{
		Code:        " bk-2026-000123 ",
		CustomerID:  "cust-1",
		OwnerID:     "agent-1",
		OfficeID:    "office-han",
		DepartureID: "dep-1",
		Currency:    "vnd",
		Lines: []PriceLine{
			{Description: "Adult", Quantity: 2, UnitPrice: money.New(5990000, "VND")},
			{Description: "Child 6", TravelerType: TravelerChild, Quantity: 1, UnitPrice: money.New(4490000, "VND")},
			{Description: "Infant", TravelerType: TravelerInfant, Quantity: 1},
			{Description: "Single room supplement", TravelerType: TravelerOther, Quantity: 1, UnitPrice: money.New(1500000, "VND")},
		},
		Discounts: []Discount{{Description: "Early bird", Percent: 5}},
		BookedOn:  Date{2026, 10, 2},
		Requests:  "Vegetarian meals\nfor one adult",
	}
}

func validatedBooking(t *testing.T) Booking {
	t.Helper()
	b := validBooking()
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBookingValidateNormalises(t *testing.T) {
	b := validBooking()
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if b.Code != "BK-2026-000123" || b.Currency != "VND" || b.Status != BookingInquiry {
		t.Errorf("code, currency, status = %q, %q, %q", b.Code, b.Currency, b.Status)
	}
	if b.Lines[0].TravelerType != TravelerAdult || b.Lines[2].UnitPrice != money.New(0, "VND") {
		t.Errorf("lines = %+v", b.Lines)
	}
	if b.Seats() != 3 {
		t.Errorf("Seats = %d, want 3", b.Seats())
	}
	custom := Booking{Code: BookingCode(2026, 7), CustomerID: "c", OwnerID: "a", Currency: "USD", Destination: "Hà Giang loop", StartDate: Date{2026, 3, 1}, EndDate: Date{2026, 3, 5}}
	if err := custom.Validate(); err != nil {
		t.Errorf("custom trip: %v", err)
	}
}

func TestBookingValidateReportsEachField(t *testing.T) {
	runBad(t, validBooking, []badCase[Booking]{
		{"no code", func(b *Booking) { b.Code = "" }, "code", CodeRequired},
		{"bad code", func(b *Booking) { b.Code = "BK-26-1" }, "code", CodeFormat},
		{"no customer", func(b *Booking) { b.CustomerID = "" }, "customer_id", CodeRequired},
		{"no owner", func(b *Booking) { b.OwnerID = "" }, "owner_id", CodeRequired},
		{"custom trip without destination", func(b *Booking) { b.DepartureID = "" }, "destination", CodeRequired},
		{"custom trip without dates", func(b *Booking) { b.DepartureID, b.Destination = "", "Sa Pa" }, "start_date", CodeRequired},
		{"end before start", func(b *Booking) { b.StartDate, b.EndDate = Date{2026, 5, 2}, Date{2026, 5, 1} }, "end_date", CodeRange},
		{"no currency", func(b *Booking) { b.Currency = "" }, "currency", CodeRequired},
		{"unknown currency", func(b *Booking) { b.Currency = "ABC" }, "currency", CodeCurrency},
		{"bad status", func(b *Booking) { b.Status = "won" }, "status", CodeUnknown},
		{"cancelled without reason", func(b *Booking) { b.Status = BookingCancelled }, "reason", CodeRequired},
		{"lost without reason", func(b *Booking) { b.Status, b.Reason = BookingLost, "  " }, "reason", CodeRequired},
		{"line in USD", func(b *Booking) { b.Lines[1].UnitPrice = money.New(17000, "USD") }, "lines.1.unit_price", CodeCurrency},
		{"negative price", func(b *Booking) { b.Lines[0].UnitPrice.Amount = -1 }, "lines.0.unit_price", CodeRange},
		{"zero quantity", func(b *Booking) { b.Lines[0].Quantity = 0 }, "lines.0.quantity", CodeRange},
		{"bad traveler type", func(b *Booking) { b.Lines[0].TravelerType = "senior" }, "lines.0.traveler_type", CodeUnknown},
		{"other line without description", func(b *Booking) { b.Lines[3].Description = "" }, "lines.3.description", CodeRequired},
		{"discount over 100%", func(b *Booking) { b.Discounts[0].Percent = 120 }, "discounts.0.percent", CodeRange},
		{"discount both", func(b *Booking) { b.Discounts[0].Amount = money.New(1000, "VND") }, "discounts.0", CodeFormat},
		{"empty discount", func(b *Booking) { b.Discounts[0].Percent = 0 }, "discounts.0", CodeRequired},
		{"discount in USD", func(b *Booking) { b.Discounts = []Discount{{Amount: money.New(500, "USD")}} }, "discounts.0.amount", CodeCurrency},
		{"discounts above total", func(b *Booking) {
			b.Discounts = append(b.Discounts, Discount{Amount: money.New(20000000, "VND")})
		}, "discounts", CodeRange},
		{"too many lines", func(b *Booking) {
			for range MaxLines {
				b.Lines = append(b.Lines, b.Lines[0])
			}
		}, "lines", CodeTooLong},
	})
}

func TestBookingTotals(t *testing.T) {
	vnd := func(a int64) money.Money { return money.New(a, "VND") }
	usd := func(a int64) money.Money { return money.New(a, "USD") }
	tests := []struct {
		name                 string
		b                    Booking
		subtotal, off, total money.Money
	}{
		{"VND with 5% early bird", validatedBooking(t), vnd(17970000), vnd(898500), vnd(17071500)},
		{"VND percentage rounds half away from zero", Booking{Currency: "VND",
			Lines:     []PriceLine{{TravelerType: TravelerAdult, Quantity: 1, UnitPrice: vnd(1000010)}},
			Discounts: []Discount{{Percent: 15}}}, vnd(1000010), vnd(150002), vnd(850008)},
		{"USD percentages do not compound, then fixed", Booking{Currency: "USD",
			Lines: []PriceLine{
				{TravelerType: TravelerAdult, Quantity: 2, UnitPrice: usd(125050)},
				{TravelerType: TravelerChild, Quantity: 1, UnitPrice: usd(89999)},
			},
			Discounts: []Discount{{Percent: 10}, {Percent: 5}, {Amount: usd(2000)}}}, usd(340099), usd(53015), usd(287084)},
		{"no lines", Booking{Currency: "USD"}, usd(0), usd(0), usd(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err1 := tt.b.Subtotal()
			off, err2 := tt.b.DiscountTotal()
			total, err3 := tt.b.Total()
			if err := errors.Join(err1, err2, err3); err != nil {
				t.Fatal(err)
			}
			if sub != tt.subtotal || off != tt.off || total != tt.total {
				t.Errorf("subtotal, discounts, total = %v, %v, %v; want %v, %v, %v", sub, off, total, tt.subtotal, tt.off, tt.total)
			}
		})
	}
	mixed := Booking{Currency: "VND", Lines: []PriceLine{{Quantity: 1, UnitPrice: usd(1)}}}
	if _, err := mixed.Total(); !errors.Is(err, money.ErrMixedCurrency) {
		t.Errorf("mixed currencies: %v", err)
	}
}

func TestBookingCode(t *testing.T) {
	if got := BookingCode(2026, 123); got != "BK-2026-000123" {
		t.Errorf("BookingCode = %q", got)
	}
	if got := BookingCode(2027, 1234567); got != "BK-2027-1234567" {
		t.Errorf("BookingCode(7 digits) = %q", got)
	}
	for _, s := range []string{"BK-2026-000123", " bk-2026-000123 "} {
		y, n, err := ParseBookingCode(s)
		if err != nil || y != 2026 || n != 123 {
			t.Errorf("ParseBookingCode(%q) = %d, %d, %v", s, y, n, err)
		}
	}
	if y, n, err := ParseBookingCode(BookingCode(2027, 1234567)); err != nil || y != 2027 || n != 1234567 {
		t.Errorf("round trip = %d, %d, %v", y, n, err)
	}
	for _, s := range []string{"", "BK-2026-123", "BK-26-000123", "XX-2026-000123", "BK-2026-000000", "BK-2026-00012a", "BK-2026-+00123", "BK-2026-000123-1", "BK 2026 000123"} {
		if _, _, err := ParseBookingCode(s); err == nil || !strings.Contains(err.Error(), "BK-2026-000123") {
			t.Errorf("ParseBookingCode(%q) = %v, want an error showing the right form", s, err)
		}
	}
}

func TestBookingTransitions(t *testing.T) {
	pipeline := []BookingStatus{BookingInquiry, BookingConsulting, BookingQuoted, BookingDeposit, BookingPaid, BookingTravelling, BookingCompleted}
	for i := 0; i+1 < len(pipeline); i++ {
		if err := BookingTransitions.Check(KindBooking, "status", pipeline[i], pipeline[i+1]); err != nil {
			t.Errorf("%s → %s: %v", pipeline[i], pipeline[i+1], err)
		}
	}
	for _, m := range [][2]BookingStatus{
		{BookingCompleted, BookingInquiry}, {BookingCancelled, BookingPaid}, {BookingLost, BookingQuoted},
		{BookingPaid, BookingDeposit}, {BookingDeposit, BookingLost}, {BookingTravelling, BookingCancelled},
		{BookingDeposit, BookingQuoted},
	} {
		err := BookingTransitions.Check(KindBooking, "status", m[0], m[1])
		wantProblem(t, err, "status", CodeTransition)
		if !strings.Contains(err.Error(), `"`+string(m[0])+`"`) || !strings.Contains(err.Error(), `"`+string(m[1])+`"`) {
			t.Errorf("%s → %s: %v does not name both statuses", m[0], m[1], err)
		}
	}
}

func TestBookingSetStatus(t *testing.T) {
	b := validBooking()
	if err := b.SetStatus(BookingQuoted, ""); err != nil || b.Status != BookingQuoted {
		t.Fatalf("inquiry → quoted: %v", err)
	}
	wantProblem(t, b.SetStatus(BookingLost, " "), "reason", CodeRequired)
	if b.Status != BookingQuoted {
		t.Errorf("a refused move changed the status to %s", b.Status)
	}
	if err := b.SetStatus(BookingLost, "chose another agency"); err != nil || b.Reason != "chose another agency" {
		t.Fatalf("quoted → lost: %v", err)
	}
	wantProblem(t, b.SetStatus(BookingPaid, ""), "status", CodeTransition)
	if b.HoldsSeat() || b.IsOpen() {
		t.Errorf("a lost booking holds a seat or is open")
	}
}
