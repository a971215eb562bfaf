package app

import "testing"

func validOffice() Office {
	return Office{Name: "Hà Nội head office", Code: "han", Address: "12 Lý Thường Kiệt, Hoàn Kiếm", Country: "VN", Region: "North", Phone: "024 3826 1234", Email: "HN@Example.vn"}
}

func TestOfficeValidate(t *testing.T) {
	o := validOffice()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if o.Code != "HAN" || o.Phone != "+842438261234" || o.Email != "hn@example.vn" {
		t.Errorf("normalised = %+v", o)
	}
	runBad(t, validOffice, []badCase[Office]{
		{"no name", func(o *Office) { o.Name = "" }, "name", CodeRequired},
		{"long code", func(o *Office) { o.Code = "HANOIHEADOFFICE" }, "code", CodeTooLong},
		{"bad phone", func(o *Office) { o.Phone = "12" }, "phone", CodeFormat},
		{"bad email", func(o *Office) { o.Email = "hn@" }, "email", CodeFormat},
		{"bad country", func(o *Office) { o.Country = "1" }, "country", CodeFormat},
	})
}
