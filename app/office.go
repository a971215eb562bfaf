package app

// Office is a branch of the agency (Hà Nội head office, a Sài Gòn branch).
// Managers see everything in their office.
type Office struct {
	ID   string `json:"-"`
	Name string `json:"name"`
	// Code is a short tag shown in lists and booking numbers ("HAN", "SGN").
	Code    string `json:"code"`
	Address string `json:"address"`
	// Country (ISO 3166-1 alpha-2) is where the office is; its phone
	// numbers typed without a country code are read as numbers there.
	Country string `json:"country"`
	Region  string `json:"region"`
	// Phone is E.164.
	Phone string `json:"phone"`
	Email string `json:"email"`
}

func init() {
	register(KindInfo{
		Kind:   KindOffice,
		New:    func() Entity { return new(Office) },
		Index:  []string{"code", "region"},
		Search: []string{"name", "code", "address"},
		Phones: []string{"phone"},
		Sort:   "name",
	})
}

// Kind implements Entity.
func (*Office) Kind() Kind { return KindOffice }

// Validate normalises the office (code upper-cased, phone to E.164) and
// reports every field that is wrong.
func (o *Office) Validate() error {
	var p Problems
	CleanText(&p, "name", &o.Name, MaxName, true, false)
	o.Code = upperASCII(o.Code)
	CleanText(&p, "code", &o.Code, 10, false, false)
	CleanText(&p, "address", &o.Address, MaxText, false, false)
	CleanCountry(&p, "country", &o.Country)
	CleanText(&p, "region", &o.Region, MaxName, false, false)
	CleanPhone(&p, "phone", &o.Phone, o.Country)
	CleanEmail(&p, "email", &o.Email)
	return p.Err(KindOffice)
}
