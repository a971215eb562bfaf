package service

import (
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
)

// sliceRows is a RowSource over rows numbered from 1.
type sliceRows struct {
	rows [][]string
	i    int
}

func (s *sliceRows) Next() ([]string, int, error) {
	if s.i >= len(s.rows) {
		return nil, 0, io.EOF
	}
	s.i++
	return s.rows[s.i-1], s.i, nil
}

// badFile is the import of issue 2: good rows mixed with every kind of
// bad row, numbered as a spreadsheet shows them (header = row 1).
func badFile() [][]string {
	return [][]string{
		{"Họ tên", "Điện thoại", "Email", "Hộ chiếu", "Ngày sinh", "Tỉnh", "Tags", "Ghi chú", "Favourite colour"},
		/* 2 */ {"Nguyễn Văn An", "0901 234 567", "an@example.vn", "B1234567", "25/03/1990", "Hà Nội", "vip, biển", "", "blue"},
		/* 3 */ {"", "0903 333 333", "", "", "", "", "", "", ""},
		/* 4 */ {"Lê Văn Cường", "12", "", "", "", "", "", "", ""},
		/* 5 */ {"Ph\xe1m Thị Dung", "0905 555 555", "", "", "", "", "", "", ""},
		/* 6 */ {"Hoàng Văn Em", "0904 444 444", "", "", "", "", "", strings.Repeat("x", 10000), ""},
		/* 7 */ {"Binh Tran", "+84 91 234 5678", "binh.tran@gmail.com", "", "", "", "", "", ""},
		/* 8 */ {"Nguyen Van An", "0987 654 321", "AN@Example.vn", "", "", "", "", "", ""},
		/* 9 */ {"Đặng Thị Giang", "0906 666 666", "", "", "31/02/1990", "", "", "", ""},
		/* 10 */ {"", "", "", "", "", "", "", "", ""},
		/* 11 */ {"Иванов Иван Иванович", "+7 912 345-67-89", "ivanov@mail.ru", "", "1979-11-02", "Москва", "", "", ""},
		/* 12 */ {"王伟", "+86 138 0013 8000", "", "", "01.05.1985", "北京", "", "", ""},
		/* 13 */ {"Võ Văn Hùng", "", "", "b 1234567", "", "", "", "", ""},
	}
}

