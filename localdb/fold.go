package localdb

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/tourdesk/tourdesk/app/phone"
)

// fold returns s as search and sort keys compare it: compatibility
// decomposed (NFKD: full-width Latin and digits become ASCII), nonspacing
// marks removed (Vietnamese tones and the horn of ơ/ư, Russian й→и, ё→е),
// đ/Đ mapped to d (it has no decomposition), lower-cased, control
// characters dropped and runs of spaces collapsed to one. The result never
// holds a 0 byte.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	it := norm.Iter{}
	it.InitString(norm.NFKD, s)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			switch {
			case unicode.Is(unicode.Mn, r):
				continue
			case r == 'đ' || r == 'Đ':
				r = 'd'
			case unicode.IsSpace(r):
				space = b.Len() > 0
				continue
			case unicode.IsControl(r) || r == utf8.RuneError:
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isIdeograph reports runes written without spaces between words (Han,
// kana): each is a word of its own.
func isIdeograph(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// word is one token of folded text.
type word struct {
	s   string
	cjk bool // a run of ideographs (s holds the whole run)
}

// splitWords cuts folded text at every rune that is not a letter, digit or
// mark; a run of ideographs is its own word.
func splitWords(s string) []word {
	var out []word
	start, cjk := -1, false
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, word{s[start:end], cjk})
		}
		start = -1
	}
	for i, r := range s {
		switch {
		case isIdeograph(r):
			if start >= 0 && !cjk {
				flush(i)
			}
			if start < 0 {
				start, cjk = i, true
			}
		case isWordRune(r):
			if start >= 0 && cjk {
				flush(i)
			}
			if start < 0 {
				start, cjk = i, false
			}
		default:
			flush(i)
		}
	}
	flush(len(s))
	return out
}

// cjkTerms returns the unigrams and bigrams of a run of ideographs:
// "王小伟" → 王 小 伟 王小 小伟. A query of one ideograph looks up its
// unigram, a longer one ANDs its bigrams, so "王伟" finds "王伟" but not
// "伟王" or "王小伟", and "伟" finds all three.
func cjkTerms(run string) []string {
	rs := []rune(run)
	out := make([]string, 0, 2*len(rs))
	for i, r := range rs {
		out = append(out, string(r))
		if i+1 < len(rs) {
			out = append(out, string(rs[i:i+2]))
		}
	}
	return out
}

// textTerms adds the search terms of one text value to set. Each word is a
// term; a whitespace-separated chunk of several words joined by
// punctuation is also indexed joined up ("BK-2026-000123" → bk, 2026,
// 000123 and bk2026000123), so a query typed with or without the
// punctuation finds it. An email ("lan.nguyen@mail.vn") gives the words of
// its local part, the local part joined and the whole address joined
// (lan, nguyen, lannguyen, lannguyenmailvn) but not its domain's words:
// "gmail" and "com" would post every customer.
func textTerms(set map[string]bool, s string) {
	for _, chunk := range strings.Split(fold(s), " ") {
		if at := strings.IndexByte(chunk, '@'); at >= 0 {
			local := splitWords(chunk[:at])
			for _, w := range local {
				addTerm(set, w.s)
			}
			if len(local) > 1 {
				addTerm(set, joinWords(local))
			}
			addTerm(set, joinWords(splitWords(chunk)))
			continue
		}
		ws := splitWords(chunk)
		plain := 0
		for _, w := range ws {
			if w.cjk {
				for _, t := range cjkTerms(w.s) {
					set[t] = true
				}
				continue
			}
			plain++
			addTerm(set, w.s)
		}
		if plain > 1 && plain == len(ws) {
			addTerm(set, joinWords(ws))
		}
	}
}

func joinWords(ws []word) string {
	var j strings.Builder
	for _, w := range ws {
		j.WriteString(w.s)
	}
	return j.String()
}

func addTerm(set map[string]bool, t string) {
	if t != "" && len(t) <= maxTerm {
		set[t] = true
	}
}

// phoneTerms adds the digits of an E.164 number and of its national form
// ("+84901234567" → 84901234567 and 0901234567), so that a query of
// either's digits, or a prefix of them, finds it.
func phoneTerms(set map[string]bool, e164 string) {
	addTerm(set, phone.Digits(e164))
	if strings.HasPrefix(e164, "+") {
		addTerm(set, phone.National(e164))
	}
}

