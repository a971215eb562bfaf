package localdb

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// pulledCustomers returns n generated customers as a server would send
// them on a first pull: whole records, every field stamped by another
// device.
func pulledCustomers(n int) []record.Record {
	gen := newGenerator(3)
	clock := record.NewClock("server-side-device", record.Stamp{}, nil)
	out := make([]record.Record, n)
	for i := range out {
		c := gen.customer()
		values, _ := record.Encode(&c)
		st := clock.Now()
		r := record.Record{Kind: string(app.KindCustomer), ID: record.NewID(), Fields: map[string]record.Field{}}
		for k, v := range values {
			r.Fields[k] = record.Field{Value: v, Stamp: st}
		}
		out[i] = r
	}
	return out
}

// BenchmarkApplyPull applies b.N pulled customers into a fresh store with
// fsync on, in pages of 5,000 (LOCALDB_PULL_PAGE=n), as a first pull does,
// and reports records per second.
func BenchmarkApplyPull(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "pull.db"), Options{NoSync: os.Getenv("LOCALDB_NOSYNC") != ""})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	recs := pulledCustomers(b.N)
	per := 5000
	if n, err := strconv.Atoi(os.Getenv("LOCALDB_PULL_PAGE")); err == nil && n > 0 {
		per = n
	}
	b.ResetTimer()
	for start := 0; start < b.N; start += per {
		if _, _, err := s.ApplyPull(Pulled{Records: recs[start:min(start+per, b.N)]}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkLoadSnapshot loads b.N pulled customers into a fresh store
// (opened with fsync on, as the app does) as one snapshot, and reports
// records per second.
func BenchmarkLoadSnapshot(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "snap.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	recs := pulledCustomers(b.N)
	i := 0
	next := func() (record.Record, error) {
		if i == len(recs) {
			return record.Record{}, io.EOF
		}
		i++
		return recs[i-1], nil
	}
	b.ResetTimer()
	if _, err := s.LoadSnapshot(Snapshot{Next: next, Cursor: "1"}); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
