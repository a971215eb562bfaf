package server

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Password rules. bcrypt reads at most 72 bytes of a password and the x/crypto
// implementation refuses longer ones rather than silently cutting them, so
// the limit is stated here (a passphrase of Vietnamese words takes about
// two bytes per letter: around 35 letters).
const (
	MinPasswordLength = 8  // characters (runes)
	MaxPasswordBytes  = 72 // bytes of UTF-8
)

// DefaultBcryptCost is the work factor of new password hashes: about 50 to
// 100 ms on one core of the machines this runs on. The cost is stored in each
// hash, so raising it later affects only passwords set afterwards.
const DefaultBcryptCost = bcrypt.DefaultCost

// ErrWeakPassword is returned (wrapped, with the reason) by CheckPasswordRules
// and HashPassword for a password that breaks the rules above.
var ErrWeakPassword = errors.New("password not accepted")

// CheckPasswordRules returns nil for an acceptable password, else an error
// matching ErrWeakPassword whose text says what is wrong, in words an
// administrator understands.
func CheckPasswordRules(password string) error {
	switch {
	case !utf8.ValidString(password):
		return fmt.Errorf("%w: it is not valid UTF-8 text", ErrWeakPassword)
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return fmt.Errorf("%w: it must be at least %d characters long", ErrWeakPassword, MinPasswordLength)
	case len(password) > MaxPasswordBytes:
		return fmt.Errorf("%w: it must be at most %d bytes long (about %d plain letters)", ErrWeakPassword, MaxPasswordBytes, MaxPasswordBytes)
	}
	return nil
}

// HashPassword checks password against the rules and returns its bcrypt hash
// at the given cost (0 means DefaultBcryptCost; tests use bcrypt.MinCost).
func HashPassword(password string, cost int) ([]byte, error) {
	if err := CheckPasswordRules(password); err != nil {
		return nil, err
	}
	if cost == 0 {
		cost = DefaultBcryptCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// passwordMatches reports whether password is the one hash was made from.
// A malformed hash matches nothing.
func passwordMatches(hash []byte, password string) bool {
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
}
