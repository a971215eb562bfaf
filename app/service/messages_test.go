package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// system is the scheduler's user: an admin.
var system = service.Session{UserID: "u-system", Role: app.RoleAdmin}

// fakeSender records what it is asked to send and fails while fail is set.
type fakeSender struct {
	sent []*app.Message
	fail error
}

func (f *fakeSender) Send(_ context.Context, msg *app.Message, _ *app.MessageSettings) (string, error) {
	if f.fail != nil {
		return "", f.fail
	}
	cp := *msg
	f.sent = append(f.sent, &cp)
	return fmt.Sprintf("p-%d", len(f.sent)), nil
}

// clock is a settable time for the services.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func messagesStore(t *testing.T) (service.Store, map[string]string) {
	t.Helper()
	store := openStore(t)
	users(t, store)
	saveAt(t, store, app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng Travel", Phone: "+842439393939", Country: "VN", BankAccount: "VCB 0011 0022"})
	saveAt(t, store, app.MessageSettingsID, &app.MessageSettings{SMTPHost: "smtp.senvang.vn", MailFrom: "crm@senvang.vn", SMSURL: "https://sms.example.vn/send"})
	ids := map[string]string{}
	ids["an"] = save(t, store, &app.Customer{
		Name: "Nguyễn Văn An", Gender: app.Male, Country: "VN", Language: "vi", Birthday: day("1985-11-23"),
		Emails: []string{"an@example.vn"}, Phones: []string{"0901234567"}, MarketingConsent: true,
		OwnerID: agent.UserID, OfficeID: agent.OfficeID, Stage: app.StageCustomer,
	})
	ids["binh"] = save(t, store, &app.Customer{
		Name: "Trần Thị Bình", Gender: app.Female, Country: "VN", Birthday: day("1990-11-23"),
		Emails: []string{"binh@example.vn"}, OwnerID: agent.UserID, OfficeID: agent.OfficeID, Stage: app.StageCustomer,
	})
	ids["ivan"] = save(t, store, &app.Customer{
		Name: "Ivan Petrov", Nationality: "RU", Language: "en", Birthday: day("1980-02-29"),
		Phones: []string{"+79161234567"}, MarketingConsent: true, OwnerID: "u-kim", OfficeID: "o-sg", Stage: app.StageCustomer,
	})
	ids["booking"] = save(t, store, &app.Booking{
		Code: "BK-2026-000123", CustomerID: ids["an"], OwnerID: agent.UserID, OfficeID: agent.OfficeID,
		Destination: "Hạ Long", StartDate: day("2026-12-20"), EndDate: day("2026-12-22"), BalanceDue: day("2026-12-01"),
		Currency: "VND", Status: app.BookingDeposit, BookedOn: day("2026-11-01"),
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(6_250_000, "VND")}},
	})
	save(t, store, &app.Payment{BookingID: ids["booking"], CustomerID: ids["an"], Type: app.PaymentDeposit, Method: app.MethodCash,
		Amount: money.New(3_750_000, "VND"), ReceivedBy: agent.UserID, Date: day("2026-11-01")})
	return store, ids
}

