package demodb_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/demodb"
)

// TestPathBuildsOnceAndCopies builds a tiny data set in a private TMPDIR,
// checks the second call reuses it and that the extra step ran once, and
// opens it both in place and as a copy of its own.
func TestPathBuildsOnceAndCopies(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	extras := 0
	sp := demodb.Spec{Customers: 20, Seed: 3, Variant: "x", Extra: func(s *localdb.Store) error {
		extras++
		return nil
	}}
	p := demodb.Path(t, sp)
	if want := filepath.Join(os.TempDir(), "tourdesk-demo-20-seed3-x", "store.db"); p != want {
		t.Fatalf("path %s, want %s", p, want)
	}
	if p2 := demodb.Path(t, sp); p2 != p || extras != 1 {
		t.Fatalf("second Path: %s, extras run %d times, want %s and 1", p2, extras, p)
	}
	cp := demodb.OpenCopy(t, p)
	if cp.Path() == p || filepath.Dir(cp.Path()) == filepath.Dir(p) {
		t.Fatalf("copy opened at %s, beside the shared %s", cp.Path(), p)
	}
	if n, err := cp.Count(app.KindCustomer); err != nil || n != 20 {
		t.Fatalf("copy has %d customers (%v), want 20", n, err)
	}
	if n, err := demodb.Open(t, p).Count(app.KindCustomer); err != nil || n != 20 {
		t.Fatalf("shared store has %d customers (%v), want 20", n, err)
	}
}
