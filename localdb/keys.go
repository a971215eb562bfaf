package localdb

// This file holds every bucket name, key layout and the schema version of
// the data file, and the ordered list of migrations, so that the on-disk
// format can be read in one place (like perkeep's pkg/index/keys.go).
//
// Top-level buckets and their keys ("+" concatenates, num is a record's
// 4-byte big-endian document number, unique within its kind, issued by the
// NextSequence of docs/<kind> the first time the record is written):
//
//	meta            name → value (see the meta* keys below)
//	records/<kind>  id → num + encoded fields (codec.go: a device table, a
//	                stamp table, then name, value and stamp index per field)
//	docs/<kind>     num → encoded entry: id, sort key and the search terms
//	                the record is indexed under (codec.go), so that an edit
//	                removes exactly the postings it added
//	index/<kind>    packed set of  field + 0 + value + 0 + num  (Lookup
//	                reads the ids from docs and sorts them)
//	sort/<kind>     packed set of  sortkey + 0 + id
//	search/<kind>   packed set of  'T' + term + 0 + sk + 0 + num  (whole terms
//	                of 3 runes or more, or ideographs: a shorter one is
//	                its own gram, its T list would be its G list)
//	                          and  'G' + gram + 0 + sk + 0 + num  (gram: a
//	                term's first gramLen runes, or the whole term if shorter)
//	outbox          deviceSeq (8 bytes BE) → encoded outbox entry: the
//	                change's stamp, kind and id, plus the values it set
//	                that a later write overwrote before the ack (codec.go)
//	conflicts       seq (8 bytes BE) → JSON Conflict
//	rejected        seq (8 bytes BE) → JSON Rejected (schema 2): local
//	                changes the server refused, with their values and
//	                reason (rejected.go)
//
// A packed set (packed.go) stores sorted keys in blocks of up to maxBlock
// bytes: the bbolt key is the block's first key, the value the following
// keys front-coded (shared prefix length, rest). Index, sort and search
// keys are short and share long prefixes with their neighbours, so packed
// they cost a few bytes each instead of a 16-byte bbolt page element plus
// the whole key.
//
// sortkey is the folded value of the kind's sort field cut to maxSortKey
// bytes; sk is the same cut to maxPostingSortKey bytes. Neither holds a 0
// byte (folding drops control characters), so 0 separates the parts and
// keys order by (term, sk, num).
//
// Schema version 1 is this layout. The layout changed before any release
// (2026-11: codec version 2, packed sets, outbox entries naming their
// change, 3-rune grams only) without a version bump: no data file of the
// earlier layout exists outside development machines, where records of it
// fail to decode with "unknown encoding 1".
//
// Schema version 2 (2026-11) adds the rejected bucket: a server refusal
// leaves the outbox for it instead of blocking the changes after it.

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Top-level bucket names.
var (
	bucketMeta      = []byte("meta")
	bucketRecords   = []byte("records")
	bucketDocs      = []byte("docs")
	bucketIndex     = []byte("index")
	bucketSort      = []byte("sort")
	bucketSearch    = []byte("search")
	bucketOutbox    = []byte("outbox")
	bucketConflicts = []byte("conflicts")
	bucketRejected  = []byte("rejected")
)

// Keys of the meta bucket.
var (
	metaSchema = []byte("schema") // uint64: the schema version
	metaDevice = []byte("device") // string: this store's device id (UUID)
	metaClock  = []byte("clock")  // record.Stamp text: the clock's last stamp
	metaSeq    = []byte("seq")    // uint64: the last deviceSeq issued
	metaCursor = []byte("cursor") // string: the sync cursor (opaque)
	metaAcked  = []byte("acked")  // record.Stamp text: newest acknowledged local change
)

// metaCountKey holds the number of live records of kind (uint64).
func metaCountKey(kind string) []byte { return []byte("count/" + kind) }

// Search key namespaces.
const (
	nsTerm = 'T'
	nsGram = 'G'
)

// Limits of the key layout.
const (
	// gramLen is the longest term prefix indexed as a gram: a query word
	// of up to gramLen runes is answered from one sorted posting list.
	gramLen = 3
	// maxSortKey cuts the sort index's key; ties beyond it order by id.
	maxSortKey = 128
	// maxPostingSortKey cuts the sort key inside search postings; results
	// are re-sorted by the full sort key before they are returned.
	maxPostingSortKey = 16
	// maxIndexValue: longer values are not kept in secondary indexes
	// (Lookup of such a value finds nothing).
	maxIndexValue = 512
	// maxTerm: longer words are not indexed for search.
	maxTerm = 64
)

// schemaVersion is the version a store has after every migration ran.
func schemaVersion() uint64 { return migrations[len(migrations)-1].version }

// A migration moves the data file from version-1 to version. It runs in
// the single transaction that opens the store, with every earlier
// migration; an error rolls them all back and Open fails.
type migration struct {
	version uint64
	name    string
	run     func(tx *bolt.Tx) error
}

// migrations in order; only ever append. Versions are consecutive from 1.
var migrations = []migration{
	{1, "create buckets", func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketRecords, bucketDocs, bucketIndex, bucketSort, bucketSearch, bucketOutbox, bucketConflicts} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	}},
	{2, "rejected log", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketRejected)
		return err
	}},
}

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func numKey(n uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], n)
	return b[:]
}

// indexKey is field + 0 + value + 0 + num.
func indexKey(field, value string, num uint32) []byte {
	return binary.BigEndian.AppendUint32(indexKeyPrefix(field, value), num)
}

// indexKeyPrefix is field + 0 + value + 0: the prefix of the keys of the
// documents holding value in field.
func indexKeyPrefix(field, value string) []byte {
	k := make([]byte, 0, len(field)+len(value)+6)
	k = append(k, field...)
	k = append(k, 0)
	k = append(k, value...)
	return append(k, 0)
}

// sortIndexKey is sortkey + 0 + id.
func sortIndexKey(sortkey, id string) []byte {
	k := make([]byte, 0, len(sortkey)+len(id)+1)
	k = append(k, sortkey...)
	k = append(k, 0)
	return append(k, id...)
}

// postingKey is ns + word + 0 + sk + 0 + num.
func postingKey(ns byte, word, sk string, num uint32) []byte {
	k := make([]byte, 0, len(word)+len(sk)+7)
	k = append(k, ns)
	k = append(k, word...)
	k = append(k, 0)
	k = append(k, sk...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint32(k, num)
}

// postingPrefix is ns + word + 0: the prefix of word's posting list.
func postingPrefix(ns byte, word string) []byte {
	k := make([]byte, 0, len(word)+2)
	k = append(k, ns)
	k = append(k, word...)
	return append(k, 0)
}

// postingSK cuts a sort key for use inside postings.
func postingSK(sortkey string) string {
	if len(sortkey) > maxPostingSortKey {
		return sortkey[:maxPostingSortKey]
	}
	return sortkey
}
