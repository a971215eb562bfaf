package localdb

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Snapshot is everything the server says this store's user may read, as
// one stream: the first sync of a new device, or a re-sync of one that
// was offline longer than the server keeps tombstones.
type Snapshot struct {
	// Next returns the snapshot's records one at a time, each whole (every
	// field the user may read), and io.EOF after the last one. Any other
	// error stops the load (what was written stays, but the cursor is not
	// saved, so the next sync loads a snapshot again).
	Next func() (record.Record, error)
	// Cursor is the server's cursor as of the snapshot: saved, with the
	// removal of the records the snapshot lacks, in the load's last
	// transaction.
	Cursor string
	// ClockLimit: as Pulled.ClockLimit.
	ClockLimit time.Time
}

// SnapshotResult is what LoadSnapshot did.
type SnapshotResult struct {
	// Records counts the records read from the snapshot, Applied those
	// that changed something here.
	Records, Applied int
	// Removed counts the records the store held that the snapshot lacks.
	Removed int
	// Kept lists those it kept because a local change of theirs is still
	// in the outbox (the next push sends it; the server answers it).
	Kept []Ref
	// Conflicts are the unsynced local values a snapshot value beat.
	Conflicts []Conflict
	// Unsynced says the load ran without fsync (see LoadSnapshot).
	Unsynced bool
}

// snapshotChunk is how many records of a snapshot one transaction
// writes: big enough that each index block is rewritten a few times
// only (bulk.go), small enough to keep a transaction's memory to tens of
// megabytes.
const snapshotChunk = 20_000

// LoadSnapshot replaces the store's records by the snapshot's. Each record
// of the snapshot replaces the local copy as a Pulled.Whole record does
// (fields holding unsynced local changes are merged, and a local value a
// newer snapshot value beats goes to the conflict log); records the store
// holds that the snapshot lacks are removed (the user may no longer read
// them, or they were deleted long ago), except those with a change still
// in the outbox (SnapshotResult.Kept). The outbox, the conflict and
// rejected logs, the device id, its sequence and clock are kept: nothing
// the user typed is lost.
//
// Records are written in transactions of snapshotChunk, reading and
// indexing the next chunk (on other cores) while one is written; the
// removals and the cursor are one last transaction. The cursor is saved
// only if the whole snapshot was read: after a failure the next sync
// loads a snapshot again, which replaces what this one wrote.
//
// A store that holds nothing a user typed (empty outbox, conflict and
// rejected logs) is filled without fsync at each commit, then synced
// once before the last transaction, which is committed with fsync: a
// power cut during the fill can damage only a file that held nothing of
// the user's, which the next sync fills again. If a change is typed while
// the load runs, the next chunk's commit has fsync again (flushing all
// before it), and so have the rest.
func (s *Store) LoadSnapshot(snap Snapshot) (res SnapshotResult, err error) {
	var quiet, empty bool
	err = s.view(func(t *tx) error {
		quiet = bucketEmpty(t.btx, bucketOutbox) && bucketEmpty(t.btx, bucketConflicts) && bucketEmpty(t.btx, bucketRejected)
		empty = true
		return t.btx.Bucket(bucketRecords).ForEachBucket(func(k []byte) error {
			if !bucketEmpty(t.btx.Bucket(bucketRecords), k) {
				empty = false
			}
			return nil
		})
	})
	if err != nil {
		return res, fmt.Errorf("localdb: load snapshot: %w", err)
	}
	noSync := false
	defer func() {
		if noSync {
			// An error left fsync off: put it back (under the write lock).
			s.db.Update(func(*bolt.Tx) error { s.db.NoSync = false; return nil })
		}
	}()
	// seen holds the refs of the snapshot, to remove the others: not
	// needed when the store held no records.
	var seen map[Ref]bool
	if !empty {
		seen = map[Ref]bool{}
	}
	all := func(Ref) bool { return true }
	chunks, stop := readChunks(snap.Next)
	defer stop()
	for c := range chunks {
		if c.err != nil {
			return res, fmt.Errorf("localdb: load snapshot: %w", c.err)
		}
		err := s.update(func(t *tx) error {
			if quiet && !noSync {
				s.db.NoSync, noSync = true, true
			}
			if noSync && !bucketEmpty(t.btx, bucketOutbox) {
				// The user typed something while the load ran: fsync
				// from now on (this commit flushes what came before).
				s.db.NoSync, noSync, quiet = false, false, false
			}
			t.bulk = newBulkKeys()
			applied, conflicts, err := t.applyPulled(c.recs, all, snap.ClockLimit, c.ahead)
			res.Applied += applied
			res.Conflicts = append(res.Conflicts, conflicts...)
			return err
		})
		if err != nil {
			return res, err
		}
		res.Records += len(c.recs)
		if seen != nil {
			for _, r := range c.recs {
				seen[Ref{app.Kind(r.Kind), r.ID}] = true
			}
		}
	}
	res.Unsynced = quiet
	if noSync {
		if err := s.db.Sync(); err != nil {
			return res, fmt.Errorf("localdb: load snapshot: sync: %w", err)
		}
	}
	err = s.update(func(t *tx) error {
		if noSync {
			s.db.NoSync, noSync = false, false
		}
		t.bulk = newBulkKeys()
		res.Removed, res.Kept = 0, nil
		if seen != nil {
			pending, err := t.outboxRecords()
			if err != nil {
				return err
			}
			var gone []Ref
			err = t.btx.Bucket(bucketRecords).ForEachBucket(func(kind []byte) error {
				return t.btx.Bucket(bucketRecords).Bucket(kind).ForEach(func(id, _ []byte) error {
					r := Ref{app.Kind(kind), string(id)}
					if !seen[r] {
						gone = append(gone, r)
					}
					return nil
				})
			})
			if err != nil {
				return err
			}
			for _, r := range gone {
				if pending[r] {
					res.Kept = append(res.Kept, r)
					continue
				}
				if _, err := t.remove(r.Kind, r.ID); err != nil {
					return fmt.Errorf("remove %s %s: %w", r.Kind, r.ID, err)
				}
				res.Removed++
			}
		}
		return t.btx.Bucket(bucketMeta).Put(metaCursor, []byte(snap.Cursor))
	})
	if err != nil {
		return res, fmt.Errorf("localdb: load snapshot: %w", err)
	}
	return res, nil
}

