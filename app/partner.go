package app

// PartnerType is what a supplier provides.
type PartnerType string

const (
	PartnerHotel       PartnerType = "hotel"
	PartnerRestaurant  PartnerType = "restaurant"
	PartnerTransport   PartnerType = "transport"
	PartnerAirline     PartnerType = "airline"
	PartnerAttraction  PartnerType = "attraction"
	PartnerGuideAgency PartnerType = "guide_agency"
	PartnerOther       PartnerType = "other"
)

// PartnerTypes lists every partner type.
var PartnerTypes = []PartnerType{PartnerHotel, PartnerRestaurant, PartnerTransport, PartnerAirline, PartnerAttraction, PartnerGuideAgency, PartnerOther}

// Partner is a supplier operators order services from. Contact details
// are flat fields (one contact person, lists of phones and emails) so two
// operators editing different details never clash.
type Partner struct {
	ID   string      `json:"-"`
	Name string      `json:"name"`
	Type PartnerType `json:"type"`
	// ContactName and ContactTitle are the person to call ("Ms Hoa,
	// reservations").
	ContactName  string `json:"contact_name"`
	ContactTitle string `json:"contact_title"`
	// Phones are E.164, read in Country when typed without a country code.
	Phones   []string `json:"phones"`
	Emails   []string `json:"emails"`
	Website  string   `json:"website"`
	Address  string   `json:"address"`
	Province string   `json:"province"`
	Region   string   `json:"region"`
	Country  string   `json:"country"`
	TaxCode  string   `json:"tax_code"`
	// BankAccount is free text: bank, branch, account number, holder.
	BankAccount string `json:"bank_account"`
	// Rating is the operators' own 0–5 rating (0: not rated).
	Rating int    `json:"rating"`
	Notes  string `json:"notes"`
}

func init() {
	register(KindInfo{
		Kind:   KindPartner,
		New:    func() Entity { return new(Partner) },
		Index:  []string{"type", "province", "region", "country", "phones", "emails", "tax_code"},
		Search: []string{"name", "contact_name", "emails", "tax_code", "province"},
		Phones: []string{"phones"},
		Sort:   "name",
	})
}

// Kind implements Entity.
func (*Partner) Kind() Kind { return KindPartner }

// Validate normalises the partner (phones to E.164, emails lower-cased)
// and reports every field that is wrong.
func (pt *Partner) Validate() error {
	var p Problems
	CleanText(&p, "name", &pt.Name, MaxName, true, false)
	CheckOneOf(&p, "type", pt.Type, true, PartnerTypes...)
	CleanText(&p, "contact_name", &pt.ContactName, MaxName, false, false)
	CleanText(&p, "contact_title", &pt.ContactTitle, MaxName, false, false)
	CleanCountry(&p, "country", &pt.Country)
	CleanPhones(&p, "phones", &pt.Phones, pt.Country)
	CleanEmails(&p, "emails", &pt.Emails)
	CleanText(&p, "website", &pt.Website, MaxText, false, false)
	CleanText(&p, "address", &pt.Address, MaxText, false, false)
	CleanText(&p, "province", &pt.Province, MaxName, false, false)
	CleanText(&p, "region", &pt.Region, MaxName, false, false)
	CleanText(&p, "tax_code", &pt.TaxCode, 32, false, false)
	CleanText(&p, "bank_account", &pt.BankAccount, MaxText, false, true)
	CheckInt(&p, "rating", pt.Rating, 0, 5)
	CleanText(&p, "notes", &pt.Notes, MaxNotes, false, true)
	return p.Err(KindPartner)
}
