package e2e

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

var (
	flagSeeds  = flag.Int("e2e.seeds", 0, "number of seeds of TestConvergence (0: 30, or 10 with -short)")
	flagSeed   = flag.Int64("e2e.seed", -1, "run TestConvergence with this one seed only")
	flagRounds = flag.Int("e2e.rounds", 6, "offline rounds per seed of TestConvergence")
)

// write is one value a device wrote, kept in the test's ledger.
type write struct {
	step   int
	dev    *device
	kind   app.Kind
	id     string
	field  string
	value  string // compact JSON
	exempt bool   // overwritten by the same device before it synced
}

// scenario is one seed's run: the world, its devices and the ledger.
type scenario struct {
	t      *testing.T
	seed   int64
	rng    *rand.Rand
	w      *world
	devs   []*device
	byName map[string]*device
	ledger []*write
	// pending: per device, the ledger entry of each field written since
	// the device's last successful sync.
	pending map[*device]map[string]*write
	steps   []string
	n       int
	// totals over the run, for the log: what the run exercised.
	conflicts, rejects, revokes, restarts, failedSyncs int
	depID                                              string
}

func (s *scenario) logf(format string, args ...any) {
	s.steps = append(s.steps, fmt.Sprintf("%3d ", len(s.steps))+fmt.Sprintf(format, args...))
}

// unique returns a string no other write of the run holds.
func (s *scenario) unique(what string) string {
	s.n++
	return fmt.Sprintf("%s %d/%d", what, s.seed, s.n)
}

