// Package demo fills a store with a realistic, deterministic data set for
// trying TourDesk out, for demonstrations and for benchmarks: Vietnamese
// (about 70%), Russian (15%) and Chinese (15%) customers with the names,
// provinces and cities, phone prefixes, passports, birthdays, tags and
// channels a sales manager in a Vietnamese agency sees every day; and
// around them the agency "Sen Vàng Travel": three offices (Hà Nội, TP. Hồ
// Chí Minh, Đà Nẵng) with their managers, agents, accountants, operators
// and guides; partners (hotels, restaurants, coaches, airlines,
// attractions); 20 tours with day-by-day programs priced in VND or USD
// (domestic, outbound, and inbound for the Russian and Chinese markets);
// departures from half a year before Options.Now to half a year after;
// and bookings in every status with their travelers and their deposit,
// balance and refund payments.
//
// The same Options (Seed, Now, Customers) always produce the same records
// with the same ids, so a bug report can say "demo --seed 7" and be
// reproduced.
//
// Customer 0 is always "Nguyễn Văn An", phone +84901234567
// (0901 234 567), email nguyenvanan@example.vn, in Hà Nội: a customer
// every demonstration and test can find by phone.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// SamplePhone is the phone of customer 0, in E.164.
const SamplePhone = "+84901234567"

// Updater runs a function in one read-write transaction; service.Store
// implements it.
type Updater interface {
	Update(fn func(service.Tx) error) error
}

// Options control the generated data set.
type Options struct {
	// Customers is the number of customers (default 1000).
	Customers int
	// Seed picks the data set; the same seed gives the same data.
	Seed int64
	// Now is "today" for the data set: birthdays, departures, bookings and
	// payments are placed around it. The zero time means 2026-11-23
	// 09:00 UTC, so that the default data set never changes.
	Now time.Time
	// BatchSize is the number of customers (with everything hanging off
	// them) written per transaction (default 1000).
	BatchSize int
}

// Summary counts the records written, by kind.
type Summary struct {
	Counts map[app.Kind]int `json:"counts"`
	// SamplePhone is the phone of customer 0 (see the package comment).
	SamplePhone string `json:"sample_phone"`
}

// Total is the number of records written.
func (s Summary) Total() int {
	n := 0
	for _, c := range s.Counts {
		n += c
	}
	return n
}

