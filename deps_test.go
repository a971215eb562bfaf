// Package tourdesk_test holds the repository-wide tests that belong to no
// single package. Its only test, TestImportArrows, keeps the import arrows of
// DESIGN.md ("Packages and who may import whom") true, in the manner of the
// standard library's go/build/deps_test.go: it asks `go list` for the direct,
// non-test imports of every package of this module and checks each against
// the table below.
//
// The table is the contract. A new top-level folder, or a new arrow, is a
// design change: change DESIGN.md (or record it in docs/DECISIONS.md) and this
// table together. A package no rule covers fails the test, so the table cannot
// silently fall behind the tree.
package tourdesk_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is this repository's module path.
const module = "github.com/tourdesk/tourdesk"

// A rule says what the packages of one area may import directly (tests are
// not checked: a test may import whatever it needs, e.g. fyne's test driver).
type rule struct {
	// area is a folder relative to the module root; the rule covers the
	// package there and every package under it. A final "/*" stands for any
	// one folder, and each such folder is its own area ("sync/*" covers
	// sync/client and sync/server separately). "." is the module root only.
	// Rules are tried in order; the first whose area covers a package applies.
	area string
	// ours lists the areas of this module the area may import, besides its
	// own (a package may always import packages of its own area).
	ours []string
	// third lists the only third-party import paths allowed (each also
	// covers the packages under it). Nil means any third-party import not
	// in deny.
	third []string
	// deny lists third-party import paths (and the packages under them) that
	// are never allowed, even when third is nil.
	deny []string
	// why is the arrow in words, for the failure message.
	why string
}

// fyneApp is the package that starts Fyne's GL driver. DESIGN.md makes
// cmd/tourdesk the only package that imports it; everything else reaches the
// running app through fyne.CurrentApp or what cmd/tourdesk hands it.
const fyneApp = "fyne.io/fyne/v2/app"

// allOurs is everything of ours that cmd packages may import.
var allOurs = []string{"app", "localdb", "printing", "sync", "ui", "assets", "cmd/internal"}

// arrows is DESIGN.md's "Arrows allowed" as a table.
var arrows = []rule{
	{
		area:  "app",
		third: []string{"github.com/google/uuid", "github.com/nyaruka/phonenumbers"},
		why:   "app imports only the standard library, uuid and phonenumbers (docs/DECISIONS.md), nothing of ours outside app",
	},
	{
		area: "localdb",
		ours: []string{"app"},
		deny: []string{"fyne.io", "github.com/go-resty/resty", "github.com/johnfercher/maroto"},
		why:  "localdb → app only; no UI, HTTP or PDF",
	},
	{
		area: "printing",
		ours: []string{"app", "assets"},
		deny: []string{"fyne.io", "go.etcd.io/bbolt", "github.com/go-resty/resty"},
		why:  "printing → app, assets only; pure builders, no UI, store or HTTP",
	},
	{
		area: "sync/*",
		ours: []string{"app", "sync/protocol"},
		deny: []string{"fyne.io", "github.com/johnfercher/maroto"},
		why:  "sync/* → app, sync/protocol only (the server's store is an interface wired in cmd/tourdesk-server)",
	},
	{
		area: "ui",
		ours: []string{"app", "assets"},
		deny: []string{fyneApp, "go.etcd.io/bbolt", "github.com/johnfercher/maroto", "github.com/go-resty/resty"},
		why:  "ui → app, assets only; never bbolt, maroto, resty or localdb (printing and sync reach it as interfaces wired in cmd/tourdesk), and only cmd/tourdesk imports " + fyneApp,
	},
	{
		area:  "assets",
		third: []string{"fyne.io/fyne/v2"},
		deny:  []string{fyneApp},
		why:   "assets imports only the standard library and Fyne",
	},
	{
		area: "cmd/internal",
		ours: allOurs,
		why:  "cmd/internal/... is code shared by the binaries; it may import anything except other cmd packages",
	},
	{
		area: "cmd/tourdesk",
		ours: allOurs,
		why:  "cmd/* imports anything of ours except other cmd packages (cmd/internal/... is allowed)",
	},
	{
		area: "cmd/*",
		ours: allOurs,
		deny: []string{fyneApp},
		why:  "cmd/* imports anything of ours except other cmd packages (cmd/internal/... is allowed); only cmd/tourdesk imports " + fyneApp,
	},
	{
		area: ".",
		why:  "the module root holds only repository-wide tests",
	},
}

