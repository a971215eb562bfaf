package segment_test

import (
	"testing"

	"github.com/tourdesk/tourdesk/app/segment"
)

// BenchmarkAllCampaignStats is every campaign's figures (the Care area's
// campaigns tab, tourdeskctl campaign stats, the campaign ROI report).
func BenchmarkAllCampaignStats(b *testing.B) {
	s := demoStore(b)
	start := campaignCPUTime()
	for b.Loop() {
		list, err := segment.AllCampaignStats(s)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(list)), "campaigns")
	}
	// The process's CPU time per run: on the shared build machine
	// ns/op counts the wait for a core too.
	b.ReportMetric(float64((campaignCPUTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}
