package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/money"
	"github.com/tourdesk/tourdesk/app/service"
)

// FieldScanner is implemented by stores that read a few fields of every
// record of a kind in one pass (localdb.Store.ScanFields). Reports read
// every booking and payment; through it, 100,000 records take tens of
// milliseconds instead of a transaction, a tree descent and a full JSON
// decode each. values[i] is the JSON of names[i] (nil when absent), valid
// only until fn returns; deleted records are skipped.
type FieldScanner interface {
	ScanFields(kind app.Kind, names []string, fn func(id string, values []json.RawMessage) error) error
}

// scanFields reads names of every live record of kind through s's
// FieldScanner, or else through SortedIDs and Get in one transaction.
func scanFields(s service.Store, kind app.Kind, names []string, fn func(id string, v []json.RawMessage) error) error {
	if fs, ok := s.(FieldScanner); ok {
		return fs.ScanFields(kind, names, fn)
	}
	ids, err := s.SortedIDs(kind)
	if err != nil {
		return err
	}
	values := make([]json.RawMessage, len(names))
	return s.View(func(r service.Reader) error {
		for _, id := range ids {
			rec, err := r.Get(kind, id)
			if errors.Is(err, app.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if rec.IsDeleted() {
				continue
			}
			for i, n := range names {
				values[i] = rec.Fields[n].Value
			}
			if err := fn(id, values); err != nil {
				return err
			}
		}
		return nil
	})
}

// loadEntities decodes every live record of kind in full (for the small
// kinds: tours, departures, users, campaigns, orders…).
func loadEntities[E any, P interface {
	*E
	app.Entity
}](s service.Store, setID func(*E, string)) ([]*E, error) {
	var zero E
	kind := P(&zero).Kind()
	ids, err := s.SortedIDs(kind)
	if err != nil {
		return nil, err
	}
	out := make([]*E, 0, len(ids))
	err = s.View(func(r service.Reader) error {
		for _, id := range ids {
			e, err := service.Load[E, P](r, id)
			if errors.Is(err, app.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			setID(e, id)
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Fast decoding of single JSON values. Records store compact JSON written
// by encoding/json, so the common shapes are read directly and anything
// else falls back to json.Unmarshal.

func jstr(v json.RawMessage) (string, error) {
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

func jdate(v json.RawMessage) (app.Date, error) {
	// "YYYY-MM-DD"
	if len(v) == 12 && v[0] == '"' && v[5] == '-' && v[8] == '-' && v[11] == '"' {
		y, ok1 := digitsAt(v, 1, 4)
		m, ok2 := digitsAt(v, 6, 2)
		d, ok3 := digitsAt(v, 9, 2)
		if ok1 && ok2 && ok3 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			date := app.Date{Year: y, Month: time.Month(m), Day: d}
			if d <= 28 || app.DateOf(date.Time()) == date {
				return date, nil
			}
		}
	}
	s, err := jstr(v)
	if err != nil {
		return app.Date{}, err
	}
	return app.ParseDate(s)
}

func digitsAt(v []byte, at, n int) (int, bool) {
	x := 0
	for _, c := range v[at : at+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	return x, true
}

func jtime(v json.RawMessage) (time.Time, error) {
	s, err := jstr(v)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, s)
}

func jmoney(v json.RawMessage) (money.Money, error) {
	const pre, mid = `{"amount":`, `,"currency":"`
	if len(v) > len(pre)+len(mid)+2 && string(v[:len(pre)]) == pre && v[len(v)-1] == '}' && v[len(v)-2] == '"' {
		rest := v[len(pre) : len(v)-2]
		if i := bytes.Index(rest, []byte(mid)); i > 0 {
			num, cur := rest[:i], rest[i+len(mid):]
			neg := num[0] == '-'
			if neg {
				num = num[1:]
			}
			if n, ok := digitsAt(num, 0, len(num)); ok && len(num) > 0 && len(num) <= 18 && bytes.IndexByte(cur, '"') < 0 && bytes.IndexByte(cur, '\\') < 0 {
				if neg {
					n = -n
				}
				return money.New(int64(n), string(cur)), nil
			}
		}
	}
	var m money.Money
	if len(v) == 0 || string(v) == "null" {
		return m, nil
	}
	err := json.Unmarshal(v, &m)
	return m, err
}

func junmarshal(v json.RawMessage, into any) error {
	if len(v) == 0 || string(v) == "null" || string(v) == "[]" {
		return nil
	}
	return json.Unmarshal(v, into)
}

// decoder collects the first error of a run of field decodings.
type decoder struct {
	kind app.Kind
	id   string
	err  error
}

func (d *decoder) fail(field string, err error) {
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("%s %s: %s: %w", d.kind, d.id, field, err)
	}
}

func (d *decoder) str(v json.RawMessage, field string) string {
	s, err := jstr(v)
	d.fail(field, err)
	return s
}

func (d *decoder) date(v json.RawMessage, field string) app.Date {
	t, err := jdate(v)
	d.fail(field, err)
	return t
}

func (d *decoder) money(v json.RawMessage, field string) money.Money {
	m, err := jmoney(v)
	d.fail(field, err)
	return m
}

func isNotFound(err error) bool { return errors.Is(err, app.ErrNotFound) }

// interner shares the strings of fields with few distinct values (status,
// currency, owner, region…) among the records that hold them, so reading
// 100,000 records allocates a handful of strings instead of 100,000.
type interner map[string]string

func (in interner) str(dec *decoder, v json.RawMessage, field string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		if s, ok := in[string(v[1:len(v)-1])]; ok {
			return s
		}
	}
	s := dec.str(v, field)
	if len(in) < 10000 {
		in[s] = s
	}
	return s
}
