package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"text/template"
)

// MessageSettingsID is the id of the one MessageSettings record (kind
// message_settings): every device writes the same id, so two admins'
// edits merge field by field.
const MessageSettingsID = "messaging"

// SMTP TLS modes.
const (
	// TLSStartTLS connects in plain text and upgrades with STARTTLS, which
	// the server must offer (port 587).
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465).
	TLSImplicit = "tls"
	// TLSNone sends in plain text: only for a relay on the same machine
	// or a test server.
	TLSNone = "none"
)

// Birthday greeting channels (MessageSettings.BirthdayGreetings).
const (
	// GreetEmailOrSMS sends an email when the customer has an address,
	// else an SMS (the default, "").
	GreetEmailOrSMS = "email_or_sms"
	GreetEmail      = "email"
	GreetSMS        = "sms"
	GreetOff        = "off"
)

// MessageSettings is how the agency sends messages to customers: its SMTP
// account, its SMS provider, the scheduler's options and the message
// templates. It is a single record of kind message_settings with id
// MessageSettingsID, readable by every role like the company settings;
// it holds no secret. The SMTP password and the SMS provider's credential
// live on the machine that sends (a 0600 file in its data directory or
// environment variables, see docs/DECISIONS.md), never in a synced record.
type MessageSettings struct {
	ID string `json:"-"`
	// SMTPHost and SMTPPort are the agency's mail server (port 0: 587 for
	// starttls, 465 for tls, 25 for none).
	SMTPHost string `json:"smtp_host"`
	SMTPPort int    `json:"smtp_port"`
	// SMTPTLS is starttls (the default), tls or none.
	SMTPTLS string `json:"smtp_tls"`
	// SMTPUser is the login; "" sends without authentication.
	SMTPUser string `json:"smtp_user"`
	// MailFrom is the sender's address; MailFromName its display name
	// (the company's name when empty).
	MailFrom     string `json:"mail_from"`
	MailFromName string `json:"mail_from_name"`

	// SMSURL is the SMS provider's endpoint, a template
	// (https://sms.example.vn/send?to={{query .To}}); SMSMethod POST (the
	// default), PUT or GET; SMSAuthHeader the header that carries the
	// credential ("Authorization"), whose value is the sending machine's
	// secret; SMSContentType the body's type (application/json by
	// default); SMSBody the body, a template ({"to": {{json .To}},
	// "text": {{json .Body}}} by default). The templates see .To (E.164),
	// .Body, .From and .ID (the message id, for the provider's
	// idempotency) and the functions json and query.
	SMSURL         string `json:"sms_url"`
	SMSMethod      string `json:"sms_method"`
	SMSAuthHeader  string `json:"sms_auth_header"`
	SMSContentType string `json:"sms_content_type"`
	SMSBody        string `json:"sms_body"`
	// SMSFrom is the sender name or number, for providers that take one.
	SMSFrom string `json:"sms_from"`

	// BirthdayGreetings is how the scheduler greets customers on their
	// birthday: email_or_sms (the default, ""), email, sms or off.
	BirthdayGreetings string `json:"birthday_greetings"`
	// PaymentReminderDays turns on the scheduler's payment reminders: a
	// booking with a deposit and a balance owed gets one this many days
	// before its balance is due (or as soon as the scheduler sees it
	// within that window); 0 (the default) sends none, the agents remind
	// by hand.
	PaymentReminderDays int `json:"payment_reminder_days"`
	// MaxAttempts is how many times a message is tried before it is
	// failed for a person to look at (0: DefaultMaxAttempts).
	MaxAttempts int `json:"max_attempts"`
	// Templates override and extend DefaultMessageTemplates, matched by
	// name, channel and language.
	Templates []MessageTemplate `json:"templates"`
}

// DefaultMaxAttempts is how many times a message is tried by default.
const DefaultMaxAttempts = 8

// DefaultSMSBody is the SMS request body when the settings have none: a
// generic JSON POST.
const DefaultSMSBody = `{"to": {{json .To}}, "from": {{json .From}}, "text": {{json .Body}}, "id": {{json .ID}}}`

