package app

import "github.com/tourdesk/tourdesk/app/money"

// Channel is where a campaign reaches people.
type Channel string

const (
	ChannelEmail    Channel = "email"
	ChannelSMS      Channel = "sms"
	ChannelFacebook Channel = "facebook"
	ChannelZalo     Channel = "zalo"
	ChannelGoogle   Channel = "google"
	ChannelTikTok   Channel = "tiktok"
	ChannelWebsite  Channel = "website"
	ChannelEvent    Channel = "event"
	ChannelPrint    Channel = "print"
	ChannelOther    Channel = "other"
)

// Channels lists every campaign channel.
var Channels = []Channel{ChannelEmail, ChannelSMS, ChannelFacebook, ChannelZalo, ChannelGoogle, ChannelTikTok, ChannelWebsite, ChannelEvent, ChannelPrint, ChannelOther}

// CampaignStatus is where a campaign is: being prepared, running,
// finished (its ROI can be reported), or cancelled.
type CampaignStatus string

const (
	CampaignDraft     CampaignStatus = "draft"
	CampaignRunning   CampaignStatus = "running"
	CampaignFinished  CampaignStatus = "finished"
	CampaignCancelled CampaignStatus = "cancelled"
)

// CampaignStatuses lists every campaign status.
var CampaignStatuses = []CampaignStatus{CampaignDraft, CampaignRunning, CampaignFinished, CampaignCancelled}

// CampaignTransitions: a running campaign can be stopped early
// (cancelled) but not sent back to draft.
var CampaignTransitions = Transitions[CampaignStatus]{
	CampaignDraft:   {CampaignRunning, CampaignCancelled},
	CampaignRunning: {CampaignFinished, CampaignCancelled},
}

// Campaign is a marketing action whose targets become leads; customers
// and bookings point at it by campaign_id, which gives its ROI.
type Campaign struct {
	ID      string  `json:"-"`
	Name    string  `json:"name"`
	Channel Channel `json:"channel"`
	// Cost is what the campaign cost in total (ads, SMS fees).
	Cost      money.Money `json:"cost"`
	StartDate Date        `json:"start_date"`
	EndDate   Date        `json:"end_date"`
	// Segment describes who is targeted ("customers back from China in
	// 2025 who rated 4+").
	Segment  string         `json:"segment"`
	Status   CampaignStatus `json:"status"`
	OwnerID  string         `json:"owner_id"`
	OfficeID string         `json:"office_id"`
	Notes    string         `json:"notes"`
	// TargetIDs is the campaign's target list made from a saved segment
	// (app/segment.MakeTargets): the customers it was sent to, a snapshot.
	// Customers a campaign brought in are linked the other way, by their
	// campaign_id.
	TargetIDs []string `json:"target_ids"`
}

func init() {
	register(KindInfo{
		Kind:   KindCampaign,
		New:    func() Entity { return new(Campaign) },
		Index:  []string{"channel", "status", "owner_id", "office_id", "start_date"},
		Search: []string{"name", "segment"},
		Sort:   "start_date",
	})
}

// Kind implements Entity.
func (*Campaign) Kind() Kind { return KindCampaign }

// Validate normalises the campaign (status defaults to draft) and reports
// every field that is wrong.
func (c *Campaign) Validate() error {
	var p Problems
	if c.Status == "" {
		c.Status = CampaignDraft
	}
	CleanText(&p, "name", &c.Name, MaxName, true, false)
	CheckOneOf(&p, "channel", c.Channel, true, Channels...)
	CheckMoney(&p, "cost", &c.Cost, false, NotNegative, "")
	CheckPeriod(&p, "start_date", "end_date", c.StartDate, c.EndDate, false)
	CleanText(&p, "segment", &c.Segment, MaxText, false, true)
	CheckOneOf(&p, "status", c.Status, true, CampaignStatuses...)
	CleanID(&p, "owner_id", &c.OwnerID, false)
	CleanID(&p, "office_id", &c.OfficeID, false)
	CleanText(&p, "notes", &c.Notes, MaxNotes, false, true)
	CleanIDs(&p, "target_ids", &c.TargetIDs, MaxCampaignTargets)
	return p.Err(KindCampaign)
}

// MaxCampaignTargets bounds a campaign's target list.
const MaxCampaignTargets = 100_000
