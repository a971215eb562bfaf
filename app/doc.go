// Package app is the domain of TourDesk: the entities of a travel agency's
// whole flow (campaigns, customers, tours, departures, bookings, payments,
// operations, care), how each validates itself, the status transition
// tables, and the registry of kinds that the store and sync use.
//
// app imports only the standard library, github.com/google/uuid and
// github.com/nyaruka/phonenumbers (through app/phone). It knows no UI, no
// database and no network; those adapters depend on it, never the reverse.
package app
