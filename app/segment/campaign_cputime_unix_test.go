//go:build unix

package segment_test

import (
	"syscall"
	"time"
)

// campaignCPUTime is the CPU time (user + system) this process has used so far:
// on a machine shared with other builds, wall time measures the queue for
// the cores as much as the work.
func campaignCPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
