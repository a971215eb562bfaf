package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/sync/server"
)

// admin is what the administration commands do to the server's data,
// either directly on the file (directAdmin) or, while serve holds it,
// through serve's admin socket (socketAdmin).
type admin interface {
	AddOffice(o app.Office) (app.Office, error)
	Offices() ([]app.Office, error)
	// AddUser adds u with its password hash; officeRef (id, code or name,
	// "" for none) is resolved to u.OfficeID.
	AddUser(u app.User, officeRef string, hash []byte) (app.User, error)
	Users() ([]userInfo, error)
	SetActive(login string, active bool) (app.User, error)
	// SetUser changes a user's role and/or office (see userChange), and
	// records what that changes in who sees which records.
	SetUser(c userChange) (app.User, error)
	SetPassword(login string, hash []byte) (app.User, error)
	Backup(w io.Writer) (int64, error)
	Close() error
}

// userInfo is one line of `user list`.
type userInfo struct {
	ID         string   `json:"id"`
	Login      string   `json:"login"`
	Name       string   `json:"name"`
	Role       app.Role `json:"role"`
	OfficeID   string   `json:"office_id"`
	OfficeName string   `json:"office"`
	Active     bool     `json:"active"`
	Sessions   int      `json:"sessions"`
}

// userChange is what `user set` changes; a nil field is left as it is.
type userChange struct {
	Login string    `json:"login"`
	Role  *app.Role `json:"role,omitempty"`
	// Office is an office id, code or name; "" for none (admins and
	// directors belong to no office).
	Office *string `json:"office,omitempty"`
}

// bcryptCost is the cost of new password hashes; tests lower it.
var bcryptCost = server.DefaultBcryptCost

// lockWait is how long an administration command waits for the data file
// held by another process (e.g. a serve starting or stopping).
const lockWait = time.Second

// openAdmin opens the data directory for administration: through the admin
// socket of a serve process running on it when one answers there, else the
// file itself. A socket left behind by a crashed serve refuses connections
// at once, so the fallback costs nothing.
func openAdmin(ctx context.Context, dir string) (admin, error) {
	if err := needData(dir); err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, socketName)
	var serr error
	if _, err := os.Stat(sock); err == nil {
		a, err := dialAdmin(ctx, sock)
		if err == nil {
			return a, nil
		}
		serr = err
	}
	path := filepath.Join(dir, boltstore.FileName)
	st, err := boltstore.Open(path, boltstore.Options{Timeout: lockWait})
	if errors.Is(err, boltstore.ErrLocked) {
		if serr == nil {
			serr = errors.New("there is no admin socket")
		}
		return nil, fmt.Errorf("%s is held by another process, and the admin socket of a running tourdesk-server does not answer (%v); stop that process or wait for it", path, serr)
	}
	if err != nil {
		return nil, err
	}
	return directAdmin{st}, nil
}

// directAdmin works on the data file itself.
type directAdmin struct{ st *boltstore.Store }

func (d directAdmin) AddOffice(o app.Office) (app.Office, error) { return d.st.AddOffice(o) }
func (d directAdmin) Offices() ([]app.Office, error)             { return d.st.Offices() }
func (d directAdmin) Backup(w io.Writer) (int64, error)          { return d.st.Backup(w) }
func (d directAdmin) Close() error                               { return d.st.Close() }

func (d directAdmin) AddUser(u app.User, officeRef string, hash []byte) (app.User, error) {
	if officeRef != "" {
		o, err := d.st.FindOffice(officeRef)
		if errors.Is(err, app.ErrNotFound) {
			return app.User{}, badInputf("no office %q (see tourdesk-server office list)", officeRef)
		}
		if err != nil {
			return app.User{}, err
		}
		u.OfficeID = o.ID
	}
	return d.st.AddUser(u, hash)
}

func (d directAdmin) Users() ([]userInfo, error) {
	users, err := d.st.Users()
	if err != nil {
		return nil, err
	}
	offices, err := d.st.Offices()
	if err != nil {
		return nil, err
	}
	sessions, err := d.st.SessionCount()
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, o := range offices {
		names[o.ID] = o.Name
	}
	out := make([]userInfo, 0, len(users))
	for _, u := range users {
		out = append(out, userInfo{ID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role,
			OfficeID: u.OfficeID, OfficeName: names[u.OfficeID], Active: u.Active, Sessions: sessions[u.ID]})
	}
	return out, nil
}