// An agent queues a payment reminder by SMS and a free-text email to her
// customer; greetings need consent, a message needs an address, another
// office's customer is not hers. The scheduler's admin delivers them, and
// each is logged as an interaction by the agent.
func TestMessagesQueueAndDeliver(t *testing.T) {
	store, ids := messagesStore(t)
	clk := &clock{time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)}
	lan := service.NewMessages(store, agent)
	lan.SetClock(clk.now)

	rem, err := lan.Queue(service.MessageRequest{CustomerID: ids["an"], BookingID: ids["booking"], Channel: app.ChannelSMS, Template: app.TemplatePaymentReminder})
	if err != nil {
		t.Fatal(err)
	}
	// Total 2 × 6.250.000 = 12.500.000, paid 3.750.000: 8.750.000 due.
	want := "Sen Vàng Travel: anh An vui lòng thanh toán 8.750.000 ₫ cho đặt chỗ BK-2026-000123 trước ngày 2026-12-01. Xin cảm ơn!"
	if rem.Body != want || rem.To != "+84901234567" || rem.Purpose != app.PurposeService || rem.Status != app.MessageQueued || rem.QueuedBy != "u-lan" {
		t.Errorf("reminder = %+v\nwant body %q", rem, want)
	}
	note, err := lan.Send(ids["binh"], app.ChannelEmail, "Chị Bình ơi, lịch đi Đà Lạt đã có, em gửi chị nhé.")
	if err != nil {
		t.Fatal(err)
	}
	if note.Subject != "Sen Vàng Travel" || note.Template != "" || note.To != "binh@example.vn" {
		t.Errorf("free text = %+v", note)
	}

	// Refusals write nothing.
	var me *service.MessageError
	if _, err := lan.Send(ids["binh"], app.ChannelEmail, app.TemplateBirthday); !errors.As(err, &me) || me.Code != service.MsgNoConsent || !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "Trần Thị Bình") {
		t.Errorf("greeting without consent: %v", err)
	}
	if _, err := lan.Send(ids["binh"], app.ChannelSMS, "Hello"); !errors.As(err, &me) || me.Code != service.MsgNoAddress {
		t.Errorf("no phone: %v", err)
	}
	if _, err := lan.Send(ids["ivan"], app.ChannelSMS, "Hello"); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("another office's customer: %v", err)
	}
	if _, err := lan.Send("nobody", app.ChannelSMS, "Hello"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
	if n, _ := store.Count(app.KindMessage); n != 2 {
		t.Fatalf("%d messages stored, want 2", n)
	}
	// An agent does not deliver.
	if _, err := lan.Deliver(context.Background(), service.Senders{}); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("agent delivers: %v", err)
	}

	sys := service.NewMessages(store, system)
	sys.SetClock(clk.now)
	email, sms := &fakeSender{}, &fakeSender{}
	rep, err := sys.Deliver(context.Background(), service.Senders{Email: email, SMS: sms})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 2 || len(email.sent) != 1 || len(sms.sent) != 1 || sms.sent[0].Body != want {
		t.Fatalf("report %+v; email %v; sms %v", rep, email.sent, sms.sent)
	}
	got, err := sys.Get(rem.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != app.MessageSent || got.Attempts != 1 || !got.SentAt.Equal(clk.t) || got.ProviderID != "p-1" || got.InteractionID == "" {
		t.Errorf("sent reminder = %+v", got)
	}
	it, err := service.Load[app.Interaction](store, got.InteractionID)
	if err != nil {
		t.Fatal(err)
	}
	if it.CustomerID != ids["an"] || it.BookingID != ids["booking"] || it.Type != app.InteractionSMS || it.Direction != app.Outbound || it.UserID != "u-lan" ||
		!strings.HasPrefix(it.Summary, "Payment reminder sent by sms to +84901234567\nSen Vàng Travel: anh An") {
		t.Errorf("interaction = %+v", it)
	}
	// Nothing more to send.
	if rep, err := sys.Deliver(context.Background(), service.Senders{Email: email, SMS: sms}); err != nil || rep.Sent+rep.Retrying+rep.Failed+rep.Skipped+rep.Waiting != 0 || len(email.sent)+len(sms.sent) != 2 {
		t.Errorf("second run: %+v %v", rep, err)
	}
	if _, err := lan.Cancel(rem.ID); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("cancel a sent message: %v", err)
	}
}

