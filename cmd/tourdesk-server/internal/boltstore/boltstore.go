// Package boltstore is the sync server's own store: one bbolt file holding
// the offices, the users with their password hashes, and the sessions. It
// implements server.Store (sync/server) and the administrative operations
// tourdesk-server's subcommands need (add an office or a user, list, disable,
// change a password, back up).
//
// Why not localdb: localdb is a client's store (device id, outbox, conflict
// log, search) and keeps the *bolt.DB to itself, so credentials and sessions,
// which must never replicate, cannot live in its file; and two files could
// not be changed in one transaction. Users and offices are kept here as the
// app.User and app.Office values of the domain (validated by app), so that
// when push and pull land they can be published to clients as records from
// this file (or mirrored into the record store the server gets then).
//
// # Layout
//
// Every bucket and key layout of the file, and its schema version:
//
//	meta            "schema" → uint64 BE (schemaVersion)
//	offices         office id → JSON officeRow
//	office_names    folded office name → office id   (names are unique)
//	users           user id → JSON userRow (app.User + bcrypt hash)
//	logins          login → user id                  (logins are unique)
//	sessions        SHA-256 of the token (32 bytes) → JSON sessionRow
//	user_sessions   user id + 0 + SHA-256 → ""       (a user's sessions, so
//	                disabling a user or changing a password revokes them)
//
// and, since schema 2, the record store (server.RecordStore, records.go):
//
//	meta            "seq" → uint64 BE                (last server sequence)
//	records         kind + 0 + id → record row (rowcodec.go: fields with stamps and
//	                the sequence that set each, the record's sequence, refs)
//	changes         seq (uint64 BE) → kind + 0 + id  (each record once, at
//	                its latest sequence: what pull scans past a cursor)
//	refs            referenced id + 0 + kind + 0 + id → ""  (who hangs off id)
//	devices         device id → uint64 BE            (last device sequence
//	                applied, written in the push's transaction)
//	results         device id + 0 + device seq (uint64 BE) → JSON
//	                protocol.Result (answers other than a plain acceptance,
//	                given again to a replay)
//	visibility      user id + 0 + seq (uint64 BE) + kind + 0 + id → ""
//	                (the record's visibility to the user changed at seq)
//	audit           kind + 0 + id + 0 + n (uint64 BE, the bucket's sequence)
//	                → audit entry (rowcodec.go)      (append-only)
//	cursors         device id → JSON server.DeviceCursor  (where the
//	                device's pulls have got to; Server.Prune, prune.go)
//	meta            "horizon" → uint64 BE            (pruned up to)
//	meta            "prune_marks" → JSON []server.PruneMark
//
// The cursors bucket and the horizon key came after schema 2 without a
// version bump: Open creates missing buckets, an absent horizon is 0
// (never pruned), and an older binary ignores both.
//
// Schema 1 files are migrated to 2 by creating the new buckets (Open
// creates every bucket that is missing) and publishing every office and
// user as a record (mirror).
//
// Offices and users are published as replicated records (kinds office and
// user, stamped by device server.ServerDevice, audited with no user) in the
// transaction that adds or changes them, so clients pull the names, roles
// and offices they show and the permission rules see them. Password hashes
// and sessions never leave their own buckets.
//
// Each public method is one bbolt transaction; values returned are copies.
package boltstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/server"
)

// schemaVersion is the version of the layout above. A newer file is refused.
const schemaVersion = 2

var (
	bucketMeta         = []byte("meta")
	bucketOffices      = []byte("offices")
	bucketOfficeNames  = []byte("office_names")
	bucketUsers        = []byte("users")
	bucketLogins       = []byte("logins")
	bucketSessions     = []byte("sessions")
	bucketUserSessions = []byte("user_sessions")
	bucketRecords      = []byte("records")
	bucketChanges      = []byte("changes")
	bucketRefs         = []byte("refs")
	bucketDevices      = []byte("devices")
	bucketResults      = []byte("results")
	bucketVisibility   = []byte("visibility")
	bucketAudit        = []byte("audit")
	bucketCursors      = []byte("cursors")

	metaSchema = []byte("schema")
	metaSeq    = []byte("seq")

	allBuckets = [][]byte{bucketMeta, bucketOffices, bucketOfficeNames, bucketUsers, bucketLogins, bucketSessions, bucketUserSessions,
		bucketRecords, bucketChanges, bucketRefs, bucketDevices, bucketResults, bucketVisibility, bucketAudit, bucketCursors}
)

