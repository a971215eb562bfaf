package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/server"
)

// Exit statuses.
const (
	exitOK       = 0
	exitBadInput = 1
	exitFailure  = 2
)

var usage = `usage:
  tourdesk-server serve --data DIR [--addr 127.0.0.1:8700] [--tls-cert F --tls-key F] [--session-ttl 720h] [--log-json] [--messages-data DIR]
  tourdesk-server office add --data DIR --name N [--code C] [--country CC]
  tourdesk-server office list --data DIR [--json]
  tourdesk-server user add --data DIR --name LOGIN --role ROLE [--office O] [--full-name NAME]   (password on stdin)
  tourdesk-server user list --data DIR [--json]
  tourdesk-server user set --data DIR LOGIN [--role ROLE] [--office O|-]
  tourdesk-server user disable|enable --data DIR --name LOGIN
  tourdesk-server user passwd --data DIR --name LOGIN   (password on stdin)
  tourdesk-server backup --data DIR FILE   (FILE "-" writes to stdout)
roles: ` + rolesList

var rolesList = func() string {
	var s []string
	for _, r := range app.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}()

// inputError marks an error as the user's input being wrong (exit 1).
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func badInput(err error) error { return inputError{err} }

func badInputf(format string, args ...any) error { return inputError{fmt.Errorf(format, args...)} }

// exitCode maps an error to the exit status: bad input for inputError and
// for the domain's verdicts on what the user typed (invalid, taken, not
// found, a weak password); a failure otherwise.
func exitCode(err error) int {
	var ie inputError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ie),
		errors.Is(err, app.ErrInvalid),
		errors.Is(err, app.ErrConflict),
		errors.Is(err, app.ErrNotFound),
		errors.Is(err, server.ErrWeakPassword):
		return exitBadInput
	default:
		return exitFailure
	}
}

// run is the whole command: main only passes the process's arguments and
// streams and exits with the result. serve stops on SIGINT or SIGTERM.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	err := dispatch(ctx, args, stdin, stdout, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, "tourdesk-server: "+oneLine(err.Error()))
	}
	return exitCode(err)
}

// oneLine keeps an error message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage+"\n")
		return badInputf("no command")
	}
	cmd, rest := args[0], args[1:]
	sub := ""
	if (cmd == "office" || cmd == "user") && len(rest) > 0 {
		sub, rest = rest[0], rest[1:]
	}
	switch cmd + " " + sub {
	case "serve ":
		return cmdServe(ctx, rest, stderr)
	case "office add":
		return cmdOfficeAdd(ctx, rest, stdout, stderr)
	case "office list":
		return cmdOfficeList(ctx, rest, stdout, stderr)
	case "user add":
		return cmdUserAdd(ctx, rest, stdin, stdout, stderr)
	case "user list":
		return cmdUserList(ctx, rest, stdout, stderr)
	case "user set":
		return cmdUserSet(ctx, rest, stdout, stderr)
	case "user disable":
		return cmdUserSetActive(ctx, rest, false, stdout, stderr)
	case "user enable":
		return cmdUserSetActive(ctx, rest, true, stdout, stderr)
	case "user passwd":
		return cmdUserPasswd(ctx, rest, stdin, stdout, stderr)
	case "backup ":
		return cmdBackup(ctx, rest, stdout, stderr)
	case "help ", "-h ", "--help ":
		fmt.Fprint(stdout, usage+"\n")
		return nil
	}
	if sub == "" && (cmd == "office" || cmd == "user") {
		return badInputf("%s needs a subcommand (see tourdesk-server help)", cmd)
	}
	return badInputf("unknown command %q (see tourdesk-server help)", strings.TrimSpace(cmd+" "+sub))
}

// newFlags returns a flag set for one command that reports its errors as
// bad input and prints its usage only on -h.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, "usage of tourdesk-server %s:\n", name)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args, allowing flags after positional arguments too
// ("backup FILE --data DIR"), and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
				return nil, err
			}
			return nil, badInput(err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// needData checks that --data was given.
func needData(dir string) error {
	if strings.TrimSpace(dir) == "" {
		return badInputf("--data DIR is required (the server's data directory)")
	}
	return nil
}
