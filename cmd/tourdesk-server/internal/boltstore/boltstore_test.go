package boltstore_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/storetest"
)

func open(t *testing.T) *boltstore.Store {
	t.Helper()
	s, err := boltstore.Open(filepath.Join(t.TempDir(), boltstore.FileName), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Harness {
		s := open(t)
		return storetest.Harness{
			Store:   s,
			Records: s,
			AddAccount: func(u app.User, hash []byte) (string, error) {
				u, err := s.AddUser(u, hash)
				return u.ID, err
			},
			AddOffice: func(name string) (string, error) {
				o, err := s.AddOffice(app.Office{Name: name})
				return o.ID, err
			},
			SetActive: func(login string, active bool) error {
				_, err := s.SetActive(login, active)
				return err
			},
		}
	})
}

func TestOfficesAndUsers(t *testing.T) {
	s := open(t)
	han, err := s.AddOffice(app.Office{Name: "Hà Nội  head office", Code: "han", Country: "VN"})
	if err != nil {
		t.Fatal(err)
	}
	if han.Code != "HAN" || han.ID == "" {
		t.Errorf("office = %+v; want code HAN and an id", han)
	}
	if _, err := s.AddOffice(app.Office{Name: "hà nội head office"}); !errors.Is(err, app.ErrConflict) {
		t.Errorf("same name again: %v, want app.ErrConflict", err)
	}
	if _, err := s.AddOffice(app.Office{Name: "Other", Code: "HAN"}); !errors.Is(err, app.ErrConflict) {
		t.Errorf("same code again: %v, want app.ErrConflict", err)
	}
	if _, err := s.AddOffice(app.Office{}); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("no name: %v, want app.ErrInvalid", err)
	}
	for _, ref := range []string{han.ID, "han", "HÀ NỘI HEAD OFFICE"} {
		if o, err := s.FindOffice(ref); err != nil || o.ID != han.ID {
			t.Errorf("FindOffice(%q) = %+v, %v", ref, o, err)
		}
	}
	if _, err := s.FindOffice("SGN"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("FindOffice(unknown) = %v, want app.ErrNotFound", err)
	}

	hash := []byte("hash-1")
	u, err := s.AddUser(app.User{Name: "Lan", Login: "Lan.Nguyen", Role: app.RoleAgent, OfficeID: han.ID, Active: true}, hash)
	if err != nil {
		t.Fatal(err)
	}
	if u.Login != "lan.nguyen" {
		t.Errorf("login stored as %q, want lower case", u.Login)
	}
	cases := map[string]struct {
		u    app.User
		want error
	}{
		"taken login":    {app.User{Name: "X", Login: "lan.nguyen", Role: app.RoleAgent, OfficeID: han.ID}, app.ErrConflict},
		"bad role":       {app.User{Name: "X", Login: "x.y", Role: "pilot", OfficeID: han.ID}, app.ErrInvalid},
		"no office":      {app.User{Name: "X", Login: "x.y", Role: app.RoleAgent}, app.ErrInvalid},
		"unknown office": {app.User{Name: "X", Login: "x.y", Role: app.RoleAgent, OfficeID: "nope"}, app.ErrInvalid},
	}
	for name, c := range cases {
		if _, err := s.AddUser(c.u, hash); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	if _, err := s.AddUser(app.User{Name: "Boss", Login: "admin", Role: app.RoleAdmin, Active: true}, hash); err != nil {
		t.Errorf("admin without office: %v", err)
	}
	users, _ := s.Users()
	if len(users) != 2 || users[0].Login != "admin" || users[1].Login != "lan.nguyen" {
		t.Errorf("Users = %+v", users)
	}

	// Disabling and changing the password revoke the user's sessions.
	exp := time.Now().Add(time.Hour)
	put := func(tok string) server.TokenHash {
		h := server.HashToken(tok)
		if err := s.PutSession(server.Session{TokenHash: h, UserID: u.ID, ExpiresAt: exp}); err != nil {
			t.Fatal(err)
		}
		return h
	}
	h1 := put("one")
	if n, _ := s.SessionCount(); n[u.ID] != 1 {
		t.Errorf("SessionCount = %v", n)
	}
	if _, err := s.SetActive("LAN.NGUYEN", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(h1); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("session of a disabled user still stored: %v", err)
	}
	s.SetActive("lan.nguyen", true)
	h2 := put("two")
	if _, err := s.SetPassword("lan.nguyen", []byte("hash-2")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(h2); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("session survived a password change: %v", err)
	}
	a, _ := s.AccountByLogin("lan.nguyen")
	if string(a.PasswordHash) != "hash-2" {
		t.Errorf("hash = %q after SetPassword", a.PasswordHash)
	}
	if n, _ := s.SessionCount(); n[u.ID] != 0 {
		t.Errorf("SessionCount after revocation = %v", n)
	}
	if _, err := s.SetActive("nobody", false); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("SetActive(unknown) = %v, want app.ErrNotFound", err)
	}
}

func TestTokenNotInFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, boltstore.FileName)
	s, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	token := "Zm9vYmFyYmF6cXV4LXRoaXMtaXMtYS10ZXN0LXRva2Vu"
	h := server.HashToken(token)
	if err := s.PutSession(server.Session{TokenHash: h, UserID: "u", DeviceID: "d", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(token)) {
		t.Error("the raw token is in the data file")
	}
	if !bytes.Contains(raw, h[:]) {
		t.Error("the token's hash is not in the data file (did the test write what it meant to?)")
	}
}

func TestLockedAndBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), boltstore.FileName)
	s, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.AddOffice(app.Office{Name: "Sài Gòn"}); err != nil {
		t.Fatal(err)
	}
	if _, err := boltstore.Open(path, boltstore.Options{Timeout: 50 * time.Millisecond}); !errors.Is(err, boltstore.ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	var buf bytes.Buffer
	n, err := s.Backup(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("Backup = %d, %v (buffer %d)", n, err, buf.Len())
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(copyPath, buf.Bytes(), 0o600)
	c, err := boltstore.Open(copyPath, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if o, err := c.Offices(); err != nil || len(o) != 1 || o[0].Name != "Sài Gòn" {
		t.Errorf("backup holds %+v, %v", o, err)
	}
}

// Offices and users are published as records when added or changed, and a
// schema 1 file gets them published when it is opened.
func TestOfficesAndUsersPublishedAsRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), boltstore.FileName)
	s, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := s.AddOffice(app.Office{Name: "Huế", Code: "HUI"})
	u, err := s.AddUser(app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: o.ID, Active: true}, []byte("hash"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetActive("lan", false); err != nil {
		t.Fatal(err)
	}
	check := func(s *boltstore.Store, wantActive string) {
		t.Helper()
		s.ViewRecords(func(v server.RecordView) error {
			rec, err := v.Record(app.KindUser, u.ID)
			if err != nil {
				t.Fatalf("user record: %v", err)
			}
			if string(rec.Fields["login"].Value) != `"lan"` || string(rec.Fields["active"].Value) != wantActive || rec.Fields["role"].Stamp.Device != server.ServerDevice {
				t.Errorf("user record = %+v", rec)
			}
			if _, ok := rec.Fields["password_hash"]; ok {
				t.Error("the user record holds the password hash")
			}
			if _, err := v.Record(app.KindOffice, o.ID); err != nil {
				t.Errorf("office record: %v", err)
			}
			return nil
		})
	}
	check(s, "false")
	s.ViewRecords(func(v server.RecordView) error {
		if a, _ := v.Audit(app.KindUser, u.ID); len(a) == 0 || a[len(a)-1].Field != "active" || string(a[len(a)-1].Old) != "true" {
			t.Errorf("audit of the user: %+v", a)
		}
		return nil
	})
	s.Close()

	// Make it a schema 1 file: no record buckets.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		for _, b := range []string{"records", "changes", "refs", "devices", "results", "visibility", "audit"} {
			tx.DeleteBucket([]byte(b))
		}
		m := tx.Bucket([]byte("meta"))
		m.Delete([]byte("seq"))
		return m.Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 1))
	})
	db.Close()
	s, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatalf("open a schema 1 file: %v", err)
	}
	defer s.Close()
	check(s, "false")
}
