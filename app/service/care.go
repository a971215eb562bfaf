package service

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/record"
)

// Care is the customer-care area: tasks generated from the data (a call
// after each trip, birthday and holiday greetings, balances due, passports
// expiring), the Today list, feedback forms (feedback.go), complaints
// (complaints.go) and each customer's timeline (timeline.go).
//
// Generated tasks are idempotent across devices: each one's id is derived
// from its reason, the record it is about and its date (CareTaskID), so
// two laptops generating the same task offline write one record whose
// fields merge at sync, and generating again finds it and writes nothing,
// even after it was done, cancelled or deleted. They are written without
// a status (app.Task.IsOpen: absent means open), so a late generation on
// another device never reopens a task marked done.
//
// Permissions are app/access's, checked before anything is written, the
// same rules the server applies at push: an agent generates the tasks of
// the customers they own (assigned to themselves), a manager those of
// their office's customers (assigned to each customer's owner); a task
// the session may not create is counted as refused and left to the
// owner's device. A session with no role (a store that never logged in,
// the server) may do everything.
type Care struct {
	store   Store
	session Session
}

// NewCare returns the care service of store for the session's user.
func NewCare(store Store, session Session) *Care { return &Care{store: store, session: session} }

// Windows of the generated tasks.
const (
	// CareAheadDays: greetings, return calls and passport checks whose day
	// is at most this many days ahead are created ahead, so a laptop that
	// stays offline over the weekend still has Monday's tasks.
	CareAheadDays = 7
	// ReturnCallLateDays: a return call is still created this many days
	// after its day (the laptop was off); a greeting never is late.
	ReturnCallLateDays = 7
	// BalanceReminderDays: the reminder of a balance is due this many days
	// before the balance; a second task (overdue) the day after it. Both
	// are created only once their day has come and only while something
	// is owed.
	BalanceReminderDays = 3
	// PassportValidMonths: a passport must be valid this many months
	// after the trip's return (most countries ask for six).
	PassportValidMonths = 6
	// PassportLeadDays: the passport task is due this many days before
	// the trip starts (time to renew it); it is created from
	// CareAheadDays before that until the trip starts.
	PassportLeadDays = 60
	// BalanceOverdueDays: an overdue task is still created this many days
	// after the due date (a laptop that was off, a first run); older debts
	// are the receivables report's.
	BalanceOverdueDays = 90
)

// Reasons of the generated tasks: the first part of a care task's id and
// its Occasion (a holiday greeting's Occasion is the holiday's key).
const (
	ReasonReturnCall     = "return_call"
	ReasonBirthday       = "birthday"
	ReasonHoliday        = "holiday"
	ReasonBalanceDue     = "balance_due"
	ReasonBalanceOverdue = "balance_overdue"
	ReasonPassport       = "passport"
)

// careSpace namespaces the ids of care tasks.
var careSpace = uuid.MustParse("3b0f6c7e-2d4a-5f19-9c1e-7a8d2b4e6f10")

// CareTaskID is the id of the care task for reason about the record
// recordID (a customer, booking or traveler; the agent for a holiday) on
// date: a UUID v5 (SHA-1) of the three, the same on every device. A holiday greeting's reason is
// ReasonHoliday + "/" + the holiday's key.
func CareTaskID(reason, recordID string, date app.Date) string {
	return uuid.NewSHA1(careSpace, []byte(reason+"/"+recordID+"/"+date.String())).String()
}

// GenerateResult is what Care.Generate did.
type GenerateResult struct {
	// Created are the tasks written by this run (IDs set), by due date.
	Created []*app.Task
	// Existing counts the tasks due that were there already (made by an
	// earlier run, here or on another device, maybe done since).
	Existing int
	// Refused counts the tasks this session may not create (a customer of
	// another agent in a manager's copy is fine; a director's laptop
	// creates none): the owner's device makes them.
	Refused int
	// Closed are the open balance tasks this run cancelled because the
	// balance has been paid since (IDs set).
	Closed []*app.Task
}

