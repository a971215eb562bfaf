package clienttest_test

import (
	"encoding/json"
	"testing"

	"github.com/tourdesk/tourdesk/sync/client/clienttest"
)

// The customer is about 1 KB of names and values, and carries the owner
// and office it was given.
func TestCustomerIsAboutOneKB(t *testing.T) {
	v := clienttest.Customer(7, "owner-1", "office-1")
	size := 0
	for k, x := range v {
		size += len(k) + len(x)
	}
	if size < 900 || size > 1200 {
		t.Fatalf("size = %d bytes, want about 1 KB", size)
	}
	var owner, office, name string
	json.Unmarshal(v["owner_id"], &owner)
	json.Unmarshal(v["office_id"], &office)
	json.Unmarshal(v["name"], &name)
	if owner != "owner-1" || office != "office-1" || name != "Nguyễn Thị Khách 000007" {
		t.Fatalf("owner %q office %q name %q", owner, office, name)
	}
}
