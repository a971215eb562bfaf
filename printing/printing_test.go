package printing

import (
	"bytes"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/test"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

var (
	update = flag.Bool("update", false, "rewrite the structure goldens in testdata/")
	pngDir = flag.String("png", "", "write the first page of each document as PNG into this directory (pdftoppm -r 60)")
)

// documents are the documents under test, built from the fixtures.
var documents = []struct {
	name  string
	build func(lang string) (core.Maroto, error)
}{
	{"quote", func(l string) (core.Maroto, error) { return Quote(quoteView(l)) }},
	{"contract", func(l string) (core.Maroto, error) { return Contract(contractView(l)) }},
	{"receipt", func(l string) (core.Maroto, error) { return Receipt(receiptView(l)) }},
	{"voucher", func(l string) (core.Maroto, error) { return Voucher(voucherView(l)) }},
	{"grouplist", func(l string) (core.Maroto, error) { return GroupList(listView(l, 6)) }},
	{"roominglist", func(l string) (core.Maroto, error) { return RoomingList(listView(l, 6)) }},
}

// Structure goldens (maroto's pkg/test): every document in Vietnamese,
// the contract in every language. go test ./printing -update rewrites them.
func TestStructureGoldens(t *testing.T) {
	for _, d := range documents {
		for _, lang := range []string{"vi", "en", "ru", "zh"} {
			if lang != "vi" && d.name != "contract" {
				continue
			}
			t.Run(d.name+"-"+lang, func(t *testing.T) {
				m, err := d.build(lang)
				if err != nil {
					t.Fatal(err)
				}
				file := d.name + "-" + lang + ".json"
				if *update {
					test.New(t).Assert(m.GetStructure()).Save(file)
					return
				}
				test.New(t).Assert(m.GetStructure()).Equals(file)
			})
		}
	}
}

// pdfText renders m and extracts its text with pdftotext (poppler); the
// test is skipped where pdftotext is not installed. Text is returned per
// page.
func pdfText(t testing.TB, m core.Maroto) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	pdf, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 1 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("%s: %q not found in the PDF text:\n%s", what, w, flat)
		}
	}
}

// Every document, read back from the PDF, shows the customer's
// Vietnamese name; the contract and receipt show the amounts in figures
// and in words, in each language.
func TestPDFReadsBack(t *testing.T) {
	wantWords := map[string][]string{
		"vi": {bookingTotal, "Mười lăm triệu đồng."},
		"en": {"15,000,000 ₫", "Fifteen million dong."},
		"ru": {"15 000 000 ₫", "Пятнадцать миллионов донгов."},
		"zh": {"15,000,000 ₫", "越南盾壹仟伍佰万元整"},
	}
	for _, lang := range []string{"vi", "en", "ru", "zh"} {
		m, _ := Contract(contractView(lang))
		text := strings.Join(pdfText(t, m), "\n")
		mustContain(t, "contract "+lang, text, append([]string{"Nguyễn Văn An", "BK-2026-000123", "Иванов Иван Иванович"}, wantWords[lang]...)...)
	}
	m, _ := Contract(contractView("vi"))
	mustContain(t, "contract vi", strings.Join(pdfText(t, m), "\n"), "HỢP ĐỒNG DỊCH VỤ DU LỊCH", "Hủy trước 30 ngày", "Một người ăn chay.", "Vietcombank")
	m, _ = Receipt(receiptView("vi"))
	mustContain(t, "receipt", strings.Join(pdfText(t, m), "\n"), "PHIẾU THU", "Nguyễn Văn An", "5.000.000 ₫", "Năm triệu đồng.", bookingTotal, "10.000.000 ₫")
	m, _ = Quote(quoteView("vi"))
	mustContain(t, "quote", strings.Join(pdfText(t, m), "\n"), "Nguyễn Văn An", "Ngày 2: Bà Nà Hills", "5.990.000 ₫", bookingTotal, "Mười lăm triệu đồng.", "30/11/2026")
	m, _ = Voucher(voucherView("vi"))
	mustContain(t, "voucher", strings.Join(pdfText(t, m), "\n"), "MT-DN-88213", "Mường Thanh Luxury Đà Nẵng", "Nguyễn Văn An", "王伟", "6 khách")
	m, _ = GroupList(listView("vi", 6))
	mustContain(t, "group list", strings.Join(pdfText(t, m), "\n"), "DANH SÁCH ĐOÀN", "Nguyễn Văn An", "C1234567", "25/03/1985", "不吃辣")
	m, _ = RoomingList(listView("vi", 6))
	mustContain(t, "rooming list", strings.Join(pdfText(t, m), "\n"), "DANH SÁCH PHÒNG", "Nguyễn Văn An", "Trần Thị Bình", "4 phòng")
}

