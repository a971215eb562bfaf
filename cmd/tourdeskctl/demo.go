package main

import (
	"fmt"
	"sort"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/demo"
)

func cmdDemo(e *env, args []string) error {
	fs := newFlags("demo", e)
	n := fs.Int("customers", 1000, "number of customers")
	seed := fs.Int64("seed", 1, "the data set: the same seed gives the same data")
	today := fs.String("today", "", "the data set's today, YYYY-MM-DD (default: today); the same --seed and --today give the same data")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if _, err := parse(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	if *n <= 0 {
		return usagef("demo: --customers must be positive")
	}
	now := time.Now().UTC()
	if *today != "" {
		d, err := app.ParseDate(*today)
		if err != nil {
			return fmt.Errorf("demo: --today: %v: %w", err, app.ErrInvalid)
		}
		now = d.Time()
	}
	// Noon, so the date is the same in every time zone an agency works in.
	now = time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, time.UTC)
	s, err := e.open()
	if err != nil {
		return err
	}
	start := time.Now()
	last := -1
	sum, err := demo.Generate(s, demo.Options{Customers: *n, Seed: *seed, Now: now}, func(done, total int) {
		// One line per tenth, so a log stays short.
		if pct := done * 10 / total; pct != last {
			last = pct
			fmt.Fprintf(e.stderr, "demo: %d/%d customers (%s)\n", done, total, time.Since(start).Round(time.Millisecond))
		}
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, sum)
	}
	kinds := make([]string, 0, len(sum.Counts))
	for k := range sum.Counts {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	fmt.Fprintf(e.stdout, "demo data written in %s:", time.Since(start).Round(time.Millisecond))
	for _, k := range kinds {
		fmt.Fprintf(e.stdout, " %d %s", sum.Counts[kindOf(k)], k)
	}
	fmt.Fprintf(e.stdout, "\ntry: tourdeskctl customer search \"0901 234 567\" (customer %s)\n", sum.SamplePhone)
	return nil
}
