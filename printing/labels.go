package printing

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
)

// langIndex is the column of each language in labels.
var langIndex = map[string]int{"vi": 0, "en": 1, "ru": 2, "zh": 3}

// labels holds every fixed text of the documents: key → vi, en, ru, zh.
// Enumerated values (traveler types, payment kinds…) are keyed by their
// stored value with a prefix ("type.adult").
var labels = map[string][4]string{
	// common
	"page":      {"Trang", "Page", "Стр.", "页"},
	"phone":     {"ĐT", "Tel", "Тел.", "电话"},
	"email":     {"Email", "Email", "Эл. почта", "邮箱"},
	"licence":   {"Giấy phép LHQT", "Licence", "Лицензия", "经营许可证"},
	"tax_code":  {"MST", "Tax code", "ИНН", "税号"},
	"bank":      {"Tài khoản", "Bank account", "Банковские реквизиты", "银行账户"},
	"address":   {"Địa chỉ", "Address", "Адрес", "地址"},
	"date":      {"Ngày", "Date", "Дата", "日期"},
	"no":        {"Số", "No.", "№", "编号"},
	"sign_hint": {"(Ký, ghi rõ họ tên)", "(signature, full name)", "(подпись, Ф. И. О.)", "（签名）"},
	"none":      {"—", "—", "—", "—"},
	"printed":   {"Ngày in", "Printed on", "Дата печати", "打印日期"},
	"booking":   {"Mã đặt chỗ", "Booking", "Бронирование", "预订号"},
	"tour":      {"Tour", "Tour", "Тур", "线路"},
	"departure": {"Đoàn", "Departure", "Группа", "团号"},
	"dates":     {"Thời gian", "Dates", "Даты", "日期"},
	"meeting":   {"Điểm hẹn", "Meeting point", "Место сбора", "集合地点"},
	"customer":  {"Khách hàng", "Customer", "Клиент", "客户"},
	"id_doc":    {"CCCD/Hộ chiếu", "ID / passport", "Паспорт", "证件号码"},
	"birth":     {"Ngày sinh", "Birth date", "Дата рождения", "出生日期"},
	"name":      {"Họ tên", "Name", "Ф. И. О.", "姓名"},
	"latin":     {"Tên trên hộ chiếu", "Name in passport", "Имя в паспорте", "护照姓名"},
	"qty":       {"SL", "Qty", "Кол-во", "数量"},
	"unit":      {"Đơn giá", "Unit price", "Цена", "单价"},
	"amount":    {"Thành tiền", "Amount", "Сумма", "金额"},
	"desc":      {"Diễn giải", "Description", "Описание", "项目"},
	"subtotal":  {"Cộng", "Subtotal", "Итого", "小计"},
	"discount":  {"Giảm giá", "Discount", "Скидка", "折扣"},
	"total":     {"Tổng cộng", "Total", "Всего", "合计"},
	"in_words":  {"Bằng chữ", "In words", "Прописью", "大写"},
	"paid":      {"Đã thanh toán", "Paid so far", "Оплачено", "已付"},
	"balance":   {"Còn lại", "Balance", "Остаток", "余额"},
	"requests":  {"Yêu cầu đặc biệt", "Special requests", "Особые пожелания", "特殊要求"},
	"days":      {"%d ngày %d đêm", "%d days, %d nights", "%d дн. / %d ноч.", "%d天%d晚"},
	"nr":        {"STT", "#", "№", "序号"},
	"kind":      {"Loại khách", "Type", "Категория", "类别"},
	"gender":    {"Giới", "Sex", "Пол", "性别"},
	"passport":  {"Hộ chiếu", "Passport", "Паспорт", "护照"},
	"expiry":    {"Hết hạn", "Expires", "Действ. до", "有效期"},
	"nat":       {"QT", "Nat.", "Гражд.", "国籍"},
	"room":      {"Phòng", "Room", "Номер", "房间"},
	"roommate":  {"Ở cùng", "Roommate", "Сосед", "同住"},
	"needs":     {"Yêu cầu riêng", "Special needs", "Особые нужды", "特殊需求"},
	"notes":     {"Ghi chú", "Notes", "Примечания", "备注"},
	"see_note":  {"xem ghi chú", "see notes", "см. примечания", "见备注"},
	"travelers": {"khách", "travelers", "туристов", "人"},

	// quote
	"quote":        {"BÁO GIÁ TOUR", "TOUR QUOTATION", "КОММЕРЧЕСКОЕ ПРЕДЛОЖЕНИЕ", "旅游报价单"},
	"quote_to":     {"Kính gửi", "Prepared for", "Для", "致"},
	"valid_until":  {"Báo giá có hiệu lực đến", "Valid until", "Действительно до", "报价有效期至"},
	"program":      {"Chương trình tour", "Program", "Программа тура", "行程安排"},
	"day_n":        {"Ngày %d", "Day %d", "День %d", "第%d天"},
	"meals":        {"Bữa ăn", "Meals", "Питание", "用餐"},
	"stay":         {"Nghỉ đêm", "Overnight", "Ночлег", "住宿"},
	"inclusions":   {"Giá tour bao gồm", "The price includes", "В стоимость включено", "费用包含"},
	"exclusions":   {"Giá tour không bao gồm", "The price does not include", "В стоимость не включено", "费用不含"},
	"prices":       {"Giá tour", "Prices", "Стоимость", "价格"},
	"per_traveler": {"Giá / khách", "Price per traveler", "Цена за человека", "每人价格"},
	"your_booking": {"Giá cho đoàn của quý khách", "Your booking", "Ваш заказ", "您的预订"},
	"transport":    {"Phương tiện", "Transport", "Транспорт", "交通"},
	"destinations": {"Điểm đến", "Destinations", "Направления", "目的地"},

	// contract
	"contract":       {"HỢP ĐỒNG DỊCH VỤ DU LỊCH", "TOUR SERVICES CONTRACT", "ДОГОВОР О РЕАЛИЗАЦИИ ТУРИСТСКОГО ПРОДУКТА", "旅游合同"},
	"motto1":         {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", "", ""},
	"motto2":         {"Độc lập - Tự do - Hạnh phúc", "", "", ""},
	"party_a":        {"BÊN A (Bên cung cấp dịch vụ)", "PARTY A (the tour operator)", "СТОРОНА А (туроператор)", "甲方（旅行社）"},
	"party_b":        {"BÊN B (Khách hàng)", "PARTY B (the customer)", "СТОРОНА Б (заказчик)", "乙方（旅游者）"},
	"art_tour":       {"Điều 1. Dịch vụ du lịch", "1. The tour", "1. Туристский продукт", "第一条 旅游线路"},
	"art_travelers":  {"Điều 2. Danh sách khách", "2. Travelers", "2. Туристы", "第二条 旅游者名单"},
	"art_price":      {"Điều 3. Giá trị hợp đồng", "3. Price", "3. Стоимость", "第三条 旅游费用"},
	"art_payment":    {"Điều 4. Thanh toán", "4. Payment", "4. Порядок оплаты", "第四条 付款方式"},
	"art_cancel":     {"Điều 5. Hủy, đổi dịch vụ", "5. Cancellation", "5. Аннуляция", "第五条 取消与变更"},
	"art_requests":   {"Điều 6. Yêu cầu đặc biệt", "6. Special requests", "6. Особые пожелания", "第六条 特殊要求"},
	"no_travelers":   {"Danh sách khách sẽ được Bên B cung cấp trước ngày khởi hành.", "Party B will give the travelers' names and passports before departure.", "Список туристов сторона Б предоставит до начала тура.", "乙方将于出发前提供旅游者名单及证件信息。"},
	"no_terms":       {"Theo quy định của Bên A.", "As per Party A's standard terms.", "В соответствии с условиями стороны А.", "按甲方标准条款执行。"},
	"instalment":     {"Đợt", "Instalment", "Платёж", "付款期"},
	"due":            {"Hạn thanh toán", "Due", "Срок", "截止日期"},
	"pay_to":         {"Chuyển khoản vào", "Pay by transfer to", "Оплата на счёт", "汇款账户"},
	"for_a":          {"ĐẠI DIỆN BÊN A", "FOR PARTY A", "ЗА СТОРОНУ А", "甲方代表"},
	"for_b":          {"ĐẠI DIỆN BÊN B", "FOR PARTY B", "ЗА СТОРОНУ Б", "乙方代表"},
	"contract_intro": {"Hôm nay, ngày %s, hai bên thống nhất ký hợp đồng với các điều khoản sau:", "On %s the parties agree as follows:", "%s стороны заключили настоящий договор о нижеследующем:", "双方于%s签订本合同，条款如下："},

	// receipt
	"receipt":      {"PHIẾU THU", "RECEIPT", "КВИТАНЦИЯ", "收据"},
	"refund":       {"PHIẾU CHI", "REFUND RECEIPT", "КВИТАНЦИЯ О ВОЗВРАТЕ", "退款凭证"},
	"received":     {"Đã nhận của", "Received from", "Принято от", "今收到"},
	"paid_to":      {"Đã trả cho", "Paid to", "Выплачено", "付给"},
	"for":          {"Nội dung", "For", "Основание", "事由"},
	"method":       {"Hình thức", "Method", "Способ оплаты", "付款方式"},
	"sum":          {"Số tiền", "Amount", "Сумма", "金额"},
	"reversal":     {"Hủy phiếu", "Cancels receipt", "Отмена квитанции", "冲销收据"},
	"payer":        {"NGƯỜI NỘP TIỀN", "PAID BY", "ПЛАТЕЛЬЩИК", "交款人"},
	"payee":        {"NGƯỜI NHẬN TIỀN", "RECEIVED BY", "ПРИНЯЛ", "收款人"},
	"refund_payee": {"NGƯỜI NHẬN TIỀN", "RECEIVED BY", "ПОЛУЧАТЕЛЬ", "收款人"},
	"refund_payer": {"NGƯỜI CHI", "PAID BY", "ВЫДАЛ", "付款人"},

	// voucher
	"voucher":      {"PHIẾU XÁC NHẬN DỊCH VỤ", "SERVICE VOUCHER", "ВАУЧЕР", "服务确认单"},
	"to_partner":   {"Kính gửi", "To", "Кому", "致"},
	"contact":      {"Liên hệ", "Contact", "Контакт", "联系人"},
	"confirmation": {"Số xác nhận", "Confirmation no.", "Номер подтверждения", "确认号"},
	"status":       {"Trạng thái", "Status", "Статус", "状态"},
	"service":      {"Dịch vụ", "Service", "Услуга", "服务内容"},
	"from":         {"Từ ngày", "From", "С", "开始"},
	"to":           {"Đến ngày", "To", "По", "结束"},
	"group":        {"Đoàn khách", "Group", "Группа", "团队"},
	"pax":          {"Số khách", "Travelers", "Туристов", "人数"},
	"names":        {"Danh sách khách", "Names", "Список туристов", "名单"},
	"billing":      {"Thanh toán bởi %s theo hợp đồng.", "Billed to %s as agreed.", "Оплата: %s по договору.", "费用由%s按协议结算。"},
	"issued_by":    {"NGƯỜI LẬP", "ISSUED BY", "ВЫДАЛ", "签发人"},
	"partner_ack":  {"XÁC NHẬN CỦA ĐỐI TÁC", "PARTNER'S CONFIRMATION", "ПОДТВЕРЖДЕНИЕ ПАРТНЁРА", "供应商确认"},

	// lists
	"grouplist":   {"DANH SÁCH ĐOÀN", "GROUP LIST", "СПИСОК ГРУППЫ", "团队名单"},
	"roominglist": {"DANH SÁCH PHÒNG", "ROOMING LIST", "СПИСОК РАССЕЛЕНИЯ", "分房名单"},
	"no_room":     {"Chưa xếp phòng", "No room yet", "Не расселены", "未分房"},
	"rooms":       {"phòng", "rooms", "номеров", "间"},
	"empty_list":  {"Chưa có khách trong đoàn.", "No travelers on this departure yet.", "В группе пока нет туристов.", "该团暂无旅游者。"},

	// enumerations
	"type.adult":  {"Người lớn", "Adult", "Взрослый", "成人"},
	"type.child":  {"Trẻ em", "Child", "Ребёнок", "儿童"},
	"type.infant": {"Em bé", "Infant", "Младенец", "婴儿"},
	"type.other":  {"Khác", "Other", "Прочее", "其他"},

	"pay.deposit":   {"Đặt cọc", "Deposit", "Предоплата", "定金"},
	"pay.balance":   {"Thanh toán phần còn lại", "Balance", "Окончательный расчёт", "尾款"},
	"pay.surcharge": {"Phụ thu", "Surcharge", "Доплата", "附加费"},
	"pay.refund":    {"Hoàn tiền", "Refund", "Возврат", "退款"},

	"method.cash":          {"Tiền mặt", "Cash", "Наличные", "现金"},
	"method.bank_transfer": {"Chuyển khoản", "Bank transfer", "Банковский перевод", "银行转账"},
	"method.card":          {"Thẻ", "Card", "Карта", "银行卡"},
	"method.e_wallet":      {"Ví điện tử", "E-wallet", "Электронный кошелёк", "电子钱包"},

	"room.single": {"Đơn", "Single", "Одноместный", "单人间"},
	"room.double": {"Đôi (1 giường)", "Double", "Двухместный (DBL)", "大床房"},
	"room.twin":   {"Đôi (2 giường)", "Twin", "Двухместный (TWN)", "双床房"},
	"room.triple": {"Ba", "Triple", "Трёхместный", "三人间"},

	"roomcode.single": {"SGL", "SGL", "SGL", "SGL"},
	"roomcode.double": {"DBL", "DBL", "DBL", "DBL"},
	"roomcode.twin":   {"TWN", "TWN", "TWN", "TWN"},
	"roomcode.triple": {"TRPL", "TRPL", "TRPL", "TRPL"},

	"sex.male":   {"Nam", "M", "М", "男"},
	"sex.female": {"Nữ", "F", "Ж", "女"},
	"sex.other":  {"Khác", "X", "—", "其他"},

	"meal.breakfast": {"Sáng", "Breakfast", "Завтрак", "早餐"},
	"meal.lunch":     {"Trưa", "Lunch", "Обед", "午餐"},
	"meal.dinner":    {"Tối", "Dinner", "Ужин", "晚餐"},

	"order.requested": {"Đã gửi yêu cầu", "Requested", "Запрошено", "已申请"},
	"order.confirmed": {"Đã xác nhận", "Confirmed", "Подтверждено", "已确认"},
	"order.completed": {"Đã thực hiện", "Completed", "Выполнено", "已完成"},
	"order.cancelled": {"Đã hủy", "Cancelled", "Отменено", "已取消"},
}

// label is key in lang. A key missing from the table prints as itself
// (a test keeps the table complete).
func label(lang, key string) string {
	if l, ok := labels[key]; ok {
		return l[langIndex[lang]]
	}
	return key
}

// enum is the label of an enumerated value ("type", "adult"), or the
// value itself when it has none.
func (s *sheet) enum(group, value string) string {
	if value == "" {
		return ""
	}
	if l, ok := labels[group+"."+value]; ok {
		return l[langIndex[s.Lang]]
	}
	return value
}

var monthsEn = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// date writes d as the language writes dates; the zero date is "".
func (s *sheet) date(d app.Date) string {
	if d.IsZero() {
		return ""
	}
	switch s.Lang {
	case "vi":
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
	case "ru":
		return fmt.Sprintf("%02d.%02d.%04d", d.Day, d.Month, d.Year)
	case "zh":
		return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
	}
	if d.Month < 1 || d.Month > 12 {
		return d.String()
	}
	return fmt.Sprintf("%d %s %d", d.Day, monthsEn[d.Month], d.Year)
}

// period writes "from – to" (either may be missing).
func (s *sheet) period(from, to app.Date) string {
	switch {
	case from.IsZero():
		return s.date(to)
	case to.IsZero() || to == from:
		return s.date(from)
	}
	return s.date(from) + " – " + s.date(to)
}

// money writes m in the sheet's language ("15.000.000 ₫").
func (s *sheet) money(m money.Money) string { return m.Format(s.Lang) }

// decodeBase64 reads standard base64, padded or not, ignoring line breaks.
func decodeBase64(v string) ([]byte, error) {
	v = strings.Join(strings.Fields(v), "")
	if b, err := base64.StdEncoding.DecodeString(v); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(v, "="))
}
