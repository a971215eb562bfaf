package service

import (
	"fmt"
	"testing"

	"github.com/tourdesk/tourdesk/app"
)

// codesReader is a Reader holding only booking codes (Lookup by code).
type codesReader struct {
	Reader
	used map[string]bool
}

func (r codesReader) Lookup(kind app.Kind, field, value string) ([]string, error) {
	if kind == app.KindBooking && field == "code" && r.used[value] {
		return []string{"b-" + value}, nil
	}
	return nil, nil
}

// TestBookingCodeTags: seven-digit tags; numbers continue where this store
// has a gap-free run; past 9999 a device goes on under its next tag; two
// devices' codes differ.
func TestBookingCodeTags(t *testing.T) {
	const dev = "0193e0c2-7a44-7d35-9a7e-1b2c3d4e5f60"
	for k := 0; k < 5; k++ {
		if tag := deviceTag(dev, k); tag < 1_000_000 || tag > 9_999_999 {
			t.Errorf("tag %d of %s = %d, want seven digits", k, dev, tag)
		}
	}
	t0, t1 := deviceTag(dev, 0), deviceTag(dev, 1)
	if t0 == t1 {
		t.Fatalf("first and second tag both %d", t0)
	}
	r := codesReader{used: map[string]bool{}}
	got, err := nextCode(r, dev, 2026)
	if want := fmt.Sprintf("BK-2026-%07d0001", t0); err != nil || got != want {
		t.Fatalf("first code: %s %v, want %s", got, err, want)
	}
	if _, _, err := app.ParseBookingCode(got); err != nil {
		t.Errorf("new code does not parse: %v", err)
	}
	// Numbers 1..137 taken: the next is 138.
	for n := 1; n <= 137; n++ {
		r.used[fmt.Sprintf("BK-2026-%07d%04d", t0, n)] = true
	}
	if got, _ := nextCode(r, dev, 2026); got != fmt.Sprintf("BK-2026-%07d0138", t0) {
		t.Errorf("after 137 codes: %s", got)
	}
	// The whole first tag used: the second tag's first number.
	for n := 138; n <= 9999; n++ {
		r.used[fmt.Sprintf("BK-2026-%07d%04d", t0, n)] = true
	}
	if got, _ := nextCode(r, dev, 2026); got != fmt.Sprintf("BK-2026-%07d0001", t1) {
		t.Errorf("after 9999 codes: %s, want the second tag %d", got, t1)
	}
	// Another device's tag is another number.
	if other := DeviceTag("0193e0c2-7a44-7d35-9a7e-1b2c3d4e5f61"); other == t0 {
		t.Errorf("two device ids share tag %d", other)
	}
}
