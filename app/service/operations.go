package service

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
)

// Operations is the use cases of running a departure: service orders to
// partners, guides, the group meeting, the guide's check-in of travelers
// per day, incidents and expenses. It works offline like everything else:
// a guide's laptop records check-ins and incidents in its own store and
// they reach head office at the next sync.
//
// Check-in per day. A traveler's check-in on day D is its own field of the
// traveler record, "checked_in_YYYYMMDD" (true), beside the flag "checked_in"
// (joined the group at least once). One field per day, not a list of
// days, because records merge field by field: two guides checking people
// in on their own laptops never overwrite each other (a list would be one
// field, and the later writer would erase the other guide's days). The
// permission table lets a guide write "checked_in" and "checked_in_*";
// field names on the wire are a-z, 0-9 and _, hence the compact date.
//
// Lock. A settled departure is locked: service orders, expenses and
// incidents of it are refused here (a *OpsError), and the only change left
// is an expense reversal by an accountant (or admin), besides supplier
// payments (PaySupplier). The rule is app/access's (CheckSettled, which the
// server applies to every push): a change made offline to a departure
// settled meanwhile is refused at sync (code settled) and taken back,
// even one stamped before the settlement.
type Operations struct {
	store   Store
	session Session
}

// NewOperations returns the operations service of store for the session's
// user (who is recorded as having spent or reported).
func NewOperations(store Store, session Session) *Operations {
	return &Operations{store: store, session: session}
}

// OpsError refuses an operation; it matches app.ErrInvalid and its
// message says what to do.
type OpsError struct{ Msg string }

func (e *OpsError) Error() string { return e.Msg }

// Is reports that an OpsError is an app.ErrInvalid.
func (e *OpsError) Is(target error) bool { return target == app.ErrInvalid }

func opsRefuse(format string, args ...any) error {
	return &OpsError{fmt.Sprintf(format, args...)}
}

// CheckInPrefix starts the per-day check-in fields of a traveler.
const CheckInPrefix = "checked_in_"

// loadDeparture loads departure id with its ID set.
func loadDeparture(r Reader, id string) (*app.Departure, error) {
	d, err := Load[app.Departure](r, id)
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("departure %s: %w", id, app.ErrNotFound)
		}
		return nil, err
	}
	d.ID = id
	return d, nil
}

func depName(d *app.Departure) string {
	if d.Code != "" {
		return d.Code
	}
	return d.ID
}

// unlocked loads departure id and refuses it when settled.
func unlocked(r Reader, id string) (*app.Departure, error) {
	d, err := loadDeparture(r, id)
	if err != nil {
		return nil, err
	}
	if access.Settled(lookup{r}, id) {
		return nil, &OpsError{access.SettledMessage(lookup{r}, id)}
	}
	return d, nil
}

// DepartureCurrency is the currency a departure is settled in: that of
// its bookings when they all share one (cancelled and lost ones
// included), else the company's default currency.
func DepartureCurrency(r Reader, departureID string) (string, error) {
	ids, err := r.Lookup(app.KindBooking, "departure_id", departureID)
	if err != nil {
		return "", err
	}
	cur := ""
	for _, id := range ids {
		b, err := Load[app.Booking](r, id)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		switch {
		case cur == "":
			cur = b.Currency
		case cur != b.Currency:
			return settings(r).DefaultCurrency, nil
		}
	}
	if cur == "" {
		cur = settings(r).DefaultCurrency
	}
	return cur, nil
}

// convertTo converts m into currency to with the settings' rates (through
// the default currency), rounding half away from zero to a minor unit.
// A currency without a rate is an *OpsError.
func convertTo(set *app.CompanySettings, m money.Money, to string) (money.Money, error) {
	if m.Currency == to {
		return m, nil
	}
	def, err := set.Convert(m)
	if err != nil {
		return money.Money{}, opsRefuse("%s is not %s and the settings hold no exchange rate for %s", m.Currency, to, m.Currency)
	}
	if to == set.DefaultCurrency {
		return def, nil
	}
	var rate *big.Rat
	for _, r := range set.ExchangeRates {
		if r.Currency == to {
			rate, _ = new(big.Rat).SetString(r.Rate)
		}
	}
	if rate == nil || rate.Sign() <= 0 {
		return money.Money{}, opsRefuse("%s is not %s and the settings hold no exchange rate for %s", m.Currency, to, to)
	}
	out := money.Money{Currency: to}
	// minor(out) = minor(def) / rate × 10^(exp(out) − exp(def))
	v := new(big.Rat).Quo(new(big.Rat).SetInt64(def.Amount), rate)
	v.Mul(v, new(big.Rat).SetFrac(pow10i(out.Exponent()), pow10i(def.Exponent())))
	n, rem := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2)).Cmp(v.Denom()) >= 0 {
		n.Add(n, big.NewInt(int64(v.Sign())))
	}
	if !n.IsInt64() {
		return money.Money{}, money.ErrOverflow
	}
	out.Amount = n.Int64()
	return out, nil
}

