package server_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// readSnapshot decodes a snapshot body: its cursor, records and end line.
func readSnapshot(t *testing.T, body []byte) (cursor string, recs []record.Record, end protocol.SnapshotLine) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		var l protocol.SnapshotLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, sc.Bytes())
		}
		switch {
		case i == 0:
			if l.Cursor == "" || l.Record != nil || l.End {
				t.Fatalf("first line %s: want the cursor alone", sc.Bytes())
			}
			cursor = l.Cursor
		case l.End:
			end = l
		case l.Record != nil && l.Cursor == "":
			recs = append(recs, *l.Record)
		default:
			t.Fatalf("line %d %s: want a record", i+1, sc.Bytes())
		}
	}
	return cursor, recs, end
}

// An agent's snapshot holds exactly the records a pull from scratch
// brings them (their customer and booking, their deleted customer as a
// tombstone; not another agent's customer), whole, gzip-compressed, with
// the cursor a pull from scratch ends at and an end line counting them.
func TestSnapshotIsWhatAFullPullBrings(t *testing.T) {
	e := newSyncEnv(t, server.Config{})
	lan := e.device("lan.nguyen", "lan-laptop")
	minh := e.device("minh.tran", "minh-laptop")
	const cust3 = "0190c2d4-3333-7000-8000-000000000003"
	lan.push(lan.change(app.KindCustomer, cust1, e.customer("lan.nguyen", "Nguyễn Văn An")...),
		lan.change(app.KindBooking, book1, e.booking("lan.nguyen", cust1, "inquiry")...),
		lan.change(app.KindCustomer, cust3, e.customer("lan.nguyen", "Khách sẽ xoá")...))
	minh.push(minh.change(app.KindCustomer, cust2, e.customer("minh.tran", "Trần Thị Bình")...))
	lan.push(lan.change(app.KindCustomer, cust3, record.Deleted, true))

	fresh := e.device("lan.nguyen", "lan-new-laptop")
	r := e.do("GET", protocol.PathSnapshot, nil, map[string]string{"Authorization": "Bearer " + fresh.token, "Accept-Encoding": "gzip"})
	if r.status != http.StatusOK || r.header.Get("Content-Encoding") != "gzip" || r.header.Get("Content-Type") != protocol.SnapshotContentType {
		t.Fatalf("snapshot: %d %v", r.status, r.header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	if _, err := plain.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	cursor, recs, end := readSnapshot(t, plain.Bytes())
	if !end.End || end.Count != len(recs) {
		t.Errorf("end line %+v for %d records", end, len(recs))
	}

	full := fresh.pull()
	if cursor != fresh.cursor {
		t.Errorf("snapshot cursor %s, a full pull ends at %s", cursor, fresh.cursor)
	}
	byID := func(rs []record.Record) map[string]record.Record {
		m := map[string]record.Record{}
		for _, x := range rs {
			m[x.ID] = x
		}
		return m
	}
	got, want := byID(recs), byID(full.Records)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot records %v\nfull pull records %v", got, want)
	}
	var ids []string
	for id := range got {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{cust1, cust3, book1}) {
		t.Errorf("snapshot holds %v; want Lan's two customers and her booking", ids)
	}
	if v := got[cust3].Fields[record.Deleted].Value; string(v) != "true" {
		t.Errorf("deleted customer's tombstone: %s", v)
	}

	// Without gzip accepted, the body is plain NDJSON.
	r = e.do("GET", protocol.PathSnapshot, nil, map[string]string{"Authorization": "Bearer " + fresh.token, "Accept-Encoding": "identity"})
	if r.status != http.StatusOK || r.header.Get("Content-Encoding") != "" {
		t.Fatalf("plain snapshot: %d %v", r.status, r.header)
	}
	if c, plainRecs, _ := readSnapshot(t, r.body); c != cursor || len(plainRecs) != len(recs) {
		t.Errorf("plain snapshot: cursor %s, %d records", c, len(plainRecs))
	}
	// No token, no snapshot.
	if r := e.do("GET", protocol.PathSnapshot, nil, nil); r.status != http.StatusUnauthorized {
		t.Errorf("snapshot without a token: %d", r.status)
	}
}
