package access

import (
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
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

// TestRuleFieldsExist fails when the table names a field its kind does not
// have (a typo in a filter would silently show or hide the wrong field).
func TestRuleFieldsExist(t *testing.T) {
	for _, info := range app.Kinds() {
		values, err := record.Encode(info.New())
		if err != nil {
			t.Fatal(err)
		}
		has := func(name string) bool {
			// "f_*" (per-key fields f_<key>, see listed) needs the field f.
			_, ok := values[strings.TrimSuffix(name, "_*")]
			return ok
		}
		for role, r := range rules[info.Kind] {
			lists := map[string][]string{"show": r.show, "hide": r.hide, "consent": r.consent, "edit": r.edit}
			for _, name := range sortedKeys(r.guards) {
				lists["guards"] = append(lists["guards"], name)
			}
			for list, names := range lists {
				for _, name := range names {
					if !has(name) {
						t.Errorf("%s × %s: %s names %q, which %s has not", info.Kind, role, list, name, info.Kind)
					}
				}
			}
		}
		for _, ln := range customerLinks[info.Kind] {
			if !has(ln.Field) {
				t.Errorf("%s links through %q, which it has not", info.Kind, ln.Field)
			}
		}
		for _, name := range ScopeFields(info.Kind) {
			if !has(name) {
				t.Errorf("scope field %s.%s does not exist", info.Kind, name)
			}
		}
	}
}
