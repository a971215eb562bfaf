package app

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app/record"
)

// samples returns one valid entity of every kind, as a user would enter it
// (so Validate has work to do).
func samples() []Entity {
	c := validCustomer()
	t, d, b, tr, py := validTour(), validDeparture(), validBooking(), validTraveler(), validPayment()
	o, u, cp, pt, so := validOffice(), validUser(), validCampaign(), validPartner(), validServiceOrder()
	e, in, it, tk, cl := validExpense(), validIncident(), validInteraction(), validTask(), validComplaint()
	f, l, s := validFeedback(), validLoyalty(), validSettings()
	m, ms := validMessage(), validMessageSettings()
	return []Entity{&c, &t, &d, &b, &tr, &py, &o, &u, &cp, &pt, &so, &e, &in, &it, &tk, &cl, &f, &l, &s, &m, &ms}
}

func validCustomer() Customer {
	return Customer{Name: "Nguyễn Văn An", Phones: []string{"0901 234 567"}, Country: "VN"}
}

// wantProblem fails unless err is a *ValidationError (matching ErrInvalid)
// with a problem of code on field that has a message.
func wantProblem(t *testing.T, err error, field, code string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("Validate = %v, want a ValidationError with %s on %s", err, code, field)
	}
	for _, p := range ve.Problems {
		if p.Field == field && p.Code == code && p.Message != "" {
			return
		}
	}
	t.Fatalf("problems = %+v, want %s on %s", ve.Problems, code, field)
}

// badCase breaks one field of a valid entity.
type badCase[E any] struct {
	name  string
	edit  func(*E)
	field string
	code  string
}

// runBad checks that each case's edit of a fresh valid entity gives a
// problem of the case's code on its field.
func runBad[E any, P interface {
	*E
	Entity
}](t *testing.T, valid func() E, cases []badCase[E]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := valid()
			tc.edit(&e)
			wantProblem(t, P(&e).Validate(), tc.field, tc.code)
		})
	}
}

func TestSamplesValidate(t *testing.T) {
	for _, e := range samples() {
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", e.Kind(), err)
		}
		// Validate is idempotent: a normalised entity stays as it is.
		before, _ := json.Marshal(e)
		if err := e.Validate(); err != nil {
			t.Errorf("%s second Validate: %v", e.Kind(), err)
		}
		if after, _ := json.Marshal(e); string(after) != string(before) {
			t.Errorf("%s: second Validate changed\n%s\nto\n%s", e.Kind(), before, after)
		}
	}
}

// TestRegistry checks that every kind constant is registered, that New
// makes an entity of that kind, and that the fields the store indexes,
// searches and sorts by are JSON fields of the entity.
func TestRegistry(t *testing.T) {
	all := []Kind{KindOffice, KindUser, KindCustomer, KindCampaign, KindTour, KindDeparture, KindBooking, KindTraveler, KindPayment, KindPartner, KindServiceOrder, KindExpense, KindIncident, KindInteraction, KindTask, KindComplaint, KindFeedback, KindLoyaltyProgram, KindSetting, KindMessage, KindMessageSettings}
	for _, k := range all {
		if _, ok := Info(k); !ok {
			t.Errorf("kind %s is not registered", k)
		}
	}
	if got := len(Kinds()); got != len(all) {
		t.Errorf("%d kinds registered, want %d", got, len(all))
	}
	appendOnly := []Kind{KindPayment, KindExpense, KindIncident, KindInteraction}
	for _, info := range Kinds() {
		e := info.New()
		if e.Kind() != info.Kind {
			t.Errorf("%s: New().Kind() = %s", info.Kind, e.Kind())
		}
		if info.AppendOnly != slices.Contains(appendOnly, info.Kind) {
			t.Errorf("%s: AppendOnly = %v", info.Kind, info.AppendOnly)
		}
		fields, err := record.Encode(e)
		if err != nil {
			t.Fatalf("%s: Encode: %v", info.Kind, err)
		}
		check := func(what string, names ...string) {
			for _, n := range names {
				if _, ok := fields[n]; !ok {
					t.Errorf("%s: %s field %q is not a JSON field of %T", info.Kind, what, n, e)
				}
			}
		}
		check("Index", info.Index...)
		check("Search", info.Search...)
		check("Phones", info.Phones...)
		if info.Sort != "" {
			check("Sort", info.Sort)
		}
		if _, ok := fields["id"]; ok {
			t.Errorf("%s: the id must not be a field (json:\"-\")", info.Kind)
		}
	}
}

