// Command tourdesk is the TourDesk desktop app: it opens the user's local
// store, builds the services over it and hands them to the UI. Everything
// else lives in ui/ (screens) and app/ (the domain).
//
//	tourdesk [-data DIR] [-role ROLE] [-user ID] [-area ID|login] [-lang L] [-theme T]
//	tourdesk -list-areas [-role ROLE]
//
// Without -data the store is localdb.DefaultPath("") (the "default"
// profile under os.UserConfigDir()/tourdesk); with it, DIR/default.db,
// the same file tourdeskctl --data DIR uses.
//
// The user is the one logged in to the office server: the session saved
// in the data directory (session.json, shared with tourdeskctl login)
// gives the user id, office and role that decide the areas shown. With
// nobody logged in the app asks to log in (Cancel works offline);
// -role and -user skip the question and stand in for a login (offline
// demo, screenshots). A logged-in app syncs in the background on the
// interval chosen in Settings, on demand (Sync, Ctrl+R) and at start.
//
// Print (quote, contract, receipt in a customer's detail) writes the PDF
// under os.UserCacheDir()/tourdesk/print (see printDir) and opens it in
// the system's default PDF viewer, from which the user prints.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/assets"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/settings"
	"github.com/tourdesk/tourdesk/ui/shell"
	"github.com/tourdesk/tourdesk/ui/syncui"
)

// appID matches FyneApp.toml, so preferences live in one place however
// the binary was built (docs/DECISIONS.md).
const appID = "vn.tourdesk.app"

func main() {
	dataDir := flag.String("data", "", "data directory (default: the default profile under the user config dir)")
	role := flag.String("role", string(app.RoleAgent), "offline demo: role of the local user when nobody logged in (decides which areas are shown)")
	user := flag.String("user", "local", "offline demo: user id (or a user's login, e.g. long.phan on demo data) that owns what this user creates when nobody logged in")
	area := flag.String("area", "", "open this area (customers, settings, conflicts…) instead of the role's first")
	language := flag.String("lang", "", "interface language en, vi, ru or zh (default: the Settings choice, else the system's)")
	themeName := flag.String("theme", "", "light, dark or system (default: the Settings choice)")
	listAreas := flag.Bool("list-areas", false, "print the ids of the areas -role sees, one a line, and exit (for make screenshots)")
	flag.Parse()
	if *listAreas {
		for _, a := range shell.AreasFor(app.Role(*role)) {
			fmt.Println(a.ID)
		}
		return
	}
	demoFlags := false
	flag.Visit(func(f *flag.Flag) { demoFlags = demoFlags || f.Name == "role" || f.Name == "user" })

	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon)
	prefs := a.Preferences()
	i18n.Register()
	if *language == "" {
		*language = prefs.String(settings.PrefLanguage)
	}
	i18n.SetLanguage(*language)
	applyTheme := func() {
		t := prefs.String(settings.PrefTheme)
		if *themeName != "" {
			t = *themeName
		}
		a.Settings().SetTheme(shell.NewTheme(t, i18n.Current()))
	}
	applyTheme()

	path, err := storePath(*dataDir)
	if err != nil {
		fail(a, "TourDesk", lang.X("app.open_failed", "Could not open the data in {{.Path}}: {{.Error}}", map[string]any{"Path": *dataDir, "Error": err.Error()}))
		return
	}
	store, err := localdb.Open(path, localdb.Options{})
	if errors.Is(err, localdb.ErrLocked) {
		fail(a, lang.X("app.locked.title", "TourDesk is already open"), lang.X("app.locked.message", "Another TourDesk window is using this data ({{.Path}}). Close it and start TourDesk again.", map[string]any{"Path": path}))
		return
	}
	if err != nil {
		fail(a, "TourDesk", lang.X("app.open_failed", "Could not open the data in {{.Path}}: {{.Error}}", map[string]any{"Path": path, "Error": err.Error()}))
		return
	}
	defer store.Close()

	printer := &pdfPrinter{
		store: store,
		dir:   printDir(),
		open:  func(path string) error { return a.OpenURL(fileURL(path)) },
	}
	sy := syncui.New(newBackend(store, filepath.Dir(path)), fyne.Do, prefs)
	d := &desk{store: store, printer: printer, sync: sy, prefs: prefs, onSettings: applyTheme}
	session := service.Session{UserID: demoUser(store, *user), Role: app.Role(*role)}
	if id, ok := sy.State().Identity, sy.State().LoggedIn; ok && !demoFlags {
		session = sessionOf(id)
	}

	w := a.NewWindow("TourDesk")
	w.SetIcon(assets.Icon)
	w.Resize(fyne.NewSize(1200, 780))
	sh := shell.New(w, d.services(session))
	sy.OnLogin = func(id syncui.Identity) { sh.SetServices(d.services(sessionOf(id))) }
	w.SetContent(sh.Content())
	w.SetMaster()
	if *area != "" && *area != "login" {
		sh.Show(*area)
	}
	sh.Start()
	sy.RefreshConflicts()
	sy.Run(settings.Interval(prefs))
	if sy.State().LoggedIn {
		sy.Now()
	} else if !demoFlags || *area == "login" {
		sh.ShowLogin()
	}
	w.ShowAndRun()
	sy.Stop()
}

