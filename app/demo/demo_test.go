package demo_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	_ "image/png"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/localdb"
)

func openStore(t testing.TB) *localdb.Store {
	t.Helper()
	s, err := localdb.Open(filepath.Join(t.TempDir(), "demo.db"), localdb.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// values returns every live record of every kind as field name → JSON
// value, without stamps (which depend on the wall clock of the run).
func values(t *testing.T, s *localdb.Store) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, k := range app.Kinds() {
		ids, err := s.SortedIDs(k.Kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			r, err := s.Get(k.Kind, id)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			for name, f := range r.Fields {
				m[name] = string(f.Value)
			}
			out[string(k.Kind)+"/"+id] = m
		}
	}
	return out
}

func TestGenerateDeterministic(t *testing.T) {
	opts := demo.Options{Customers: 300, Seed: 7, BatchSize: 128}
	a, b, c := openStore(t), openStore(t), openStore(t)
	sa, err := demo.Generate(a, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(b, opts, nil); err != nil {
		t.Fatal(err)
	}
	va, vb := values(t, a), values(t, b)
	if len(va) != sa.Total() {
		t.Errorf("summary counts %d records, store holds %d", sa.Total(), len(va))
	}
	if !reflect.DeepEqual(va, vb) {
		t.Fatal("the same options gave different data sets")
	}
	opts.Seed = 8
	if _, err := demo.Generate(c, opts, nil); err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(va, values(t, c)) {
		t.Fatal("different seeds gave the same data set")
	}
}

func TestGenerateRealistic(t *testing.T) {
	s := openStore(t)
	var calls []int
	sum, err := demo.Generate(s, demo.Options{Customers: 3000, Seed: 1, Now: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)},
		func(done, total int) {
			if total != 3000 {
				t.Errorf("progress total %d", total)
			}
			calls = append(calls, done)
		})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(calls, []int{1000, 2000, 3000}) {
		t.Errorf("progress calls %v", calls)
	}
	if sum.Counts[app.KindCustomer] != 3000 {
		t.Errorf("summary: %v", sum.Counts)
	}
	customers := service.NewCustomers(s, service.Session{})
	ids, _ := customers.SortedIDs()
	all, err := customers.GetMany(ids)
	if err != nil || len(all) != 3000 {
		t.Fatalf("%d customers, %v", len(all), err)
	}
	byCountry := map[string]int{}
	var viPersons, nguyen, emails, passports, birthdays int
	stages := map[app.Stage]int{}
	for _, c := range all {
		byCountry[c.Country]++
		stages[c.Stage]++
		if len(c.Emails) > 0 {
			emails++
		}
		if c.PassportNumber != "" {
			passports++
		}
		if !c.Birthday.IsZero() {
			birthdays++
		}
		if c.Country == "VN" && c.Type == app.Person {
			viPersons++
			if strings.HasPrefix(c.Name, "Nguyễn ") {
				nguyen++
			}
			if c.Region != "North" && c.Region != "Central" && c.Region != "South" {
				t.Errorf("%s: region %q", c.Name, c.Region)
			}
		}
		if len(c.Phones) == 0 || c.Name == "" || c.LatinName == "" && c.Type == app.Person {
			t.Errorf("incomplete customer %+v", c)
		}
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	if f := share(byCountry["VN"], 3000); f < 0.66 || f > 0.74 {
		t.Errorf("Vietnamese share %.2f, want about 0.70", f)
	}
	if f := share(byCountry["RU"], 3000); f < 0.12 || f > 0.18 {
		t.Errorf("Russian share %.2f, want about 0.15", f)
	}
	if f := share(byCountry["CN"], 3000); f < 0.12 || f > 0.18 {
		t.Errorf("Chinese share %.2f, want about 0.15", f)
	}
	if f := share(nguyen, viPersons); f < 0.34 || f > 0.42 {
		t.Errorf("Nguyễn share %.3f of Vietnamese people, want about 0.38", f)
	}
	if f := share(emails, 3000); f < 0.5 || f > 0.8 {
		t.Errorf("email share %.2f", f)
	}
	if f := share(passports, 3000); f < 0.3 || f > 0.6 {
		t.Errorf("passport share %.2f", f)
	}
	if f := share(birthdays, 3000); f < 0.8 {
		t.Errorf("birthday share %.2f", f)
	}
	if stages[app.StageCustomer]+stages[app.StageProspect]+stages[app.StageLead] < 2700 {
		t.Errorf("stages %v: want mostly customer, prospect and lead", stages)
	}

	// The sample customer is found however the phone is typed.
	for _, q := range []string{"0901 234 567", "+84 90 123 4567", "0901234567"} {
		found, err := customers.Search(q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].MainPhone() != demo.SamplePhone || found[0].Name != "Nguyễn Văn An" {
			t.Errorf("search %q found %d: %v", q, len(found), found)
		}
	}
}

func TestGenerateJSON(t *testing.T) {
	s := openStore(t)
	sum, err := demo.Generate(s, demo.Options{Customers: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(sum)
	if !strings.Contains(string(b), `"customer":10`) {
		t.Errorf("summary JSON %s", b)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		b.StartTimer()
		if _, err := demo.Generate(s, demo.Options{Customers: 2000}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Bookings cover every status, never overbook a departure, and their
// payments never exceed what the booking costs.
func TestGenerateBookings(t *testing.T) {
	s := openStore(t)
	sum, err := demo.Generate(s, demo.Options{Customers: 2000, Seed: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []app.Kind{app.KindOffice, app.KindUser, app.KindTour, app.KindDeparture, app.KindBooking, app.KindTraveler, app.KindPayment, app.KindPartner} {
		if sum.Counts[k] == 0 {
			t.Errorf("no %s records", k)
		}
	}
	if n := sum.Counts[app.KindTour]; n < 20 {
		t.Errorf("%d tours, want about 20", n)
	}
	load := func(kind app.Kind) []string {
		ids, err := s.SortedIDs(kind)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	statuses := map[app.BookingStatus]int{}
	seats := map[string]int{}
	for _, id := range load(app.KindBooking) {
		b, err := service.Load[app.Booking](s, id)
		if err != nil {
			t.Fatal(err)
		}
		statuses[b.Status]++
		if b.HoldsSeat() && b.DepartureID != "" {
			seats[b.DepartureID] += b.Seats()
		}
		ps, _ := s.Lookup(app.KindPayment, "booking_id", id)
		var payments []*app.Payment
		for _, pid := range ps {
			p, err := service.Load[app.Payment](s, pid)
			if err != nil {
				t.Fatal(err)
			}
			payments = append(payments, p)
		}
		bal, err := app.Balance(b, payments)
		if err != nil {
			t.Fatalf("booking %s: %v", b.Code, err)
		}
		switch {
		case bal.Amount < 0:
			t.Errorf("booking %s: paid more than its total (balance %s)", b.Code, bal)
		case (b.Status == app.BookingPaid || b.Status == app.BookingCompleted) && bal.Amount != 0:
			t.Errorf("booking %s is %s with %s still due", b.Code, b.Status, bal)
		case b.Status == app.BookingDeposit && (len(payments) != 1 || payments[0].Type != app.PaymentDeposit):
			t.Errorf("booking %s in deposit has payments %+v", b.Code, payments)
		}
		if b.HoldsSeat() {
			tr, _ := s.Lookup(app.KindTraveler, "booking_id", id)
			if len(tr) < b.Seats() {
				t.Errorf("booking %s: %d travelers for %d seats", b.Code, len(tr), b.Seats())
			}
		}
	}
	for _, st := range app.BookingStatuses {
		if statuses[st] == 0 {
			t.Errorf("no booking in status %s (%v)", st, statuses)
		}
	}
	for depID, n := range seats {
		d, err := service.Load[app.Departure](s, depID)
		if err != nil {
			t.Fatal(err)
		}
		if n > d.Capacity {
			t.Errorf("departure %s: %d seats booked of %d", d.Code, n, d.Capacity)
		}
	}
}

// The demo agency has the identity documents print: name, licence, tax
// code, bank account, a logo that decodes as an image, cancellation terms.
func TestGenerateCompanySettings(t *testing.T) {
	s := openStore(t)
	if _, err := demo.Generate(s, demo.Options{Customers: 10, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	c, err := service.Load[app.CompanySettings](s, app.CompanySettingsID)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("stored settings do not validate: %v", err)
	}
	if c.CompanyName == "" || c.LicenceNumber == "" || c.TaxCode == "" || c.BankAccount == "" || c.CancellationTerms == "" {
		t.Fatalf("settings missing identity fields: %+v", c)
	}
	raw, err := base64.StdEncoding.DecodeString(c.Logo)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := image.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatalf("logo does not decode: %v", err)
	}
}
