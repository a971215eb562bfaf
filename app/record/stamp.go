package record

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stamp is a hybrid logical clock value. Stamps are totally ordered by
// (Wall, Logical, Device); two devices never share a Device, so two distinct
// changes never carry equal stamps.
type Stamp struct {
	Wall    int64  // Unix milliseconds
	Logical uint32 // counter within one Wall millisecond
	Device  string // id of the device that made the change
}

// Compare returns -1, 0 or +1 as s is below, equal to or above o.
func (s Stamp) Compare(o Stamp) int {
	if c := cmp.Compare(s.Wall, o.Wall); c != 0 {
		return c
	}
	if c := cmp.Compare(s.Logical, o.Logical); c != 0 {
		return c
	}
	return strings.Compare(s.Device, o.Device)
}

// After reports whether s orders strictly above o.
func (s Stamp) After(o Stamp) bool { return s.Compare(o) > 0 }

// IsZero reports whether s is the zero Stamp (older than every real change).
func (s Stamp) IsZero() bool { return s == Stamp{} }

// Time is the wall-clock part of s.
func (s Stamp) Time() time.Time { return time.UnixMilli(s.Wall).UTC() }

// String renders s as "wall.logical.device", the form used by MarshalText.
func (s Stamp) String() string {
	return strconv.FormatInt(s.Wall, 10) + "." + strconv.FormatUint(uint64(s.Logical), 10) + "." + s.Device
}

// MarshalText encodes s compactly for JSON.
func (s Stamp) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses the form written by MarshalText.
func (s *Stamp) UnmarshalText(b []byte) error {
	parts := strings.SplitN(string(b), ".", 3)
	if len(parts) != 3 {
		return fmt.Errorf("record: bad stamp %q", b)
	}
	w, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return fmt.Errorf("record: bad stamp %q: %w", b, err)
	}
	l, err := strconv.ParseUint(parts[1], 10, 32)
	if err != nil {
		return fmt.Errorf("record: bad stamp %q: %w", b, err)
	}
	*s = Stamp{Wall: w, Logical: uint32(l), Device: parts[2]}
	return nil
}

// Clock issues stamps for one device. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	device string
	last   Stamp
	now    func() time.Time
}

// NewClock returns a clock for device that continues after last (the value
// persisted by the previous run, or the zero Stamp). now is the wall clock;
// nil means time.Now.
func NewClock(device string, last Stamp, now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	last.Device = device
	return &Clock{device: device, last: last, now: now}
}

// Device is the id stamped on this clock's changes.
func (c *Clock) Device() string { return c.device }

// Now returns a stamp above every stamp this clock has issued or observed.
func (c *Clock) Now() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	if wall > c.last.Wall {
		c.last = Stamp{Wall: wall, Device: c.device}
	} else {
		c.last = Stamp{Wall: c.last.Wall, Logical: c.last.Logical + 1, Device: c.device}
	}
	return c.last
}

// Observe moves the clock past a stamp received from another device, so
// that the next local change orders after it.
func (c *Clock) Observe(s Stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.Wall > c.last.Wall || (s.Wall == c.last.Wall && s.Logical > c.last.Logical) {
		c.last = Stamp{Wall: s.Wall, Logical: s.Logical, Device: c.device}
	}
}

// Last is the highest stamp issued or observed, to persist across runs.
func (c *Clock) Last() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
