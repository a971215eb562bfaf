package server

import (
	"net/netip"
	"sync"
	"time"
)

// LoginLimits tune how failed logins are slowed down. Failures are counted
// per user name (whether or not such a user exists, so the answers do not
// reveal which names are real) and per client address (IPv6 addresses per
// /64, the block one machine usually holds). Once a key has Limit failures,
// each further failure locks it for BaseLockout doubled per failure beyond
// the limit, at most MaxLockout; while locked, logins for that user name or
// from that address are refused with protocol.CodeRateLimited before the
// password is looked at (so a locked attempt costs the server no bcrypt).
// A key's count is forgotten after Forget without a failure, and a
// successful login clears its user name's count (not its address's: an
// attacker with one valid account must not be able to reset the count of
// the address they spray from).
//
// The trade-off: anyone can keep a user name locked by failing on purpose,
// at most MaxLockout at a time; the user's other devices keep working
// because their sessions stay valid.
type LoginLimits struct {
	PerUser     int           // failures per user name before locking; 0: 5
	PerAddress  int           // failures per address before locking; 0: 20 (an office behind one NAT)
	BaseLockout time.Duration // first lockout; 0: 10 s
	MaxLockout  time.Duration // longest lockout; 0: 15 min
	Forget      time.Duration // quiet time that clears a count; 0: 1 h (longer than MaxLockout, so waiting out a lockout does not reset the count)
}

func (l LoginLimits) withDefaults() LoginLimits {
	if l.PerUser <= 0 {
		l.PerUser = 5
	}
	if l.PerAddress <= 0 {
		l.PerAddress = 20
	}
	if l.BaseLockout <= 0 {
		l.BaseLockout = 10 * time.Second
	}
	if l.MaxLockout <= 0 {
		l.MaxLockout = 15 * time.Minute
	}
	if l.Forget <= 0 {
		l.Forget = time.Hour
	}
	return l
}

// failures counts failed logins per key. Safe for concurrent use. Its size
// is bounded by pruning keys whose count has been forgotten.
type failures struct {
	limits LoginLimits
	mu     sync.Mutex
	keys   map[string]*failCount
	ops    int
}

type failCount struct {
	n           int
	last        time.Time
	lockedUntil time.Time
}

// pruneEvery is how many recorded failures pass between sweeps of forgotten
// keys; the sweep is linear in the number of keys.
const pruneEvery = 1024

func newFailures(l LoginLimits) *failures {
	return &failures{limits: l.withDefaults(), keys: map[string]*failCount{}}
}

// lockedFor returns how long the first locked key of keys stays locked at
// now, or 0 when none is.
func (f *failures) lockedFor(now time.Time, keys ...string) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		if c := f.keys[k]; c != nil && now.Before(c.lockedUntil) {
			wait = max(wait, c.lockedUntil.Sub(now))
		}
	}
	return wait
}

// fail records a failed login for the user key and the address key.
func (f *failures) fail(now time.Time, userKey, addrKey string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.add(now, userKey, f.limits.PerUser)
	f.add(now, addrKey, f.limits.PerAddress)
	f.ops++
	if f.ops%pruneEvery == 0 {
		for k, c := range f.keys {
			if now.Sub(c.last) > f.limits.Forget && !now.Before(c.lockedUntil) {
				delete(f.keys, k)
			}
		}
	}
}

func (f *failures) add(now time.Time, key string, limit int) {
	c := f.keys[key]
	if c == nil || now.Sub(c.last) > f.limits.Forget {
		c = &failCount{}
		f.keys[key] = c
	}
	c.n++
	c.last = now
	if c.n >= limit {
		lock := f.limits.BaseLockout
		for i := limit; i < c.n && lock < f.limits.MaxLockout; i++ {
			lock *= 2
		}
		lock = min(lock, f.limits.MaxLockout)
		c.lockedUntil = now.Add(lock)
	}
}

// succeed clears the count of key.
func (f *failures) succeed(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.keys, key)
}

// userKey and addrKey keep the two kinds of key apart in one map.
func userKey(login string) string { return "u:" + login }

// addrKey keys an address: IPv4 as is, IPv6 by its /64. remoteAddr is
// http.Request.RemoteAddr ("host:port"); anything unparsable is keyed as
// written.
func addrKey(remoteAddr string) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return "a:" + remoteAddr
	}
	a := ap.Addr().Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return "a:" + p.String()
	}
	return "a:" + a.String()
}
