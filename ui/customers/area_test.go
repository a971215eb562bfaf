package customers

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

// harness runs the Customers area over a real localdb store in a
// temporary directory. The area's background work hands its results to
// uitest.UI's queue instead of fyne.Do, and WaitFor runs them on the test goroutine:
// all widget changes happen on one goroutine, as in the app, so the race
// detector sees what the app does.
type harness struct {
	*uitest.UI
	t     *testing.T
	store *localdb.Store
	svc   *service.Customers
	// bookings and printer are handed to the area by open.
	bookings Bookings
	printer  Printer
	// x are the area's extras (the store and session by default).
	x    Extras
	win  fyne.Window
	area *Area
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ui := uitest.New(t)
	store := localdbtest.Open(t)
	session := service.Session{UserID: "agent-1", Role: app.RoleAgent}
	return &harness{
		UI:       ui,
		t:        t,
		store:    store,
		svc:      service.NewCustomers(store, session),
		bookings: service.NewBookings(store),
		x:        Extras{Store: store, Session: session},
	}
}

// add stores a customer directly through the service (as a sync or
// another window would) and returns its id.
func (h *harness) add(c app.Customer) string {
	h.t.Helper()
	id, err := h.svc.Create(&c)
	if err != nil {
		h.t.Fatalf("create %s: %v", c.Name, err)
	}
	return id
}

// open builds the area in a window with the area's shortcuts on its
// canvas (as the shell does) and waits for the list to load.
func (h *harness) open() {
	h.t.Helper()
	h.win = h.Window()
	h.area = newArea(h.svc, h.bookings, h.printer, h.win, h.Do, h.x)
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1200, 780))
	for sc, fn := range h.area.Shortcuts() {
		h.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) { fn() })
	}
	h.WaitFor("the list to load", h.settled)
}

// settled reports whether the list shows the result of the latest query.
func (h *harness) settled() bool { return h.area.shownGen == h.area.queryGen }

// visibleNames lists the names on the list rows currently laid out.
func (h *harness) visibleNames() []string {
	var names []string
	for _, o := range test.LaidOutObjects(h.area.list) {
		if r, ok := o.(*listrow.Row); ok && r.Visible() {
			if name, _, _ := r.Texts(); name != "" && name != "…" {
				names = append(names, name)
			}
		}
	}
	return names
}

