package service

import (
	"cmp"
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"github.com/tourdesk/tourdesk/app"
)

// Books is what the money figures read of a store, read once and shared:
// every live booking with the fields money, dates and attribution are
// made of, and every live payment by booking. A report showing several
// figures (receivables, settlements of many departures, payables,
// campaign stats) loads it once (LoadBooks) and asks each of it, instead
// of each service reading the 100,000 bookings and their payments again.
// The departures' start dates and the supplier payments are read the
// first time a figure needs them, then kept.
//
// On a store that reads fields with one cursor (localdb) everything is
// read that way; any other store is read record by record in one
// transaction per kind (the same fields). A Books is a snapshot: writes
// after LoadBooks are not in it. It is not for concurrent use, and what
// its methods return shares its bookings and payments: read them, never
// change them.
type Books struct {
	store    Store
	fs       msgFieldScanner
	bookings []*app.Booking
	payments map[string][]*app.Payment

	starts   map[string]app.Date // nil until read
	supplier map[payKey][]*app.Expense
}

// bookFields are what LoadBooks reads of a booking: every field a money
// figure, a due date, a report or a campaign's attribution reads.
var bookFields = []string{"code", "customer_id", "owner_id", "office_id", "campaign_id", "departure_id",
	"destination", "start_date", "end_date", "currency", "lines", "discounts", "status", "booked_on", "balance_due"}

