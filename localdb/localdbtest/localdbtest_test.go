package localdbtest_test

import (
	"os"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
)

// Each call gives a new, empty store in its own file, usable at once.
func TestOpenGivesAnEmptyStoreOfItsOwn(t *testing.T) {
	a, b := localdbtest.Open(t), localdbtest.Open(t)
	if a.Path() == b.Path() {
		t.Fatalf("two stores share the file %s", a.Path())
	}
	if _, err := os.Stat(a.Path()); err != nil {
		t.Fatalf("no data file: %v", err)
	}
	n, err := a.Count(app.KindCustomer)
	if err != nil || n != 0 {
		t.Fatalf("Count(customer) = %d, %v; want 0, nil", n, err)
	}
}
