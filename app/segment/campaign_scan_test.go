package segment_test

import (
	"reflect"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/segment"
	"github.com/tourdesk/tourdesk/app/service"
)

// perRecord hides localdb's ScanFields: AllCampaignStats then works each
// campaign out through the indexes (its straightforward path).
type perRecord struct{ service.Store }

// AllCampaignStats reads the customers and bookings once on a localdb
// store; its figures are the by-hand ones of TestCampaignStats and those
// of the campaign-by-campaign path.
func TestAllCampaignStatsOnePass(t *testing.T) {
	s := world(t)
	fast, err := segment.AllCampaignStats(s)
	if err != nil {
		t.Fatal(err)
	}
	want := segment.CampaignStats{CampaignID: "camp-tet", Name: "Tết 2026", Channel: app.ChannelFacebook, Status: app.CampaignDraft,
		Currency: "VND", Cost: 5_000_000, Targets: 4, Leads: 3, Requests: 3, Bookings: 2, Customers: 2,
		Revenue: 50_000_000, LeadRateBP: 7500, CustomerRateBP: 6667, ROIBP: 90000, HasROI: true}
	if len(fast) != 1 || *fast[0] != want {
		t.Fatalf("one pass %+v\nwant %+v", fast, want)
	}
	slow, err := segment.AllCampaignStats(perRecord{s})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("one pass %+v\nper campaign %+v", *fast[0], *slow[0])
	}
	sameFromBooks(t, s, slow)
}

// A departure marked settled with no frozen figures has its settlement
// worked out (service.Settlements on the one-pass path): camp-hl's one
// sale, 2 adults × 10M paid in full, on a departure whose service order
// cost 6M, has a 14M profit; profit ROI (14M − 2M)/2M = 600%.
func TestAllCampaignStatsRecomputedProfit(t *testing.T) {
	s := openStore(t)
	put(t, s, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng", DefaultCurrency: "VND"})
	put(t, s, "camp-hl", &app.Campaign{Name: "Hạ Long thu", Channel: app.ChannelSMS, Cost: vnd(2),
		StartDate: day("2026-09-01"), EndDate: day("2026-09-30")})
	put(t, s, "cust-p", &app.Customer{Name: "Phương", OwnerID: "u-lan", Stage: app.StageCustomer, CampaignID: "camp-hl"})
	put(t, s, "tour-hl", &app.Tour{Code: "HLB-3D", Name: "Hạ Long 3 ngày", Days: 3, Nights: 2, PriceAdult: vnd(10)})
	put(t, s, "dep-hl", &app.Departure{TourID: "tour-hl", Code: "HLB-0110", StartDate: day("2026-10-01"), EndDate: day("2026-10-03"),
		Capacity: 20, Status: app.DepartureSettled})
	put(t, s, "bk-p", &app.Booking{Code: app.BookingCode(2026, 900), CustomerID: "cust-p", OwnerID: "u-lan", DepartureID: "dep-hl",
		StartDate: day("2026-10-01"), EndDate: day("2026-10-03"), Currency: "VND", Status: app.BookingCompleted, BookedOn: day("2026-09-10"),
		Lines: []app.PriceLine{{Description: "Người lớn", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: vnd(10)}}})
	put(t, s, "pay-p", &app.Payment{BookingID: "bk-p", CustomerID: "cust-p", Type: app.PaymentDeposit, Method: app.MethodCash,
		Amount: vnd(20), ReceivedBy: "u-lan", Date: day("2026-09-12")})
	put(t, s, "so-hl", &app.ServiceOrder{DepartureID: "dep-hl", PartnerID: "p-coach", Service: "Xe 29 chỗ", Quantity: 1,
		UnitCost: vnd(6), Status: app.OrderConfirmed, ConfirmationNumber: "XE-123"})
	fast, err := segment.AllCampaignStats(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(fast) != 1 || fast[0].Profit != 14_000_000 || fast[0].ProfitBookings != 1 || !fast[0].HasProfitROI || fast[0].ProfitROIBP != 60000 {
		t.Fatalf("one pass %+v", fast)
	}
	slow, err := segment.AllCampaignStats(perRecord{s})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("one pass %+v\nper campaign %+v", *fast[0], *slow[0])
	}
	sameFromBooks(t, s, slow)
}

// sameFromBooks checks AllCampaignStatsOf, crediting the bookings of
// books read once (service.LoadBooks) for a report, gives want.
func sameFromBooks(t *testing.T, s service.Store, want []*segment.CampaignStats) {
	t.Helper()
	books, err := service.LoadBooks(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := segment.AllCampaignStatsOf(books)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("from books %+v\nper campaign %+v", got, want)
	}
}
