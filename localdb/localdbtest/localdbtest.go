// Package localdbtest opens throwaway localdb stores for the tests of
// other packages (ui areas, printing, services), so that each test runs on
// a real bbolt file of its own without repeating how to make one.
//
// It lives under localdb, not ui: a ui package may not import localdb
// (deps_test.go), while a ui test may import this one.
package localdbtest

import (
	"path/filepath"
	"testing"

	"github.com/tourdesk/tourdesk/localdb"
)

// Open opens a new, empty store in a file of tb.TempDir() and closes it
// when the test ends, failing the test if it cannot be opened or closed.
// The file is opened without fsync (localdb.Options.NoSync): it is thrown
// away with the directory, and tests need not pay for durability.
func Open(tb testing.TB) *localdb.Store {
	tb.Helper()
	s, err := localdb.Open(filepath.Join(tb.TempDir(), "test.db"), localdb.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}