// grams returns the gram of every non-ideograph term, deduplicated: its
// first gramLen runes, or the whole term if it is shorter. They are the
// keys of the prefix posting lists; a shorter prefix reads the lists of
// every gram it begins.
func grams(terms []string) []string {
	set := make(map[string]bool, len(terms))
	for _, t := range terms {
		r, _ := utf8.DecodeRuneInString(t)
		if isIdeograph(r) {
			continue
		}
		set[firstRunes(t, gramLen)] = true
	}
	return sortedKeys(set)
}

// shortTerm reports whether a term is posted under its gram only: not an
// ideograph (those have no grams) and shorter than gramLen runes.
func shortTerm(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return !isIdeograph(r) && utf8.RuneCountInString(t) < gramLen
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// jsonStrings returns the string elements of a JSON string or array of
// strings; other JSON scalars come back as their JSON text, null and
// objects as nothing.
func jsonStrings(v json.RawMessage) []string {
	v = trimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return nil
	}
	switch v[0] {
	case '"':
		// Most values are plain strings: no need for the JSON decoder.
		if len(v) >= 2 && v[len(v)-1] == '"' && plainJSONString(v[1:len(v)-1]) {
			if len(v) == 2 {
				return nil
			}
			return []string{string(v[1 : len(v)-1])}
		}
		var s string
		if json.Unmarshal(v, &s) != nil || s == "" {
			return nil
		}
		return []string{s}
	case '[':
		var arr []json.RawMessage
		if json.Unmarshal(v, &arr) != nil {
			return nil
		}
		var out []string
		for _, e := range arr {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case '{':
		return nil
	}
	return []string{string(v)}
}

// plainJSONString reports whether b, the inside of a JSON string, is its
// own value: valid UTF-8 without escapes, quotes or control characters.
func plainJSONString(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.Valid(b)
}

func trimSpace(v []byte) []byte {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\n' || v[0] == '\t' || v[0] == '\r') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\n' || v[len(v)-1] == '\t' || v[len(v)-1] == '\r') {
		v = v[:len(v)-1]
	}
	return v
}

// cut returns s cut to at most n bytes at a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// sortKey is the folded sort value cut to maxSortKey bytes (at a rune
// boundary).
func sortKey(v json.RawMessage) string {
	ss := jsonStrings(v)
	if len(ss) == 0 {
		return ""
	}
	return cut(fold(ss[0]), maxSortKey)
}

// qword is one word of a query.
type qword struct {
	s      string
	prefix bool // the last word: matches terms starting with s
	cjk    bool // an ideograph or a pair of them, matched whole
}

// parseQuery turns a query into the words every result must match. The
// last word matches as a prefix (search as you type); a run of ideographs
// becomes its unigram (one ideograph) or its bigrams (several), matched
// whole; a chunk holding '@' is an email, matched joined up as it is
// indexed.
func parseQuery(q string) []qword {
	var out []qword
	for _, chunk := range strings.Split(fold(q), " ") {
		if strings.IndexByte(chunk, '@') >= 0 {
			if j := joinWords(splitWords(chunk)); j != "" {
				out = append(out, qword{s: j})
			}
			continue
		}
		for _, w := range splitWords(chunk) {
			if !w.cjk {
				out = append(out, qword{s: w.s})
				continue
			}
			rs := []rune(w.s)
			if len(rs) == 1 {
				out = append(out, qword{s: w.s, cjk: true})
				continue
			}
			for j := 0; j+1 < len(rs); j++ {
				out = append(out, qword{s: string(rs[j : j+2]), cjk: true})
			}
		}
	}
	for i := range out {
		out[i].s = cut(out[i].s, maxTerm)
	}
	if n := len(out); n > 0 && !out[n-1].cjk {
		out[n-1].prefix = true
	}
	return dedupeWords(out)
}

func dedupeWords(ws []qword) []qword {
	out := ws[:0]
	for _, w := range ws {
		dup := false
		for i, o := range out {
			if o.s == w.s {
				out[i].prefix = o.prefix && w.prefix
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}

// phoneQuery returns the digits of q if q looks like a phone number being
// typed: at least 4 digits and nothing but digits, spaces and + - ( ) .
func phoneQuery(q string) (digits string, separators bool, ok bool) {
	for _, r := range q {
		switch {
		case unicode.IsDigit(r):
		case unicode.IsSpace(r) || strings.ContainsRune("+-().", r):
			separators = true
		default:
			return "", false, false
		}
	}
	d := phone.Digits(q)
	if len(d) < 4 {
		return "", false, false
	}
	d = cut(d, maxTerm)
	return d, separators, true
}