// MessageTemplate is the text of one kind of message (Name) for one
// channel and language. Subject and Body are text/template templates over
// MessageData ({{.Name}}, {{.GivenName}}, {{.Title}}, {{.Company.Name}},
// {{.Booking.Due}}…); the functions lower and upper are available.
type MessageTemplate struct {
	Name     string  `json:"name"`
	Channel  Channel `json:"channel"`
	Language string  `json:"language"`
	Purpose  Purpose `json:"purpose"`
	// Subject is the email's subject (unused for SMS).
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// Template names the scheduler and the services use.
const (
	TemplateBirthday        = "birthday"
	TemplatePaymentReminder = "payment_reminder"
)

// MessageData is what a template sees.
type MessageData struct {
	// Name is the customer's full name; GivenName the name one calls them
	// by (the last word of a Vietnamese name, the first of a Western one);
	// Title the form of address in the message's language ("Anh", "Chị",
	// "Quý khách"; "Mr.", "Ms.", "").
	Name, GivenName, Title string
	Email, Phone           string
	Birthday               Date
	Company                MessageCompany
	// Booking is set for messages about a booking (payment reminders).
	Booking MessageBooking
	// Today is the day the message is composed.
	Today Date
}

// MessageCompany is the agency as templates see it.
type MessageCompany struct {
	Name, Phone, Email, Website, BankAccount string
}

// MessageBooking is a booking as templates see it; amounts are formatted
// in the message's language ("12.500.000 ₫").
type MessageBooking struct {
	Code, Destination    string
	StartDate, DueDate   Date
	Total, Paid, Due     string
	HasBooking, Overdue  bool
	DaysUntilStart       int
	ContractNumber       string
	DepartureCode        string
	CustomerCount, Seats int
}

// TemplateFuncs are the functions message templates may call.
var TemplateFuncs = template.FuncMap{
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"query": url.QueryEscape,
}

var templateName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

func init() {
	register(KindInfo{
		Kind: KindMessageSettings,
		New:  func() Entity { return new(MessageSettings) },
	})
}

// Kind implements Entity.
func (*MessageSettings) Kind() Kind { return KindMessageSettings }

// Validate normalises the settings and reports every field that is wrong,
// including a template that does not parse or does not run on a sample
// customer (a misspelt {{.Nmae}}).
func (s *MessageSettings) Validate() error {
	var p Problems
	CleanText(&p, "smtp_host", &s.SMTPHost, MaxName, false, false)
	if strings.ContainsAny(s.SMTPHost, " /:") {
		p.Add("smtp_host", CodeFormat, "is a host name such as smtp.example.vn (no scheme, no port)")
	}
	CheckInt(&p, "smtp_port", s.SMTPPort, 0, 65535)
	s.SMTPTLS = strings.ToLower(strings.TrimSpace(s.SMTPTLS))
	CheckOneOf(&p, "smtp_tls", s.SMTPTLS, false, TLSStartTLS, TLSImplicit, TLSNone)
	CleanText(&p, "smtp_user", &s.SMTPUser, MaxName, false, false)
	CleanEmail(&p, "mail_from", &s.MailFrom)
	if s.SMTPHost != "" && s.MailFrom == "" {
		p.Add("mail_from", CodeRequired, "is required to send email")
	}
	CleanText(&p, "mail_from_name", &s.MailFromName, MaxName, false, false)

	CleanText(&p, "sms_url", &s.SMSURL, MaxText, false, false)
	if s.SMSURL != "" {
		if _, err := template.New("sms_url").Funcs(TemplateFuncs).Parse(s.SMSURL); err != nil {
			p.Add("sms_url", CodeFormat, "does not parse: "+err.Error())
		} else if u, err := url.Parse(strings.SplitN(s.SMSURL, "{{", 2)[0]); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			p.Add("sms_url", CodeFormat, "is not an http(s) URL such as https://sms.example.vn/send")
		}
	}
	s.SMSMethod = strings.ToUpper(strings.TrimSpace(s.SMSMethod))
	CheckOneOf(&p, "sms_method", s.SMSMethod, false, "POST", "PUT", "GET")
	CleanText(&p, "sms_auth_header", &s.SMSAuthHeader, 100, false, false)
	if strings.ContainsAny(s.SMSAuthHeader, " :") {
		p.Add("sms_auth_header", CodeFormat, "is a header name such as Authorization")
	}
	CleanText(&p, "sms_content_type", &s.SMSContentType, 100, false, false)
	CleanText(&p, "sms_body", &s.SMSBody, MaxText, false, true)
	if s.SMSBody != "" {
		if _, err := template.New("sms_body").Funcs(TemplateFuncs).Parse(s.SMSBody); err != nil {
			p.Add("sms_body", CodeFormat, "does not parse: "+err.Error())
		}
	}
	CleanText(&p, "sms_from", &s.SMSFrom, MaxName, false, false)
	s.BirthdayGreetings = strings.ToLower(strings.TrimSpace(s.BirthdayGreetings))
	CheckOneOf(&p, "birthday_greetings", s.BirthdayGreetings, false, GreetEmailOrSMS, GreetEmail, GreetSMS, GreetOff)
	CheckInt(&p, "max_attempts", s.MaxAttempts, 0, 100)
	CheckInt(&p, "payment_reminder_days", s.PaymentReminderDays, 0, 60)

	seen := map[string]bool{}
	for i := range s.Templates {
		t := &s.Templates[i]
		f := fmt.Sprintf("templates.%d", i)
		t.Name = strings.TrimSpace(t.Name)
		if !templateName.MatchString(t.Name) {
			p.Add(f+".name", CodeFormat, "is a lower-case name such as birthday or payment_reminder")
		}
		CheckOneOf(&p, f+".channel", t.Channel, true, MessageChannels...)
		CheckOneOf(&p, f+".language", t.Language, true, Languages...)
		if t.Purpose == "" {
			t.Purpose = PurposeService
		}
		CheckOneOf(&p, f+".purpose", t.Purpose, true, Purposes...)
		CleanText(&p, f+".subject", &t.Subject, MaxName, t.Channel == ChannelEmail, false)
		CleanText(&p, f+".body", &t.Body, MaxMessageBody, true, true)
		k := t.Name + "/" + string(t.Channel) + "/" + t.Language
		if seen[k] {
			p.Add(f+".name", CodeFormat, fmt.Sprintf("%s has two %s templates in %q", t.Name, t.Channel, t.Language))
		}
		seen[k] = true
		if _, _, err := t.Render(SampleMessageData()); err != nil {
			p.Add(f+".body", CodeFormat, err.Error())
		}
	}
	return p.Err(KindMessageSettings)
}

