package main

import (
	"errors"
	"testing"
)

func TestDispatch(t *testing.T) {
	var got []string
	rec := func(name string) command {
		return func(_ *env, args []string) error {
			got = append([]string{name}, args...)
			return nil
		}
	}
	subs := []sub{{"add", rec("add")}, {"move", rec("move")}, {"list", rec("list")}}
	tests := []struct {
		args    []string
		wantRun []string
		wantErr string
	}{
		{[]string{"move", "X1", "--json"}, []string{"move", "X1", "--json"}, ""},
		{[]string{"list"}, []string{"list"}, ""},
		{nil, nil, "thing: want a subcommand: add, move or list"},
		{[]string{"drop", "X1"}, nil, `thing: unknown subcommand "drop" (want add, move or list)`},
	}
	for _, tt := range tests {
		got = nil
		err := dispatch(&env{}, "thing", tt.args, subs...)
		var ue *usageError
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%q: %v", tt.args, err)
		case tt.wantErr != "" && (!errors.As(err, &ue) || err.Error() != tt.wantErr):
			t.Errorf("%q: error %v, want usage error %q", tt.args, err, tt.wantErr)
		case len(got) != len(tt.wantRun):
			t.Errorf("%q: ran %q, want %q", tt.args, got, tt.wantRun)
		}
		for i := range min(len(got), len(tt.wantRun)) {
			if got[i] != tt.wantRun[i] {
				t.Errorf("%q: ran %q, want %q", tt.args, got, tt.wantRun)
				break
			}
		}
	}
	if n := subNames([]sub{{"generate", nil}}); n != "generate" {
		t.Errorf("one sub: %q", n)
	}
}
