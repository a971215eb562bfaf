package boltstore

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestGroupCommit runs many concurrent updates, some failing and some
// panicking: each successful one is committed exactly once, each failed
// one leaves nothing and gets its own error, and no call hangs.
func TestGroupCommit(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), FileName), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bucket := []byte("grouptest")
	s.db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bucket); return err })
	boom := errors.New("boom")
	const n = 200
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.update(func(tx *bolt.Tx) error {
				b := tx.Bucket(bucket)
				k := []byte(fmt.Sprintf("k%03d", i))
				if v := b.Get(k); v != nil {
					return fmt.Errorf("k%03d written twice", i)
				}
				if err := b.Put(k, []byte("v")); err != nil {
					return err
				}
				switch i % 10 {
				case 3:
					return boom
				case 7:
					panic("a bug")
				}
				return nil
			})
		}()
	}
	wg.Wait()
	s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		for i := range n {
			has := b.Get([]byte(fmt.Sprintf("k%03d", i))) != nil
			switch i % 10 {
			case 3:
				if !errors.Is(errs[i], boom) || has {
					t.Errorf("call %d: %v, stored %v; want boom, nothing stored", i, errs[i], has)
				}
			case 7:
				if errs[i] == nil || has {
					t.Errorf("call %d (panics): %v, stored %v; want an error, nothing stored", i, errs[i], has)
				}
			default:
				if errs[i] != nil || !has {
					t.Errorf("call %d: %v, stored %v; want it committed", i, errs[i], has)
				}
			}
		}
		return nil
	})
}