// A message whose server is down stays queued with the error and is tried
// again after the backoff; a permanent failure fails at once and a person
// retries it; attempts run out into failed; a message left "sending" by a
// crash goes again.
func TestMessagesRetry(t *testing.T) {
	store, ids := messagesStore(t)
	t0 := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	clk := &clock{t0}
	lan := service.NewMessages(store, agent)
	lan.SetClock(clk.now)
	sys := service.NewMessages(store, system)
	sys.SetClock(clk.now)
	down := &fakeSender{fail: errors.New("dial tcp 127.0.0.1:2525: connect: connection refused")}

	msg, err := lan.Send(ids["an"], app.ChannelEmail, "Tour Đà Lạt: còn 2 chỗ")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sys.Deliver(context.Background(), service.Senders{Email: down})
	if err != nil || rep.Retrying != 1 || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Error, "connection refused") {
		t.Fatalf("report %+v, %v", rep, err)
	}
	got, _ := sys.Get(msg.ID)
	if got.Status != app.MessageQueued || got.Attempts != 1 || !strings.Contains(got.LastError, "connection refused") || !got.NextAttemptAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after a failure: %+v", got)
	}
	// Not due yet: waits.
	clk.t = t0.Add(30 * time.Second)
	if rep, _ := sys.Deliver(context.Background(), service.Senders{Email: down}); rep.Waiting != 1 {
		t.Errorf("before the next attempt: %+v", rep)
	}
	// Due, still down: the second wait is 5 minutes.
	clk.t = t0.Add(time.Minute)
	sys.Deliver(context.Background(), service.Senders{Email: down})
	got, _ = sys.Get(msg.ID)
	if got.Attempts != 2 || !got.NextAttemptAt.Equal(t0.Add(6*time.Minute)) {
		t.Fatalf("second failure: %+v", got)
	}
	// The server is back.
	clk.t = t0.Add(6 * time.Minute)
	down.fail = nil
	if rep, _ := sys.Deliver(context.Background(), service.Senders{Email: down}); rep.Sent != 1 {
		t.Errorf("back up: %+v", rep)
	}
	got, _ = sys.Get(msg.ID)
	if got.Status != app.MessageSent || got.Attempts != 3 || got.LastError != "" || len(down.sent) != 1 {
		t.Errorf("sent at last: %+v", got)
	}

	// A recipient refused for good fails at once; the agent retries it.
	bad, _ := lan.Send(ids["an"], app.ChannelEmail, "Hello")
	down.fail = fmt.Errorf("550 mailbox unavailable: %w", service.ErrPermanent)
	if rep, _ := sys.Deliver(context.Background(), service.Senders{Email: down}); rep.Failed != 1 {
		t.Errorf("permanent: %+v", rep)
	}
	if got, _ := sys.Get(bad.ID); got.Status != app.MessageFailed || !strings.Contains(got.LastError, "550") {
		t.Errorf("permanent: %+v", got)
	}
	if list, _ := lan.List(app.MessageFailed, ""); len(list) != 1 || list[0].ID != bad.ID || list[0].CustomerName != "Nguyễn Văn An" {
		t.Errorf("failed list = %+v", list)
	}
	if _, err := lan.Retry(bad.ID); err != nil {
		t.Fatal(err)
	}
	down.fail = nil
	if rep, _ := sys.Deliver(context.Background(), service.Senders{Email: down}); rep.Sent != 1 {
		t.Errorf("retried: %+v", rep)
	}

	// Out of attempts: with MaxAttempts 2, the second failure fails it.
	saveAt(t, store, app.MessageSettingsID, &app.MessageSettings{SMTPHost: "smtp.senvang.vn", MailFrom: "crm@senvang.vn", MaxAttempts: 2})
	last, _ := lan.Send(ids["an"], app.ChannelEmail, "Hello again")
	down.fail = errors.New("421 try later")
	sys.Deliver(context.Background(), service.Senders{Email: down})
	clk.t = clk.t.Add(time.Hour)
	if rep, _ := sys.Deliver(context.Background(), service.Senders{Email: down}); rep.Failed != 1 {
		t.Errorf("out of attempts: %+v", rep)
	}
	if got, _ := sys.Get(last.ID); got.Status != app.MessageFailed || got.Attempts != 2 {
		t.Errorf("out of attempts: %+v", got)
	}

	// Channel not configured here: stays queued with the reason, no
	// attempt used.
	sms, _ := lan.Send(ids["an"], app.ChannelSMS, "Xin chào")
	if rep, _ := sys.Deliver(context.Background(), service.Senders{Email: down}); rep.Waiting != 1 {
		t.Errorf("no sms sender: %+v", rep)
	}
	if got, _ := sys.Get(sms.ID); got.Status != app.MessageQueued || got.Attempts != 0 || !strings.Contains(got.LastError, "not configured") {
		t.Errorf("no sms sender: %+v", got)
	}

	// A crash left one sending: the next run counts the attempt and
	// sends it again.
	store.Update(func(tx service.Tx) error {
		m, _ := service.Load[app.Message](tx, sms.ID)
		m.Status, m.Attempts = app.MessageSending, 1
		_, err := service.StoreEntity(tx, sms.ID, m)
		return err
	})
	smsOK := &fakeSender{}
	if rep, _ := sys.Deliver(context.Background(), service.Senders{SMS: smsOK}); rep.Retrying != 1 || !strings.Contains(rep.Problems[0].Error, "interrupted") {
		t.Errorf("interrupted: %+v", rep)
	}
	clk.t = clk.t.Add(time.Hour)
	if rep, _ := sys.Deliver(context.Background(), service.Senders{SMS: smsOK}); rep.Sent != 1 || len(smsOK.sent) != 1 {
		t.Errorf("after the crash: %+v", rep)
	}
}

