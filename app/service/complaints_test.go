package service_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

var (
	guideGia = service.Session{UserID: "u-gia", OfficeID: "o-hn", Role: app.RoleGuide}
	agentHoa = service.Session{UserID: "u-hoa", OfficeID: "o-hn", Role: app.RoleAgent}
	lanAgent = service.Session{UserID: "u-lan", OfficeID: "o-hn", Role: app.RoleAgent}
	careOps  = service.Session{UserID: "u-olga", OfficeID: "o-hn", Role: app.RoleOperator}
	careAcc  = service.Session{UserID: "u-acc", OfficeID: "o-hn", Role: app.RoleAccountant}
)

func validationField(err error) string {
	var ve *app.ValidationError
	if errors.As(err, &ve) && len(ve.Problems) > 0 {
		return ve.Problems[0].Field
	}
	return ""
}

// A complaint about An's trip through the whole workflow, every illegal
// move refused with nothing written; the compensation in the booking's
// currency only.
func TestComplaintWorkflow(t *testing.T) {
	store := openStore(t)
	w := careData(t, store)
	cs := service.NewComplaints(store, lanAgent)
	if _, err := cs.Add(service.ComplaintNew{BookingID: w.trip1, Description: "  "}, day("2026-11-23")); validationField(err) != "description" {
		t.Errorf("no description: %v", err)
	}
	if _, err := cs.Add(service.ComplaintNew{BookingID: w.trip1, CustomerID: w.binh, Description: "x"}, day("2026-11-23")); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("a booking of another customer: %v", err)
	}
	cp, err := cs.Add(service.ComplaintNew{BookingID: w.trip1, Description: "The hotel room in Hạ Long had no window"}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	if cp.CustomerID != w.an || cp.DepartureID != w.dep1 || cp.Status != app.ComplaintReceived || cp.HandlerID != "u-lan" || cp.ReceivedOn != day("2026-11-23") {
		t.Errorf("new complaint %+v", cp)
	}
	move := func(to app.ComplaintStatus, res string, comp *money.Money) (*app.Complaint, error) {
		return cs.Move(cp.ID, service.ComplaintMove{To: to, Resolution: res, Compensation: comp, On: day("2026-11-25")})
	}
	wantStatus := func(want app.ComplaintStatus) {
		t.Helper()
		got, err := cs.Get(cp.ID)
		if err != nil || got.Status != want {
			t.Errorf("status %v %v, want %s", got, err, want)
		}
	}
	if _, err := move(app.ComplaintClosed, "", nil); validationField(err) != "status" || !strings.Contains(err.Error(), `from "received" it can go to`) {
		t.Errorf("received → closed: %v", err)
	}
	wantStatus(app.ComplaintReceived)
	if _, err := move(app.ComplaintInvestigating, "", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := move(app.ComplaintResolved, "", nil); validationField(err) != "resolution" {
		t.Errorf("resolved without a resolution: %v", err)
	}
	usd := money.New(2000, "USD")
	if _, err := move(app.ComplaintResolved, "Refund one night", &usd); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "VND") {
		t.Errorf("a compensation in USD on a VND booking: %v", err)
	}
	vnd := money.New(500_000, "VND")
	if _, err := move(app.ComplaintInvestigating, "", &vnd); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("a compensation while investigating: %v", err)
	}
	wantStatus(app.ComplaintInvestigating)
	got, err := move(app.ComplaintResolved, "Apologised; 500.000 ₫ voucher for the next trip", &vnd)
	if err != nil {
		t.Fatal(err)
	}
	if got.Compensation != vnd || got.ResolvedOn != day("2026-11-25") || got.Resolution == "" {
		t.Errorf("resolved %+v", got)
	}
	// Another agent and an operator may not touch it; the operator sees it.
	if _, err := service.NewComplaints(store, agentHoa).Move(cp.ID, service.ComplaintMove{To: app.ComplaintClosed}); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("another agent: %v", err)
	}
	if _, err := service.NewComplaints(store, careOps).Add(service.ComplaintNew{BookingID: w.trip1, Description: "x"}, day("2026-11-23")); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("an operator adding: %v", err)
	}
	if _, err := move(app.ComplaintClosed, "", nil); err != nil {
		t.Fatal(err)
	}
	for _, to := range []app.ComplaintStatus{app.ComplaintInvestigating, app.ComplaintResolved, app.ComplaintReceived} {
		if _, err := move(to, "again", nil); validationField(err) != "status" || !strings.Contains(err.Error(), "is final") {
			t.Errorf("closed → %s: %v", to, err)
		}
	}
	final, _ := cs.Get(cp.ID)
	if final.Status != app.ComplaintClosed || final.Compensation != vnd || final.Resolution != "Apologised; 500.000 ₫ voucher for the next trip" {
		t.Errorf("closed %+v", final)
	}
	comps, err := service.Compensations(store, w.dep1)
	if err != nil || len(comps) != 1 || comps[0].Compensation != vnd {
		t.Errorf("compensations of the departure: %v %v", comps, err)
	}
	if open, _ := cs.Open(); len(open) != 0 {
		t.Errorf("open complaints %v", open)
	}
}

