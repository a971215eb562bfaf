package memstore

import (
	"maps"
	"slices"

	"github.com/tourdesk/tourdesk/sync/server"
)

var _ server.PruneTx = (*recTx)(nil)

// Horizon implements server.PruneTx.
func (t *recTx) Horizon() (uint64, error) { return t.r.horizon, nil }

// SetHorizon implements server.PruneTx.
func (t *recTx) SetHorizon(seq uint64) error {
	t.mustWrite()
	t.r.horizon = seq
	return nil
}

// DeviceCursors implements server.PruneTx.
func (t *recTx) DeviceCursors() (map[string]server.DeviceCursor, error) {
	out := maps.Clone(t.r.cursors)
	if out == nil {
		out = map[string]server.DeviceCursor{}
	}
	return out, nil
}

// SetDeviceCursor implements server.PruneTx.
func (t *recTx) SetDeviceCursor(device string, c server.DeviceCursor) error {
	t.mustWrite()
	if t.r.cursors == nil {
		t.r.cursors = map[string]server.DeviceCursor{}
	}
	t.r.cursors[device] = c
	return nil
}

// DeleteDeviceCursor implements server.PruneTx.
func (t *recTx) DeleteDeviceCursor(device string) error {
	t.mustWrite()
	delete(t.r.cursors, device)
	return nil
}

// DeleteVisibilityChanges implements server.PruneTx.
func (t *recTx) DeleteVisibilityChanges(upto uint64) (int, error) {
	t.mustWrite()
	n := 0
	for _, m := range t.r.vis {
		for e := range m {
			if e.Seq <= upto {
				delete(m, e)
				n++
			}
		}
	}
	return n, nil
}

// PruneMarks implements server.PruneTx.
func (t *recTx) PruneMarks() ([]server.PruneMark, error) { return slices.Clone(t.r.marks), nil }

// SetPruneMarks implements server.PruneTx.
func (t *recTx) SetPruneMarks(m []server.PruneMark) error {
	t.mustWrite()
	t.r.marks = slices.Clone(m)
	return nil
}