// listedNames returns the names of every customer in the list, loading
// rows as needed, so a test can check exactly what the list holds.
func (h *harness) listedNames() []string {
	cs, err := h.svc.GetMany(h.area.ids)
	if err != nil {
		h.t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return names
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func TestNewCustomerBadPhoneShowsErrorAndSavesNothing(t *testing.T) {
	h := newHarness(t)
	h.open()
	if got := h.area.count.Text; got != "0 customers" {
		t.Errorf("count label = %q, want %q", got, "0 customers")
	}
	if !h.area.empty.Visible() {
		t.Error("an empty store shows no empty-state message")
	}

	// Ctrl+N from the search box opens the New form.
	h.win.Canvas().Focus(h.area.search)
	h.area.search.TypedShortcut(ctrl(fyne.KeyN))
	f := h.area.form
	if f == nil {
		t.Fatal("Ctrl+N did not open the New customer form")
	}
	test.Type(f.name, "Nguyễn Văn An")
	test.Type(f.phones[0], "12345")
	test.Type(f.emails[0], "an@example.vn")
	test.Tap(f.saveButton)
	h.WaitFor("the phone error", func() bool { return f.msgs.Text("phones.0") != "" })

	if n, _ := h.svc.Count(); n != 0 {
		t.Fatalf("a customer with a bad phone was stored: count = %d", n)
	}
	if h.area.form != f {
		t.Fatal("the form closed on a validation error")
	}
	if f.name.Text != "Nguyễn Văn An" || f.phones[0].Text != "12345" || f.emails[0].Text != "an@example.vn" {
		t.Errorf("the form lost what was typed: name %q phone %q email %q", f.name.Text, f.phones[0].Text, f.emails[0].Text)
	}
	for _, field := range []string{"name", "emails.0"} {
		if msg := f.msgs.Text(field); msg != "" {
			t.Errorf("%s shows an error although it is valid: %q", field, msg)
		}
	}

	// Fix the phone: the error goes as soon as it is edited; Ctrl+S in
	// the entry saves.
	f.phones[0].SetText("")
	if msg := f.msgs.Text("phones.0"); msg != "" {
		t.Errorf("the phone error stayed after editing the entry: %q", msg)
	}
	test.Type(f.phones[0], "0901 234 567")
	h.win.Canvas().Focus(f.phones[0])
	f.phones[0].TypedShortcut(ctrl(fyne.KeyS))
	h.WaitFor("the form to close and the list to show the customer", func() bool {
		return h.area.form == nil && len(h.area.ids) == 1 && slices.Contains(h.visibleNames(), "Nguyễn Văn An")
	})

	cs, err := h.svc.Search("nguyen van an", 10)
	if err != nil || len(cs) != 1 {
		t.Fatalf("stored customers = %v, %v; want one", cs, err)
	}
	if got := cs[0].Phones; !slices.Equal(got, []string{"+84901234567"}) {
		t.Errorf("stored phones = %v, want [+84901234567]", got)
	}
	if got := h.area.count.Text; got != "1 customer" {
		t.Errorf("count label = %q, want %q", got, "1 customer")
	}
	h.WaitFor("the detail of the new customer", func() bool { return h.area.detail.title.Text == "Nguyễn Văn An" })
}

func TestSearchAsYouType(t *testing.T) {
	h := newHarness(t)
	h.add(app.Customer{Name: "Nguyễn Văn An", Phones: []string{"0901234567"}})
	h.add(app.Customer{Name: "Trần Thị Bình", Phones: []string{"0912345678"}})
	h.add(app.Customer{Name: "Иванов Иван", Country: "RU", Phones: []string{"+7 912 345-67-89"}})
	h.open()

	h.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyF))
	if h.win.Canvas().Focused() != h.area.search {
		t.Error("Ctrl+F did not focus the search box")
	}
	test.Type(h.area.search, "nguyen")
	h.WaitFor("search results", h.settled)
	if got := h.listedNames(); !slices.Equal(got, []string{"Nguyễn Văn An"}) {
		t.Errorf("search nguyen listed %q, want only Nguyễn Văn An", got)
	}
	if got := h.area.count.Text; got != "1 found" {
		t.Errorf("count label = %q, want %q", got, "1 found")
	}
	h.WaitFor("the row to render", func() bool { return slices.Equal(h.visibleNames(), []string{"Nguyễn Văn An"}) })

	// A phone in another formatting finds its customer.
	h.area.search.SetText("")
	test.Type(h.area.search, "0912 345 678")
	h.WaitFor("phone search", h.settled)
	if got := h.listedNames(); !slices.Equal(got, []string{"Trần Thị Bình"}) {
		t.Errorf("search by phone listed %q, want Trần Thị Bình", got)
	}

	h.area.search.SetText("zzz")
	h.WaitFor("no results", h.settled)
	if !h.area.empty.Visible() || !strings.Contains(h.area.empty.Text, "zzz") {
		t.Errorf("no-result message = %q (visible %v)", h.area.empty.Text, h.area.empty.Visible())
	}

	// Clearing the query shows everyone again.
	h.area.search.SetText("")
	h.WaitFor("the full list", h.settled)
	if got := len(h.area.ids); got != 3 {
		t.Errorf("full list has %d rows, want 3", got)
	}
	if got := h.area.count.Text; got != "3 customers" {
		t.Errorf("count label = %q, want %q", got, "3 customers")
	}
}

func TestListShowsEveryCustomer(t *testing.T) {
	const n = 250 // more than two pages of rows
	h := newHarness(t)
	for i := range n {
		h.add(app.Customer{Name: fmt.Sprintf("Khách %03d", i)})
	}
	h.open()
	if got := h.area.list.Length(); got != n {
		t.Fatalf("list length = %d, want %d", got, n)
	}
	if got := h.area.count.Text; got != "250 customers" {
		t.Errorf("count label = %q, want %q", got, "250 customers")
	}
	h.WaitFor("the first rows", func() bool {
		names := h.visibleNames()
		return len(names) > 0 && names[0] == "Khách 000"
	})
	// Rows far down are fetched lazily when scrolled to.
	h.area.list.ScrollToBottom()
	h.WaitFor("the last row", func() bool { return slices.Contains(h.visibleNames(), "Khách 249") })
}