// put saves fields on d and records the string-valued ones in the ledger.
func (s *scenario) put(d *device, kind app.Kind, id string, kv map[string]any, ledgered ...string) {
	if err := d.save(kind, id, kv); err != nil {
		s.t.Fatalf("seed %d: %s saves %s/%s: %v", s.seed, d.name, kind, id, err)
	}
	for _, f := range ledgered {
		b, _ := json.Marshal(kv[f])
		wr := &write{step: len(s.steps), dev: d, kind: kind, id: id, field: f, value: compact(b)}
		k := refKey(kind, id) + "/" + f
		if old := s.pending[d][k]; old != nil {
			old.exempt = true
		}
		s.pending[d][k] = wr
		s.ledger = append(s.ledger, wr)
	}
	s.logf("%s writes %s/%s %v", d.name, kind, short(id), keys(kv))
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return sortedStrings(out)
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

func short(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

func (s *scenario) pick(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[s.rng.Intn(len(ids))]
}

func money(n int) map[string]any { return map[string]any{"amount": n, "currency": "VND"} }

// act makes one random offline edit on d, within what its role may do.
func (s *scenario) act(d *device) {
	r := s.rng.Intn(100)
	u := d.user
	customers := d.live(app.KindCustomer)
	bookings := d.live(app.KindBooking)
	switch u.Role {
	case app.RoleAgent, app.RoleManager:
		owner := u.ID
		if u.Role == app.RoleManager {
			owner = s.byName[s.pick([]string{"agent1", "agent2"})].user.ID
		}
		switch {
		case r < 4 || len(customers) < 2:
			s.put(d, app.KindCustomer, record.NewID(), map[string]any{
				"name": s.unique("customer"), "owner_id": owner, "office_id": u.OfficeID,
				"phones": []string{"+8490123" + fmt.Sprintf("%04d", s.n)}, "stage": "customer",
			}, "name")
		case r < 35:
			f := s.pick([]string{"name", "notes", "notes", "tags"})
			var v any = s.unique(f)
			if f == "tags" {
				v = []string{s.unique("tag")}
			}
			s.put(d, app.KindCustomer, s.pick(customers), map[string]any{f: v}, f)
		case r < 40 && u.Role == app.RoleManager:
			// Reassign a customer to the other agent.
			id := s.pick(customers)
			c, _ := d.get(app.KindCustomer, id)
			to := s.byName["agent1"].user.ID
			if str(c, "owner_id") == to {
				to = s.byName["agent2"].user.ID
			}
			s.put(d, app.KindCustomer, id, map[string]any{"owner_id": to})
			s.logf("  (reassigned to %s)", short(to))
		case r < 43:
			id := s.pick(customers)
			if err := d.del(app.KindCustomer, id); err != nil {
				s.t.Fatalf("seed %d: delete: %v", s.seed, err)
			}
			s.logf("%s deletes customer %s", d.name, short(id))
		case r < 55:
			cid := s.pick(customers)
			c, _ := d.get(app.KindCustomer, cid)
			bo := u.ID
			if u.Role == app.RoleManager {
				bo = str(c, "owner_id")
				if bo == "" {
					bo = owner
				}
			}
			s.put(d, app.KindBooking, record.NewID(), map[string]any{
				"code": s.unique("BK"), "customer_id": cid, "owner_id": bo, "office_id": u.OfficeID,
				"departure_id": s.depID, "status": "inquiry", "currency": "VND", "notes": s.unique("booking notes"),
			}, "code", "notes")
		case r < 70 && len(bookings) > 0:
			f := s.pick([]string{"notes", "notes", "requests"})
			s.put(d, app.KindBooking, s.pick(bookings), map[string]any{f: s.unique(f)}, f)
		case r < 80 && len(bookings) > 0:
			bid := s.pick(bookings)
			b, _ := d.get(app.KindBooking, bid)
			s.put(d, app.KindTraveler, record.NewID(), map[string]any{
				"booking_id": bid, "departure_id": s.depID, "customer_id": str(b, "customer_id"),
				"name": s.unique("traveler"), "type": "adult", "room_type": "twin",
			}, "name")
		case r < 92 && len(bookings) > 0:
			bid := s.pick(bookings)
			b, _ := d.get(app.KindBooking, bid)
			s.put(d, app.KindPayment, record.NewID(), map[string]any{
				"booking_id": bid, "customer_id": str(b, "customer_id"), "type": "deposit", "method": "cash",
				"amount": money(100000 * (1 + s.rng.Intn(50))), "received_by": u.ID, "note": s.unique("payment"),
			}, "note")
		default:
			if len(customers) > 0 {
				s.put(d, app.KindInteraction, record.NewID(), map[string]any{
					"customer_id": s.pick(customers), "user_id": u.ID, "summary": s.unique("called"),
				}, "summary")
			}
		}
	case app.RoleGuide:
		travelers := d.live(app.KindTraveler)
		feedback := d.live(app.KindFeedback)
		switch {
		case r < 30 && len(travelers) > 0:
			id := s.pick(travelers)
			t, _ := d.get(app.KindTraveler, id)
			var in bool
			json.Unmarshal(t.Fields["checked_in"].Value, &in)
			s.put(d, app.KindTraveler, id, map[string]any{"checked_in": !in})
		case r < 50 && len(d.live(app.KindDeparture)) > 0:
			s.put(d, app.KindIncident, record.NewID(), map[string]any{
				"departure_id": s.depID, "reported_by": u.ID, "severity": "low",
				"at": time.Now().UTC().Truncate(time.Second), "description": s.unique("incident"),
			}, "description")
		case r < 70 && len(d.live(app.KindDeparture)) > 0:
			s.put(d, app.KindExpense, record.NewID(), map[string]any{
				"departure_id": s.depID, "spent_by": u.ID, "category": "tips",
				"amount": money(50000), "note": s.unique("expense"),
			}, "note")
		case r < 85 && len(bookings) > 0:
			bid := s.pick(bookings)
			b, _ := d.get(app.KindBooking, bid)
			s.put(d, app.KindFeedback, record.NewID(), map[string]any{
				"booking_id": bid, "customer_id": str(b, "customer_id"), "departure_id": s.depID,
				"rating_overall": 1 + s.rng.Intn(5), "comments": s.unique("feedback"),
			}, "comments")
		case len(feedback) > 0:
			s.put(d, app.KindFeedback, s.pick(feedback), map[string]any{"comments": s.unique("comments")}, "comments")
		}
	case app.RoleAccountant:
		switch {
		case r < 50 && len(bookings) > 0:
			s.put(d, app.KindBooking, s.pick(bookings), map[string]any{"reason": s.unique("reason")}, "reason")
		case r < 80 && len(bookings) > 0:
			bid := s.pick(bookings)
			b, _ := d.get(app.KindBooking, bid)
			s.put(d, app.KindPayment, record.NewID(), map[string]any{
				"booking_id": bid, "customer_id": str(b, "customer_id"), "type": "balance", "method": "bank_transfer",
				"amount": money(200000), "received_by": u.ID, "note": s.unique("transfer"),
			}, "note")
		default:
			s.put(d, app.KindExpense, record.NewID(), map[string]any{
				"departure_id": s.depID, "spent_by": u.ID, "category": "other",
				"amount": money(70000), "note": s.unique("office expense"),
			}, "note")
		}
	case app.RoleAdmin:
		// Take the guide off the departure, or put them back.
		dep, ok := d.get(app.KindDeparture, s.depID)
		if !ok {
			return
		}
		var guides []string
		json.Unmarshal(dep.Fields["guide_ids"].Value, &guides)
		if len(guides) > 0 {
			guides = []string{}
		} else {
			guides = []string{s.byName["guide"].user.ID}
		}
		s.put(d, app.KindDeparture, s.depID, map[string]any{"guide_ids": guides, "notes": s.unique("departure notes")}, "notes")
	}
}

// syncDev syncs d; with clean set, failure is fatal.
func (s *scenario) syncDev(d *device, clean bool) {
	sum, err := d.sync()
	if err != nil {
		if clean {
			s.fail(fmt.Sprintf("%s: clean sync failed: %v", d.name, err))
		}
		s.failedSyncs++
		s.logf("%s sync failed: %v", d.name, err)
		return
	}
	s.pending[d] = map[string]*write{}
	s.conflicts += sum.Conflicts
	s.rejects += len(sum.Rejected)
	s.revokes += sum.Revoked
	s.logf("%s synced: pushed %d rejected %d pulled %d revoked %d conflicts %d", d.name, sum.Pushed, len(sum.Rejected), sum.Pulled, sum.Revoked, sum.Conflicts)
}

func (s *scenario) fail(msg string) {
	s.t.Helper()
	tail := s.steps
	if len(tail) > 60 {
		tail = tail[len(tail)-60:]
	}
	l := s.w.link
	s.t.Fatalf("seed %d (rerun: go test -run TestConvergence -e2e.seed=%d): %s\nlink: %d dropped, %d answers lost, %d duplicated, %d delivered late\nlast steps:\n%s",
		s.seed, s.seed, msg, l.dropped, l.lostAnswers, l.dups, l.lateDelivered, strings.Join(tail, "\n"))
}

func runScenario(t *testing.T, seed int64, rounds int) {
	s := &scenario{t: t, seed: seed, rng: rand.New(rand.NewSource(seed)), byName: map[string]*device{}, pending: map[*device]map[string]*write{}}
	s.w = newWorld(t, seed, map[string]app.Role{
		"agent1": app.RoleAgent, "agent2": app.RoleAgent, "manager": app.RoleManager,
		"guide": app.RoleGuide, "accountant": app.RoleAccountant, "admin": app.RoleAdmin,
	})
	for _, name := range []string{"agent1", "agent2", "manager", "guide", "accountant", "admin"} {
		d := s.w.newDevice(name, name)
		s.devs = append(s.devs, d)
		s.byName[name] = d
		s.pending[d] = map[string]*write{}
	}
	// The admin sets up a tour and a departure the guide runs.
	admin := s.byName["admin"]
	tour := record.NewID()
	s.depID = record.NewID()
	s.put(admin, app.KindTour, tour, map[string]any{"code": "HLB", "name": "Hạ Long Bay"})
	s.put(admin, app.KindDeparture, s.depID, map[string]any{"tour_id": tour, "code": "HLB-1", "guide_ids": []string{s.byName["guide"].user.ID}})
	s.syncDev(admin, true)

	for round := 0; round < rounds; round++ {
		s.logf("-- round %d", round)
		for _, d := range s.devs {
			n := s.rng.Intn(4)
			if d.name == "admin" && s.rng.Intn(4) != 0 {
				n = 0
			}
			for i := 0; i < n; i++ {
				s.act(d)
			}
		}
		s.w.link.setOn(true)
		for _, i := range s.rng.Perm(len(s.devs)) {
			if s.rng.Intn(10) < 7 {
				s.syncDev(s.devs[i], false)
			}
			if s.rng.Intn(4) == 0 {
				s.w.link.deliverLate(false)
			}
		}
		s.w.link.setOn(false)
		if s.rng.Intn(5) == 0 {
			s.w.link.deliverLate(true)
			s.w.restart()
			s.restarts++
			s.logf("server restarted")
		}
	}
	// Requests still kept by the link arrive now, then two clean rounds.
	s.w.link.deliverLate(true)
	s.logf("-- final clean rounds")
	for pass := 0; pass < 2; pass++ {
		for _, d := range s.devs {
			s.syncDev(d, true)
		}
	}
	s.check()
	l := s.w.link
	t.Logf("seed %d: %d writes, %d conflicts, %d refused, %d revoked, %d failed syncs, %d restarts; link: %d dropped, %d answers lost, %d duplicated, %d delivered late",
		seed, len(s.ledger), s.conflicts, s.rejects, s.revokes, s.failedSyncs, s.restarts, l.dropped, l.lostAnswers, l.dups, l.lateDelivered)
}

// check compares every replica with its user's view of the server, and
// looks for every ledgered value.
func (s *scenario) check() {
	snap, au := s.w.serverState()
	var diffs []string
	// The conflict and rejected logs of each device, by kind/id/field=value.
	conflicts := map[*device]map[string]bool{}
	rejected := map[*device]map[string]bool{}
	for _, d := range s.devs {
		conflicts[d], rejected[d] = map[string]bool{}, map[string]bool{}
		cs, err := d.db.Conflicts()
		if err != nil {
			s.t.Fatal(err)
		}
		for _, c := range cs {
			conflicts[d][refKey(c.Kind, c.ID)+"/"+c.Field+"="+compact(c.LocalValue)] = true
		}
		rs, err := d.db.RejectedChanges()
		if err != nil {
			s.t.Fatal(err)
		}
		for _, r := range rs {
			if r.Reason.Code == "" {
				diffs = append(diffs, fmt.Sprintf("%s: rejected change %d of %s/%s has no reason", d.name, r.DeviceSeq, r.Kind, r.ID))
			}
			for f, v := range r.Fields {
				rejected[d][refKey(r.Kind, r.ID)+"/"+f+"="+compact(v.Value)] = true
			}
		}
	}
	for _, d := range s.devs {
		if ob, _ := d.db.Outbox(0); len(ob) != 0 {
			diffs = append(diffs, fmt.Sprintf("%s: %d changes still in the outbox", d.name, len(ob)))
		}
		diffs = append(diffs, diffReplica(d, s.w.subject(d.login), snap)...)
	}
	// Every value written is on the server's audit log (it was accepted,
	// current or since overwritten), or in the writer's conflict log, or in
	// its rejected log with a reason.
	for _, wr := range s.ledger {
		k := refKey(wr.kind, wr.id) + "/" + wr.field
		if au[k][wr.value] || conflicts[wr.dev][k+"="+wr.value] || rejected[wr.dev][k+"="+wr.value] || wr.exempt {
			continue
		}
		diffs = append(diffs, fmt.Sprintf("lost: %s wrote %s = %s at step %d: not on the server's audit log, nor in its conflict or rejected log", wr.dev.name, k, wr.value, wr.step))
	}
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], fmt.Sprintf("… and %d more", len(diffs)-20))
		}
		s.fail(strings.Join(diffs, "\n"))
	}
}

// TestConvergence: six devices (two agents, their manager, a guide, an
// accountant, an admin who moves the guide on and off the departure) edit
// offline and sync in random orders through a faulty link, with server
// restarts; after two clean rounds every replica is exactly its user's
// view of the server and every value written is accounted for.
func TestConvergence(t *testing.T) {
	seeds := *flagSeeds
	if seeds == 0 {
		seeds = 30
		if testing.Short() {
			seeds = 10
		}
	}
	first := int64(1)
	if *flagSeed >= 0 {
		first, seeds = *flagSeed, 1
	}
	for seed := first; seed < first+int64(seeds); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			runScenario(t, seed, *flagRounds)
		})
	}
}