// A 300-traveler departure: every traveler is listed once, and every page
// repeats the title and the table header.
func TestGroupList300(t *testing.T) {
	for _, kind := range []string{"grouplist", "roominglist"} {
		v := listView("vi", 300)
		var m core.Maroto
		var err error
		if kind == "grouplist" {
			m, err = GroupList(v)
		} else {
			m, err = RoomingList(v)
		}
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfText(t, m)
		if len(pages) < 4 || len(pages) > 15 {
			t.Errorf("%s: %d pages for 300 travelers", kind, len(pages))
		}
		title, colHead := "DANH SÁCH ĐOÀN", "Hộ chiếu"
		if kind == "roominglist" {
			title, colHead = "DANH SÁCH PHÒNG", "Tên trên hộ chiếu"
		}
		for i, p := range pages {
			mustContain(t, fmt.Sprintf("%s page %d", kind, i+1), p, title, "DAD-4D3N-261201", colHead, fmt.Sprintf("Trang %d/%d", i+1, len(pages)))
		}
		all := strings.Join(pages, "\n")
		for i := 2; i <= 50; i++ {
			name := fmt.Sprintf("Nguyễn Văn An %d", i)
			if n := strings.Count(all, name+"\n") + strings.Count(all, name+" "); n < 1 {
				t.Errorf("%s: %q not listed", kind, name)
			}
		}
		if kind == "grouplist" && !regexp.MustCompile(`(?m)^\s*300\s*$`).MatchString(all) && !strings.Contains(all, "300 ") {
			t.Errorf("grouplist: no row 300")
		}
	}
}

// Awkward data prints a sane document, never a panic.
func TestAwkwardData(t *testing.T) {
	t.Run("no travelers", func(t *testing.T) {
		v := contractView("vi")
		v.Travelers = nil
		m, err := Contract(v)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "contract", strings.Join(pdfText(t, m), "\n"), "Danh sách khách sẽ được Bên B cung cấp")
		l := listView("en", 0)
		for _, build := range []func(ListView) (core.Maroto, error){GroupList, RoomingList} {
			m, err := build(l)
			if err != nil {
				t.Fatal(err)
			}
			mustContain(t, "empty list", strings.Join(pdfText(t, m), "\n"), "No travelers on this departure yet.")
		}
	})
	t.Run("logo", func(t *testing.T) {
		png, _ := base64.StdEncoding.DecodeString(testLogo())
		for name, logo := range map[string]string{
			"missing":       "",
			"not base64":    "%%% not base64 %%%",
			"not an image":  base64.StdEncoding.EncodeToString([]byte("GIF89a, or rather not")),
			"truncated png": base64.StdEncoding.EncodeToString(png[:len(png)/2]),
			"huge":          base64.StdEncoding.EncodeToString(make([]byte, app.MaxLogo+1)),
		} {
			v := receiptView("vi")
			v.Company.Logo = logo
			m, err := Receipt(v)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			text := strings.Join(pdfText(t, m), "\n")
			mustContain(t, "logo "+name, text, "Công ty TNHH Du lịch Sông Hồng", "PHIẾU THU")
			if strings.Contains(text, "could not") {
				t.Errorf("logo %s: maroto's image error printed", name)
			}
		}
	})
	t.Run("2000-character request", func(t *testing.T) {
		v := contractView("vi")
		v.Booking.Requests = longRequest + "KẾT THÚC"
		v.Travelers[1].SpecialNeeds = longRequest[:1000]
		m, err := Contract(v)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(pdfText(t, m), "\n")
		mustContain(t, "long request", text, "Phòng tầng cao, view biển", "KẾT THÚC")
		gl := listView("vi", 6)
		gl.Travelers[1].SpecialNeeds = longRequest[:1000]
		m, err = GroupList(gl)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "long needs", strings.Join(pdfText(t, m), "\n"), "xem ghi chú *1", "*1 Trần Thị Bình: Phòng tầng cao")
	})
	t.Run("three scripts", func(t *testing.T) {
		v := contractView("vi")
		v.Customer.Name = "Nguyễn Иван 王"
		v.Travelers[0].Name = "Nguyễn Иван 王"
		m, err := Contract(v)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "three scripts", strings.Join(pdfText(t, m), "\n"), "Nguyễn Иван 王")
	})
	t.Run("long unbroken text", func(t *testing.T) {
		v := quoteView("zh")
		v.Tour.Summary = strings.Repeat("越南岘港会安巴拿山四日游", 40) + strings.Repeat("X", 300)
		m, err := Quote(v)
		if err != nil {
			t.Fatal(err)
		}
		pdfText(t, m)
	})
}