// Feedback: one form per booking, the latest filed wins; ratings checked;
// the guide of the departure may file, a guide of another may not; a lost
// inquiry has no form.
func TestFeedback(t *testing.T) {
	store := openStore(t)
	w := careData(t, store)
	saveAt(t, store, w.dep1, &app.Departure{TourID: "t-hl", Code: "HLB-3D2N-261120", StartDate: day("2026-11-20"), EndDate: day("2026-11-22"),
		Capacity: 20, Status: app.DepartureCompleted, GuideIDs: []string{"u-gia"}})
	fs := service.NewFeedbacks(store, lanAgent)
	for _, tc := range []struct {
		form  service.FeedbackForm
		field string
	}{
		{service.FeedbackForm{BookingID: w.trip1, Guide: 5}, "rating_overall"},
		{service.FeedbackForm{BookingID: w.trip1, Overall: 4, Hotel: 6}, "rating_hotel"},
		{service.FeedbackForm{BookingID: w.trip1, Overall: -1}, "rating_overall"},
	} {
		if _, err := fs.File(tc.form, day("2026-11-23")); validationField(err) != tc.field {
			t.Errorf("%+v: %v, want a problem on %s", tc.form, err, tc.field)
		}
	}
	if n, _ := store.Count(app.KindFeedback); n != 0 {
		t.Fatalf("%d forms stored after refusals", n)
	}
	fb, err := fs.File(service.FeedbackForm{BookingID: w.trip1, Overall: 4, Guide: 5, Hotel: 2, Food: 4, Comments: "Great guide, dark room"}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	if fb.ID != service.FeedbackID(w.trip1) || fb.CustomerID != w.an || fb.DepartureID != w.dep1 || fb.FiledBy != "u-lan" || fb.ReceivedOn != day("2026-11-23") {
		t.Errorf("filed %+v", fb)
	}
	// The guide files again, in the field: the latest form wins whole.
	if _, err := service.NewFeedbacks(store, guideGia).File(service.FeedbackForm{BookingID: w.trip1, Overall: 5, Transport: 5, Program: 4}, day("2026-11-24")); err != nil {
		t.Fatal(err)
	}
	got, err := fs.ForBooking(w.trip1)
	if err != nil || got.Overall != 5 || got.Guide != 0 || got.Hotel != 0 || got.Transport != 5 || got.Itinerary != 4 || got.Comments != "" || got.FiledBy != "u-gia" {
		t.Errorf("after the guide's form %+v %v", got, err)
	}
	if n, _ := store.Count(app.KindFeedback); n != 1 {
		t.Errorf("%d forms, want 1", n)
	}
	// trip2 is a custom trip: no departure, not the guide's.
	if _, err := service.NewFeedbacks(store, guideGia).File(service.FeedbackForm{BookingID: w.trip2, Overall: 5}, day("2026-11-24")); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("a guide filing for another trip: %v", err)
	}
	if _, err := service.NewFeedbacks(store, careAcc).File(service.FeedbackForm{BookingID: w.trip1, Overall: 5}, day("2026-11-24")); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("an accountant: %v", err)
	}
	lost := save(t, store, &app.Booking{Code: app.BookingCode(2026, 3), CustomerID: w.an, OwnerID: "u-lan", OfficeID: "o-hn", DepartureID: w.dep1,
		Currency: "VND", Status: app.BookingLost, Reason: "too dear"})
	if _, err := fs.File(service.FeedbackForm{BookingID: lost, Overall: 1}, day("2026-11-24")); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("a lost inquiry: %v", err)
	}
	if l, _ := fs.ForDeparture(w.dep1); len(l) != 1 {
		t.Errorf("departure's feedback %v", l)
	}
}

