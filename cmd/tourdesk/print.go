package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/printing"
	"github.com/tourdesk/tourdesk/ui/customers"
)

// pdfPrinter is the desktop app's Print: it builds the document with
// printing.Document (the code tourdeskctl print uses), writes the PDF
// into dir and hands the file to open, the operating system's default
// viewer, from which the user prints or saves it. It implements
// customers.Printer and is safe for concurrent use (the store is, and
// each print writes its own temporary file).
type pdfPrinter struct {
	store service.Store
	// dir is where the PDFs go (see printDir); created when missing.
	dir string
	// open hands a written file to the operating system (in the app,
	// fyne's App.OpenURL of its file URL: xdg-open on Linux, open on
	// macOS, the shell's file handler on Windows).
	open func(path string) error
	// today dates the documents.
	today func() app.Date
}

// printDir is where the desktop app writes the PDFs it opens:
// os.UserCacheDir()/tourdesk/print (~/.cache/tourdesk/print on Linux,
// ~/Library/Caches/tourdesk/print on macOS, %LocalAppData%\tourdesk\print
// on Windows). A cache, not Documents: the file is a by-product the
// viewer shows, printing again rebuilds it from the data, and a user who
// wants to keep it saves it from the viewer where they choose. Without a
// cache directory the system's temporary directory is used.
func printDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "tourdesk", "print")
}

// Print writes job's document as <kind>-<name>.pdf in p.dir (replacing
// the file of an earlier print of it) and opens it. It returns the path
// written; an error from the store or the builder (app.ErrNotFound for an
// unknown id) with path "", and an error from open with the path set.
func (p *pdfPrinter) Print(job customers.PrintJob) (string, error) {
	today := app.DateOf(time.Now())
	if p.today != nil {
		today = p.today()
	}
	m, err := printing.Document(p.store, job.Kind, job.ID, job.Lang, today)
	if err != nil {
		return "", err
	}
	pdf, err := printing.Render(m)
	if err != nil {
		return "", err
	}
	path, err := writePDF(p.dir, fileName(job), pdf)
	if err != nil {
		return "", err
	}
	if err := p.open(path); err != nil {
		return path, err
	}
	return path, nil
}

// fileName is "<kind>-<name>.pdf" with name (or the id when there is
// none) reduced to letters, digits, '-' and '.', so any reference makes
// a valid file name on every system: "contract-BK-2026-000123.pdf",
// "receipt-PT_2026_001.pdf".
func fileName(job customers.PrintJob) string {
	name := job.Name
	if name == "" {
		name = job.ID
	}
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, name)
	safe = strings.Trim(safe, ".")
	if len(safe) > 80 {
		safe = safe[:80]
	}
	return job.Kind + "-" + safe + ".pdf"
}

// writePDF writes pdf as dir/name through a temporary file, so a reader
// never sees half a file. When the finished file cannot take name's place
// (Windows refuses while a viewer still holds the previous print open),
// the temporary file, under its own unique name, is the result.
func writePDF(dir, name string, pdf []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("print: %w", err)
	}
	f, err := os.CreateTemp(dir, strings.TrimSuffix(name, ".pdf")+"-*.pdf")
	if err != nil {
		return "", fmt.Errorf("print: %w", err)
	}
	_, err = f.Write(pdf)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("print: writing %s: %w", f.Name(), err)
	}
	path := filepath.Join(dir, name)
	if err := os.Rename(f.Name(), path); err != nil {
		return f.Name(), nil
	}
	return path, nil
}

// fileURL is the file: URL of an absolute path for App.OpenURL, which
// takes a *url.URL: built as one (rather than parsed from
// storage.NewFileURI's string) so that spaces and Vietnamese letters in a
// user's folder name are escaped. Windows drive paths become
// file:///C:/….
func fileURL(path string) *url.URL {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return &url.URL{Scheme: "file", Path: p}
}
