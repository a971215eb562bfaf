package bookings

import (
	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
)

// StatusName is the translated name of a booking status (also the
// Pipeline's stage names).
func StatusName(s app.BookingStatus) string {
	switch s {
	case app.BookingInquiry:
		return lang.X("bookings.status.inquiry", "Inquiry")
	case app.BookingConsulting:
		return lang.X("bookings.status.consulting", "Consulting")
	case app.BookingQuoted:
		return lang.X("bookings.status.quoted", "Quoted")
	case app.BookingDeposit:
		return lang.X("bookings.status.deposit", "Deposit paid")
	case app.BookingPaid:
		return lang.X("bookings.status.paid", "Paid in full")
	case app.BookingTravelling:
		return lang.X("bookings.status.travelling", "Travelling")
	case app.BookingCompleted:
		return lang.X("bookings.status.completed", "Completed")
	case app.BookingCancelled:
		return lang.X("bookings.status.cancelled", "Cancelled")
	case app.BookingLost:
		return lang.X("bookings.status.lost", "Lost")
	}
	return string(s)
}

// TravelerTypeName is the translated name of a traveler type.
func TravelerTypeName(t app.TravelerType) string {
	switch t {
	case app.TravelerAdult:
		return lang.X("bookings.traveler.adult", "Adult")
	case app.TravelerChild:
		return lang.X("bookings.traveler.child", "Child")
	case app.TravelerInfant:
		return lang.X("bookings.traveler.infant", "Infant")
	case app.TravelerOther:
		return lang.X("bookings.traveler.other", "Other")
	}
	return string(t)
}

// paymentKindName is the translated name of a payment kind.
func paymentKindName(k app.PaymentKind) string {
	switch k {
	case app.PaymentDeposit:
		return lang.X("bookings.payment.deposit", "Deposit")
	case app.PaymentBalance:
		return lang.X("bookings.payment.balance", "Balance")
	case app.PaymentSurcharge:
		return lang.X("bookings.payment.surcharge", "Surcharge")
	case app.PaymentRefund:
		return lang.X("bookings.payment.refund", "Refund")
	}
	return string(k)
}

// methodName is the translated name of a payment method.
func methodName(m app.PaymentMethod) string {
	switch m {
	case app.MethodCash:
		return lang.X("bookings.method.cash", "Cash")
	case app.MethodBankTransfer:
		return lang.X("bookings.method.bank_transfer", "Bank transfer")
	case app.MethodCard:
		return lang.X("bookings.method.card", "Card")
	case app.MethodEWallet:
		return lang.X("bookings.method.e_wallet", "E-wallet")
	}
	return string(m)
}
