//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "os"

// Elsewhere (Windows) the password is read as a line; pipe it in to keep it
// off the screen.
func isTerminal(*os.File) bool { return false }

func echoOff(*os.File) (func(), error) { return func() {}, nil }
