package main

import (
	"encoding/json"
	"testing"
)

// After login, what the user adds with tourdeskctl is theirs (owner and
// office from the session), so the server accepts it, the owner's manager
// receives it and another agent does not.
func TestAddedCustomerBelongsToTheLoggedInUser(t *testing.T) {
	url := syncServer(t)
	lan, minh, mai := device(t, url, "lan.nguyen"), device(t, url, "minh.tran"), device(t, url, "mai.pham")

	code, out, errOut := ctlIn(t, lan, "", "customer", "add", "--name", "Lê Thị Hoa", "--phone", "0912 345 678", "--json")
	if code != 0 {
		t.Fatalf("customer add: exit %d: %s", code, errOut)
	}
	var added struct {
		ID       string `json:"id"`
		OwnerID  string `json:"owner_id"`
		OfficeID string `json:"office_id"`
	}
	if err := json.Unmarshal([]byte(out), &added); err != nil {
		t.Fatal(err)
	}
	if added.OwnerID != lanID || added.OfficeID != syncOffice {
		t.Fatalf("owner %q office %q, want the logged-in agent's", added.OwnerID, added.OfficeID)
	}
	if s := syncJSON(t, lan); s.Pushed != 1 || len(s.Rejected) != 0 {
		t.Fatalf("sync: %+v, want the new customer accepted", s)
	}
	syncJSON(t, minh)
	if _, ok := get(t, minh, added.ID); ok {
		t.Fatal("another agent received Lan's customer")
	}
	syncJSON(t, mai)
	if _, ok := get(t, mai, added.ID); !ok {
		t.Fatal("the office manager did not receive Lan's customer")
	}
}
