package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInput   = 1 // usage errors, validation errors, not found
	exitFailure = 2 // everything else
)

// storeFile is the name of the store file inside the data directory.
const storeFile = "default.db"

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// env is what every command gets: the global options and the streams.
type env struct {
	dataDir string
	user    string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	store   *localdb.Store
}

// command is one subcommand: it parses its own args.
type command func(e *env, args []string) error

// register adds a command from the file that implements it, so that
// commands grow without every author editing the table below: call it from
// an init function, with the command's usage lines (each ending in a
// newline) for the usage text.
func register(name string, c command, usageLines string) {
	if _, dup := commands[name]; dup {
		panic("tourdeskctl: command registered twice: " + name)
	}
	commands[name] = c
	moreUsage += usageLines
}

// moreUsage holds the usage lines of registered commands, printed after
// the built-in ones.
var moreUsage string

var commands = map[string]command{
	"demo":        cmdDemo,
	"customer":    cmdCustomer,
	"import":      cmdImport,
	"export":      cmdExport,
	"backup":      cmdBackup,
	"print":       cmdPrint,
	"login":       cmdLogin,
	"sync":        cmdSync,
	"conflicts":   cmdConflicts,
	"history":     cmdHistory,
	"booking":     cmdBooking,
	"payment":     cmdPayment,
	"receivables": cmdReceivables,
	"order":       cmdOrder,
	"checkin":     cmdCheckIn,
	"incident":    cmdIncident,
	"expense":     cmdExpense,
	"settle":      cmdSettle,
	"departure":   cmdDeparture,
	"targets":     cmdTargets,
	"payables":    cmdPayables,
}

const usage = `usage: tourdeskctl [--data DIR] [--user ID] COMMAND [flags] [args]

commands:
  demo --customers N [--seed S] [--today YYYY-MM-DD] [--json]
  customer add --name NAME [--phone P]... [--email E]... [--passport N] [--birthday D] [--tag T]...
  customer show ID [--json]
  customer search QUERY [--limit N] [--json]
  customer list [--limit N] [--json]
  customer convert ID lead|prospect [--note T] [--json]   (target → lead when they respond, → prospect)
  customer merge KEEP DROP [--json]   (DROP's bookings, payments, history move to KEEP; DROP is deleted)
  targets assign (--campaign ID | --ids a,b,c) --agent USER_ID [--json]   (a manager, within their office)
  targets list [--agent USER_ID|-] [--json]
  import customers FILE [--region CC] [--json]
  export --format csv|xlsx|json --out DIR
  backup FILE
  print quote|contract|receipt|voucher|grouplist|roominglist ID -o FILE.pdf [--lang vi|en|ru|zh]
  login --server URL --user NAME        (password on stdin)
  sync [--json]
  conflicts list [--json] | conflicts restore SEQ | conflicts rejected [--json]
  history KIND ID [--json]
  booking create --customer ID (--departure ID | --trip DEST --start D --end D) [--line "desc:type:qty:price"]... [--currency C] [--due D] [--json]
  booking stage ID STAGE [--reason R] [--waitlist]
  booking show ID [--json]
  booking travelers add ID --name NAME [--passport N] [--birth D] [--type adult|child|infant]
  booking cancel ID --reason R [--refund auto|none] [--json]
  booking oversell [--json]             (flag overbooked departures; a manager's run makes their task)
  payment take BOOKING --kind deposit|balance|surcharge --amount "5.000.000" [--currency C] [--method M] [--receipt N]
  payment refund BOOKING --amount A [--currency C] [--method M] [--note T]
  receivables [--json]                  (ageing 0–30/31–60/61–90/90+ days overdue; debt limit alerts)
  order add DEPARTURE --partner ID --what "…" --qty N --unit-cost "…" [--currency C] [--start D --end D]
  order status ID requested|confirmed|completed|cancelled [--confirmation NO]
  order pay ORDER --amount A [--currency C] [--note T] [--json]   (an accountant pays the supplier)
  payables [--json]                     (per partner: ordered, paid, owed; ageing by the orders' end dates)
  departure show ID [--json] | departure guide ID USER [--remove] | departure meeting ID --place P --time HH:MM
  departure status ID confirmed|running|completed|cancelled|planned
  checkin DEPARTURE TRAVELER [--day D]  (a guide, offline; one check-in per day)
  incident add DEPARTURE --what "…" [--cost A] [--currency C] [--severity S] [--traveler ID]
  expense add DEPARTURE --category C --amount A [--currency C] [--note T] | expense reverse ID [--note T]
  settle DEPARTURE [--override-unpaid "reason"] [--show] [--json]   (revenue, costs by category, profit, margin; freezes the figures and locks it; --show: print without settling)
  (booking create/cancel/oversell, payment, receivables, payables, order pay, expense and settle take --today YYYY-MM-DD; default today)
`

