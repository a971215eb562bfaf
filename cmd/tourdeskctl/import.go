package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/tabular"
)

func cmdImport(e *env, args []string) error {
	if len(args) == 0 || args[0] != "customers" {
		return usagef("import: want `import customers FILE`")
	}
	fs := newFlags("import customers", e)
	region := fs.String("region", "", "country code whose numbering plan reads phones written without a country code (default VN)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parse(fs, args[1:], 1, "one FILE (.csv or .xlsx)")
	if err != nil {
		return err
	}
	path := pos[0]
	if _, err := tabular.FormatOf(path); err != nil {
		return fmt.Errorf("import: %v: %w", err, app.ErrInvalid)
	}
	rows, err := tabular.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer rows.Close()
	s, err := e.open()
	if err != nil {
		return err
	}
	start, next := time.Now(), 10_000
	progress := func(n int) {
		// A line per 10,000 rows, so a big file shows it is moving.
		if n >= next {
			fmt.Fprintf(e.stderr, "import: %d rows (%s)\n", n, time.Since(start).Round(time.Millisecond))
			next = n + 10_000
		}
	}
	rep, err := service.ImportCustomers(s, e.session(), rows, service.ImportOptions{Region: *region, Progress: progress})
	if err != nil {
		if rep.Rows > 0 {
			printReport(e, filepath.Base(path), rep)
		}
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	printReport(e, filepath.Base(path), rep)
	return nil
}

func printReport(e *env, name string, rep service.Report) {
	w := e.stdout
	fmt.Fprintf(w, "%s: %d rows: %d imported, %d merged into existing customers, %d rejected", name, rep.Rows, rep.Imported, rep.Merged, len(rep.Rejected))
	if rep.Blank > 0 {
		fmt.Fprintf(w, " (%d blank rows skipped)", rep.Blank)
	}
	fmt.Fprintln(w)
	for _, c := range rep.Unknown {
		fmt.Fprintf(w, "column %q not imported: no customer field has that name\n", c)
	}
	// Every rejected row is listed: each needs fixing. Merges are listed up
	// to a screenful; --json has them all.
	const maxMerges = 100
	for i, m := range rep.Merges {
		if i == maxMerges {
			fmt.Fprintf(w, "… and %d more merged rows (--json lists them all)\n", len(rep.Merges)-maxMerges)
			break
		}
		into := m.Into
		if m.IntoRow > 0 {
			into = fmt.Sprintf("%s (row %d)", m.Into, m.IntoRow)
		}
		change := ""
		if !m.Changed {
			change = ", nothing new"
		}
		fmt.Fprintf(w, "row %d: merged into %s: same %s%s\n", m.Row, into, m.By, change)
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(w, "row %d: rejected: %s\n", r.Row, r.Reason)
	}
}
