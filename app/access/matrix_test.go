package access

import (
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
)

// matrix is the expected permission of every subject on every fixture,
// written out by hand from DESIGN.md's "Who uses it" table and the
// decisions in the package doc (not computed by the code under test).
// Columns: agentA agentB manager director accountant operator guide
// marketing admin. Each cell: R read, W edit the fixture's probe field,
// C create a copy of it under a new id, D delete it; "-" refused.
const matrix = `
office-han   R--- R--- R--- R--- R--- R--- R--- R--- RWCD
office-sgn   R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-agent-a    R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-agent-a2   R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-agent-b    R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-manager    R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-director   R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-accountant R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-operator   R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-guide      R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-guide-2    R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-marketing  R--- R--- R--- R--- R--- R--- R--- R--- RWCD
u-admin      R--- R--- R--- R--- R--- R--- R--- R--- RWCD
settings     R--- R--- R--- R--- R--- R--- R--- R--- RWCD
loy          R--- R--- R--- R--- R--- R--- R--- RWCD RWCD
tour         R--- R--- R--- R--- R--- RWCD R--- R--- RWCD
depG         R--- R--- R--- R--- R--- RWCD R--- R--- RWCD
depX         R--- R--- R--- R--- R--- RWCD ---- R--- RWCD
partner      R--- R--- R--- R--- RW-- RWCD R--- R--- RWCD
soG          ---- ---- ---- R--- RW-- RWCD R--- ---- RWCD
soX          ---- ---- ---- R--- RW-- RWCD ---- ---- RWCD
exG          ---- ---- ---- R--- R-C- R--- R-C- ---- R-C-
exX          ---- ---- ---- R--- R-C- R-C- ---- ---- R-C-
inG          ---- ---- ---- R--- R--- R--- R-C- ---- R-C-
inX          ---- ---- ---- R--- R--- R-C- ---- ---- R-C-
depS         R--- R--- R--- R--- R--- R--- R--- R--- R-C-
soS          ---- ---- ---- R--- R--- R--- R--- ---- R---
exS          ---- ---- ---- R--- R--- R--- R--- ---- R---
exSR         ---- ---- ---- R--- R-C- R--- R--- ---- R-C-
exSP         ---- ---- ---- R--- R-C- R--- R--- ---- R-C-
inS          ---- ---- ---- R--- R--- R--- R--- ---- R---
tS           R--- ---- R--- R--- ---- R--- R--- ---- R---
cA           RWCD ---- RWCD R--- R--- ---- ---- R--- RWCD
cB           ---- RWCD ---- R--- R--- ---- ---- R--- RWCD
cT           ---- ---- RWCD R--- R--- ---- ---- RWC- RWCD
bA           RWCD ---- RWCD R--- RW-- R--- R--- R--- RWCD
bB           ---- RWCD ---- R--- RW-- R--- ---- R--- RWCD
tA           RWCD ---- RWCD R--- ---- RW-- R--- ---- RWCD
tB           ---- RWCD ---- R--- ---- RW-- ---- ---- RWCD
pA           R-C- ---- R-C- R--- R-C- ---- ---- ---- R-C-
pB           ---- R-C- ---- R--- R-C- ---- ---- ---- R-C-
iA           R-C- ---- R--- R--- ---- ---- ---- ---- R-C-
iB           ---- R-C- ---- R--- ---- ---- ---- ---- R-C-
tkA          RWCD ---- RWCD R--- ---- ---- ---- ---- RWCD
tkB          ---- RWCD ---- R--- ---- ---- ---- ---- RWCD
tkOp         ---- ---- RWCD R--- ---- RWCD ---- ---- RWCD
tkDir        ---- ---- ---- RWCD ---- ---- ---- ---- RWCD
cmA          RWCD ---- RWCD R--- R--- R--- ---- ---- RWCD
cmB          ---- RWCD ---- R--- R--- R--- ---- ---- RWCD
fbA          RWCD ---- RWCD R--- ---- R--- RWC- R--- RWCD
fbB          ---- RWCD ---- R--- ---- R--- ---- R--- RWCD
camp         R--- R--- R--- R--- R--- ---- ---- RWCD RWCD
mA           RWC- ---- RW-- R--- RW-- ---- ---- ---- RWCD
mB           ---- RWC- ---- R--- RW-- ---- ---- ---- RWCD
mCamp        RW-- ---- RW-- R--- RW-- ---- ---- RWC- RWCD
messaging    R--- R--- R--- R--- R--- R--- R--- R--- RWCD
`

// TestPermissionMatrix checks every subject (every role, two agents in two
// offices) against every fixture (every registered kind, records inside
// and outside each subject's scope): read, edit, create and delete. A cell
// that differs is a leak or a wrong refusal.
func TestPermissionMatrix(t *testing.T) {
	fx, st := fixtures()
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(matrix), "\n") {
		cols := strings.Fields(line)
		if len(cols) != len(subjects)+1 {
			t.Fatalf("matrix line %q has %d cells, want %d", line, len(cols)-1, len(subjects))
		}
		id := cols[0]
		f, ok := fx[id]
		if !ok {
			t.Fatalf("matrix names no fixture %q", id)
		}
		seen[id] = true
		for i, sub := range subjects {
			if got, want := cell(sub.s, f, st), cols[i+1]; got != want {
				t.Errorf("%s × %s (%s): got %s, want %s", sub.name, id, f.rec.Kind, got, want)
			}
		}
	}
	for id := range fx {
		if !seen[id] {
			t.Errorf("fixture %s has no line in the matrix", id)
		}
	}
}

// TestMatrixCoversEveryKindAndRole fails when a kind is registered with no
// fixture in the matrix, or a role has no subject in it.
func TestMatrixCoversEveryKindAndRole(t *testing.T) {
	fx, _ := fixtures()
	kinds := map[app.Kind]bool{}
	for _, f := range fx {
		kinds[app.Kind(f.rec.Kind)] = true
	}
	for _, info := range app.Kinds() {
		if !kinds[info.Kind] {
			t.Errorf("kind %s has no fixture in the permission matrix", info.Kind)
		}
	}
	roles := map[app.Role]bool{}
	for _, s := range subjects {
		roles[s.s.Role] = true
	}
	for _, r := range app.Roles {
		if !roles[r] {
			t.Errorf("role %s has no subject in the permission matrix", r)
		}
	}
}