// accountHook records, in the transaction of an account change, what it
// changes in who sees which records (sync/server.AccountChange with
// app/access's rules, the ones serve runs with): the user's next pull
// brings what they may now see and revokes the rest.
func accountHook(tx server.RecordTx, before, after app.User, write func() error) error {
	return server.AccountChange(tx, nil, before, after, write)
}

func (d directAdmin) SetActive(login string, active bool) (app.User, error) {
	return d.st.ChangeUser(login, func(u *app.User) error {
		u.Active = active
		return nil
	}, accountHook)
}

func (d directAdmin) SetUser(c userChange) (app.User, error) {
	officeID := ""
	if c.Office != nil && strings.TrimSpace(*c.Office) != "" {
		o, err := d.st.FindOffice(*c.Office)
		if errors.Is(err, app.ErrNotFound) {
			return app.User{}, badInputf("no office %q (see tourdesk-server office list)", *c.Office)
		}
		if err != nil {
			return app.User{}, err
		}
		officeID = o.ID
	}
	return d.st.ChangeUser(c.Login, func(u *app.User) error {
		if c.Role != nil {
			u.Role = *c.Role
		}
		if c.Office != nil {
			u.OfficeID = officeID
		}
		return nil
	}, accountHook)
}

func (d directAdmin) SetPassword(login string, hash []byte) (app.User, error) {
	return d.st.SetPassword(login, hash)
}

// withAdmin opens the data directory, runs fn and closes it.
func withAdmin(ctx context.Context, dir string, fn func(admin) error) error {
	a, err := openAdmin(ctx, dir)
	if err != nil {
		return err
	}
	err = fn(a)
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	return err
}

func cmdOfficeAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("office add", stderr)
	dir := fs.String("data", "", "data directory")
	name := fs.String("name", "", "office name (\"Hà Nội head office\")")
	code := fs.String("code", "", "short code shown in lists (\"HAN\")")
	country := fs.String("country", "", "ISO 3166-1 alpha-2 country (\"VN\")")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return badInputf("office add: unexpected argument %q", pos[0])
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		o, err := a.AddOffice(app.Office{Name: *name, Code: *code, Country: *country})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added office %q (id %s)\n", o.Name, o.ID)
		return nil
	})
}

func cmdOfficeList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("office list", stderr)
	dir := fs.String("data", "", "data directory")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return badInputf("office list: unexpected argument %q", pos[0])
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		offices, err := a.Offices()
		if err != nil {
			return err
		}
		if *asJSON {
			type row struct {
				ID string `json:"id"`
				app.Office
			}
			rows := make([]row, 0, len(offices))
			for _, o := range offices {
				rows = append(rows, row{o.ID, o})
			}
			return printJSON(stdout, rows)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCODE\tCOUNTRY\tID")
		for _, o := range offices {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Name, o.Code, o.Country, o.ID)
		}
		return tw.Flush()
	})
}

func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user add", stderr)
	dir := fs.String("data", "", "data directory")
	login := fs.String("name", "", "user name to sign in with (\"lan.nguyen\")")
	fullName := fs.String("full-name", "", "the person's name as shown (default: the user name)")
	role := fs.String("role", "", "role: "+rolesList)
	office := fs.String("office", "", "office id, code or name (required for every role but admin and director)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return badInputf("user add: unexpected argument %q (the password is read from stdin)", pos[0])
	}
	if *login == "" {
		return badInputf("user add: --name is required")
	}
	if *fullName == "" {
		*fullName = *login
	}
	u := app.User{Name: *fullName, Login: *login, Role: app.Role(strings.ToLower(strings.TrimSpace(*role))), Active: true}
	// Check the user before asking for a password.
	if err := u.Validate(); err != nil && !onlyOfficeProblem(err, *office) {
		return err
	}
	pw, err := readPassword(stdin, stderr, u.Login)
	if err != nil {
		return err
	}
	hash, err := server.HashPassword(pw, bcryptCost)
	if err != nil {
		return err
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		added, err := a.AddUser(u, *office, hash)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added user %s (%s, id %s)\n", added.Login, added.Role, added.ID)
		return nil
	})
}

// onlyOfficeProblem reports whether err's only problem is a missing office
// id that --office will fill in.
func onlyOfficeProblem(err error, officeRef string) bool {
	var ve *app.ValidationError
	if officeRef == "" || !errors.As(err, &ve) {
		return false
	}
	for _, p := range ve.Problems {
		if p.Field != "office_id" || p.Code != app.CodeRequired {
			return false
		}
	}
	return true
}

