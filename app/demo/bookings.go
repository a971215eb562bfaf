package demo

import (
	"fmt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// afterCustomer writes a customer's bookings with their travelers and
// payments. Customers at stage "customer" have one booking (some two),
// prospects sometimes an open one (an inquiry or a quote), leads and
// targets none. A booking's status follows its departure's dates: past
// trips are completed (or were cancelled), running ones travelling, future
// ones anywhere from inquiry to paid.
func (g *gen) afterCustomer(tx service.Tx, id string, c *app.Customer) error {
	if len(g.tours) == 0 || c.OwnerID == "" {
		return nil
	}
	n := 0
	switch c.Stage {
	case app.StageCustomer:
		n = 1
		if g.chance(0.15) {
			n = 2
		}
	case app.StageProspect:
		if g.chance(0.5) {
			n = 1
		}
	}
	for range n {
		if err := g.booking(tx, id, c); err != nil {
			return err
		}
	}
	return nil
}

var (
	cancelReasons = []string{"Khách bận việc gia đình", "Khách ốm, có giấy bác sĩ", "Đổi sang tour khác", "Không xin được visa", "Công ty khách hoãn chuyến đi"}
	lostReasons   = []string{"Giá cao hơn bên khác", "Khách không trả lời sau khi báo giá", "Khách chọn tự túc", "Không còn chỗ ngày khách muốn"}
	requests      = []string{"", "", "", "Xin phòng tầng cao, view biển", "Có người ăn chay", "Đi cùng người cao tuổi, xin xe ghế đầu", "Trẻ em cần ghế ngồi ô tô", "Kỷ niệm ngày cưới, xin trang trí phòng"}
)

func (g *gen) booking(tx service.Tx, customerID string, c *app.Customer) error {
	market := c.Language
	if market != "ru" && market != "zh" {
		market = "vi"
	}
	var tours []*tourInfo
	for _, t := range g.tours {
		if t.spec.market == market {
			tours = append(tours, t)
		}
	}
	t := tours[g.rng.IntN(len(tours))]

	// The party: adults (the customer first), maybe children and an infant.
	adults, children, infants := 1, 0, 0
	switch r := g.rng.IntN(100); {
	case r < 30:
	case r < 70:
		adults = 2
	case r < 85:
		adults, children = 2, 1
	case r < 95:
		adults, children = 2, 2
		if g.chance(0.3) {
			infants = 1
		}
	default:
		adults = 3 + g.rng.IntN(4)
	}
	seats := adults + children

	// A departure with room for the party; open bookings (which hold no
	// seat) may pick a full one.
	status, dep := g.bookingStatus(c, t, seats)
	b := &app.Booking{
		CustomerID: customerID, OwnerID: c.OwnerID, OfficeID: c.OfficeID,
		Currency: t.spec.price.Currency, Status: status, Requests: pickOne(g, requests),
	}
	if dep != nil {
		b.DepartureID = dep.id
		b.StartDate, b.EndDate = dep.d.StartDate, dep.d.EndDate
		b.BookedOn = dep.d.StartDate.AddDays(-(7 + g.rng.IntN(80)))
	} else {
		// A custom trip on the tour's route for the family alone.
		start := g.between(g.today.AddDays(-150), g.today.AddDays(150))
		b.Destination = t.spec.dests[0] + " (tour riêng)"
		b.StartDate, b.EndDate = start, start.AddDays(t.tour.Days-1)
		b.BookedOn = start.AddDays(-(7 + g.rng.IntN(60)))
	}
	if b.BookedOn.After(g.today) {
		b.BookedOn = g.today
	}
	b.Code = g.bookingCode(b.BookedOn.Year)
	b.Lines = append(b.Lines, app.PriceLine{Description: t.tour.Name, TravelerType: app.TravelerAdult, Quantity: adults, UnitPrice: t.tour.PriceAdult})
	if children > 0 {
		b.Lines = append(b.Lines, app.PriceLine{Description: "Trẻ em 5–11 tuổi", TravelerType: app.TravelerChild, Quantity: children, UnitPrice: t.tour.PriceChild})
	}
	if infants > 0 {
		b.Lines = append(b.Lines, app.PriceLine{Description: "Em bé dưới 5 tuổi", TravelerType: app.TravelerInfant, Quantity: infants, UnitPrice: t.tour.PriceInfant})
	}
	if adults == 1 && t.spec.market == "vi" {
		single, _ := t.tour.PriceAdult.Percent(25)
		if single.Currency == "VND" {
			single.Amount = single.Amount / 10_000 * 10_000
		}
		b.Lines = append(b.Lines, app.PriceLine{Description: "Phụ thu phòng đơn", TravelerType: app.TravelerOther, Quantity: 1, UnitPrice: single})
	}
	if g.chance(0.2) {
		b.Discounts = []app.Discount{{Description: pickOne(g, []string{"Khách quen giảm 5%", "Đặt sớm giảm 5%", "Ưu đãi nhóm"}), Percent: 5}}
	}
	switch status {
	case app.BookingCancelled:
		b.Reason = pickOne(g, cancelReasons)
	case app.BookingLost:
		b.Reason = pickOne(g, lostReasons)
	}
	if b.HoldsSeat() || status == app.BookingCancelled {
		b.ContractNumber = fmt.Sprintf("HĐ-%d/%s", b.BookedOn.Year, b.Code[len(b.Code)-6:])
		b.BalanceDue = b.StartDate.AddDays(-7)
	}
	if dep != nil && b.HoldsSeat() {
		dep.taken += seats
	}
	id := g.id()
	if err := g.save(tx, id, b); err != nil {
		return err
	}
	if b.HoldsSeat() {
		if err := g.travelers(tx, id, b, customerID, c, adults, children, infants); err != nil {
			return err
		}
	}
	return g.payments(tx, id, b, customerID)
}

// bookingStatus picks a status and a departure of t consistent with each
// other and with today.
func (g *gen) bookingStatus(c *app.Customer, t *tourInfo, seats int) (app.BookingStatus, *depInfo) {
	open := func() app.BookingStatus {
		return pickOne(g, []app.BookingStatus{app.BookingInquiry, app.BookingConsulting, app.BookingQuoted, app.BookingQuoted, app.BookingLost})
	}
	future := t.departuresBetween(g.today.AddDays(1), g.today.AddDays(400))
	if c.Stage != app.StageCustomer {
		if len(future) == 0 {
			return open(), nil
		}
		return open(), future[g.rng.IntN(len(future))]
	}
	if g.chance(0.08) {
		return app.BookingPaid, nil // a custom trip
	}
	var candidates []*depInfo
	var status app.BookingStatus
	switch r := g.rng.IntN(100); {
	case r < 55:
		candidates = t.departuresBetween(g.today.AddDays(-400), g.today.AddDays(-1))
		status = app.BookingCompleted
		if g.chance(0.08) {
			status = app.BookingCancelled
		}
	case r < 60:
		candidates = t.running(g.today)
		status = app.BookingTravelling
	default:
		candidates = future
		switch r2 := g.rng.IntN(100); {
		case r2 < 50:
			status = app.BookingDeposit
		case r2 < 90:
			status = app.BookingPaid
		default:
			status = app.BookingCancelled
		}
	}
	var room []*depInfo
	for _, d := range candidates {
		if d.d.Status != app.DepartureCancelled && d.taken+seats <= d.d.Capacity {
			room = append(room, d)
		}
	}
	if len(room) == 0 {
		if len(future) > 0 {
			return app.BookingQuoted, future[g.rng.IntN(len(future))]
		}
		return app.BookingQuoted, nil
	}
	dep := room[g.rng.IntN(len(room))]
	// The balance is due a week before the start: a trip that close is paid.
	if status == app.BookingDeposit && dep.d.StartDate.Before(g.today.AddDays(7)) {
		status = app.BookingPaid
	}
	return status, dep
}

// departuresBetween lists the departures of t starting from from to to.
func (t *tourInfo) departuresBetween(from, to app.Date) []*depInfo {
	var out []*depInfo
	for _, d := range t.departures {
		if !d.d.StartDate.Before(from) && !d.d.StartDate.After(to) {
			out = append(out, d)
		}
	}
	return out
}

func (t *tourInfo) running(today app.Date) []*depInfo {
	var out []*depInfo
	for _, d := range t.departures {
		if !d.d.StartDate.After(today) && !d.d.EndDate.Before(today) {
			out = append(out, d)
		}
	}
	return out
}

func (g *gen) bookingCode(year int) string {
	g.bookingSeq[year]++
	return app.BookingCode(year, g.bookingSeq[year])
}

// travelers lists the party of a booking that holds seats: the customer,
// a companion or spouse, children and an infant.
func (g *gen) travelers(tx service.Tx, bookingID string, b *app.Booking, customerID string, c *app.Customer, adults, children, infants int) error {
	checked := b.Status == app.BookingTravelling || b.Status == app.BookingCompleted
	var list []*app.Traveler
	first := &app.Traveler{
		CustomerID: customerID, Name: c.Name, LatinName: c.LatinName, Type: app.TravelerAdult,
		BirthDate: c.Birthday, Gender: c.Gender, Phone: c.MainPhone(),
		PassportNumber: c.PassportNumber, PassportExpiry: c.PassportExpiry, Nationality: c.Nationality,
	}
	if c.Type == app.Company {
		first.Name, first.LatinName, first.CustomerID = c.ContactPerson, latin(c.ContactPerson), ""
		first.Nationality = "VN"
	}
	list = append(list, first)
	for i := 1; i < adults; i++ {
		list = append(list, g.companion(c, app.TravelerAdult, 25, 60))
	}
	for range children {
		list = append(list, g.companion(c, app.TravelerChild, 5, 11))
	}
	for range infants {
		list = append(list, g.companion(c, app.TravelerInfant, 1, 4))
	}
	ids := make([]string, len(list))
	for i := range list {
		ids[i] = g.id()
	}
	for i, t := range list {
		t.BookingID, t.DepartureID, t.CheckedIn = bookingID, b.DepartureID, checked
		switch {
		case t.Type != app.TravelerAdult:
		case adults == 1:
			t.RoomType = app.RoomSingle
		case adults == 2 || i < 2:
			t.RoomType = app.RoomDouble
			t.RoommateID = ids[1-min(i, 1)]
		default:
			t.RoomType = app.RoomTwin
		}
		if err := g.save(tx, ids[i], t); err != nil {
			return err
		}
	}
	return nil
}

// companion makes a family member of c: same family name for children
// (and for Russian and Chinese spouses' documents, only the name differs).
func (g *gen) companion(c *app.Customer, typ app.TravelerType, minAge, maxAge int) *app.Traveler {
	var tmp *app.Customer
	switch c.Language {
	case "ru":
		tmp = g.russian()
	case "zh":
		tmp = g.chinese()
	default:
		tmp = g.vietnamese()
		for tmp.Type == app.Company {
			tmp = g.vietnamese()
		}
	}
	age := minAge + g.rng.IntN(maxAge-minAge+1)
	end := g.today.AddDays(-365 * age)
	return &app.Traveler{
		Name: tmp.Name, LatinName: tmp.LatinName, Type: typ, Gender: tmp.Gender,
		BirthDate: g.between(end.AddDays(-364), end), Nationality: tmp.Nationality,
		PassportNumber: tmp.PassportNumber, PassportExpiry: tmp.PassportExpiry,
	}
}

// payments records what the customer has paid: a deposit (30–50% of the
// total) once the booking reached deposit, the balance once paid; a
// cancelled booking whose deposit was in gets most of it refunded.
func (g *gen) payments(tx service.Tx, bookingID string, b *app.Booking, customerID string) error {
	total, err := b.Total()
	if err != nil {
		return err
	}
	deposited := b.HoldsSeat() || (b.Status == app.BookingCancelled && b.ContractNumber != "" && g.chance(0.7))
	if !deposited || total.Amount <= 0 {
		return nil
	}
	dep, _ := total.Percent(int64(30 + 10*g.rng.IntN(3)))
	dep = roundMoney(dep)
	receiver := b.OwnerID
	if len(g.accountants) > 0 && g.chance(0.6) {
		receiver = g.accountants[g.rng.IntN(len(g.accountants))]
	}
	day := b.BookedOn.AddDays(g.rng.IntN(3))
	if day.After(g.today) {
		day = g.today
	}
	if err := g.payment(tx, bookingID, customerID, app.PaymentDeposit, dep, receiver, day); err != nil {
		return err
	}
	switch b.Status {
	case app.BookingPaid, app.BookingTravelling, app.BookingCompleted:
		rest, err := total.Sub(dep)
		if err != nil || rest.Amount <= 0 {
			return err
		}
		day := b.StartDate.AddDays(-(3 + g.rng.IntN(10)))
		if day.Before(b.BookedOn) {
			day = b.BookedOn
		}
		if day.After(g.today) {
			day = g.today
		}
		return g.payment(tx, bookingID, customerID, app.PaymentBalance, rest, receiver, day)
	case app.BookingCancelled:
		refund, _ := dep.Percent(70)
		refund = roundMoney(refund)
		day := b.BookedOn.AddDays(5 + g.rng.IntN(20))
		if day.After(g.today) {
			day = g.today
		}
		if refund.Amount > 0 {
			return g.payment(tx, bookingID, customerID, app.PaymentRefund, refund, receiver, day)
		}
	}
	return nil
}

// roundMoney rounds a VND amount down to thousands and a USD amount to
// whole dollars, as receipts are written.
func roundMoney(m money.Money) money.Money {
	switch m.Currency {
	case "VND":
		m.Amount = m.Amount / 1000 * 1000
	case "USD":
		m.Amount = m.Amount / 100 * 100
	}
	return m
}

var methods = []app.PaymentMethod{app.MethodBankTransfer, app.MethodBankTransfer, app.MethodBankTransfer, app.MethodCash, app.MethodCash, app.MethodCard, app.MethodEWallet}

func (g *gen) payment(tx service.Tx, bookingID, customerID string, kind app.PaymentKind, amount money.Money, receiver string, day app.Date) error {
	g.receiptSeq++
	p := &app.Payment{
		BookingID: bookingID, CustomerID: customerID, Type: kind, Method: pickOne(g, methods),
		Amount: amount, ReceiptNumber: fmt.Sprintf("PT-%d-%06d", day.Year, g.receiptSeq),
		ReceivedBy: receiver, Date: day,
	}
	switch kind {
	case app.PaymentDeposit:
		p.Note = "Đặt cọc giữ chỗ"
	case app.PaymentBalance:
		p.Note = "Thanh toán phần còn lại"
	case app.PaymentRefund:
		p.Note = "Hoàn cọc sau khi trừ phí hủy 30%"
	}
	return g.save(tx, g.id(), p)
}
