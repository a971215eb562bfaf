package customers

import (
	"strings"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/ui/internal/listrow"
)

// setRow shows customer c in a list row: the name and main phone, and
// under them the province and main email in small print; a nil c shows
// a row still loading ("…") or one whose customer is gone (blank).
func setRow(r *listrow.Row, c *app.Customer, loading bool) {
	if c == nil {
		text := ""
		if loading {
			text = "…"
		}
		r.Set(text, "", "", false)
		return
	}
	var sub []string
	if c.Province != "" {
		sub = append(sub, c.Province)
	}
	if e := c.MainEmail(); e != "" {
		sub = append(sub, e)
	}
	if len(sub) == 0 {
		sub = append(sub, stageName(c.Stage))
	}
	r.Set(c.Name, formatPhone(c.MainPhone(), c.Country), strings.Join(sub, " · "), false)
}
