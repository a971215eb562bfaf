package localdb

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// ErrLocked is returned (wrapped, with the path) by Open when another
// process or another Store in this process holds the data file.
var ErrLocked = errors.New("the data file is already open in another TourDesk window or process")

// ErrNewerSchema is returned by Open for a data file written by a newer
// TourDesk whose schema this version does not know.
var ErrNewerSchema = errors.New("the data file was written by a newer version of TourDesk")

// Options tune Open. The zero value is what the desktop app uses.
type Options struct {
	// Timeout is how long Open waits for another process to release the
	// file before failing with ErrLocked; 0 means one second.
	Timeout time.Duration
	// Now is the wall clock of the store's hybrid logical clock; nil means
	// time.Now. Tests set it to make stamps predictable.
	Now func() time.Time
	// NoSync skips fsync at commit: faster, but a power cut can lose or
	// corrupt recent transactions. Only for tests and benchmarks.
	NoSync bool
}

// Store is the local bbolt store of one user profile. It implements
// service.Store. All methods are safe for concurrent use: reads run in
// parallel, writes one at a time (bbolt's single writer).
type Store struct {
	db     *bolt.DB
	path   string
	device string
	clock  *record.Clock
	now    func() time.Time
}

var _ service.Store = (*Store)(nil)

// DefaultPath returns where the data file of profile lives:
// os.UserConfigDir()/tourdesk/<profile>.db ("" means "default").
func DefaultPath(profile string) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("localdb: %w", err)
	}
	if profile == "" {
		profile = "default"
	}
	return filepath.Join(dir, "tourdesk", profile+".db"), nil
}

// Open opens the data file at path, creating it (and its directory) if
// absent, and brings its schema up to date in one transaction. A new file
// gets a new device id. It fails with an error matching ErrLocked when the
// file is held by another process for longer than opts.Timeout, and with
// ErrNewerSchema for a file of a newer TourDesk.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("localdb: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      opts.Timeout,
		NoSync:       opts.NoSync,
		FreelistType: bolt.FreelistMapType,
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	}
	if err != nil {
		return nil, fmt.Errorf("localdb: open %s: %w", path, err)
	}
	// bbolt grows the file 16 MiB at a time by default: up to 16 MiB
	// of a user's disk for nothing. Growing by 1 MiB costs a truncate and
	// an fsync per MiB written, nothing next to the commits that fill it.
	db.AllocSize = 1 << 20
	s := &Store{db: db, path: path, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	var last record.Stamp
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		if d := meta.Get(metaDevice); d != nil {
			s.device = string(d)
		} else {
			s.device = uuid.NewString()
			if err := meta.Put(metaDevice, []byte(s.device)); err != nil {
				return err
			}
		}
		if c := meta.Get(metaClock); c != nil {
			if err := last.UnmarshalText(c); err != nil {
				return fmt.Errorf("clock: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("localdb: open %s: %w", path, err)
	}
	s.clock = record.NewClock(s.device, last, opts.Now)
	return s, nil
}

// migrate runs, inside tx, every migration above the file's version.
func migrate(tx *bolt.Tx) error {
	var have uint64
	if meta := tx.Bucket(bucketMeta); meta != nil {
		have = getU64(meta.Get(metaSchema))
	}
	want := schemaVersion()
	if have > want {
		return fmt.Errorf("%w (schema %d, this version knows up to %d)", ErrNewerSchema, have, want)
	}
	for _, m := range migrations {
		if m.version <= have {
			continue
		}
		if err := m.run(tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	if have == want {
		return nil
	}
	return tx.Bucket(bucketMeta).Put(metaSchema, u64(want))
}

// Close releases the file. Calls after the first return nil.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("localdb: close %s: %w", s.path, err)
	}
	return nil
}

// Path is the data file's path.
func (s *Store) Path() string { return s.path }

// DeviceID is this store's device id: stamped on every local change and
// new for every new (or wiped) data file.
func (s *Store) DeviceID() string { return s.device }

// Update runs fn in one read-write transaction; an error from fn (or a
// panic) rolls back everything fn wrote — records, indexes, outbox,
// conflicts — and the error is returned unchanged.
func (s *Store) Update(fn func(service.Tx) error) error {
	return s.update(func(t *tx) error { return fn(t) })
}

func (s *Store) update(fn func(*tx) error) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		t := &tx{s: s, btx: btx}
		if err := fn(t); err != nil {
			return err
		}
		if t.bulk != nil {
			if err := t.bulk.flush(); err != nil {
				return fmt.Errorf("localdb: write index keys: %w", err)
			}
		}
		if t.stamped {
			text, _ := s.clock.Last().MarshalText()
			if err := btx.Bucket(bucketMeta).Put(metaClock, text); err != nil {
				return fmt.Errorf("localdb: save clock: %w", err)
			}
		}
		return nil
	})
}

// View runs fn in one read-only transaction. Records fn receives are
// copies it may keep.
func (s *Store) View(fn func(service.Reader) error) error {
	return s.db.View(func(btx *bolt.Tx) error { return fn(&tx{s: s, btx: btx}) })
}

func (s *Store) view(fn func(*tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error { return fn(&tx{s: s, btx: btx}) })
}

// Get returns the record kind/id, deleted or not, or an error matching
// app.ErrNotFound. The record is the caller's.
func (s *Store) Get(kind app.Kind, id string) (rec record.Record, err error) {
	err = s.view(func(t *tx) error {
		rec, err = t.Get(kind, id)
		return err
	})
	return rec, err
}

