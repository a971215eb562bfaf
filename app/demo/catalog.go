package demo

import (
	"fmt"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// The demo agency: "Sen Vàng Travel", three offices.
var demoOffices = []app.Office{
	{Name: "Sen Vàng Travel – Hà Nội", Code: "HAN", Address: "25 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội", Country: "VN", Region: "North", Phone: "+842439381234", Email: "hanoi@senvangtravel.vn"},
	{Name: "Sen Vàng Travel – TP. Hồ Chí Minh", Code: "SGN", Address: "102 Nam Kỳ Khởi Nghĩa, Quận 1, TP. Hồ Chí Minh", Country: "VN", Region: "South", Phone: "+842838221234", Email: "saigon@senvangtravel.vn"},
	{Name: "Sen Vàng Travel – Đà Nẵng", Code: "DAD", Address: "58 Bạch Đằng, Hải Châu, Đà Nẵng", Country: "VN", Region: "Central", Phone: "+842363821234", Email: "danang@senvangtravel.vn"},
}

// demoStaff lists the agency's people: office index (-1 for head office
// roles without an office), role, name, login.
var demoStaff = []struct {
	office int
	role   app.Role
	name   string
	login  string
}{
	{-1, app.RoleDirector, "Trần Quốc Hưng", "hung.tran"},
	{-1, app.RoleAdmin, "Phạm Minh Tuấn", "admin"},
	{0, app.RoleManager, "Nguyễn Thị Lan", "lan.nguyen"},
	{0, app.RoleAgent, "Lê Thu Hà", "ha.le"},
	{0, app.RoleAgent, "Đỗ Văn Nam", "nam.do"},
	{0, app.RoleAgent, "Vũ Ngọc Anh", "anh.vu"},
	{0, app.RoleAgent, "Bùi Thanh Tùng", "tung.bui"},
	{0, app.RoleAccountant, "Hoàng Thị Mai", "mai.hoang"},
	{0, app.RoleOperator, "Ngô Đức Thắng", "thang.ngo"},
	{0, app.RoleMarketing, "Đặng Phương Linh", "linh.dang"},
	{0, app.RoleGuide, "Phan Văn Long", "long.phan"},
	{0, app.RoleGuide, "Trịnh Minh Đức", "duc.trinh"},
	{1, app.RoleManager, "Huỳnh Ngọc Trâm", "tram.huynh"},
	{1, app.RoleAgent, "Võ Minh Khoa", "khoa.vo"},
	{1, app.RoleAgent, "Nguyễn Hoàng Yến", "yen.nguyen"},
	{1, app.RoleAgent, "Trần Gia Bảo", "bao.tran"},
	{1, app.RoleAgent, "Lý Thanh Vy", "vy.ly"},
	{1, app.RoleAgent, "Dương Quốc Việt", "viet.duong"},
	{1, app.RoleAccountant, "Phạm Thị Hồng", "hong.pham"},
	{1, app.RoleOperator, "Lâm Văn Phúc", "phuc.lam"},
	{1, app.RoleGuide, "Hồ Thanh Sơn", "son.ho"},
	{1, app.RoleGuide, "Mai Anh Tuấn", "tuan.mai"},
	{1, app.RoleGuide, "Сергей Волков", "sergey.volkov"},
	{2, app.RoleManager, "Lê Văn Quang", "quang.le"},
	{2, app.RoleAgent, "Trương Thị Hạnh", "hanh.truong"},
	{2, app.RoleAgent, "Nguyễn Đức Huy", "huy.nguyen"},
	{2, app.RoleAgent, "王丽 (Wang Li)", "wang.li"},
	{2, app.RoleAccountant, "Đoàn Thị Thủy", "thuy.doan"},
	{2, app.RoleOperator, "Cao Minh Trí", "tri.cao"},
	{2, app.RoleGuide, "Tô Văn Hải", "hai.to"},
	{2, app.RoleGuide, "Chu Ngọc Hân", "han.chu"},
}

// tourSpec describes one tour of the catalogue compactly; the program is
// built from its stops, one per day.
type tourSpec struct {
	code, name, region, country string
	dests                       []string
	stops                       []string // one title per day
	transport                   []string
	hotel                       string
	price                       money.Money // per adult; child 75%, infant 10%
	market                      string      // "vi", "ru" or "zh": who buys it
	every                       int         // days between departures
	capacity                    int
}

func vnd(n int64) money.Money { return money.New(n, "VND") }
func usd(n int64) money.Money { return money.New(n*100, "USD") }

var tourSpecs = []tourSpec{
	{"HL-3N2D", "Hạ Long Bay 3N2Đ – du thuyền 5 sao", "North", "VN", []string{"Hạ Long", "Hà Nội"},
		[]string{"Hà Nội – Hạ Long, lên du thuyền, chèo kayak hang Luồn", "Vịnh Lan Hạ – đảo Cát Bà – tắm biển", "Hang Sửng Sốt – về Hà Nội"}, []string{"xe du lịch", "du thuyền"}, "Du thuyền 5*", vnd(4_590_000), "vi", 4, 30},
	{"SAPA-3N2D", "Sapa – Fansipan 3N2Đ", "North", "VN", []string{"Sapa", "Lào Cai"},
		[]string{"Hà Nội – Sapa, bản Cát Cát", "Cáp treo Fansipan – nóc nhà Đông Dương", "Bản Tả Van – về Hà Nội"}, []string{"xe giường nằm"}, "Khách sạn 4* Sapa", vnd(3_290_000), "vi", 7, 35},
	{"NB-2N1D", "Ninh Bình – Tràng An – Tam Cốc 2N1Đ", "North", "VN", []string{"Ninh Bình"},
		[]string{"Hà Nội – Bái Đính – Tràng An", "Tam Cốc – Hang Múa – về Hà Nội"}, []string{"xe du lịch"}, "Resort 4* Ninh Bình", vnd(1_890_000), "vi", 7, 40},
	{"PQ-4N3D", "Phú Quốc 4N3Đ – VinWonders & Safari", "South", "VN", []string{"Phú Quốc"},
		[]string{"Bay đến Phú Quốc – Dinh Cậu – chợ đêm", "Cáp treo Hòn Thơm – câu cá, lặn ngắm san hô", "VinWonders – Safari", "Mua sắm – bay về"}, []string{"máy bay", "xe du lịch"}, "Resort 5* Bãi Dài", vnd(6_990_000), "vi", 7, 30},
	{"DAD-HOI-4N3D", "Đà Nẵng – Hội An – Bà Nà Hills 4N3Đ", "Central", "VN", []string{"Đà Nẵng", "Hội An", "Bà Nà"},
		[]string{"Bay đến Đà Nẵng – bán đảo Sơn Trà", "Bà Nà Hills – Cầu Vàng", "Phố cổ Hội An – thả đèn hoa đăng", "Ngũ Hành Sơn – bay về"}, []string{"máy bay", "xe du lịch"}, "Khách sạn 4* biển Mỹ Khê", vnd(5_490_000), "vi", 5, 35},
	{"NT-4N3D", "Nha Trang 4N3Đ – tour 4 đảo", "Central", "VN", []string{"Nha Trang"},
		[]string{"Bay đến Nha Trang – Tháp Bà Ponagar", "Tour 4 đảo – lặn ngắm san hô", "VinWonders Nha Trang", "Tắm bùn khoáng – bay về"}, []string{"máy bay"}, "Khách sạn 4* Trần Phú", vnd(4_990_000), "vi", 7, 35},
	{"DL-3N2D", "Đà Lạt 3N2Đ – thành phố ngàn hoa", "Central", "VN", []string{"Đà Lạt"},
		[]string{"TP. Hồ Chí Minh – Đà Lạt – hồ Xuân Hương", "Thung lũng Tình Yêu – đồi chè Cầu Đất", "Chợ Đà Lạt – về TP. Hồ Chí Minh"}, []string{"xe giường nằm"}, "Khách sạn 3* trung tâm", vnd(3_490_000), "vi", 7, 40},
	{"HUE-PN-3N2D", "Huế – Phong Nha 3N2Đ", "Central", "VN", []string{"Huế", "Phong Nha"},
		[]string{"Đại Nội Huế – chùa Thiên Mụ", "Động Phong Nha – động Thiên Đường", "Lăng Khải Định – bay về"}, []string{"máy bay", "xe du lịch"}, "Khách sạn 4* Huế", vnd(4_290_000), "vi", 10, 30},
	{"MTAY-2N1D", "Miền Tây – Cần Thơ – chợ nổi Cái Răng 2N1Đ", "South", "VN", []string{"Cần Thơ", "Mỹ Tho"},
		[]string{"TP. Hồ Chí Minh – Mỹ Tho – Bến Tre – Cần Thơ", "Chợ nổi Cái Răng – về TP. Hồ Chí Minh"}, []string{"xe du lịch", "thuyền"}, "Khách sạn 3* Ninh Kiều", vnd(1_990_000), "vi", 7, 40},
	{"CD-3N2D", "Côn Đảo 3N2Đ – tâm linh và biển", "South", "VN", []string{"Côn Đảo"},
		[]string{"Bay đến Côn Đảo – nghĩa trang Hàng Dương", "Bãi Đầm Trầu – Hòn Bảy Cạnh", "Chùa Núi Một – bay về"}, []string{"máy bay"}, "Resort 4* Côn Đảo", vnd(7_490_000), "vi", 14, 25},
	{"BKK-PTY-5N4D", "Bangkok – Pattaya 5N4Đ", "Southeast Asia", "TH", []string{"Bangkok", "Pattaya"},
		[]string{"Bay đến Bangkok – Pattaya", "Đảo Coral – show Alcazar", "Vườn Nong Nooch – về Bangkok", "Chùa Phật Vàng – Baiyoke Sky", "Mua sắm – bay về"}, []string{"máy bay", "xe du lịch"}, "Khách sạn 4*", vnd(7_990_000), "vi", 7, 35},
	{"SEL-5N4D", "Hàn Quốc: Seoul – Nami – Everland 5N4Đ", "East Asia", "KR", []string{"Seoul", "Nami"},
		[]string{"Bay đêm đến Seoul", "Đảo Nami – Everland", "Cung Gyeongbok – mặc Hanbok", "Tháp Namsan – Myeongdong", "Bay về"}, []string{"máy bay"}, "Khách sạn 4* Seoul", vnd(15_990_000), "vi", 10, 30},
	{"TYO-OSA-6N5D", "Nhật Bản: Tokyo – Phú Sĩ – Osaka 6N5Đ", "East Asia", "JP", []string{"Tokyo", "Phú Sĩ", "Osaka"},
		[]string{"Bay đêm đến Tokyo", "Tokyo – chùa Asakusa – Ginza", "Núi Phú Sĩ – hồ Kawaguchi", "Kyoto – chùa Vàng", "Osaka – lâu đài Osaka", "Bay về"}, []string{"máy bay", "tàu Shinkansen"}, "Khách sạn 4*", vnd(29_900_000), "vi", 14, 25},
	{"SIN-KUL-5N4D", "Singapore – Malaysia 5N4Đ", "Southeast Asia", "SG", []string{"Singapore", "Kuala Lumpur"},
		[]string{"Bay đến Singapore – Gardens by the Bay", "Sentosa – Universal Studios", "Malacca", "Kuala Lumpur – tháp đôi Petronas", "Bay về"}, []string{"máy bay", "xe du lịch"}, "Khách sạn 4*", vnd(11_490_000), "vi", 14, 30},
	{"PEK-SHA-6N5D", "Trung Quốc: Bắc Kinh – Thượng Hải 6N5Đ", "East Asia", "CN", []string{"Bắc Kinh", "Thượng Hải"},
		[]string{"Bay đến Bắc Kinh", "Tử Cấm Thành – Thiên An Môn", "Vạn Lý Trường Thành", "Tàu cao tốc đi Thượng Hải", "Bến Thượng Hải – phố Nam Kinh", "Bay về"}, []string{"máy bay", "tàu cao tốc"}, "Khách sạn 4*", vnd(15_490_000), "vi", 14, 30},
	{"MOW-LED-8N7D", "Nga: Moscow – St Petersburg 8N7Đ", "Europe", "RU", []string{"Moscow", "St Petersburg"},
		[]string{"Bay đến Moscow", "Quảng trường Đỏ – điện Kremlin", "Tàu điện ngầm – Arbat", "Tàu Sapsan đi St Petersburg", "Cung điện Mùa Đông – Hermitage", "Cung điện Peterhof", "Nhà thờ Isaac – mua sắm", "Bay về"}, []string{"máy bay", "tàu cao tốc"}, "Khách sạn 4*", usd(1_890), "vi", 21, 25},
	{"NHA-10D9N-RU", "Нячанг: пляжный отдых 10 дней", "Central", "VN", []string{"Nha Trang"},
		[]string{"Прилёт в Камрань", "Отдых на пляже", "Острова: снорклинг", "Грязевые ванны", "Отдых на пляже", "Экскурсия в Далат", "Отдых на пляже", "Винперл", "Отдых на пляже", "Вылет"}, []string{"самолёт"}, "Отель 4* на первой линии", usd(890), "ru", 7, 40},
	{"PQC-8D7N-RU", "Фукуок: солнце и море 8 дней", "South", "VN", []string{"Phú Quốc"},
		[]string{"Прилёт на Фукуок", "Пляж Сао", "Канатная дорога Хон Тхом", "Сафари", "Рыбалка и снорклинг", "Отдых на пляже", "Ночной рынок", "Вылет"}, []string{"самолёт"}, "Отель 5* Bãi Dài", usd(1_190), "ru", 7, 40},
	{"HAN-HL-4D3N-ZH", "河内 – 下龙湾 4天3晚", "North", "VN", []string{"Hà Nội", "Hạ Long"},
		[]string{"抵达河内 – 还剑湖", "下龙湾游船", "下龙湾 – 天堂岛", "河内老街 – 返程"}, []string{"巴士", "游船"}, "四星级酒店", usd(420), "zh", 5, 40},
	{"DAD-HOI-5D4N-ZH", "岘港 – 会安 – 巴拿山 5天4晚", "Central", "VN", []string{"Đà Nẵng", "Hội An", "Bà Nà"},
		[]string{"抵达岘港 – 美溪海滩", "巴拿山 – 金桥", "会安古镇", "山茶半岛 – 灵应寺", "返程"}, []string{"巴士"}, "四星级海滨酒店", usd(560), "zh", 5, 40},
}

// tourInfo is what the generator remembers of a tour and its departures.
type tourInfo struct {
	spec       tourSpec
	id         string
	tour       *app.Tour
	departures []*depInfo
}

type depInfo struct {
	id    string
	d     *app.Departure
	tour  *tourInfo
	taken int // seats held by bookings so far
}

func (g *gen) setup(tx service.Tx) error {
	if err := g.companySettings(tx); err != nil {
		return err
	}
	for i := range demoOffices {
		o := demoOffices[i]
		id := g.id()
		if err := g.save(tx, id, &o); err != nil {
			return err
		}
		g.offices = append(g.offices, id)
	}
	for _, s := range demoStaff {
		u := &app.User{Name: s.name, Login: s.login, Role: s.role, Email: s.login + "@senvangtravel.vn", Active: true, Language: "vi",
			Phone: g.viPhone()}
		if s.office >= 0 {
			u.OfficeID = g.offices[s.office]
		}
		id := g.id()
		if err := g.save(tx, id, u); err != nil {
			return err
		}
		switch s.role {
		case app.RoleAgent, app.RoleManager:
			g.agents = append(g.agents, id)
			g.agentOf = append(g.agentOf, s.office)
		case app.RoleGuide:
			g.guides = append(g.guides, id)
		case app.RoleAccountant:
			g.accountants = append(g.accountants, id)
		}
	}
	if err := g.partners(tx); err != nil {
		return err
	}
	for _, spec := range tourSpecs {
		if err := g.tour(tx, spec); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) tour(tx service.Tx, s tourSpec) error {
	days := len(s.stops)
	t := &app.Tour{
		Code: s.code, Name: s.name, Region: s.region, Country: s.country, Destinations: s.dests,
		Days: days, Nights: days - 1, Transport: s.transport,
		PriceAdult: s.price,
		Inclusions: []string{"Vé máy bay / xe theo chương trình", "Khách sạn " + s.hotel, "Các bữa ăn theo chương trình", "Vé tham quan", "Hướng dẫn viên", "Bảo hiểm du lịch"},
		Exclusions: []string{"Chi tiêu cá nhân", "Phụ thu phòng đơn", "Tiền tip cho hướng dẫn viên và tài xế"},
	}
	if s.market == "ru" {
		t.Inclusions = []string{"Перелёт по программе", "Проживание: " + s.hotel, "Питание по программе", "Экскурсии", "Русскоговорящий гид", "Страховка"}
		t.Exclusions = []string{"Личные расходы", "Виза"}
	} else if s.market == "zh" {
		t.Inclusions = []string{"行程内交通", "住宿：" + s.hotel, "行程内餐食", "景点门票", "中文导游", "旅游保险"}
		t.Exclusions = []string{"个人消费", "单房差", "小费"}
	}
	t.PriceChild, _ = s.price.Percent(75)
	t.PriceInfant, _ = s.price.Percent(10)
	if s.price.Currency == "VND" {
		// Prices end in thousands, as agencies print them.
		t.PriceChild.Amount = t.PriceChild.Amount / 10_000 * 10_000
		t.PriceInfant.Amount = t.PriceInfant.Amount / 10_000 * 10_000
	}
	for i, stop := range s.stops {
		d := app.ProgramDay{Day: i + 1, Title: fmt.Sprintf("Ngày %d: %s", i+1, stop), Meals: []app.Meal{app.Breakfast, app.Lunch, app.Dinner}}
		switch s.market {
		case "ru":
			d.Title = fmt.Sprintf("День %d: %s", i+1, stop)
		case "zh":
			d.Title = fmt.Sprintf("第%d天：%s", i+1, stop)
		}
		if i == 0 {
			d.Meals = []app.Meal{app.Lunch, app.Dinner}
		}
		if i < days-1 {
			d.Accommodation = s.hotel
		} else {
			d.Meals = []app.Meal{app.Breakfast, app.Lunch}
		}
		d.Description = stop + "."
		t.Program = append(t.Program, d)
	}
	info := &tourInfo{spec: s, id: g.id(), tour: t}
	if err := g.save(tx, info.id, t); err != nil {
		return err
	}
	g.tours = append(g.tours, info)

	// Departures from half a year ago to half a year ahead.
	n := 0
	for start := g.today.AddDays(-182 + g.rng.IntN(s.every)); start.Before(g.today.AddDays(183)); start = start.AddDays(s.every) {
		n++
		d := &app.Departure{
			TourID: info.id, Code: fmt.Sprintf("%s-%02d%02d%02d", s.code, start.Year%100, start.Month, start.Day),
			StartDate: start, EndDate: start.AddDays(days - 1),
			Capacity: s.capacity, MinTravelers: s.capacity / 2,
			MeetingTime: pickOne(g, []string{"05:30", "06:00", "07:00", "07:30"}),
		}
		d.MeetingPoint = "Văn phòng Sen Vàng Travel"
		if strings.Contains(strings.Join(s.transport, " "), "máy bay") {
			d.MeetingPoint = "Sân bay, cột số 7, ga quốc nội"
		}
		switch {
		case d.EndDate.Before(g.today):
			d.Status = app.DepartureSettled
			if d.EndDate.After(g.today.AddDays(-30)) {
				d.Status = app.DepartureCompleted
			}
			if g.chance(0.05) {
				d.Status = app.DepartureCancelled
				d.Notes = "Không đủ khách tối thiểu"
			}
		case !start.After(g.today):
			d.Status = app.DepartureRunning
		case start.Before(g.today.AddDays(30)):
			d.Status = app.DepartureConfirmed
		default:
			d.Status = app.DeparturePlanned
		}
		if d.Status != app.DeparturePlanned && d.Status != app.DepartureCancelled && len(g.guides) > 0 {
			d.GuideIDs = []string{g.guides[g.rng.IntN(len(g.guides))]}
		}
		dep := &depInfo{id: g.id(), d: d, tour: info}
		if err := g.save(tx, dep.id, d); err != nil {
			return err
		}
		info.departures = append(info.departures, dep)
	}
	return nil
}

var partnerSpecs = []struct {
	name     string
	typ      app.PartnerType
	province string
	region   string
	contact  string
}{
	{"Du thuyền Paradise Hạ Long", app.PartnerHotel, "Quảng Ninh", "North", "Nguyễn Thị Hằng"},
	{"Khách sạn Mường Thanh Luxury Hạ Long", app.PartnerHotel, "Quảng Ninh", "North", "Trần Văn Bình"},
	{"Sapa Legend Hotel & Spa", app.PartnerHotel, "Lào Cai", "North", "Giàng A Páo"},
	{"Vinpearl Resort & Spa Phú Quốc", app.PartnerHotel, "Kiên Giang", "South", "Lê Thị Ngọc"},
	{"Novotel Đà Nẵng Premier Han River", app.PartnerHotel, "Đà Nẵng", "Central", "Phan Minh Châu"},
	{"Khách sạn Liberty Central Nha Trang", app.PartnerHotel, "Khánh Hòa", "Central", "Võ Thị Thu"},
	{"Dalat Palace Heritage Hotel", app.PartnerHotel, "Lâm Đồng", "Central", "Đinh Văn Tâm"},
	{"Nhà hàng Ngon Hà Nội", app.PartnerRestaurant, "Hà Nội", "North", "Bùi Thị Hoa"},
	{"Nhà hàng hải sản Bé Mặn Đà Nẵng", app.PartnerRestaurant, "Đà Nẵng", "Central", "Hồ Văn Mạnh"},
	{"Nhà hàng Cơm Niêu Sài Gòn", app.PartnerRestaurant, "TP. Hồ Chí Minh", "South", "Trương Mỹ Lệ"},
	{"Xe du lịch Hoàng Long", app.PartnerTransport, "Hà Nội", "North", "Vũ Đức Hòa"},
	{"Xe du lịch Phương Trang", app.PartnerTransport, "TP. Hồ Chí Minh", "South", "Lâm Quốc Bảo"},
	{"Vietnam Airlines – đại lý cấp 1", app.PartnerAirline, "Hà Nội", "North", "Đặng Thu Trang"},
	{"Vietjet Air – phòng vé đoàn", app.PartnerAirline, "TP. Hồ Chí Minh", "South", "Ngô Thanh Tùng"},
	{"Bamboo Airways – phòng vé đoàn", app.PartnerAirline, "Hà Nội", "North", "Lý Minh Phương"},
	{"Sun World Bà Nà Hills", app.PartnerAttraction, "Đà Nẵng", "Central", "Phạm Quang Vinh"},
	{"VinWonders Phú Quốc", app.PartnerAttraction, "Kiên Giang", "South", "Dương Thị Kim"},
	{"Cáp treo Fansipan Legend", app.PartnerAttraction, "Lào Cai", "North", "Hoàng Văn Sáng"},
	{"Hội hướng dẫn viên Huế", app.PartnerGuideAgency, "Thừa Thiên Huế", "Central", "Tôn Nữ Thanh Hương"},
	{"Korea Land Tour (Seoul)", app.PartnerOther, "Seoul", "East Asia", "Kim Min-jun"},
	{"Thai Smile Land Operator", app.PartnerOther, "Bangkok", "Southeast Asia", "Somchai Wong"},
	{"ООО «Северная Пальмира Тур»", app.PartnerOther, "Санкт-Петербург", "Europe", "Ольга Смирнова"},
}

func (g *gen) partners(tx service.Tx) error {
	for _, s := range partnerSpecs {
		slug := strings.ToLower(strings.NewReplacer(" ", "", "–", "", "(", "", ")", "", "&", "").Replace(latin(s.name)))
		if len(slug) > 20 {
			slug = slug[:20]
		}
		p := &app.Partner{
			Name: s.name, Type: s.typ, ContactName: s.contact, ContactTitle: "Phụ trách kinh doanh",
			Province: s.province, Region: s.region, Country: "VN", Rating: 3 + g.rng.IntN(3),
			Phones: []string{g.viPhone()}, Emails: []string{"sales@" + slug + ".vn"},
			BankAccount: fmt.Sprintf("Vietcombank %s", g.digits(13)),
			TaxCode:     "0" + g.digits(9),
		}
		switch s.region {
		case "East Asia", "Southeast Asia", "Europe":
			p.Country, p.Phones, p.TaxCode = "", nil, ""
			p.Emails = []string{"booking@" + slug + ".com"}
		}
		id := g.id()
		if err := g.save(tx, id, p); err != nil {
			return err
		}
	}
	return nil
}
