package boltstore_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
)

// TestChangeUser: the account, its published record and the hook's
// writes commit together; a refused change (invalid result, unknown
// office, the hook's error) leaves all of them as they were; a change
// that changes nothing writes nothing; disabling ends the sessions.
func TestChangeUser(t *testing.T) {
	s := open(t)
	han, _ := s.AddOffice(app.Office{Name: "Hà Nội"})
	sgn, _ := s.AddOffice(app.Office{Name: "Sài Gòn"})
	lan, err := s.AddUser(app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: han.ID, Active: true}, []byte("hash"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(server.Session{TokenHash: server.HashToken("t"), UserID: lan.ID, DeviceID: "d", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	lastSeq := func() uint64 {
		var n uint64
		s.ViewRecords(func(v server.RecordView) error { n, _ = v.LastSeq(); return nil })
		return n
	}
	recordField := func(name string) string {
		var out string
		s.ViewRecords(func(v server.RecordView) error {
			r, err := v.Record(app.KindUser, lan.ID)
			if err == nil {
				out = string(r.Fields[name].Value)
			}
			return nil
		})
		return out
	}
	hookSeq := uint64(0)
	hook := func(tx server.RecordTx, before, after app.User, write func() error) error {
		if before.Role != app.RoleAgent || after.Role != app.RoleManager || after.OfficeID != sgn.ID {
			t.Errorf("hook got %+v → %+v", before, after)
		}
		if err := write(); err != nil {
			return err
		}
		var err error
		hookSeq, err = tx.NextSeq()
		if err != nil {
			return err
		}
		return tx.AddVisibilityChange(lan.ID, hookSeq, protocol.Ref{Kind: app.KindUser, ID: lan.ID})
	}

	seq0 := lastSeq()
	for _, bad := range []func(*app.User) error{
		func(u *app.User) error { u.Role = "pilot"; return nil },
		func(u *app.User) error { u.OfficeID = "0190c2d4-0000-7000-8000-000000000000"; return nil },
		func(u *app.User) error { u.OfficeID = ""; return nil },
	} {
		if _, err := s.ChangeUser("lan", bad, hook); !errors.Is(err, app.ErrInvalid) {
			t.Errorf("invalid change: %v, want app.ErrInvalid", err)
		}
	}
	failing := errors.New("hook failed")
	if _, err := s.ChangeUser("lan", func(u *app.User) error { u.Role, u.OfficeID = app.RoleManager, sgn.ID; return nil },
		func(tx server.RecordTx, before, after app.User, write func() error) error {
			if err := write(); err != nil {
				return err
			}
			return failing
		}); !errors.Is(err, failing) {
		t.Errorf("hook's error: %v", err)
	}
	if _, err := s.ChangeUser("nobody", func(*app.User) error { return nil }, hook); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown login: %v", err)
	}
	if _, err := s.ChangeUser("lan", func(*app.User) error { return nil }, hook); err != nil {
		t.Errorf("no change: %v", err)
	}
	if a, _ := s.AccountByLogin("lan"); a.User != lan || lastSeq() != seq0 || recordField("role") != `"agent"` {
		t.Fatalf("refused or empty changes wrote something: %+v, seq %d → %d, record role %s", a.User, seq0, lastSeq(), recordField("role"))
	}

	u, err := s.ChangeUser(" LAN ", func(u *app.User) error {
		u.Role, u.OfficeID = app.RoleManager, sgn.ID
		u.ID, u.Login = "forged", "other" // not changeable
		return nil
	}, hook)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != lan.ID || u.Login != "lan" || u.Role != app.RoleManager || u.OfficeID != sgn.ID {
		t.Errorf("changed user %+v", u)
	}
	if a, _ := s.AccountByLogin("lan"); a.User != u || string(a.PasswordHash) != "hash" {
		t.Errorf("account after the change: %+v", a)
	}
	office, _ := json.Marshal(sgn.ID)
	if recordField("role") != `"manager"` || recordField("office_id") != string(office) || hookSeq <= seq0 {
		t.Errorf("published record role %s office %s, hook seq %d (before %d)", recordField("role"), recordField("office_id"), hookSeq, seq0)
	}
	if _, err := s.Session(server.HashToken("t")); err != nil {
		t.Errorf("a role change ended the session: %v", err)
	}

	if _, err := s.ChangeUser("lan", func(u *app.User) error { u.Active = false; return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(server.HashToken("t")); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("disabled user's session: %v, want it deleted", err)
	}
	if recordField("active") != "false" {
		t.Errorf("published active = %s", recordField("active"))
	}
}
