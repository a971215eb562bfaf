package reports

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/report"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/localdb/localdbtest"
	"github.com/tourdesk/tourdesk/ui/internal/uitest"
)

var (
	agent    = service.Session{UserID: "agent-1", OfficeID: "office-hn", Role: app.RoleAgent}
	director = service.Session{UserID: "dir-1", OfficeID: "office-hn", Role: app.RoleDirector}
)

type harness struct {
	*uitest.UI
	t     *testing.T
	store *localdb.Store
	win   fyne.Window
	area  *Area
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ui := uitest.New(t)
	store := localdbtest.Open(t)
	return &harness{UI: ui, t: t, store: store}
}

// sale stores a customer and a custom trip booked on day with qty × price
// VND, and takes a deposit of paid VND on it (a sale).
func (h *harness) sale(name string, day app.Date, qty int, price, paid int64) {
	h.t.Helper()
	cid, err := service.NewCustomers(h.store, agent).Create(&app.Customer{Name: name, Type: app.Person, Stage: app.StageLead, Phones: []string{"0901234567"}, Region: "Hà Nội"})
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := service.NewPipeline(h.store, agent, "dev-test").Create(service.Request{CustomerID: cid, Destination: "Hạ Long",
		StartDate: day.AddDays(40), EndDate: day.AddDays(42),
		Lines: []app.PriceLine{{Description: "Adult", TravelerType: app.TravelerAdult, Quantity: qty, UnitPrice: money.New(price, "VND")}}}, day)
	if err != nil {
		h.t.Fatal(err)
	}
	if paid > 0 {
		if _, err := service.NewPayments(h.store, agent).Take(service.Take{BookingID: b.ID, Kind: app.PaymentDeposit, Amount: money.New(paid, "VND"), Date: day}); err != nil {
			h.t.Fatal(err)
		}
	}
}

func (h *harness) open(s service.Session, exp Exporter) {
	h.t.Helper()
	h.win = h.Window()
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	h.area = newArea(Deps{Store: h.store, Session: s, Exporter: exp, Now: now}, h.win, h.Do)
	h.win.SetContent(h.area.Content())
	h.win.Resize(fyne.NewSize(1280, 800))
	h.settle()
}

func (h *harness) settle() {
	h.t.Helper()
	h.WaitFor("the report", func() bool { return h.area.shownGen == h.area.runGen })
}

// pick selects report name.
func (h *harness) pick(name string) {
	h.t.Helper()
	for i, r := range h.area.list {
		if r.Name == name {
			if h.area.current == i {
				h.area.Run()
			}
			h.area.reportList.Select(i)
			h.settle()
			return
		}
	}
	h.t.Fatalf("report %s is not offered", name)
}

// rows are the shown table's rows as the user reads them.
func (h *harness) rows() [][]string {
	tb := h.area.Shown()
	var out [][]string
	for i := 0; i < rowCount(tb); i++ {
		var row []string
		for j := range tb.Columns {
			row = append(row, CellText(tb, i, j))
		}
		out = append(out, row)
	}
	return out
}

func join(rows [][]string) string {
	var lines []string
	for _, r := range rows {
		lines = append(lines, strings.Join(r, " | "))
	}
	return strings.Join(lines, "\n")
}

// tinyData is two sales, by hand: October 2 × 3,000,000 = 6,000,000 ₫
// with a 2,000,000 ₫ deposit; November 1 × 4,500,000 ₫ with 1,500,000 ₫;
// and a November inquiry that never got a deposit (no sale).
func tinyData(h *harness) {
	h.sale("Nguyễn Văn An", app.Date{Year: 2026, Month: 10, Day: 5}, 2, 3_000_000, 2_000_000)
	h.sale("Trần Thị Bình", app.Date{Year: 2026, Month: 11, Day: 3}, 1, 4_500_000, 1_500_000)
	h.sale("Lê Văn Cường", app.Date{Year: 2026, Month: 11, Day: 9}, 4, 1_000_000, 0)
}

func TestReportForAPeriodShowsHandComputedFigures(t *testing.T) {
	h := newHarness(t)
	tinyData(h)
	h.open(director, nil)
	h.area.setPeriod(kindQuarter, 2026, 3) // Q4 2026
	h.pick("by-month")
	if got := h.area.title.Text; !strings.Contains(got, "2026-Q4") || !strings.Contains(got, "VND") {
		t.Errorf("heading = %q", got)
	}
	// Month | bookings | travelers | sales | revenue | cost | profit | margin.
	want := join([][]string{
		{"2026-10", "1", "2", "6,000,000 ₫", "2,000,000 ₫", "0", "2,000,000 ₫", "100.00%"},
		{"2026-11", "1", "1", "4,500,000 ₫", "1,500,000 ₫", "0", "1,500,000 ₫", "100.00%"},
		{"2026-12", "0", "0", "0", "0", "0", "0", "—"},
		{"Total", "2", "3", "10,500,000 ₫", "3,500,000 ₫", "0", "3,500,000 ₫", "100.00%"},
	})
	if got := join(h.rows()); got != want {
		t.Errorf("by-month for 2026-Q4:\n%s\nwant\n%s", got, want)
	}
	// The chart draws the sales per month.
	title, bars, ok := ChartBars(h.area.Shown())
	if !ok || title != "Sales" || len(bars) != 3 || bars[0].Amount != 6_000_000 || bars[1].Amount != 4_500_000 || bars[2].Amount != 0 {
		t.Errorf("chart: %q %+v %v", title, bars, ok)
	}
	if len(h.area.chart.objs) != 1+3*3 {
		t.Errorf("the chart holds %d objects, want a title and three per bar", len(h.area.chart.objs))
	}

	// November alone: one sale of 4,500,000 ₫.
	h.area.setPeriod(kindMonth, 2026, 10)
	h.area.Run()
	h.settle()
	want = join([][]string{
		{"2026-11", "1", "1", "4,500,000 ₫", "1,500,000 ₫", "0", "1,500,000 ₫", "100.00%"},
		{"Total", "1", "1", "4,500,000 ₫", "1,500,000 ₫", "0", "1,500,000 ₫", "100.00%"},
	})
	if got := join(h.rows()); got != want {
		t.Errorf("by-month for 2026-11:\n%s\nwant\n%s", got, want)
	}
}