func cmdUserList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user list", stderr)
	dir := fs.String("data", "", "data directory")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return badInputf("user list: unexpected argument %q", pos[0])
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		users, err := a.Users()
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, users)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USER\tNAME\tROLE\tOFFICE\tSTATUS\tSESSIONS")
		for _, u := range users {
			status := "active"
			if !u.Active {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", u.Login, u.Name, u.Role, u.OfficeName, status, u.Sessions)
		}
		return tw.Flush()
	})
}

func cmdUserSetActive(ctx context.Context, args []string, active bool, stdout, stderr io.Writer) error {
	verb := map[bool]string{true: "enable", false: "disable"}[active]
	fs := newFlags("user "+verb, stderr)
	dir := fs.String("data", "", "data directory")
	login := fs.String("name", "", "user name")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return badInputf("user %s: unexpected argument %q", verb, pos[0])
	}
	if *login == "" {
		return badInputf("user %s: --name is required", verb)
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		u, err := a.SetActive(*login, active)
		if err != nil {
			return err
		}
		if active {
			fmt.Fprintf(stdout, "enabled user %s\n", u.Login)
		} else {
			fmt.Fprintf(stdout, "disabled user %s; their sessions are revoked\n", u.Login)
		}
		return nil
	})
}

// cmdUserSet is `user set`: a new role and/or office for a user. The
// change applies to the user's next request; their next sync brings the
// records the new role or office may see (however old) and removes the
// ones it may not, after pushing their unsynced edits.
func cmdUserSet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user set", stderr)
	dir := fs.String("data", "", "data directory")
	login := fs.String("name", "", "user name (or give it as the argument)")
	role := fs.String("role", "", "new role: "+rolesList)
	office := fs.String("office", "", "new office id, code or name (\"-\" for none: admins and directors)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 1 && *login == "":
		*login = pos[0]
	case len(pos) > 0:
		return badInputf("user set: unexpected argument %q", pos[len(pos)-1])
	}
	if *login == "" {
		return badInputf("user set: give the user name (user set NAME --role R --office O)")
	}
	c := userChange{Login: *login}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["role"] {
		r := app.Role(strings.ToLower(strings.TrimSpace(*role)))
		c.Role = &r
	}
	if set["office"] {
		o := strings.TrimSpace(*office)
		if o == "-" {
			o = ""
		}
		c.Office = &o
	}
	if c.Role == nil && c.Office == nil {
		return badInputf("user set: nothing to change; give --role and/or --office")
	}
	if err := needData(*dir); err != nil {
		return err
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		u, err := a.SetUser(c)
		if err != nil {
			return err
		}
		office := "no office"
		if u.OfficeID != "" {
			office = "office " + u.OfficeID
			if offices, err := a.Offices(); err == nil {
				for _, o := range offices {
					if o.ID == u.OfficeID {
						office = "office " + o.Name
					}
				}
			}
		}
		fmt.Fprintf(stdout, "%s is now %s, %s; their next sync brings what they may now see and removes the rest\n", u.Login, u.Role, office)
		return nil
	})
}

func cmdUserPasswd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user passwd", stderr)
	dir := fs.String("data", "", "data directory")
	login := fs.String("name", "", "user name")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return badInputf("user passwd: unexpected argument %q (the password is read from stdin)", pos[0])
	}
	if *login == "" {
		return badInputf("user passwd: --name is required")
	}
	if err := needData(*dir); err != nil {
		return err
	}
	pw, err := readPassword(stdin, stderr, *login)
	if err != nil {
		return err
	}
	hash, err := server.HashPassword(pw, bcryptCost)
	if err != nil {
		return err
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		u, err := a.SetPassword(*login, hash)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "changed the password of %s; their devices must sign in again\n", u.Login)
		return nil
	})
}

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	dir := fs.String("data", "", "data directory")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return badInputf("backup: give exactly one FILE (or - for stdout)")
	}
	dest := pos[0]
	if err := needData(*dir); err != nil {
		return err
	}
	if dest != "-" {
		if abs, err := filepath.Abs(dest); err == nil {
			if data, err := filepath.Abs(filepath.Join(*dir, boltstore.FileName)); err == nil && abs == data {
				return badInputf("backup: FILE is the data file itself")
			}
		}
	}
	return withAdmin(ctx, *dir, func(a admin) error {
		if dest == "-" {
			_, err := a.Backup(stdout)
			return err
		}
		n, err := writeFileAtomic(dest, a.Backup)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "backed up %d bytes to %s\n", n, dest)
		return nil
	})
}

// writeFileAtomic writes path through a temporary file in the same
// directory, synced and renamed into place once complete, so path never
// holds a partial backup.
func writeFileAtomic(path string, write func(io.Writer) (int64, error)) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, nothing is there
	n, err := write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	return n, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
