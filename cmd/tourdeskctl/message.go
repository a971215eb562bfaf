package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/cmd/internal/messaging"
	"github.com/tourdesk/tourdesk/sync/client"
)

func init() {
	register("message", cmdMessage, `  message send CUSTOMER --channel email|sms (--template birthday|payment_reminder|NAME | --text "…") [--subject S] [--booking ID] [--campaign ID] [--lang vi|en] [--json]
  message campaign CAMPAIGN --channel email|sms (--template NAME | --text "Chào {{.GivenName}}…") [--subject S] [--json]   (its targets with consent)
`)
	register("messages", cmdMessages, `  messages list [--status queued|sending|sent|failed|skipped|cancelled] [--customer ID] [--json]
  messages run [--once] [--today D] [--every 1m] [--json]   (an admin: sync, birthday greetings, send what is due, sync)
  messages retry ID | messages cancel ID | messages show ID [--json]
  messages settings [--smtp-host H --smtp-port N --smtp-tls starttls|tls|none --smtp-user U --from A --from-name N
                     --sms-url U --sms-method M --sms-auth-header H --sms-from F --birthdays email_or_sms|email|sms|off
                     --max-attempts N --payment-reminders DAYS] [--json]   (an admin; no flag: show them)
  messages secrets [--smtp-password-stdin] [--sms-auth-stdin]   (this machine's 0600 messaging-secrets.json)
`)
}

