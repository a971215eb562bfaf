package service

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
)

// Pipeline is the use cases of the sales pipeline: a request (a booking
// at inquiry) for a customer, moving it along app.BookingTransitions, the
// customer's stage following it, sales activities and travelers.
//
// Booking codes. Every booking gets a human code BK-YYYY-TTTTTTTNNNN,
// made on the device that creates it with no network: TTTTTTT is a tag of
// the device (1000000–9999999, an FNV-64a hash of the store's device id)
// and NNNN the device's own sequence for the year (0001–9999), found as
// the first number whose code this store does not hold; past 9999 the
// device goes on under its next tag (a hash of "device-id#1", …). Two
// devices hand out the same code only if their tags collide: 1 in
// 9,000,000 per pair of devices (the four-digit tags before were 1 in
// 9,000); eleven digits after the year, said on the phone in groups
// ("2026, 482 1390, 0042"), and still digits only, so older versions read
// them. The code is checked unique in this store. A number can be handed
// out again only if the booking that held it left this store (its
// customer was reassigned to another agent) and it was the device's
// highest; see docs/DECISIONS.md.
type Pipeline struct {
	store   Store
	session Session
	device  string
}

// NewPipeline returns the pipeline service of store for the session's
// user; device is the store's device id (localdb.Store.DeviceID), which
// booking codes are derived from.
func NewPipeline(store Store, session Session, device string) *Pipeline {
	return &Pipeline{store: store, session: session, device: device}
}

// Request is what an agent enters for a new request: a customer, and a
// catalogue departure or a custom trip (Destination, StartDate, EndDate).
type Request struct {
	CustomerID  string
	DepartureID string
	Destination string
	StartDate   app.Date
	EndDate     app.Date
	// Currency is the booking's one currency; "" means the currency of the
	// first line's price, else the company's default currency.
	Currency string
	Lines    []app.PriceLine
	// BalanceDue is when the rest must be paid; zero means the trip's
	// start (see Statement.Due).
	BalanceDue app.Date
	CampaignID string
	Requests   string
	Notes      string
}

