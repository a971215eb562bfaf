package localdb

import (
	"bytes"
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// A packed set is a sorted set of keys (no values) stored in blocks: each
// bbolt entry's key is the first key of its block and its value the
// following keys, each written as the length of the prefix it shares with
// the key before it, then the rest:
//
//	bbolt key = first key
//	value     = (shared | len(rest) | rest)...    (uvarints + bytes)
//
// The index, sort and search buckets hold millions of short keys of which
// neighbours share most bytes ("Tnguyen\x00nguyen van a\x00…"); as bbolt
// entries each would cost a 16-byte page element plus the whole key, and
// pages that random inserts leave a third empty. Packed, a key costs the
// few bytes that differ from its neighbour, and a bulk insert rewrites
// blocks in far fewer pages.
//
// A block is split in two when its value outgrows maxBlock, or, when the
// key that made it outgrow went at its end, the key starts a new block
// (ascending inserts fill blocks instead of leaving them half empty).
// Blocks that deletes empty are removed, small ones are not merged.
type packedSet struct{ b *bolt.Bucket }

// maxBlock is the largest value of a packed block before it is split.
const maxBlock = 1024

// decodeBlock returns the keys of a block, copied.
func decodeBlock(first, v []byte) [][]byte {
	var keys [][]byte
	pc := packedCursor{}
	for k := pc.load(first, v); k != nil; k = pc.next() {
		keys = append(keys, slices.Clone(k))
	}
	return keys
}

// encodeBlock returns the value of a block of sorted keys (keys[0] is its
// bbolt key).
func encodeBlock(keys [][]byte) []byte {
	size := 0
	for _, k := range keys[1:] {
		size += len(k) + 2
	}
	v := make([]byte, 0, size)
	for i := 1; i < len(keys); i++ {
		shared := commonPrefix(keys[i-1], keys[i])
		v = binary.AppendUvarint(v, uint64(shared))
		v = binary.AppendUvarint(v, uint64(len(keys[i])-shared))
		v = append(v, keys[i][shared:]...)
	}
	return v
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// block positions c on the block that holds key if any key of the set
// does: the last block whose first key is <= key. It returns nil when key
// sorts before every block.
func block(c *bolt.Cursor, key []byte) (first, v []byte) {
	k, v := c.Seek(key)
	if k != nil && bytes.Equal(k, key) {
		return k, v
	}
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || bytes.Compare(k, key) > 0 {
		return nil, nil
	}
	return k, v
}

// Has reports whether key is in the set.
func (p packedSet) Has(key []byte) bool {
	first, v := block(p.b.Cursor(), key)
	if first == nil {
		return false
	}
	_, found := slices.BinarySearchFunc(decodeBlock(first, v), key, bytes.Compare)
	return found
}

// Put adds key to the set.
func (p packedSet) Put(key []byte) error {
	c := p.b.Cursor()
	first, v := block(c, key)
	if first == nil {
		// Before every block: key starts the first block, if any.
		k, v := c.First()
		if k == nil {
			return p.b.Put(key, nil)
		}
		keys := append([][]byte{slices.Clone(key)}, decodeBlock(k, v)...)
		if err := p.b.Delete(keys[1]); err != nil {
			return err
		}
		return p.write(keys)
	}
	if bytes.Equal(first, key) {
		return nil
	}
	nv, appended, changed := blockInsert(first, v, key)
	if !changed {
		return nil
	}
	if len(nv) > maxBlock {
		if appended {
			// Keys that arrive in order (index keys end with a
			// time-ordered id) would leave every block half empty if
			// split in the middle: start a new block instead.
			return p.b.Put(slices.Clone(key), nil)
		}
		return p.write(decodeBlock(first, nv))
	}
	return p.b.Put(slices.Clone(first), nv)
}

// Delete removes key from the set.
func (p packedSet) Delete(key []byte) error {
	first, v := block(p.b.Cursor(), key)
	if first == nil {
		return nil
	}
	if bytes.Equal(first, key) {
		keys := decodeBlock(first, v)
		if err := p.b.Delete(keys[0]); err != nil {
			return err
		}
		if len(keys) == 1 {
			return nil
		}
		return p.write(keys[1:])
	}
	nv, changed := blockDelete(first, v, key)
	if !changed {
		return nil
	}
	return p.b.Put(slices.Clone(first), nv)
}

// blockEntry appends the encoding of key after prev.
func blockEntry(b, prev, key []byte) []byte {
	shared := commonPrefix(prev, key)
	b = binary.AppendUvarint(b, uint64(shared))
	b = binary.AppendUvarint(b, uint64(len(key)-shared))
	return append(b, key[shared:]...)
}

// blockFind walks the encoded keys of a block (first < key) to the first
// one >= key. It returns that key (nil if none), the offsets in v where
// its entry starts and ends, and the key before it.
func blockFind(first, v, key []byte) (cur []byte, start, end int, prev []byte) {
	pc := packedCursor{}
	pc.load(first, v)
	prev = slices.Clone(first)
	for {
		start = len(v) - len(pc.v)
		k := pc.next()
		if k == nil {
			return nil, len(v), len(v), prev
		}
		if bytes.Compare(k, key) >= 0 {
			return k, start, len(v) - len(pc.v), prev
		}
		prev = append(prev[:0], k...)
	}
}

// blockInsert returns the value of block first/v with key (> first)
// added, whether key went after every key of the block, and whether it
// was not there already.
func blockInsert(first, v, key []byte) (nv []byte, appended, changed bool) {
	cur, start, end, prev := blockFind(first, v, key)
	if cur != nil && bytes.Equal(cur, key) {
		return v, false, false
	}
	nv = make([]byte, 0, len(v)+len(key)+8)
	nv = append(nv, v[:start]...)
	nv = blockEntry(nv, prev, key)
	if cur != nil {
		nv = blockEntry(nv, key, cur)
	}
	return append(nv, v[end:]...), cur == nil, true
}

// blockDelete returns the value of block first/v without key (> first),
// and whether it was there.
func blockDelete(first, v, key []byte) ([]byte, bool) {
	cur, start, end, prev := blockFind(first, v, key)
	if cur == nil || !bytes.Equal(cur, key) {
		return v, false
	}
	nv := make([]byte, 0, len(v))
	nv = append(nv, v[:start]...)
	// The key after the deleted one is re-encoded against prev.
	pc := packedCursor{}
	pc.load(key, v[end:])
	if next := pc.next(); next != nil {
		nv = blockEntry(nv, prev, next)
		nv = append(nv, pc.v...)
	}
	return nv, true
}

// write stores sorted keys as one block, or several if they outgrow
// maxBlock.
func (p packedSet) write(keys [][]byte) error {
	v := encodeBlock(keys)
	if len(v) <= maxBlock || len(keys) < 4 {
		return p.b.Put(keys[0], v)
	}
	// Split at the middle of the bytes, not of the keys.
	half, i := len(v)/2, 1
	for n := 0; i < len(keys)-1 && n < half; i++ {
		n += len(keys[i]) + 2
	}
	if err := p.write(keys[:i]); err != nil {
		return err
	}
	return p.write(keys[i:])
}

// ForEach calls fn with every key of the set in order. The key is valid
// only during the call.
func (p packedSet) ForEach(fn func(k []byte) error) error {
	pc := p.Cursor()
	for k := pc.First(); k != nil; k = pc.Next() {
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}

// packedCursor walks a packed set in order, decoding one block at a time
// as it goes. The key it returns is valid until its next call.
type packedCursor struct {
	c   *bolt.Cursor
	key []byte // the current key (nil: none), reused
	v   []byte // the rest of the current block
}

func (p packedSet) Cursor() *packedCursor { return &packedCursor{c: p.b.Cursor()} }

// Seek returns the first key >= key, or nil if there is none.
func (pc *packedCursor) Seek(key []byte) []byte {
	if pc.key != nil {
		switch c := bytes.Compare(key, pc.key); {
		case c == 0:
			return pc.key
		case c > 0:
			// Forward within the current block first: a join moves its
			// lists forward a little at a time.
			for pc.next() != nil {
				if bytes.Compare(pc.key, key) >= 0 {
					return pc.key
				}
			}
		}
	}
	first, v := block(pc.c, key)
	if first == nil {
		// key sorts before every block.
		return pc.load(pc.c.First())
	}
	for k := pc.load(first, v); k != nil; k = pc.next() {
		if bytes.Compare(k, key) >= 0 {
			return k
		}
	}
	return pc.load(pc.c.Next())
}

// First returns the first key, or nil for an empty set.
func (pc *packedCursor) First() []byte { return pc.load(pc.c.First()) }

// Next returns the key after the current one, or nil at the end.
func (pc *packedCursor) Next() []byte {
	if k := pc.next(); k != nil {
		return k
	}
	return pc.load(pc.c.Next())
}

func (pc *packedCursor) load(first, v []byte) []byte {
	if first == nil {
		pc.key, pc.v = nil, nil
		return nil
	}
	pc.key, pc.v = append(pc.key[:0], first...), v
	return pc.key
}

// next decodes the next key of the current block (nil at its end; a
// damaged block ends there).
func (pc *packedCursor) next() []byte {
	if len(pc.v) == 0 {
		return nil
	}
	shared, n := binary.Uvarint(pc.v)
	if n <= 0 || shared > uint64(len(pc.key)) {
		pc.v = nil
		return nil
	}
	rest, m := binary.Uvarint(pc.v[n:])
	if m <= 0 || rest > uint64(len(pc.v)-n-m) {
		pc.v = nil
		return nil
	}
	v := pc.v[n+m:]
	pc.key = append(pc.key[:shared], v[:rest]...)
	pc.v = v[rest:]
	return pc.key
}
