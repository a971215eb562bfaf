package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

const syncUsage = `usage:
  tourdeskctl [--data DIR] login --server URL --user NAME   (password on stdin)
  tourdeskctl [--data DIR] sync [--json]
  tourdeskctl [--data DIR] conflicts list [--json]
  tourdeskctl [--data DIR] conflicts restore SEQ
  tourdeskctl [--data DIR] conflicts rejected [--json]
  tourdeskctl [--data DIR] history KIND ID [--json]
`

// dir returns the data directory (the default profile's when --data is not
// given).
func (e *env) dir() (string, error) {
	if e.dataDir != "" {
		return e.dataDir, nil
	}
	p, err := localdb.DefaultPath("")
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

// errLoginAgain is the one line a refused session gets.
func errLoginAgain(cmd string) error {
	return usagef("%s: the server did not accept the saved session: log in again with tourdeskctl login", cmd)
}

// serverError turns a client error into the command's error: bad input
// (exit 1) for what the user must fix, a failure (exit 2) for the rest.
func serverError(cmd string, err error) error {
	var ce *client.Error
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		return errLoginAgain(cmd)
	case errors.Is(err, client.ErrRateLimited), errors.Is(err, client.ErrUnsupportedVersion), errors.Is(err, app.ErrForbidden):
		return usagef("%s: %v", cmd, err)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: interrupted", cmd)
	case errors.As(err, &ce), errors.Is(err, client.ErrUnreachable):
		// %v: the message is the line; exit 2.
		return fmt.Errorf("%s: %v", cmd, trimPrefix(err, cmd))
	}
	return fmt.Errorf("%s: %w", cmd, err)
}

// trimPrefix is err's text without a leading "cmd: " the client already
// wrote ("sync: push changes …"), so the line does not say it twice.
func trimPrefix(err error, cmd string) string {
	return strings.TrimPrefix(err.Error(), cmd+": ")
}

// readSession reads the saved session of the data directory; an error
// matching session.ErrNotLoggedIn (and os.ErrNotExist) means nobody has
// logged in.
func (e *env) readSession(cmd string) (session.Session, error) {
	dir, err := e.dir()
	if err != nil {
		return session.Session{}, err
	}
	s, err := session.Read(dir)
	switch {
	case err == nil, errors.Is(err, session.ErrNotLoggedIn):
		return s, err
	case errors.Is(err, session.ErrDamaged):
		return s, usagef("%s: %s is damaged: log in again with tourdeskctl login", cmd, session.File)
	}
	return s, fmt.Errorf("%s: %v", cmd, err)
}

// loadSession reads the saved session and checks it belongs to this data
// file's device.
func (e *env) loadSession(cmd string) (session.Session, *localdb.Store, *client.Client, error) {
	s, err := e.readSession(cmd)
	if errors.Is(err, session.ErrNotLoggedIn) {
		return s, nil, nil, usagef("%s: not logged in: run tourdeskctl login --server URL --user NAME first", cmd)
	}
	if err != nil {
		return s, nil, nil, err
	}
	store, err := e.open()
	if err != nil {
		return s, nil, nil, err
	}
	if store.DeviceID() != s.DeviceID {
		// The data file was replaced: its changes are another device's.
		return s, nil, nil, usagef("%s: the session was opened for another data file: log in again with tourdeskctl login", cmd)
	}
	c, err := client.New(s.Server, client.WithToken(s.Token))
	if err != nil {
		return s, nil, nil, usagef("%s: %v", cmd, err)
	}
	return s, store, c, nil
}

// interruptible returns a context cancelled by Ctrl-C.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