func TestEditKeepsFieldsChangedMeanwhile(t *testing.T) {
	h := newHarness(t)
	id := h.add(app.Customer{Name: "Lê Thị Hoa", Emails: []string{"hoa@example.vn"}, Phones: []string{"0903000111"}, Notes: "old"})
	h.open()
	h.area.list.Select(0)
	h.WaitFor("the detail", func() bool {
		return h.area.detail.customer != nil && h.area.detail.customer.ID == id && h.area.rows[id] != nil
	})
	test.Tap(h.area.detail.edit)
	f := h.area.form
	if f == nil {
		t.Fatal("Edit did not open the form")
	}
	if got := f.phones[0].Text; got != "0903 000 111" {
		t.Errorf("phone shown in the form = %q, want it formatted", got)
	}

	// Meanwhile a sync (or another window) changes the email.
	before, err := h.svc.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	after := *before
	after.Emails = []string{"hoa.le@example.vn"}
	if err := h.svc.Edit(id, before, &after); err != nil {
		t.Fatal(err)
	}

	f.notes.SetText("")
	test.Type(f.notes, "prefers window seats")
	test.Tap(f.saveButton)
	h.WaitFor("the form to close", func() bool { return h.area.form == nil })

	got, err := h.svc.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Notes != "prefers window seats" {
		t.Errorf("notes = %q, want the edit", got.Notes)
	}
	if !slices.Equal(got.Emails, []string{"hoa.le@example.vn"}) {
		t.Errorf("emails = %v: the form overwrote the change made meanwhile", got.Emails)
	}
	if !slices.Equal(got.Phones, []string{"+84903000111"}) {
		t.Errorf("phones = %v, want unchanged", got.Phones)
	}
	h.WaitFor("the detail to show the edit", func() bool {
		c := h.area.detail.customer
		return c != nil && c.ID == id && c.Notes == "prefers window seats"
	})
}

func TestEditBadDateKeepsFormAndStore(t *testing.T) {
	h := newHarness(t)
	id := h.add(app.Customer{Name: "Phạm Minh", Phones: []string{"0903000222"}})
	h.open()
	h.area.list.Select(0)
	h.WaitFor("the detail", func() bool { return h.area.detail.customer != nil })
	h.area.onEdit()
	f := h.area.form
	test.Type(f.birthday, "1990-13-45")
	f.name.SetText("")
	test.Tap(f.saveButton)
	if f.msgs.Text("birthday") == "" || f.msgs.Text("name") == "" {
		t.Errorf("errors: birthday %q, name %q; want both", f.msgs.Text("birthday"), f.msgs.Text("name"))
	}
	if h.area.form != f {
		t.Fatal("the form closed")
	}
	if c, _ := h.svc.Get(id); c.Name != "Phạm Minh" || !c.Birthday.IsZero() {
		t.Errorf("stored %q born %v: something was saved", c.Name, c.Birthday)
	}
}

// brokenRows is a store whose id list loads but whose records cannot be
// read (a damaged file, a disk error).
type brokenRows struct{ *localdb.Store }

func (brokenRows) View(func(service.Reader) error) error {
	return fmt.Errorf("disk read error")
}

// When rows cannot be read the list says so instead of showing "…" for
// ever with no explanation.
func TestRowsThatCannotLoadSayWhy(t *testing.T) {
	h := newHarness(t)
	h.add(app.Customer{Name: "Nguyễn Văn An"})
	h.svc = service.NewCustomers(brokenRows{h.store}, service.Session{UserID: "agent-1", Role: app.RoleAgent})
	h.open()
	h.WaitFor("the load error", func() bool { return strings.Contains(h.area.count.Text, "disk read error") })
	if !strings.HasPrefix(h.area.count.Text, "Could not load customers") {
		t.Fatalf("count line = %q", h.area.count.Text)
	}
}
