package localdb

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestPackedSet drives a packed set and a plain sorted slice with the same
// random puts and deletes (enough to split blocks many times and to empty
// some) and compares membership, ForEach and cursor seeks.
func TestPackedSet(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(1, 2))
	key := func() []byte {
		// Shared prefixes of varying length, as posting keys have.
		return fmt.Appendf(nil, "%c%03d\x00%d", 'a'+r.IntN(3), r.IntN(50), r.IntN(400))
	}
	want := map[string]bool{}
	for round := range 20 {
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("p"))
			if err != nil {
				return err
			}
			p := packedSet{b}
			for range 500 {
				k := key()
				if r.IntN(3) == 0 || round > 15 {
					if err := p.Delete(k); err != nil {
						return err
					}
					delete(want, string(k))
				} else {
					if err := p.Put(k); err != nil {
						return err
					}
					want[string(k)] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sorted := sortedKeys(want)
		err = db.View(func(tx *bolt.Tx) error {
			p := packedSet{tx.Bucket([]byte("p"))}
			var got []string
			p.ForEach(func(k []byte) error { got = append(got, string(k)); return nil })
			if !slices.Equal(got, sorted) && !(len(got) == 0 && len(sorted) == 0) {
				return fmt.Errorf("round %d: ForEach gives %d keys, want %d", round, len(got), len(sorted))
			}
			blocks := 0
			p.b.ForEach(func(k, v []byte) error {
				blocks++
				if len(v) > maxBlock {
					return fmt.Errorf("block %q of %d bytes", k, len(v))
				}
				return nil
			})
			if round == 10 && blocks < 10 {
				return fmt.Errorf("%d keys in only %d blocks", len(sorted), blocks)
			}
			c := p.Cursor()
			for range 300 {
				k := key()
				if p.Has(k) != want[string(k)] {
					return fmt.Errorf("Has(%q) = %v", k, !want[string(k)])
				}
				i, _ := slices.BinarySearch(sorted, string(k))
				got := c.Seek(k)
				for j := i; j < min(i+3, len(sorted)); j++ {
					if string(got) != sorted[j] {
						return fmt.Errorf("Seek(%q)+%d = %q, want %q", k, j-i, got, sorted[j])
					}
					got = c.Next()
				}
				if i+3 > len(sorted) && got != nil {
					return fmt.Errorf("Seek(%q): %q past the end", k, got)
				}
			}
			if first := c.First(); len(sorted) > 0 && !bytes.Equal(first, []byte(sorted[0])) {
				return fmt.Errorf("First = %q", first)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzDecodeBlock(f *testing.F) {
	f.Add([]byte("a"), encodeBlock([][]byte{[]byte("a"), []byte("ab"), []byte("b")}))
	f.Fuzz(func(t *testing.T, first, v []byte) {
		keys := decodeBlock(first, v)
		if len(keys) == 0 || !bytes.Equal(keys[0], first) {
			t.Fatalf("decodeBlock lost the first key")
		}
	})
}

// Keys put in ascending order fill their blocks instead of leaving each
// half empty.
func TestPackedSetAscendingFill(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("p"))
		if err != nil {
			return err
		}
		for i := range 5000 {
			if err := (packedSet{b}).Put(fmt.Appendf(nil, "owner\x00agent-01\x00%08d", i)); err != nil {
				return err
			}
		}
		var blocks, bytes int
		b.ForEach(func(k, v []byte) error { blocks++; bytes += len(v); return nil })
		if fill := float64(bytes) / float64(blocks*maxBlock); fill < 0.8 {
			t.Errorf("%d blocks %.0f%% full", blocks, 100*fill)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
