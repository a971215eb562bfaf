// Command tourdeskctl is TourDesk's headless client: it works on the
// local data directory of one user profile, for scripting, support and
// benchmarks.
//
//	tourdeskctl [--data DIR] [--user ID] COMMAND [flags] [args]
//
// Commands:
//
//	demo --customers N [--seed S] [--today D] [--json]   fill the store with demo data
//	customer add --name … [--phone …]… [--email …]… [--passport …] [--birthday …] [--tag …]…
//	customer show ID [--json]
//	customer search QUERY [--limit N] [--json]
//	customer list [--limit N] [--json]
//	import customers FILE [--region CC] [--json]   CSV or XLSX, by extension
//	export --format csv|xlsx|json --out DIR        one file per kind
//	backup FILE                                    a consistent copy of the store
//
// DIR holds the store file default.db; it defaults to the directory of
// the desktop app's default profile ($TOURDESK_DATA overrides it).
//
// Exit status: 0 on success, 1 on bad input (usage, validation, not
// found), 2 on any other failure; an error is one line on stderr.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
