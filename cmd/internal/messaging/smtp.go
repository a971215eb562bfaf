// Package messaging delivers TourDesk's messages to customers: email over
// SMTP (github.com/wneessen/go-mail) and SMS through a configurable HTTP
// provider, as the service.Sender implementations of app/service's
// Messages; the machine's secrets (the SMTP password, the SMS provider's
// credential), which never go into a synced record; and the scheduler
// (Runner) that, on a local store logged in as an admin, syncs, queues
// the day's birthday greetings, delivers what is due and syncs back. The
// server runs it in-process (tourdesk-server serve --messages-data DIR);
// tourdeskctl messages run does the same from any admin's data directory.
package messaging

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// SMTP sends email through the SMTP server of the message settings
// (host, port, TLS mode, user, from address), logging in with Password.
// It is safe for concurrent use: every Send dials its own connection.
type SMTP struct {
	// Password is the SMTP account's password ("" with no user).
	Password string
	// TLSConfig, when set, is used for STARTTLS and implicit TLS (tests
	// trust their own certificate with it); nil verifies the server's
	// certificate against the system's roots.
	TLSConfig *tls.Config
	// Timeout bounds the dial and each command (default 30 s).
	Timeout time.Duration
}

var _ service.Sender = (*SMTP)(nil)

// Send implements service.Sender. Its id is the Message-ID header, derived
// from the message's id so a message sent again after a crash carries the
// same one. A recipient the server refuses for good (5xx to RCPT TO) is
// service.ErrPermanent; a server that cannot be reached, a 4xx and every
// other failure are retried. With no host in the settings it is
// service.ErrNotConfigured.
func (s *SMTP) Send(ctx context.Context, msg *app.Message, set *app.MessageSettings) (string, error) {
	host, port, mode := set.SMTPAddress()
	if host == "" || set.MailFrom == "" {
		return "", fmt.Errorf("email: no SMTP server or from address in the message settings: %w", service.ErrNotConfigured)
	}
	if set.SMTPUser != "" && s.Password == "" {
		return "", fmt.Errorf("email: no SMTP password on this machine for %s (see docs/DECISIONS.md: messaging secrets): %w", set.SMTPUser, service.ErrNotConfigured)
	}
	m := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	if err := m.FromFormat(set.MailFromName, set.MailFrom); err != nil {
		return "", fmt.Errorf("email: from address %q: %v: %w", set.MailFrom, err, service.ErrPermanent)
	}
	if err := m.To(msg.To); err != nil {
		return "", fmt.Errorf("email: recipient %q: %v: %w", msg.To, err, service.ErrPermanent)
	}
	m.Subject(msg.Subject)
	id := messageID(msg.ID, set.MailFrom)
	m.SetMessageIDWithValue(id)
	m.SetDate()
	m.SetUserAgent("TourDesk")
	m.SetBodyString(mail.TypeTextPlain, msg.Body)

	timeout := s.TimeoutOr()
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(timeout)}
	tlsConfig := s.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	switch mode {
	case app.TLSImplicit:
		opts = append(opts, mail.WithSSL(), mail.WithTLSConfig(tlsConfig))
	case app.TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory), mail.WithTLSConfig(tlsConfig))
	}
	if set.SMTPUser != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(set.SMTPUser), mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return "", fmt.Errorf("email: %v: %w", err, service.ErrNotConfigured)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		var se *mail.SendError
		if errors.As(err, &se) && se.Reason == mail.ErrSMTPRcptTo && !se.IsTemp() {
			return "", fmt.Errorf("email to %s refused by %s: %v: %w", msg.To, host, err, service.ErrPermanent)
		}
		return "", fmt.Errorf("email via %s:%d: %w", host, port, err)
	}
	return "<" + id + ">", nil
}

// TimeoutOr returns Timeout or its default.
func (s *SMTP) TimeoutOr() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 30 * time.Second
}

// messageID is the Message-ID of message id sent from address from:
// id@from's domain.
func messageID(id, from string) string {
	domain := "tourdesk.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = from[at+1:]
	}
	return id + "@" + domain
}
