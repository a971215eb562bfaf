package app

import (
	"errors"
	"strings"
)

// The sentinel errors of the domain. Adapters (localdb, sync, ui) translate
// their own conditions into these and add context with fmt.Errorf("…: %w");
// callers test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
)

// FieldError says what is wrong with one field, in words a user understands.
// Field is the JSON name of the field (for nested values a dotted path such
// as "phones.1" or "prices.adult"), so a form can show Message beside the
// right entry. Code is stable and meant for translations and tests.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Stable FieldError codes.
const (
	CodeRequired   = "required"
	CodeTooLong    = "too_long"
	CodeFormat     = "format"
	CodeRange      = "range"
	CodeUnknown    = "unknown_value"
	CodeTransition = "transition"
	CodeCurrency   = "currency"
	CodeEncoding   = "encoding"
)

// ValidationError lists every problem found in one entity. It matches
// ErrInvalid under errors.Is.
type ValidationError struct {
	Kind     Kind         `json:"kind"`
	Problems []FieldError `json:"problems"`
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.Kind != "" {
		b.WriteString(string(e.Kind))
		b.WriteString(": ")
	}
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Field)
		b.WriteString(": ")
		b.WriteString(p.Message)
	}
	return b.String()
}

// Is reports that every ValidationError is an ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Field returns the message for the named field, or "" when it has none.
func (e *ValidationError) Field(name string) string {
	for _, p := range e.Problems {
		if p.Field == name {
			return p.Message
		}
	}
	return ""
}

// Problems collects FieldErrors while an entity validates itself.
// The zero value is ready to use.
type Problems struct {
	list []FieldError
}

// Add records a problem with a field.
func (p *Problems) Add(field, code, message string) {
	p.list = append(p.list, FieldError{Field: field, Code: code, Message: message})
}

// Err returns nil when nothing was added, else a *ValidationError for kind.
func (p *Problems) Err(kind Kind) error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Kind: kind, Problems: p.list}
}
