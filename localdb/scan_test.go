package localdb

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

func TestScan(t *testing.T) {
	s := openTest(t)
	// Nothing stored yet: no bucket for the kind, no call, no error.
	calls := 0
	if err := s.Scan(app.KindPayment, func(record.Record) error { calls++; return nil }); err != nil || calls != 0 {
		t.Fatalf("scan of an empty kind: %d calls, %v", calls, err)
	}
	ids := []string{"0190a000-0000-7000-8000-000000000003", "0190a000-0000-7000-8000-000000000001", "0190a000-0000-7000-8000-000000000002"}
	names := map[string]string{ids[0]: "Chị Ba", ids[1]: "Anh Một", ids[2]: "Bác Hai"}
	err := s.Update(func(tx service.Tx) error {
		for _, id := range ids {
			name, _ := json.Marshal(names[id])
			if _, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{"name": name}); err != nil {
				return err
			}
		}
		// Another kind, which a scan of customers must not see.
		_, err := tx.Save(app.KindTour, "0190a000-0000-7000-8000-0000000000ff", map[string]json.RawMessage{"name": json.RawMessage(`"Hạ Long"`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx service.Tx) error { return tx.Delete(app.KindCustomer, ids[2]) }); err != nil {
		t.Fatal(err)
	}
	var got []string
	err = s.Scan(app.KindCustomer, func(r record.Record) error {
		var c app.Customer
		if err := record.Decode(r, &c); err != nil {
			return err
		}
		if r.Kind != string(app.KindCustomer) || c.Name != names[r.ID] {
			t.Errorf("record %s %s holds name %q, want %q", r.Kind, r.ID, c.Name, names[r.ID])
		}
		got = append(got, r.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Live records only (ids[2] is deleted), in id order.
	if want := []string{ids[1], ids[0]}; !slices.Equal(got, want) {
		t.Fatalf("scanned %v, want %v", got, want)
	}
	// An error from fn stops the scan at once and comes back unchanged.
	stop := errors.New("stop")
	calls = 0
	if err := s.Scan(app.KindCustomer, func(record.Record) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("scan stopped by fn: %d calls, err %v", calls, err)
	}
	// Records handed to fn are copies: changing one changes nothing stored.
	if err := s.Scan(app.KindCustomer, func(r record.Record) error {
		r.Fields["name"] = record.Field{Value: json.RawMessage(`"changed"`)}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rec, err := s.Get(app.KindCustomer, ids[1])
	if err != nil || string(rec.Fields["name"].Value) != `"Anh Một"` {
		t.Fatalf("after scan: %s, %v", rec.Fields["name"].Value, err)
	}
}

func TestScanFields(t *testing.T) {
	s := openTest(t)
	ids := []string{"0190a000-0000-7000-8000-000000000002", "0190a000-0000-7000-8000-000000000001", "0190a000-0000-7000-8000-000000000003"}
	err := s.Update(func(tx service.Tx) error {
		vals := []map[string]json.RawMessage{
			{"name": json.RawMessage(`"Trần Thị Bình"`), "region": json.RawMessage(`"South"`), "tags": json.RawMessage(`["vip"]`)},
			{"name": json.RawMessage(`"Lê Văn Cường"`), "region": json.RawMessage(`""`)},
			{"name": json.RawMessage(`"Gone"`), "region": json.RawMessage(`"North"`)},
		}
		for i, id := range ids {
			if _, err := tx.Save(app.KindCustomer, id, vals[i]); err != nil {
				return err
			}
		}
		return tx.Delete(app.KindCustomer, ids[2])
	})
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ id, name, region, province, tags string }
	var got []row
	err = s.ScanFields(app.KindCustomer, []string{"region", "name", "province", "tags"}, func(id string, v []json.RawMessage) error {
		got = append(got, row{id, string(v[1]), string(v[0]), string(v[2]), string(v[3])})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Live records in id order; a field never set is nil; "" and [] come
	// back as the JSON values they are.
	want := []row{
		{ids[1], `"Lê Văn Cường"`, `""`, "", ""},
		{ids[0], `"Trần Thị Bình"`, `"South"`, "", `["vip"]`},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	stop := errors.New("stop")
	if err := s.ScanFields(app.KindCustomer, []string{"name"}, func(string, []json.RawMessage) error { return stop }); err != stop {
		t.Fatalf("fn's error: got %v", err)
	}
	if err := s.ScanFields(app.KindPayment, []string{"amount"}, func(string, []json.RawMessage) error { return stop }); err != nil {
		t.Fatalf("empty kind: %v", err)
	}
}