// cmdLogin signs in and saves the session in the data directory. The
// password is the first line of stdin.
func cmdLogin(e *env, args []string) error {
	fs := newFlags("login", e)
	server := fs.String("server", "", "the sync server's URL (https://… or http://127.0.0.1:8700)")
	user := fs.String("user", "", "your login")
	fs.Usage = func() { fmt.Fprint(e.stderr, syncUsage) }
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if *server == "" || *user == "" {
		return usagef("login: --server URL and --user NAME are required")
	}
	password, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("login: read the password: %v", err)
	}
	password = strings.TrimRight(password, "\r\n")
	if password == "" {
		return usagef("login: give the password on stdin")
	}
	c, err := client.New(*server)
	if err != nil {
		return usagef("login: %v", err)
	}
	store, err := e.open()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	resp, err := c.Login(ctx, *user, password, store.DeviceID())
	if errors.Is(err, client.ErrUnauthorized) {
		return usagef("login: wrong user name or password (or the account is disabled)")
	}
	if err != nil {
		return serverError("login", err)
	}
	s := session.Session{
		Server: c.BaseURL(), Token: resp.Token, DeviceID: store.DeviceID(),
		UserID: resp.UserID, Login: resp.Login, Name: resp.Name, Role: resp.Role, OfficeID: resp.OfficeID,
		ExpiresAt: resp.ExpiresAt,
	}
	dir, err := e.dir()
	if err != nil {
		return err
	}
	if err := session.Write(dir, s); err != nil {
		return fmt.Errorf("login: save the session: %v", err)
	}
	fmt.Fprintf(e.stdout, "logged in as %s (%s, %s) on %s until %s\n", resp.Name, resp.Login, resp.Role, c.BaseURL(), resp.ExpiresAt.Local().Format("2006-01-02 15:04"))
	return nil
}

// cmdSync pushes the outbox and pulls the server's changes, with progress
// on stderr and the summary on stdout.
func cmdSync(e *env, args []string) error {
	fs := newFlags("sync", e)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	fs.Usage = func() { fmt.Fprint(e.stderr, syncUsage) }
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	_, store, c, err := e.loadSession("sync")
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	sum, err := c.Sync(ctx, localsync.Store{DB: store}, func(p client.Progress) {
		switch p.Phase {
		case client.PhasePush:
			fmt.Fprintf(e.stderr, "sync: pushed %d/%d\n", p.Pushed, p.ToPush)
		case client.PhasePull:
			fmt.Fprintf(e.stderr, "sync: pulled %d\n", p.Pulled)
		}
	})
	if sum.Rejected == nil {
		sum.Rejected = []client.Refused{}
	}
	if sum.Notes == nil {
		sum.Notes = []client.Refused{}
	}
	if err != nil {
		// What was done stays done: say so before the error.
		if sum.Pushed+sum.Pulled+len(sum.Rejected) > 0 {
			printSummary(e.stderr, sum)
		}
		return serverError("sync", err)
	}
	over, err := e.checkOversell(ctx, c, store, &sum)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, syncResult{Summary: sum, Oversold: oversoldRows(over)})
	}
	printSummary(e.stdout, sum)
	for _, o := range over {
		fmt.Fprintf(e.stdout, "overbooked: %s\n", oversoldLine(o))
	}
	return nil
}

// syncResult is `sync --json`: the client's summary and the departures
// the pulled bookings overbooked.
type syncResult struct {
	client.Summary
	Oversold []oversoldRow `json:"oversold"`
}

type oversoldRow struct {
	Departure string   `json:"departure_id"`
	Code      string   `json:"departure_code"`
	Capacity  int      `json:"capacity"`
	Taken     int      `json:"taken"`
	Bookings  []string `json:"flagged_bookings"`
	TaskID    string   `json:"task_id,omitempty"`
}

func oversoldRows(over []service.Oversold) []oversoldRow {
	rows := make([]oversoldRow, 0, len(over))
	for _, o := range over {
		r := oversoldRow{Departure: o.Departure.ID, Code: o.Departure.Code, Capacity: o.Departure.Capacity, Taken: o.Taken, Bookings: []string{}, TaskID: o.TaskID}
		for _, b := range o.Flagged {
			r.Bookings = append(r.Bookings, b.Code)
		}
		rows = append(rows, r)
	}
	return rows
}

