package main

import (
	"flag"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/localdb"
)

// sub is one subcommand of a command: `booking create …` is the sub
// "create" of booking, run with the arguments after its name.
type sub struct {
	name string
	run  command
}

// dispatch runs the sub of cmd named by args[0] with the rest of args.
// Without a name, or with one not in subs, it returns a usage error that
// lists the subs in their order ("want add, move, show or list").
func dispatch(e *env, cmd string, args []string, subs ...sub) error {
	if len(args) == 0 {
		return usagef("%s: want a subcommand: %s", cmd, subNames(subs))
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(e, args[1:])
		}
	}
	return usagef("%s: unknown subcommand %q (want %s)", cmd, args[0], subNames(subs))
}

// subNames is "a, b or c".
func subNames(subs []sub) string {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// openOn reads the day of a command's --today (todayFlag), then opens the
// store: how the commands that work as of a day begin. A bad day is
// reported before the store is opened.
func (e *env) openOn(today func() (app.Date, error)) (*localdb.Store, app.Date, error) {
	day, err := today()
	if err != nil {
		return nil, app.Date{}, err
	}
	s, err := e.open()
	if err != nil {
		return nil, app.Date{}, err
	}
	return s, day, nil
}

// parseOpen parses a command's args (parse: flags anywhere, want
// positional arguments, -1 for any), then opens the store: how most
// commands begin. A usage error is reported before the store is opened.
func (e *env) parseOpen(fs *flag.FlagSet, args []string, want int, what string) ([]string, *localdb.Store, error) {
	pos, err := parse(fs, args, want, what)
	if err != nil {
		return nil, nil, err
	}
	s, err := e.open()
	if err != nil {
		return nil, nil, err
	}
	return pos, s, nil
}