// SMTPAddress returns host:port of the SMTP server, with the TLS mode's
// usual port when SMTPPort is 0, and the TLS mode (starttls when unset).
func (s *MessageSettings) SMTPAddress() (host string, port int, tls string) {
	tls = s.SMTPTLS
	if tls == "" {
		tls = TLSStartTLS
	}
	port = s.SMTPPort
	if port == 0 {
		switch tls {
		case TLSImplicit:
			port = 465
		case TLSNone:
			port = 25
		default:
			port = 587
		}
	}
	return s.SMTPHost, port, tls
}

// Attempts returns MaxAttempts or its default.
func (s *MessageSettings) Attempts() int {
	if s.MaxAttempts <= 0 {
		return DefaultMaxAttempts
	}
	return s.MaxAttempts
}

// Template returns the template name for channel in the first of langs
// that has one, looking in the settings before DefaultMessageTemplates for
// each language; ok is false when no language has one.
func (s *MessageSettings) Template(name string, channel Channel, langs ...string) (MessageTemplate, bool) {
	for _, lang := range langs {
		if lang == "" {
			continue
		}
		for _, list := range [][]MessageTemplate{s.Templates, DefaultMessageTemplates} {
			for _, t := range list {
				if t.Name == name && t.Channel == channel && t.Language == lang {
					return t, true
				}
			}
		}
	}
	return MessageTemplate{}, false
}

