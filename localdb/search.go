package localdb

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
)

// collectMax is how many postings a long prefix may expand to before the
// search switches from collecting and sorting them to walking the sorted
// posting list of the prefix's first gramLen runes and checking each
// document. At 100,000 customers, collecting costs about a microsecond per
// posting; walking costs about limit × (gram postings / matches) document
// checks, small once matches are this many.
var collectMax = 1000

// Search implements service.Store. A query of at least 4 digits written
// with nothing but phone punctuation is also read as a phone number (its
// digits as one prefix), and the results of both readings are merged. An
// empty query (no words) finds nothing; limit <= 0 means no limit.
func (s *Store) Search(kind app.Kind, query string, limit int) ([]string, error) {
	var ids []string
	err := s.view(func(t *tx) error {
		sx, docs := t.sub(bucketSearch, kind), t.sub(bucketDocs, kind)
		if sx == nil || docs == nil {
			return nil
		}
		q := &searcher{sx: sx, docs: docs, limit: limit}
		words := parseQuery(query)
		hits, err := q.run(words)
		if err != nil {
			return err
		}
		if digits, separators, ok := phoneQuery(query); ok && separators {
			more, err := q.run([]qword{{s: digits, prefix: true}})
			if err != nil {
				return err
			}
			hits = mergeHits(hits, more, limit)
		}
		ids, err = q.ids(hits)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("localdb: search %s %q: %w", kind, query, err)
	}
	return ids, nil
}

// hit is a matching document: its posting suffix (sk + 0 + num), which
// orders hits as the results must be ordered.
type hit []byte

func (h hit) num() uint32 { return binary.BigEndian.Uint32(h[len(h)-4:]) }

type searcher struct {
	sx, docs *bolt.Bucket
	limit    int
}

func (q *searcher) full(n int) bool { return q.limit > 0 && n >= q.limit }

// source is what one query word matches: either a posting list sorted by
// (sk, num) (stream) or a collected set of hits (set). check, if not "",
// is a prefix every match must also have as a term (the stream is a
// superset: the gram of a longer prefix).
//
// A merge is a stream too: the union of several posting lists (the grams
// a prefix shorter than gramLen runes begins), merged on the fly.
type source struct {
	prefix []byte // stream: ns + word + 0
	c      *packedCursor
	set    map[uint32]bool
	hits   []hit // set: sorted
	check  string
	merge  []*source // merge: its lists
	heads  []hit     // merge: where each list stands (nil: at its end)
	// word is what a document's terms must hold to be in a stream: this
	// term (exact) or a term beginning with it.
	word  string
	exact bool
}

func (q *searcher) source(w qword) *source {
	if !w.prefix {
		if shortTerm(w.s) {
			s := q.stream(nsGram, w.s, "")
			s.exact = true // the G list of a short term is its T list
			return s
		}
		return q.stream(nsTerm, w.s, "")
	}
	switch n := utf8.RuneCountInString(w.s); {
	case n == gramLen:
		return q.stream(nsGram, w.s, "")
	case n < gramLen:
		return q.merged(w.s)
	}
	// A longer prefix: expand it over the whole terms it begins.
	prefix := append([]byte{nsTerm}, w.s...)
	set := map[uint32]bool{}
	var hits []hit
	c := packedSet{q.sx}.Cursor()
	for k := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k = c.Next() {
		i := bytes.IndexByte(k[len(prefix):], 0)
		if i < 0 || len(k) < 5 {
			continue
		}
		h := hit(k[len(prefix)+i+1:])
		if n := h.num(); !set[n] {
			h = slices.Clone(h)
			if len(set) == collectMax {
				return q.stream(nsGram, firstRunes(w.s, gramLen), w.s)
			}
			set[n] = true
			hits = append(hits, h)
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return bytes.Compare(a, b) })
	return &source{set: set, hits: hits}
}

func firstRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func (q *searcher) stream(ns byte, w, check string) *source {
	s := &source{prefix: postingPrefix(ns, w), c: packedSet{q.sx}.Cursor(), check: check, word: w, exact: ns == nsTerm}
	if check != "" {
		s.word = check
	}
	return s
}

// merged returns the union of the gram lists of every gram beginning with
// p (p itself included, if some term is that short).
func (q *searcher) merged(p string) *source {
	// merge is non-nil even when no gram begins with p, so that the
	// source is a merge of nothing (no hits), never a stream without a
	// cursor.
	m := &source{word: p, merge: []*source{}}
	start := append([]byte{nsGram}, p...)
	c := packedSet{q.sx}.Cursor()
	for k := c.Seek(start); k != nil && bytes.HasPrefix(k, start); {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			break
		}
		m.merge = append(m.merge, q.stream(nsGram, string(k[1:i]), ""))
		// Skip to the next gram: gram + 1 sorts after gram + 0 + anything.
		next := append(slices.Clip(k[:i]), 1)
		k = c.Seek(next)
	}
	m.heads = make([]hit, len(m.merge))
	return m
}

// least returns the smallest head of a merge (nil: all at their end).
func (s *source) least() hit {
	var min hit
	for _, h := range s.heads {
		if h != nil && (min == nil || bytes.Compare(h, min) < 0) {
			min = h
		}
	}
	return min
}

