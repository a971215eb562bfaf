package app

import "fmt"

// Feedback is a customer's answer to the after-trip form. Each rating is
// 1 (poor) to 5 (excellent), or 0 when not answered; Overall is required.
// Ratings are flat fields so reports can average each aspect.
type Feedback struct {
	ID          string `json:"-"`
	BookingID   string `json:"booking_id"`
	CustomerID  string `json:"customer_id"`
	DepartureID string `json:"departure_id"`
	ReceivedOn  Date   `json:"received_on"`
	Guide       int    `json:"rating_guide"`
	Hotel       int    `json:"rating_hotel"`
	Transport   int    `json:"rating_transport"`
	Food        int    `json:"rating_food"`
	Itinerary   int    `json:"rating_itinerary"`
	Overall     int    `json:"rating_overall"`
	Comments    string `json:"comments"`
	// WouldRecommend is the answer to "would you recommend us?".
	WouldRecommend bool `json:"would_recommend"`
	// FiledBy is the user who typed the form in (the guide in the field,
	// the agent after the return call).
	FiledBy string `json:"filed_by"`
}

func init() {
	register(KindInfo{
		Kind:   KindFeedback,
		New:    func() Entity { return new(Feedback) },
		Index:  []string{"booking_id", "customer_id", "departure_id", "rating_overall", "received_on"},
		Search: []string{"comments"},
		Sort:   "received_on",
	})
}

// Kind implements Entity.
func (*Feedback) Kind() Kind { return KindFeedback }

// Validate reports every field that is wrong.
func (f *Feedback) Validate() error {
	var p Problems
	CleanID(&p, "booking_id", &f.BookingID, true)
	CleanID(&p, "customer_id", &f.CustomerID, true)
	CleanID(&p, "departure_id", &f.DepartureID, false)
	CheckDate(&p, "received_on", f.ReceivedOn, false)
	for _, r := range []struct {
		field    string
		v        int
		required bool
	}{
		{"rating_guide", f.Guide, false},
		{"rating_hotel", f.Hotel, false},
		{"rating_transport", f.Transport, false},
		{"rating_food", f.Food, false},
		{"rating_itinerary", f.Itinerary, false},
		{"rating_overall", f.Overall, true},
	} {
		switch {
		case r.v == 0 && r.required:
			p.Add(r.field, CodeRequired, "is required (1 to 5)")
		case r.v < 0 || r.v > 5:
			p.Add(r.field, CodeRange, fmt.Sprintf("must be from 1 (poor) to 5 (excellent), not %d", r.v))
		}
	}
	CleanText(&p, "comments", &f.Comments, MaxNotes, false, true)
	CleanID(&p, "filed_by", &f.FiledBy, false)
	return p.Err(KindFeedback)
}
