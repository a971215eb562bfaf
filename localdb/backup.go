package localdb

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole data file to w while the
// store stays usable (one read transaction; writers are not blocked). It
// returns the number of bytes written. Restoring is opening the copy.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("localdb: backup: %w", err)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the data file to path, through a
// temporary file in the same directory renamed into place once complete
// and synced, so path never holds a partial backup.
func (s *Store) BackupFile(path string) error {
	if abs, err := filepath.Abs(path); err == nil {
		if self, err := filepath.Abs(s.path); err == nil && abs == self {
			return fmt.Errorf("localdb: backup to %s: that is the data file itself", path)
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("localdb: backup: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := s.Backup(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("localdb: backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("localdb: backup: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("localdb: backup: %w", err)
	}
	return nil
}