// desk builds the shell's services for a session over the one store.
type desk struct {
	store      *localdb.Store
	printer    *pdfPrinter
	sync       *syncui.Sync
	prefs      fyne.Preferences
	onSettings func()
}

func (d *desk) services(session service.Session) shell.Services {
	customers := service.NewCustomers(d.store, session)
	s := shell.Services{
		Session:        session,
		Store:          d.store,
		Device:         d.store.DeviceID(),
		Customers:      customers,
		Bookings:       service.NewBookings(d.store),
		CountCustomers: customers.Count,
		Demo:           demoLoader(d.store),
		Sync:           d.sync,
		Prefs:          d.prefs,
		Server:         serverPref(d.prefs),
		OnSettings:     d.onSettings,
		Exporter:       tableExporter{},
	}
	if d.printer != nil {
		s.Printer = d.printer
	}
	return s
}

func serverPref(p fyne.Preferences) string {
	if p == nil {
		return ""
	}
	return p.String(settings.PrefServer)
}

// sessionOf is the local session of a logged-in user.
func sessionOf(id syncui.Identity) service.Session {
	return service.Session{UserID: id.UserID, OfficeID: id.OfficeID, Role: id.Role}
}

// storePath is the data file for -data dir, or the default profile's.
func storePath(dir string) (string, error) {
	if dir == "" {
		return localdb.DefaultPath("")
	}
	return filepath.Join(dir, "default.db"), nil
}

// fail reports an error that stops the app before its window exists: on
// stderr, and in a small window the user cannot miss.
func fail(a fyne.App, title, msg string) {
	fmt.Fprintln(os.Stderr, "tourdesk:", msg)
	w := a.NewWindow(title)
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	quit := widget.NewButton(lang.X("Quit", "Quit"), a.Quit)
	quit.Importance = widget.HighImportance
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewCenter(quit), nil, nil, l)))
	w.Resize(fyne.NewSize(460, 160))
	w.CenterOnScreen()
	w.ShowAndRun()
	os.Exit(1)
}

// demoUser resolves -user for offline demos: the id of the user record
// whose login is v (tourdesk -role guide -user long.phan on demo data),
// else v itself.
func demoUser(store service.Store, v string) string {
	ids, err := store.SortedIDs(app.KindUser)
	if err != nil {
		return v
	}
	for _, id := range ids {
		if id == v {
			return v
		}
		if u, err := service.Load[app.User](store, id); err == nil && u.Login == v {
			return id
		}
	}
	return v
}
