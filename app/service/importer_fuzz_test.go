package service

import (
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
)

// FuzzImportCustomers feeds arbitrary tables (rows split on newlines,
// cells on commas) to the importer: it must not panic, must account for
// every row exactly once, and must store only customers that validate.
func FuzzImportCustomers(f *testing.F) {
	for _, s := range []string{
		"Họ tên,Điện thoại,Email\nNguyễn Văn An,0901 234 567,an@example.vn\nNguyen Van An,,AN@example.vn",
		"name,phone\n,12\nB\xffnh,0912345678\n\n",
		"ФИО,Телефон,Дата рождения\nИванов Иван,+7 912 345-67-89,31.02.1990",
		"Họ,Tên,Hộ chiếu,id\nLê,Bình,b1234567,x\nTrần,An,B1234567,x",
		"name,tags,marketing_consent,gender,type,stage\nA,\"x,y\",maybe,?,company,customer",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var rows [][]string
		for _, line := range strings.Split(in, "\n") {
			rows = append(rows, strings.Split(line, ","))
		}
		store := newMemStore()
		rep, err := ImportCustomers(store, Session{UserID: "u"}, &sliceRows{rows: rows}, ImportOptions{BatchSize: 3})
		if err != nil {
			return // no name column, empty file: the whole file is refused
		}
		if rep.Imported+rep.Merged+len(rep.Rejected) != rep.Rows {
			t.Fatalf("%d rows, but %d imported + %d merged + %d rejected", rep.Rows, rep.Imported, rep.Merged, len(rep.Rejected))
		}
		ids, _ := store.SortedIDs(app.KindCustomer)
		if len(ids) != rep.Imported {
			t.Fatalf("%d customers stored, %d imported", len(ids), rep.Imported)
		}
		all, err := NewCustomers(store, Session{}).GetMany(ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range all {
			if err := c.Validate(); err != nil {
				t.Fatalf("stored customer does not validate: %v (%+v)", err, c)
			}
		}
	})
}
