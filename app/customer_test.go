package app

import (
	"errors"
	"strings"
	"testing"
)

func TestCustomerValidateNormalises(t *testing.T) {
	c := Customer{
		Name:           "  Nguyễn   Văn An ",
		Phones:         []string{"0901 234 567", "+84 90 123 4567", ""},
		Emails:         []string{" An.Nguyen@Example.VN "},
		PassportNumber: "c 1234567",
		Country:        "vn",
		Tags:           []string{"vip", "vip", " golf "},
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if c.Name != "Nguyễn Văn An" {
		t.Errorf("Name = %q", c.Name)
	}
	if len(c.Phones) != 1 || c.Phones[0] != "+84901234567" {
		t.Errorf("Phones = %q, want one E.164 number", c.Phones)
	}
	if c.Emails[0] != "an.nguyen@example.vn" {
		t.Errorf("Emails = %q", c.Emails)
	}
	if c.PassportNumber != "C1234567" || c.Country != "VN" {
		t.Errorf("PassportNumber, Country = %q, %q", c.PassportNumber, c.Country)
	}
	if strings.Join(c.Tags, ",") != "vip,golf" {
		t.Errorf("Tags = %q", c.Tags)
	}
	if c.Type != Person || c.Stage != StageLead {
		t.Errorf("defaults: type %q stage %q", c.Type, c.Stage)
	}
}

func TestCustomerValidateReportsEachField(t *testing.T) {
	tests := []struct {
		name  string
		c     Customer
		field string
		code  string
	}{
		{"empty name", Customer{Name: "  "}, "name", CodeRequired},
		{"long name", Customer{Name: strings.Repeat("a", MaxName+1)}, "name", CodeTooLong},
		{"invalid UTF-8", Customer{Name: "An\xff"}, "name", CodeEncoding},
		{"control character", Customer{Name: "An\x00"}, "name", CodeFormat},
		{"impossible phone", Customer{Name: "An", Phones: []string{"12"}}, "phones.0", CodeFormat},
		{"letters in phone", Customer{Name: "An", Phones: []string{"+84 90 123 4567", "0901 ABC 567"}}, "phones.1", CodeFormat},
		{"bad email", Customer{Name: "An", Emails: []string{"an@"}}, "emails.0", CodeFormat},
		{"email with name", Customer{Name: "An", Emails: []string{"An <an@x.vn>"}}, "emails.0", CodeFormat},
		{"bad gender", Customer{Name: "An", Gender: "m"}, "gender", CodeUnknown},
		{"bad stage", Customer{Name: "An", Stage: "vip"}, "stage", CodeUnknown},
		{"bad country", Customer{Name: "An", Country: "Vietnam"}, "country", CodeFormat},
		{"bad passport", Customer{Name: "An", PassportNumber: "Б123456"}, "passport_number", CodeFormat},
		{"long notes", Customer{Name: "An", Notes: strings.Repeat("x", 10000)}, "notes", CodeTooLong},
		{"birthday", Customer{Name: "An", Birthday: Date{1850, 1, 1}}, "birthday", CodeRange},
		{"language", Customer{Name: "An", Language: "fr"}, "language", CodeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate = %v, want a ValidationError", err)
			}
			for _, p := range ve.Problems {
				if p.Field == tt.field && p.Code == tt.code && p.Message != "" {
					return
				}
			}
			t.Fatalf("problems = %+v, want %s on %s", ve.Problems, tt.code, tt.field)
		})
	}
}

func TestStageTransitions(t *testing.T) {
	if err := StageTransitions.Check(KindCustomer, "stage", StageLead, StageCustomer); err != nil {
		t.Fatalf("lead → customer: %v", err)
	}
	err := StageTransitions.Check(KindCustomer, "stage", StageCustomer, StageTarget)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Code != CodeTransition ||
		!strings.Contains(err.Error(), `"customer"`) || !strings.Contains(err.Error(), `"target"`) {
		t.Fatalf("customer → target = %v, want a transition error naming both stages", err)
	}
}
