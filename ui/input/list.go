package input

import "strings"

// SplitList reads a comma-separated entry ("beach, family") into its
// items, trimmed, blanks dropped; nil for none.
func SplitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
