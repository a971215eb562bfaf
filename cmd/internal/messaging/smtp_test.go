package messaging

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// mailbox is a real SMTP server on 127.0.0.1 (github.com/emersion/go-smtp)
// that offers STARTTLS with a certificate made for the test, wants AUTH
// PLAIN with user/pass, and keeps every message it accepts.
type mailbox struct {
	t      *testing.T
	user   string
	pass   string
	tls    *tls.Config
	pool   *x509.CertPool
	addr   string
	mu     sync.Mutex
	mails  []received
	server *smtp.Server
}

type received struct {
	From string
	To   []string
	Data []byte
}

func newMailbox(t *testing.T) *mailbox {
	t.Helper()
	cert, pool := selfSigned(t)
	mb := &mailbox{t: t, user: "crm@senvang.vn", pass: "mật-khẩu-SMTP", tls: &tls.Config{Certificates: []tls.Certificate{cert}}, pool: pool}
	mb.start("127.0.0.1:0")
	return mb
}

// start listens on addr (the same port again after stop).
func (mb *mailbox) start(addr string) {
	mb.t.Helper()
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{mb: mb}, nil }))
	s.Domain = "mail.test"
	s.TLSConfig = mb.tls
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		mb.t.Fatal(err)
	}
	mb.addr, mb.server = ln.Addr().String(), s
	go s.Serve(ln)
	mb.t.Cleanup(func() { s.Close() })
}

func (mb *mailbox) stop() { mb.server.Close() }

func (mb *mailbox) port() int {
	_, p, _ := net.SplitHostPort(mb.addr)
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}

func (mb *mailbox) received() []received {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]received(nil), mb.mails...)
}

type mailSession struct {
	mb     *mailbox
	authed bool
	from   string
	to     []string
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.mb.user || pass != s.mb.pass {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "nobody@") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	s.mb.mails = append(s.mb.mails, received{s.from, s.to, b})
	s.mb.mu.Unlock()
	return nil
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"mail.test"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// fixture is a local store with the company, the message settings
// pointing at mb, and one customer, Nguyễn Văn An, born on 23 November,
// who agreed to marketing messages.
type fixture struct {
	store    *localdb.Store
	customer string
	clock    time.Time
	runner   *Runner
}

func newFixture(t *testing.T, mb *mailbox, smsURL string) *fixture {
	t.Helper()
	store, err := localdb.Open(filepath.Join(t.TempDir(), StoreFile), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, customer: record.NewID(), clock: time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)}
	set := &app.MessageSettings{SMSURL: smsURL, SMSAuthHeader: "Authorization", SMSFrom: "SenVang"}
	if mb != nil {
		set.SMTPHost, set.SMTPPort, set.SMTPTLS, set.SMTPUser = "127.0.0.1", mb.port(), app.TLSStartTLS, mb.user
		set.MailFrom, set.MailFromName = "crm@senvang.vn", "Sen Vàng Travel"
	}
	put := func(id string, e app.Entity) {
		t.Helper()
		if err := store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, id, e); return err }); err != nil {
			t.Fatal(err)
		}
	}
	put(app.CompanySettingsID, &app.CompanySettings{CompanyName: "Sen Vàng Travel", Phone: "+842439393939", Country: "VN"})
	put(app.MessageSettingsID, set)
	put(f.customer, &app.Customer{
		Name: "Nguyễn Văn An", Gender: app.Male, Country: "VN", Language: "vi", Birthday: app.Date{Year: 1985, Month: 11, Day: 23},
		Emails: []string{"an.nguyen@example.vn"}, Phones: []string{"0901 234 567"}, MarketingConsent: true,
		OwnerID: "u-lan", Stage: app.StageCustomer,
	})
	secrets := Secrets{SMSAuth: "Bearer sms-key"}
	senders := Senders(secrets)
	if mb != nil {
		senders.Email = &SMTP{Password: mb.pass, TLSConfig: &tls.Config{RootCAs: mb.pool, ServerName: "127.0.0.1"}, Timeout: 5 * time.Second}
	}
	f.runner = &Runner{
		Store: store, Session: service.Session{UserID: "u-system", Role: app.RoleAdmin},
		Senders: senders, Now: func() time.Time { return f.clock },
	}
	return f
}

