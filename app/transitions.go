package app

import (
	"fmt"
	"slices"
)

// Transitions is a status transition table: for each status, the statuses
// it may move to. A status absent from the table is terminal.
type Transitions[S ~string] map[S][]S

// Allowed reports whether a move from → to is in the table. Staying in the
// same status is always allowed.
func (t Transitions[S]) Allowed(from, to S) bool {
	return from == to || slices.Contains(t[from], to)
}

// Check returns nil if from → to is allowed, else a *ValidationError on
// field that says which moves are possible from here.
func (t Transitions[S]) Check(kind Kind, field string, from, to S) error {
	if t.Allowed(from, to) {
		return nil
	}
	var p Problems
	next := t[from]
	if len(next) == 0 {
		p.Add(field, CodeTransition, fmt.Sprintf("cannot change from %q to %q: %q is final", from, to, from))
	} else {
		p.Add(field, CodeTransition, fmt.Sprintf("cannot change from %q to %q (from %q it can go to %v)", from, to, from, next))
	}
	return p.Err(kind)
}
