package app

// CustomerType tells a person from a company (a corporate client that books
// incentive trips for its staff).
type CustomerType string

const (
	Person  CustomerType = "person"
	Company CustomerType = "company"
)

// Gender as recorded on a passport.
type Gender string

const (
	Male   Gender = "male"
	Female Gender = "female"
	Other  Gender = "other"
)

// Stage is a customer's lifecycle stage: a target from a campaign list
// becomes a lead when they show interest, a prospect once a request is
// being worked on, and a customer after their first booking.
type Stage string

const (
	StageTarget   Stage = "target"
	StageLead     Stage = "lead"
	StageProspect Stage = "prospect"
	StageCustomer Stage = "customer"
)

// StageTransitions only moves forward; a stage may be skipped (a walk-in
// who books at once is a customer straight away).
var StageTransitions = Transitions[Stage]{
	StageTarget:   {StageLead, StageProspect, StageCustomer},
	StageLead:     {StageProspect, StageCustomer},
	StageProspect: {StageCustomer},
}

// Customer is a person or company the agency sells to, from the moment a
// campaign targets them. Its address, preference and consent fields are
// separate record fields so two agents editing different ones never clash.
type Customer struct {
	ID   string       `json:"-"`
	Type CustomerType `json:"type"`
	// Name is the full name as the customer writes it ("Nguyễn Văn An",
	// "Иванов Иван", "王伟") or a company's legal name.
	Name string `json:"name"`
	// LatinName is the name as printed in the passport ("NGUYEN VAN AN").
	LatinName string `json:"latin_name"`
	// ContactPerson is who speaks for a company customer.
	ContactPerson string `json:"contact_person"`
	TaxCode       string `json:"tax_code"`
	Gender        Gender `json:"gender"`
	Birthday      Date   `json:"birthday"`
	// Phones are E.164 ("+84901234567"), the first is the main one.
	Phones []string `json:"phones"`
	Emails []string `json:"emails"`
	// Address is street and district; Province and Region are separate so
	// reports can group by them ("Đà Nẵng", "Central").
	Address  string `json:"address"`
	Province string `json:"province"`
	Region   string `json:"region"`
	// Country and Nationality are ISO 3166-1 alpha-2 codes ("VN", "RU").
	Country        string `json:"country"`
	Nationality    string `json:"nationality"`
	PassportNumber string `json:"passport_number"`
	PassportExpiry Date   `json:"passport_expiry"`
	// IDNumber is a national ID card number (CCCD in Vietnam).
	IDNumber string `json:"id_number"`
	// Preferences, used by agents when proposing a trip.
	PreferredDestinations []string `json:"preferred_destinations"`
	PreferredTransport    []string `json:"preferred_transport"`
	AccommodationClass    string   `json:"accommodation_class"`
	Diet                  string   `json:"diet"`
	// Language is the customer's language for documents and messages
	// ("vi", "en", "ru", "zh").
	Language string   `json:"language"`
	Tags     []string `json:"tags"`
	// Channel is where the customer came from (facebook, zalo, website,
	// referral, walk-in, phone, campaign, import).
	Channel    string `json:"channel"`
	CampaignID string `json:"campaign_id"`
	// OwnerID is the agent (user id) who owns the customer and everything
	// hanging off it; OfficeID the owner's office.
	OwnerID          string `json:"owner_id"`
	OfficeID         string `json:"office_id"`
	MarketingConsent bool   `json:"marketing_consent"`
	Stage            Stage  `json:"stage"`
	Notes            string `json:"notes"`
	// Tier is the customer's VIP tier as last computed from their
	// purchases (app/segment, `tourdeskctl segment tiers --save`); ""
	// until they buy. Stored so customer lists filter by it.
	Tier CustomerTier `json:"tier"`
}

func init() {
	register(KindInfo{
		Kind:   KindCustomer,
		New:    func() Entity { return new(Customer) },
		Index:  []string{"owner_id", "office_id", "stage", "campaign_id", "tags", "province", "region", "tier", "phones", "emails", "passport_number", "id_number"},
		Search: []string{"name", "latin_name", "contact_person", "emails", "passport_number", "id_number", "tax_code"},
		Phones: []string{"phones"},
		Sort:   "name",
	})
}

// Kind implements Entity.
func (*Customer) Kind() Kind { return KindCustomer }

// Validate normalises the customer (trims text, phones to E.164 with
// numbers lacking a country code read as numbers of the customer's country,
// emails lower-cased, defaults for type and stage) and reports every field
// that is wrong.
func (c *Customer) Validate() error {
	var p Problems
	if c.Type == "" {
		c.Type = Person
	}
	if c.Stage == "" {
		c.Stage = StageLead
	}
	CheckOneOf(&p, "type", c.Type, true, Person, Company)
	CleanText(&p, "name", &c.Name, MaxName, true, false)
	CleanText(&p, "latin_name", &c.LatinName, MaxName, false, false)
	CleanText(&p, "contact_person", &c.ContactPerson, MaxName, false, false)
	CleanText(&p, "tax_code", &c.TaxCode, 32, false, false)
	CheckOneOf(&p, "gender", c.Gender, false, Male, Female, Other)
	CleanCountry(&p, "country", &c.Country)
	CleanCountry(&p, "nationality", &c.Nationality)
	CleanPhones(&p, "phones", &c.Phones, c.Country)
	CleanEmails(&p, "emails", &c.Emails)
	CleanText(&p, "address", &c.Address, MaxText, false, false)
	CleanText(&p, "province", &c.Province, MaxName, false, false)
	CleanText(&p, "region", &c.Region, MaxName, false, false)
	CleanDocument(&p, "passport_number", &c.PassportNumber)
	CleanDocument(&p, "id_number", &c.IDNumber)
	CleanList(&p, "preferred_destinations", &c.PreferredDestinations, MaxName, 50)
	CleanList(&p, "preferred_transport", &c.PreferredTransport, MaxName, 20)
	CleanText(&p, "accommodation_class", &c.AccommodationClass, MaxName, false, false)
	CleanText(&p, "diet", &c.Diet, MaxName, false, false)
	CheckOneOf(&p, "language", c.Language, false, Languages...)
	CleanList(&p, "tags", &c.Tags, MaxName, 50)
	CleanText(&p, "channel", &c.Channel, MaxName, false, false)
	CleanText(&p, "notes", &c.Notes, MaxNotes, false, true)
	CheckOneOf(&p, "stage", c.Stage, true, StageTarget, StageLead, StageProspect, StageCustomer)
	CheckOneOf(&p, "tier", c.Tier, false, CustomerTiers...)
	if !c.Birthday.IsZero() && (c.Birthday.Year < 1900 || c.Birthday.Year > 2100) {
		p.Add("birthday", CodeRange, "is not a plausible birth date")
	}
	return p.Err(KindCustomer)
}

// MainPhone is the first phone, or "".
func (c *Customer) MainPhone() string {
	if len(c.Phones) == 0 {
		return ""
	}
	return c.Phones[0]
}

// MainEmail is the first email, or "".
func (c *Customer) MainEmail() string {
	if len(c.Emails) == 0 {
		return ""
	}
	return c.Emails[0]
}
