package service

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/tourdesk/tourdesk/app"
)

// Feedbacks is the after-trip feedback form: one per booking. Its id is
// derived from the booking's (FeedbackID), so the guide filing it in the
// field and the agent filing it after the return call write the same
// record; every field of a form is written, so the latest form filed wins
// as a whole when the two meet at sync (field by field, every field of the
// later form has the later stamp).
//
// Who may file is app/access's: a guide for bookings on the departures they
// run, an agent for their own customers' bookings, a manager for their
// office's; checked before anything is written, as the server will.
type Feedbacks struct {
	store   Store
	session Session
}

// NewFeedbacks returns the feedback service of store for the session's user.
func NewFeedbacks(store Store, session Session) *Feedbacks {
	return &Feedbacks{store: store, session: session}
}

// feedbackSpace namespaces the ids of feedback forms.
var feedbackSpace = uuid.MustParse("9a4c2e1f-5b7d-5e38-8f21-6c0d4a9b3e57")

// FeedbackID is the id of booking bookingID's feedback form, the same on
// every device.
func FeedbackID(bookingID string) string {
	return uuid.NewSHA1(feedbackSpace, []byte("feedback/"+bookingID)).String()
}

// FeedbackForm is what the customer answered. Ratings are 1 (poor) to 5
// (excellent), 0 for a question not answered; Overall is required.
type FeedbackForm struct {
	BookingID string
	Guide     int
	Hotel     int
	Transport int
	Food      int
	// Program rates the itinerary (app.Feedback.Itinerary).
	Program        int
	Overall        int
	Comments       string
	WouldRecommend bool
	// ReceivedOn is when the customer answered; today when zero.
	ReceivedOn app.Date
}

// File records form for its booking (replacing an earlier form of the
// same booking) and returns it as stored. The booking must hold seats
// (a lost inquiry or a cancelled booking has no trip to rate); the
// customer and departure are the booking's. A wrong rating is an
// *app.ValidationError naming the field; a booking the session may not
// file for, app.ErrForbidden. Nothing is written on an error.
func (f *Feedbacks) File(form FeedbackForm, today app.Date) (*app.Feedback, error) {
	if err := mayCreate(f.session, app.KindFeedback); err != nil {
		return nil, err
	}
	if form.ReceivedOn.IsZero() {
		form.ReceivedOn = today
	}
	var out *app.Feedback
	err := f.store.Update(func(tx Tx) error {
		b, err := loadBooking(tx, form.BookingID)
		if err != nil {
			return err
		}
		if !b.HoldsSeat() {
			return opsRefuse("booking %s is %s: only a booking with a trip (deposit paid or later) gets a feedback form", b.Code, b.Status)
		}
		fb := &app.Feedback{
			ID: FeedbackID(b.ID), BookingID: b.ID, CustomerID: b.CustomerID, DepartureID: b.DepartureID,
			ReceivedOn: form.ReceivedOn, Guide: form.Guide, Hotel: form.Hotel, Transport: form.Transport,
			Food: form.Food, Itinerary: form.Program, Overall: form.Overall, Comments: form.Comments,
			WouldRecommend: form.WouldRecommend, FiledBy: f.session.UserID,
		}
		values, err := pickFields(fb, feedbackFields...)
		if err != nil {
			return err
		}
		if err := checkWriteRecord(tx, f.session, app.KindFeedback, fb.ID, values); err != nil {
			return err
		}
		if _, err := tx.Save(app.KindFeedback, fb.ID, values); err != nil {
			return err
		}
		out = fb
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// feedbackFields are every field of a form, all written by File.
var feedbackFields = []string{
	"booking_id", "customer_id", "departure_id", "received_on", "rating_guide", "rating_hotel",
	"rating_transport", "rating_food", "rating_itinerary", "rating_overall", "comments",
	"would_recommend", "filed_by",
}

// ForBooking returns booking bookingID's feedback, or nil when none was
// filed.
func (f *Feedbacks) ForBooking(bookingID string) (*app.Feedback, error) {
	fb, err := optional[app.Feedback](f.store, FeedbackID(bookingID))
	if fb != nil {
		fb.ID = FeedbackID(bookingID)
	}
	return fb, err
}

// ForDeparture returns the feedback of departure departureID's bookings,
// the latest received first.
func (f *Feedbacks) ForDeparture(departureID string) ([]*app.Feedback, error) {
	return feedbackBy(f.store, "departure_id", departureID)
}

// ForCustomer returns customer customerID's feedback, the latest first.
func (f *Feedbacks) ForCustomer(customerID string) ([]*app.Feedback, error) {
	return feedbackBy(f.store, "customer_id", customerID)
}

func feedbackBy(s Store, field, value string) ([]*app.Feedback, error) {
	var out []*app.Feedback
	err := s.View(func(r Reader) error {
		ids, err := r.Lookup(app.KindFeedback, field, value)
		if err != nil {
			return err
		}
		out, err = loadAll[app.Feedback](r, ids, func(fb *app.Feedback, id string) { fb.ID = id })
		return err
	})
	slices.SortStableFunc(out, func(a, b *app.Feedback) int {
		return cmp.Or(b.ReceivedOn.Compare(a.ReceivedOn), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// Stars writes a rating as "4/5", or "–" when not answered.
func Stars(r int) string {
	if r == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/5", r)
}
