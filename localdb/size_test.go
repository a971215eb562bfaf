package localdb

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// bucketSize is what one bucket (its nested buckets included) holds and
// what bbolt allocated for it.
type bucketSize struct {
	name      string
	keys      int
	kvBytes   int   // sum of key and value lengths
	allocated int64 // bytes of the pages bbolt allocated (branch + leaf)
	inuse     int64 // bytes of those pages in use
}

// bucketSizes walks every top-level bucket of s and its nested buckets.
func bucketSizes(s *Store) ([]bucketSize, error) {
	var out []bucketSize
	err := s.db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
			bs := bucketSize{name: string(name)}
			var walk func(b *bolt.Bucket) error
			walk = func(b *bolt.Bucket) error {
				return b.ForEach(func(k, v []byte) error {
					if v == nil {
						if sub := b.Bucket(k); sub != nil {
							return walk(sub)
						}
					}
					bs.keys++
					bs.kvBytes += len(k) + len(v)
					return nil
				})
			}
			if err := walk(b); err != nil {
				return err
			}
			st := b.Stats()
			bs.allocated = int64(st.BranchAlloc + st.LeafAlloc)
			bs.inuse = int64(st.BranchInuse + st.LeafInuse)
			out = append(out, bs)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].allocated > out[j].allocated })
	return out, err
}

func formatSizes(sizes []bucketSize, file int64) string {
	var b strings.Builder
	const mb = 1 << 20
	fmt.Fprintf(&b, "%-10s %10s %10s %10s %10s %6s\n", "bucket", "keys", "k+v MB", "pages MB", "in use MB", "fill")
	var keys, kv int
	var alloc, inuse int64
	for _, s := range sizes {
		fill := 0.0
		if s.allocated > 0 {
			fill = float64(s.inuse) / float64(s.allocated)
		}
		fmt.Fprintf(&b, "%-10s %10d %10.1f %10.1f %10.1f %5.0f%%\n", s.name, s.keys, float64(s.kvBytes)/mb, float64(s.allocated)/mb, float64(s.inuse)/mb, 100*fill)
		keys += s.keys
		kv += s.kvBytes
		alloc += s.allocated
		inuse += s.inuse
	}
	fmt.Fprintf(&b, "%-10s %10d %10.1f %10.1f %10.1f\n", "total", keys, float64(kv)/mb, float64(alloc)/mb, float64(inuse)/mb)
	fmt.Fprintf(&b, "file %.1f MB\n", float64(file)/mb)
	return b.String()
}

// BenchmarkFileSize builds the 100,000-customer fixture and reports the
// data file's size and, logged, the keys, key+value bytes and allocated
// pages of every bucket.
func BenchmarkFileSize(b *testing.B) {
	path := fixture(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	sizes, err := bucketSizes(s)
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
	}
	b.Logf("\n%s", formatSizes(sizes, st.Size()))
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
}

func TestBucketSizes(t *testing.T) {
	s := openTest(t)
	addCustomer(t, s, newGenerator(3).customer())
	sizes, err := bucketSizes(s)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, bs := range sizes {
		got[bs.name] = bs.keys
	}
	if got["records"] != 1 || got["outbox"] != 1 || got["search"] == 0 {
		t.Errorf("bucket keys = %v", got)
	}
}
