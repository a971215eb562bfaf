// Package i18n registers the translations of TourDesk's screens with
// fyne's lang package and formats numbers the way the chosen language
// writes them. Screens translate every user-visible string with lang.L or
// lang.X; the JSON files under translations/ hold English (the fallback)
// and Vietnamese, one file per language named lang.json.
package i18n

import (
	"embed"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

//go:embed translations
var translations embed.FS

var once sync.Once

// Register adds TourDesk's translations to fyne's bundle. It is safe to
// call more than once (later calls do nothing) and must run before the
// first screen is built; lang picks the language from the user's locale
// (LANG, LC_ALL, LC_MESSAGES or LANGUAGE on Linux).
func Register() {
	once.Do(func() {
		if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
			fyne.LogError("i18n: loading translations", err)
		}
	})
}

// Int formats n with the thousands separator of the current language
// ("12,345" in English, "12.345" in Vietnamese).
func Int(n int) string {
	s := strconv.Itoa(n)
	neg := false
	if n < 0 {
		neg, s = true, s[1:]
	}
	sep := lang.X("format.thousands", ",")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, sep...)
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
