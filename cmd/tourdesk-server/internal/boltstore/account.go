package boltstore

import (
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/server"
)

// AccountHook runs an account change inside its transaction: write stores
// the user as after and publishes it; the hook may read and write the
// record store around it (sync/server.AccountChange records who may now
// see what). It returns write's error or its own.
type AccountHook func(tx server.RecordTx, before, after app.User, write func() error) error

// ChangeUser changes the user with the given login in one transaction:
// edit changes a copy of the user (role, office, name, active; not its id
// or login), which must still be valid and, when it names an office, name
// one that exists. The user is stored and published as a record (mirror);
// disabling deletes every session of the user. With hook not nil, the
// write runs inside hook, in the same transaction. An edit that changes
// nothing writes nothing (and runs no hook). It fails with an error
// matching app.ErrNotFound for an unknown login and app.ErrInvalid for an
// invalid result.
func (s *Store) ChangeUser(login string, edit func(*app.User) error, hook AccountHook) (app.User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	var u app.User
	err := s.db.Update(func(tx *bolt.Tx) error {
		row, err := userByLogin(tx, login)
		if err != nil {
			return err
		}
		row.User.ID = row.ID
		before := row.User
		after := before
		if err := edit(&after); err != nil {
			return err
		}
		after.ID, after.Login = before.ID, before.Login
		if err := after.Validate(); err != nil {
			return err
		}
		if after.OfficeID != "" && tx.Bucket(bucketOffices).Get([]byte(after.OfficeID)) == nil {
			var p app.Problems
			p.Add("office_id", app.CodeUnknown, "names no office")
			return p.Err(app.KindUser)
		}
		u = after
		if after == before {
			return nil
		}
		write := func() error {
			row.User = after
			if err := putUser(tx, row); err != nil {
				return err
			}
			if !after.Active && before.Active {
				if err := deleteUserSessions(tx, row.ID); err != nil {
					return err
				}
			}
			return mirror(tx, app.KindUser, after.ID, after, time.Now())
		}
		if hook == nil {
			return write()
		}
		return hook(recTx{tx}, before, after, write)
	})
	if err != nil {
		return app.User{}, fmt.Errorf("boltstore: %w", err)
	}
	return u, nil
}
