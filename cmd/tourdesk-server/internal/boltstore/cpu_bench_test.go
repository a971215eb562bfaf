package boltstore_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) this process has used: the
// machine is shared, so wall times swing with other people's load, while
// the CPU a phase costs does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
