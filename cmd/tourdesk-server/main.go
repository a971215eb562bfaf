// Command tourdesk-server is TourDesk's central sync server and its
// administration commands, all on one data directory (--data DIR) holding
// the server's bbolt file (DIR/server.db, see internal/boltstore).
//
//	tourdesk-server serve --data DIR [--addr 127.0.0.1:8700] [--tls-cert F --tls-key F]
//	                      [--session-ttl 720h] [--log-json]
//	tourdesk-server office add  --data DIR --name N [--code C] [--country CC]
//	tourdesk-server office list --data DIR [--json]
//	tourdesk-server user add    --data DIR --name LOGIN --role R [--office O] [--full-name "…"]
//	tourdesk-server user list   --data DIR [--json]
//	tourdesk-server user disable|enable --data DIR --name LOGIN
//	tourdesk-server user passwd --data DIR --name LOGIN
//	tourdesk-server backup      --data DIR FILE      (FILE "-" is stdout)
//
// Passwords are read from stdin (one line; on a terminal, twice with echo
// off), never from the command line. Exit status: 0 success, 1 bad input
// (a flag, a value, an unknown user or office, a taken name), 2 anything
// else; an error is one line on stderr.
//
// # Administration while serving
//
// bbolt gives one process the file at a time, so while `serve` runs the
// other commands cannot open DIR/server.db. `serve` therefore also listens
// on a Unix socket, DIR/admin.sock (mode 0600 in a 0700 directory: whoever
// may use it may read the data file anyway), and the administration
// commands, finding the file locked, send their work through it to the
// running server. So `user disable` takes effect at once, and `backup` takes
// an online, consistent copy (bbolt's tx.WriteTo in one read transaction)
// without stopping the server. The socket is not on the network; there is
// no administration over HTTP.
//
// `serve` listens on loopback unless told otherwise; on any other address it
// warns unless TLS is on. SIGINT or SIGTERM stops it gracefully: it stops
// accepting, lets requests in flight finish (up to 15 s), closes the store,
// and exits 0. Every acknowledged write was committed (fsync) before its
// answer was sent.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