// Lookup returns the ids of live records of kind whose indexed field holds
// value exactly (for array fields: one element), in id order; none is an
// empty result, not an error. A field that is not in app.KindInfo.Index
// is an error matching app.ErrInvalid.
func (s *Store) Lookup(kind app.Kind, field, value string) (ids []string, err error) {
	err = s.view(func(t *tx) error {
		ids, err = t.Lookup(kind, field, value)
		return err
	})
	return ids, err
}

// SortedIDs returns the ids of every live record of kind ordered by the
// folded value of the kind's sort field (diacritics and case ignored),
// then by id. Kinds without a sort field order by id (creation order).
func (s *Store) SortedIDs(kind app.Kind) ([]string, error) {
	var ids []string
	err := s.view(func(t *tx) error {
		b := t.sub(bucketSort, kind)
		if b == nil {
			return nil
		}
		ids = make([]string, 0, getU64(t.btx.Bucket(bucketMeta).Get(metaCountKey(string(kind)))))
		return packedSet{b}.ForEach(func(k []byte) error {
			i := bytes.LastIndexByte(k, 0)
			ids = append(ids, string(k[i+1:]))
			return nil
		})
	})
	return ids, err
}

// Count returns the number of live (not deleted) records of kind, from a
// counter kept in the same transaction as every write.
func (s *Store) Count(kind app.Kind) (int, error) {
	var n uint64
	err := s.view(func(t *tx) error {
		n = getU64(t.btx.Bucket(bucketMeta).Get(metaCountKey(string(kind))))
		return nil
	})
	return int(n), err
}

// SyncCursor returns the sync cursor last stored by SetSyncCursor ("" for
// none). It is opaque to the store.
func (s *Store) SyncCursor() (string, error) {
	var c string
	err := s.view(func(t *tx) error {
		c = string(t.btx.Bucket(bucketMeta).Get(metaCursor))
		return nil
	})
	return c, err
}

// SetSyncCursor stores the sync cursor.
func (s *Store) SetSyncCursor(c string) error {
	return s.update(func(t *tx) error { return t.btx.Bucket(bucketMeta).Put(metaCursor, []byte(c)) })
}

// tx is one bbolt transaction seen through service.Tx.
type tx struct {
	s       *Store
	btx     *bolt.Tx
	stamped bool // the clock moved: persist it before commit
	// bulk, when set, collects the packed sets' key changes until the
	// transaction ends (bulk.go).
	bulk *bulkKeys
	// hint, when set, is the index entry of the record write is about to
	// store, computed ahead (entriesAhead); write uses it when its id
	// matches.
	hint *entry
}

var _ service.Tx = (*tx)(nil)

// sub returns the per-kind bucket under top, or nil if it does not exist.
func (t *tx) sub(top []byte, kind app.Kind) *bolt.Bucket {
	return t.btx.Bucket(top).Bucket([]byte(kind))
}

// subW returns the per-kind bucket under top, creating it.
func (t *tx) subW(top []byte, kind app.Kind) (*bolt.Bucket, error) {
	b, err := t.btx.Bucket(top).CreateBucketIfNotExists([]byte(kind))
	if err != nil {
		return nil, fmt.Errorf("localdb: bucket %s/%s: %w", top, kind, err)
	}
	return b, nil
}

// Get implements service.Reader.
func (t *tx) Get(kind app.Kind, id string) (record.Record, error) {
	_, rec, found, err := t.load(kind, id)
	if err != nil {
		return record.Record{}, err
	}
	if !found {
		return record.Record{}, fmt.Errorf("localdb: get %s %s: %w", kind, id, app.ErrNotFound)
	}
	return rec, nil
}

// load returns the stored record and its document number; found is false
// (and err nil) when the store never held it.
func (t *tx) load(kind app.Kind, id string) (num uint32, rec record.Record, found bool, err error) {
	b := t.sub(bucketRecords, kind)
	if b == nil || id == "" {
		return 0, record.Record{}, false, nil
	}
	v := b.Get([]byte(id))
	if v == nil {
		return 0, record.Record{}, false, nil
	}
	num, rec, err = decodeRecord(string(kind), id, v)
	if err != nil {
		return 0, record.Record{}, false, err
	}
	return num, rec, true, nil
}

// Lookup implements service.Reader.
func (t *tx) Lookup(kind app.Kind, field, value string) ([]string, error) {
	info, _ := app.Info(kind)
	if !contains(info.Index, field) {
		return nil, fmt.Errorf("localdb: lookup %s by %s: not an indexed field: %w", kind, field, app.ErrInvalid)
	}
	b, docs := t.sub(bucketIndex, kind), t.sub(bucketDocs, kind)
	if b == nil || docs == nil {
		return nil, nil
	}
	prefix := indexKeyPrefix(field, value)
	var ids []string
	c := packedSet{b}.Cursor()
	for k := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k = c.Next() {
		if len(k) != len(prefix)+4 {
			continue // a longer value that holds a 0 byte
		}
		v := docs.Get(k[len(prefix):])
		if v == nil {
			return nil, fmt.Errorf("localdb: lookup %s by %s: index entry of missing document %x", kind, field, k[len(prefix):])
		}
		ids = append(ids, string(entryID(v)))
	}
	slices.Sort(ids)
	return ids, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