// Two devices file the same booking's form offline: after the merge there
// is one form, the one filed later.
func TestFeedbackOneAfterMerge(t *testing.T) {
	lan := openStore(t)
	w := careData(t, lan)
	minh := openStore(t)
	copyAll(t, lan, minh, app.KindUser, app.KindSetting, app.KindCustomer, app.KindDeparture, app.KindBooking)
	if _, err := service.NewFeedbacks(lan, lanAgent).File(service.FeedbackForm{BookingID: w.trip1, Overall: 3, Hotel: 2, Comments: "meh"}, day("2026-11-23")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // the manager's form is stamped later
	if _, err := service.NewFeedbacks(minh, manager).File(service.FeedbackForm{BookingID: w.trip1, Overall: 5, Guide: 5}, day("2026-11-24")); err != nil {
		t.Fatal(err)
	}
	copyAll(t, lan, minh, app.KindFeedback)
	copyAll(t, minh, lan, app.KindFeedback)
	for name, s := range map[string]service.Store{"lan": lan, "minh": minh} {
		if n, _ := s.Count(app.KindFeedback); n != 1 {
			t.Errorf("%s: %d forms", name, n)
		}
		fb, err := service.NewFeedbacks(s, manager).ForBooking(w.trip1)
		if err != nil || fb.Overall != 5 || fb.Guide != 5 || fb.Hotel != 0 || fb.Comments != "" || fb.ReceivedOn != day("2026-11-24") {
			t.Errorf("%s: %+v %v", name, fb, err)
		}
	}
}

// An's timeline, newest first, with amounts where there are some; worked
// out by hand from careData and the records added here.
func TestTimeline(t *testing.T) {
	store := openStore(t)
	w := careData(t, store)
	pl := service.NewPipeline(store, lanAgent, store.DeviceID())
	if _, err := pl.LogActivity(w.trip1, service.Activity{Type: app.InteractionCall, Direction: app.Outbound, Summary: "Return call: all happy\nwants Đà Lạt next",
		At: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	care := service.NewCare(store, lanAgent)
	res, err := care.Generate(day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range res.Created {
		if tk.Type == app.TaskBirthday {
			if _, err := care.Done(tk.ID, "", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
	}
	cp, err := service.NewComplaints(store, lanAgent).Add(service.ComplaintNew{BookingID: w.trip1, Description: "No window"}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	comp := money.New(500_000, "VND")
	if _, err := service.NewComplaints(store, lanAgent).Move(cp.ID, service.ComplaintMove{To: app.ComplaintResolved, Resolution: "voucher", Compensation: &comp, On: day("2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	if _, err := service.NewFeedbacks(store, lanAgent).File(service.FeedbackForm{BookingID: w.trip1, Overall: 4, Comments: "Good"}, day("2026-11-24")); err != nil {
		t.Fatal(err)
	}
	tl, err := care.Timeline(w.an)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tl {
		s := e.Date.String() + " " + e.Kind + " " + e.Title
		if e.Amount != nil {
			s += " = " + e.Amount.String()
		}
		got = append(got, s)
	}
	wantLines(t, "An's timeline", got, []string{
		"2026-11-24 feedback Feedback: overall 4/5 — Good",
		"2026-11-23 interaction call (outbound): Return call: all happy wants Đà Lạt next",
		"2026-11-23 task Done: Birthday greeting: Trần Văn An (46)",
		"2026-11-23 complaint Complaint (resolved): No window = 500000 VND",
		"2026-11-20 trip Trip BK-2026-000001: HLB-3D2N-261120, 2026-11-20 – 2026-11-22",
		"2026-10-01 payment Payment BK-2026-000001: deposit, cash = 4000000 VND",
		"2026-10-01 booking Booked BK-2026-000001: HLB-3D2N-261120, 1 seat(s) = 4000000 VND",
		"2026-10-01 request Request BK-2026-000001: HLB-3D2N-261120",
	})
	if _, err := care.Timeline("nobody"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
}

// A compensation is a cost of the departure in its settlement: An's trip
// on dep1 brought 4.000.000 ₫; the complaint resolved with 500.000 ₫ makes
// the profit 3.500.000 ₫ (no orders, expenses or commission). One paid
// back as a refund is not counted twice: the refund already lowers the
// revenue.
func TestCompensationInSettlement(t *testing.T) {
	store := openStore(t)
	w := careData(t, store)
	cs := service.NewComplaints(store, lanAgent)
	cp, err := cs.Add(service.ComplaintNew{BookingID: w.trip1, Description: "No window"}, day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	comp := money.New(500_000, "VND")
	if _, err := cs.Move(cp.ID, service.ComplaintMove{To: app.ComplaintResolved, Resolution: "voucher", Compensation: &comp, On: day("2026-11-24")}); err != nil {
		t.Fatal(err)
	}
	st, err := service.SettlementOf(store, w.dep1)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "revenue", st.Revenue, 4_000_000, "VND")
	wantMoney(t, "compensation cost", st.Costs[service.CostCompensation], 500_000, "VND")
	wantMoney(t, "cost", st.Cost, 500_000, "VND")
	wantMoney(t, "profit", st.Profit, 3_500_000, "VND")

	// A second complaint, its 200.000 ₫ paid back as a refund.
	cp2, err := cs.Add(service.ComplaintNew{BookingID: w.trip1, Description: "Late bus"}, day("2026-11-24"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := service.NewPayments(store, lanAgent).Refund(w.trip1, money.New(200_000, "VND"), app.MethodCash, day("2026-11-24"), "late bus")
	if err != nil {
		t.Fatal(err)
	}
	comp2 := money.New(200_000, "VND")
	if _, err := cs.Move(cp2.ID, service.ComplaintMove{To: app.ComplaintResolved, Resolution: "refunded", Compensation: &comp2, RefundID: ref.ID, On: day("2026-11-24")}); err != nil {
		t.Fatal(err)
	}
	st, err = service.SettlementOf(store, w.dep1)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "revenue after the refund", st.Revenue, 3_800_000, "VND")
	wantMoney(t, "compensation cost", st.Costs[service.CostCompensation], 500_000, "VND")
	wantMoney(t, "profit", st.Profit, 3_300_000, "VND")
}