// seek positions a stream at the first hit >= h (nil: the first hit) and
// returns it, or nil at the end of the list.
func (s *source) seek(h hit) hit {
	if s.merge != nil {
		for i, sub := range s.merge {
			if s.heads[i] == nil || bytes.Compare(s.heads[i], h) < 0 || h == nil {
				s.heads[i] = sub.seek(h)
			}
		}
		return s.least()
	}
	return s.at(s.c.Seek(append(slices.Clip(s.prefix), h...)))
}

func (s *source) next() hit {
	if s.merge != nil {
		// Step every list standing on the current hit (a document is in
		// several lists when several of its terms begin with the prefix).
		cur := slices.Clone(s.least()) // heads change as lists move
		if cur == nil {
			return nil
		}
		for i, sub := range s.merge {
			if s.heads[i] != nil && bytes.Equal(s.heads[i], cur) {
				s.heads[i] = sub.next()
			}
		}
		return s.least()
	}
	return s.at(s.c.Next())
}

func (s *source) at(k []byte) hit {
	if k == nil || !bytes.HasPrefix(k, s.prefix) {
		return nil
	}
	return hit(k[len(s.prefix):])
}

// ok reports whether document h passes the source's extra check.
func (q *searcher) ok(s *source, h hit) bool {
	if s.check == "" {
		return true
	}
	v := q.docs.Get(numKey(h.num()))
	return v != nil && entryHasPrefix(v, s.check, false)
}

// run returns the hits matching every word, in order, at most limit.
func (q *searcher) run(words []qword) ([]hit, error) {
	if len(words) == 0 {
		return nil, nil
	}
	srcs := make([]*source, len(words))
	var driver *source
	for i, w := range words {
		srcs[i] = q.source(w)
		if srcs[i].set != nil && (driver == nil || len(srcs[i].hits) < len(driver.hits)) {
			driver = srcs[i]
		}
	}
	var out []hit
	if driver != nil {
		// Check the driver's few hits, in order, against the other words:
		// against a stream by the terms of the document's entry, one read
		// instead of a seek in every list.
	next:
		for _, h := range driver.hits {
			var entry []byte
			for _, s := range srcs {
				switch {
				case s == driver:
				case s.set != nil:
					if !s.set[h.num()] {
						continue next
					}
				default:
					if entry == nil {
						if entry = q.docs.Get(numKey(h.num())); entry == nil {
							continue next
						}
					}
					if !entryHasPrefix(entry, s.word, s.exact) {
						continue next
					}
				}
			}
			out = append(out, h)
			if q.full(len(out)) {
				break
			}
		}
		return out, nil
	}
	// Leapfrog join of the sorted posting lists: move every list to the
	// highest hit any of them stands on until they agree.
	cur := make([]hit, len(srcs))
	for i, s := range srcs {
		if cur[i] = s.seek(nil); cur[i] == nil {
			return nil, nil
		}
	}
	for {
		max := cur[0]
		for _, h := range cur[1:] {
			if bytes.Compare(h, max) > 0 {
				max = h
			}
		}
		agree := true
		for i, s := range srcs {
			if bytes.Compare(cur[i], max) < 0 {
				if cur[i] = s.seek(max); cur[i] == nil {
					return out, nil
				}
				if !bytes.Equal(cur[i], max) {
					agree = false
				}
			}
		}
		if !agree {
			continue
		}
		good := true
		for _, s := range srcs {
			good = good && q.ok(s, max)
		}
		if good {
			out = append(out, slices.Clone(max))
			if q.full(len(out)) {
				return out, nil
			}
		}
		if cur[0] = srcs[0].next(); cur[0] == nil {
			return out, nil
		}
	}
}

// mergeHits merges two sorted hit lists, dropping duplicates, capped at
// limit.
func mergeHits(a, b []hit, limit int) []hit {
	out := make([]hit, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		var h hit
		switch {
		case len(b) == 0 || (len(a) > 0 && bytes.Compare(a[0], b[0]) < 0):
			h, a = a[0], a[1:]
		case len(a) == 0 || bytes.Compare(a[0], b[0]) > 0:
			h, b = b[0], b[1:]
		default:
			h, a, b = a[0], a[1:], b[1:]
		}
		out = append(out, h)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}

// ids turns hits into record ids, ordered by the full sort key then id
// (postings carry only a cut sort key).
func (q *searcher) ids(hits []hit) ([]string, error) {
	type res struct{ sortkey, id string }
	rs := make([]res, 0, len(hits))
	for _, h := range hits {
		v := q.docs.Get(numKey(h.num()))
		if v == nil {
			return nil, fmt.Errorf("posting of missing document %d", h.num())
		}
		d := decoder{b: v}
		id, sk := d.string(), d.string()
		if d.err != nil {
			return nil, fmt.Errorf("document %d: %w", h.num(), d.err)
		}
		rs = append(rs, res{sk, id})
	}
	slices.SortFunc(rs, func(a, b res) int {
		if c := strings.Compare(a.sortkey, b.sortkey); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.id
	}
	return ids, nil
}
