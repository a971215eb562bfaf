package app

import "testing"

func validTraveler() Traveler {
	return Traveler{
		BookingID:      "bk-1",
		DepartureID:    "dep-1",
		Name:           " Trần  Thị Bình ",
		LatinName:      "tran thi binh",
		BirthDate:      Date{1985, 6, 15},
		Gender:         Female,
		Phone:          "0912 345 678",
		PassportNumber: "c 7654321",
		PassportExpiry: Date{2030, 1, 1},
		Nationality:    "vn",
		RoomType:       RoomTwin,
		RoommateID:     "trav-2",
		SpecialNeeds:   "Allergic to peanuts",
	}
}

func TestTravelerValidateNormalises(t *testing.T) {
	tr := validTraveler()
	if err := tr.Validate(); err != nil {
		t.Fatal(err)
	}
	if tr.Name != "Trần Thị Bình" || tr.LatinName != "TRAN THI BINH" || tr.Phone != "+84912345678" ||
		tr.PassportNumber != "C7654321" || tr.Nationality != "VN" || tr.Type != TravelerAdult {
		t.Errorf("normalised = %+v", tr)
	}
	ru := Traveler{BookingID: "b", Name: "Иванов Иван", Nationality: "RU", Phone: "8 912 345-67-89"}
	if err := ru.Validate(); err != nil || ru.Phone != "+79123456789" {
		t.Errorf("Russian phone = %q, %v", ru.Phone, err)
	}
}

func TestTravelerValidateReportsEachField(t *testing.T) {
	runBad(t, validTraveler, []badCase[Traveler]{
		{"no booking", func(t *Traveler) { t.BookingID = "" }, "booking_id", CodeRequired},
		{"no name", func(t *Traveler) { t.Name = "" }, "name", CodeRequired},
		{"bad type", func(t *Traveler) { t.Type = TravelerOther }, "type", CodeUnknown},
		{"birth date", func(t *Traveler) { t.BirthDate = Date{1800, 1, 1} }, "birth_date", CodeRange},
		{"gender", func(t *Traveler) { t.Gender = "f" }, "gender", CodeUnknown},
		{"phone", func(t *Traveler) { t.Phone = "123" }, "phone", CodeFormat},
		{"passport", func(t *Traveler) { t.PassportNumber = "12" }, "passport_number", CodeFormat},
		{"nationality", func(t *Traveler) { t.Nationality = "VNM" }, "nationality", CodeFormat},
		{"room type", func(t *Traveler) { t.RoomType = "suite" }, "room_type", CodeUnknown},
		{"single with roommate", func(t *Traveler) { t.RoomType = RoomSingle }, "roommate_id", CodeRange},
		{"own roommate", func(t *Traveler) { t.ID = "trav-2" }, "roommate_id", CodeRange},
	})
}

func TestTravelerPassportAndAge(t *testing.T) {
	tr := validTraveler()
	if !tr.PassportValidFor(Date{2029, 7, 1}) {
		t.Error("passport expiring 2030-01-01 should be valid for a trip ending 2029-07-01")
	}
	if tr.PassportValidFor(Date{2029, 7, 2}) {
		t.Error("passport expiring 2030-01-01 is valid less than six months after 2029-07-02")
	}
	if got := tr.AgeOn(Date{2026, 6, 14}); got != 40 {
		t.Errorf("AgeOn day before birthday = %d", got)
	}
	if got := tr.AgeOn(Date{2026, 6, 15}); got != 41 {
		t.Errorf("AgeOn birthday = %d", got)
	}
	if (&Traveler{}).AgeOn(Date{2026, 1, 1}) != -1 || (&Traveler{}).PassportValidFor(Date{2026, 1, 1}) {
		t.Error("unknown birth date or passport")
	}
}
