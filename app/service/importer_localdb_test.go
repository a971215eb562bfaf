package service_test

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

type rowsOf [][]string

func (r *rowsOf) Next() ([]string, int, error) {
	if len(*r) == 0 {
		return nil, 0, io.EOF
	}
	row := (*r)[0]
	*r = (*r)[1:]
	return row, 0, nil
}

type numbered struct {
	rows [][]string
	i    int
}

func (n *numbered) Next() ([]string, int, error) {
	if n.i >= len(n.rows) {
		return nil, 0, io.EOF
	}
	n.i++
	return n.rows[n.i-1], n.i, nil
}

// The bad-rows import of issue 2 on a real localdb store: exactly the bad
// rows are rejected, the duplicates merged, the rest stored unharmed and
// found by search.
func TestImportBadRowsLocalDB(t *testing.T) {
	s := openStore(t)
	svc := service.NewCustomers(s, service.Session{UserID: "u1"})
	binhID, err := svc.Create(&app.Customer{Name: "Trần Thị Bình", Phones: []string{"0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	file := &numbered{rows: [][]string{
		{"ФИО", "Телефон", "Email", "Паспорт", "Дата рождения", "Город", "Примечание", "Любимый цвет"},
		/* 2 */ {"Иванов Иван Иванович", "+7 912 345-67-89", "ivanov@mail.ru", "751234567", "02.11.1979", "Москва", "", "синий"},
		/* 3 */ {"   ", "+7 912 000-00-01", "", "", "", "", "", ""},
		/* 4 */ {"Петров Пётр", "12", "", "", "", "", "", ""},
		/* 5 */ {"Сидоров\xff", "+7 912 000-00-02", "", "", "", "", "", ""},
		/* 6 */ {"Смирнова Анна", "+7 912 000-00-03", "", "", "", "", strings.Repeat("я", 10000), ""},
		/* 7 */ {"Tran Thi Binh", "0912 345 678", "binh@example.vn", "", "", "", "", ""},
		/* 8 */ {"Ivanov Ivan", "", "IVANOV@mail.ru", "", "", "", "", ""},
		/* 9 */ {"王伟", "+86 138 0013 8000", "", "E12345678", "1985-05-01", "北京", "", ""},
	}}
	rep, err := service.ImportCustomers(s, service.Session{UserID: "u1"}, file, service.ImportOptions{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	var rejected []int
	for _, r := range rep.Rejected {
		rejected = append(rejected, r.Row)
	}
	if !slices.Equal(rejected, []int{3, 4, 5, 6}) || rep.Imported != 2 || rep.Merged != 2 || !slices.Equal(rep.Unknown, []string{"Любимый цвет"}) {
		t.Fatalf("report %+v", rep)
	}
	if m := rep.Merges[0]; m.Row != 7 || m.Into != binhID || m.By != "phone +84912345678" {
		t.Errorf("merge %+v", m)
	}
	if m := rep.Merges[1]; m.Row != 8 || m.IntoRow != 2 || m.By != "email ivanov@mail.ru" {
		t.Errorf("merge %+v", m)
	}
	if n, _ := svc.Count(); n != 3 {
		t.Errorf("%d customers, want 3", n)
	}
	found, err := svc.Search("иванов", 10)
	if err != nil || len(found) != 1 {
		t.Fatalf("search иванов: %v %v", found, err)
	}
	iv := found[0]
	if iv.PassportNumber != "751234567" || iv.Birthday.String() != "1979-11-02" || iv.Province != "Москва" || iv.OwnerID != "u1" {
		t.Errorf("Иванов stored as %+v", iv)
	}
	b, _ := svc.Get(binhID)
	if !slices.Equal(b.Emails, []string{"binh@example.vn"}) || b.Name != "Trần Thị Bình" {
		t.Errorf("Bình after merge: %+v", b)
	}
	if found, _ := svc.Search("0901 234 567", 5); len(found) != 0 {
		t.Errorf("search of an unknown phone found %v", found)
	}
	if found, _ := svc.Search("138 0013 8000", 5); len(found) != 1 || found[0].Name != "王伟" {
		t.Errorf("search of 王伟's phone: %v", found)
	}

	// A file with a header and no rows imports nothing, without error.
	rep, err = service.ImportCustomers(s, service.Session{}, &rowsOf{{"Name"}}, service.ImportOptions{})
	if err != nil || rep.Rows != 0 || rep.Imported != 0 {
		t.Errorf("a header-only file: %+v, %v", rep, err)
	}
}
