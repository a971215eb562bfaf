package messaging

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
)

// DefaultGreetFrom is the local hour from which the day's birthday
// greetings are queued (nobody's phone buzzes at midnight).
const DefaultGreetFrom = 8

// DefaultEvery is how often the scheduler runs.
const DefaultEvery = time.Minute

// Runner is one scheduler run over a local store: sync, queue the day's
// birthday greetings, deliver what is due, sync back. The store must be
// logged in as an admin (the user the greetings are queued by and the
// interactions of scheduled messages are logged by), or never have logged
// in (then nothing is synced).
type Runner struct {
	Store   service.Store
	Session service.Session
	// Sync pushes the store's outbox and pulls the server's changes; nil
	// for a store that never logged in.
	Sync    func(ctx context.Context) (client.Summary, error)
	Senders service.Senders
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Report is what one run did.
type Report struct {
	Day       app.Date                `json:"day"`
	Birthdays *service.BirthdayReport `json:"birthdays,omitempty"`
	Reminders *service.ReminderReport `json:"payment_reminders,omitempty"`
	Delivered service.DeliverReport   `json:"delivered"`
	// SyncError is the failure of a sync, when one failed: the run still
	// delivers what it has and the next one syncs again.
	SyncError string `json:"sync_error,omitempty"`
}

// RunOnce runs the scheduler for day: sync; queue day's birthday greetings
// and payment reminders (when the settings turn them on) when greet is true; deliver every due message; sync again when it sent,
// queued or changed anything. A failing sync is reported in the Report and
// does not stop the run (messages already pulled are still delivered and
// their outcome is pushed by a later run). The error is for the store or a
// refused session.
func (r *Runner) RunOnce(ctx context.Context, day app.Date, greet bool) (Report, error) {
	rep := Report{Day: day}
	now := r.Now
	if now == nil {
		now = time.Now
	}
	syncOnce := func() {
		if r.Sync == nil {
			return
		}
		if _, err := r.Sync(ctx); err != nil {
			rep.SyncError = err.Error()
		}
	}
	syncOnce()
	msgs := service.NewMessages(r.Store, r.Session)
	msgs.SetClock(now)
	changed := false
	if greet {
		b, err := msgs.QueueBirthdays(day)
		if err != nil {
			return rep, fmt.Errorf("birthday greetings: %w", err)
		}
		rep.Birthdays = b
		p, err := msgs.QueuePaymentReminders(day)
		if err != nil {
			return rep, fmt.Errorf("payment reminders: %w", err)
		}
		rep.Reminders = p
		changed = b.Queued+b.Skipped+p.Queued+p.Skipped > 0
	}
	d, err := msgs.Deliver(ctx, r.Senders)
	rep.Delivered = d
	if err != nil {
		return rep, fmt.Errorf("deliver messages: %w", err)
	}
	if changed || d.Sent+d.Retrying+d.Failed+d.Skipped > 0 {
		syncOnce()
	}
	return rep, nil
}

// Senders returns the SMTP and SMS senders of secrets.
func Senders(s Secrets) service.Senders {
	return service.Senders{Email: &SMTP{Password: s.SMTPPassword}, SMS: &SMS{Auth: s.SMSAuth}}
}

// StoreFile is the store's file name in a data directory (tourdeskctl's).
const StoreFile = "default.db"

// ErrNotLoggedIn is returned by a directory scheduler run before someone
// logged the directory in.
var ErrNotLoggedIn = session.ErrNotLoggedIn

// RunDir runs the scheduler once over data directory dir, as the server's
// in-process scheduler does every minute: it opens dir's store (failing
// with localdb.ErrLocked while tourdeskctl uses it), reads the session
// tourdeskctl login left there (an admin's; ErrNotLoggedIn without one)
// and the secrets, and closes the store again, so that between runs an
// administrator can use tourdeskctl on the same directory. With greet,
// the birthday greetings of now's local day are queued.
func RunDir(ctx context.Context, dir string, now time.Time, greet bool) (Report, error) {
	s, err := session.Read(dir)
	switch {
	case errors.Is(err, session.ErrNotLoggedIn):
		return Report{}, fmt.Errorf("%w: run tourdeskctl --data %s login --server URL --user NAME (an admin) once", ErrNotLoggedIn, dir)
	case errors.Is(err, session.ErrDamaged):
		return Report{}, fmt.Errorf("%s/%s is damaged: log in again with tourdeskctl login", dir, session.File)
	case err != nil:
		return Report{}, err
	}
	if s.Role != app.RoleAdmin {
		return Report{}, fmt.Errorf("messages are sent as an admin: %s is logged in as a %s", dir, s.Role)
	}
	secrets, err := LoadSecrets(dir)
	if err != nil {
		return Report{}, err
	}
	store, err := localdb.Open(filepath.Join(dir, StoreFile), localdb.Options{Timeout: 2 * time.Second})
	if err != nil {
		return Report{}, err
	}
	defer store.Close()
	if store.DeviceID() != s.DeviceID {
		return Report{}, fmt.Errorf("the session in %s was opened for another data file: log in again with tourdeskctl login", dir)
	}
	c, err := client.New(s.Server, client.WithToken(s.Token))
	if err != nil {
		return Report{}, err
	}
	r := &Runner{
		Store:   store,
		Session: service.Session{UserID: s.UserID, OfficeID: s.OfficeID, Role: s.Role},
		Sync: func(ctx context.Context) (client.Summary, error) {
			return c.Sync(ctx, localsync.Store{DB: store}, nil)
		},
		Senders: Senders(secrets),
		Now:     time.Now,
	}
	return r.RunOnce(ctx, app.DateOf(now.Local()), greet)
}

// GreetEvery is how often the in-process scheduler looks for the day's
// birthdays (a scan of every customer) once it has queued them: new
// customers born today still get their greeting, and a scan is not paid
// every minute.
const GreetEvery = time.Hour

// Start runs RunDir over dir every `every` until ctx ends, logging what
// each run did (sent, failed, skipped, sync errors) and why a run could
// not happen (not logged in yet, the store in use). The returned function
// waits for the loop to finish after ctx is done.
func Start(ctx context.Context, dir string, every time.Duration, log *slog.Logger) (wait func()) {
	if every <= 0 {
		every = DefaultEvery
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Info("messages: scheduler started", "data", dir, "every", every.String())
		var lastProblem string
		var greeted time.Time // the last run that queued birthdays
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			now := time.Now()
			local := now.Local()
			greet := local.Hour() >= DefaultGreetFrom &&
				(app.DateOf(greeted.Local()) != app.DateOf(local) || now.Sub(greeted) >= GreetEvery)
			rep, err := RunDir(ctx, dir, now, greet)
			if err == nil && greet {
				greeted = now
			}
			switch {
			case err != nil && ctx.Err() != nil:
			case err != nil:
				// Say a standing problem once, not every minute.
				if err.Error() != lastProblem {
					log.Warn("messages: scheduler run failed", "err", err)
				}
				lastProblem = err.Error()
			default:
				lastProblem = ""
				logReport(log, rep)
			}
			select {
			case <-ctx.Done():
				log.Info("messages: scheduler stopped")
				return
			case <-tick.C:
			}
		}
	}()
	return wg.Wait
}

func logReport(log *slog.Logger, rep Report) {
	d := rep.Delivered
	if rep.Birthdays != nil && rep.Birthdays.Queued+rep.Birthdays.Skipped > 0 {
		log.Info("messages: birthday greetings", "day", rep.Day.String(), "queued", rep.Birthdays.Queued, "skipped", rep.Birthdays.Skipped)
	}
	if r := rep.Reminders; r != nil && r.Queued+r.Skipped > 0 {
		log.Info("messages: payment reminders", "day", rep.Day.String(), "queued", r.Queued, "skipped", r.Skipped)
	}
	if d.Sent+d.Retrying+d.Failed+d.Skipped > 0 {
		log.Info("messages: delivered", "sent", d.Sent, "retrying", d.Retrying, "failed", d.Failed, "skipped", d.Skipped, "waiting", d.Waiting, "greeting_tasks_done", d.GreetingTasksDone)
	}
	for _, p := range d.Problems {
		log.Warn("messages: not sent", "message", p.ID, "customer", p.CustomerID, "status", string(p.Status), "err", p.Error)
	}
	if rep.SyncError != "" {
		log.Warn("messages: sync failed", "err", rep.SyncError)
	}
}
