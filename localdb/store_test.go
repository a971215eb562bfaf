package localdb

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

func TestSaveGetDelete(t *testing.T) {
	s := openTest(t)
	id := addCustomer(t, s, app.Customer{Name: "Nguyễn Văn An", Phones: []string{"0901234567"}})

	rec, err := s.Get(app.KindCustomer, id)
	if err != nil {
		t.Fatal(err)
	}
	var c app.Customer
	if err := record.Decode(rec, &c); err != nil {
		t.Fatal(err)
	}
	if c.Name != "Nguyễn Văn An" || !slices.Equal(c.Phones, []string{"+84901234567"}) {
		t.Fatalf("got %+v", c)
	}
	if rec.IsDeleted() {
		t.Fatal("new record is deleted")
	}
	if rec.Fields["name"].Stamp.Device != s.DeviceID() {
		t.Fatalf("stamp device %q, want %q", rec.Fields["name"].Stamp.Device, s.DeviceID())
	}
	if n, _ := s.Count(app.KindCustomer); n != 1 {
		t.Fatalf("count %d", n)
	}

	if _, err := s.Get(app.KindCustomer, "nope"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("get absent: %v", err)
	}
	err = s.Update(func(tx service.Tx) error { return tx.Delete(app.KindCustomer, "nope") })
	if !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("delete absent: %v", err)
	}

	if err := s.Update(func(tx service.Tx) error { return tx.Delete(app.KindCustomer, id) }); err != nil {
		t.Fatal(err)
	}
	rec, err = s.Get(app.KindCustomer, id)
	if err != nil || !rec.IsDeleted() {
		t.Fatalf("deleted record: %v %v", rec, err)
	}
	if _, err := service.Load[app.Customer](s, id); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("Load of deleted: %v", err)
	}
	if n, _ := s.Count(app.KindCustomer); n != 0 {
		t.Fatalf("count after delete %d", n)
	}
	for _, check := range []func() ([]string, error){
		func() ([]string, error) { return s.Search(app.KindCustomer, "nguyen", 10) },
		func() ([]string, error) { return s.Lookup(app.KindCustomer, "phones", "+84901234567") },
		func() ([]string, error) { return s.SortedIDs(app.KindCustomer) },
	} {
		if ids, err := check(); err != nil || len(ids) != 0 {
			t.Fatalf("deleted record still indexed: %v %v", ids, err)
		}
	}
	// Saving a deleted record's fields does not revive it.
	err = s.Update(func(tx service.Tx) error {
		_, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{"name": json.RawMessage(`"Lan"`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if rec, _ := s.Get(app.KindCustomer, id); !rec.IsDeleted() {
		t.Fatal("save revived a deleted record")
	}
	// Deleting twice writes nothing more.
	before, _ := s.LastDeviceSeq()
	if err := s.Update(func(tx service.Tx) error { return tx.Delete(app.KindCustomer, id) }); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.LastDeviceSeq(); after != before {
		t.Fatalf("second delete wrote seq %d → %d", before, after)
	}
}

func TestSaveRejects(t *testing.T) {
	s := openTest(t)
	for name, values := range map[string]map[string]json.RawMessage{
		"tombstone": {record.Deleted: json.RawMessage("true")},
		"bad json":  {"name": json.RawMessage(`{"`)},
	} {
		err := s.Update(func(tx service.Tx) error {
			_, err := tx.Save(app.KindCustomer, "x", values)
			return err
		})
		if !errors.Is(err, app.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := s.Lookup(app.KindCustomer, "notes", "x"); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("lookup of unindexed field: %v", err)
	}
}

func TestNoopSaveWritesNothing(t *testing.T) {
	s := openTest(t)
	id := addCustomer(t, s, app.Customer{Name: "Trần Thị Bích", Emails: []string{"bich@example.vn"}})
	seq, _ := s.LastDeviceSeq()
	rec1, _ := s.Get(app.KindCustomer, id)
	before := snapshot(s)

	// The same values again, reformatted JSON included.
	err := s.Update(func(tx service.Tx) error {
		_, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{
			"name":   json.RawMessage(`"Trần Thị Bích"`),
			"emails": json.RawMessage(`[ "bich@example.vn" ]`),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := s.LastDeviceSeq(); after != seq {
		t.Fatalf("no-op save took seq %d → %d", seq, after)
	}
	if !bytes.Equal(snapshot(s), before) {
		t.Fatal("no-op save changed the file's contents")
	}
	rec2, _ := s.Get(app.KindCustomer, id)
	if rec1.Fields["name"].Stamp != rec2.Fields["name"].Stamp {
		t.Fatal("no-op save restamped a field")
	}

	// A real change stamps only the changed field and writes one entry.
	err = s.Update(func(tx service.Tx) error {
		_, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{
			"name": json.RawMessage(`"Trần Thị Bích"`), "notes": json.RawMessage(`"VIP"`),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := s.Outbox(0)
	last := out[len(out)-1]
	if last.DeviceSeq != seq+1 || len(last.Fields) != 1 || string(last.Fields["notes"].Value) != `"VIP"` {
		t.Fatalf("outbox entry %+v", last)
	}
}

func TestIndexesFollowEdits(t *testing.T) {
	s := openTest(t)
	id := addCustomer(t, s, app.Customer{Name: "Lê Văn Tám", Phones: []string{"0901234567"}, Tags: []string{"vip", "golf"}})
	other := addCustomer(t, s, app.Customer{Name: "Phạm Thị Hoa", Tags: []string{"golf"}})

	lookup := func(field, value string) []string {
		t.Helper()
		ids, err := s.Lookup(app.KindCustomer, field, value)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := lookup("phones", "+84901234567"); !sameIDs(got, []string{id}) {
		t.Fatalf("lookup phone: %v", got)
	}
	golf := []string{id, other}
	slices.Sort(golf)
	if got := lookup("tags", "golf"); !sameIDs(got, golf) {
		t.Fatalf("lookup tag: %v", got)
	}

	err := s.Update(func(tx service.Tx) error {
		_, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{
			"phones": json.RawMessage(`["+84912345678"]`),
			"tags":   json.RawMessage(`["vip"]`),
			"name":   json.RawMessage(`"Âu Văn Tám"`),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := lookup("phones", "+84901234567"); len(got) != 0 {
		t.Fatalf("old phone still found: %v", got)
	}
	if got := lookup("phones", "+84912345678"); !sameIDs(got, []string{id}) {
		t.Fatalf("new phone: %v", got)
	}
	if got := lookup("tags", "golf"); !sameIDs(got, []string{other}) {
		t.Fatalf("tag golf: %v", got)
	}
	if got, _ := s.Search(app.KindCustomer, "0901234", 10); len(got) != 0 {
		t.Fatalf("search old phone: %v", got)
	}
	if got, _ := s.Search(app.KindCustomer, "0912 345", 10); !sameIDs(got, []string{id}) {
		t.Fatalf("search new phone: %v", got)
	}
	// The rename moved it to the front of the sort order.
	if got, _ := s.SortedIDs(app.KindCustomer); !sameIDs(got, []string{id, other}) {
		t.Fatalf("sorted: %v", got)
	}
}

func TestSortedIDs(t *testing.T) {
	s := openTest(t)
	names := []string{"Đỗ Minh", "an Nguyễn", "Иванов Иван", "Bùi Lan", "王伟", "Dương Anh", "Ân Phúc"}
	ids := map[string]string{}
	for _, n := range names {
		ids[n] = addCustomer(t, s, app.Customer{Name: n})
	}
	got, err := s.SortedIDs(app.KindCustomer)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, id := range got {
		for n, v := range ids {
			if v == id {
				order = append(order, n)
			}
		}
	}
	// "an nguyen" < "an phuc" < "bui lan" < "do minh" < "duong anh" < Cyrillic < Han.
	want := []string{"an Nguyễn", "Ân Phúc", "Bùi Lan", "Đỗ Minh", "Dương Anh", "Иванов Иван", "王伟"}
	if !slices.Equal(order, want) {
		t.Fatalf("order %q, want %q", order, want)
	}
	if n, _ := s.Count(app.KindCustomer); n != len(names) {
		t.Fatalf("count %d", n)
	}
}

// A failing Update leaves no record, index, outbox entry, count or clock
// behind.
func TestUpdateRollsBackEverything(t *testing.T) {
	s := openTest(t)
	addCustomer(t, s, app.Customer{Name: "Hồ Thị Mai"})
	seq, _ := s.LastDeviceSeq()
	before := snapshot(s)
	boom := errors.New("boom")
	var id string
	err := s.Update(func(tx service.Tx) error {
		var err error
		id = record.NewID()
		if _, err = service.StoreEntity(tx, id, &app.Customer{Name: "Vũ Văn Nam", Phones: []string{"0987654321"}}); err != nil {
			return err
		}
		if got, err := tx.Lookup(app.KindCustomer, "phones", "+84987654321"); err != nil || len(got) != 1 {
			t.Errorf("the transaction does not see its own write: %v %v", got, err)
		}
		return boom
	})
	if err != boom {
		t.Fatalf("Update returned %v, want the error unchanged", err)
	}
	if _, err := s.Get(app.KindCustomer, id); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("rolled-back record: %v", err)
	}
	if after, _ := s.LastDeviceSeq(); after != seq {
		t.Fatalf("seq %d → %d", seq, after)
	}
	if after := snapshot(s); !bytes.Equal(before, after) {
		t.Fatal("rolled-back Update changed the file")
	}
}

// snapshot returns every bucket, key and value of the file, in order.
func snapshot(s *Store) []byte {
	var buf bytes.Buffer
	s.db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return dump(&buf, name, b)
		})
	})
	return buf.Bytes()
}

func dump(buf *bytes.Buffer, name []byte, b *bolt.Bucket) error {
	buf.Write(name)
	buf.WriteByte('{')
	err := b.ForEach(func(k, v []byte) error {
		if v == nil {
			return dump(buf, k, b.Bucket(k))
		}
		buf.Write(k)
		buf.WriteByte('=')
		buf.Write(v)
		buf.WriteByte(';')
		return nil
	})
	buf.WriteByte('}')
	return err
}

func TestReopenKeepsDeviceAndClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dev := s.DeviceID()
	id := record.NewID()
	err = s.Update(func(tx service.Tx) error {
		_, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{"name": json.RawMessage(`"A"`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := s.Get(app.KindCustomer, id)
	s.Close()

	// The wall clock now runs an hour behind: stamps must still go up.
	behind := func() time.Time { return time.Now().Add(-time.Hour) }
	s, err = Open(path, Options{Now: behind})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.DeviceID() != dev {
		t.Fatalf("device id changed on reopen")
	}
	err = s.Update(func(tx service.Tx) error {
		_, err := tx.Save(app.KindCustomer, id, map[string]json.RawMessage{"name": json.RawMessage(`"B"`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rec2, _ := s.Get(app.KindCustomer, id)
	if !rec2.Fields["name"].Stamp.After(rec.Fields["name"].Stamp) {
		t.Fatalf("stamp went back: %v then %v", rec.Fields["name"].Stamp, rec2.Fields["name"].Stamp)
	}

	other, err := Open(filepath.Join(t.TempDir(), "q.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if other.DeviceID() == dev {
		t.Fatal("a new file reused the device id")
	}
}

func TestSecondOpenFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	s := openTestAt(t, path)
	_ = s
	start := time.Now()
	_, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("second open took %v", el)
	}
	if !bytes.Contains([]byte(err.Error()), []byte(path)) {
		t.Fatalf("error %q does not name the file", err)
	}
}

func TestMigrationsRunOnceInOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	saved := migrations
	t.Cleanup(func() { migrations = saved })
	var ran []uint64
	base := schemaVersion()
	migrations = append(slices.Clip(saved),
		migration{base + 1, "test one", func(tx *bolt.Tx) error {
			ran = append(ran, base+1)
			return tx.Bucket(bucketMeta).Put([]byte("test"), []byte("1"))
		}},
		migration{base + 2, "test two", func(tx *bolt.Tx) error {
			ran = append(ran, base+2)
			if string(tx.Bucket(bucketMeta).Get([]byte("test"))) != "1" {
				return errors.New("migration one did not run first")
			}
			return nil
		}},
	)
	for range 2 {
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	if !slices.Equal(ran, []uint64{base + 1, base + 2}) {
		t.Fatalf("ran %v", ran)
	}

	// A failing migration rolls back the ones before it.
	path2 := filepath.Join(t.TempDir(), "m2.db")
	withTest := migrations
	migrations = saved
	s, err = Open(path2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	migrations = withTest
	migrations[len(migrations)-1].run = func(*bolt.Tx) error { return errors.New("broken") }
	if _, err := Open(path2, Options{}); err == nil {
		t.Fatal("open with a failing migration succeeded")
	}
	db, err := bolt.Open(path2, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get([]byte("test")); v != nil {
			t.Error("migration one committed although two failed")
		}
		if v := getU64(tx.Bucket(bucketMeta).Get(metaSchema)); v != base {
			t.Errorf("schema %d, want %d", v, base)
		}
		return nil
	})
	db.Close()

	// A file from a newer version is refused.
	migrations = saved
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("open of newer file: %v", err)
	}
}

func TestBackupRoundTrip(t *testing.T) {
	s := openTest(t)
	var ids []string
	for _, n := range []string{"Nguyễn Văn An", "Иванов Иван", "王伟"} {
		ids = append(ids, addCustomer(t, s, app.Customer{Name: n, Phones: []string{"+84901234567"}}))
	}
	var buf bytes.Buffer
	n, err := s.Backup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("Backup: %d bytes, %v", n, err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.BackupFile(path); err != nil {
		t.Fatal(err)
	}
	b := openTestAt(t, path)
	if b.DeviceID() != s.DeviceID() {
		t.Fatal("backup lost the device id")
	}
	for _, id := range ids {
		want, _ := s.Get(app.KindCustomer, id)
		got, err := b.Get(app.KindCustomer, id)
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if !bytes.Equal(wj, gj) {
			t.Fatalf("backup holds %s, want %s", gj, wj)
		}
	}
	if got, _ := b.Search(app.KindCustomer, "nguyen", 10); !sameIDs(got, ids[:1]) {
		t.Fatalf("search in backup: %v", got)
	}
	if err := s.BackupFile(s.Path()); err == nil {
		t.Fatal("backup onto the data file itself succeeded")
	}
}

func TestUnknownKindKept(t *testing.T) {
	s := openTest(t)
	err := s.Update(func(tx service.Tx) error {
		_, err := tx.Save("hologram", "h1", map[string]json.RawMessage{"x": json.RawMessage(`1`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.SortedIDs("hologram"); !sameIDs(ids, []string{"h1"}) {
		t.Fatalf("sorted: %v", ids)
	}
	if n, _ := s.Count("hologram"); n != 1 {
		t.Fatalf("count %d", n)
	}
}

// Index keys end with the document number (creation order); Lookup still
// returns ids in id order.
func TestLookupInIDOrder(t *testing.T) {
	s := openTest(t)
	for _, id := range []string{"c3", "c1", "c2", "b9"} {
		save(t, s, id, map[string]string{"name": `"X"`, "owner_id": `"agent-01"`})
	}
	save(t, s, "c4", map[string]string{"name": `"Y"`, "owner_id": `"agent-02"`})
	got, err := s.Lookup(app.KindCustomer, "owner_id", "agent-01")
	if err != nil || !slices.Equal(got, []string{"b9", "c1", "c2", "c3"}) {
		t.Fatalf("Lookup = %q, %v", got, err)
	}
	if got, _ := s.Lookup(app.KindCustomer, "owner_id", "agent"); len(got) != 0 {
		t.Fatalf("Lookup of a prefix = %q", got)
	}
}
