package main

import (
	"time"

	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/ui/shell"
)

// demoCustomers is how many customers the empty-store offer creates.
const demoCustomers = 2000

// demoLoader is the demo-data offer for an empty store: app/demo's data
// set around today's date, written in batches of 100 customers so the
// progress bar moves.
func demoLoader(store *localdb.Store) *shell.Demo {
	return &shell.Demo{
		Customers: demoCustomers,
		Load: func(progress func(done, total int)) error {
			_, err := demo.Generate(store, demo.Options{Customers: demoCustomers, Now: time.Now(), BatchSize: 100}, progress)
			return err
		},
	}
}
