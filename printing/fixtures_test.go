package printing

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// Fixtures: a small Hà Nội agency selling a Đà Nẵng tour to Nguyễn Văn An.

var printedOn = app.Date{Year: 2026, Month: 11, Day: 23}

func testLogo() string {
	img := image.NewRGBA(image.Rect(0, 0, 120, 60))
	for y := range 60 {
		for x := range 120 {
			img.Set(x, y, color.RGBA{uint8(20 + x), uint8(90 + y), 160, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func company() app.CompanySettings {
	return app.CompanySettings{
		CompanyName:       "Công ty TNHH Du lịch Sông Hồng",
		Address:           "12 Hàng Bài, Hoàn Kiếm, Hà Nội",
		Phone:             "+842438251234",
		Email:             "info@songhongtravel.vn",
		Website:           "songhongtravel.vn",
		Country:           "VN",
		LicenceNumber:     "01-1234/2019/TCDL-GP LHQT",
		TaxCode:           "0101234567",
		BankAccount:       "Vietcombank CN Hà Nội, STK 0011001234567, Công ty TNHH Du lịch Sông Hồng",
		Logo:              testLogo(),
		CancellationTerms: "Hủy trước 30 ngày: mất 10% giá tour.\nHủy từ 15 đến 29 ngày: mất 50% giá tour.\nHủy trong vòng 14 ngày hoặc không tham gia: mất 100% giá tour.",
		DefaultCurrency:   "VND",
	}
}

func lh(lang string) Letterhead {
	return Letterhead{Lang: lang, PrintedOn: printedOn, Company: company()}
}

func tour() *app.Tour {
	return &app.Tour{
		ID: "tour-1", Code: "DAD-4D3N", Name: "Đà Nẵng – Hội An – Bà Nà 4 ngày 3 đêm",
		Summary:      "Biển Mỹ Khê, phố cổ Hội An về đêm, Bà Nà Hills và Cầu Vàng.",
		Destinations: []string{"Đà Nẵng", "Hội An", "Bà Nà"}, Region: "Central", Country: "VN",
		Days: 4, Nights: 3, Transport: []string{"Máy bay", "Xe du lịch 29 chỗ"},
		Program: []app.ProgramDay{
			{Day: 1, Title: "Hà Nội – Đà Nẵng", Description: "Bay VN157 lúc 07:00. Đón tại sân bay, city tour Đà Nẵng, tắm biển Mỹ Khê.", Meals: []app.Meal{app.Lunch, app.Dinner}, Accommodation: "Khách sạn Mường Thanh Luxury 4*"},
			{Day: 2, Title: "Bà Nà Hills", Description: "Cáp treo Bà Nà, Cầu Vàng, làng Pháp, Fantasy Park.\nChiều tự do.", Meals: []app.Meal{app.Breakfast, app.Lunch}, Accommodation: "Khách sạn Mường Thanh Luxury 4*"},
			{Day: 3, Title: "Hội An", Description: "Phố cổ Hội An, chùa Cầu, hội quán Phúc Kiến, thả đèn hoa đăng trên sông Hoài.", Meals: []app.Meal{app.Breakfast, app.Dinner}, Accommodation: "Khách sạn Mường Thanh Luxury 4*"},
			{Day: 4, Title: "Đà Nẵng – Hà Nội", Description: "Chợ Hàn, bay về Hà Nội.", Meals: []app.Meal{app.Breakfast}},
		},
		Inclusions: []string{"Vé máy bay khứ hồi", "Khách sạn 4 sao, 2 khách/phòng", "Xe và hướng dẫn viên suốt tuyến", "Vé tham quan theo chương trình"},
		Exclusions: []string{"Chi phí cá nhân", "Phụ thu phòng đơn 1.500.000 ₫", "Thuế VAT"},
		PriceAdult: money.New(5990000, "VND"), PriceChild: money.New(4490000, "VND"), PriceInfant: money.New(0, "VND"),
	}
}

func departure() *app.Departure {
	return &app.Departure{
		ID: "dep-1", TourID: "tour-1", Code: "DAD-4D3N-261201",
		StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4},
		Capacity: 300, MinTravelers: 10, Status: app.DepartureConfirmed,
		MeetingPoint: "Sân bay Nội Bài, ga quốc nội T1, cột số 8", MeetingTime: "05:30",
	}
}

func customer() app.Customer {
	return app.Customer{
		ID: "cust-1", Name: "Nguyễn Văn An", LatinName: "NGUYEN VAN AN", Birthday: app.Date{Year: 1985, Month: 3, Day: 25},
		Phones: []string{"+84901234567"}, Emails: []string{"an.nguyen@example.vn"},
		Address: "45 Lê Lợi, phường Bến Nghé", Province: "TP. Hồ Chí Minh", IDNumber: "079085001234", PassportNumber: "C1234567",
		Language: "vi",
	}
}

func booking() app.Booking {
	return app.Booking{
		ID: "bk-1", Code: "BK-2026-000123", CustomerID: "cust-1", OwnerID: "agent-1", DepartureID: "dep-1", Currency: "VND",
		Lines: []app.PriceLine{
			{Description: "Người lớn", TravelerType: app.TravelerAdult, Quantity: 2, UnitPrice: money.New(5990000, "VND")},
			{Description: "Trẻ em (6 tuổi)", TravelerType: app.TravelerChild, Quantity: 1, UnitPrice: money.New(4490000, "VND")},
			{Description: "Em bé", TravelerType: app.TravelerInfant, Quantity: 1, UnitPrice: money.New(0, "VND")},
			{Description: "Phụ thu phòng đơn", TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: money.New(1500000, "VND")},
		},
		Discounts:      []app.Discount{{Description: "Đặt sớm", Amount: money.New(2970000, "VND")}},
		Status:         app.BookingDeposit,
		BookedOn:       app.Date{Year: 2026, Month: 10, Day: 2},
		BalanceDue:     app.Date{Year: 2026, Month: 11, Day: 16},
		ContractNumber: "123/2026/HĐDL-SH",
		Requests:       "Một người ăn chay.",
	}
}

// total of booking(): 2×5,990,000 + 4,490,000 + 1,500,000 − 2,970,000.
const bookingTotal = "15.000.000 ₫"

func travelers(n int) []app.Traveler {
	base := []app.Traveler{
		{Name: "Nguyễn Văn An", LatinName: "NGUYEN VAN AN", Type: app.TravelerAdult, Gender: app.Male, BirthDate: app.Date{Year: 1985, Month: 3, Day: 25}, PassportNumber: "C1234567", PassportExpiry: app.Date{Year: 2031, Month: 5, Day: 1}, Nationality: "VN", Phone: "+84901234567", RoomType: app.RoomDouble},
		{Name: "Trần Thị Bình", LatinName: "TRAN THI BINH", Type: app.TravelerAdult, Gender: app.Female, BirthDate: app.Date{Year: 1987, Month: 7, Day: 9}, PassportNumber: "C7654321", PassportExpiry: app.Date{Year: 2030, Month: 1, Day: 12}, Nationality: "VN", RoomType: app.RoomDouble, SpecialNeeds: "Ăn chay"},
		{Name: "Nguyễn Minh Khôi", LatinName: "NGUYEN MINH KHOI", Type: app.TravelerChild, Gender: app.Male, BirthDate: app.Date{Year: 2020, Month: 6, Day: 1}, Nationality: "VN", RoomType: app.RoomDouble},
		{Name: "Иванов Иван Иванович", LatinName: "IVANOV IVAN", Type: app.TravelerAdult, Gender: app.Male, BirthDate: app.Date{Year: 1979, Month: 11, Day: 2}, PassportNumber: "751234567", Nationality: "RU", Phone: "+79123456789", RoomType: app.RoomSingle},
		{Name: "王伟", LatinName: "WANG WEI", Type: app.TravelerAdult, Gender: app.Male, BirthDate: app.Date{Year: 1985, Month: 5, Day: 1}, PassportNumber: "E12345678", Nationality: "CN", RoomType: app.RoomTwin, SpecialNeeds: "不吃辣"},
		{Name: "李娜", LatinName: "LI NA", Type: app.TravelerAdult, Gender: app.Female, BirthDate: app.Date{Year: 1990, Month: 8, Day: 8}, PassportNumber: "E87654321", Nationality: "CN", RoomType: app.RoomTwin},
	}
	var out []app.Traveler
	for i := range n {
		t := base[i%len(base)]
		t.ID = fmt.Sprintf("tr-%03d", i)
		t.BookingID = fmt.Sprintf("bk-%d", i/6)
		t.DepartureID = "dep-1"
		if i >= len(base) {
			t.Name += fmt.Sprintf(" %d", i/len(base)+1)
		}
		out = append(out, t)
	}
	// Room pairs inside each block of six: An with Bình, Wang with Li.
	for i := 0; i+5 < len(out); i += 6 {
		out[i].RoommateID, out[i+1].RoommateID = out[i+1].ID, out[i].ID
		out[i+4].RoommateID, out[i+5].RoommateID = out[i+5].ID, out[i+4].ID
	}
	return out
}

func contractView(lang string) ContractView {
	return ContractView{
		Letterhead: lh(lang), Customer: customer(), Booking: booking(), Tour: tour(), Departure: departure(),
		Travelers: travelers(4),
		Schedule: []Instalment{
			{Kind: app.PaymentDeposit, Due: app.Date{Year: 2026, Month: 10, Day: 2}, Amount: money.New(5000000, "VND")},
			{Kind: app.PaymentBalance, Due: app.Date{Year: 2026, Month: 11, Day: 16}, Amount: money.New(10000000, "VND")},
		},
		Paid: money.New(5000000, "VND"),
	}
}

var longRequest = strings.Repeat("Phòng tầng cao, view biển, xa thang máy; một người ăn chay trường, dị ứng hải sản và đậu phộng. ", 21)[:2000]

func quoteView(lang string) QuoteView {
	c, b := customer(), booking()
	return QuoteView{Letterhead: lh(lang), Tour: *tour(), Departure: departure(), Customer: &c, Booking: &b, ValidUntil: app.Date{Year: 2026, Month: 11, Day: 30}}
}

func receiptView(lang string) ReceiptView {
	return ReceiptView{
		Letterhead: lh(lang), Customer: customer(), Booking: booking(), Tour: tour(),
		Payment: app.Payment{ID: "pay-1", BookingID: "bk-1", CustomerID: "cust-1", Type: app.PaymentDeposit, Method: app.MethodBankTransfer,
			Amount: money.New(5000000, "VND"), ReceiptNumber: "PT-2026-0456", ReceivedBy: "u-lan", Date: app.Date{Year: 2026, Month: 10, Day: 2}, Note: "Chuyển khoản Vietcombank"},
		Total: money.New(15000000, "VND"), Paid: money.New(5000000, "VND"), Balance: money.New(10000000, "VND"),
		ReceivedBy: "Phạm Thị Lan",
	}
}

func voucherView(lang string) VoucherView {
	return VoucherView{
		Letterhead: lh(lang), Departure: *departure(), Tour: tour(), Travelers: travelers(6),
		Order: app.ServiceOrder{ID: "so-1", DepartureID: "dep-1", PartnerID: "pt-1", Service: "3 phòng đôi, 1 phòng đơn, hướng biển, 3 đêm (kèm ăn sáng)",
			StartDate: app.Date{Year: 2026, Month: 12, Day: 1}, EndDate: app.Date{Year: 2026, Month: 12, Day: 4}, Quantity: 12,
			UnitCost: money.New(1200000, "VND"), Status: app.OrderConfirmed, ConfirmationNumber: "MT-DN-88213", Notes: "Nhận phòng sớm 10:00 nếu có thể."},
		Partner: app.Partner{ID: "pt-1", Name: "Mường Thanh Luxury Đà Nẵng", Type: app.PartnerHotel, ContactName: "Chị Hoa", ContactTitle: "Đặt phòng",
			Phones: []string{"+842363929999"}, Emails: []string{"booking@muongthanh.vn"}, Address: "270 Võ Nguyên Giáp", Province: "Đà Nẵng"},
	}
}

func listView(lang string, n int) ListView {
	return ListView{Letterhead: lh(lang), Tour: tour(), Departure: *departure(), Travelers: travelers(n)}
}