// Render runs the template's subject and body over data. The subject of
// an SMS is "".
func (t MessageTemplate) Render(data MessageData) (subject, body string, err error) {
	run := func(what, text string) (string, error) {
		tpl, err := template.New(t.Name + "." + what).Funcs(TemplateFuncs).Option("missingkey=error").Parse(text)
		if err != nil {
			return "", fmt.Errorf("template %s (%s, %s) %s: %v", t.Name, t.Channel, t.Language, what, err)
		}
		var b bytes.Buffer
		if err := tpl.Execute(&b, data); err != nil {
			return "", fmt.Errorf("template %s (%s, %s) %s: %v", t.Name, t.Channel, t.Language, what, err)
		}
		return b.String(), nil
	}
	if t.Channel == ChannelEmail {
		if subject, err = run("subject", t.Subject); err != nil {
			return "", "", err
		}
		subject = strings.Join(strings.Fields(subject), " ")
	}
	if body, err = run("body", t.Body); err != nil {
		return "", "", err
	}
	return subject, strings.TrimSpace(body), nil
}

// SampleMessageData is a customer and booking templates are tried on.
func SampleMessageData() MessageData {
	return MessageData{
		Name: "Nguyễn Văn An", GivenName: "An", Title: "Anh", Email: "an@example.vn", Phone: "+84901234567",
		Birthday: Date{1985, 11, 23},
		Company:  MessageCompany{Name: "Sen Vàng Travel", Phone: "+842439393939", Email: "info@senvang.vn", Website: "senvang.vn", BankAccount: "VCB 0011"},
		Booking: MessageBooking{
			HasBooking: true, Code: "BK-2026-000123", Destination: "Hạ Long", StartDate: Date{2026, 12, 20}, DueDate: Date{2026, 12, 1},
			Total: "12.500.000 ₫", Paid: "3.750.000 ₫", Due: "8.750.000 ₫", DaysUntilStart: 27, Seats: 2,
		},
		Today: Date{2026, 11, 23},
	}
}

// TitleFor returns the form of address of a customer in lang: by gender
// in Vietnamese ("Anh", "Chị", else "Quý khách") and English ("Mr.",
// "Ms.", else "").
func TitleFor(c *Customer, lang string) string {
	switch lang {
	case "vi":
		switch {
		case c.Type == Company:
			return "Quý công ty"
		case c.Gender == Male:
			return "Anh"
		case c.Gender == Female:
			return "Chị"
		}
		return "Quý khách"
	case "en":
		switch {
		case c.Type == Company:
			return ""
		case c.Gender == Male:
			return "Mr."
		case c.Gender == Female:
			return "Ms."
		}
	}
	return ""
}

// GivenNameOf returns the name a customer is called by: the last word of
// a Vietnamese name ("Nguyễn Văn An" → "An"), the first word of another
// ("Ivan Petrov" → "Ivan"), a name without spaces as it is ("王伟"), a
// company's contact person or name.
func GivenNameOf(c *Customer) string {
	name := c.Name
	if c.Type == Company {
		if c.ContactPerson != "" {
			return c.ContactPerson
		}
		return name
	}
	words := strings.Fields(name)
	switch {
	case len(words) == 0:
		return ""
	case c.Nationality == "VN" || (c.Nationality == "" && (c.Country == "VN" || c.Language == "vi")):
		return words[len(words)-1]
	}
	return words[0]
}

