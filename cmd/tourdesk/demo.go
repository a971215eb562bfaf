package main

import (
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/ui/shell"
)

// demoLoader returns the demo-data offer for an empty store, or nil while
// there is no demo generator to wire (app/demo has not landed): the
// offer is then hidden rather than faked.
func demoLoader(store *localdb.Store, session service.Session) *shell.Demo {
	_, _ = store, session
	return nil
}
