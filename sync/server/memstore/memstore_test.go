package memstore_test

import (
	"fmt"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
	"github.com/tourdesk/tourdesk/sync/server/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Harness {
		s := memstore.New()
		return storetest.Harness{
			Store:   s,
			Records: s,
			AddAccount: func(u app.User, hash []byte) (string, error) {
				u.ID = record.NewID()
				s.PutAccount(server.Account{User: u, PasswordHash: hash})
				return u.ID, nil
			},
			AddOffice: func(string) (string, error) { return record.NewID(), nil },
			SetActive: func(login string, active bool) error {
				a, err := s.AccountByLogin(login)
				if err != nil {
					return fmt.Errorf("set active: %w", err)
				}
				a.User.Active = active
				s.PutAccount(a)
				return nil
			},
		}
	})
}
