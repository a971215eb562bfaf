// Package customers is the Customers area of the desktop app: a search
// box, a virtual list that scrolls 100,000 customers, the detail of the
// selected customer, and the New and Edit forms with inline validation.
//
// Everything that touches the store runs off the UI goroutine; results
// are applied on it through fyne.Do, and a result that a newer query or
// reload has overtaken is discarded.
package customers

import "github.com/tourdesk/tourdesk/app"

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
