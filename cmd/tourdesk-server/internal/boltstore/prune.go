package boltstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/tourdesk/tourdesk/sync/server"
)

var _ server.PruneTx = recTx{}

var metaHorizon = []byte("horizon")

// Horizon implements server.PruneTx.
func (t recTx) Horizon() (uint64, error) {
	v := t.tx.Bucket(bucketMeta).Get(metaHorizon)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("boltstore: horizon is %d bytes long", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// SetHorizon implements server.PruneTx.
func (t recTx) SetHorizon(seq uint64) error {
	if err := t.writable(); err != nil {
		return err
	}
	return t.tx.Bucket(bucketMeta).Put(metaHorizon, u64(seq))
}

// DeviceCursors implements server.PruneTx.
func (t recTx) DeviceCursors() (map[string]server.DeviceCursor, error) {
	out := map[string]server.DeviceCursor{}
	err := t.tx.Bucket(bucketCursors).ForEach(func(k, v []byte) error {
		var c server.DeviceCursor
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("boltstore: cursor of device %q: %w", k, err)
		}
		out[string(k)] = c
		return nil
	})
	return out, err
}

// SetDeviceCursor implements server.PruneTx.
func (t recTx) SetDeviceCursor(device string, c server.DeviceCursor) error {
	if err := t.writable(); err != nil {
		return err
	}
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return t.tx.Bucket(bucketCursors).Put([]byte(device), v)
}

// DeleteDeviceCursor implements server.PruneTx.
func (t recTx) DeleteDeviceCursor(device string) error {
	if err := t.writable(); err != nil {
		return err
	}
	return t.tx.Bucket(bucketCursors).Delete([]byte(device))
}

// DeleteVisibilityChanges implements server.PruneTx: for each user's range
// of keys (user + 0 + seq…), it deletes from the start up to upto.
func (t recTx) DeleteVisibilityChanges(upto uint64) (int, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	n := 0
	c := t.tx.Bucket(bucketVisibility).Cursor()
	k, _ := c.First()
	for k != nil {
		user, _, ok := bytes.Cut(k, []byte{0})
		prefix := append(bytes.Clone(user), 0)
		if !ok || len(k) < len(prefix)+8 {
			return n, fmt.Errorf("boltstore: bad visibility key %q", k)
		}
		for k != nil && bytes.HasPrefix(k, prefix) && binary.BigEndian.Uint64(k[len(prefix):]) <= upto {
			if err := c.Delete(); err != nil {
				return n, err
			}
			n++
			k, _ = c.Seek(prefix)
		}
		if k == nil || !bytes.HasPrefix(k, prefix) {
			continue
		}
		// The user's first entry above upto: on to the next user.
		k, _ = c.Seek(append(prefix[:len(prefix)-1:len(prefix)-1], 1))
	}
	return n, nil
}

var metaPruneMarks = []byte("prune_marks")

// PruneMarks implements server.PruneTx.
func (t recTx) PruneMarks() ([]server.PruneMark, error) {
	v := t.tx.Bucket(bucketMeta).Get(metaPruneMarks)
	if v == nil {
		return nil, nil
	}
	var m []server.PruneMark
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, fmt.Errorf("boltstore: prune marks: %w", err)
	}
	return m, nil
}

// SetPruneMarks implements server.PruneTx.
func (t recTx) SetPruneMarks(m []server.PruneMark) error {
	if err := t.writable(); err != nil {
		return err
	}
	v, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return t.tx.Bucket(bucketMeta).Put(metaPruneMarks, v)
}
