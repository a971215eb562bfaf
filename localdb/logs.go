package localdb

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The conflict log and the rejected log are append-only buckets of JSON
// entries keyed by the bucket's own sequence (u64), oldest first.

// appendLog numbers e with the bucket's next sequence (through setSeq),
// stores it and returns it numbered.
func appendLog[T any](b *bolt.Bucket, e T, setSeq func(*T, uint64)) (T, error) {
	seq, err := b.NextSequence()
	if err != nil {
		return e, err
	}
	setSeq(&e, seq)
	v, err := json.Marshal(e)
	if err != nil {
		return e, err
	}
	return e, b.Put(u64(seq), v)
}

// readLog decodes every entry of a log bucket, oldest first; what names
// the log in errors.
func readLog[T any](b *bolt.Bucket, what string) ([]T, error) {
	var out []T
	err := b.ForEach(func(k, v []byte) error {
		var e T
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("localdb: %s %d: %w", what, getU64(k), err)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}
