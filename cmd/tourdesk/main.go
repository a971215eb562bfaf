// Command tourdesk is the TourDesk desktop app: it opens the user's local
// store, builds the services over it and hands them to the UI. Everything
// else lives in ui/ (screens) and app/ (the domain).
//
//	tourdesk [-data DIR] [-role ROLE] [-user ID]
//
// Without -data the store is localdb.DefaultPath("") (the "default"
// profile under os.UserConfigDir()/tourdesk); with it, DIR/default.db,
// the same file tourdeskctl --data DIR uses.
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
	"github.com/tourdesk/tourdesk/ui/shell"
)

// appID matches FyneApp.toml, so preferences live in one place however
// the binary was built (docs/DECISIONS.md).
const appID = "vn.tourdesk.app"

func main() {
	dataDir := flag.String("data", "", "data directory (default: the default profile under the user config dir)")
	role := flag.String("role", string(app.RoleAgent), "role of the local user: decides which areas are shown")
	user := flag.String("user", "local", "user id that owns what this user creates")
	flag.Parse()

	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon)
	i18n.Register()

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

	session := service.Session{UserID: *user, Role: app.Role(*role)}
	customers := service.NewCustomers(store, session)
	printer := &pdfPrinter{
		store: store,
		dir:   printDir(),
		open:  func(path string) error { return a.OpenURL(fileURL(path)) },
	}

	w := a.NewWindow("TourDesk")
	w.SetIcon(assets.Icon)
	w.Resize(fyne.NewSize(1200, 780))
	sh := shell.New(w, shell.Services{
		Session:        session,
		Store:          store,
		Device:         store.DeviceID(),
		Customers:      customers,
		Bookings:       service.NewBookings(store),
		Printer:        printer,
		CountCustomers: customers.Count,
		Demo:           demoLoader(store),
	})
	w.SetContent(sh.Content())
	w.SetMaster()
	sh.Start()
	w.ShowAndRun()
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
