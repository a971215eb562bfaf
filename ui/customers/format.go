package customers

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/phone"
)

// formatPhone shows an E.164 number the way an agent dials it (see
// phone.Display): national format for the customer's country, else
// international.
func formatPhone(e164, region string) string { return phone.Display(e164, region) }

// stageName is the translated name of a lifecycle stage.
func stageName(s app.Stage) string {
	switch s {
	case app.StageTarget:
		return lang.X("customers.stage.target", "Target")
	case app.StageLead:
		return lang.X("customers.stage.lead", "Lead")
	case app.StageProspect:
		return lang.X("customers.stage.prospect", "Prospect")
	case app.StageCustomer:
		return lang.X("customers.stage.customer", "Customer")
	}
	return string(s)
}

// genderName is the translated name of a gender ("" for unset).
func genderName(g app.Gender) string {
	switch g {
	case app.Male:
		return lang.X("customers.gender.male", "Male")
	case app.Female:
		return lang.X("customers.gender.female", "Female")
	case app.Other:
		return lang.X("customers.gender.other", "Other")
	}
	return string(g)
}

// typeName is the translated name of a customer type.
func typeName(t app.CustomerType) string {
	switch t {
	case app.Company:
		return lang.X("customers.type.company", "Company")
	case app.Person:
		return lang.X("customers.type.person", "Person")
	}
	return string(t)
}

// languageName is the translated name of a document language code.
func languageName(code string) string {
	switch code {
	case "vi":
		return lang.X("customers.language.vi", "Vietnamese")
	case "en":
		return lang.X("customers.language.en", "English")
	case "ru":
		return lang.X("customers.language.ru", "Russian")
	case "zh":
		return lang.X("customers.language.zh", "Chinese")
	}
	return code
}

// problemText is a FieldError in the user's language: the app's English
// message is kept where no translation of its code exists, and for
// phones and emails the typed value is quoted by the app already.
func problemText(p app.FieldError) string {
	switch p.Code {
	case app.CodeRequired:
		return lang.X("customers.problem.required", "Required")
	case app.CodeTooLong:
		return lang.X("customers.problem.too_long", "Too long")
	}
	switch {
	case strings.HasPrefix(p.Field, "phones."):
		return lang.X("customers.problem.phone", "Not a valid phone number (for example 0901 234 567 or +84 90 123 4567)")
	case strings.HasPrefix(p.Field, "emails."):
		return lang.X("customers.problem.email", "Not a valid email address (for example lan@example.vn)")
	case p.Field == "birthday" || p.Field == "passport_expiry":
		return lang.X("customers.problem.date", "Not a date like 1985-04-30")
	case p.Field == "country" || p.Field == "nationality":
		return lang.X("customers.problem.country", "Two-letter country code such as VN, RU or CN")
	case p.Field == "passport_number" || p.Field == "id_number":
		return lang.X("customers.problem.document", "5 to 20 Latin letters and digits")
	}
	return p.Message
}
