// Package e2e holds end-to-end tests of TourDesk's sync: the real
// sync/server handler over the real server store (boltstore, a bbolt file
// in a temporary directory) on loopback, and clients that are the real
// sync/client over real local stores (localdb through cmd/internal/localsync).
//
// It has no code besides its tests. It lives under cmd/tourdesk-server
// because Go's internal rule lets only that tree import the server's store.
//
//   - TestConvergence: devices of every sales role edit offline and sync in
//     random orders through a faulty link (dropped requests and answers,
//     duplicates, stale requests delivered late) with server restarts; at
//     the end every replica is exactly its user's view of the server, and
//     no value any device wrote is lost without a trace.
//   - TestPermissionMatrixHTTP: every role × every kind, read (pull) and
//     write (push), against the server.
//
// Seeds: go test -run Convergence -e2e.seeds=500 (default 30, 10 with -short);
// -e2e.seed=N runs one seed.
package e2e