func TestOverviewAsHeadlineCards(t *testing.T) {
	h := newHarness(t)
	tinyData(h)
	h.open(director, nil)
	h.area.setPeriod(kindYear, 2026, -1)
	h.pick("overview")
	cards := map[string]string{}
	for _, o := range h.area.cards.Objects {
		box := o.(*fyne.Container).Objects[1].(*fyne.Container)
		cards[box.Objects[0].(*widget.Label).Text] = box.Objects[1].(*widget.Label).Text
	}
	// By hand over 2026: two sales, 3 travelers, 10,500,000 ₫ sold,
	// 3,500,000 ₫ received, three requests of which two reached a deposit.
	for label, want := range map[string]string{
		"Sales (bookings)": "2", "Travelers": "3", "Sales": "10,500,000 ₫", "Revenue received": "3,500,000 ₫", "Requests": "3",
	} {
		if got := cards[label]; got != want {
			t.Errorf("card %q = %q, want %q", label, got, want)
		}
	}
	if len(cards) < 20 {
		t.Errorf("only %d cards", len(cards))
	}
}

// csvExporter writes CSV with the standard library, as the app's
// exporter (cmd/tourdesk, over cmd/internal/tabular, tested there) does.
type csvExporter struct{}

func (csvExporter) Formats() []string { return []string{"csv"} }

func (csvExporter) Export(w io.Writer, format string, t *report.Table) error {
	cw := csv.NewWriter(w)
	head := []string{}
	for _, c := range t.Columns {
		head = append(head, c.Title)
	}
	cw.Write(head)
	for _, r := range append(t.Rows, t.Total) {
		var row []string
		for _, c := range r {
			row = append(row, c.Plain())
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

func TestExportThroughTheSaveDialogAndReadBack(t *testing.T) {
	h := newHarness(t)
	tinyData(h)
	h.open(director, csvExporter{})
	if len(h.area.exports) != 1 || h.area.exports[0].Text != "Export CSV" {
		t.Fatalf("export buttons: %d", len(h.area.exports))
	}
	h.area.setPeriod(kindQuarter, 2026, 3)
	h.pick("by-month")
	path := filepath.Join(t.TempDir(), "out.csv")
	var asked string
	h.area.saveDialog = func(name string, done func(fyne.URIWriteCloser, error)) {
		asked = name
		w, err := storage.Writer(storage.NewFileURI(path))
		done(w, err)
	}
	test.Tap(h.area.exports[0])
	if asked != "by-month-2026-Q4.csv" {
		t.Errorf("the save dialog proposed %q", asked)
	}
	h.WaitFor("the export's Saved message", func() bool { return strings.HasPrefix(h.area.msg.Text, "Saved") })
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Month", "Bookings", "Travelers", "Sales", "Revenue", "Cost", "Profit", "Margin"},
		{"2026-10", "1", "2", "6000000", "2000000", "0", "2000000", "100.00"},
		{"2026-11", "1", "1", "4500000", "1500000", "0", "1500000", "100.00"},
		{"2026-12", "0", "0", "0", "0", "0", "0", ""},
		{"Total", "2", "3", "10500000", "3500000", "0", "3500000", "100.00"},
	}
	if join(rows) != join(want) {
		t.Errorf("read back:\n%s\nwant\n%s", join(rows), join(want))
	}
}

func TestCustomPeriodBadDatesShownAndNotRun(t *testing.T) {
	h := newHarness(t)
	h.open(director, nil)
	runs := h.area.runGen
	h.area.setPeriod(kindCustom, 2026, -1)
	if h.area.sub.Visible() || !h.area.dates.Visible() {
		t.Error("custom dates show the month menu or hide the date entries")
	}
	test.Type(h.area.from, "2026-03-31")
	test.Type(h.area.to, "2026-01-01")
	test.Tap(h.area.run)
	if h.area.msg.Text != "The last day is before the first." || h.area.runGen != runs {
		t.Errorf("backwards period: message %q, runs %d → %d", h.area.msg.Text, runs, h.area.runGen)
	}
	h.area.to.SetText("")
	test.Type(h.area.to, "2026-04-30")
	test.Tap(h.area.run)
	h.settle()
	if p := h.area.Shown().Period.String(); p != "2026-03-31..2026-04-30" {
		t.Errorf("period run = %s", p)
	}
}

func TestMarketingGetsCampaignROI(t *testing.T) {
	h := newHarness(t)
	h.open(service.Session{UserID: "mkt-1", OfficeID: "office-hn", Role: app.RoleMarketing}, nil)
	if len(h.area.list) != 1 || h.area.list[0].Name != "campaign-roi" {
		t.Errorf("marketing's reports: %v", h.area.list)
	}
}
