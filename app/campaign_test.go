package app

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validCampaign() Campaign {
	return Campaign{Name: "Tết 2027 – Japan in spring", Channel: ChannelZalo, Cost: money.New(15000000, "vnd"), StartDate: Date{2026, 12, 1}, EndDate: Date{2027, 1, 15}, Segment: "Customers who travelled to Asia in 2025", OwnerID: "mkt-1"}
}

func TestCampaignValidate(t *testing.T) {
	c := validCampaign()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Status != CampaignDraft || c.Cost.Currency != "VND" {
		t.Errorf("normalised = %+v", c)
	}
	runBad(t, validCampaign, []badCase[Campaign]{
		{"no name", func(c *Campaign) { c.Name = "" }, "name", CodeRequired},
		{"no channel", func(c *Campaign) { c.Channel = "" }, "channel", CodeRequired},
		{"bad channel", func(c *Campaign) { c.Channel = "fax" }, "channel", CodeUnknown},
		{"negative cost", func(c *Campaign) { c.Cost.Amount = -1 }, "cost", CodeRange},
		{"end before start", func(c *Campaign) { c.EndDate = Date{2026, 11, 1} }, "end_date", CodeRange},
		{"bad status", func(c *Campaign) { c.Status = "paused" }, "status", CodeUnknown},
	})
}