func oversoldLine(o service.Oversold) string {
	r := oversoldRows([]service.Oversold{o})[0]
	line := fmt.Sprintf("departure %s: %d seats sold of %d; bookings %s", r.Code, r.Taken, r.Capacity, strings.Join(r.Bookings, ", "))
	if o.TaskID == "" {
		return line + " (your manager's device raises the task)"
	}
	return line + " (a task for the manager: " + o.TaskID + ")"
}

// checkOversell runs after every sync: bookings two offline devices sold
// for the same last seats meet here (issue 5, service.CheckOversell), and
// the warning repeats at each sync until someone fixes the departure. A
// manager's task it writes is pushed at once with a second sync, so it
// reaches the office now, not at the next sync.
func (e *env) checkOversell(ctx context.Context, c *client.Client, store *localdb.Store, sum *client.Summary) ([]service.Oversold, error) {
	over, err := service.CheckOversell(store, e.session(), app.DateOf(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("sync: check departures for overbooking: %v", err)
	}
	for _, o := range over {
		if o.TaskCreated {
			more, err := c.Sync(ctx, localsync.Store{DB: store}, nil)
			if err != nil {
				return over, serverError("sync", err)
			}
			sum.Pushed += more.Pushed
			sum.Rejected = append(sum.Rejected, more.Rejected...)
			break
		}
	}
	return over, nil
}

func printSummary(w io.Writer, s client.Summary) {
	fmt.Fprintf(w, "pushed %d, rejected %d, pulled %d, revoked %d, conflicts %d\n",
		s.Pushed, len(s.Rejected), s.Pulled, s.Revoked, s.Conflicts)
	for _, r := range s.Rejected {
		fmt.Fprintf(w, "rejected: %s %s (change %d): %s\n", r.Kind, r.ID, r.DeviceSeq, reasonText(r.Reason))
	}
	for _, r := range s.Notes {
		fmt.Fprintf(w, "note: %s %s (change %d): %s\n", r.Kind, r.ID, r.DeviceSeq, reasonText(r.Reason))
	}
	if s.Conflicts > 0 {
		fmt.Fprintln(w, "see tourdeskctl conflicts list; restore a value with tourdeskctl conflicts restore SEQ")
	}
}

func reasonText(r client.Reason) string {
	s := r.Code
	if r.Field != "" {
		s += " (" + r.Field + ")"
	}
	if r.Message != "" {
		s += ": " + r.Message
	}
	return s
}

// cmdConflicts lists the conflict log, restores a losing value, or lists
// the changes the server rejected.
func cmdConflicts(e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, syncUsage)
		return usagef("conflicts: want list, restore SEQ or rejected")
	}
	fs := newFlags("conflicts "+args[0], e)
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() { fmt.Fprint(e.stderr, syncUsage) }
	switch args[0] {
	case "list":
		if _, err := parse(fs, args[1:], 0, "no arguments"); err != nil {
			return err
		}
		store, err := e.open()
		if err != nil {
			return err
		}
		list, err := store.Conflicts()
		if err != nil {
			return err
		}
		if *asJSON {
			if list == nil {
				list = []localdb.Conflict{}
			}
			return writeJSON(e.stdout, list)
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, "no conflicts")
		}
		for _, c := range list {
			state := "theirs was kept"
			if c.Resolved {
				state = "yours was restored"
			}
			if v := strings.TrimSpace(string(c.RemoteValue)); v == "" || v == "null" {
				// A value the server kept but this user may not read
				// (the record moved to someone else).
				fmt.Fprintf(e.stdout, "%d  %s %s  %s: you wrote %s (%s); a newer value was kept (%s); %s\n",
					c.Seq, c.Kind, c.ID, c.Field, c.LocalValue, stampTime(c.LocalStamp), stampTime(c.RemoteStamp), state)
				continue
			}
			fmt.Fprintf(e.stdout, "%d  %s %s  %s: you wrote %s (%s); %s wrote %s (%s); %s\n",
				c.Seq, c.Kind, c.ID, c.Field, c.LocalValue, stampTime(c.LocalStamp), c.RemoteStamp.Device, c.RemoteValue, stampTime(c.RemoteStamp), state)
		}
		return nil
	case "restore":
		pos, err := parse(fs, args[1:], 1, "the SEQ of a conflict")
		if err != nil {
			return err
		}
		seq, err := strconv.ParseUint(pos[0], 10, 64)
		if err != nil || seq == 0 {
			return usagef("conflicts restore: %q is not a conflict number", pos[0])
		}
		store, err := e.open()
		if err != nil {
			return err
		}
		if err := store.RestoreConflict(seq); err != nil {
			if errors.Is(err, app.ErrConflict) {
				return usagef("conflicts restore: conflict %d was already restored", seq)
			}
			if errors.Is(err, app.ErrForbidden) || errors.Is(err, app.ErrNotFound) {
				return usagef("conflicts restore: %v", err)
			}
			return err
		}
		fmt.Fprintf(e.stdout, "restored conflict %d: your value is a new change; tourdeskctl sync sends it\n", seq)
		return nil
	case "rejected":
		if _, err := parse(fs, args[1:], 0, "no arguments"); err != nil {
			return err
		}
		store, err := e.open()
		if err != nil {
			return err
		}
		list, err := store.RejectedChanges()
		if err != nil {
			return err
		}
		if *asJSON {
			if list == nil {
				list = []localdb.Rejected{}
			}
			return writeJSON(e.stdout, list)
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, "no rejected changes")
		}
		for _, r := range list {
			fields := make([]string, 0, len(r.Fields))
			for name, f := range r.Fields {
				fields = append(fields, name+"="+string(f.Value))
			}
			slices.Sort(fields)
			fmt.Fprintf(e.stdout, "%d  %s %s (change %d, %s): %s; you wrote %s\n", r.Seq, r.Kind, r.ID, r.DeviceSeq,
				r.At.Local().Format("2006-01-02 15:04"), reasonText(client.Reason(r.Reason)), strings.Join(fields, ", "))
		}
		return nil
	}
	return usagef("conflicts: unknown subcommand %q (want list, restore or rejected)", args[0])
}

