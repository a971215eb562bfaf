package customers

import (
	"log"
	"time"
)

// started is (about) when the process started: package variables are
// set before main runs.
var started = time.Now()

// logFirstRows logs, once per area, how long after the process started
// the customer list first drew rows with data (docs/PERFORMANCE.md,
// "Desktop", reads it from the app's output).
func logFirstRows(n int) {
	log.Printf("customers: first rows shown %d ms after start (%d in the list)", time.Since(started).Milliseconds(), n)
}
