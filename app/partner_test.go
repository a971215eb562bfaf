package app

import "testing"

func validPartner() Partner {
	return Partner{Name: "Vinpearl Resort Hội An", Type: PartnerHotel, ContactName: "Ms Hoa", ContactTitle: "Reservations", Phones: []string{"0235 3753 333", "+84 235 3753 333"}, Emails: []string{"Sales@Vinpearl.example"}, Province: "Quảng Nam", Region: "Central", Country: "VN", TaxCode: "4000123456", BankAccount: "Vietcombank Hội An\n0123456789", Rating: 4}
}

func TestPartnerValidate(t *testing.T) {
	p := validPartner()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(p.Phones) != 1 || p.Phones[0] != "+842353753333" || p.Emails[0] != "sales@vinpearl.example" {
		t.Errorf("normalised = %+v", p)
	}
	runBad(t, validPartner, []badCase[Partner]{
		{"no name", func(p *Partner) { p.Name = "" }, "name", CodeRequired},
		{"no type", func(p *Partner) { p.Type = "" }, "type", CodeRequired},
		{"bad type", func(p *Partner) { p.Type = "spa" }, "type", CodeUnknown},
		{"bad phone", func(p *Partner) { p.Phones = []string{"+84 235 3753 333", "abc"} }, "phones.1", CodeFormat},
		{"bad email", func(p *Partner) { p.Emails = []string{"x@y"} }, "emails.0", CodeFormat},
		{"rating", func(p *Partner) { p.Rating = 6 }, "rating", CodeRange},
	})
}
