package record

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// device simulates one replica: its own clock (possibly skewed) and its own
// copy of one record.
type device struct {
	clock *Clock
	rec   Record
}

// randomOps builds n devices whose wall clocks are skewed by up to a day
// either way, lets each make random edits and deletes, and returns the
// versions each device ends with. Devices sometimes observe others' stamps,
// as they would after a sync.
func randomOps(rng *rand.Rand, n int) []Record {
	base := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	devs := make([]*device, n)
	for i := range devs {
		skew := time.Duration(rng.IntN(48)-24) * time.Hour
		now := base.Add(skew)
		step := time.Duration(rng.IntN(5)) * time.Millisecond
		devs[i] = &device{
			clock: NewClock(fmt.Sprintf("dev%d", i), Stamp{}, func() time.Time { now = now.Add(step); return now }),
			rec:   Record{Kind: "customer", ID: "c1"},
		}
	}
	fields := []string{"name", "phones", "notes", Deleted}
	for op := 0; op < 40; op++ {
		d := devs[rng.IntN(n)]
		f := fields[rng.IntN(len(fields))]
		var v json.RawMessage
		if f == Deleted {
			v = json.RawMessage([]byte(fmt.Sprint(rng.IntN(2) == 0)))
		} else {
			v = json.RawMessage(fmt.Sprintf("%q", fmt.Sprintf("v%d", rng.IntN(6))))
		}
		d.rec.Set(f, v, d.clock.Now())
		if rng.IntN(4) == 0 {
			other := devs[rng.IntN(n)]
			merged, _ := Merge(d.rec, other.rec)
			d.rec = merged
			d.clock.Observe(other.rec.Latest())
		}
	}
	out := make([]Record, n)
	for i, d := range devs {
		out[i] = d.rec
	}
	return out
}

func equal(a, b Record) bool { return reflect.DeepEqual(a.Fields, b.Fields) }

func merge(a, b Record) Record {
	m, _ := Merge(a, b)
	return m
}

func TestMergeProperties(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		v := randomOps(rng, 3+rng.IntN(3))
		a, b, c := v[0], v[1], v[2]
		if !equal(merge(a, b), merge(b, a)) {
			t.Fatalf("seed %d: merge is not commutative", seed)
		}
		if !equal(merge(merge(a, b), c), merge(a, merge(b, c))) {
			t.Fatalf("seed %d: merge is not associative", seed)
		}
		if !equal(merge(a, a), a) || !equal(merge(merge(a, b), b), merge(a, b)) {
			t.Fatalf("seed %d: merge is not idempotent", seed)
		}
		// Any order of merging all versions gives the same record.
		all := Record{}
		for _, r := range v {
			all = merge(all, r)
		}
		rng.Shuffle(len(v), func(i, j int) { v[i], v[j] = v[j], v[i] })
		again := Record{}
		for _, r := range v {
			again = merge(again, r)
		}
		if !equal(all, again) {
			t.Fatalf("seed %d: merge order changed the result", seed)
		}
	}
}

func TestMergeDoesNotModifyInputs(t *testing.T) {
	a := Record{Kind: "customer", ID: "c1"}
	a.Set("name", json.RawMessage(`"An"`), Stamp{Wall: 1, Device: "a"})
	b := Record{Kind: "customer", ID: "c1"}
	b.Set("name", json.RawMessage(`"Bình"`), Stamp{Wall: 2, Device: "b"})
	m, lost := Merge(a, b)
	if string(a.Fields["name"].Value) != `"An"` {
		t.Fatal("Merge modified its local input")
	}
	if string(m.Fields["name"].Value) != `"Bình"` {
		t.Fatalf("merged name = %s, want the higher stamp's value", m.Fields["name"].Value)
	}
	if len(lost) != 1 || string(lost[0].Old.Value) != `"An"` || lost[0].Field != "name" {
		t.Fatalf("overwrites = %+v, want the lost local name", lost)
	}
	if _, lost := Merge(b, a); len(lost) != 0 {
		t.Fatalf("an older remote value overwrote nothing, got %+v", lost)
	}
}

