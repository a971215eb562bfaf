package localdb

import (
	"encoding/binary"
	"runtime"
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Bulk writes (ApplyPull, Revoke, LoadSnapshot) do not touch the packed
// index, sort and search sets key by key. Each record's keys to add and
// remove are noted in the transaction (pendingKeys) and, before it
// commits, every set's notes are sorted and merged into it in one pass
// (packedSet.apply): each block a note falls into is decoded, merged and
// written once per transaction, instead of once per key. The first pull
// of a 100,000-customer store adds some millions of keys; key by key, each
// one was a seek, a block decode and a block rewrite (profiled
// 2026-11-23: 45% of the CPU of ApplyPull, bbolt seeks most of it).
//
// Nothing reads the packed sets while notes are pending: the bulk writers
// read records, docs entries and the outbox only.

// note is one pending change of a packed set: add key, or remove it.
// Notes are kept in the order they were made; for a key noted more than
// once, the last note is the set's state after them all.
type note struct {
	key string
	seq int32 // the note's place in its list: orders notes of one key
	put bool
}

// bulkKeys holds the pending notes of a transaction, per set bucket.
type bulkKeys struct {
	sets  map[*bolt.Bucket][]note
	order []*bolt.Bucket
}

func newBulkKeys() *bulkKeys { return &bulkKeys{sets: map[*bolt.Bucket][]note{}} }

func (bk *bulkKeys) list(b *bolt.Bucket) []note {
	l, ok := bk.sets[b]
	if !ok {
		bk.order = append(bk.order, b)
	}
	return l
}

// note records the keys of old missing from new (removed) and those of
// new missing from old (added).
func (bk *bulkKeys) note(b *bolt.Bucket, old, new map[string]bool) {
	l := bk.list(b)
	for k := range old {
		if !new[k] {
			l = append(l, note{k, int32(len(l)), false})
		}
	}
	for k := range new {
		if !old[k] {
			l = append(l, note{k, int32(len(l)), true})
		}
	}
	bk.sets[b] = l
}

// add records keys to add (a record that had no keys in this set).
func (bk *bulkKeys) add(b *bolt.Bucket, keys []string) {
	l := bk.list(b)
	for _, k := range keys {
		l = append(l, note{k, int32(len(l)), true})
	}
	bk.sets[b] = l
}

// flush merges every pending note into its set and forgets them.
func (bk *bulkKeys) flush() error {
	for _, b := range bk.order {
		l := bk.sets[b]
		delete(bk.sets, b)
		// Among notes of one key, the last one wins.
		slices.SortFunc(l, func(x, y note) int {
			if c := strings.Compare(x.key, y.key); c != 0 {
				return c
			}
			return int(x.seq - y.seq)
		})
		keys := make([]string, 0, len(l))
		put := make([]bool, 0, len(l))
		for i, n := range l {
			if i+1 < len(l) && l[i+1].key == n.key {
				continue
			}
			keys = append(keys, n.key)
			put = append(put, n.put)
		}
		if err := (packedSet{b}).apply(keys, put); err != nil {
			return err
		}
	}
	bk.order = bk.order[:0]
	return nil
}

// replaceKeys deletes the keys of old missing from new and adds the keys
// of new missing from old: at once, or as notes in a bulk transaction.
func (t *tx) replaceKeys(p packedSet, old, new map[string]bool) error {
	if t.bulk != nil {
		t.bulk.note(p.b, old, new)
		return nil
	}
	return replaceKeys(p, old, new)
}

// apply adds the keys whose put is true and removes the others; keys are
// sorted and distinct. Every block holding or receiving one of them is
// rewritten once, filled up to maxBlock (an empty set is written as full
// blocks in key order, and its bbolt pages filled too).
func (p packedSet) apply(keys []string, put []bool) error {
	if len(keys) == 0 {
		return nil
	}
	c := p.b.Cursor()
	if k, _ := c.First(); k == nil {
		// An empty set (a first sync): full pages, appended in order.
		p.b.FillPercent = 0.95
	}
	for i := 0; i < len(keys); {
		first, v := block(c, []byte(keys[i]))
		if first == nil {
			// Before every block: the first block (if any) takes it.
			first, v = c.First()
		}
		var have [][]byte
		var limit []byte // the next block's first key; nil: none
		if first != nil {
			have = decodeBlock(first, v)
			if nk, _ := c.Next(); nk != nil {
				limit = slices.Clone(nk)
			}
		}
		j := i
		for j < len(keys) && (limit == nil || keys[j] < string(limit)) {
			j++
		}
		merged := mergeKeys(have, keys[i:j], put[i:j])
		if len(have) > 0 {
			if err := p.b.Delete(have[0]); err != nil {
				return err
			}
		}
		if err := p.writeFull(merged); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// mergeKeys merges the sorted keys of a block with sorted notes.
func mergeKeys(have [][]byte, keys []string, put []bool) [][]byte {
	out := make([][]byte, 0, len(have)+len(keys))
	i := 0
	for j, k := range keys {
		for i < len(have) && string(have[i]) < k {
			out = append(out, have[i])
			i++
		}
		if i < len(have) && string(have[i]) == k {
			i++ // present: kept if put, dropped if not
		}
		if put[j] {
			out = append(out, []byte(k))
		}
	}
	return append(out, have[i:]...)
}

// writeFull stores sorted keys as blocks of up to maxBlock bytes each,
// filled in order.
func (p packedSet) writeFull(keys [][]byte) error {
	for len(keys) > 0 {
		size, n := 0, 1
		for ; n < len(keys); n++ {
			shared := commonPrefix(keys[n-1], keys[n])
			rest := len(keys[n]) - shared
			e := uvarintLen(uint64(shared)) + uvarintLen(uint64(rest)) + rest
			if size+e > maxBlock {
				break
			}
			size += e
		}
		if err := p.b.Put(keys[0], encodeBlock(keys[:n])); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

func uvarintLen(v uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], v)
}

// entriesAhead computes, on every core, the index entries the records
// would have as new records (nil for a deleted one): the folding, term
// and phone work of a big page, done before its transaction instead of
// one record at a time inside it. Pages of fewer than minAhead records
// get nil.
func entriesAhead(recs []record.Record) []*entry {
	const minAhead = 256
	if len(recs) < minAhead {
		return nil
	}
	out := make([]*entry, len(recs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (len(recs) + workers - 1) / workers
	for w := 0; w < len(recs); w += chunk {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				r := recs[i]
				if r.IsDeleted() || r.Kind == "" || r.ID == "" {
					continue
				}
				out[i] = makeEntry(app.Kind(r.Kind), r.ID, r)
			}
		}(w, min(w+chunk, len(recs)))
	}
	wg.Wait()
	return out
}