func bucketEmpty(tx interface{ Bucket([]byte) *bolt.Bucket }, name []byte) bool {
	b := tx.Bucket(name)
	if b == nil {
		return true
	}
	k, _ := b.Cursor().First()
	return k == nil
}

// chunk is one transaction's worth of a snapshot, with its index entries
// computed ahead, or the error that stopped the reading.
type chunk struct {
	recs  []record.Record
	ahead []*entry
	err   error
}

// readChunks reads next in a goroutine, chunk by chunk, computing each
// chunk's index entries, one chunk ahead of the writer. stop ends the
// goroutine early (the writer failed); chunks is closed after the last
// chunk or an error. After stop, next is not called again (a call
// already under way finishes and its result is dropped).
func readChunks(next func() (record.Record, error)) (chunks <-chan chunk, stop func()) {
	out := make(chan chunk, 1)
	done := make(chan struct{})
	go func() {
		defer close(out)
		for {
			c := chunk{recs: make([]record.Record, 0, snapshotChunk)}
			var err error
			for len(c.recs) < snapshotChunk {
				select {
				case <-done:
					return
				default:
				}
				var r record.Record
				r, err = next()
				if err != nil {
					break
				}
				c.recs = append(c.recs, r)
			}
			if err != nil && !errors.Is(err, io.EOF) {
				c.err = err
			}
			if len(c.recs) > 0 && c.err == nil {
				c.ahead = entriesAhead(c.recs)
			}
			if len(c.recs) > 0 || c.err != nil {
				select {
				case out <- c:
				case <-done:
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	var once sync.Once
	// stop does not wait for the goroutine, which may be inside next: it
	// calls next no more once it sees done.
	return out, func() { once.Do(func() { close(done) }) }
}