// DefaultMessageTemplates are the templates used when the settings hold
// none for a name, channel and language: birthday greetings and payment
// reminders, by email and SMS, in Vietnamese and English.
var DefaultMessageTemplates = []MessageTemplate{
	{
		Name: TemplateBirthday, Channel: ChannelEmail, Language: "vi", Purpose: PurposeGreeting,
		Subject: "Chúc mừng sinh nhật {{.Title}} {{.GivenName}}!",
		Body: `Kính gửi {{.Title}} {{.Name}},

Nhân dịp sinh nhật, {{.Company.Name}} xin gửi tới {{lower .Title}} lời chúc sức khỏe, hạnh phúc và thành công. Chúc {{lower .Title}} một tuổi mới với thật nhiều chuyến đi đáng nhớ!

Trân trọng,
{{.Company.Name}}{{with .Company.Phone}}
Điện thoại: {{.}}{{end}}`,
	},
	{
		Name: TemplateBirthday, Channel: ChannelEmail, Language: "en", Purpose: PurposeGreeting,
		Subject: "Happy birthday, {{.GivenName}}!",
		Body: `Dear {{with .Title}}{{.}} {{end}}{{.Name}},

Everyone at {{.Company.Name}} wishes you a very happy birthday, good health and many memorable journeys in the year ahead!

Best regards,
{{.Company.Name}}{{with .Company.Phone}}
Phone: {{.}}{{end}}`,
	},
	{
		Name: TemplateBirthday, Channel: ChannelSMS, Language: "vi", Purpose: PurposeGreeting,
		Body: `{{.Company.Name}} chúc mừng sinh nhật {{lower .Title}} {{.GivenName}}! Chúc {{lower .Title}} tuổi mới nhiều sức khỏe, hạnh phúc và những chuyến đi đáng nhớ.`,
	},
	{
		Name: TemplateBirthday, Channel: ChannelSMS, Language: "en", Purpose: PurposeGreeting,
		Body: `Happy birthday, {{.GivenName}}! Best wishes for the year ahead from {{.Company.Name}}.`,
	},
	{
		Name: TemplatePaymentReminder, Channel: ChannelEmail, Language: "vi", Purpose: PurposeService,
		Subject: "Nhắc thanh toán đặt chỗ {{.Booking.Code}}",
		Body: `Kính gửi {{.Title}} {{.Name}},

{{.Company.Name}} xin nhắc {{lower .Title}} số tiền còn lại của đặt chỗ {{.Booking.Code}}{{with .Booking.Destination}} ({{.}}){{end}}: {{.Booking.Due}}{{if not .Booking.DueDate.IsZero}}, hạn thanh toán {{.Booking.DueDate}}{{end}}.
Tổng giá trị: {{.Booking.Total}}; đã thanh toán: {{.Booking.Paid}}.{{with .Company.BankAccount}}

Tài khoản nhận thanh toán: {{.}}{{end}}

Nếu {{lower .Title}} đã thanh toán, xin vui lòng bỏ qua thư này.

Trân trọng,
{{.Company.Name}}{{with .Company.Phone}}
Điện thoại: {{.}}{{end}}`,
	},
	{
		Name: TemplatePaymentReminder, Channel: ChannelEmail, Language: "en", Purpose: PurposeService,
		Subject: "Payment reminder for booking {{.Booking.Code}}",
		Body: `Dear {{with .Title}}{{.}} {{end}}{{.Name}},

This is a reminder from {{.Company.Name}} that {{.Booking.Due}} remains to be paid on booking {{.Booking.Code}}{{with .Booking.Destination}} ({{.}}){{end}}{{if not .Booking.DueDate.IsZero}}, due on {{.Booking.DueDate}}{{end}}.
Total: {{.Booking.Total}}; paid so far: {{.Booking.Paid}}.{{with .Company.BankAccount}}

Bank account: {{.}}{{end}}

If you have already paid, please disregard this message.

Best regards,
{{.Company.Name}}{{with .Company.Phone}}
Phone: {{.}}{{end}}`,
	},
	{
		Name: TemplatePaymentReminder, Channel: ChannelSMS, Language: "vi", Purpose: PurposeService,
		Body: `{{.Company.Name}}: {{lower .Title}} {{.GivenName}} vui lòng thanh toán {{.Booking.Due}} cho đặt chỗ {{.Booking.Code}}{{if not .Booking.DueDate.IsZero}} trước ngày {{.Booking.DueDate}}{{end}}. Xin cảm ơn!`,
	},
	{
		Name: TemplatePaymentReminder, Channel: ChannelSMS, Language: "en", Purpose: PurposeService,
		Body: `{{.Company.Name}}: {{.GivenName}}, please pay {{.Booking.Due}} on booking {{.Booking.Code}}{{if not .Booking.DueDate.IsZero}} by {{.Booking.DueDate}}{{end}}. Thank you!`,
	},
}