// ErrLocked is returned (wrapped, with the path) by Open when another process
// holds the file: usually a running `tourdesk-server serve`.
var ErrLocked = errors.New("the data file is in use by another process (is tourdesk-server serve running?)")

// ErrNewerSchema is returned by Open for a file written by a newer version.
var ErrNewerSchema = errors.New("the data file was written by a newer tourdesk-server")

// FileName is the name of the data file inside the server's data directory.
const FileName = "server.db"

// Options tune Open.
type Options struct {
	// Timeout is how long Open waits for another process to release the file
	// before failing with ErrLocked; 0 means one second.
	Timeout time.Duration
	// NoSync skips fsync at commit; only for tests.
	NoSync bool
}

// Store is the server's bbolt store. It is safe for concurrent use.
type Store struct {
	db    *bolt.DB
	group group // UpdateRecords' group commit (group.go)
}

var _ server.Store = (*Store)(nil)

// Open opens (creating it and its directory if needed) the data file at path.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("boltstore: %w", err)
	}
	// A write that grows the file past the mapped size must wait for
	// every read transaction to end, and a snapshot (GET /v1/snapshot)
	// is one long read transaction: map 1 GiB of address space from the
	// start so that pushes do not stall behind snapshots until the file
	// is that big.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync, InitialMmapSize: 1 << 30})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("boltstore: %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(metaSchema); v != nil {
			if len(v) != 8 {
				return fmt.Errorf("schema version is %d bytes long", len(v))
			}
			if n := binary.BigEndian.Uint64(v); n > schemaVersion {
				return fmt.Errorf("%w (schema %d, this version knows %d)", ErrNewerSchema, n, schemaVersion)
			}
			if n := binary.BigEndian.Uint64(v); n == schemaVersion {
				return nil
			}
			// Older schemas are migrated here, in order. 1 → 2 added
			// the record store's buckets (created above) and publishes
			// the offices and users as records.
			if err := mirrorAll(tx, time.Now()); err != nil {
				return fmt.Errorf("migrate to schema 2: %w", err)
			}
		}
		return meta.Put(metaSchema, binary.BigEndian.AppendUint64(nil, schemaVersion))
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the data file's path.
func (s *Store) Path() string { return s.db.Path() }

// Rows as stored. Adding a field is compatible; renaming one is a migration.

type officeRow struct {
	ID string `json:"id"`
	app.Office
}

type userRow struct {
	ID string `json:"id"`
	app.User
	PasswordHash []byte `json:"password_hash"`
}

