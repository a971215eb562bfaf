package reports

import (
	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app/report"
)

// valueText is a text cell of column c as the table shows it: the
// values app/report writes from a known set (pipeline stages, VIP tiers,
// cost categories, campaign channels, and its own labels such as
// "Custom trips") in the UI's language; anything else (names, codes,
// regions) as the report wrote it. Exports keep the report's raw values
// (see docs/DECISIONS.md, 2026-11-23).
func valueText(c report.Column, text string) string {
	switch c.Key {
	case "stage":
		if s := stageName(text); s != "" {
			return s
		}
	case "tier":
		if s := tierName(text); s != "" {
			return s
		}
	case "category":
		if s := costCategoryName(text); s != "" {
			return s
		}
	case "item":
		if text == "subtotal" {
			return lang.X("reports.value.subtotal", "subtotal")
		}
	case "channel":
		if s := channelName(text); s != "" {
			return s
		}
	}
	switch text {
	case "Custom trips":
		return lang.X("reports.value.custom_trips", "Custom trips")
	case "(departure deleted)":
		return lang.X("reports.value.departure_deleted", "(departure deleted)")
	case "(tour deleted)":
		return lang.X("reports.value.tour_deleted", "(tour deleted)")
	case "(no region)":
		return lang.X("reports.value.no_region", "(no region)")
	case "(no rule matches)":
		return lang.X("reports.value.no_rule", "(no rule matches)")
	case "(none)":
		return lang.X("reports.value.none", "(none)")
	}
	return text
}

// stageName is a booking status (the pipeline report's stages).
func stageName(s string) string {
	switch s {
	case "inquiry":
		return lang.X("reports.stage.inquiry", "Inquiry")
	case "consulting":
		return lang.X("reports.stage.consulting", "Consulting")
	case "quoted":
		return lang.X("reports.stage.quoted", "Quoted")
	case "deposit":
		return lang.X("reports.stage.deposit", "Deposit paid")
	case "paid":
		return lang.X("reports.stage.paid", "Paid in full")
	case "travelling":
		return lang.X("reports.stage.travelling", "Travelling")
	case "completed":
		return lang.X("reports.stage.completed", "Completed")
	case "cancelled":
		return lang.X("reports.stage.cancelled", "Cancelled")
	case "lost":
		return lang.X("reports.stage.lost", "Lost")
	}
	return ""
}

// tierName is a customer tier.
func tierName(s string) string {
	switch s {
	case "vip1":
		return lang.X("reports.tier.vip1", "VIP 1")
	case "vip2":
		return lang.X("reports.tier.vip2", "VIP 2")
	case "vip3":
		return lang.X("reports.tier.vip3", "VIP 3")
	case "loyal":
		return lang.X("reports.tier.loyal", "Loyal")
	case "regular":
		return lang.X("reports.tier.regular", "Regular")
	case "new":
		return lang.X("reports.tier.new", "New")
	}
	return ""
}

// costCategoryName is one of report's cost categories.
func costCategoryName(s string) string {
	switch s {
	case report.CostMarketing:
		return lang.X("reports.cost.marketing", "Marketing")
	case report.CostOperations:
		return lang.X("reports.cost.operations", "Operations")
	case report.CostCommissions:
		return lang.X("reports.cost.commissions", "Commissions")
	case report.CostIncidentals:
		return lang.X("reports.cost.incidentals", "Incidentals")
	}
	return ""
}

// channelName is a campaign channel.
func channelName(s string) string {
	switch s {
	case "email":
		return lang.X("reports.channel.email", "Email")
	case "sms":
		return lang.X("reports.channel.sms", "SMS")
	case "facebook":
		return lang.X("reports.channel.facebook", "Facebook")
	case "zalo":
		return lang.X("reports.channel.zalo", "Zalo")
	case "google":
		return lang.X("reports.channel.google", "Google")
	case "tiktok":
		return lang.X("reports.channel.tiktok", "TikTok")
	case "website":
		return lang.X("reports.channel.website", "Website")
	case "event":
		return lang.X("reports.channel.event", "Event")
	case "print":
		return lang.X("reports.channel.print", "Print")
	case "other":
		return lang.X("reports.channel.other", "Other")
	}
	return ""
}
