package access

import (
	"testing"

	"github.com/tourdesk/tourdesk/app"
)

// TestEveryKindHasRules fails when a kind is registered without a rule
// for every role, or the table names a kind that is not registered.
func TestEveryKindHasRules(t *testing.T) {
	registered := map[app.Kind]bool{}
	for _, info := range app.Kinds() {
		registered[info.Kind] = true
		byRole, ok := rules[info.Kind]
		if !ok {
			t.Errorf("kind %s has no rules", info.Kind)
			continue
		}
		for _, role := range app.Roles {
			if _, ok := byRole[role]; !ok {
				t.Errorf("kind %s has no rule for role %s", info.Kind, role)
			}
		}
		if len(byRole) != len(app.Roles) {
			t.Errorf("kind %s has rules for %d roles, want %d", info.Kind, len(byRole), len(app.Roles))
		}
	}
	for k := range rules {
		if !registered[k] {
			t.Errorf("rules for unregistered kind %s", k)
		}
	}
}