// LoadBooks reads every live booking (bookFields; line and discount
// descriptions are not kept) and every live payment of s, in one pass
// each.
func LoadBooks(s Store) (*Books, error) {
	fs, ok := fieldScanner(s)
	if !ok {
		fs = recordScanner{s}
	}
	n, err := s.Count(app.KindBooking)
	if err != nil {
		return nil, err
	}
	bk := &Books{store: s, fs: fs, bookings: make([]*app.Booking, 0, n)}
	all := make([]app.Booking, 0, n) // one allocation for them all (one written since Count gets its own)
	in := sharedStrings{}
	err = fs.ScanFields(app.KindBooking, bookFields, func(id string, v []json.RawMessage) error {
		d := moneyFields{kind: app.KindBooking, id: id}
		var b *app.Booking
		if len(all) < cap(all) {
			all = all[:len(all)+1]
			b = &all[len(all)-1]
		} else {
			b = new(app.Booking)
		}
		*b = app.Booking{ID: id,
			Code: d.str(v[0], "code"), CustomerID: d.str(v[1], "customer_id"), OwnerID: in.str(&d, v[2], "owner_id"),
			OfficeID: in.str(&d, v[3], "office_id"), CampaignID: in.str(&d, v[4], "campaign_id"), DepartureID: in.str(&d, v[5], "departure_id"),
			Destination: in.str(&d, v[6], "destination"), StartDate: d.date(v[7], "start_date"), EndDate: d.date(v[8], "end_date"),
			Currency: in.str(&d, v[9], "currency"), Status: app.BookingStatus(in.str(&d, v[12], "status")),
			BookedOn: d.date(v[13], "booked_on"), BalanceDue: d.date(v[14], "balance_due")}
		d.lines(v[10], &b.Lines)
		d.discounts(v[11], &b.Discounts)
		if d.err != nil {
			return d.err
		}
		bk.bookings = append(bk.bookings, b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if bk.payments, err = scanPayments(fs, func(string) bool { return true }); err != nil {
		return nil, err
	}
	return bk, nil
}

// Store is the store the books were read from.
func (bk *Books) Store() Store { return bk.store }

// Bookings is every live booking, in the order the store reads them (by
// id on localdb). Shared: not to be changed.
func (bk *Books) Bookings() []*app.Booking { return bk.bookings }

// Payments is booking id's live payments, oldest first (by date, then
// id). Shared: not to be changed.
func (bk *Books) Payments(bookingID string) []*app.Payment { return bk.payments[bookingID] }

// departureStarts is every live departure's start date, read once.
func (bk *Books) departureStarts() (map[string]app.Date, error) {
	if bk.starts == nil {
		starts, err := departureStarts(bk.fs)
		if err != nil {
			return nil, err
		}
		bk.starts = starts
	}
	return bk.starts, nil
}

// supplierPayments is every live supplier payment by partner and order,
// read once.
func (bk *Books) supplierPayments() (map[payKey][]*app.Expense, error) {
	if bk.supplier == nil {
		sp, err := scanSupplierPayments(bk.fs)
		if err != nil {
			return nil, err
		}
		bk.supplier = sp
	}
	return bk.supplier, nil
}

// heldRows is what receivables read of the seat-holding bookings: each
// one's row (Booking, Start, Payments, Total, Paid, Balance, Problem as
// bookingRow works them out; Trip and End are not set), in SortedIDs
// order as Receivables lists them (those written since, by id, at the end).
func (bk *Books) heldRows() ([]BookingRow, error) {
	starts, err := bk.departureStarts()
	if err != nil {
		return nil, err
	}
	order, err := bk.store.SortedIDs(app.KindBooking)
	if err != nil {
		return nil, err
	}
	// One map lookup per id (a sort comparing positions looked up in a
	// map costs more).
	byID := map[string]*app.Booking{}
	for _, b := range bk.bookings {
		if b.HoldsSeat() {
			byID[b.ID] = b
		}
	}
	held := make([]*app.Booking, 0, len(byID))
	for _, id := range order {
		if b := byID[id]; b != nil {
			held = append(held, b)
			delete(byID, id)
		}
	}
	if len(byID) > 0 { // written since SortedIDs: by id, at the end
		held = append(held, slices.SortedFunc(maps.Values(byID), func(a, b *app.Booking) int { return cmp.Compare(a.ID, b.ID) })...)
	}
	rows := make([]BookingRow, 0, len(held))
	for _, b := range held {
		row := BookingRow{Booking: b, Start: b.StartDate, Payments: bk.payments[b.ID]}
		if st, ok := starts[b.DepartureID]; ok && b.DepartureID != "" {
			row.Start = st
		}
		moneyOfRow(&row)
		rows = append(rows, row)
	}
	return rows, nil
}

// Receivables is Payments.Receivables worked out of the books.
func (bk *Books) Receivables(today app.Date) (*Receivables, error) {
	var set *app.CompanySettings
	if err := bk.store.View(func(r Reader) error { set = settings(r); return nil }); err != nil {
		return nil, err
	}
	rows, err := bk.heldRows()
	if err != nil {
		return nil, err
	}
	rep, err := receivablesOf(set, rows, today)
	if err != nil {
		return nil, err
	}
	if err := customerNames(bk.store, rep.Customers); err != nil {
		return nil, err
	}
	return rep, nil
}

// Payables is PayablesReport with the supplier payments of the books
// (read once for every order).
func (bk *Books) Payables(today app.Date) (*Payables, error) {
	paid, err := bk.supplierPayments()
	if err != nil {
		return nil, err
	}
	return payablesReport(bk.store, today, paid)
}

// recordScanner reads the fields of every live record of a kind through
// SortedIDs and Get, in one transaction: a store without ScanFields.
type recordScanner struct{ s Store }

func (rs recordScanner) ScanFields(kind app.Kind, names []string, fn func(id string, values []json.RawMessage) error) error {
	ids, err := rs.s.SortedIDs(kind)
	if err != nil {
		return err
	}
	values := make([]json.RawMessage, len(names))
	return rs.s.View(func(r Reader) error {
		for _, id := range ids {
			rec, err := r.Get(kind, id)
			if errors.Is(err, app.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if rec.IsDeleted() {
				continue
			}
			for i, n := range names {
				values[i] = rec.Fields[n].Value
			}
			if err := fn(id, values); err != nil {
				return err
			}
		}
		return nil
	})
}
