package segment_test

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/segment"
)

// BenchmarkAllCampaignStats is every campaign's figures (the Care area's
// campaigns tab, tourdeskctl campaign stats, the campaign ROI report).
func BenchmarkAllCampaignStats(b *testing.B) {
	s := demoStore(b)
	for b.Loop() {
		list, err := segment.AllCampaignStats(s)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(list)), "campaigns")
	}
}
