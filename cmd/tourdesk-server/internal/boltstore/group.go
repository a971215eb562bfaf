package boltstore

import (
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Group commit. Every push is one transaction of the record store, and a
// bbolt commit with fsync costs two disk flushes (10–20 ms on the
// machines measured), so a server with many devices pushing at once was
// bound by flushes, one push each. UpdateRecords therefore runs the
// transactions that arrive while a commit is under way together, in the
// next transaction: one commit for all of them.
//
// A call that finds no commit under way runs at once, alone (no added
// delay). Calls that arrive during a commit queue up; when it ends, the
// oldest queued call leads the next one, running the functions of every
// call queued by then, in arrival order, in one transaction. If one of
// them fails (an error or a panic), that transaction is rolled back and
// each function runs again in a transaction of its own, so a failure
// only fails its own call; that is why a function passed to
// UpdateRecords may run more than once (see server.RecordStore), each
// time on a transaction whose earlier writes were rolled back.

type groupCall struct {
	fn   func(*bolt.Tx) error
	done chan error // the call's result
	lead chan struct{}
}

type group struct {
	mu    sync.Mutex
	busy  bool // a transaction is under way
	queue []*groupCall
}

// update runs fn in a read-write transaction, grouped with concurrent
// calls.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	c := &groupCall{fn: fn, done: make(chan error, 1), lead: make(chan struct{}, 1)}
	g := &s.group
	g.mu.Lock()
	if g.busy {
		g.queue = append(g.queue, c)
		g.mu.Unlock()
		select {
		case err := <-c.done:
			return err // run by another call's transaction
		case <-c.lead:
		}
		// This call leads: it runs what is queued, itself included.
		g.mu.Lock()
		batch := g.queue
		g.queue = nil
		g.mu.Unlock()
		s.runGroup(batch)
	} else {
		g.busy = true
		g.mu.Unlock()
		s.runGroup([]*groupCall{c})
	}
	// Hand over to the oldest queued call, if any.
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].lead <- struct{}{}
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	return <-c.done
}

// runGroup runs the calls' functions in one transaction, or, if one of
// them fails, each in its own.
func (s *Store) runGroup(calls []*groupCall) {
	if len(calls) == 1 {
		calls[0].done <- s.db.Update(func(tx *bolt.Tx) error { return safeCall(calls[0].fn, tx) })
		return
	}
	failed := false
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, c := range calls {
			if err := safeCall(c.fn, tx); err != nil {
				failed = true
				return err
			}
		}
		return nil
	})
	if err == nil || !failed {
		// Committed, or the commit itself failed: the same answer for all.
		for _, c := range calls {
			c.done <- err
		}
		return
	}
	for _, c := range calls {
		c.done <- s.db.Update(func(tx *bolt.Tx) error { return safeCall(c.fn, tx) })
	}
}

// safeCall turns a panic of fn into an error, so that a call run by
// another call's goroutine cannot take it down.
func safeCall(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("boltstore: panic in a transaction: %v", p)
		}
	}()
	return fn(tx)
}
