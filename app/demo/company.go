package demo

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// company is the demo agency's identity, printed on every document.
func (g *gen) companySettings(tx service.Tx) error {
	s := &app.CompanySettings{
		CompanyName:   "Công ty TNHH Du lịch Sen Vàng",
		Address:       "25 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội",
		Phone:         "+842439381234",
		Email:         "info@senvangtravel.vn",
		Website:       "senvangtravel.vn",
		Country:       "VN",
		LicenceNumber: "01-1234/2019/TCDL-GP LHQT",
		TaxCode:       "0101234567",
		BankAccount:   "Vietcombank CN Hà Nội, STK 0011001234567, Công ty TNHH Du lịch Sen Vàng",
		Logo:          logo(),
		CancellationTerms: "Hủy trước 30 ngày: mất 10% giá tour.\n" +
			"Hủy từ 15 đến 29 ngày: mất 50% giá tour.\n" +
			"Hủy trong vòng 14 ngày hoặc không tham gia: mất 100% giá tour.",
		DefaultCurrency: "VND",
		ExchangeRates: []app.ExchangeRate{
			{Currency: "USD", Rate: "25400", Date: g.today},
			{Currency: "RUB", Rate: "265", Date: g.today},
			{Currency: "CNY", Rate: "3520", Date: g.today},
		},
	}
	return g.save(tx, app.CompanySettingsID, s)
}

// logo draws the agency's emblem, a golden disc in a ring, as a base64 PNG.
func logo() string {
	const size = 96
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	gold := color.NRGBA{0xD4, 0x9A, 0x1E, 0xFF}
	for y := range size {
		for x := range size {
			dx, dy := float64(x)-size/2+0.5, float64(y)-size/2+0.5
			d := dx*dx + dy*dy
			if d < 46*46 && (d > 40*40 || d < 30*30) {
				img.SetNRGBA(x, y, gold)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory NRGBA image cannot fail
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}