func pow10i(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// checkCost refuses a negative amount and one in a currency that cannot be
// converted into the departure's.
func checkCost(r Reader, d *app.Departure, m money.Money, what string) error {
	if m.Amount < 0 {
		return opsRefuse("%s %s: must not be negative (a correction is a reversal)", what, m)
	}
	if m.IsZero() {
		return nil
	}
	cur, err := DepartureCurrency(r, d.ID)
	if err != nil {
		return err
	}
	if _, err := convertTo(settings(r), money.New(0, m.Currency), cur); err != nil {
		return opsRefuse("%s is in %s but departure %s is in %s, and there is no exchange rate to convert it: add one in the settings", what, m.Currency, depName(d), cur)
	}
	return nil
}

// AddOrder stores service order o (status requested unless set) for its
// departure and returns its id. It refuses a settled departure, a
// negative unit cost and a currency that cannot be converted into the
// departure's.
func (s *Operations) AddOrder(o *app.ServiceOrder) (string, error) {
	if err := mayCreate(s.session, app.KindServiceOrder); err != nil {
		return "", err
	}
	id := record.NewID()
	err := s.store.Update(func(tx Tx) error {
		d, err := unlocked(tx, o.DepartureID)
		if err != nil {
			return err
		}
		if _, err := Load[app.Partner](tx, o.PartnerID); err != nil {
			return fmt.Errorf("partner %s: %w", o.PartnerID, app.ErrNotFound)
		}
		if err := checkCost(tx, d, o.UnitCost, "unit cost"); err != nil {
			return err
		}
		_, err = StoreEntity(tx, id, o)
		return err
	})
	if err != nil {
		return "", err
	}
	o.ID = id
	return id, nil
}

// SetOrderStatus moves service order id along app.ServiceOrderTransitions;
// confirmation (the partner's number) is required to confirm. A settled
// departure's orders are refused.
func (s *Operations) SetOrderStatus(id string, to app.ServiceOrderStatus, confirmation string) (*app.ServiceOrder, error) {
	var o *app.ServiceOrder
	err := s.store.Update(func(tx Tx) error {
		var err error
		if o, err = Load[app.ServiceOrder](tx, id); err != nil {
			if isNotFound(err) {
				return fmt.Errorf("service order %s: %w", id, app.ErrNotFound)
			}
			return err
		}
		o.ID = id
		if _, err := unlocked(tx, o.DepartureID); err != nil {
			return err
		}
		if err := app.ServiceOrderTransitions.Check(app.KindServiceOrder, "status", o.Status, to); err != nil {
			return err
		}
		o.Status = to
		fields := []string{"status"}
		if c := strings.TrimSpace(confirmation); c != "" {
			o.ConfirmationNumber = c
			fields = append(fields, "confirmation_number")
		}
		if to == app.OrderConfirmed && o.ConfirmationNumber == "" {
			return opsRefuse("service order %s: confirming needs the partner's confirmation number (--confirmation)", id)
		}
		return saveFields(tx, id, o, fields...)
	})
	return o, err
}

// saveFields validates e and writes its named fields.
func saveFields(tx Tx, id string, e app.Entity, names ...string) error {
	if err := e.Validate(); err != nil {
		return err
	}
	all, err := record.Encode(e)
	if err != nil {
		return err
	}
	values := make(map[string]json.RawMessage, len(names))
	for _, n := range names {
		values[n] = all[n]
	}
	_, err = tx.Save(e.Kind(), id, values)
	return err
}

// Orders returns departure id's live service orders in id order.
func (s *Operations) Orders(departureID string) ([]*app.ServiceOrder, error) {
	var out []*app.ServiceOrder
	err := s.store.View(func(r Reader) error {
		var err error
		out, err = departureOrders(r, departureID)
		return err
	})
	return out, err
}

func departureOrders(r Reader, departureID string) ([]*app.ServiceOrder, error) {
	ids, err := r.Lookup(app.KindServiceOrder, "departure_id", departureID)
	if err != nil {
		return nil, err
	}
	return loadAll[app.ServiceOrder](r, ids, func(o *app.ServiceOrder, id string) { o.ID = id })
}

// SetGuide adds (or with remove, takes off) user guideID as a guide of
// departure id. The guide's next pull brings the departure and its group
// list (or revokes them).
func (s *Operations) SetGuide(departureID, guideID string, remove bool) (*app.Departure, error) {
	var d *app.Departure
	err := s.store.Update(func(tx Tx) error {
		var err error
		if d, err = unlocked(tx, departureID); err != nil {
			return err
		}
		has := slices.Contains(d.GuideIDs, guideID)
		switch {
		case remove && has:
			d.GuideIDs = slices.DeleteFunc(d.GuideIDs, func(g string) bool { return g == guideID })
		case !remove && !has:
			d.GuideIDs = append(d.GuideIDs, guideID)
		default:
			return nil
		}
		return saveFields(tx, departureID, d, "guide_ids")
	})
	return d, err
}

// SetMeeting sets the group meeting's place and time ("05:30") of
// departure id.
func (s *Operations) SetMeeting(departureID, point, at string) (*app.Departure, error) {
	var d *app.Departure
	err := s.store.Update(func(tx Tx) error {
		var err error
		if d, err = unlocked(tx, departureID); err != nil {
			return err
		}
		d.MeetingPoint, d.MeetingTime = point, at
		return saveFields(tx, departureID, d, "meeting_point", "meeting_time")
	})
	return d, err
}

// CheckIn records that traveler travelerID joined the group of departure
// departureID on day (one field per day, see Operations). A traveler not
// on the departure's group list is refused (*OpsError naming both), as is
// a day outside the departure's dates. Checking in twice is harmless.
func (s *Operations) CheckIn(departureID, travelerID string, day app.Date) (*app.Traveler, error) {
	var t *app.Traveler
	err := s.store.Update(func(tx Tx) error {
		d, err := unlocked(tx, departureID)
		if err != nil {
			return err
		}
		t, err = Load[app.Traveler](tx, travelerID)
		if err != nil && !isNotFound(err) {
			return err
		}
		if t == nil || t.DepartureID != departureID {
			return opsRefuse("traveler %s is not on the group list of departure %s: check in only travelers of its bookings at deposit or beyond", travelerID, depName(d))
		}
		t.ID = travelerID
		if !d.StartDate.IsZero() && (day.Before(d.StartDate) || (!d.EndDate.IsZero() && day.After(d.EndDate))) {
			return opsRefuse("day %s is outside departure %s (%s to %s)", day, depName(d), d.StartDate, d.EndDate)
		}
		t.CheckedIn = true
		values := jsonFields("checked_in", true)
		values[CheckInPrefix+strings.ReplaceAll(day.String(), "-", "")] = json.RawMessage("true")
		_, err = tx.Save(app.KindTraveler, travelerID, values)
		return err
	})
	return t, err
}

// CheckInDays returns the days traveler record rec was checked in on, in
// order.
func CheckInDays(rec record.Record) []app.Date {
	var out []app.Date
	for name, f := range rec.Fields {
		day, ok := strings.CutPrefix(name, CheckInPrefix)
		if !ok || string(f.Value) != "true" {
			continue
		}
		if len(day) != 8 {
			continue
		}
		if d, err := app.ParseDate(day[:4] + "-" + day[4:6] + "-" + day[6:]); err == nil {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, app.Date.Compare)
	return out
}

// GroupMember is one traveler of a departure's group list with the days
// they were checked in.
type GroupMember struct {
	Traveler *app.Traveler
	Days     []app.Date
}

// GroupList returns departure id's group list (travelers whose
// departure_id is it) with their check-in days, in id order.
func GroupList(r Reader, departureID string) ([]GroupMember, error) {
	ids, err := r.Lookup(app.KindTraveler, "departure_id", departureID)
	if err != nil {
		return nil, err
	}
	var out []GroupMember
	for _, id := range ids {
		rec, err := r.Get(app.KindTraveler, id)
		if err != nil {
			return nil, err
		}
		if rec.IsDeleted() {
			continue
		}
		var t app.Traveler
		if err := record.Decode(rec, &t); err != nil {
			return nil, err
		}
		t.ID = id
		out = append(out, GroupMember{Traveler: &t, Days: CheckInDays(rec)})
	}
	return out, nil
}

// Incidents returns departure id's incidents in id order.
func Incidents(r Reader, departureID string) ([]*app.Incident, error) {
	ids, err := r.Lookup(app.KindIncident, "departure_id", departureID)
	if err != nil {
		return nil, err
	}
	return loadAll[app.Incident](r, ids, func(in *app.Incident, id string) { in.ID = id })
}

// Expenses returns departure id's expenses (reversals included) in id
// order.
func Expenses(r Reader, departureID string) ([]*app.Expense, error) {
	ids, err := r.Lookup(app.KindExpense, "departure_id", departureID)
	if err != nil {
		return nil, err
	}
	return loadAll[app.Expense](r, ids, func(e *app.Expense, id string) { e.ID = id })
}

// AddIncident appends incident in (reported by the session's user, at
// time at unless set) to its departure and returns its id. A settled
// departure, a negative cost and a cost in a currency that cannot be
// converted into the departure's are refused; a traveler named must be on
// the group list.
func (s *Operations) AddIncident(in *app.Incident, at time.Time) (string, error) {
	if err := mayCreate(s.session, app.KindIncident); err != nil {
		return "", err
	}
	if in.ReportedBy == "" {
		in.ReportedBy = s.session.UserID
	}
	if in.At.IsZero() {
		in.At = at
	}
	if in.Severity == "" {
		in.Severity = app.SeverityLow
	}
	id := record.NewID()
	err := s.store.Update(func(tx Tx) error {
		d, err := unlocked(tx, in.DepartureID)
		if err != nil {
			return err
		}
		if err := checkCost(tx, d, in.Cost, "incident cost"); err != nil {
			return err
		}
		if in.TravelerID != "" {
			t, err := Load[app.Traveler](tx, in.TravelerID)
			if err != nil || t.DepartureID != d.ID {
				return opsRefuse("traveler %s is not on the group list of departure %s", in.TravelerID, depName(d))
			}
		}
		_, err = StoreEntity(tx, id, in)
		return err
	})
	if err != nil {
		return "", err
	}
	in.ID = id
	return id, nil
}

// AddExpense appends expense e (spent by the session's user unless set) to
// its departure and returns its id. A settled departure, an amount of zero
// or below, and a currency that cannot be converted into the departure's
// are refused.
func (s *Operations) AddExpense(e *app.Expense) (string, error) {
	if err := mayCreate(s.session, app.KindExpense); err != nil {
		return "", err
	}
	if e.SpentBy == "" {
		e.SpentBy = s.session.UserID
	}
	if e.Amount.Amount <= 0 {
		return "", opsRefuse("expense amount %s: must be above zero (a correction is a reversal)", e.Amount)
	}
	id := record.NewID()
	err := s.store.Update(func(tx Tx) error {
		d, err := unlocked(tx, e.DepartureID)
		if err != nil {
			return err
		}
		if e.ReversalOf != "" {
			return opsRefuse("use ReverseExpense for a reversal")
		}
		if err := checkCost(tx, d, e.Amount, "expense"); err != nil {
			return err
		}
		_, err = StoreEntity(tx, id, e)
		return err
	})
	if err != nil {
		return "", err
	}
	e.ID = id
	return id, nil
}

// ReverseExpense appends the reversal of expense id on date with note and
// returns it. It is the one correction allowed on a settled departure,
// and there only for an accountant or admin (or a store no one logged in
// to). An expense reversed already, or a reversal, is refused.
func (s *Operations) ReverseExpense(id string, date app.Date, note string) (*app.Expense, error) {
	if err := mayCreate(s.session, app.KindExpense); err != nil {
		return nil, err
	}
	var rev *app.Expense
	err := s.store.Update(func(tx Tx) error {
		e, err := Load[app.Expense](tx, id)
		if err != nil {
			if isNotFound(err) {
				return fmt.Errorf("expense %s: %w", id, app.ErrNotFound)
			}
			return err
		}
		if e.ReversalOf != "" {
			return opsRefuse("expense %s is itself a reversal", id)
		}
		d, err := loadDeparture(tx, e.DepartureID)
		if err != nil {
			return err
		}
		if access.Settled(lookup{tx}, d.ID) && s.session.Role != "" && !access.Accounting(s.session.Role) {
			return opsRefuse("departure %s is settled and locked: only an accountant corrects it", depName(d))
		}
		done, err := tx.Lookup(app.KindExpense, "reversal_of", id)
		if err != nil {
			return err
		}
		if len(done) > 0 {
			return opsRefuse("expense %s is reversed already (by %s)", id, done[0])
		}
		spent := s.session.UserID
		if spent == "" {
			spent = e.SpentBy
		}
		rev = &app.Expense{DepartureID: e.DepartureID, Category: e.Category, Amount: e.Amount, Date: date,
			SpentBy: spent, PartnerID: e.PartnerID, ServiceOrderID: e.ServiceOrderID, Note: note, ReversalOf: id}
		rid := record.NewID()
		if _, err := StoreEntity(tx, rid, rev); err != nil {
			return err
		}
		rev.ID = rid
		return nil
	})
	return rev, err
}

// SetDepartureStatus moves departure id along app.DepartureTransitions.
// Settling goes through Settle, which checks the money first.
func (s *Operations) SetDepartureStatus(id string, to app.DepartureStatus) (*app.Departure, error) {
	if to == app.DepartureSettled {
		return nil, opsRefuse("a departure is settled with settle, which checks its payments")
	}
	var d *app.Departure
	err := s.store.Update(func(tx Tx) error {
		var err error
		if d, err = unlocked(tx, id); err != nil {
			return err
		}
		if err := app.DepartureTransitions.Check(app.KindDeparture, "status", d.Status, to); err != nil {
			return err
		}
		d.Status = to
		return saveFields(tx, id, d, "status")
	})
	return d, err
}
