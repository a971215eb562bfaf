package main

import (
	"fmt"
	"path/filepath"

	"github.com/tourdesk/tourdesk/cmd/internal/session"
)

// The names the tests were written with, before cmd/internal/session owned
// session.json.
type savedSession = session.Session

const sessionFile = session.File

// writeSession writes s as path's directory's session; path must end in
// session.json.
func writeSession(path string, s *savedSession) error {
	if filepath.Base(path) != session.File {
		return fmt.Errorf("writeSession: %s is not a %s", path, session.File)
	}
	return session.Write(filepath.Dir(path), *s)
}
