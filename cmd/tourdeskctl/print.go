package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/printing"
)

// print registers itself so that this file is the whole subcommand; the
// usage text in run.go lists it once the owner of run.go adds the line.

const printUsage = `usage: tourdeskctl print quote|contract|receipt|voucher|grouplist|roominglist ID -o FILE.pdf [--lang vi|en|ru|zh]

  quote        ID of a booking (quoted to its customer) or of a tour (its program and list prices)
  contract     ID of a booking
  receipt      ID of a payment
  voucher      ID of a service order
  grouplist    ID of a departure
  roominglist  ID of a departure

--lang defaults to the customer's language (vi when there is none); -o - writes the PDF to stdout.
`

// cmdPrint writes one document as PDF. The print date is today (local
// time). A wrong kind, an unknown id, or an id of another kind of record is
// bad input (exit 1).
func cmdPrint(e *env, args []string) error {
	fs := newFlags("print", e)
	out := fs.String("o", "", "the PDF file to write (- for stdout)")
	lang := fs.String("lang", "", "the document's language: vi, en, ru or zh")
	fs.Usage = func() { fmt.Fprint(e.stderr, printUsage) }
	pos, err := parse(fs, args, 2, "a document kind and an id")
	if err != nil {
		return err
	}
	kind, id := pos[0], pos[1]
	if !slices.Contains(printing.Kinds, kind) {
		return usagef("print: unknown document %q (want one of %v)", kind, printing.Kinds)
	}
	if *out == "" {
		return usagef("print: -o FILE.pdf is required")
	}
	if *lang != "" && !slices.Contains(app.Languages, *lang) {
		return usagef("print: --lang %q: want vi, en, ru or zh", *lang)
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	m, err := printing.Document(s, kind, id, *lang, app.DateOf(time.Now()))
	if err != nil {
		return err
	}
	pdf, err := printing.Render(m)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = e.stdout.Write(pdf)
		return err
	}
	if err := os.WriteFile(*out, pdf, 0o644); err != nil {
		// %v, not %w: run maps os.ErrNotExist to bad input (a missing input
		// file), but an output that cannot be written is a failure (exit 2).
		return fmt.Errorf("print: %v", err)
	}
	fmt.Fprintf(e.stderr, "print: %s %s written to %s (%d KB)\n", kind, id, *out, (len(pdf)+1023)/1024)
	return nil
}
