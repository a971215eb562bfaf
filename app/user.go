package app

import (
	"strings"
)

// User is a person who signs in to TourDesk. It holds no password or
// token: the server keeps credentials apart (see cmd/tourdesk-server), so
// user records can replicate to every laptop that needs names and roles.
type User struct {
	ID   string `json:"-"`
	Name string `json:"name"`
	// Login is what the user types to sign in: lower-case letters, digits
	// and . _ - @, 3 to 64 characters ("lan.nguyen").
	Login    string `json:"login"`
	Role     Role   `json:"role"`
	OfficeID string `json:"office_id"`
	Email    string `json:"email"`
	// Phone is E.164, read in the agency's country when typed without a
	// country code.
	Phone string `json:"phone"`
	// Active users may sign in; leavers are deactivated, never deleted,
	// so their history keeps a name.
	Active bool `json:"active"`
	// Language of the user's interface ("vi", "en", "ru", "zh").
	Language string `json:"language"`
}

func init() {
	register(KindInfo{
		Kind:   KindUser,
		New:    func() Entity { return new(User) },
		Index:  []string{"login", "role", "office_id", "active"},
		Search: []string{"name", "login", "email"},
		Phones: []string{"phone"},
		Sort:   "name",
	})
}

// Kind implements Entity.
func (*User) Kind() Kind { return KindUser }

// Validate normalises the user (login and email lower-cased, phone to
// E.164) and reports every field that is wrong. Every user but an admin
// belongs to an office.
func (u *User) Validate() error {
	var p Problems
	CleanText(&p, "name", &u.Name, MaxName, true, false)
	u.Login = strings.ToLower(strings.TrimSpace(u.Login))
	switch {
	case u.Login == "":
		p.Add("login", CodeRequired, "is required")
	case len(u.Login) < 3 || len(u.Login) > 64:
		p.Add("login", CodeFormat, "must be 3 to 64 characters")
	case strings.IndexFunc(u.Login, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r))
	}) >= 0:
		p.Add("login", CodeFormat, "may hold only Latin letters, digits and . _ - @ (for example lan.nguyen)")
	}
	CheckOneOf(&p, "role", u.Role, true, Roles...)
	CleanID(&p, "office_id", &u.OfficeID, u.Role != RoleAdmin && u.Role != RoleDirector)
	CleanEmail(&p, "email", &u.Email)
	CleanPhone(&p, "phone", &u.Phone, "")
	CheckOneOf(&p, "language", u.Language, false, Languages...)
	return p.Err(KindUser)
}