// Birthday greetings: queued for customers born today who agreed, skipped
// with the reason for those who did not, once however often it runs; 29
// February is greeted on the 28th in other years; consent withdrawn after
// queueing skips it at delivery.
func TestMessagesBirthdays(t *testing.T) {
	store, ids := messagesStore(t)
	clk := &clock{time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)}
	sys := service.NewMessages(store, system)
	sys.SetClock(clk.now)

	rep, err := sys.QueueBirthdays(day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Queued != 1 || rep.Skipped != 1 || rep.Existing != 0 {
		t.Fatalf("first run: %+v", rep)
	}
	an, err := sys.Get(service.BirthdayMessageID(ids["an"], 2026))
	if err != nil {
		t.Fatal(err)
	}
	if an.Channel != app.ChannelEmail || an.To != "an@example.vn" || an.Subject != "Chúc mừng sinh nhật Anh An!" || an.Purpose != app.PurposeGreeting || an.Status != app.MessageQueued {
		t.Errorf("An's greeting = %+v", an)
	}
	binh, _ := sys.Get(service.BirthdayMessageID(ids["binh"], 2026))
	if binh.Status != app.MessageSkipped || !strings.Contains(binh.LastError, "no marketing consent") {
		t.Errorf("Bình's greeting = %+v", binh)
	}
	again, err := sys.QueueBirthdays(day("2026-11-23"))
	if err != nil || again.Queued+again.Skipped != 0 || again.Existing != 2 {
		t.Errorf("second run: %+v %v", again, err)
	}
	// 2027 is not a leap year: Ivan (29 February) on the 28th, by SMS (no
	// email), in English.
	feb, _ := sys.QueueBirthdays(day("2027-02-28"))
	if feb.Queued != 1 || feb.Messages[0].Channel != app.ChannelSMS || feb.Messages[0].Body != "Happy birthday, Ivan! Best wishes for the year ahead from Sen Vàng Travel." {
		t.Errorf("29 February: %+v %+v", feb, feb.Messages)
	}
	if leap, _ := sys.QueueBirthdays(day("2028-02-28")); leap.Queued != 0 {
		t.Errorf("28 February of a leap year: %+v", leap)
	}

	// An withdraws consent before the greeting goes: skipped, not sent.
	c := customer(t, store, ids["an"])
	c.MarketingConsent = false
	saveAt(t, store, ids["an"], c)
	email := &fakeSender{}
	drep, _ := sys.Deliver(context.Background(), service.Senders{Email: email, SMS: &fakeSender{}})
	if drep.Skipped != 1 || len(email.sent) != 0 {
		t.Errorf("consent withdrawn: %+v", drep)
	}
	if got, _ := sys.Get(an.ID); got.Status != app.MessageSkipped || !strings.Contains(got.LastError, "withdrawn") {
		t.Errorf("consent withdrawn: %+v", got)
	}

	// Greetings off: nothing.
	saveAt(t, store, app.MessageSettingsID, &app.MessageSettings{BirthdayGreetings: app.GreetOff})
	if off, _ := sys.QueueBirthdays(day("2027-11-23")); off.Queued+off.Skipped+off.Existing != 0 {
		t.Errorf("off: %+v", off)
	}
}

