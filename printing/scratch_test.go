package printing

import (
	"os"
	"testing"

	"github.com/johnfercher/maroto/v2/pkg/core"
)

func TestScratch(t *testing.T) {
	lang := os.Getenv("LANGX")
	if lang == "" {
		lang = "vi"
	}
	docs := map[string]func() (core.Maroto, error){
		"contract":    func() (core.Maroto, error) { return Contract(contractView(lang)) },
		"quote":       func() (core.Maroto, error) { return Quote(quoteView(lang)) },
		"receipt":     func() (core.Maroto, error) { return Receipt(receiptView(lang)) },
		"voucher":     func() (core.Maroto, error) { return Voucher(voucherView(lang)) },
		"grouplist":   func() (core.Maroto, error) { return GroupList(listView(lang, 300)) },
		"roominglist": func() (core.Maroto, error) { return RoomingList(listView(lang, 300)) },
	}
	for name, f := range docs {
		m, err := f()
		if err != nil {
			t.Fatal(name, err)
		}
		b, err := Render(m)
		if err != nil {
			t.Fatal(name, err)
		}
		os.WriteFile("/tmp/pr/"+name+"-"+lang+".pdf", b, 0o644)
	}
}
