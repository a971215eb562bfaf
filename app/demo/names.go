package demo

// weighted is a value with a relative frequency.
type weighted[T any] struct {
	v T
	w int
}

// table picks values in proportion to their weights.
type table[T any] struct {
	items []weighted[T]
	total int
}

func newTable[T any](items ...weighted[T]) *table[T] {
	t := &table[T]{items: items}
	for _, it := range items {
		t.total += it.w
	}
	return t
}

func (t *table[T]) pick(g *gen) T {
	n := g.rng.IntN(t.total)
	for _, it := range t.items {
		if n < it.w {
			return it.v
		}
		n -= it.w
	}
	return t.items[len(t.items)-1].v
}

func w[T any](v T, weight int) weighted[T] { return weighted[T]{v, weight} }

// Vietnamese family names with their share of the population in tenths
// of a percent (Nguyễn ≈ 38%, Trần ≈ 12%, Lê ≈ 9.5%, … as in the
// commonly cited survey figures), and a tail of less common names.
var viFamily = newTable(
	w("Nguyễn", 384), w("Trần", 121), w("Lê", 95), w("Phạm", 70),
	w("Hoàng", 31), w("Huỳnh", 20), w("Phan", 45), w("Vũ", 20), w("Võ", 19),
	w("Đặng", 21), w("Bùi", 20), w("Đỗ", 14), w("Hồ", 13), w("Ngô", 13),
	w("Dương", 10), w("Lý", 5),
	w("Đinh", 12), w("Trương", 12), w("Lâm", 10), w("Mai", 9), w("Đoàn", 9),
	w("Cao", 8), w("Lương", 8), w("Trịnh", 8), w("Hà", 8), w("Tô", 5),
	w("Chu", 5), w("Tạ", 5), w("Vương", 5), w("Phùng", 5),
)