// cmdMessage is `message send …`.
func cmdMessage(e *env, args []string) error {
	if len(args) > 0 && args[0] == "campaign" {
		return messageCampaign(e, args[1:])
	}
	if len(args) == 0 || args[0] != "send" {
		return usagef("message: want a subcommand: send or campaign")
	}
	fs := newFlags("message send", e)
	channel := fs.String("channel", "", "email or sms (required)")
	tpl := fs.String("template", "", "a template: birthday, payment_reminder or one of the settings'")
	text := fs.String("text", "", "the text to send (instead of a template)")
	subject := fs.String("subject", "", "the subject of an email with --text (default: the company's name)")
	booking := fs.String("booking", "", "the booking it is about (payment_reminder)")
	campaign := fs.String("campaign", "", "the campaign it belongs to (needs marketing consent)")
	lang := fs.String("lang", "", "the template's language (default: the customer's)")
	asJSON := fs.Bool("json", false, "print the queued message as JSON")
	pos, err := parse(fs, args[1:], 1, "one customer ID")
	if err != nil {
		return err
	}
	ch := app.Channel(*channel)
	if ch != app.ChannelEmail && ch != app.ChannelSMS {
		return usagef("message send: --channel must be email or sms")
	}
	if (*tpl == "") == (*text == "") {
		return usagef("message send: give one of --template NAME or --text TEXT")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	msg, err := service.NewMessages(s, e.session()).Queue(service.MessageRequest{
		CustomerID: pos[0], BookingID: *booking, CampaignID: *campaign, Channel: ch,
		Template: *tpl, Text: *text, Subject: *subject, Language: *lang,
	})
	if err != nil {
		return fmt.Errorf("message send: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, messageJSON{msg.ID, msg})
	}
	fmt.Fprintf(e.stdout, "%s\tqueued\t%s to %s\n", msg.ID, msg.Channel, msg.To)
	return nil
}

// messageCampaign is `message campaign CAMPAIGN --channel C (--template
// NAME | --text T) [--subject S]`: the campaign's message to each of its
// targets who agreed to marketing messages.
func messageCampaign(e *env, args []string) error {
	fs := newFlags("message campaign", e)
	channel := fs.String("channel", "", "email or sms (required)")
	tpl := fs.String("template", "", "a template of the settings")
	text := fs.String("text", "", "the text to send (a template: {{.GivenName}}, {{.Title}}, {{.Name}})")
	subject := fs.String("subject", "", "the subject of an email with --text")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parse(fs, args, 1, "one campaign ID")
	if err != nil {
		return err
	}
	ch := app.Channel(*channel)
	if ch != app.ChannelEmail && ch != app.ChannelSMS {
		return usagef("message campaign: --channel must be email or sms")
	}
	if (*tpl == "") == (*text == "") {
		return usagef("message campaign: give one of --template NAME or --text TEXT")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	rep, err := service.NewMessages(s, e.session()).QueueCampaign(service.MessageRequest{
		CampaignID: pos[0], Channel: ch, Template: *tpl, Text: *text, Subject: *subject,
	})
	if err != nil {
		return fmt.Errorf("message campaign: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	for _, p := range rep.Refused {
		fmt.Fprintf(e.stdout, "not sent	customer %s: %s\n", p.CustomerID, p.Error)
	}
	fmt.Fprintf(e.stdout, "%d queued, %d already queued, %d not sent\n", rep.Queued, rep.Existing, len(rep.Refused))
	return nil
}

// messageJSON is a message with its id.
type messageJSON struct {
	ID string `json:"id"`
	*app.Message
}

func cmdMessages(e *env, args []string) error {
	one := func(name string) sub {
		return sub{name, func(e *env, args []string) error { return messagesOne(e, name, args) }}
	}
	return dispatch(e, "messages", args,
		sub{"list", messagesList},
		sub{"run", messagesRun},
		one("retry"), one("cancel"), one("show"),
		sub{"settings", messagesSettings},
		sub{"secrets", messagesSecrets},
	)
}

// messagesList is `messages list [--status S] [--customer ID] [--json]`.
func messagesList(e *env, args []string) error {
	fs := newFlags("messages list", e)
	status := fs.String("status", "", "only messages with this status")
	customer := fs.String("customer", "", "only this customer's messages")
	asJSON := fs.Bool("json", false, "print as a JSON array")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	st := app.MessageStatus(*status)
	if st != "" && !slices.Contains(app.MessageStatuses, st) {
		return usagef("messages list: --status %q: want one of queued, sending, sent, failed, skipped, cancelled", *status)
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	rows, err := service.NewMessages(s, e.session()).List(st, *customer)
	if err != nil {
		return err
	}
	if *asJSON {
		if rows == nil {
			rows = []service.MessageRow{}
		}
		return writeJSON(e.stdout, rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		what := r.Template
		if what == "" {
			what = "text"
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s\t%s", r.ID, r.QueuedAt.Local().Format("2006-01-02 15:04"), r.Status, r.Channel, what, r.CustomerName, r.To)
		if r.LastError != "" {
			line += "\t" + r.LastError
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}

// messagesOne is `messages retry|cancel|show ID`.
func messagesOne(e *env, verb string, args []string) error {
	fs := newFlags("messages "+verb, e)
	asJSON := fs.Bool("json", false, "print the message as JSON")
	pos, s, err := e.parseOpen(fs, args, 1, "one message ID")
	if err != nil {
		return err
	}
	svc := service.NewMessages(s, e.session())
	var msg *app.Message
	switch verb {
	case "retry":
		msg, err = svc.Retry(pos[0])
	case "cancel":
		msg, err = svc.Cancel(pos[0])
	default:
		msg, err = svc.Get(pos[0])
	}
	if err != nil {
		return fmt.Errorf("messages %s: %w", verb, err)
	}
	if *asJSON {
		return writeJSON(e.stdout, messageJSON{msg.ID, msg})
	}
	if verb != "show" {
		fmt.Fprintf(e.stdout, "%s\t%s\n", msg.ID, msg.Status)
		return nil
	}
	fmt.Fprintf(e.stdout, "id:        %s\nstatus:    %s\nchannel:   %s\nto:        %s\ncustomer:  %s\n", msg.ID, msg.Status, msg.Channel, msg.To, msg.CustomerID)
	fmt.Fprintf(e.stdout, "queued:    %s by %s\nattempts:  %d\n", msg.QueuedAt.Local().Format("2006-01-02 15:04:05"), msg.QueuedBy, msg.Attempts)
	if !msg.SentAt.IsZero() {
		fmt.Fprintf(e.stdout, "sent:      %s (%s)\n", msg.SentAt.Local().Format("2006-01-02 15:04:05"), msg.ProviderID)
	}
	if !msg.NextAttemptAt.IsZero() {
		fmt.Fprintf(e.stdout, "next try:  %s\n", msg.NextAttemptAt.Local().Format("2006-01-02 15:04:05"))
	}
	if msg.LastError != "" {
		fmt.Fprintf(e.stdout, "error:     %s\n", msg.LastError)
	}
	if msg.Subject != "" {
		fmt.Fprintf(e.stdout, "subject:   %s\n", msg.Subject)
	}
	fmt.Fprintf(e.stdout, "\n%s\n", msg.Body)
	return nil
}

// messagesRun is `messages run [--once] [--today D] [--every 1m]`: the
// scheduler on this data directory, as the server runs it in-process.
func messagesRun(e *env, args []string) error {
	fs := newFlags("messages run", e)
	once := fs.Bool("once", false, "run once and exit (default: every --every until interrupted)")
	every := fs.Duration("every", messaging.DefaultEvery, "time between runs")
	todayS := fs.String("today", "", "queue the birthday greetings of this day, YYYY-MM-DD (default: today, from 08:00)")
	asJSON := fs.Bool("json", false, "print each run's report as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if *every < time.Second {
		return usagef("messages run: --every must be at least 1s")
	}
	var day app.Date
	if *todayS != "" {
		d, err := service.ParseLooseDate(*todayS)
		if err != nil {
			return usagef("messages run: --today: %v", err)
		}
		day = d
	}
	dir, err := e.dir()
	if err != nil {
		return err
	}
	secrets, err := messaging.LoadSecrets(dir)
	if err != nil {
		return usagef("messages run: %v", err)
	}
	r := &messaging.Runner{Session: e.session(), Senders: messaging.Senders(secrets), Now: time.Now}
	if _, err := e.readSession("messages run"); err == nil {
		_, store, c, err := e.loadSession("messages run")
		if err != nil {
			return err
		}
		r.Store = store
		r.Sync = func(ctx context.Context) (client.Summary, error) {
			return c.Sync(ctx, localsync.Store{DB: store}, nil)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	} else if r.Store, err = e.open(); err != nil {
		return err
	}
	if r.Session.Role != app.RoleAdmin && r.Session.Role != "" {
		return fmt.Errorf("messages run: messages are sent by an admin (the server's scheduler); this directory is logged in as a %s: %w", r.Session.Role, app.ErrForbidden)
	}
	ctx, stop := interruptible()
	defer stop()
	for {
		now := time.Now()
		d, greet := day, true
		if d.IsZero() {
			d = app.DateOf(now)
			greet = *once || now.Hour() >= messaging.DefaultGreetFrom
		}
		rep, err := r.RunOnce(ctx, d, greet)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("messages run: %w", err)
		}
		if *asJSON {
			if err := writeJSON(e.stdout, rep); err != nil {
				return err
			}
		} else {
			printRunReport(e.stdout, rep)
		}
		if rep.SyncError != "" {
			fmt.Fprintf(e.stderr, "tourdeskctl: messages run: sync: %s\n", rep.SyncError)
		}
		if *once {
			if rep.SyncError != "" {
				return fmt.Errorf("messages run: the sync failed; what was sent is recorded here and goes up at the next run")
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*every):
		}
	}
}

func printRunReport(w io.Writer, rep messaging.Report) {
	d := rep.Delivered
	if b := rep.Birthdays; b != nil {
		fmt.Fprintf(w, "%s: birthday greetings %d queued, %d skipped, %d already queued\n", rep.Day, b.Queued, b.Skipped, b.Existing)
		for _, m := range b.Messages {
			if m.Status == app.MessageSkipped {
				fmt.Fprintf(w, "skipped\t%s\tcustomer %s: %s\n", m.ID, m.CustomerID, m.LastError)
			}
		}
	}
	if p := rep.Reminders; p != nil && p.Queued+p.Skipped+p.Existing > 0 {
		fmt.Fprintf(w, "%s: payment reminders %d queued, %d skipped, %d already queued\n", rep.Day, p.Queued, p.Skipped, p.Existing)
	}
	fmt.Fprintf(w, "sent %d, retrying %d, failed %d, skipped %d, waiting %d\n", d.Sent, d.Retrying, d.Failed, d.Skipped, d.Waiting)
	for _, p := range d.Problems {
		fmt.Fprintf(w, "%s\t%s\tcustomer %s: %s\n", p.Status, p.ID, p.CustomerID, p.Error)
	}
}

// messagesSettings is `messages settings [flags]`: show the message
// settings, or change the ones given (the rest stay).
func messagesSettings(e *env, args []string) error {
	fs := newFlags("messages settings", e)
	str := map[string]*string{}
	for _, f := range []struct{ name, usage string }{
		{"smtp-host", "SMTP server host name"}, {"smtp-tls", "starttls (default), tls or none"},
		{"smtp-user", "SMTP login (the password: messages secrets)"}, {"from", "sender address"}, {"from-name", "sender name"},
		{"sms-url", "SMS provider URL (a template: {{query .To}})"}, {"sms-method", "POST (default), PUT or GET"},
		{"sms-auth-header", "header carrying the SMS credential (the value: messages secrets)"},
		{"sms-content-type", "SMS body type (default application/json)"}, {"sms-body", "SMS body template"},
		{"sms-from", "SMS sender name"}, {"birthdays", "email_or_sms (default), email, sms or off"},
	} {
		str[f.name] = fs.String(f.name, "\x00", f.usage)
	}
	port := fs.Int("smtp-port", -1, "SMTP port (0: the TLS mode's usual port)")
	attempts := fs.Int("max-attempts", -1, "attempts before a message fails (0: 8)")
	reminders := fs.Int("payment-reminders", -1, "remind of a balance this many days before it is due (0: off)")
	asJSON := fs.Bool("json", false, "print the settings as JSON")
	_, s, err := e.parseOpen(fs, args, 0, "no arguments")
	if err != nil {
		return err
	}
	var set *app.MessageSettings
	changed := false
	err = s.Update(func(tx service.Tx) error {
		cur, err := service.Load[app.MessageSettings](tx, app.MessageSettingsID)
		if err != nil && !errors.Is(err, app.ErrNotFound) {
			return err
		}
		if cur == nil {
			cur = &app.MessageSettings{}
		}
		fields := map[string]*string{
			"smtp-host": &cur.SMTPHost, "smtp-tls": &cur.SMTPTLS, "smtp-user": &cur.SMTPUser, "from": &cur.MailFrom,
			"from-name": &cur.MailFromName, "sms-url": &cur.SMSURL, "sms-method": &cur.SMSMethod, "sms-auth-header": &cur.SMSAuthHeader,
			"sms-content-type": &cur.SMSContentType, "sms-body": &cur.SMSBody, "sms-from": &cur.SMSFrom, "birthdays": &cur.BirthdayGreetings,
		}
		for name, v := range str {
			if *v != "\x00" {
				*fields[name], changed = *v, true
			}
		}
		if *port >= 0 {
			cur.SMTPPort, changed = *port, true
		}
		if *attempts >= 0 {
			cur.MaxAttempts, changed = *attempts, true
		}
		if *reminders >= 0 {
			cur.PaymentReminderDays, changed = *reminders, true
		}
		set = cur
		if !changed {
			return nil
		}
		if sess := e.session(); sess.Role != "" && sess.Role != app.RoleAdmin {
			return fmt.Errorf("only an admin changes the message settings: %w", app.ErrForbidden)
		}
		_, err = service.StoreEntity(tx, app.MessageSettingsID, cur)
		return err
	})
	if err != nil {
		return fmt.Errorf("messages settings: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, set)
	}
	host, p, tlsMode := set.SMTPAddress()
	fmt.Fprintf(e.stdout, "email:     %s:%d (%s) user %q from %q <%s>\n", host, p, tlsMode, set.SMTPUser, set.MailFromName, set.MailFrom)
	fmt.Fprintf(e.stdout, "sms:       %s %s auth header %q from %q\n", msgOrDefault(set.SMSMethod, "POST"), set.SMSURL, set.SMSAuthHeader, set.SMSFrom)
	fmt.Fprintf(e.stdout, "reminders: %d days before a balance is due (0: off)\n", set.PaymentReminderDays)
	fmt.Fprintf(e.stdout, "birthdays: %s\nattempts:  %d\ntemplates: %d of the settings (and the built-in birthday and payment_reminder, vi/en)\n", msgOrDefault(set.BirthdayGreetings, app.GreetEmailOrSMS), set.Attempts(), len(set.Templates))
	return nil
}

func msgOrDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// messagesSecrets is `messages secrets [--smtp-password-stdin]
// [--sms-auth-stdin]`: writes this machine's secrets file (mode 0600),
// reading each secret asked for from a line of stdin (password first).
func messagesSecrets(e *env, args []string) error {
	fs := newFlags("messages secrets", e)
	pw := fs.Bool("smtp-password-stdin", false, "read the SMTP password from stdin")
	auth := fs.Bool("sms-auth-stdin", false, "read the SMS auth header's value from stdin (after the password)")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	dir, err := e.dir()
	if err != nil {
		return err
	}
	s, err := messaging.LoadSecrets(dir)
	if err != nil {
		return usagef("messages secrets: %v", err)
	}
	if *pw || *auth {
		in := bufio.NewReader(e.stdin)
		line := func(what string) (string, error) {
			v, err := in.ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return "", err
			}
			v = strings.TrimRight(v, "\r\n")
			if v == "" {
				return "", usagef("messages secrets: give the %s on stdin", what)
			}
			return v, nil
		}
		if *pw {
			if s.SMTPPassword, err = line("SMTP password"); err != nil {
				return err
			}
		}
		if *auth {
			if s.SMSAuth, err = line("SMS credential"); err != nil {
				return err
			}
		}
		if err := messaging.WriteSecrets(dir, s); err != nil {
			return fmt.Errorf("messages secrets: %v", err)
		}
	}
	set := func(v string) string {
		if v == "" {
			return "not set"
		}
		return "set"
	}
	fmt.Fprintf(e.stdout, "smtp password: %s\nsms credential: %s\n", set(s.SMTPPassword), set(s.SMSAuth))
	return nil
}
