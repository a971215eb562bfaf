// Package demodb gives benchmarks the demo data set (app/demo) in a real
// localdb store, built once per size and seed and kept in os.TempDir()
// for later runs, since 100,000 customers take minutes to generate.
//
// It is for tests and benchmarks only: every function fails tb rather than
// return an error. It lives under localdb so that tests anywhere (a ui
// package's included, which may not import localdb itself) can use it.
package demodb

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/localdb"
)

// Spec names a demo data set.
type Spec struct {
	// Customers is the number of customers (demo.Options.Customers).
	Customers int
	// Seed is demo.Options.Seed; "today" is always demo.DefaultNow.
	Seed int64
	// Extra, when set, adds to the store after demo.Generate (activity the
	// demo does not generate). Variant must then name it: it is part of
	// the cache directory, so that two different extras never share one.
	Extra   func(*localdb.Store) error
	Variant string
}

// dir is where the data set of sp is kept:
// os.TempDir()/tourdesk-demo-<customers>-seed<seed>[-<variant>].
func (sp Spec) dir() string {
	name := fmt.Sprintf("tourdesk-demo-%d-seed%d", sp.Customers, sp.Seed)
	if sp.Variant != "" {
		name += "-" + sp.Variant
	}
	return filepath.Join(os.TempDir(), name)
}

// Path returns the path of the store file holding the data set of sp,
// building it first if no earlier run did. The file is shared by every
// run: open it with Open only to read it, and with OpenCopy to write.
//
// The store is built in a directory of its own and renamed into place
// when complete (a "complete" marker file is its last step), so a run
// that was interrupted, or one in another process at the same time, never
// sees half a data set.
func Path(tb testing.TB, sp Spec) string {
	tb.Helper()
	if sp.Customers <= 0 {
		tb.Fatalf("demodb: %d customers", sp.Customers)
	}
	if sp.Extra != nil && sp.Variant == "" {
		tb.Fatal("demodb: Spec.Extra without a Variant")
	}
	dir := sp.dir()
	path, marker := filepath.Join(dir, "store.db"), filepath.Join(dir, "complete")
	if _, err := os.Stat(marker); err == nil {
		return path
	}
	tmp, err := os.MkdirTemp(os.TempDir(), filepath.Base(dir)+".building-")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(tmp) // gone after the rename, unless the build failed
	s, err := localdb.Open(filepath.Join(tmp, "store.db"), localdb.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("building the %d-customer demo store in %s (once)", sp.Customers, dir)
	_, err = demo.Generate(s, demo.Options{Customers: sp.Customers, Seed: sp.Seed, Now: demo.DefaultNow}, nil)
	if err == nil && sp.Extra != nil {
		err = sp.Extra(s)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "complete"), nil, 0o600); err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(marker); err == nil {
		return path // another process finished first
	}
	os.RemoveAll(dir) // what an interrupted run left
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(marker); serr == nil {
			return path
		}
		tb.Fatal(err)
	}
	return path
}

// Open opens the store file at path in place and closes it when the test
// ends. Writes would change the shared data set: use OpenCopy for those.
func Open(tb testing.TB, path string) *localdb.Store {
	tb.Helper()
	s, err := localdb.Open(path, localdb.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// OpenCopy copies the store file at path into tb.TempDir() and opens the
// copy, closed when the test ends.
func OpenCopy(tb testing.TB, path string) *localdb.Store {
	tb.Helper()
	in, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	cp := filepath.Join(tb.TempDir(), "store.db")
	out, err := os.Create(cp)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return Open(tb, cp)
}

// Customers is the positive number in the environment variable env, or def
// when it is unset; anything else fails tb.
func Customers(tb testing.TB, env string, def int) int {
	tb.Helper()
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		tb.Fatalf("%s=%q", env, v)
	}
	return n
}
