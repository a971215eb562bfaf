package demo

import (
	"fmt"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// customer builds customer number i, stores it and what hangs off it.
func (g *gen) customer(tx service.Tx, i int) error {
	var c *app.Customer
	switch r := g.rng.Float64(); {
	case i == 0:
		c = g.sampleCustomer()
	case r < 0.70:
		c = g.vietnamese()
	case r < 0.85:
		c = g.russian()
	default:
		c = g.chinese()
	}
	c.Type = cmpOr(c.Type, app.Person)
	if c.Stage == "" {
		c.Stage = app.Stage(stages.pick(g))
	}
	c.MarketingConsent = g.chance(0.6)
	if len(g.agents) > 0 {
		a := g.rng.IntN(len(g.agents))
		c.OwnerID, c.OfficeID = g.agents[a], g.offices[g.agentOf[a]]
	}
	id := g.id()
	if err := g.save(tx, id, c); err != nil {
		return err
	}
	return g.afterCustomer(tx, id, c)
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}

func (g *gen) sampleCustomer() *app.Customer {
	g.phones[SamplePhone] = true
	g.emails["nguyenvanan@example.vn"] = true
	return &app.Customer{
		Name: "Nguyễn Văn An", LatinName: "NGUYEN VAN AN", Gender: app.Male,
		Birthday: app.Date{Year: 1985, Month: 3, Day: 25},
		Phones:   []string{SamplePhone}, Emails: []string{"nguyenvanan@example.vn"},
		Address: "36 Phố Huế, Hai Bà Trưng", Province: "Hà Nội", Region: "North",
		Country: "VN", Nationality: "VN", Language: "vi",
		PreferredDestinations: []string{"Hạ Long", "Phú Quốc"}, AccommodationClass: "4*",
		Tags: []string{"VIP", "khách quen"}, Channel: "referral", Stage: app.StageCustomer,
		Notes: "Demo customer: search \"0901 234 567\" finds him.",
	}
}

func (g *gen) vietnamese() *app.Customer {
	if g.chance(0.03) {
		return g.company()
	}
	male := g.chance(0.48)
	family := viFamily.pick(g)
	var middle, given string
	if male {
		middle, given = viMiddleMale.pick(g), pickOne(g, viGivenMale)
	} else {
		middle, given = viMiddleFemale.pick(g), pickOne(g, viGivenFemale)
	}
	name := family + " " + middle + " " + given
	prov := viProvinces.pick(g)
	c := &app.Customer{
		Name: name, LatinName: latin(name), Gender: gender(male),
		Province: prov.name, Region: prov.region,
		Address: fmt.Sprintf("%d %s", 1+g.rng.IntN(250), pickOne(g, prov.streets)),
		Country: "VN", Nationality: "VN", Language: "vi",
		Channel: viChannels.pick(g),
	}
	c.Phones = []string{g.viPhone()}
	if g.chance(0.08) {
		c.Phones = append(c.Phones, g.viPhone())
	}
	if g.chance(0.9) {
		c.Birthday = g.birthday()
	}
	if g.chance(0.6) {
		c.Emails = []string{g.email(latin(given), latin(family), latin(middle), c.Birthday, viDomains)}
	}
	if g.chance(0.4) {
		c.IDNumber = g.cccd(prov, male, c.Birthday)
	}
	if g.chance(0.3) {
		c.PassportNumber = unique(g.docs, func() string { return string("CNP"[g.rng.IntN(3)]) + g.digits(7) })
		c.PassportExpiry = g.between(g.today.AddDays(-200), g.today.AddDays(3650))
	}
	g.preferences(c, viDestinations)
	return c
}

func (g *gen) company() *app.Customer {
	male := g.chance(0.5)
	// Search also matches contact persons, and lists sort by name, so
	// every "Công ty …" whose contact is a Nguyễn would come before the
	// first person named Nguyễn. A demonstration of `customer search
	// nguyen` should show people named Nguyễn, so the demo's company
	// contacts are drawn from the other family names.
	family := viFamily.pick(g)
	for family == "Nguyễn" {
		family = viFamily.pick(g)
	}
	var contact string
	if male {
		contact = family + " " + viMiddleMale.pick(g) + " " + pickOne(g, viGivenMale)
	} else {
		contact = family + " " + viMiddleFemale.pick(g) + " " + pickOne(g, viGivenFemale)
	}
	short := pickOne(g, companySectors) + " " + pickOne(g, companyBrands)
	name := pickOne(g, companyForms) + " " + short
	prov := viProvinces.pick(g)
	slug := strings.ToLower(strings.ReplaceAll(latin(short), " ", ""))
	c := &app.Customer{
		Type: app.Company, Name: name, ContactPerson: contact, TaxCode: "0" + g.digits(9),
		Province: prov.name, Region: prov.region,
		Address: fmt.Sprintf("Tầng %d, %d %s", 2+g.rng.IntN(20), 1+g.rng.IntN(200), pickOne(g, prov.streets)),
		Country: "VN", Language: "vi", Channel: "referral", Stage: app.StageCustomer,
		Phones: []string{g.viPhone()},
		Emails: []string{unique(g.emails, func() string {
			return fmt.Sprintf("%s%d@%s.com.vn", pickOne(g, []string{"hanhchinh", "nhansu", "congdoan", "info", "lienhe"}), g.rng.IntN(1000), slug)
		})},
		Tags:  []string{"MICE", "khách đoàn"},
		Notes: "Du lịch khen thưởng cho nhân viên hằng năm (annual incentive trip).",
	}
	return c
}

func (g *gen) russian() *app.Customer {
	male := g.chance(0.45)
	s, p := ruSurnames[g.rng.IntN(len(ruSurnames))], ruPatronymics[g.rng.IntN(len(ruPatronymics))]
	var surname, given, patronymic string
	if male {
		surname, given, patronymic = s[0], pickOne(g, ruGivenMale), p[0]
	} else {
		surname, given, patronymic = s[1], pickOne(g, ruGivenFemale), p[1]
	}
	city := ruCities.pick(g)
	c := &app.Customer{
		Name: surname + " " + given + " " + patronymic, LatinName: latin(surname + " " + given),
		Gender: gender(male), Province: city[0], Region: city[1],
		Country: "RU", Nationality: "RU", Language: "ru", Channel: ruChannels.pick(g),
		Phones: []string{unique(g.phones, func() string {
			return "+7" + pickOne(g, ruMobilePrefixes) + g.digits(7)
		})},
	}
	if g.chance(0.9) {
		c.Birthday = g.birthday()
	}
	if g.chance(0.8) {
		c.Emails = []string{g.email(latin(given), latin(surname), "", c.Birthday, ruDomains)}
	}
	if g.chance(0.8) {
		c.PassportNumber = unique(g.docs, func() string { return fmt.Sprintf("%d%s", 70+g.rng.IntN(30), g.digits(7)) })
		c.PassportExpiry = g.between(g.today.AddDays(-100), g.today.AddDays(3650))
	}
	g.preferences(c, foreignDestinations)
	return c
}

func (g *gen) chinese() *app.Customer {
	male := g.chance(0.47)
	surname := zhSurnames.pick(g)
	given := pickOne(g, zhGivenFemale)
	if male {
		given = pickOne(g, zhGivenMale)
	}
	var py strings.Builder
	for _, r := range given {
		py.WriteString(pinyin[r])
	}
	city := zhCities.pick(g)
	c := &app.Customer{
		Name: surname + given, LatinName: pinyin[[]rune(surname)[0]] + " " + py.String(),
		Gender: gender(male), Province: city[0], Region: city[1],
		Country: "CN", Nationality: "CN", Language: "zh", Channel: zhChannels.pick(g),
		Phones: []string{unique(g.phones, func() string {
			return "+86" + pickOne(g, zhMobilePrefixes) + g.digits(8)
		})},
	}
	if g.chance(0.85) {
		c.Birthday = g.birthday()
	}
	if g.chance(0.5) {
		c.Emails = []string{unique(g.emails, func() string {
			if g.chance(0.6) {
				return fmt.Sprintf("%d%s@qq.com", 1+g.rng.IntN(9), g.digits(7+g.rng.IntN(3)))
			}
			return fmt.Sprintf("%s%s%d@%s", strings.ToLower(pinyin[[]rune(surname)[0]]), strings.ToLower(py.String()), g.rng.IntN(1000), pickOne(g, []string{"163.com", "126.com", "sina.com"}))
		})}
	}
	if g.chance(0.85) {
		c.PassportNumber = unique(g.docs, func() string { return "E" + g.digits(8) })
		c.PassportExpiry = g.between(g.today.AddDays(-100), g.today.AddDays(3650))
	}
	g.preferences(c, foreignDestinations)
	return c
}

func gender(male bool) app.Gender {
	if male {
		return app.Male
	}
	return app.Female
}

// viPhone returns an unused Vietnamese mobile number in E.164.
func (g *gen) viPhone() string {
	return unique(g.phones, func() string { return "+84" + viMobilePrefixes.pick(g) + g.digits(7) })
}

var (
	viDomains = []string{"gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com.vn", "outlook.com", "hotmail.com", "fpt.vn"}
	ruDomains = []string{"mail.ru", "mail.ru", "yandex.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "rambler.ru"}
)

// email makes an address from the latin spelling of a name, the way
// people pick them ("an.nguyen90@gmail.com", "nguyenvanan@yahoo.com").
func (g *gen) email(given, family, middle string, birthday app.Date, domains []string) string {
	given, family, middle = strings.ToLower(given), strings.ToLower(family), strings.ToLower(middle)
	return unique(g.emails, func() string {
		var local string
		switch g.rng.IntN(4) {
		case 0:
			local = given + "." + family
		case 1:
			local = family + middle + given
		case 2:
			local = family + "." + given
		default:
			local = given + family
		}
		switch {
		case !birthday.IsZero() && g.chance(0.5):
			local += fmt.Sprintf("%02d", birthday.Year%100)
		case g.chance(0.5):
			local += fmt.Sprint(g.rng.IntN(1000))
		}
		return local + "@" + pickOne(g, domains)
	})
}

// cccd makes a 12-digit citizen ID: province code, century-and-sex digit,
// two digits of the birth year, six random digits.
func (g *gen) cccd(p province, male bool, birthday app.Date) string {
	return unique(g.docs, func() string {
		year := birthday.Year
		if year == 0 {
			year = 1980 + g.rng.IntN(20)
		}
		sex := 0
		if year >= 2000 {
			sex = 2
		}
		if !male {
			sex++
		}
		return fmt.Sprintf("%s%d%02d%s", p.code, sex, year%100, g.digits(6))
	})
}

var (
	viDestinations      = []string{"Hạ Long", "Sapa", "Phú Quốc", "Đà Nẵng", "Hội An", "Nha Trang", "Đà Lạt", "Bangkok", "Seoul", "Tokyo", "Singapore", "Bali", "Châu Âu", "Côn Đảo", "Ninh Bình"}
	foreignDestinations = []string{"Hạ Long", "Phú Quốc", "Nha Trang", "Đà Nẵng", "Hội An", "Sapa", "Mũi Né", "Huế", "Ninh Bình"}
)

func (g *gen) preferences(c *app.Customer, dests []string) {
	if g.chance(0.5) {
		for range 1 + g.rng.IntN(3) {
			c.PreferredDestinations = append(c.PreferredDestinations, pickOne(g, dests))
		}
	}
	if t := transports.pick(g); t != "" {
		c.PreferredTransport = []string{t}
	}
	c.AccommodationClass = accomm.pick(g)
	c.Diet = diets.pick(g)
	if g.chance(0.35) {
		c.Tags = append(c.Tags, viTags.pick(g))
		if g.chance(0.3) {
			c.Tags = append(c.Tags, viTags.pick(g))
		}
	}
}