// TestRecordRoundTrip encodes a valid entity of every kind into a record
// and decodes it back unchanged.
func TestRecordRoundTrip(t *testing.T) {
	seen := map[Kind]bool{}
	for _, e := range samples() {
		seen[e.Kind()] = true
		if err := e.Validate(); err != nil {
			t.Fatalf("%s: %v", e.Kind(), err)
		}
		fields, err := record.Encode(e)
		if err != nil {
			t.Fatalf("%s: Encode: %v", e.Kind(), err)
		}
		r := record.Record{Kind: string(e.Kind()), ID: record.NewID(), Fields: map[string]record.Field{}}
		for name, v := range fields {
			r.Fields[name] = record.Field{Value: v}
		}
		// A field from a newer version is ignored by Decode.
		r.Fields["from_the_future"] = record.Field{Value: json.RawMessage(`{"x":1}`)}
		info, _ := Info(e.Kind())
		back := info.New()
		if err := record.Decode(r, back); err != nil {
			t.Fatalf("%s: Decode: %v", e.Kind(), err)
		}
		if !reflect.DeepEqual(back, e) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v", e.Kind(), back, e)
		}
	}
	for _, info := range Kinds() {
		if !seen[info.Kind] {
			t.Errorf("no sample of kind %s", info.Kind)
		}
	}
}

// TestTransitionTables checks every table: each listed move passes, and
// every move not listed fails with a message naming both statuses.
func TestTransitionTables(t *testing.T) {
	tables := []transitionTable{
		tableOf(KindBooking, BookingTransitions, BookingStatuses),
		tableOf(KindDeparture, DepartureTransitions, DepartureStatuses),
		tableOf(KindServiceOrder, ServiceOrderTransitions, ServiceOrderStatuses),
		tableOf(KindTask, TaskTransitions, TaskStatuses),
		tableOf(KindComplaint, ComplaintTransitions, ComplaintStatuses),
		tableOf(KindCampaign, CampaignTransitions, CampaignStatuses),
		tableOf(KindCustomer, StageTransitions, []Stage{StageTarget, StageLead, StageProspect, StageCustomer}),
	}
	for _, tb := range tables {
		for from, tos := range tb.moves {
			if !slices.Contains(tb.all, from) {
				t.Errorf("%s: table has unknown status %q", tb.kind, from)
			}
			for _, to := range tos {
				if !slices.Contains(tb.all, to) {
					t.Errorf("%s: table has unknown status %q", tb.kind, to)
				}
			}
		}
		for _, from := range tb.all {
			for _, to := range tb.all {
				err := tb.check(from, to)
				allowed := from == to || slices.Contains(tb.moves[from], to)
				switch {
				case allowed && err != nil:
					t.Errorf("%s: %s → %s: %v", tb.kind, from, to, err)
				case !allowed && err == nil:
					t.Errorf("%s: %s → %s allowed", tb.kind, from, to)
				case !allowed:
					var ve *ValidationError
					if !errors.As(err, &ve) || ve.Problems[0].Code != CodeTransition ||
						!strings.Contains(err.Error(), `"`+from+`"`) || !strings.Contains(err.Error(), `"`+to+`"`) {
						t.Errorf("%s: %s → %s: %v, want a transition error naming both", tb.kind, from, to, err)
					}
				}
			}
		}
	}
}

// transitionTable is a Transitions table with its statuses as strings.
type transitionTable struct {
	kind  Kind
	all   []string
	check func(from, to string) error
	moves map[string][]string
}

func tableOf[S ~string](kind Kind, tr Transitions[S], all []S) transitionTable {
	out := transitionTable{kind: kind, moves: map[string][]string{}}
	for _, s := range all {
		out.all = append(out.all, string(s))
	}
	for from, tos := range tr {
		for _, to := range tos {
			out.moves[string(from)] = append(out.moves[string(from)], string(to))
		}
	}
	out.check = func(from, to string) error { return tr.Check(kind, "status", S(from), S(to)) }
	return out
}
