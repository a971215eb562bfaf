//go:build !unix

package service_test

import "time"

// moneyCPUTime is not measured here (see payments_cputime_unix_test.go).
func moneyCPUTime() time.Duration { return 0 }
