package reports

import (
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app/report"
)

// ReportTitle is a report's name in the current language (its English
// title where there is no translation).
func ReportTitle(r report.Info) string {
	return lang.X("reports.name."+r.Name, r.Title)
}

// ColumnTitle is a column's heading in the current language. Its key
// comes from the English title, not the column's Key: reports share keys
// ("group" is the month, the tour or the region).
func ColumnTitle(c report.Column) string {
	return lang.X("reports.col."+slug(c.Title), c.Title)
}

// overviewLabel is a measure of the director's overview in the current
// language. A measure may end with the day it is counted on ("Customers
// owe (on 2026-11-30)"): the key leaves the day out and the translation
// gets it as {{.Day}}.
func overviewLabel(label string) string {
	base, day := label, ""
	if i := strings.Index(label, " (on "); i >= 0 && strings.HasSuffix(label, ")") {
		base, day = label[:i], strings.TrimSuffix(label[i+len(" (on "):], ")")
	}
	key := "reports.overview." + slug(base)
	if day == "" {
		return strings.TrimSpace(lang.X(key, label))
	}
	return lang.X(key+"_on", base+" (on {{.Day}})", map[string]any{"Day": day})
}

// monthName is a month's name in the current language.
func monthName(m time.Month) string {
	return lang.X("reports.month."+strings.ToLower(m.String()), m.String())
}