func (f *fixture) run(t *testing.T) Report {
	t.Helper()
	rep, err := f.runner.RunOnce(context.Background(), app.DateOf(f.clock), true)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (f *fixture) greeting(t *testing.T) *app.Message {
	t.Helper()
	m, err := service.NewMessages(f.store, f.runner.Session).Get(service.BirthdayMessageID(f.customer, 2026))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The birthday greeting goes through a real SMTP server on 127.0.0.1
// (STARTTLS, AUTH PLAIN) and is read back: envelope, To, Subject and body
// in UTF-8 with the customer's Vietnamese name intact, the Message-ID
// derived from the message. It is logged as an interaction. A second run
// the same day sends nothing more.
func TestBirthdayGreetingThroughSMTP(t *testing.T) {
	mb := newMailbox(t)
	f := newFixture(t, mb, "")

	rep := f.run(t)
	if rep.Birthdays.Queued != 1 || rep.Delivered.Sent != 1 {
		t.Fatalf("report %+v", rep)
	}
	got := mb.received()
	if len(got) != 1 {
		t.Fatalf("%d mails received, want 1", len(got))
	}
	if got[0].From != "crm@senvang.vn" || len(got[0].To) != 1 || got[0].To[0] != "an.nguyen@example.vn" {
		t.Errorf("envelope from %q to %q", got[0].From, got[0].To)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	header := func(name string) string {
		v, err := dec.DecodeHeader(msg.Header.Get(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	if to, err := msg.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "an.nguyen@example.vn" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if from, err := msg.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Name != "Sen Vàng Travel" || from[0].Address != "crm@senvang.vn" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if s := header("Subject"); s != "Chúc mừng sinh nhật Anh An!" {
		t.Errorf("Subject = %q", s)
	}
	greeting := f.greeting(t)
	if id := msg.Header.Get("Message-Id"); id != "<"+greeting.ID+"@senvang.vn>" || greeting.ProviderID != id {
		t.Errorf("Message-ID = %q, provider id %q, message %s", id, greeting.ProviderID, greeting.ID)
	}
	if ct := msg.Header.Get("Content-Type"); !strings.Contains(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "utf-8") {
		t.Errorf("Content-Type = %q", ct)
	}
	var body []byte
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body, err = io.ReadAll(quotedprintable.NewReader(msg.Body))
	} else {
		body, err = io.ReadAll(msg.Body)
	}
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(body), "\r\n", "\n")
	want := "Kính gửi Anh Nguyễn Văn An,\n\nNhân dịp sinh nhật, Sen Vàng Travel xin gửi tới anh lời chúc sức khỏe, hạnh phúc và thành công."
	if !strings.HasPrefix(text, want) || !strings.Contains(text, "Điện thoại: +842439393939") {
		t.Errorf("body:\n%s\nwant it to start with\n%s", text, want)
	}

	if greeting.Status != app.MessageSent || greeting.Attempts != 1 || greeting.InteractionID == "" {
		t.Errorf("greeting = %+v", greeting)
	}
	it, err := service.Load[app.Interaction](f.store, greeting.InteractionID)
	if err != nil {
		t.Fatal(err)
	}
	if it.CustomerID != f.customer || it.Type != app.InteractionEmail || it.UserID != "u-system" || !strings.Contains(it.Summary, "Birthday greeting sent by email to an.nguyen@example.vn: Chúc mừng sinh nhật Anh An!") {
		t.Errorf("interaction = %+v", it)
	}

	// Lan's birthday task for An (her laptop has not made it yet) is
	// written done by the scheduler, for her next sync to bring.
	task, err := service.Load[app.Task](f.store, service.CareTaskID(service.ReasonBirthday, f.customer, app.Date{Year: 2026, Month: 11, Day: 23}))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Delivered.GreetingTasksDone != 1 || task.Status != app.TaskDone || task.AssigneeID != "u-lan" || task.DoneBy != "u-system" ||
		task.Notes != "Greeted by email (an.nguyen@example.vn) on 2026-11-23." {
		t.Errorf("birthday task = %+v (report %+v)", task, rep.Delivered)
	}

	// The scheduler runs again (every minute, and after a restart): one
	// greeting a year.
	f.clock = f.clock.Add(time.Hour)
	if rep := f.run(t); rep.Birthdays.Queued != 0 || rep.Birthdays.Existing != 1 || rep.Delivered.Sent != 0 {
		t.Errorf("second run: %+v", rep)
	}
	if n := len(mb.received()); n != 1 {
		t.Errorf("%d mails after the second run, want 1", n)
	}
}

// With the SMTP server down the greeting stays queued with the error and
// its next attempt; once the server is back and the wait is over, the next
// run sends it, once.
func TestSMTPDownThenBack(t *testing.T) {
	mb := newMailbox(t)
	f := newFixture(t, mb, "")
	mb.stop()

	rep := f.run(t)
	if rep.Delivered.Retrying != 1 || rep.Delivered.Sent != 0 {
		t.Fatalf("report %+v", rep)
	}
	g := f.greeting(t)
	if g.Status != app.MessageQueued || g.Attempts != 1 || g.LastError == "" || !g.NextAttemptAt.Equal(f.clock.Add(time.Minute)) {
		t.Fatalf("while down: %+v", g)
	}
	if !strings.Contains(g.LastError, "127.0.0.1:"+strings.Split(mb.addr, ":")[1]) {
		t.Errorf("the error does not name the server: %q", g.LastError)
	}
	t.Logf("error kept on the message: %s", g.LastError)

	mb.start(mb.addr)
	f.clock = f.clock.Add(30 * time.Second)
	if rep := f.run(t); rep.Delivered.Waiting != 1 || len(mb.received()) != 0 {
		t.Errorf("before the next attempt: %+v", rep)
	}
	f.clock = f.clock.Add(30 * time.Second)
	if rep := f.run(t); rep.Delivered.Sent != 1 {
		t.Errorf("back up: %+v", rep)
	}
	if n := len(mb.received()); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
	if g := f.greeting(t); g.Status != app.MessageSent || g.Attempts != 2 || g.LastError != "" {
		t.Errorf("sent: %+v", g)
	}
}

// A recipient the server refuses for good (550) fails at once, with the
// server's answer on the message.
func TestSMTPRecipientRefused(t *testing.T) {
	mb := newMailbox(t)
	f := newFixture(t, mb, "")
	msgs := service.NewMessages(f.store, f.runner.Session)
	msgs.SetClock(func() time.Time { return f.clock })
	c, _ := service.Load[app.Customer](f.store, f.customer)
	c.Emails = []string{"nobody@example.vn"}
	if err := f.store.Update(func(tx service.Tx) error { _, err := service.StoreEntity(tx, f.customer, c); return err }); err != nil {
		t.Fatal(err)
	}
	m, err := msgs.Send(f.customer, app.ChannelEmail, "Xin chào anh An")
	if err != nil {
		t.Fatal(err)
	}
	if rep, _ := f.runner.RunOnce(context.Background(), app.DateOf(f.clock), false); rep.Delivered.Failed != 1 {
		t.Fatalf("report %+v", rep)
	}
	got, _ := msgs.Get(m.ID)
	if got.Status != app.MessageFailed || !strings.Contains(got.LastError, "550") {
		t.Errorf("refused recipient: %+v", got)
	}
}

// A wrong password keeps the message queued (it is the agency's account
// to fix, not the customer's address), with the server's answer.
func TestSMTPWrongPassword(t *testing.T) {
	mb := newMailbox(t)
	f := newFixture(t, mb, "")
	f.runner.Senders.Email.(*SMTP).Password = "wrong"
	if rep := f.run(t); rep.Delivered.Retrying != 1 {
		t.Fatalf("report %+v", rep)
	}
	if g := f.greeting(t); g.Status != app.MessageQueued || !strings.Contains(g.LastError, "invalid credentials") {
		t.Errorf("wrong password: %+v", g)
	}
}
