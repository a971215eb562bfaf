package app

// RoomType is the hotel room a traveler sleeps in, for the rooming list.
type RoomType string

const (
	RoomSingle RoomType = "single"
	RoomDouble RoomType = "double"
	RoomTwin   RoomType = "twin"
	RoomTriple RoomType = "triple"
)

// RoomTypes lists every room type.
var RoomTypes = []RoomType{RoomSingle, RoomDouble, RoomTwin, RoomTriple}

// Traveler is one person travelling on a booking. Travelers move onto a
// departure's group list (DepartureID set) once the booking's deposit is
// in; a traveler who is also a customer links to them by CustomerID.
type Traveler struct {
	ID          string `json:"-"`
	BookingID   string `json:"booking_id"`
	DepartureID string `json:"departure_id"`
	CustomerID  string `json:"customer_id"`
	// Name as the traveler writes it; LatinName as printed in the
	// passport (airline and hotel lists use it).
	Name      string       `json:"name"`
	LatinName string       `json:"latin_name"`
	Type      TravelerType `json:"type"`
	BirthDate Date         `json:"birth_date"`
	Gender    Gender       `json:"gender"`
	// Phone is E.164; the guide calls it in the field.
	Phone          string `json:"phone"`
	PassportNumber string `json:"passport_number"`
	PassportExpiry Date   `json:"passport_expiry"`
	// Nationality is an ISO 3166-1 alpha-2 code.
	Nationality string   `json:"nationality"`
	RoomType    RoomType `json:"room_type"`
	// RoommateID is the traveler sharing the room (double, twin).
	RoommateID   string `json:"roommate_id"`
	SpecialNeeds string `json:"special_needs"`
	// CheckedIn is set by the guide when the traveler joins the group.
	CheckedIn bool   `json:"checked_in"`
	Notes     string `json:"notes"`
}

func init() {
	register(KindInfo{
		Kind:   KindTraveler,
		New:    func() Entity { return new(Traveler) },
		Index:  []string{"booking_id", "departure_id", "customer_id", "passport_number", "phone"},
		Search: []string{"name", "latin_name", "passport_number"},
		Phones: []string{"phone"},
		Sort:   "name",
	})
}

// Kind implements Entity.
func (*Traveler) Kind() Kind { return KindTraveler }

// Validate normalises the traveler (type defaults to adult, the Latin name
// upper-cased, passport number compacted, phone to E.164 read in the
// traveler's nationality) and reports every field that is wrong. A
// roommate must be another traveler and a single room has none.
func (t *Traveler) Validate() error {
	var p Problems
	if t.Type == "" {
		t.Type = TravelerAdult
	}
	CleanID(&p, "booking_id", &t.BookingID, true)
	CleanID(&p, "departure_id", &t.DepartureID, false)
	CleanID(&p, "customer_id", &t.CustomerID, false)
	CleanText(&p, "name", &t.Name, MaxName, true, false)
	CleanText(&p, "latin_name", &t.LatinName, MaxName, false, false)
	t.LatinName = upperASCII(t.LatinName)
	CheckOneOf(&p, "type", t.Type, true, TravelerAdult, TravelerChild, TravelerInfant)
	if !t.BirthDate.IsZero() && (t.BirthDate.Year < 1900 || t.BirthDate.Year > 2200) {
		p.Add("birth_date", CodeRange, "is not a plausible birth date")
	}
	CheckOneOf(&p, "gender", t.Gender, false, Male, Female, Other)
	CleanCountry(&p, "nationality", &t.Nationality)
	CleanPhone(&p, "phone", &t.Phone, t.Nationality)
	CleanDocument(&p, "passport_number", &t.PassportNumber)
	CheckDate(&p, "passport_expiry", t.PassportExpiry, false)
	CheckOneOf(&p, "room_type", t.RoomType, false, RoomTypes...)
	CleanID(&p, "roommate_id", &t.RoommateID, false)
	switch {
	case t.RoommateID != "" && t.RoommateID == t.ID:
		p.Add("roommate_id", CodeRange, "a traveler cannot share a room with themselves")
	case t.RoommateID != "" && t.RoomType == RoomSingle:
		p.Add("roommate_id", CodeRange, "a single room has no roommate")
	}
	CleanText(&p, "special_needs", &t.SpecialNeeds, MaxText, false, true)
	CleanText(&p, "notes", &t.Notes, MaxNotes, false, true)
	return p.Err(KindTraveler)
}

// PassportValidFor reports whether the passport is still valid six months
// after the trip ends on end, as most countries the agencies sell demand.
// A traveler with no passport expiry recorded is not valid.
func (t *Traveler) PassportValidFor(end Date) bool {
	return !t.PassportExpiry.IsZero() && !t.PassportExpiry.Before(DateOf(end.Time().AddDate(0, 6, 0)))
}

// AgeOn is the traveler's age in whole years on day d (-1 when the birth
// date is unknown).
func (t *Traveler) AgeOn(d Date) int {
	b := t.BirthDate
	if b.IsZero() {
		return -1
	}
	age := d.Year - b.Year
	if d.Month < b.Month || (d.Month == b.Month && d.Day < b.Day) {
		age--
	}
	return age
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
