package app

import "testing"

func validUser() User {
	return User{Name: "Lê Thị Lan", Login: " Lan.Le ", Role: RoleAgent, OfficeID: "office-han", Email: "lan@example.vn", Phone: "0903 111 222", Active: true, Language: "vi"}
}

func TestUserValidate(t *testing.T) {
	u := validUser()
	if err := u.Validate(); err != nil {
		t.Fatal(err)
	}
	if u.Login != "lan.le" || u.Phone != "+84903111222" {
		t.Errorf("normalised = %+v", u)
	}
	admin := User{Name: "Admin", Login: "admin", Role: RoleAdmin}
	if err := admin.Validate(); err != nil {
		t.Errorf("admin without office: %v", err)
	}
	runBad(t, validUser, []badCase[User]{
		{"no name", func(u *User) { u.Name = "" }, "name", CodeRequired},
		{"no login", func(u *User) { u.Login = " " }, "login", CodeRequired},
		{"short login", func(u *User) { u.Login = "ab" }, "login", CodeFormat},
		{"login with space", func(u *User) { u.Login = "lan le" }, "login", CodeFormat},
		{"login with diacritics", func(u *User) { u.Login = "lân" }, "login", CodeFormat},
		{"no role", func(u *User) { u.Role = "" }, "role", CodeRequired},
		{"bad role", func(u *User) { u.Role = "boss" }, "role", CodeUnknown},
		{"agent without office", func(u *User) { u.OfficeID = "" }, "office_id", CodeRequired},
		{"bad email", func(u *User) { u.Email = "lan" }, "email", CodeFormat},
		{"bad phone", func(u *User) { u.Phone = "phone" }, "phone", CodeFormat},
		{"bad language", func(u *User) { u.Language = "de" }, "language", CodeUnknown},
	})
}
