package app

import "testing"

func validFeedback() Feedback {
	return Feedback{BookingID: "bk-1", CustomerID: "cust-1", DepartureID: "dep-1", ReceivedOn: Date{2026, 12, 7}, Guide: 5, Hotel: 3, Food: 4, Overall: 4, Comments: "Great guide, hotel too far from the centre.", WouldRecommend: true}
}

func TestFeedbackValidate(t *testing.T) {
	f := validFeedback()
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	runBad(t, validFeedback, []badCase[Feedback]{
		{"no booking", func(f *Feedback) { f.BookingID = "" }, "booking_id", CodeRequired},
		{"no customer", func(f *Feedback) { f.CustomerID = "" }, "customer_id", CodeRequired},
		{"no overall", func(f *Feedback) { f.Overall = 0 }, "rating_overall", CodeRequired},
		{"rating 6", func(f *Feedback) { f.Guide = 6 }, "rating_guide", CodeRange},
		{"rating negative", func(f *Feedback) { f.Transport = -1 }, "rating_transport", CodeRange},
		{"itinerary 9", func(f *Feedback) { f.Itinerary = 9 }, "rating_itinerary", CodeRange},
	})
}