// pkg is what the check needs to know about one package (a subset of
// `go list -json`).
type pkg struct {
	ImportPath string
	Imports    []string
	Standard   bool
}

// violation is one import that breaks the arrows. Import is empty when the
// package is covered by no rule.
type violation struct {
	Pkg, Import, Why string
}

func (v violation) String() string {
	if v.Import == "" {
		return fmt.Sprintf("%s: %s", v.Pkg, v.Why)
	}
	return fmt.Sprintf("%s imports %s: %s", v.Pkg, v.Import, v.Why)
}

// under reports whether path is prefix or a package below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// rel returns path relative to the module root ("." for the root) and
// whether path is in this module at all.
func rel(path string) (string, bool) {
	if path == module {
		return ".", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

// areaOf returns the rule covering the module-relative path r and the area
// r falls in (for "x/*" rules, x/<first folder>), or ok=false.
func areaOf(rules []rule, r string) (ru rule, area string, ok bool) {
	for _, ru := range rules {
		if ru.area == "." {
			if r == "." {
				return ru, ".", true
			}
			continue
		}
		if base, ok := strings.CutSuffix(ru.area, "/*"); ok {
			rest, found := strings.CutPrefix(r, base+"/")
			if !found {
				continue
			}
			first, _, _ := strings.Cut(rest, "/")
			return ru, base + "/" + first, true
		}
		if under(r, ru.area) {
			return ru, ru.area, true
		}
	}
	return rule{}, "", false
}

// check returns every direct import among pkgs that rules forbid, in order.
// pkgs may include packages outside the module (as `go list -deps` reports
// them); only the module's own are checked, and the others tell which import
// paths are in the standard library. An import no package in pkgs describes
// counts as standard when its first element has no dot, as cmd/go decides.
func check(rules []rule, pkgs []pkg) []violation {
	std := make(map[string]bool)
	for _, p := range pkgs {
		std[p.ImportPath] = p.Standard
	}
	isStd := func(path string) bool {
		if s, ok := std[path]; ok {
			return s
		}
		first, _, _ := strings.Cut(path, "/")
		return path != "C" && !strings.Contains(first, ".")
	}

	var bad []violation
	for _, p := range pkgs {
		r, ours := rel(p.ImportPath)
		if !ours {
			continue
		}
		ru, area, ok := areaOf(rules, r)
		if !ok {
			bad = append(bad, violation{Pkg: r, Why: "no rule in deps_test.go covers this package; DESIGN.md lists the top-level folders (add a rule with the design change)"})
			continue
		}
		for _, imp := range p.Imports {
			if !allowed(ru, area, imp, isStd) {
				shown := imp
				if ri, ok := rel(imp); ok {
					shown = ri
				}
				bad = append(bad, violation{Pkg: r, Import: shown, Why: ru.why})
			}
		}
	}
	return bad
}

// allowed reports whether a package in area, governed by ru, may import imp.
func allowed(ru rule, area, imp string, isStd func(string) bool) bool {
	if ri, ours := rel(imp); ours {
		if under(ri, area) {
			return true
		}
		return slices.ContainsFunc(ru.ours, func(a string) bool { return under(ri, a) })
	}
	if isStd(imp) {
		return true
	}
	if slices.ContainsFunc(ru.deny, func(d string) bool { return under(imp, d) }) {
		return false
	}
	return ru.third == nil || slices.ContainsFunc(ru.third, func(t string) bool { return under(imp, t) })
}

// configs are the build configurations whose imports are checked: a file
// behind a build tag or for another OS must keep the arrows too. All are
// listed with CGO_ENABLED=1 (go list needs no C compiler for that), so cgo
// files count as they do in the desktop build.
var configs = []struct {
	goos string // "" = the host's
	tags string
}{
	{"", ""},
	{"", "ci,migrated_fynedo"},
	{"windows", "migrated_fynedo"},
	{"darwin", "migrated_fynedo"},
}

// goList runs `go list -e -deps -json` over the module in one configuration.
func goList(t *testing.T, goos, tags string) []pkg {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		if _, serr := os.Stat(goTool); serr != nil {
			t.Fatalf("cannot find the go command to list packages: %v", err)
		}
	}
	args := []string{"list", "-e", "-deps", "-json=ImportPath,Imports,Standard"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	args = append(args, "./...")
	cmd := exec.Command(goTool, args...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if goos != "" {
		cmd.Env = append(cmd.Env, "GOOS="+goos)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s (GOOS=%q): %v\n%s", strings.Join(args, " "), goos, err, stderr.Bytes())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestImportArrows checks the real tree.
func TestImportArrows(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	seen := make(map[string]bool)
	checked := 0
	for _, c := range configs {
		pkgs := goList(t, c.goos, c.tags)
		for _, p := range pkgs {
			if _, ours := rel(p.ImportPath); ours {
				checked++
			}
		}
		for _, v := range check(arrows, pkgs) {
			if s := v.String(); !seen[s] {
				seen[s] = true
				t.Errorf("%s (GOOS=%q tags=%q)", s, c.goos, c.tags)
			}
		}
	}
	if checked == 0 {
		t.Fatal("go list reported none of this module's packages; is the test running at the module root?")
	}
}

// TestCheck shows that check fails for the right reasons, on a made-up tree.
func TestCheck(t *testing.T) {
	m := func(r string) string { return module + "/" + r }
	stdlib := []pkg{
		{ImportPath: "fmt", Standard: true},
		{ImportPath: "net/http", Standard: true},
	}
	tests := []struct {
		name string
		pkg  string // relative to the module
		imp  string // as written in the import
		ok   bool
	}{
		{"app stdlib", "app", "fmt", true},
		{"app uuid", "app/record", "github.com/google/uuid", true},
		{"app phonenumbers", "app/phone", "github.com/nyaruka/phonenumbers", true},
		{"app own subpackage", "app/service", m("app/record"), true},
		{"app bbolt", "app", "go.etcd.io/bbolt", false},
		{"app fyne", "app/service", "fyne.io/fyne/v2", false},
		{"app x/text", "app", "golang.org/x/text/unicode/norm", false},
		{"app localdb", "app/service", m("localdb"), false},
		{"app cmd/internal", "app", m("cmd/internal/tabular"), false},
		{"app unlisted stdlib-looking", "app", "strings", true},
		{"localdb app", "localdb", m("app/record"), true},
		{"localdb bbolt", "localdb", "go.etcd.io/bbolt", true},
		{"localdb own", "localdb/index", m("localdb"), true},
		{"localdb ui", "localdb", m("ui"), false},
		{"localdb fyne", "localdb", "fyne.io/fyne/v2", false},
		{"printing assets", "printing", m("assets"), true},
		{"printing maroto", "printing", "github.com/johnfercher/maroto/v2/pkg/core", true},
		{"printing localdb", "printing", m("localdb"), false},
		{"sync client protocol", "sync/client", m("sync/protocol"), true},
		{"sync client own", "sync/client/queue", m("sync/client"), true},
		{"sync client resty", "sync/client", "github.com/go-resty/resty/v2", true},
		{"sync protocol app", "sync/protocol", m("app"), true},
		{"sync client server", "sync/client", m("sync/server"), false},
		{"sync server localdb", "sync/server", m("localdb"), false},
		{"ui app", "ui/customers", m("app/service"), true},
		{"ui assets", "ui", m("assets"), true},
		{"ui own", "ui/customers", m("ui/input"), true},
		{"ui fyne widget", "ui", "fyne.io/fyne/v2/widget", true},
		{"ui fyne app", "ui", "fyne.io/fyne/v2/app", false},
		{"ui localdb", "ui/customers", m("localdb"), false},
		{"ui bbolt", "ui", "go.etcd.io/bbolt", false},
		{"ui maroto", "ui", "github.com/johnfercher/maroto/v2", false},
		{"ui resty", "ui", "github.com/go-resty/resty/v2", false},
		{"ui printing", "ui", m("printing"), false},
		{"ui cmd", "ui", m("cmd/tourdesk"), false},
		{"assets fyne", "assets", "fyne.io/fyne/v2", true},
		{"assets fyne app", "assets", "fyne.io/fyne/v2/app", false},
		{"assets bbolt", "assets", "go.etcd.io/bbolt", false},
		{"assets app", "assets", m("app"), false},
		{"cmd desktop fyne app", "cmd/tourdesk", "fyne.io/fyne/v2/app", true},
		{"cmd desktop localdb", "cmd/tourdesk", m("localdb"), true},
		{"cmd ctl fyne app", "cmd/tourdeskctl", "fyne.io/fyne/v2/app", false},
		{"cmd ctl internal", "cmd/tourdeskctl", m("cmd/internal/tabular"), true},
		{"cmd ctl other cmd", "cmd/tourdeskctl", m("cmd/tourdesk"), false},
		{"cmd server sync", "cmd/tourdesk-server", m("sync/server"), true},
		{"cmd internal internal", "cmd/internal/tabular", m("cmd/internal/csvx"), true},
		{"cmd internal cmd", "cmd/internal/tabular", m("cmd/tourdeskctl"), false},
		{"cmd internal excelize", "cmd/internal/tabular", "github.com/xuri/excelize/v2", true},
		{"root imports app", ".", m("app"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := module
			if tt.pkg != "." {
				path = m(tt.pkg)
			}
			pkgs := append(slices.Clone(stdlib), pkg{ImportPath: path, Imports: []string{tt.imp}})
			got := check(arrows, pkgs)
			if tt.ok {
				if len(got) != 0 {
					t.Fatalf("check flagged an allowed import: %v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("check returned %v, want exactly one violation", got)
			}
			msg := got[0].String()
			wantImp := strings.TrimPrefix(tt.imp, module+"/")
			if !strings.HasPrefix(msg, tt.pkg+" imports "+wantImp+": ") {
				t.Errorf("message %q does not name the package %s and its import %s", msg, tt.pkg, wantImp)
			}
		})
	}

	t.Run("uncovered package", func(t *testing.T) {
		got := check(arrows, []pkg{{ImportPath: m("reports"), Imports: []string{"fmt"}}})
		if len(got) != 1 || got[0].Pkg != "reports" || got[0].Import != "" {
			t.Fatalf("check returned %v, want one violation saying no rule covers reports", got)
		}
	})
	t.Run("foreign packages ignored", func(t *testing.T) {
		got := check(arrows, []pkg{{ImportPath: "fyne.io/fyne/v2/app", Imports: []string{"go.etcd.io/bbolt"}}})
		if len(got) != 0 {
			t.Fatalf("check judged a package outside the module: %v", got)
		}
	})
	t.Run("Standard field wins over the heuristic", func(t *testing.T) {
		// A dotless path that go list says is not standard (a GOPATH-style
		// or vendored oddity) must not slip through app's allowlist.
		got := check(arrows, []pkg{
			{ImportPath: "localhack", Standard: false},
			{ImportPath: m("app"), Imports: []string{"localhack"}},
		})
		if len(got) != 1 {
			t.Fatalf("check returned %v, want app imports localhack flagged", got)
		}
	})
}