// run is main without the process: tests drive it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	err := e.run(args)
	if e.store != nil {
		if cerr := e.store.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	msg := strings.Join(strings.Fields(err.Error()), " ")
	fmt.Fprintf(stderr, "tourdeskctl: %s\n", msg)
	var ue *usageError
	switch {
	case errors.As(err, &ue), errors.Is(err, app.ErrInvalid), errors.Is(err, app.ErrNotFound), errors.Is(err, os.ErrNotExist):
		return exitInput
	}
	return exitFailure
}

func (e *env) run(args []string) error {
	fs := newFlags("tourdeskctl", e)
	fs.StringVar(&e.dataDir, "data", os.Getenv("TOURDESK_DATA"), "the data directory holding "+storeFile)
	fs.StringVar(&e.user, "user", os.Getenv("TOURDESK_USER"), "the user id new records are owned by")
	fs.Usage = func() { fmt.Fprint(e.stderr, usage+moreUsage) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprint(e.stderr, usage+moreUsage)
		return usagef("no command given")
	}
	name := fs.Arg(0)
	cmd, ok := commands[name]
	if !ok {
		return usagef("unknown command %q (try: demo, customer, import, export, backup, print, login, sync, conflicts, history, booking, payment, receivables, order, departure, checkin, incident, expense, settle, targets, payables)", name)
	}
	return cmd(e, fs.Args()[1:])
}

// open opens the store of the data directory (once).
func (e *env) open() (*localdb.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	dir := e.dataDir
	if dir == "" {
		p, err := localdb.DefaultPath("")
		if err != nil {
			return nil, err
		}
		dir = filepath.Dir(p)
	}
	s, err := localdb.Open(filepath.Join(dir, storeFile), localdb.Options{})
	if err != nil {
		return nil, err
	}
	e.store = s
	return s, nil
}

// session is who works on the store. After `tourdeskctl login` it is the
// logged-in user (their id, office and role), so what they add is theirs
// and the server accepts it; --user then names the owner of new records
// instead (the server decides whether that is allowed). A store that
// never logged in belongs to this machine alone: its user is --user, with
// every right.
func (e *env) session() service.Session {
	s, err := e.readSession("session")
	if err != nil {
		return service.Session{UserID: e.user, Role: app.RoleAdmin}
	}
	sess := service.Session{UserID: s.UserID, OfficeID: s.OfficeID, Role: s.Role}
	if e.user != "" {
		sess.UserID = e.user
	}
	return sess
}

// newFlags returns a flag set that reports errors instead of exiting and
// prints its usage on stderr.
func newFlags(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parse parses args allowing flags after positional arguments
// ("search nguyen --limit 5"), and checks the number of positional
// arguments against want (-1: any).
func parse(fs *flag.FlagSet, args []string, want int, what string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if want >= 0 && len(pos) != want {
		return nil, usagef("%s: want %s, got %d argument(s)", fs.Name(), what, len(pos))
	}
	return pos, nil
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