// A laptop whose clock runs a day behind still orders its new edits after
// everything it has seen, so an edit made after a sync is not lost to an
// older edit from a laptop with a correct clock.
func TestClockBehindStillWinsAfterObserving(t *testing.T) {
	right := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	behind := right.Add(-24 * time.Hour)
	lan := NewClock("lan", Stamp{}, func() time.Time { return right })
	minh := NewClock("minh", Stamp{}, func() time.Time { return behind })

	var onLan Record
	onLan.Set("phones", json.RawMessage(`["+84901234567"]`), lan.Now())

	// Minh syncs, sees Lan's edit, then edits the same field.
	onMinh, _ := Merge(Record{}, onLan)
	minh.Observe(onMinh.Latest())
	onMinh.Set("phones", json.RawMessage(`["+84912345678"]`), minh.Now())

	got := merge(onLan, onMinh)
	if string(got.Fields["phones"].Value) != `["+84912345678"]` {
		t.Fatalf("phones = %s, want Minh's later edit", got.Fields["phones"].Value)
	}
}

func TestClockMonotonic(t *testing.T) {
	fixed := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := NewClock("d", Stamp{Wall: fixed.UnixMilli() + 5000, Logical: 3}, func() time.Time { return fixed })
	prev := c.Last()
	for range 1000 {
		s := c.Now()
		if !s.After(prev) {
			t.Fatalf("stamp %v not after %v", s, prev)
		}
		prev = s
	}
}

func TestStampText(t *testing.T) {
	s := Stamp{Wall: 1795000000123, Logical: 42, Device: "0193-abc.def"}
	b, _ := s.MarshalText()
	var got Stamp
	if err := got.UnmarshalText(b); err != nil || got != s {
		t.Fatalf("round trip %q = %v, %v", b, got, err)
	}
	for _, bad := range []string{"", "1.2", "x.1.d", "1.x.d", "1.99999999999.d"} {
		if err := got.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("UnmarshalText(%q) accepted", bad)
		}
	}
}

func TestEncodeDecodeKeepsUnknownFields(t *testing.T) {
	type v1 struct {
		Name string `json:"name"`
	}
	r := Record{Kind: "customer", ID: "c1"}
	r.Set("name", json.RawMessage(`"An"`), Stamp{Wall: 1, Device: "a"})
	// A newer version wrote a field this one does not know.
	r.Set("loyalty_tier", json.RawMessage(`"VIP1"`), Stamp{Wall: 2, Device: "b"})

	var e v1
	if err := Decode(r, &e); err != nil || e.Name != "An" {
		t.Fatalf("Decode = %+v, %v", e, err)
	}
	e.Name = "Bình"
	values, err := Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	changes := Changes(r, values, Stamp{Wall: 3, Device: "a"})
	if len(changes) != 1 || string(changes["name"].Value) != `"Bình"` {
		t.Fatalf("Changes = %v, want only name", changes)
	}
	for name, f := range changes {
		r.Set(name, f.Value, f.Stamp)
	}
	if string(r.Fields["loyalty_tier"].Value) != `"VIP1"` {
		t.Fatal("unknown field was lost")
	}
}

func TestTombstone(t *testing.T) {
	var r Record
	r.Set("name", json.RawMessage(`"An"`), Stamp{Wall: 1, Device: "a"})
	if r.IsDeleted() {
		t.Fatal("new record is deleted")
	}
	r.Set(Deleted, json.RawMessage(`true`), Stamp{Wall: 2, Device: "a"})
	if !r.IsDeleted() {
		t.Fatal("tombstone not seen")
	}
	// A concurrent undelete with a higher stamp wins like any edit.
	var other Record
	other.Set(Deleted, json.RawMessage(`false`), Stamp{Wall: 3, Device: "b"})
	if merge(r, other).IsDeleted() {
		t.Fatal("later undelete lost")
	}
}