// Marketing sends a campaign email to its targets: only those who agreed
// and have an address get it (the others are listed with the reason);
// sending the campaign again queues nothing more; a campaign's message is
// marketing even from a service template.
func TestMessagesCampaign(t *testing.T) {
	store, ids := messagesStore(t)
	mai := service.Session{UserID: "u-mai", OfficeID: "o-hn", Role: app.RoleMarketing}
	camp := save(t, store, &app.Campaign{Name: "Tết 2027", Channel: app.ChannelEmail, TargetIDs: []string{ids["an"], ids["binh"]}, OwnerID: "u-mai"})
	c := customer(t, store, ids["ivan"])
	c.CampaignID = camp
	saveAt(t, store, ids["ivan"], c)

	m := service.NewMessages(store, mai)
	req := service.MessageRequest{CampaignID: camp, Channel: app.ChannelEmail, Subject: "Tết 2027: tour Nhật Bản", Text: "Kính gửi {{.Title}} {{.Name}}, ưu đãi Tết từ {{.Company.Name}}."}
	rep, err := m.QueueCampaign(req)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Queued != 1 || len(rep.Refused) != 2 {
		t.Fatalf("report %+v", rep)
	}
	msg := rep.Messages[0]
	if msg.CustomerID != ids["an"] || msg.Purpose != app.PurposeMarketing || msg.Body != "Kính gửi Anh Nguyễn Văn An, ưu đãi Tết từ Sen Vàng Travel." ||
		msg.QueuedBy != "u-mai" || msg.ID != service.CampaignMessageID(camp, ids["an"], app.ChannelEmail) {
		t.Errorf("campaign message = %+v", msg)
	}
	reasons := map[string]string{}
	for _, p := range rep.Refused {
		reasons[p.CustomerID] = p.Error
	}
	if !strings.Contains(reasons[ids["binh"]], "has not agreed to marketing messages") || !strings.Contains(reasons[ids["ivan"]], "has no email address") {
		t.Errorf("refused = %+v", rep.Refused)
	}
	if again, err := m.QueueCampaign(req); err != nil || again.Queued != 0 || again.Existing != 1 {
		t.Errorf("again: %+v %v", again, err)
	}
	// A service template in a campaign is still marketing: Bình (no
	// consent) gets no payment reminder through it.
	smsReq := service.MessageRequest{CampaignID: camp, Channel: app.ChannelSMS, Template: app.TemplatePaymentReminder}
	if rep, err := m.QueueCampaign(smsReq); err != nil || rep.Queued != 2 || len(rep.Refused) != 1 || rep.Messages[0].Purpose != app.PurposeMarketing {
		t.Errorf("sms campaign: %+v %v", rep, err)
	}
	if _, err := m.QueueCampaign(service.MessageRequest{CampaignID: "nope", Channel: app.ChannelEmail, Text: "x"}); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown campaign: %v", err)
	}
}

// Scheduled payment reminders, when the settings turn them on: a booking
// with a deposit and a balance owed is reminded once, within the days
// before its due date; not before, not after, not when off.
func TestMessagesPaymentReminders(t *testing.T) {
	store, ids := messagesStore(t)
	sys := service.NewMessages(store, system)
	sys.SetClock(func() time.Time { return time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC) })
	if rep, err := sys.QueuePaymentReminders(day("2026-11-28")); err != nil || rep.Queued+rep.Existing+rep.Skipped != 0 {
		t.Fatalf("off: %+v %v", rep, err)
	}
	saveAt(t, store, app.MessageSettingsID, &app.MessageSettings{SMTPHost: "smtp.senvang.vn", MailFrom: "crm@senvang.vn", PaymentReminderDays: 3})
	// Due 2026-12-01: 27 November is four days before.
	if rep, _ := sys.QueuePaymentReminders(day("2026-11-27")); rep.Queued != 0 {
		t.Errorf("too early: %+v", rep)
	}
	rep, err := sys.QueuePaymentReminders(day("2026-11-28"))
	if err != nil || rep.Queued != 1 {
		t.Fatalf("reminder: %+v %v", rep, err)
	}
	m := rep.Messages[0]
	// 12.500.000 total, 3.750.000 paid: 8.750.000 due.
	if m.ID != service.PaymentReminderID(ids["booking"], day("2026-12-01")) || m.Channel != app.ChannelEmail || m.Purpose != app.PurposeService ||
		m.Subject != "Nhắc thanh toán đặt chỗ BK-2026-000123" || !strings.Contains(m.Body, "8.750.000 ₫, hạn thanh toán 2026-12-01") || m.BookingID != ids["booking"] {
		t.Errorf("reminder = %+v", m)
	}
	if again, _ := sys.QueuePaymentReminders(day("2026-11-30")); again.Queued != 0 || again.Existing != 1 {
		t.Errorf("again: %+v", again)
	}
	if late, _ := sys.QueuePaymentReminders(day("2026-12-02")); late.Queued+late.Existing != 0 {
		t.Errorf("past due: %+v", late)
	}
}

// onlyStore hides everything of a store but service.Store (ScanFields).
type onlyStore struct{ service.Store }

// The birthday greetings are the same whether the store scans fields
// (localdb) or only gets records.
func TestMessagesBirthdaysWithoutScanFields(t *testing.T) {
	store, ids := messagesStore(t)
	sys := service.NewMessages(onlyStore{store}, system)
	rep, err := sys.QueueBirthdays(day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]app.MessageStatus{}
	for _, m := range rep.Messages {
		got[m.CustomerID] = m.Status
	}
	if len(got) != 2 || got[ids["an"]] != app.MessageQueued || got[ids["binh"]] != app.MessageSkipped {
		t.Errorf("greetings = %v", got)
	}
}
