// Package privatefile writes the small JSON files the binaries keep for
// one user alone (the sync session, the messaging secrets): mode 0600,
// complete or not at all.
package privatefile

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// WriteJSON writes v as indented JSON, with a final newline, to path with
// mode 0600. It writes a temporary file beside path, syncs it and renames
// it into place, so a crash leaves the old file or the new one, never half
// of one; the temporary file is removed when anything fails.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