func TestImportCustomersBadRows(t *testing.T) {
	store := newMemStore()
	svc := NewCustomers(store, Session{UserID: "u1", OfficeID: "o1"})
	binh := &app.Customer{Name: "Trần Thị Bình", Phones: []string{"0912345678"}, Emails: []string{"binh@example.vn"}}
	binhID, err := svc.Create(binh)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := ImportCustomers(store, Session{UserID: "u1", OfficeID: "o1"}, &sliceRows{rows: badFile()}, ImportOptions{BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 11 || rep.Blank != 1 || rep.Imported != 3 || rep.Merged != 3 {
		t.Errorf("rows %d blank %d imported %d merged %d, want 11 1 3 3", rep.Rows, rep.Blank, rep.Imported, rep.Merged)
	}
	if !reflect.DeepEqual(rep.Unknown, []string{"Favourite colour"}) {
		t.Errorf("unknown columns %q", rep.Unknown)
	}

	type rej struct {
		row         int
		column      string
		field, code string
		reason      string
	}
	want := []rej{
		{3, "Họ tên", "name", app.CodeRequired, "Họ tên: is required"},
		{4, "Điện thoại", "phones.0", app.CodeFormat, `Điện thoại: "12" is not a valid phone number`},
		{5, "Họ tên", "name", app.CodeEncoding, "Họ tên: contains bytes that are not valid UTF-8"},
		{6, "Ghi chú", "notes", app.CodeTooLong, "Ghi chú: is too long (10000 characters, at most 5000)"},
		{9, "Ngày sinh", "birthday", app.CodeFormat, `Ngày sinh: "31/02/1990" is not a date`},
	}
	if len(rep.Rejected) != len(want) {
		t.Fatalf("rejected %v, want rows 3 4 5 6 9", rep.Rejected)
	}
	for i, w := range want {
		g := rep.Rejected[i]
		if g.Row != w.row || g.Column != w.column || g.Field != w.field || g.Code != w.code || !strings.HasPrefix(g.Reason, w.reason) {
			t.Errorf("rejected[%d] = %+v, want %+v", i, g, w)
		}
	}

	ids, _ := store.SortedIDs(app.KindCustomer)
	if len(ids) != 4 {
		t.Fatalf("%d customers stored, want 4 (Bình + 3 imported)", len(ids))
	}
	find := func(name string) *app.Customer {
		got, _ := svc.GetMany(ids)
		for _, c := range got {
			if c.Name == name {
				return c
			}
		}
		t.Fatalf("no customer named %q", name)
		return nil
	}
	an := find("Nguyễn Văn An")
	wantMerges := []RowMerge{
		{Row: 7, Into: binhID, By: "phone +84912345678", Changed: true},
		{Row: 8, Into: an.ID, IntoRow: 2, By: "email an@example.vn", Changed: true},
		{Row: 13, Into: an.ID, IntoRow: 8, By: "passport B1234567", Changed: false},
	}
	if !reflect.DeepEqual(rep.Merges, wantMerges) {
		t.Errorf("merges\n got %+v\nwant %+v", rep.Merges, wantMerges)
	}

	// The good rows are stored unharmed, with the merged rows folded in.
	if !slices.Equal(an.Phones, []string{"+84901234567", "+84987654321"}) || !slices.Equal(an.Emails, []string{"an@example.vn"}) ||
		an.PassportNumber != "B1234567" || an.Birthday.String() != "1990-03-25" || an.Province != "Hà Nội" ||
		!slices.Equal(an.Tags, []string{"vip", "biển"}) || an.OwnerID != "u1" || an.OfficeID != "o1" || an.Channel != "import" || an.Stage != app.StageLead {
		t.Errorf("Nguyễn Văn An stored as %+v", an)
	}
	b := find("Trần Thị Bình")
	if !slices.Equal(b.Emails, []string{"binh@example.vn", "binh.tran@gmail.com"}) || !slices.Equal(b.Phones, []string{"+84912345678"}) {
		t.Errorf("existing customer after merge: %+v", b)
	}
	iv := find("Иванов Иван Иванович")
	if !slices.Equal(iv.Phones, []string{"+79123456789"}) || iv.Birthday.String() != "1979-11-02" || iv.Province != "Москва" {
		t.Errorf("Ivanov stored as %+v", iv)
	}
	w := find("王伟")
	if !slices.Equal(w.Phones, []string{"+8613800138000"}) || w.Birthday.String() != "1985-05-01" {
		t.Errorf("王伟 stored as %+v", w)
	}

	// Importing the same file again doubles nothing.
	rep2, err := ImportCustomers(store, Session{UserID: "u1"}, &sliceRows{rows: badFile()}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := store.Count(app.KindCustomer); n != 4 || rep2.Imported != 0 || rep2.Merged != 6 || len(rep2.Rejected) != 5 {
		t.Errorf("second import: %d customers, report %+v", n, rep2)
	}
}

func TestImportHeaderMapping(t *testing.T) {
	tests := []struct {
		header []string
		want   []string // field per column, "" = unknown
	}{
		{[]string{"Name", "Phone", "E-mail", "Passport No", "Birthday", "Address", "Province", "Tags", "Notes"},
			[]string{"name", "phones", "emails", "passport_number", "birthday", "address", "province", "tags", "notes"}},
		{[]string{"HỌ TÊN", "Điện thoại", "dien thoai 2", "Hộ chiếu", "Ngày sinh", "Địa chỉ", "Tỉnh", "Ghi chú", "SĐT"},
			[]string{"name", "phones", "phones", "passport_number", "birthday", "address", "province", "notes", "phones"}},
		{[]string{"ФИО", "Телефон", "Email", "Паспорт", "Дата рождения", "Адрес", "Город", "Примечание"},
			[]string{"name", "phones", "emails", "passport_number", "birthday", "address", "province", "notes"}},
		{[]string{"姓名", "手机", "邮箱", "护照号", "出生日期", "Shoe size"},
			[]string{"name", "phones", "emails", "passport_number", "birthday", ""}},
		{[]string{"Họ", "Tên đệm", "Tên", "id", "latin_name", "phones", "passport_expiry", "marketing_consent"},
			[]string{fieldFamily, fieldMiddle, fieldGiven, fieldRecordID, "latin_name", "phones", "passport_expiry", "marketing_consent"}},
	}
	for _, tt := range tests {
		var rep Report
		plan, err := planColumns(tt.header, ImportOptions{}, &rep)
		if err != nil {
			t.Errorf("%q: %v", tt.header, err)
			continue
		}
		if !reflect.DeepEqual(plan.fields, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.header, plan.fields, tt.want)
		}
	}
	var rep Report
	if _, err := planColumns([]string{"Phone", "Email"}, ImportOptions{}, &rep); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("a file without a name column: err = %v, want ErrInvalid", err)
	}
	plan, err := planColumns([]string{"Khách", "Số máy"}, ImportOptions{Mapping: map[string]string{"Khách": "name", "Số máy": "phones"}}, &rep)
	if err != nil || !reflect.DeepEqual(plan.fields, []string{"name", "phones"}) {
		t.Errorf("explicit mapping: %v %v", plan, err)
	}
}

func TestImportSplitNameAndValues(t *testing.T) {
	store := newMemStore()
	rows := [][]string{
		{"Họ", "Tên đệm", "Tên", "Giới tính", "Đồng ý nhận tin", "Ngày sinh", "Quốc gia", "Điện thoại"},
		{"Phạm", "Thị", "Hoa", "Nữ", "có", "32957", "", "0912 000 111"},
		{"Петров", "", "Сергей", "м", "нет", "", "RU", "8 (912) 345-67-00"},
		{"Lý", "", "Minh", "?", "", "", "", ""},
	}
	rep, err := ImportCustomers(store, Session{}, &sliceRows{rows: rows}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 2 || len(rep.Rejected) != 1 || rep.Rejected[0].Row != 4 || rep.Rejected[0].Field != "gender" {
		t.Fatalf("report %+v", rep)
	}
	got, _ := NewCustomers(store, Session{}).Search("", 10)
	byName := map[string]*app.Customer{}
	for _, c := range got {
		byName[c.Name] = c
	}
	hoa := byName["Phạm Thị Hoa"]
	if hoa == nil || hoa.Gender != app.Female || !hoa.MarketingConsent || hoa.Birthday.String() != "1990-03-25" {
		t.Errorf("Phạm Thị Hoa = %+v", hoa)
	}
	ps := byName["Петров Сергей"]
	if ps == nil || ps.Gender != app.Male || ps.MarketingConsent || !slices.Equal(ps.Phones, []string{"+79123456700"}) {
		t.Errorf("Петров Сергей = %+v", ps)
	}
}

func TestParseImportDate(t *testing.T) {
	for in, want := range map[string]string{
		"1990-03-25": "1990-03-25", "25/03/1990": "1990-03-25", "25.03.1990": "1990-03-25",
		"5/3/1990": "1990-03-05", "1990/03/25": "1990-03-25", "32957": "1990-03-25", "36526": "2000-01-01",
	} {
		d, err := parseImportDate(in)
		if err != nil || d.String() != want {
			t.Errorf("parseImportDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"03/25/1990", "31.02.2000", "yesterday", "0", "1e9"} {
		if d, err := parseImportDate(bad); err == nil {
			t.Errorf("parseImportDate(%q) = %v, want an error", bad, d)
		}
	}
}

// A store failure stops the import with an error; the batches already
// committed stay and are in the report.
func TestImportStoreFailure(t *testing.T) {
	store := &failingStore{memStore: newMemStore(), failAfter: 1}
	rows := [][]string{{"Name", "Phone"}}
	for i := range 10 {
		rows = append(rows, []string{"Khách " + string(rune('A'+i)), ""})
	}
	rep, err := ImportCustomers(store, Session{}, &sliceRows{rows: rows}, ImportOptions{BatchSize: 4})
	if err == nil || !strings.Contains(err.Error(), "rows 6–9") {
		t.Fatalf("err = %v, want the failing batch named", err)
	}
	if n, _ := store.Count(app.KindCustomer); rep.Imported != 4 || n != 4 {
		t.Errorf("imported %d, stored %d; want the first batch only", rep.Imported, n)
	}
}

type failingStore struct {
	*memStore
	failAfter int
}

func (s *failingStore) Update(fn func(Tx) error) error {
	if s.memStore.updates >= s.failAfter {
		return errors.New("disk full")
	}
	return s.memStore.Update(fn)
}
