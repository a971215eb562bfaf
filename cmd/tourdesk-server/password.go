package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxPasswordLine is the most readPassword reads: far over any password
// the server accepts, so an over-long one gets the server's clear error.
const maxPasswordLine = 4096

// readPassword reads a new password for login from stdin. On a terminal it
// prompts on stderr with echo off and asks twice; otherwise (a pipe, a file)
// it reads one line, without its line ending. The password never comes from
// argv, where other users could see it in the process list.
func readPassword(stdin io.Reader, stderr io.Writer, login string) (string, error) {
	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprintf(stderr, "New password for %s: ", login)
		first, err := readNoEcho(f)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(stderr, "Type it again: ")
		second, err := readNoEcho(f)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if first != second {
			return "", badInput(errors.New("the two passwords differ"))
		}
		return first, nil
	}
	return readLine(stdin)
}

// readLine reads one line (up to maxPasswordLine bytes) and drops its "\n"
// or "\r\n". An empty input is an error.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReaderSize(io.LimitReader(r, maxPasswordLine), maxPasswordLine).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", badInput(errors.New("no password on stdin (pipe it in, e.g. printf '%s\\n' \"$PW\" | tourdesk-server user add …)"))
	}
	return line, nil
}

// readNoEcho reads a line from the terminal f with echo turned off (where
// the platform allows; see term_*.go).
func readNoEcho(f *os.File) (string, error) {
	restore, err := echoOff(f)
	if err != nil {
		return "", fmt.Errorf("turn terminal echo off: %w", err)
	}
	defer restore()
	return readLine(f)
}
