//go:build !unix

package segment_test

import "time"

// campaignCPUTime is not measured here (see campaign_cputime_unix_test.go).
func campaignCPUTime() time.Duration { return 0 }
