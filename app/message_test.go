package app

import (
	"strings"
	"testing"
	"time"
)

func validMessage() Message {
	return Message{
		CustomerID: "c1", Channel: ChannelEmail, Purpose: PurposeGreeting, Template: TemplateBirthday, Language: "vi",
		To: " An@Example.VN ", Subject: "Chúc mừng sinh nhật Anh An!", Body: "Kính gửi Anh Nguyễn Văn An,\n\nChúc mừng sinh nhật!",
		QueuedAt: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), QueuedBy: "u-system",
	}
}

func validMessageSettings() MessageSettings {
	return MessageSettings{
		SMTPHost: "smtp.senvang.vn", SMTPTLS: "STARTTLS", SMTPUser: "crm@senvang.vn", MailFrom: "CRM@senvang.vn",
		SMSURL: "https://sms.example.vn/send?to={{query .To}}", SMSAuthHeader: "Authorization",
		Templates: []MessageTemplate{{
			Name: "holiday", Channel: ChannelSMS, Language: "vi", Purpose: PurposeGreeting,
			Body: "{{.Company.Name}} chúc mừng năm mới {{lower .Title}} {{.GivenName}}!",
		}},
	}
}

func TestMessageValidate(t *testing.T) {
	m := validMessage()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if m.To != "an@example.vn" || m.Status != MessageQueued {
		t.Errorf("normalised to %q, status %q", m.To, m.Status)
	}
	sms := validMessage()
	sms.Channel, sms.To, sms.Subject = ChannelSMS, "+84 90 123 4567", ""
	if err := sms.Validate(); err != nil || sms.To != "+84901234567" {
		t.Errorf("sms: %v, to %q", err, sms.To)
	}
	runBad(t, validMessage, []badCase[Message]{
		{"no customer", func(m *Message) { m.CustomerID = "" }, "customer_id", CodeRequired},
		{"channel", func(m *Message) { m.Channel = "fax" }, "channel", CodeUnknown},
		{"purpose", func(m *Message) { m.Purpose = "spam" }, "purpose", CodeUnknown},
		{"bad email", func(m *Message) { m.To = "not an address" }, "to", CodeFormat},
		{"bad phone", func(m *Message) { m.Channel, m.To = ChannelSMS, "12" }, "to", CodeFormat},
		{"no body", func(m *Message) { m.Body = " " }, "body", CodeRequired},
		{"email without subject", func(m *Message) { m.Subject = "" }, "subject", CodeRequired},
		{"status", func(m *Message) { m.Status = "lost" }, "status", CodeUnknown},
		{"sent without time", func(m *Message) { m.Status = MessageSent }, "sent_at", CodeRequired},
		{"no queued_at", func(m *Message) { m.QueuedAt = time.Time{} }, "queued_at", CodeRequired},
		{"no queued_by", func(m *Message) { m.QueuedBy = "" }, "queued_by", CodeRequired},
	})
}

func TestPurposeNeedsConsent(t *testing.T) {
	for p, want := range map[Purpose]bool{PurposeService: false, PurposeGreeting: true, PurposeMarketing: true} {
		if got := p.NeedsConsent(); got != want {
			t.Errorf("%s.NeedsConsent() = %v, want %v", p, got, want)
		}
	}
}

func TestMessageSettingsValidate(t *testing.T) {
	s := validMessageSettings()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.SMTPTLS != TLSStartTLS || s.MailFrom != "crm@senvang.vn" {
		t.Errorf("normalised to %q %q", s.SMTPTLS, s.MailFrom)
	}
	if host, port, tls := s.SMTPAddress(); host != "smtp.senvang.vn" || port != 587 || tls != TLSStartTLS {
		t.Errorf("SMTPAddress = %s %d %s", host, port, tls)
	}
	var zero MessageSettings
	if err := zero.Validate(); err != nil {
		t.Errorf("empty settings: %v", err)
	}
	runBad(t, validMessageSettings, []badCase[MessageSettings]{
		{"host with scheme", func(s *MessageSettings) { s.SMTPHost = "smtp://x" }, "smtp_host", CodeFormat},
		{"tls", func(s *MessageSettings) { s.SMTPTLS = "ssl3" }, "smtp_tls", CodeUnknown},
		{"no from", func(s *MessageSettings) { s.MailFrom = "" }, "mail_from", CodeRequired},
		{"port", func(s *MessageSettings) { s.SMTPPort = 70000 }, "smtp_port", CodeRange},
		{"sms url", func(s *MessageSettings) { s.SMSURL = "ftp://x/{{.To}}" }, "sms_url", CodeFormat},
		{"sms url template", func(s *MessageSettings) { s.SMSURL = "https://x/{{.To" }, "sms_url", CodeFormat},
		{"sms body template", func(s *MessageSettings) { s.SMSBody = "{{json .To" }, "sms_body", CodeFormat},
		{"method", func(s *MessageSettings) { s.SMSMethod = "delete" }, "sms_method", CodeUnknown},
		{"birthday", func(s *MessageSettings) { s.BirthdayGreetings = "fax" }, "birthday_greetings", CodeUnknown},
		{"template name", func(s *MessageSettings) { s.Templates[0].Name = "Birthday Mail" }, "templates.0.name", CodeFormat},
		{"template field", func(s *MessageSettings) { s.Templates[0].Body = "Hi {{.Nmae}}" }, "templates.0.body", CodeFormat},
		{"template syntax", func(s *MessageSettings) { s.Templates[0].Body = "Hi {{.Name" }, "templates.0.body", CodeFormat},
		{"template language", func(s *MessageSettings) { s.Templates[0].Language = "fr" }, "templates.0.language", CodeUnknown},
		{"email template subject", func(s *MessageSettings) { s.Templates[0].Channel = ChannelEmail }, "templates.0.subject", CodeRequired},
		{"two templates", func(s *MessageSettings) { s.Templates = append(s.Templates, s.Templates[0]) }, "templates.1.name", CodeFormat},
	})
}