type sessionRow struct {
	UserID    string    `json:"user_id"`
	DeviceID  string    `json:"device_id"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func foldName(s string) []byte { return []byte(strings.ToLower(strings.Join(strings.Fields(s), " "))) }

// AddOffice validates o, gives it a new id and stores it. It fails with an
// error matching app.ErrInvalid (a *app.ValidationError) for an invalid
// office and app.ErrConflict when an office of that name exists.
func (s *Store) AddOffice(o app.Office) (app.Office, error) {
	if err := o.Validate(); err != nil {
		return app.Office{}, err
	}
	o.ID = record.NewID()
	err := s.db.Update(func(tx *bolt.Tx) error {
		names := tx.Bucket(bucketOfficeNames)
		key := foldName(o.Name)
		if names.Get(key) != nil {
			return fmt.Errorf("an office named %q exists already: %w", o.Name, app.ErrConflict)
		}
		if o.Code != "" {
			if _, err := findOffice(tx, o.Code); err == nil {
				return fmt.Errorf("an office with code %q exists already: %w", o.Code, app.ErrConflict)
			}
		}
		v, err := json.Marshal(officeRow{ID: o.ID, Office: o})
		if err != nil {
			return err
		}
		if err := names.Put(key, []byte(o.ID)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketOffices).Put([]byte(o.ID), v); err != nil {
			return err
		}
		return mirror(tx, app.KindOffice, o.ID, o, time.Now())
	})
	if err != nil {
		return app.Office{}, fmt.Errorf("boltstore: add office: %w", err)
	}
	return o, nil
}

// Offices returns every office, ordered by name.
func (s *Store) Offices() ([]app.Office, error) {
	var out []app.Office
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOffices).ForEach(func(k, v []byte) error {
			o, err := decodeOffice(v)
			out = append(out, o)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: offices: %w", err)
	}
	slices.SortFunc(out, func(a, b app.Office) int { return bytes.Compare(foldName(a.Name), foldName(b.Name)) })
	return out, nil
}

// FindOffice returns the office whose id, code or name (ignoring case and
// repeated spaces) is ref, or an error matching app.ErrNotFound.
func (s *Store) FindOffice(ref string) (app.Office, error) {
	var o app.Office
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		o, err = findOffice(tx, ref)
		return err
	})
	if err != nil {
		return app.Office{}, fmt.Errorf("boltstore: %w", err)
	}
	return o, nil
}

func findOffice(tx *bolt.Tx, ref string) (app.Office, error) {
	ref = strings.TrimSpace(ref)
	offices := tx.Bucket(bucketOffices)
	if v := offices.Get([]byte(ref)); v != nil {
		return decodeOffice(v)
	}
	if id := tx.Bucket(bucketOfficeNames).Get(foldName(ref)); id != nil {
		return decodeOffice(offices.Get(id))
	}
	var found *app.Office
	err := offices.ForEach(func(_, v []byte) error {
		o, err := decodeOffice(v)
		if err == nil && o.Code != "" && strings.EqualFold(o.Code, ref) {
			found = &o
		}
		return err
	})
	if err != nil {
		return app.Office{}, err
	}
	if found == nil {
		return app.Office{}, fmt.Errorf("office %q: %w", ref, app.ErrNotFound)
	}
	return *found, nil
}

func decodeOffice(v []byte) (app.Office, error) {
	var row officeRow
	if err := json.Unmarshal(v, &row); err != nil {
		return app.Office{}, fmt.Errorf("decode office: %w", err)
	}
	row.Office.ID = row.ID
	return row.Office, nil
}

// AddUser validates u, gives it a new id and stores it with the bcrypt hash
// of its password. It fails with an error matching app.ErrInvalid for an
// invalid user (role, login…) or an office id that names no office, and
// app.ErrConflict for a login already taken.
func (s *Store) AddUser(u app.User, passwordHash []byte) (app.User, error) {
	if err := u.Validate(); err != nil {
		return app.User{}, err
	}
	if len(passwordHash) == 0 {
		return app.User{}, fmt.Errorf("boltstore: add user: no password hash: %w", app.ErrInvalid)
	}
	u.ID = record.NewID()
	err := s.db.Update(func(tx *bolt.Tx) error {
		if u.OfficeID != "" && tx.Bucket(bucketOffices).Get([]byte(u.OfficeID)) == nil {
			var p app.Problems
			p.Add("office_id", app.CodeUnknown, "names no office")
			return p.Err(app.KindUser)
		}
		logins := tx.Bucket(bucketLogins)
		if logins.Get([]byte(u.Login)) != nil {
			return fmt.Errorf("the user name %q is taken: %w", u.Login, app.ErrConflict)
		}
		if err := logins.Put([]byte(u.Login), []byte(u.ID)); err != nil {
			return err
		}
		if err := putUser(tx, userRow{ID: u.ID, User: u, PasswordHash: passwordHash}); err != nil {
			return err
		}
		return mirror(tx, app.KindUser, u.ID, u, time.Now())
	})
	if err != nil {
		return app.User{}, fmt.Errorf("boltstore: add user: %w", err)
	}
	return u, nil
}

func putUser(tx *bolt.Tx, row userRow) error {
	v, err := json.Marshal(row)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketUsers).Put([]byte(row.ID), v)
}

// Users returns every user (without password hashes), ordered by login.
func (s *Store) Users() ([]app.User, error) {
	var out []app.User
	err := s.db.View(func(tx *bolt.Tx) error {
		users := tx.Bucket(bucketUsers)
		// The logins bucket is in login order.
		return tx.Bucket(bucketLogins).ForEach(func(_, id []byte) error {
			a, err := decodeAccount(users.Get(id))
			out = append(out, a.User)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: users: %w", err)
	}
	return out, nil
}

// SetActive enables or disables the user with the given login. Disabling
// also deletes every session of the user, in the same transaction (the
// server refuses a disabled user's token anyway; this reclaims the space
// and means re-enabling does not revive old tokens). It fails with an error
// matching app.ErrNotFound for an unknown login.
func (s *Store) SetActive(login string, active bool) (app.User, error) {
	return s.updateUser(login, func(tx *bolt.Tx, row *userRow) error {
		row.Active = active
		if !active {
			return deleteUserSessions(tx, row.ID)
		}
		return nil
	})
}

// SetPassword replaces the password hash of the user with the given login
// and deletes every session of the user: after a password change, every
// device must sign in again. It fails with an error matching app.ErrNotFound
// for an unknown login.
func (s *Store) SetPassword(login string, passwordHash []byte) (app.User, error) {
	if len(passwordHash) == 0 {
		return app.User{}, fmt.Errorf("boltstore: set password: no password hash: %w", app.ErrInvalid)
	}
	return s.updateUser(login, func(tx *bolt.Tx, row *userRow) error {
		row.PasswordHash = passwordHash
		return deleteUserSessions(tx, row.ID)
	})
}

// userByLogin reads the row of the user whose login is login (trimmed,
// lower case), failing with app.ErrNotFound when there is none.
func userByLogin(tx *bolt.Tx, login string) (userRow, error) {
	id := tx.Bucket(bucketLogins).Get([]byte(login))
	if id == nil {
		return userRow{}, fmt.Errorf("no user %q: %w", login, app.ErrNotFound)
	}
	var row userRow
	if err := json.Unmarshal(tx.Bucket(bucketUsers).Get(id), &row); err != nil {
		return userRow{}, fmt.Errorf("decode user: %w", err)
	}
	return row, nil
}

func (s *Store) updateUser(login string, fn func(*bolt.Tx, *userRow) error) (app.User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	var u app.User
	err := s.db.Update(func(tx *bolt.Tx) error {
		row, err := userByLogin(tx, login)
		if err != nil {
			return err
		}
		if err := fn(tx, &row); err != nil {
			return err
		}
		u = row.User
		u.ID = row.ID
		if err := putUser(tx, row); err != nil {
			return err
		}
		return mirror(tx, app.KindUser, u.ID, u, time.Now())
	})
	if err != nil {
		return app.User{}, fmt.Errorf("boltstore: %w", err)
	}
	return u, nil
}

// SessionCount returns how many sessions (expired ones included) each user
// id has.
func (s *Store) SessionCount() (map[string]int, error) {
	out := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUserSessions).ForEach(func(k, _ []byte) error {
			if i := bytes.IndexByte(k, 0); i >= 0 {
				out[string(k[:i])]++
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: sessions: %w", err)
	}
	return out, nil
}

func deleteUserSessions(tx *bolt.Tx, userID string) error {
	prefix := append([]byte(userID), 0)
	us := tx.Bucket(bucketUserSessions)
	sessions := tx.Bucket(bucketSessions)
	var keys [][]byte
	c := us.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := sessions.Delete(k[len(prefix):]); err != nil {
			return err
		}
		if err := us.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func decodeAccount(v []byte) (server.Account, error) {
	if v == nil {
		return server.Account{}, errors.New("login index names a missing user")
	}
	var row userRow
	if err := json.Unmarshal(v, &row); err != nil {
		return server.Account{}, fmt.Errorf("decode user: %w", err)
	}
	row.User.ID = row.ID
	return server.Account{User: row.User, PasswordHash: row.PasswordHash}, nil
}

// AccountByLogin implements server.Store.
func (s *Store) AccountByLogin(login string) (server.Account, error) {
	var a server.Account
	err := s.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketLogins).Get([]byte(login))
		if id == nil {
			return fmt.Errorf("account %q: %w", login, app.ErrNotFound)
		}
		var err error
		a, err = decodeAccount(tx.Bucket(bucketUsers).Get(id))
		return err
	})
	if err != nil {
		return server.Account{}, fmt.Errorf("boltstore: %w", err)
	}
	return a, nil
}

// AccountByID implements server.Store.
func (s *Store) AccountByID(id string) (server.Account, error) {
	var a server.Account
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketUsers).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("account %s: %w", id, app.ErrNotFound)
		}
		var err error
		a, err = decodeAccount(v)
		return err
	})
	if err != nil {
		return server.Account{}, fmt.Errorf("boltstore: %w", err)
	}
	return a, nil
}

func userSessionKey(userID string, h []byte) []byte {
	return append(append([]byte(userID), 0), h...)
}

// PutSession implements server.Store.
func (s *Store) PutSession(sess server.Session) error {
	v, err := json.Marshal(sessionRow{UserID: sess.UserID, DeviceID: sess.DeviceID, CreatedAt: sess.CreatedAt, ExpiresAt: sess.ExpiresAt})
	if err != nil {
		return fmt.Errorf("boltstore: put session: %w", err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketSessions).Put(sess.TokenHash[:], v); err != nil {
			return err
		}
		return tx.Bucket(bucketUserSessions).Put(userSessionKey(sess.UserID, sess.TokenHash[:]), nil)
	})
	if err != nil {
		return fmt.Errorf("boltstore: put session: %w", err)
	}
	return nil
}

// Session implements server.Store.
func (s *Store) Session(h server.TokenHash) (server.Session, error) {
	var row sessionRow
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSessions).Get(h[:])
		if v == nil {
			return fmt.Errorf("session: %w", app.ErrNotFound)
		}
		return json.Unmarshal(v, &row)
	})
	if err != nil {
		return server.Session{}, fmt.Errorf("boltstore: %w", err)
	}
	return server.Session{TokenHash: h, UserID: row.UserID, DeviceID: row.DeviceID, CreatedAt: row.CreatedAt, ExpiresAt: row.ExpiresAt}, nil
}

// DeleteSession implements server.Store.
func (s *Store) DeleteSession(h server.TokenHash) error {
	err := s.db.Update(func(tx *bolt.Tx) error { return deleteSession(tx, h[:]) })
	if err != nil {
		return fmt.Errorf("boltstore: delete session: %w", err)
	}
	return nil
}

func deleteSession(tx *bolt.Tx, h []byte) error {
	sessions := tx.Bucket(bucketSessions)
	v := sessions.Get(h)
	if v == nil {
		return nil
	}
	var row sessionRow
	if err := json.Unmarshal(v, &row); err != nil {
		return fmt.Errorf("decode session: %w", err)
	}
	if err := tx.Bucket(bucketUserSessions).Delete(userSessionKey(row.UserID, h)); err != nil {
		return err
	}
	return sessions.Delete(h)
}

// DeleteExpiredSessions implements server.Store. It reads every session:
// fine for the thousands a travel agency has, called now and then.
func (s *Store) DeleteExpiredSessions(now time.Time) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		var expired [][]byte
		err := tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
			var row sessionRow
			if err := json.Unmarshal(v, &row); err != nil {
				return fmt.Errorf("decode session: %w", err)
			}
			if !now.Before(row.ExpiresAt) {
				expired = append(expired, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range expired {
			if err := deleteSession(tx, k); err != nil {
				return err
			}
		}
		n = len(expired)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("boltstore: delete expired sessions: %w", err)
	}
	return n, nil
}

// Backup writes a consistent copy of the whole data file to w, in one read
// transaction: the store stays usable and writers are not blocked. It
// returns the number of bytes written. Restoring is using the copy as
// DIR/server.db.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("boltstore: backup: %w", err)
	}
	return n, nil
}