func stampTime(s record.Stamp) string {
	if s.IsZero() {
		return "?"
	}
	return s.Time().Local().Format("2006-01-02 15:04:05")
}

// historyWho names the author of a history entry: the user's name (their
// id when the server sends none), and the device.
func historyWho(en protocol.AuditEntry) string {
	switch {
	case en.UserID == "" && (en.DeviceID == "" || en.DeviceID == "server"):
		return "the server"
	case en.UserID == "":
		return "the server (device " + en.DeviceID + ")"
	}
	who := en.UserName
	if who == "" {
		who = en.UserID
	}
	return who + " (device " + en.DeviceID + ")"
}

// cmdHistory prints the server's audit log of one record.
func cmdHistory(e *env, args []string) error {
	fs := newFlags("history", e)
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() { fmt.Fprint(e.stderr, syncUsage) }
	pos, err := parse(fs, args, 2, "a kind and an id")
	if err != nil {
		return err
	}
	kind := app.Kind(pos[0])
	if _, ok := app.Info(kind); !ok {
		return usagef("history: unknown kind %q", pos[0])
	}
	_, _, c, err := e.loadSession("history")
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	h, err := c.History(ctx, kind, pos[1])
	if err != nil {
		if errors.Is(err, app.ErrNotFound) {
			return fmt.Errorf("history: the server has no %s %s: %w", kind, pos[1], app.ErrNotFound)
		}
		return serverError("history", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, h)
	}
	for _, en := range h.Entries {
		old := string(en.Old)
		if old == "" {
			old = "—"
		}
		change := fmt.Sprintf("%s → %s", old, en.New)
		if en.Superseded {
			// Old is the value kept, New the one pushed, which lost.
			change = fmt.Sprintf("wrote %s, not kept (%s was newer)", en.New, old)
		}
		fmt.Fprintf(e.stdout, "%s  %s  %s: %s\n", en.At.Local().Format("2006-01-02 15:04:05"), historyWho(en), en.Field, change)
	}
	return nil
}