// TestDefaultTemplates renders every built-in template on the sample
// customer: each names the customer and, for reminders, the amount due.
func TestDefaultTemplates(t *testing.T) {
	var s MessageSettings
	for _, name := range []string{TemplateBirthday, TemplatePaymentReminder} {
		for _, ch := range MessageChannels {
			for _, lang := range []string{"vi", "en"} {
				tpl, ok := s.Template(name, ch, lang)
				if !ok {
					t.Fatalf("no default %s %s %s", name, ch, lang)
				}
				subject, body, err := tpl.Render(SampleMessageData())
				if err != nil {
					t.Fatal(err)
				}
				if ch == ChannelEmail && subject == "" {
					t.Errorf("%s %s %s: empty subject", name, ch, lang)
				}
				if !strings.Contains(subject+body, "An") {
					t.Errorf("%s %s %s: the customer's name is missing:\n%s\n%s", name, ch, lang, subject, body)
				}
				if name == TemplatePaymentReminder && !strings.Contains(body, "8.750.000 ₫") {
					t.Errorf("%s %s %s: the amount due is missing:\n%s", name, ch, lang, body)
				}
			}
		}
	}
	tpl, _ := s.Template(TemplateBirthday, ChannelEmail, "vi")
	subject, body, _ := tpl.Render(SampleMessageData())
	if subject != "Chúc mừng sinh nhật Anh An!" || !strings.HasPrefix(body, "Kính gửi Anh Nguyễn Văn An,\n\nNhân dịp sinh nhật, Sen Vàng Travel xin gửi tới anh") {
		t.Errorf("vi birthday email:\n%s\n%s", subject, body)
	}
	// A settings template overrides the default of its language only; a
	// language with none falls back to the next one asked for.
	s.Templates = []MessageTemplate{{Name: TemplateBirthday, Channel: ChannelSMS, Language: "vi", Body: "Mừng sinh nhật {{.GivenName}}"}}
	if got, _ := s.Template(TemplateBirthday, ChannelSMS, "vi"); got.Body != "Mừng sinh nhật {{.GivenName}}" {
		t.Errorf("override: %q", got.Body)
	}
	if got, _ := s.Template(TemplateBirthday, ChannelSMS, "zh", "en"); got.Language != "en" {
		t.Errorf("fallback: %+v", got)
	}
	if _, ok := s.Template("holiday", ChannelSMS, "vi", "en"); ok {
		t.Error("found a template that does not exist")
	}
}

func TestGivenNameAndTitle(t *testing.T) {
	cases := []struct {
		c         Customer
		given, vi string
		en        string
	}{
		{Customer{Name: "Nguyễn Văn An", Gender: Male, Country: "VN"}, "An", "Anh", "Mr."},
		{Customer{Name: "Trần Thị Bình", Gender: Female, Nationality: "VN"}, "Bình", "Chị", "Ms."},
		{Customer{Name: "Ivan Petrov", Nationality: "RU"}, "Ivan", "Quý khách", ""},
		{Customer{Name: "王伟", Nationality: "CN"}, "王伟", "Quý khách", ""},
		{Customer{Name: "Công ty ABC", Type: Company, ContactPerson: "Lê Châu"}, "Lê Châu", "Quý công ty", ""},
	}
	for _, tc := range cases {
		if got := GivenNameOf(&tc.c); got != tc.given {
			t.Errorf("GivenNameOf(%s) = %q, want %q", tc.c.Name, got, tc.given)
		}
		if got := TitleFor(&tc.c, "vi"); got != tc.vi {
			t.Errorf("TitleFor(%s, vi) = %q, want %q", tc.c.Name, got, tc.vi)
		}
		if got := TitleFor(&tc.c, "en"); got != tc.en {
			t.Errorf("TitleFor(%s, en) = %q, want %q", tc.c.Name, got, tc.en)
		}
	}
}

func TestMessageTransitions(t *testing.T) {
	if err := MessageTransitions.Check(KindMessage, "status", MessageSent, MessageQueued); err == nil {
		t.Error("a sent message was queued again")
	}
	if err := MessageTransitions.Check(KindMessage, "status", MessageFailed, MessageQueued); err != nil {
		t.Errorf("retry of a failed message: %v", err)
	}
}