// Create stores a new booking at inquiry for req.CustomerID, booked on
// today, with a fresh code (see Pipeline), owned by the customer's owner
// (or the session's user when the customer has none), priced with the
// customer's loyalty discount when a program gives one (applyLoyalty). A
// customer at target or lead becomes a prospect. It returns the booking
// with ID set; an unknown customer or departure is an error matching
// app.ErrNotFound, a wrong request a *app.ValidationError, and nothing is
// stored then.
func (p *Pipeline) Create(req Request, today app.Date) (*app.Booking, error) {
	if err := p.mayCreate(app.KindBooking); err != nil {
		return nil, err
	}
	id := record.NewID()
	var b *app.Booking
	err := p.store.Update(func(tx Tx) error {
		c, err := Load[app.Customer](tx, req.CustomerID)
		if err != nil {
			return fmt.Errorf("customer %s: %w", req.CustomerID, app.ErrNotFound)
		}
		c.ID = req.CustomerID
		if req.DepartureID != "" {
			if _, err := Load[app.Departure](tx, req.DepartureID); err != nil {
				return fmt.Errorf("departure %s: %w", req.DepartureID, app.ErrNotFound)
			}
		}
		cur := strings.ToUpper(strings.TrimSpace(req.Currency))
		if cur == "" && len(req.Lines) > 0 {
			cur = req.Lines[0].UnitPrice.Currency
		}
		if cur == "" {
			cur = settings(tx).DefaultCurrency
		}
		code, err := nextCode(tx, p.device, today.Year)
		if err != nil {
			return err
		}
		b = &app.Booking{
			ID: id, Code: code, CustomerID: c.ID, OwnerID: c.OwnerID, OfficeID: c.OfficeID,
			CampaignID: req.CampaignID, DepartureID: req.DepartureID, Destination: req.Destination,
			StartDate: req.StartDate, EndDate: req.EndDate, Currency: cur, Lines: req.Lines,
			Status: app.BookingInquiry, BookedOn: today, BalanceDue: req.BalanceDue, Requests: req.Requests, Notes: req.Notes,
		}
		if b.OwnerID == "" {
			b.OwnerID, b.OfficeID = p.session.UserID, p.session.OfficeID
		}
		// Priced with the customer's loyalty discount (service/loyalty.go).
		if err := applyLoyalty(tx, c, b); err != nil {
			return err
		}
		if _, err := StoreEntity(tx, id, b); err != nil {
			return err
		}
		return p.advanceCustomer(tx, c, app.StageProspect)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Get returns the live booking id (app.ErrNotFound if absent or deleted).
func (p *Pipeline) Get(id string) (*app.Booking, error) {
	b, err := Load[app.Booking](p.store, id)
	if err != nil {
		return nil, err
	}
	b.ID = id
	return b, nil
}

// MoveOptions are the agent's choices when moving a booking.
type MoveOptions struct {
	// Waitlist puts a booking that would overfill its departure on the
	// waiting list (Booking.Waitlisted, status unchanged) instead of
	// refusing the move with a *FullError.
	Waitlist bool
}

// Move moves booking id to status to along app.BookingTransitions, with
// reason (required for cancelled and lost). Reaching deposit or beyond
// checks the departure's seats (a *FullError when they do not suffice,
// unless opt.Waitlist), moves the booking's travelers onto the departure's
// group list and makes the customer a customer. An illegal move is a
// *app.ValidationError on "status" naming both statuses, a missing reason
// one on "reason"; nothing is stored then. It returns the booking as
// stored; when it was waitlisted instead, its Waitlisted is true and its
// status unchanged.
func (p *Pipeline) Move(id string, to app.BookingStatus, reason string, opt MoveOptions) (*app.Booking, error) {
	var b *app.Booking
	err := p.store.Update(func(tx Tx) error {
		var err error
		if b, err = loadBooking(tx, id); err != nil {
			return err
		}
		return moveTx(tx, p.session, b, to, reason, opt)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// moveTx is Move inside tx on the loaded booking b (changed in place).
func moveTx(tx Tx, s Session, b *app.Booking, to app.BookingStatus, reason string, opt MoveOptions) error {
	held := b.HoldsSeat()
	before := *b
	if err := b.SetStatus(to, reason); err != nil {
		return err
	}
	if !held && b.HoldsSeat() && b.DepartureID != "" {
		st, err := seatsTx(tx, b.DepartureID)
		if err != nil {
			return err
		}
		if need := b.Seats(); need > st.Left {
			if !opt.Waitlist {
				return &FullError{Departure: st.Departure.Code, Booking: b.Code, Left: max(st.Left, 0), Need: need}
			}
			*b = before
			b.Waitlisted = true
			return saveBookingFields(tx, b, "waitlisted")
		}
	}
	fields := []string{"status", "reason"}
	if b.HoldsSeat() && b.Waitlisted {
		b.Waitlisted = false
		fields = append(fields, "waitlisted")
	}
	if err := saveBookingFields(tx, b, fields...); err != nil {
		return err
	}
	if !held && b.HoldsSeat() {
		if err := boardTravelers(tx, b); err != nil {
			return err
		}
		c, err := Load[app.Customer](tx, b.CustomerID)
		if err != nil {
			return fmt.Errorf("customer %s of booking %s: %w", b.CustomerID, b.Code, err)
		}
		c.ID = b.CustomerID
		return advanceCustomer(tx, s, c, app.StageCustomer)
	}
	return nil
}

// FullError refuses a booking that needs more seats than its departure
// has left. It matches app.ErrInvalid.
type FullError struct {
	Departure, Booking string
	Left, Need         int
}

func (e *FullError) Error() string {
	return fmt.Sprintf("departure %s is full: %d seat(s) left, booking %s needs %d (put it on the waiting list instead)", e.Departure, e.Left, e.Booking, e.Need)
}

// Is reports that a FullError is an app.ErrInvalid.
func (e *FullError) Is(target error) bool { return target == app.ErrInvalid }

// boardTravelers puts b's travelers on its departure's group list.
func boardTravelers(tx Tx, b *app.Booking) error {
	if b.DepartureID == "" {
		return nil
	}
	ids, err := tx.Lookup(app.KindTraveler, "booking_id", b.ID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.Save(app.KindTraveler, id, jsonFields("departure_id", b.DepartureID)); err != nil {
			return err
		}
	}
	return nil
}

// advanceCustomer moves c forward to stage (never back: a customer stays
// a customer when they send a new request).
func (p *Pipeline) advanceCustomer(tx Tx, c *app.Customer, stage app.Stage) error {
	return advanceCustomer(tx, p.session, c, stage)
}

func advanceCustomer(tx Tx, s Session, c *app.Customer, stage app.Stage) error {
	if c.Stage == stage || !app.StageTransitions.Allowed(c.Stage, stage) {
		return nil
	}
	// A role that may not change the customer's stage (an accountant
	// taking a deposit) leaves it; the server would refuse the change.
	if s.Role != "" {
		rec, err := tx.Get(app.KindCustomer, c.ID)
		if err != nil {
			return err
		}
		if !access.CanEdit(subject(s), rec, "stage", lookup{tx}) {
			return nil
		}
	}
	c.Stage = stage
	_, err := tx.Save(app.KindCustomer, c.ID, jsonFields("stage", stage))
	return err
}

// SalesActivities are the interaction types an agent logs while working
// a request.
var SalesActivities = []app.InteractionType{app.InteractionSurvey, app.InteractionCall, app.InteractionEmail, app.InteractionMeeting, app.InteractionProgramDraft, app.InteractionContractDraft}

// Activity is a sales activity to log on a booking.
type Activity struct {
	Type      app.InteractionType
	Direction app.Direction
	Summary   string
	At        time.Time
}

// LogActivity appends an interaction of one of SalesActivities to booking
// id's customer, by the session's user. It returns the new interaction's
// id; another type is a *app.ValidationError on "type".
func (p *Pipeline) LogActivity(bookingID string, a Activity) (string, error) {
	if !slices.Contains(SalesActivities, a.Type) {
		var pr app.Problems
		pr.Add("type", app.CodeUnknown, fmt.Sprintf("%q is not a sales activity (want one of %v)", a.Type, SalesActivities))
		return "", pr.Err(app.KindInteraction)
	}
	if err := p.mayCreate(app.KindInteraction); err != nil {
		return "", err
	}
	id := record.NewID()
	err := p.store.Update(func(tx Tx) error {
		b, err := loadBooking(tx, bookingID)
		if err != nil {
			return err
		}
		it := &app.Interaction{CustomerID: b.CustomerID, BookingID: b.ID, Type: a.Type, Direction: a.Direction, Summary: a.Summary, At: a.At, UserID: p.session.UserID}
		_, err = StoreEntity(tx, id, it)
		return err
	})
	return id, err
}

// AddTraveler stores t as a traveler of booking bookingID (on its
// departure's group list already when the booking holds seats) and
// returns its id.
func (p *Pipeline) AddTraveler(bookingID string, t *app.Traveler) (string, error) {
	if err := p.mayCreate(app.KindTraveler); err != nil {
		return "", err
	}
	id := record.NewID()
	err := p.store.Update(func(tx Tx) error {
		b, err := loadBooking(tx, bookingID)
		if err != nil {
			return err
		}
		t.BookingID = b.ID
		if b.HoldsSeat() {
			t.DepartureID = b.DepartureID
		}
		_, err = StoreEntity(tx, id, t)
		return err
	})
	if err != nil {
		return "", err
	}
	t.ID = id
	return id, nil
}

// Travelers returns booking id's live travelers in id order.
func (p *Pipeline) Travelers(bookingID string) ([]*app.Traveler, error) {
	var out []*app.Traveler
	err := p.store.View(func(r Reader) error {
		ids, err := r.Lookup(app.KindTraveler, "booking_id", bookingID)
		if err != nil {
			return err
		}
		out, err = loadAll[app.Traveler](r, ids, func(t *app.Traveler, id string) { t.ID = id })
		return err
	})
	return out, err
}

func (p *Pipeline) mayCreate(k app.Kind) error { return mayCreate(p.session, k) }

// mayCreate refuses early, with app.ErrForbidden, what the server would
// refuse at sync: a role that may not create records of kind k. A session
// with no role (a store that never logged in) may do everything.
func mayCreate(s Session, k app.Kind) error {
	if s.Role != "" && !access.CanCreate(subject(s), k) {
		return fmt.Errorf("a %s may not create a %s: %w", s.Role, k, app.ErrForbidden)
	}
	return nil
}

// loadBooking loads booking id with its ID set; an absent one matches
// app.ErrNotFound with the id in the message.
func loadBooking(r Reader, id string) (*app.Booking, error) {
	b, err := Load[app.Booking](r, id)
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("booking %s: %w", id, app.ErrNotFound)
		}
		return nil, err
	}
	b.ID = id
	return b, nil
}

// saveBookingFields writes the named fields of b (validated first).
func saveBookingFields(tx Tx, b *app.Booking, names ...string) error {
	if err := b.Validate(); err != nil {
		return err
	}
	all, err := record.Encode(b)
	if err != nil {
		return err
	}
	values := make(map[string]json.RawMessage, len(names))
	for _, n := range names {
		values[n] = all[n]
	}
	_, err = tx.Save(app.KindBooking, b.ID, values)
	return err
}

// settings returns the company settings, or defaults (VND, no rates, no
// policy) when the store has none yet.
func settings(r Reader) *app.CompanySettings {
	s, err := Load[app.CompanySettings](r, app.CompanySettingsID)
	if err != nil || s == nil {
		return &app.CompanySettings{DefaultCurrency: "VND"}
	}
	if s.DefaultCurrency == "" {
		s.DefaultCurrency = "VND"
	}
	return s
}

// DeviceTag is the seven-digit tag of device in its booking codes (its
// first; see deviceTag).
func DeviceTag(device string) int { return deviceTag(device, 0) }

// deviceTag is the k-th tag of device: the one its codes use once the
// previous k tags have run out of numbers for the year.
func deviceTag(device string, k int) int {
	h := fnv.New64a()
	h.Write([]byte(device))
	if k > 0 {
		fmt.Fprintf(h, "#%d", k)
	}
	return tagMin + int(h.Sum64()%tagSpan)
}

const (
	// tagMin and tagSpan: tags are 1000000–9999999 (seven digits).
	tagMin, tagSpan = 1_000_000, 9_000_000
	// maxDeviceSeq is the most bookings one tag numbers in a year (four
	// digits after the tag); a device then moves on to its next tag.
	maxDeviceSeq = 9999
	// maxDeviceTags bounds the tags a device tries in a year.
	maxDeviceTags = 100
)

// nextCode returns the first code BK-year-TAG<n> (n ≥ 1) this store does
// not hold, under the device's first tag with numbers left. Codes are
// handed out in order, so it gallops up to the first free power of two
// and bisects below it: O(log n) index lookups per tag.
func nextCode(r Reader, device string, year int) (string, error) {
	for k := 0; k < maxDeviceTags; k++ {
		tag := deviceTag(device, k)
		code := func(n int) string {
			return app.BookingCode(year, tag*(maxDeviceSeq+1)+n)
		}
		n, err := firstFree(func(n int) (bool, error) {
			ids, err := r.Lookup(app.KindBooking, "code", code(n))
			return len(ids) > 0, err
		})
		if err != nil {
			return "", err
		}
		if n > 0 {
			return code(n), nil
		}
	}
	return "", fmt.Errorf("this device has handed out all %d booking codes of %d", maxDeviceTags*maxDeviceSeq, year)
}

// firstFree returns the first n in 1..maxDeviceSeq that used reports
// free, given that numbers are taken in order; 0 when all are used.
func firstFree(used func(int) (bool, error)) (int, error) {
	lo, hi := 0, 1 // lo is used (or 0), hi is to be tested
	for {
		u, err := used(hi)
		if err != nil {
			return 0, err
		}
		if !u {
			break
		}
		if hi >= maxDeviceSeq {
			return 0, nil
		}
		lo, hi = hi, min(hi*2, maxDeviceSeq)
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		u, err := used(mid)
		if err != nil {
			return 0, err
		}
		if u {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, nil
}

// jsonFields builds the values of one field for Tx.Save.
func jsonFields(name string, v any) map[string]json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings and plain values are passed
	}
	return map[string]json.RawMessage{name: b}
}

// subject is the access subject of a session.
func subject(s Session) access.Subject {
	return access.Subject{UserID: s.UserID, OfficeID: s.OfficeID, Role: s.Role}
}

// lookup adapts a Reader to access.Lookup.
type lookup struct{ r Reader }

func (l lookup) Get(kind app.Kind, id string) (record.Record, bool) {
	rec, err := l.r.Get(kind, id)
	return rec, err == nil
}
