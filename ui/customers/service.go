// Package customers is the Customers area of the desktop app: a search
// box, filters by stage, VIP tier, tag and owner (through the store's
// indexes), a virtual list that scrolls 100,000 customers, the detail of
// the selected customer with their bookings and payments (each printable:
// quote, contract, receipt) and their history (service.Timeline), the
// "possible duplicate" bar with a confirmed merge, and the New and Edit
// forms with inline validation.
//
// Everything that touches the store runs off the UI goroutine; results
// are applied on it through fyne.Do, and a result that a newer query or
// reload has overtaken is discarded.
package customers

import (
	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// Service is what the area needs from the customer use cases;
// *service.Customers implements it. Its methods must be safe to call
// from any goroutine.
type Service interface {
	// Create validates c (normalising it) and stores it; on a validation
	// error (*app.ValidationError) nothing is stored.
	Create(c *app.Customer) (string, error)
	// Edit saves only the fields where after differs from before.
	Edit(id string, before, after *app.Customer) error
	// Get returns the live customer (app.ErrNotFound if gone).
	Get(id string) (*app.Customer, error)
	// GetMany returns the live customers among ids in the order given,
	// skipping absent ones.
	GetMany(ids []string) ([]*app.Customer, error)
	// Search returns at most limit customers matching query.
	Search(query string, limit int) ([]*app.Customer, error)
	// SortedIDs returns every customer id in name order.
	SortedIDs() ([]string, error)
}

// Bookings is what the detail's Bookings section needs; *service.Bookings
// implements it. ForCustomer must be safe to call from any goroutine.
type Bookings interface {
	// ForCustomer returns the customer's live bookings with their
	// payments and money worked out, the latest trip first.
	ForCustomer(customerID string) ([]service.BookingRow, error)
}

// The documents the area prints; the names are those of package printing
// (printing.KindQuote, …), which ui does not import.
const (
	docQuote    = "quote"
	docContract = "contract"
	docReceipt  = "receipt"
)

// PrintJob names one document to print.
type PrintJob struct {
	// Kind is "quote" or "contract" (ID a booking's) or "receipt" (ID a
	// payment's).
	Kind string
	ID   string
	// Lang is the document's language: "vi", "en", "ru" or "zh".
	Lang string
	// Name is the human reference the file may be named after: the
	// booking's code, or the receipt's number (the booking's code and the
	// payment's date when it has none).
	Name string
}

// Printer prints documents; cmd/tourdesk implements it over package
// printing and the operating system. The UI calls Print off the UI
// goroutine, so it may take its time; it must be safe for concurrent use.
type Printer interface {
	// Print builds the document, writes it as a PDF file and hands the
	// file to the operating system (its default PDF viewer, from which the
	// user prints). It returns the file's path once written, and an error
	// if the document could not be built or written (path "") or the file
	// could not be handed over (path set: the PDF exists, the user can
	// open it themselves). An unknown or deleted record is an error
	// matching app.ErrNotFound.
	Print(job PrintJob) (path string, err error)
}

// Extras are what the filter bar, the timeline and the duplicate check
// need beyond Service: the store to read indexes and timelines from
// (nil: the area goes without them) and the session (an agent's filter
// bar has no owner choice: every customer they see is theirs).
type Extras struct {
	Store   service.Store
	Session service.Session
	// History shows a record's history from the office server (the shell
	// passes syncui.ShowHistory); nil hides the History button.
	History func(kind app.Kind, id, name string)
}