// DefaultNow is the "today" of the default data set.
var DefaultNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// Generate writes the data set into store in transactions of
// opts.BatchSize customers, calling progress (if not nil) after each with
// the number of customers written so far and the total. It stops at the
// first error; what earlier transactions wrote stays.
func Generate(store Updater, opts Options, progress func(done, total int)) (Summary, error) {
	if opts.Customers < 0 {
		return Summary{}, fmt.Errorf("demo: %d customers: %w", opts.Customers, app.ErrInvalid)
	}
	if opts.Customers == 0 {
		opts.Customers = 1000
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	if opts.Now.IsZero() {
		opts.Now = DefaultNow
	}
	g := newGen(opts)
	sum := Summary{Counts: map[app.Kind]int{}, SamplePhone: SamplePhone}
	if err := store.Update(func(tx service.Tx) error { return g.setup(tx) }); err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	for done := 0; done < opts.Customers; {
		n := min(opts.BatchSize, opts.Customers-done)
		err := store.Update(func(tx service.Tx) error {
			for i := done; i < done+n; i++ {
				if err := g.customer(tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return g.summary(sum), fmt.Errorf("demo: customers %d–%d: %w", done, done+n-1, err)
		}
		g.commit()
		done += n
		if progress != nil {
			progress(done, opts.Customers)
		}
	}
	if err := store.Update(g.guideToday); err != nil {
		return g.summary(sum), fmt.Errorf("demo: %w", err)
	}
	return g.summary(sum), nil
}

// guideToday gives the first guide (long.phan) the fullest departure
// under way, so that a guide's laptop on demo data has a group to check
// in (tourdesk -role guide -user long.phan; make screenshots).
func (g *gen) guideToday(tx service.Tx) error {
	if len(g.guides) == 0 {
		return nil
	}
	var best *depInfo
	for _, t := range g.tours {
		for _, d := range t.running(g.today) {
			if d.d.Status == app.DepartureRunning && (best == nil || d.taken > best.taken) {
				best = d
			}
		}
	}
	if best == nil {
		return nil
	}
	best.d.GuideIDs = []string{g.guides[0]}
	if _, err := service.StoreEntity(tx, best.id, best.d); err != nil {
		return fmt.Errorf("departure %s: %w", best.id, err)
	}
	return nil
}

// gen holds the state of one generation run. Everything random comes from
// rng, and nothing iterates a map, so a run is a pure function of Options.
type gen struct {
	opts   Options
	rng    *rand.Rand
	now    time.Time
	today  app.Date
	idTime int64 // milliseconds of the next id
	phones map[string]bool
	emails map[string]bool
	docs   map[string]bool

	// counts of committed records, and of the open transaction.
	counts, pending map[app.Kind]int

	offices     []string // office ids
	agents      []string // user ids of agents and managers (owners)
	agentOf     []int    // office index of each agent
	guides      []string
	accountants []string
	tours       []*tourInfo
	bookingSeq  map[int]int // last booking number per year
	receiptSeq  int
}

func newGen(opts Options) *gen {
	g := &gen{
		opts:       opts,
		rng:        rand.New(rand.NewPCG(uint64(opts.Seed), 0x70d0d35c)),
		now:        opts.Now,
		today:      app.DateOf(opts.Now),
		phones:     map[string]bool{},
		emails:     map[string]bool{},
		docs:       map[string]bool{},
		counts:     map[app.Kind]int{},
		pending:    map[app.Kind]int{},
		bookingSeq: map[int]int{},
	}
	// Ids are time-ordered like record.NewID's, starting two years before
	// Now, one millisecond apart.
	g.idTime = opts.Now.AddDate(-2, 0, 0).UnixMilli()
	return g
}

// id returns a UUIDv7 drawn from the generator: time-ordered and
// reproducible.
func (g *gen) id() string {
	ms := g.idTime
	g.idTime++
	var b [16]byte
	for i := 0; i < 6; i++ {
		b[i] = byte(ms >> (40 - 8*i))
	}
	hi, lo := g.rng.Uint64(), g.rng.Uint64()
	for i := 6; i < 16; i++ {
		if i < 8 {
			b[i] = byte(hi >> (8 * (i - 6)))
		} else {
			b[i] = byte(lo >> (8 * (i - 8)))
		}
	}
	b[6] = b[6]&0x0f | 0x70 // version 7
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (g *gen) save(tx service.Tx, id string, e app.Entity) error {
	if _, err := service.StoreEntity(tx, id, e); err != nil {
		return fmt.Errorf("%s %s: %w", e.Kind(), id, err)
	}
	g.pending[e.Kind()]++
	return nil
}

// commit moves the open transaction's counts to the committed ones.
func (g *gen) commit() {
	for k, n := range g.pending {
		g.counts[k] += n
	}
	clear(g.pending)
}

func (g *gen) summary(s Summary) Summary {
	for k, n := range g.counts {
		s.Counts[k] = n
	}
	return s
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func pickOne[T any](g *gen, list []T) T { return list[g.rng.IntN(len(list))] }

func (g *gen) digits(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + g.rng.IntN(10)))
	}
	return b.String()
}

// unique draws values from draw until one is not yet in seen. Every
// caller draws from a space far larger than any data set; running out
// is a bug, and a panic says so instead of looping for ever.
func unique(seen map[string]bool, draw func() string) string {
	for range 10_000 {
		v := draw()
		if !seen[v] {
			seen[v] = true
			return v
		}
	}
	panic("demo: no unused value left after 10,000 draws, e.g. " + draw())
}

// between returns a date uniformly between from and to (inclusive).
func (g *gen) between(from, to app.Date) app.Date {
	days := int(to.Time().Sub(from.Time()).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDays(g.rng.IntN(days + 1))
}

// birthday of an adult between 18 and 75, most between 25 and 55.
func (g *gen) birthday() app.Date {
	age := 25 + g.rng.IntN(31)
	if g.chance(0.25) {
		age = 18 + g.rng.IntN(58)
	}
	end := g.today.AddDays(-365 * age)
	return g.between(end.AddDays(-364), end)
}

func latin(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := latinFold[r]; ok {
			r = f
		}
		if t, ok := cyrillicLatin[unicodeLower(r)]; ok {
			b.WriteString(t)
			continue
		}
		if p, ok := pinyin[r]; ok {
			b.WriteString(p)
			continue
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func unicodeLower(r rune) rune {
	if r >= 'А' && r <= 'Я' {
		return r + ('а' - 'А')
	}
	if r == 'Ё' {
		return 'ё'
	}
	return r
}
