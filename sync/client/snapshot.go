package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// SnapshotStore is a LocalStore that can load a snapshot
// (cmd/internal/localsync's can). Sync fills a new device (no cursor yet)
// from one streamed snapshot when its store is one, and re-syncs from a
// snapshot a device the server answers protocol.CodeResyncRequired.
type SnapshotStore interface {
	LocalStore
	// LoadSnapshot replaces the store's records by those next returns
	// (io.EOF after the last), in a few big transactions, and then, in
	// one last transaction, removes the records it holds that the
	// snapshot lacks — except those with a change still in the outbox —
	// and saves cursor. Each record replaces the local copy as a whole
	// record of ApplyRemote does. The outbox and the conflict and
	// rejected logs are kept. An error from next stops it without saving
	// the cursor.
	LoadSnapshot(cursor string, next func() (record.Record, error), clockLimit time.Time) (SnapshotResult, error)
}

// SnapshotResult is what LoadSnapshot did.
type SnapshotResult struct {
	Records, Applied, Removed, Conflicts int
	// Kept lists the records the snapshot lacks that were kept for their
	// unsynced changes.
	Kept []protocol.Ref
}

// ErrResyncRequired: the server no longer holds the deletions and
// visibility changes this device has not pulled (it was offline longer
// than the server keeps them); Sync handles it by pushing the outbox and
// loading a snapshot, and returns it only when the store cannot load
// one.
var ErrResyncRequired = errors.New("the server asks this device to sync again from a snapshot")

// WithoutSnapshot makes Sync fill a new device with pull pages instead of
// a snapshot (for comparing the two; a resync still uses a snapshot).
func WithoutSnapshot() Option { return func(c *Client) { c.noSnapshot = true } }

// snapshotProgressEvery: a snapshot reports progress every this many
// records received (and at least twice a second).
const snapshotProgressEvery = 1000

// snapshot streams GET /v1/snapshot into the store.
func (s *syncer) snapshot(ctx context.Context, st SnapshotStore) error {
	c := s.c
	req := c.http.R().SetContext(ctx).SetDoNotParseResponse(true)
	if c.token != "" {
		req.SetAuthToken(c.token)
	}
	resp, err := req.Get(protocol.PathSnapshot)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("sync: snapshot: %w", &unreachableError{base: c.base, err: err})
	}
	body := resp.RawBody()
	defer body.Close()
	if d, err := http.ParseTime(resp.Header().Get("Date")); err == nil {
		c.offset, c.haveOffset = d.Sub(resp.ReceivedAt()), true
	}
	if !resp.IsSuccess() {
		b, _ := io.ReadAll(io.LimitReader(body, 1<<20))
		resp.SetBody(b)
		return fmt.Errorf("sync: snapshot: %w", errorFrom(resp))
	}
	// Decoding runs in its own goroutine, ahead of the store's writes.
	type item struct {
		line protocol.SnapshotLine
		err  error
	}
	lines := make(chan item, 1024)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(lines)
		dec := json.NewDecoder(bufio.NewReaderSize(body, 256<<10))
		for {
			var l protocol.SnapshotLine
			err := dec.Decode(&l)
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF // an end line comes first
			}
			select {
			case lines <- item{l, err}:
			case <-done:
				return
			}
			if err != nil || l.End {
				return
			}
		}
	}()
	first, ok := <-lines
	if !ok || first.err != nil || first.line.Cursor == "" {
		return fmt.Errorf("sync: snapshot: the answer does not start with a cursor: %v", first.err)
	}
	var limit time.Time
	if server, ok := c.serverNow(); ok {
		limit = server.Add(protocol.MaxClockSkew)
	}
	count, ended := 0, false
	var received atomic.Int64
	progressed := make(chan struct{}, 1)
	next := func() (record.Record, error) {
		if ended {
			return record.Record{}, io.EOF
		}
		it, ok := <-lines
		switch {
		case !ok:
			return record.Record{}, fmt.Errorf("snapshot cut short after %d records: %w", count, io.ErrUnexpectedEOF)
		case it.err != nil:
			return record.Record{}, fmt.Errorf("snapshot cut short after %d records: %w", count, it.err)
		case it.line.End:
			if it.line.Count != count {
				return record.Record{}, fmt.Errorf("snapshot: %d records received, the server sent %d", count, it.line.Count)
			}
			ended = true
			return record.Record{}, io.EOF
		case it.line.Record == nil || it.line.Record.Kind == "" || it.line.Record.ID == "":
			return record.Record{}, fmt.Errorf("snapshot: line %d holds no record", count+2)
		}
		count++
		received.Store(int64(count))
		if count%snapshotProgressEvery == 0 {
			select {
			case progressed <- struct{}{}:
			default:
			}
		}
		return *it.line.Record, nil
	}
	// The store calls next from its own goroutine; progress is reported
	// from this one (as Sync promises), every snapshotProgressEvery
	// records received and twice a second.
	before := s.p.Pulled
	var res SnapshotResult
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		res, err = st.LoadSnapshot(first.line.Cursor, next, limit)
	}()
	tick := time.NewTicker(500 * time.Millisecond)
wait:
	for {
		select {
		case <-loaded:
			break wait
		case <-tick.C:
		case <-progressed:
		}
		if n := before + int(received.Load()); n != s.p.Pulled {
			s.p.Pulled = n
			s.report(PhasePull)
		}
	}
	tick.Stop()
	s.p.Pulled = before
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("sync: snapshot: %w", err)
	}
	s.p.Pulled = before + res.Records
	s.sum.Pulled += res.Records
	s.sum.Applied += res.Applied
	s.sum.Revoked += res.Removed
	s.sum.Conflicts += res.Conflicts
	s.sum.Snapshot = true
	s.whole = true
	s.report(PhasePull)
	return nil
}

// pullOrSnapshot fills a new device from a snapshot when it can, and
// otherwise pulls; a pull the server answers CodeResyncRequired pushes
// the outbox first, then loads a snapshot.
func (s *syncer) pullOrSnapshot(ctx context.Context) error {
	st, canLoad := s.st.(SnapshotStore)
	cursor, err := s.st.SyncCursor()
	if err != nil {
		return fmt.Errorf("sync: read the cursor: %w", err)
	}
	if cursor == "" && canLoad && !s.c.noSnapshot {
		err := s.snapshot(ctx, st)
		if !errors.Is(err, app.ErrNotFound) && !errors.Is(err, ErrUnsupportedVersion) {
			return err
		}
		// A server without snapshots: pull pages.
	}
	err = s.pull(ctx)
	var e *Error
	if !errors.As(err, &e) || e.Code != protocol.CodeResyncRequired {
		return err
	}
	if !canLoad {
		return fmt.Errorf("sync: %w", ErrResyncRequired)
	}
	// What was typed here goes to the server first: the snapshot then
	// brings the server's view of it back.
	if err := s.push(ctx); err != nil {
		return err
	}
	return s.snapshot(ctx, st)
}