func TestBadViews(t *testing.T) {
	v := contractView("fr")
	if _, err := Contract(v); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("language fr: err = %v, want ErrInvalid", err)
	}
	v = contractView("vi")
	v.Booking.Lines[0].UnitPrice = money.New(100, "USD")
	if _, err := Contract(v); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("two currencies: err = %v, want ErrInvalid", err)
	}
	if _, err := GroupList(listView("vi", maxTravelers+1)); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("%d travelers: err = %v, want ErrInvalid", maxTravelers+1, err)
	}
	r := receiptView("vi")
	r.Payment.Amount = money.Money{}
	if _, err := Receipt(r); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("payment without amount: err = %v, want ErrInvalid", err)
	}
}

func TestAssignRooms(t *testing.T) {
	ts := []app.Traveler{
		{ID: "a", RoomType: app.RoomTriple, RoommateID: "b"},
		{ID: "s", RoomType: app.RoomSingle},
		{ID: "b", RoomType: app.RoomTriple},
		{ID: "c", RoomType: app.RoomTriple, RoommateID: "b"},
		{ID: "x"},                   // no room yet
		{ID: "y", RoommateID: "zz"}, // roommate not on the list
		{ID: "d", RoomType: app.RoomTwin, RoommateID: "e"},
		{ID: "e", RoomType: app.RoomTwin, RoommateID: "d"},
	}
	r := assignRooms(ts)
	want := []int{1, 2, 1, 1, 0, 0, 3, 3}
	if fmt.Sprint(r.of) != fmt.Sprint(want) || len(r.members) != 3 || fmt.Sprint(r.members[0]) != "[0 2 3]" {
		t.Errorf("rooms = %v %v, want %v", r.of, r.members, want)
	}
}

func TestFamilyFor(t *testing.T) {
	for s, want := range map[string]string{
		"Nguyễn Văn An": familyText, "Иванов": familyText, "15.000.000 ₫": familyText, "12 500 ₽": familyText,
		"王伟": familyCJK, "Nguyễn Иван 王": familyCJK, "2026年10月2日": familyCJK, "ＡＢＣ": familyCJK, "、": familyCJK, "カタカナ": familyCJK,
	} {
		if got := familyFor(s); got != want {
			t.Errorf("familyFor(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestLabelsComplete(t *testing.T) {
	for key, l := range labels {
		for i, v := range l {
			if v == "" && key != "motto1" && key != "motto2" {
				t.Errorf("label %q has no text in language %d", key, i)
			}
		}
	}
	// Every enumerated value has a label.
	for _, v := range app.RoomTypes {
		if _, ok := labels["room."+string(v)]; !ok {
			t.Errorf("no label room.%s", v)
		}
	}
	for _, v := range app.PaymentKinds {
		if _, ok := labels["pay."+string(v)]; !ok {
			t.Errorf("no label pay.%s", v)
		}
	}
	for _, v := range app.PaymentMethods {
		if _, ok := labels["method."+string(v)]; !ok {
			t.Errorf("no label method.%s", v)
		}
	}
	for _, v := range app.ServiceOrderStatuses {
		if _, ok := labels["order."+string(v)]; !ok {
			t.Errorf("no label order.%s", v)
		}
	}
}

// TestPNG writes the first page of each document, with -png DIR:
//
//	go test ./printing -run TestPNG -png ../docs/printing
func TestPNG(t *testing.T) {
	if *pngDir == "" {
		t.Skip("no -png directory")
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	shots := []struct {
		name string
		m    func() (core.Maroto, error)
	}{
		{"quote-vi", func() (core.Maroto, error) { return Quote(quoteView("vi")) }},
		{"contract-vi", func() (core.Maroto, error) { return Contract(contractView("vi")) }},
		{"contract-en", func() (core.Maroto, error) { return Contract(contractView("en")) }},
		{"contract-ru", func() (core.Maroto, error) { return Contract(contractView("ru")) }},
		{"contract-zh", func() (core.Maroto, error) { return Contract(contractView("zh")) }},
		{"receipt-vi", func() (core.Maroto, error) { return Receipt(receiptView("vi")) }},
		{"voucher-vi", func() (core.Maroto, error) { return Voucher(voucherView("vi")) }},
		{"grouplist-vi", func() (core.Maroto, error) { return GroupList(listView("vi", 300)) }},
		{"roominglist-vi", func() (core.Maroto, error) { return RoomingList(listView("vi", 300)) }},
	}
	for _, s := range shots {
		m, err := s.m()
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := Render(m)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(*pngDir, s.name)
		cmd := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-", out)
		cmd.Stdin = bytes.NewReader(pdf)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
	}
}

func BenchmarkContract(b *testing.B) {
	v := contractView("vi")
	b.ReportAllocs()
	for b.Loop() {
		m, err := Contract(v)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Render(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGroupList300(b *testing.B) {
	v := listView("vi", 300)
	b.ReportAllocs()
	for b.Loop() {
		m, err := GroupList(v)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Render(m); err != nil {
			b.Fatal(err)
		}
	}
}
