package main

import "fmt"

func cmdBackup(e *env, args []string) error {
	fs := newFlags("backup", e)
	pos, s, err := e.parseOpen(fs, args, 1, "one FILE to write the backup to")
	if err != nil {
		return err
	}
	if err := s.BackupFile(pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", s.Path(), pos[0])
	return nil
}