// viMiddleMale and viMiddleFemale are the usual middle names; Văn and Thị
// are the most common.
var (
	viMiddleMale = newTable(w("Văn", 40), w("Đức", 10), w("Minh", 10), w("Hữu", 8), w("Quang", 8),
		w("Công", 6), w("Thành", 5), w("Xuân", 4), w("Hoàng", 4), w("Tuấn", 3), w("Ngọc", 2))
	viMiddleFemale = newTable(w("Thị", 45), w("Ngọc", 10), w("Thu", 7), w("Thanh", 7), w("Minh", 5),
		w("Phương", 5), w("Hồng", 5), w("Kim", 5), w("Bảo", 4), w("Mai", 4), w("Diệu", 3))
	viGivenMale = []string{"An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
		"Khánh", "Khoa", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn",
		"Tài", "Thắng", "Thành", "Thịnh", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Đạt", "Đức"}
	viGivenFemale = []string{"Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
		"Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
		"Oanh", "Phương", "Quỳnh", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Vy", "Yến"}
)

// province is a Vietnamese province or city with its region, its code in
// the CCCD ID number, and a few real streets and districts.
type province struct {
	name, region, code string
	streets            []string
}

var viProvinces = newTable(
	w(province{"TP. Hồ Chí Minh", "South", "079", []string{"Nguyễn Huệ, Quận 1", "Lê Lợi, Quận 1", "Võ Văn Tần, Quận 3", "Cách Mạng Tháng Tám, Quận 10", "Phan Xích Long, Phú Nhuận", "Nguyễn Thị Thập, Quận 7"}}, 250),
	w(province{"Hà Nội", "North", "001", []string{"Phố Huế, Hai Bà Trưng", "Hàng Bạc, Hoàn Kiếm", "Kim Mã, Ba Đình", "Cầu Giấy, Cầu Giấy", "Nguyễn Trãi, Thanh Xuân", "Xuân Thủy, Cầu Giấy"}}, 200),
	w(province{"Đà Nẵng", "Central", "048", []string{"Bạch Đằng, Hải Châu", "Nguyễn Văn Linh, Thanh Khê", "Võ Nguyên Giáp, Sơn Trà"}}, 60),
	w(province{"Hải Phòng", "North", "031", []string{"Lạch Tray, Ngô Quyền", "Điện Biên Phủ, Hồng Bàng"}}, 50),
	w(province{"Cần Thơ", "South", "092", []string{"Hòa Bình, Ninh Kiều", "30 Tháng 4, Ninh Kiều"}}, 40),
	w(province{"Bình Dương", "South", "074", []string{"Đại lộ Bình Dương, Thủ Dầu Một"}}, 40),
	w(province{"Đồng Nai", "South", "075", []string{"Phạm Văn Thuận, Biên Hòa"}}, 40),
	w(province{"Quảng Ninh", "North", "022", []string{"Trần Hưng Đạo, Hạ Long", "Hạ Long, Bãi Cháy"}}, 30),
	w(province{"Nghệ An", "Central", "040", []string{"Quang Trung, Vinh", "Lê Lợi, Vinh"}}, 30),
	w(province{"Thanh Hóa", "Central", "038", []string{"Lê Hoàn, TP. Thanh Hóa"}}, 30),
	w(province{"Thừa Thiên Huế", "Central", "046", []string{"Lê Lợi, TP. Huế", "Hùng Vương, TP. Huế"}}, 30),
	w(province{"Khánh Hòa", "Central", "056", []string{"Trần Phú, Nha Trang", "Thái Nguyên, Nha Trang"}}, 30),
	w(province{"Bà Rịa - Vũng Tàu", "South", "077", []string{"Thùy Vân, Vũng Tàu"}}, 20),
	w(province{"Lâm Đồng", "Central", "068", []string{"Trần Phú, Đà Lạt", "Phan Đình Phùng, Đà Lạt"}}, 20),
	w(province{"Bắc Ninh", "North", "027", []string{"Ngô Gia Tự, TP. Bắc Ninh"}}, 20),
	w(province{"Nam Định", "North", "036", []string{"Trần Hưng Đạo, TP. Nam Định"}}, 20),
	w(province{"Quảng Nam", "Central", "049", []string{"Trần Hưng Đạo, Hội An", "Phan Châu Trinh, Tam Kỳ"}}, 20),
	w(province{"Thái Nguyên", "North", "019", []string{"Hoàng Văn Thụ, TP. Thái Nguyên"}}, 15),
	w(province{"Kiên Giang", "South", "091", []string{"Trần Hưng Đạo, Phú Quốc", "Nguyễn Trung Trực, Rạch Giá"}}, 15),
	w(province{"An Giang", "South", "089", []string{"Tôn Đức Thắng, Long Xuyên"}}, 15),
)

// viMobilePrefixes are real mobile prefixes (without the leading 0):
// Viettel 086 096 097 098 032–039, MobiFone 090 093 070 076–079,
// VinaPhone 088 091 094 081–085, Vietnamobile 092 056 058.
var viMobilePrefixes = newTable(
	w("90", 8), w("91", 8), w("93", 6), w("94", 5), w("96", 7), w("97", 9), w("98", 9), w("86", 5), w("88", 4),
	w("32", 3), w("33", 3), w("34", 3), w("35", 3), w("36", 3), w("37", 3), w("38", 3), w("39", 3),
	w("70", 2), w("76", 2), w("77", 2), w("78", 2), w("79", 2),
	w("81", 2), w("82", 2), w("83", 2), w("84", 2), w("85", 2), w("92", 2), w("56", 1), w("58", 1),
)

// Russian names: surname in its male and female forms, given names, and
// patronymics (male, female) formed from common fathers' names.
var (
	ruSurnames = [][2]string{{"Иванов", "Иванова"}, {"Смирнов", "Смирнова"}, {"Кузнецов", "Кузнецова"}, {"Попов", "Попова"},
		{"Васильев", "Васильева"}, {"Петров", "Петрова"}, {"Соколов", "Соколова"}, {"Михайлов", "Михайлова"},
		{"Новиков", "Новикова"}, {"Фёдоров", "Фёдорова"}, {"Морозов", "Морозова"}, {"Волков", "Волкова"},
		{"Алексеев", "Алексеева"}, {"Лебедев", "Лебедева"}, {"Семёнов", "Семёнова"}, {"Егоров", "Егорова"},
		{"Павлов", "Павлова"}, {"Козлов", "Козлова"}, {"Степанов", "Степанова"}, {"Николаев", "Николаева"},
		{"Орлов", "Орлова"}, {"Андреев", "Андреева"}, {"Макаров", "Макарова"}, {"Захаров", "Захарова"}}
	ruGivenMale   = []string{"Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Иван", "Михаил", "Николай", "Евгений", "Владимир", "Артём", "Павел", "Олег", "Игорь"}
	ruGivenFemale = []string{"Елена", "Ольга", "Наталья", "Анна", "Татьяна", "Мария", "Ирина", "Екатерина", "Светлана", "Юлия", "Анастасия", "Марина", "Дарья", "Ксения"}
	ruPatronymics = [][2]string{{"Иванович", "Ивановна"}, {"Сергеевич", "Сергеевна"}, {"Александрович", "Александровна"},
		{"Дмитриевич", "Дмитриевна"}, {"Андреевич", "Андреевна"}, {"Алексеевич", "Алексеевна"}, {"Михайлович", "Михайловна"},
		{"Николаевич", "Николаевна"}, {"Владимирович", "Владимировна"}, {"Викторович", "Викторовна"}, {"Петрович", "Петровна"},
		{"Юрьевич", "Юрьевна"}, {"Олегович", "Олеговна"}}
	ruCities = newTable(
		w([2]string{"Москва", "Central Russia"}, 35), w([2]string{"Санкт-Петербург", "Northwest Russia"}, 15),
		w([2]string{"Новосибирск", "Siberia"}, 8), w([2]string{"Екатеринбург", "Urals"}, 8),
		w([2]string{"Владивосток", "Far East"}, 12), w([2]string{"Хабаровск", "Far East"}, 7),
		w([2]string{"Иркутск", "Siberia"}, 5), w([2]string{"Красноярск", "Siberia"}, 5), w([2]string{"Казань", "Volga"}, 5))
	ruMobilePrefixes = []string{"903", "905", "906", "909", "910", "912", "913", "914", "915", "916", "917", "919", "921", "925", "926", "929", "950", "951", "952", "960", "961", "964", "977", "981", "985", "999"}
)

// Chinese names with pinyin for the passport spelling.
var (
	zhSurnames = newTable(w("王", 72), w("李", 72), w("张", 68), w("刘", 54), w("陈", 45), w("杨", 31), w("黄", 23),
		w("赵", 22), w("吴", 21), w("周", 20), w("徐", 15), w("孙", 15), w("马", 13), w("朱", 12), w("胡", 12),
		w("郭", 11), w("何", 11), w("林", 10), w("高", 10), w("罗", 9))
	zhGivenMale   = []string{"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "建华", "志强", "俊杰", "浩然", "子轩"}
	zhGivenFemale = []string{"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "丹", "玲", "婷", "雪", "慧", "欣怡", "梓涵", "雨桐", "丽娟", "晓燕"}
	pinyin        = map[rune]string{
		'王': "WANG", '李': "LI", '张': "ZHANG", '刘': "LIU", '陈': "CHEN", '杨': "YANG", '黄': "HUANG", '赵': "ZHAO",
		'吴': "WU", '周': "ZHOU", '徐': "XU", '孙': "SUN", '马': "MA", '朱': "ZHU", '胡': "HU", '郭': "GUO", '何': "HE",
		'林': "LIN", '高': "GAO", '罗': "LUO",
		'伟': "WEI", '强': "QIANG", '磊': "LEI", '军': "JUN", '洋': "YANG", '勇': "YONG", '杰': "JIE", '涛': "TAO",
		'明': "MING", '超': "CHAO", '刚': "GANG", '平': "PING", '辉': "HUI", '鹏': "PENG", '华': "HUA", '建': "JIAN",
		'志': "ZHI", '俊': "JUN", '浩': "HAO", '然': "RAN", '子': "ZI", '轩': "XUAN",
		'芳': "FANG", '娜': "NA", '敏': "MIN", '静': "JING", '丽': "LI", '艳': "YAN", '娟': "JUAN", '霞': "XIA",
		'秀': "XIU", '英': "YING", '桂': "GUI", '丹': "DAN", '玲': "LING", '婷': "TING", '雪': "XUE", '慧': "HUI",
		'欣': "XIN", '怡': "YI", '梓': "ZI", '涵': "HAN", '雨': "YU", '桐': "TONG", '晓': "XIAO", '燕': "YAN",
	}
	zhCities = newTable(
		w([2]string{"北京", "North China"}, 20), w([2]string{"上海", "East China"}, 20), w([2]string{"广州", "South China"}, 15),
		w([2]string{"深圳", "South China"}, 10), w([2]string{"南宁", "South China"}, 10), w([2]string{"昆明", "Southwest China"}, 8),
		w([2]string{"成都", "Southwest China"}, 7), w([2]string{"杭州", "East China"}, 5), w([2]string{"重庆", "Southwest China"}, 5))
	zhMobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "158", "159", "177", "180", "181", "186", "187", "188", "189"}
)

// Vietnamese companies that book incentive trips for their staff.
var (
	companyForms   = []string{"Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"}
	companySectors = []string{"Thương mại", "Xây dựng", "Dược phẩm", "Công nghệ", "Thực phẩm", "Vận tải", "Điện máy",
		"Bảo hiểm", "May mặc", "Giáo dục", "Bất động sản", "Nội thất", "Logistics", "Du lịch"}
	companyBrands = []string{"Minh Phát", "Hòa Bình", "An Khang", "Sao Việt", "Hương Quê", "Đông Dương", "Thành Công",
		"Tín Việt", "Phương Nam", "Tương Lai", "Kim Long", "Ánh Dương", "Hải Âu", "Hưng Thịnh", "Phú Gia", "Đại Phát",
		"Tân Á", "Việt Tiến", "Hoàng Gia", "Sông Hồng", "Bình Minh", "Trường Sơn", "Hồng Hà", "Cửu Long"}
)

var (
	viTags = newTable(w("VIP", 6), w("khách quen", 10), w("gia đình", 12), w("trăng mật", 3), w("người cao tuổi", 4),
		w("khách đoàn", 5), w("golf", 2), w("MICE", 2), w("ăn chay", 2), w("sinh viên", 4), w("thích biển", 8), w("du lịch nước ngoài", 6))
	viChannels = newTable(w("facebook", 30), w("zalo", 20), w("website", 15), w("referral", 15), w("walk-in", 8), w("phone", 7), w("campaign", 5))
	ruChannels = newTable(w("website", 35), w("telegram", 25), w("referral", 20), w("partner agency", 15), w("phone", 5))
	zhChannels = newTable(w("wechat", 45), w("website", 20), w("partner agency", 25), w("referral", 10))
	stages     = newTable(w("customer", 45), w("prospect", 25), w("lead", 25), w("target", 5))
	accomm     = newTable(w("", 30), w("3*", 25), w("4*", 30), w("5*", 12), w("homestay", 3))
	diets      = newTable(w("", 88), w("chay (vegetarian)", 6), w("halal", 2), w("không hải sản (no seafood)", 3), w("không cay (no spicy food)", 1))
	transports = newTable(w("máy bay", 40), w("xe du lịch", 35), w("tàu hỏa", 10), w("du thuyền", 5), w("", 10))
)

// latinFold maps Vietnamese letters to their passport spelling.
var latinFold = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd', 'Đ': 'D'}
	for base, variants := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ", 'e': "èéẻẽẹêềếểễệ", 'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ", 'u': "ùúủũụưừứửữự", 'y': "ỳýỷỹỵ",
		'A': "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'E': "ÈÉẺẼẸÊỀẾỂỄỆ", 'I': "ÌÍỈĨỊ",
		'O': "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'U': "ÙÚỦŨỤƯỪỨỬỮỰ", 'Y': "ỲÝỶỸỴ",
	} {
		for _, v := range variants {
			m[v] = base
		}
	}
	return m
}()

// cyrillicLatin is the ICAO 9303 transliteration printed in Russian
// passports.
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "i",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "ie", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
}