// candidate is a task Generate would write under id.
type candidate struct {
	id   string
	task *app.Task
}

// Generate creates the care tasks due around today (see the windows
// above), each assigned to its customer's owner; customers with no owner
// (the office's pool, marketing targets) get none. It reads a few fields
// of every customer (birthdays have no index) and, through the date and
// departure indexes, only the bookings whose dates fall in a window; it
// writes in one transaction.
//
//   - return_call: each booking holding seats, the day after its trip's
//     end (departure's or custom trip's).
//   - birthday: each customer with a birthday and an owner, on the
//     birthday; one born on 29 February is greeted on 28 February in a
//     year that has no 29th.
//   - holiday: one task per agent owning customers at stage customer
//     (they have booked), on each holiday of the settings
//     (app.DefaultHolidays when none); GreetingRecipients lists them.
//   - payment_due: a seat-holding booking with a balance owed,
//     BalanceReminderDays before its balance due date (the booking's, or
//     the trip's start), and an overdue one the day after that date (made
//     up to BalanceOverdueDays late). The balance is worked out only for a
//     booking whose task is not there yet, or is open (a paid balance's
//     open task is cancelled).
//   - passport: each traveler of a seat-holding booking whose trip has not
//     started, whose passport (the booking's customer's when it lists no
//     traveler) expires before PassportValidMonths after the trip's return;
//     due PassportLeadDays before the start.
func (c *Care) Generate(today app.Date) (*GenerateResult, error) {
	if today.IsZero() {
		return nil, opsRefuse("care tasks need today's date")
	}
	custIDs, err := c.store.SortedIDs(app.KindCustomer)
	if err != nil {
		return nil, err
	}
	depIDs, err := c.store.SortedIDs(app.KindDeparture)
	if err != nil {
		return nil, err
	}
	res := &GenerateResult{}
	err = c.store.Update(func(tx Tx) error {
		g := &generator{r: tx, today: today, customers: map[string]*app.Customer{}, departures: map[string]*app.Departure{}}
		holidays := g.holidays(settings(tx).Holidays)
		greeted := map[string]int{} // owner → customers to greet on the holidays
		for _, id := range custIDs {
			cu, err := g.customer(id)
			if err != nil {
				return err
			}
			if cu == nil || cu.OwnerID == "" {
				continue
			}
			g.birthday(cu)
			if cu.Stage == app.StageCustomer && len(holidays) > 0 {
				greeted[cu.OwnerID]++
			}
		}
		owners := slices.Sorted(maps.Keys(greeted))
		for _, h := range holidays {
			for _, owner := range owners {
				g.holiday(owner, greeted[owner], h)
			}
		}
		bookIDs, err := g.bookingsInWindows(depIDs)
		if err != nil {
			return err
		}
		for _, id := range bookIDs {
			if err := g.booking(id); err != nil {
				return err
			}
		}
		for _, cand := range g.out {
			if _, err := tx.Get(app.KindTask, cand.id); err == nil {
				res.Existing++
				continue
			} else if !isNotFound(err) {
				return err
			}
			values, err := taskValues(cand.task)
			if err != nil {
				return err
			}
			if err := checkWriteRecord(tx, c.session, app.KindTask, cand.id, values); err != nil {
				res.Refused++
				continue
			}
			if _, err := tx.Save(app.KindTask, cand.id, values); err != nil {
				return err
			}
			cand.task.ID = cand.id
			res.Created = append(res.Created, cand.task)
		}
		for _, st := range g.stale {
			t, err := Load[app.Task](tx, st.id)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			if !t.IsOpen() {
				continue
			}
			t.ID = st.id
			t.Status = app.TaskCancelled
			t.Notes = appendNote(t.Notes, "Closed by the care check of "+today.String()+": the balance is paid.")
			values, err := pickFields(t, "status", "notes")
			if err != nil {
				return err
			}
			if err := checkWriteRecord(tx, c.session, app.KindTask, st.id, values); err != nil {
				continue // not this session's to close; the owner's device will
			}
			if _, err := tx.Save(app.KindTask, st.id, values); err != nil {
				return err
			}
			res.Closed = append(res.Closed, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(res.Created, func(a, b *app.Task) int {
		return cmp.Or(a.DueDate.Compare(b.DueDate), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Title, b.Title))
	})
	return res, nil
}

// taskValues encodes a generated task for Tx.Save, leaving its status out
// (absent means open: see app.Task).
func taskValues(t *app.Task) (map[string]json.RawMessage, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	values, err := record.Encode(t)
	if err != nil {
		return nil, err
	}
	delete(values, "status")
	for _, n := range []string{"notes", "snoozed_until", "done_at", "done_by"} {
		delete(values, n) // people's fields: a generation never writes them
	}
	return values, nil
}

// pickFields encodes the named fields of e (validated first).
func pickFields(e app.Entity, names ...string) (map[string]json.RawMessage, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	all, err := record.Encode(e)
	if err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(names))
	for _, n := range names {
		out[n] = all[n]
	}
	return out, nil
}

func appendNote(notes, line string) string {
	if notes == "" {
		return line
	}
	return notes + "\n" + line
}

// checkWriteRecord refuses early, with an error matching app.ErrForbidden,
// a write of values to record kind/id (new or existing) that the server
// would refuse for the session (access.CheckWrite). A session with no role
// may do everything.
func checkWriteRecord(r Reader, s Session, kind app.Kind, id string, values map[string]json.RawMessage) error {
	if s.Role == "" {
		return nil
	}
	denied, err := writeDenied(r, s, kind, id, values)
	if denied != nil {
		return fmt.Errorf("%s may not write %s %s: %w", article(string(s.Role)), kind, id, denied)
	}
	return err
}

// writeDenied is access.CheckWrite's verdict on a write of values to
// record kind/id (new or existing) for the session s: denied is its
// refusal (nil when the write is allowed), err a failure to read the
// record. The callers word the refusal for what they write.
func writeDenied(r Reader, s Session, kind app.Kind, id string, values map[string]json.RawMessage) (denied, err error) {
	after := record.Record{Kind: string(kind), ID: id, Fields: map[string]record.Field{}}
	var before *record.Record
	var stamp record.Stamp
	rec, err := r.Get(kind, id)
	switch {
	case err == nil:
		before = &rec
		after = rec.Clone()
		stamp = rec.Latest()
		stamp.Logical++
	case !isNotFound(err):
		return nil, err
	}
	for n, v := range values {
		after.Fields[n] = record.Field{Value: v, Stamp: stamp}
	}
	return access.CheckWrite(subject(s), before, after, lookup{r}), nil
}

// generator collects the care tasks of one run.
type generator struct {
	r          Reader
	today      app.Date
	customers  map[string]*app.Customer
	departures map[string]*app.Departure
	out        []candidate
	seen       map[string]bool
	stale      []candidate
}

func (g *generator) add(reason, recordID string, date, due app.Date, t *app.Task) {
	id := CareTaskID(reason, recordID, date)
	if g.seen == nil {
		g.seen = map[string]bool{}
	}
	if g.seen[id] {
		return
	}
	g.seen[id] = true
	t.DueDate, t.OccasionDate = due, date
	if t.Occasion == "" {
		t.Occasion = reason
	}
	g.out = append(g.out, candidate{id: id, task: t})
}

// ahead reports whether d is from today up to CareAheadDays ahead.
func (g *generator) ahead(d app.Date) bool {
	return !d.Before(g.today) && !d.After(g.today.AddDays(CareAheadDays))
}

// customer returns the fields of customer id that care needs (name,
// owner, stage, birthday, passport expiry), decoded from the record's raw
// fields rather than the whole entity: every customer is read. nil for a
// missing or deleted customer.
func (g *generator) customer(id string) (*app.Customer, error) {
	if c, ok := g.customers[id]; ok {
		return c, nil
	}
	rec, err := g.r.Get(app.KindCustomer, id)
	if isNotFound(err) {
		g.customers[id] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if rec.IsDeleted() {
		g.customers[id] = nil
		return nil, nil
	}
	c := &app.Customer{ID: id}
	if err := rawField(rec, "owner_id", &c.OwnerID); err != nil || c.OwnerID == "" {
		g.customers[id] = c
		return c, err
	}
	if err := rawFields(rec, map[string]any{"name": &c.Name, "stage": &c.Stage, "birthday": &c.Birthday, "passport_expiry": &c.PassportExpiry}); err != nil {
		return nil, fmt.Errorf("customer %s: %w", id, err)
	}
	g.customers[id] = c
	return c, nil
}

// rawField decodes the record's field name into v; an absent field leaves
// v as it is.
func rawField(rec record.Record, name string, v any) error {
	f, ok := rec.Fields[name]
	if !ok || len(f.Value) == 0 {
		return nil
	}
	return json.Unmarshal(f.Value, v)
}

// bookingsInWindows returns, in id order, the bookings that may need a
// task today, found through indexes rather than by reading every booking:
// those on departures (of depIDs) whose return, start or start-as-due-date
// falls in a window, and those whose own start_date or balance_due does.
func (g *generator) bookingsInWindows(depIDs []string) ([]string, error) {
	t := g.today
	// Starts that matter: a passport check up to the start, a balance due
	// on the start up to BalanceOverdueDays late, a return call up to
	// ReturnCallLateDays late after a trip of up to MaxTourDays.
	startFrom := t.AddDays(-max(BalanceOverdueDays+1, ReturnCallLateDays+1+app.MaxTourDays))
	startTo := t.AddDays(PassportLeadDays + CareAheadDays)
	seen := map[string]bool{}
	var out []string
	addAll := func(ids []string) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	for _, id := range depIDs {
		d, err := g.departure(id)
		if err != nil {
			return nil, err
		}
		if d == nil || d.Status == app.DepartureCancelled {
			continue
		}
		ret := d.EndDate.AddDays(1)
		returns := !ret.Before(t.AddDays(-ReturnCallLateDays)) && !ret.After(t.AddDays(CareAheadDays))
		starts := !d.StartDate.Before(t.AddDays(-(BalanceOverdueDays + 1))) && !d.StartDate.After(startTo)
		if !returns && !starts {
			continue
		}
		ids, err := g.r.Lookup(app.KindBooking, "departure_id", id)
		if err != nil {
			return nil, err
		}
		addAll(ids)
	}
	for d := startFrom; !d.After(startTo); d = d.AddDays(1) {
		ids, err := g.r.Lookup(app.KindBooking, "start_date", d.String())
		if err != nil {
			return nil, err
		}
		addAll(ids)
	}
	for d := t.AddDays(-(BalanceOverdueDays + 1)); !d.After(t.AddDays(BalanceReminderDays)); d = d.AddDays(1) {
		ids, err := g.r.Lookup(app.KindBooking, "balance_due", d.String())
		if err != nil {
			return nil, err
		}
		addAll(ids)
	}
	slices.Sort(out)
	return out, nil
}

// taskState says whether care task id is absent, open or closed (done,
// cancelled or deleted).
func (g *generator) taskState(id string) (absent, open bool, err error) {
	rec, err := g.r.Get(app.KindTask, id)
	if isNotFound(err) {
		return true, false, nil
	}
	if err != nil || rec.IsDeleted() {
		return false, false, err
	}
	var st app.TaskStatus
	if err := rawField(rec, "status", &st); err != nil {
		return false, false, err
	}
	return false, st == "" || st == app.TaskOpen, nil
}

// departure returns the code, dates and status of departure id (decoded
// from the raw fields; nil when missing or deleted).
func (g *generator) departure(id string) (*app.Departure, error) {
	if d, ok := g.departures[id]; ok {
		return d, nil
	}
	rec, err := g.r.Get(app.KindDeparture, id)
	if isNotFound(err) || err == nil && rec.IsDeleted() {
		g.departures[id] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d := &app.Departure{ID: id}
	if err := rawFields(rec, map[string]any{"code": &d.Code, "status": &d.Status, "start_date": &d.StartDate, "end_date": &d.EndDate}); err != nil {
		return nil, fmt.Errorf("departure %s: %w", id, err)
	}
	g.departures[id] = d
	return d, nil
}

// rawFields decodes each named field of rec into its value.
func rawFields(rec record.Record, values map[string]any) error {
	for name, v := range values {
		if err := rawField(rec, name, v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// BirthdayIn is the day a birthday b is celebrated in year: the same month
// and day, and 28 February for 29 February in a year that has none.
func BirthdayIn(b app.Date, year int) app.Date {
	if b.Month == time.February && b.Day == 29 && !leap(year) {
		return app.Date{Year: year, Month: time.February, Day: 28}
	}
	return app.Date{Year: year, Month: b.Month, Day: b.Day}
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func (g *generator) birthday(c *app.Customer) {
	if c.Birthday.IsZero() {
		return
	}
	for _, y := range []int{g.today.Year, g.today.Year + 1} {
		d := BirthdayIn(c.Birthday, y)
		if !g.ahead(d) {
			continue
		}
		g.add(ReasonBirthday, c.ID, d, d, birthdayTask(c, y))
	}
}

// birthdayTask is the birthday greeting task of customer c (ID, Name,
// OwnerID and Birthday set) in year, as Generate makes it: assigned to the
// owner, without dates (CareTaskID(ReasonBirthday, c.ID, BirthdayIn(…))
// is its id, the birthday its due and occasion date).
func birthdayTask(c *app.Customer, year int) *app.Task {
	return &app.Task{
		Title:      fmt.Sprintf("Birthday greeting: %s (%d)", c.Name, year-c.Birthday.Year),
		Type:       app.TaskBirthday,
		AssigneeID: c.OwnerID,
		CustomerID: c.ID,
	}
}

// holidayOn is one holiday on its day.
type holidayOn struct {
	app.Holiday
	day app.Date
}

// holidays returns the holidays (list, or app.DefaultHolidays when nil)
// whose day is from today up to CareAheadDays ahead.
func (g *generator) holidays(list []app.Holiday) []holidayOn {
	if list == nil {
		list = app.DefaultHolidays
	}
	var out []holidayOn
	for _, h := range list {
		for _, y := range []int{g.today.Year, g.today.Year + 1} {
			if d, ok := h.On(y); ok && g.ahead(d) {
				out = append(out, holidayOn{h, d})
			}
		}
	}
	return out
}

// holiday adds owner's greeting task for holiday h: one per agent and
// holiday, not one per customer (an agency greets its customers in bulk,
// and 50,000 tasks on a Tết would take over a minute to write and sync);
// GreetingRecipients lists whom it is for.
func (g *generator) holiday(owner string, customers int, h holidayOn) {
	who := "1 customer"
	if customers != 1 {
		who = fmt.Sprintf("%d customers", customers)
	}
	g.add(ReasonHoliday+"/"+h.Key, owner, h.day, h.day, &app.Task{
		Title:      fmt.Sprintf("%s greetings to your customers (%s)", h.Name, who),
		Type:       app.TaskHoliday,
		AssigneeID: owner,
		Occasion:   h.Key,
	})
}

// GreetingRecipients returns whom greeting task t is for: the customer of
// a birthday task; every customer at stage customer owned by the
// assignee of a holiday task (as the store holds them now), by name.
// Other tasks have none.
func (c *Care) GreetingRecipients(t *app.Task) ([]*app.Customer, error) {
	var out []*app.Customer
	err := c.store.View(func(r Reader) error {
		switch t.Type {
		case app.TaskBirthday:
			cu, err := optional[app.Customer](r, t.CustomerID)
			if err != nil || cu == nil {
				return err
			}
			cu.ID = t.CustomerID
			out = append(out, cu)
		case app.TaskHoliday:
			ids, err := r.Lookup(app.KindCustomer, "owner_id", t.AssigneeID)
			if err != nil {
				return err
			}
			all, err := loadAll[app.Customer](r, ids, func(cu *app.Customer, id string) { cu.ID = id })
			if err != nil {
				return err
			}
			for _, cu := range all {
				if cu.Stage == app.StageCustomer {
					out = append(out, cu)
				}
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *app.Customer) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out, err
}

// GreetingsSent returns the greetings sent for greeting task t (ID,
// Type, CustomerID and OccasionDate set, as the task lists give them):
// for a birthday task, the customer's birthday messages that went out
// (status sent) for that birthday, whether the server's scheduler or an
// agent's one-off message sent them, the first sent first. So the task
// view can say "greeted by email on …" even before the task shows done
// (the agent's laptop has the messages it synced). Other tasks have none.
func (c *Care) GreetingsSent(t *app.Task) ([]*app.Message, error) {
	if t.Type != app.TaskBirthday || t.CustomerID == "" {
		return nil, nil
	}
	var out []*app.Message
	err := c.store.View(func(r Reader) error {
		cu, err := optional[app.Customer](r, t.CustomerID)
		if err != nil || cu == nil {
			return err
		}
		ids, err := r.Lookup(app.KindMessage, "customer_id", t.CustomerID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			msg, err := optional[app.Message](r, id)
			if err != nil {
				return err
			}
			if msg == nil || msg.Status != app.MessageSent {
				continue
			}
			msg.ID = id
			if d, ok := greetedBirthday(msg, cu.Birthday); ok && d == t.OccasionDate {
				out = append(out, msg)
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *app.Message) int { return cmp.Or(a.SentAt.Compare(b.SentAt), cmp.Compare(a.ID, b.ID)) })
	return out, err
}

func (g *generator) booking(id string) error {
	rec, err := g.r.Get(app.KindBooking, id)
	if isNotFound(err) || err == nil && rec.IsDeleted() {
		return nil
	}
	if err != nil {
		return err
	}
	b := &app.Booking{ID: id}
	if err := rawField(rec, "status", &b.Status); err != nil {
		return fmt.Errorf("booking %s: %w", id, err)
	}
	if !b.HoldsSeat() {
		return nil
	}
	// The fields care reads; the price (lines, discounts) only when a
	// balance is worked out.
	if err := rawFields(rec, map[string]any{"code": &b.Code, "customer_id": &b.CustomerID, "departure_id": &b.DepartureID,
		"start_date": &b.StartDate, "end_date": &b.EndDate, "balance_due": &b.BalanceDue, "currency": &b.Currency}); err != nil {
		return fmt.Errorf("booking %s: %w", id, err)
	}
	c, err := g.customer(b.CustomerID)
	if err != nil || c == nil || c.OwnerID == "" {
		return err
	}
	start, end := b.StartDate, b.EndDate
	if b.DepartureID != "" {
		d, err := g.departure(b.DepartureID)
		if err != nil {
			return err
		}
		if d != nil {
			if d.Status == app.DepartureCancelled {
				return nil
			}
			start, end = d.StartDate, d.EndDate
		}
	}
	task := func(t app.TaskType, title string) *app.Task {
		return &app.Task{Title: title, Type: t, AssigneeID: c.OwnerID, CustomerID: c.ID, BookingID: id}
	}

	// The call the day after the trip.
	if !end.IsZero() {
		due := end.AddDays(1)
		if !due.Before(g.today.AddDays(-ReturnCallLateDays)) && !due.After(g.today.AddDays(CareAheadDays)) {
			g.add(ReasonReturnCall, id, due, due, task(app.TaskReturnCall,
				fmt.Sprintf("Call %s: back from the trip (%s, returned %s)", c.Name, b.Code, end)))
		}
	}

	// The balance.
	if due := dueDate(b, start); !due.IsZero() {
		remind, overdue := due.AddDays(-BalanceReminderDays), due.AddDays(1)
		type want struct {
			reason   string
			on       bool
			dueOn    app.Date
			title    string
			absent   bool
			openTask bool
		}
		wants := []*want{
			{reason: ReasonBalanceDue, on: !g.today.Before(remind) && !g.today.After(due), dueOn: remind, title: "Balance of %s due %s: %s owes %s"},
			{reason: ReasonBalanceOverdue, on: !g.today.Before(overdue) && !g.today.After(due.AddDays(BalanceOverdueDays)), dueOn: overdue, title: "Balance of %s overdue since %s: %s owes %s"},
		}
		need := false
		for _, w := range wants {
			var err error
			if w.absent, w.openTask, err = g.taskState(CareTaskID(w.reason, id, due)); err != nil {
				return err
			}
			need = need || w.on && w.absent || w.openTask
		}
		var bal money.Money
		if need {
			if err := rawFields(rec, map[string]any{"lines": &b.Lines, "discounts": &b.Discounts}); err != nil {
				return fmt.Errorf("booking %s: %w", id, err)
			}
			ps, err := bookingPayments(g.r, id)
			if err != nil {
				return err
			}
			if bal, err = app.Balance(b, ps); err != nil {
				return nil // money that cannot be worked out: the booking screen says so
			}
		}
		for _, w := range wants {
			switch {
			case need && bal.Amount <= 0 && w.openTask:
				g.stale = append(g.stale, candidate{id: CareTaskID(w.reason, id, due)})
			case w.on && (!w.absent || bal.Amount > 0):
				g.add(w.reason, id, due, w.dueOn, task(app.TaskPaymentDue,
					fmt.Sprintf(w.title, b.Code, due, c.Name, formatMoney(bal))))
			}
		}
	}

	// Passports.
	if start.IsZero() || end.IsZero() || g.today.After(start) {
		return nil
	}
	due := start.AddDays(-PassportLeadDays)
	if due.After(g.today.AddDays(CareAheadDays)) {
		return nil
	}
	limit := app.DateOf(end.Time().AddDate(0, PassportValidMonths, 0))
	check := func(recordID, name string, expiry app.Date) {
		if expiry.IsZero() || !expiry.Before(limit) {
			return
		}
		g.add(ReasonPassport, recordID, start, due, task(app.TaskPassport,
			fmt.Sprintf("Passport of %s expires %s, less than %d months after the return of %s (%s): renew it before %s",
				name, expiry, PassportValidMonths, b.Code, end, start)))
	}
	trs, err := bookingTravelers(g.r, id)
	if err != nil {
		return err
	}
	for _, t := range trs {
		check(t.ID, t.Name, t.PassportExpiry)
	}
	if len(trs) == 0 {
		check(c.ID+"/"+id, c.Name, c.PassportExpiry)
	}
	return nil
}

// formatMoney writes m with its currency the Vietnamese way ("3.000.000 ₫"
// or "1.250,50 US$": see money.Money.Format).
func formatMoney(m money.Money) string { return m.Format("vi") }

// DueTasks is the Today list of userID on date: the open tasks assigned
// to them that are due on or before date and not snoozed past it, the
// oldest due first (then by type and title). IDs are set.
func (c *Care) DueTasks(userID string, date app.Date) ([]*app.Task, error) {
	var out []*app.Task
	err := c.store.View(func(r Reader) error {
		ids, err := r.Lookup(app.KindTask, "assignee_id", userID)
		if err != nil {
			return err
		}
		all, err := loadAll[app.Task](r, ids, func(t *app.Task, id string) { t.ID = id })
		if err != nil {
			return err
		}
		for _, t := range all {
			if t.ShownOn(date) {
				out = append(out, normalTask(t))
			}
		}
		return nil
	})
	sortTasks(out)
	return out, err
}

// AllTasks returns every task the store holds, whatever its status or
// assignee, by due date. IDs are set and a missing status reads open.
func (c *Care) AllTasks() ([]*app.Task, error) {
	ids, err := c.store.SortedIDs(app.KindTask)
	if err != nil {
		return nil, err
	}
	var out []*app.Task
	err = c.store.View(func(r Reader) error {
		out, err = loadAll[app.Task](r, ids, func(t *app.Task, id string) { t.ID = id })
		return err
	})
	for _, t := range out {
		normalTask(t)
	}
	sortTasks(out)
	return out, err
}

func normalTask(t *app.Task) *app.Task {
	if t.Status == "" {
		t.Status = app.TaskOpen
	}
	return t
}

func sortTasks(ts []*app.Task) {
	slices.SortStableFunc(ts, func(a, b *app.Task) int {
		return cmp.Or(a.DueDate.Compare(b.DueDate), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
}

// Done marks task id done by the session's user at at; note, when given,
// is added to its notes. Done and cancelled are final (app.TaskTransitions).
func (c *Care) Done(id, note string, at time.Time) (*app.Task, error) {
	return c.close(id, app.TaskDone, note, at)
}

// Cancel marks task id cancelled (not needed any more), with note.
func (c *Care) Cancel(id, note string, at time.Time) (*app.Task, error) {
	return c.close(id, app.TaskCancelled, note, at)
}

func (c *Care) close(id string, to app.TaskStatus, note string, at time.Time) (*app.Task, error) {
	var out *app.Task
	err := c.store.Update(func(tx Tx) error {
		t, err := loadTask(tx, id)
		if err != nil {
			return err
		}
		if err := app.TaskTransitions.Check(app.KindTask, "status", normalTask(t).Status, to); err != nil {
			return err
		}
		if t.Status == to {
			out = t
			return nil // done twice: nothing to write
		}
		t.Status, t.DoneAt, t.DoneBy = to, at.UTC().Truncate(time.Second), c.session.UserID
		names := []string{"status", "done_at", "done_by"}
		if note != "" {
			t.Notes = appendNote(t.Notes, note)
			names = append(names, "notes")
		}
		values, err := pickFields(t, names...)
		if err != nil {
			return err
		}
		if err := checkWriteRecord(tx, c.session, app.KindTask, id, values); err != nil {
			return err
		}
		if _, err := tx.Save(app.KindTask, id, values); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// Snooze hides open task id from the Today list until until, which must
// be after today.
func (c *Care) Snooze(id string, until, today app.Date) (*app.Task, error) {
	if !until.After(today) {
		return nil, opsRefuse("snooze task %s until a day after today (%s), not %s", id, today, until)
	}
	var out *app.Task
	err := c.store.Update(func(tx Tx) error {
		t, err := loadTask(tx, id)
		if err != nil {
			return err
		}
		if !t.IsOpen() {
			return opsRefuse("task %s is %s: only an open task can be snoozed", id, t.Status)
		}
		t.SnoozedUntil = until
		values, err := pickFields(t, "snoozed_until")
		if err != nil {
			return err
		}
		if err := checkWriteRecord(tx, c.session, app.KindTask, id, values); err != nil {
			return err
		}
		if _, err := tx.Save(app.KindTask, id, values); err != nil {
			return err
		}
		out = normalTask(t)
		return nil
	})
	return out, err
}

func loadTask(r Reader, id string) (*app.Task, error) {
	t, err := Load[app.Task](r, id)
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("task %s: %w", id, app.ErrNotFound)
		}
		return nil, err
	}
	t.ID = id
	return t, nil
}
