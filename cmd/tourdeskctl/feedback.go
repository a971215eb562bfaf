package main

import (
	"fmt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

func init() {
	register("feedback", cmdFeedback,
		"  feedback add BOOKING --overall 1-5 [--guide N] [--hotel N] [--transport N] [--food N] [--program N] [--comment T] [--recommend] [--today D] [--json]\n"+
			"  feedback show BOOKING [--json]\n")
}

func cmdFeedback(e *env, args []string) error {
	return dispatch(e, "feedback", args,
		sub{"add", feedbackAdd},
		sub{"show", feedbackShow},
	)
}

type feedbackJSON struct {
	ID string `json:"id"`
	*app.Feedback
}

func feedbackAdd(e *env, args []string) error {
	fs := newFlags("feedback add", e)
	var f service.FeedbackForm
	fs.IntVar(&f.Overall, "overall", 0, "overall rating, 1 (poor) to 5 (excellent) (required)")
	fs.IntVar(&f.Guide, "guide", 0, "the guide, 1–5")
	fs.IntVar(&f.Hotel, "hotel", 0, "the hotels, 1–5")
	fs.IntVar(&f.Transport, "transport", 0, "the transport, 1–5")
	fs.IntVar(&f.Food, "food", 0, "the food, 1–5")
	fs.IntVar(&f.Program, "program", 0, "the program (itinerary), 1–5")
	fs.StringVar(&f.Comments, "comment", "", "the customer's comments")
	fs.BoolVar(&f.WouldRecommend, "recommend", false, "the customer would recommend us")
	asJSON := fs.Bool("json", false, "print the form as JSON")
	today := todayFlag(fs)
	pos, err := parse(fs, args, 1, "one booking ID")
	if err != nil {
		return err
	}
	s, day, err := e.openOn(today)
	if err != nil {
		return err
	}
	f.BookingID = pos[0]
	fb, err := service.NewFeedbacks(s, e.session()).File(f, day)
	if err != nil {
		return fmt.Errorf("feedback add: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, feedbackJSON{fb.ID, fb})
	}
	printFeedback(e, fb)
	return nil
}

func feedbackShow(e *env, args []string) error {
	fs := newFlags("feedback show", e)
	asJSON := fs.Bool("json", false, "print the form as JSON")
	pos, s, err := e.parseOpen(fs, args, 1, "one booking ID")
	if err != nil {
		return err
	}
	fb, err := service.NewFeedbacks(s, e.session()).ForBooking(pos[0])
	if err != nil {
		return err
	}
	if fb == nil {
		return fmt.Errorf("feedback show: booking %s has no feedback: %w", pos[0], app.ErrNotFound)
	}
	if *asJSON {
		return writeJSON(e.stdout, feedbackJSON{fb.ID, fb})
	}
	printFeedback(e, fb)
	return nil
}

func printFeedback(e *env, fb *app.Feedback) {
	fmt.Fprintf(e.stdout, "%s\tbooking %s\treceived %s\n", fb.ID, fb.BookingID, fb.ReceivedOn)
	fmt.Fprintf(e.stdout, "overall %s, guide %s, hotel %s, transport %s, food %s, program %s\n",
		service.Stars(fb.Overall), service.Stars(fb.Guide), service.Stars(fb.Hotel), service.Stars(fb.Transport), service.Stars(fb.Food), service.Stars(fb.Itinerary))
	if fb.Comments != "" {
		fmt.Fprintf(e.stdout, "%s\n", fb.Comments)
	}
}
