// Package caretext writes the titles of the care tasks that
// service.Care.Generate makes in the UI's language. The service stores
// an English title (tourdeskctl prints it, other devices read it); the
// UI renders a generated task from its structured fields (type,
// occasion, occasion date, customer) and the values only the title holds
// (booking code, amount, a traveler's name and passport expiry, an age),
// read back from the service's fixed wording. A task typed by a person
// (no occasion), or a title that does not have the generated wording,
// shows as stored.
package caretext

import (
	"regexp"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
)

const date = `(\d{4}-\d{2}-\d{2})`

// The wordings of app/service/care.go's generated titles.
var (
	returnCallRe = regexp.MustCompile(`^Call (.+): back from the trip \((\S+), returned ` + date + `\)$`)
	birthdayRe   = regexp.MustCompile(`^Birthday greeting: (.+) \((\d+)\)$`)
	balanceRe    = regexp.MustCompile(`^Balance of (\S+) (due|overdue since) ` + date + `: (.+) owes (.+)$`)
	passportRe   = regexp.MustCompile(`^Passport of (.+) expires ` + date + `, less than (\d+) months after the return of (\S+) \(` + date + `\): renew it before ` + date + `$`)
	holidayRe    = regexp.MustCompile(`^(.+) greetings to your customers \((\d+) customers?\)$`)
)

// Title is task t's title in the UI's language. name gives a customer's
// current name by id ("" when unknown: the name in the stored title is
// used); it may be nil.
func Title(t *app.Task, name func(id string) string) string {
	if t == nil {
		return ""
	}
	if t.Occasion == "" {
		return t.Title
	}
	current := ""
	if name != nil && t.CustomerID != "" {
		current = name(t.CustomerID)
	}
	if s, ok := render(t.Title, current, t.Occasion); ok {
		return s
	}
	return t.Title
}

// Generated is title, the stored title of a task, in the UI's language
// when it has the wording of a generated care task, else title itself
// (the customer history holds tasks' titles only).
func Generated(title string) string {
	if s, ok := render(title, "", ""); ok {
		return s
	}
	return title
}

// render writes title, a generated task's stored title, in the UI's
// language; customer replaces the customer's name it holds when not "".
// occasion (the task's, or "" when unknown) picks the holiday's name.
func render(title, customer, occasion string) (string, bool) {
	pick := func(stored string) string {
		if customer != "" {
			return customer
		}
		return stored
	}
	if m := returnCallRe.FindStringSubmatch(title); m != nil {
		return lang.X("care.gen.return_call", "Call {{.Name}}: back from the trip ({{.Code}}, returned {{.Date}})",
			map[string]any{"Name": pick(m[1]), "Code": m[2], "Date": m[3]}), true
	}
	if m := birthdayRe.FindStringSubmatch(title); m != nil {
		age, _ := strconv.Atoi(m[2])
		return lang.X("care.gen.birthday", "Birthday greeting: {{.Name}} ({{.Age}})",
			map[string]any{"Name": pick(m[1]), "Age": i18n.Int(age)}), true
	}
	if m := balanceRe.FindStringSubmatch(title); m != nil {
		data := map[string]any{"Code": m[1], "Date": m[3], "Name": pick(m[4]), "Amount": m[5]}
		if m[2] == "due" {
			return lang.X("care.gen.balance_due", "Balance of {{.Code}} due {{.Date}}: {{.Name}} owes {{.Amount}}", data), true
		}
		return lang.X("care.gen.balance_overdue", "Balance of {{.Code}} overdue since {{.Date}}: {{.Name}} owes {{.Amount}}", data), true
	}
	if m := passportRe.FindStringSubmatch(title); m != nil {
		// The name is the traveler's, who need not be the customer.
		return lang.X("care.gen.passport", "Passport of {{.Name}} expires {{.Expiry}}, less than {{.Months}} months after the return of {{.Code}} ({{.End}}): renew it before {{.Start}}",
			map[string]any{"Name": m[1], "Expiry": m[2], "Months": m[3], "Code": m[4], "End": m[5], "Start": m[6]}), true
	}
	if m := holidayRe.FindStringSubmatch(title); m != nil {
		n, _ := strconv.Atoi(m[2])
		return lang.XN("care.gen.holiday", "{{.Holiday}} greetings to your customers ({{.Count}} customers)", n,
			map[string]any{"Holiday": holidayName(occasion, m[1]), "Count": i18n.Int(n)}), true
	}
	return "", false
}

// holidayName is the name of the default holidays (app.DefaultHolidays)
// in the UI's language; the settings' own holidays keep the name the
// agency gave them.
func holidayName(occasion, stored string) string {
	key := strings.TrimPrefix(occasion, service.ReasonHoliday+"/")
	if key == "" {
		for _, h := range app.DefaultHolidays {
			if h.Name == stored {
				key = h.Key
			}
		}
	}
	switch key {
	case "tet":
		if stored == "Tết" {
			return lang.X("care.holiday.tet", "Tết")
		}
	case "new_year":
		if stored == "New Year" {
			return lang.X("care.holiday.new_year", "New Year")
		}
	}
	return stored
}
