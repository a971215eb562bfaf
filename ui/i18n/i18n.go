// Package i18n registers the translations of TourDesk's screens with
// fyne's lang package, lets the user pick the language instead of the
// system's, and formats numbers the way the chosen language writes them.
//
// Screens translate every user-visible string with lang.X (key and
// English fallback). The JSON files under translations/ are one set per
// area, named "<area>.<lang>.json" (fyne reads "[prefix.]lang.json"):
// "<area>.en.json" and "<area>.vi.json" hold the same keys, and
// "<area>.ru.json" and "<area>.zh.json" may hold part of them (a missing
// key shows in English). "base.*.json" are Fyne's own strings (dialog
// buttons, the file picker, week days): Fyne ships no Vietnamese, so
// base.vi.json adds it; base.en/ru/zh.json are copies of Fyne's files,
// needed when SetLanguage overrides the system's language.
package i18n

import (
	"embed"
	"encoding/json"
	"io/fs"
	"path"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

//go:embed translations
var translations embed.FS

var once sync.Once

// Languages are the languages the user may choose, in menu order, with
// their names written in themselves.
var Languages = []struct{ Code, Name string }{
	{"en", "English"},
	{"vi", "Tiếng Việt"},
	{"ru", "Русский"},
	{"zh", "中文"},
}

// Register adds TourDesk's translations to fyne's bundle. It is safe to
// call more than once (later calls do nothing) and must run before the
// first screen is built; lang picks the language from the user's locale
// (LANG, LC_ALL, LC_MESSAGES or LANGUAGE on Linux) unless SetLanguage
// chose one.
func Register() {
	once.Do(func() {
		if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
			fyne.LogError("i18n: loading translations", err)
		}
	})
}

var setMu sync.Mutex

// SetLanguage makes code ("en", "vi", "ru", "zh") the language of every
// string translated from now on, whatever the system's locale says; ""
// or "system" keeps the system's choice. Screens already built keep
// their text: the app calls it at start-up, before building the window.
//
// fyne's lang has no call to choose a language: it always translates
// into the best match of the system's locale. So SetLanguage loads the
// English files, then those of code, as the translations of the system
// locale's language: the match then says code's words (English for a
// key code's files lack).
func SetLanguage(code string) {
	if code == "" || code == "system" {
		return
	}
	Register()
	setMu.Lock()
	defer setMu.Unlock()
	target := fyne.Locale(lang.SystemLocale().LanguageString())
	if target == "" {
		target = "en"
	}
	for _, l := range []string{"en", code} {
		files, _ := fs.Glob(translations, "translations/*."+l+".json")
		for _, f := range files {
			b, err := translations.ReadFile(f)
			if err == nil {
				b, err = allPluralForms(b)
			}
			if err == nil {
				err = lang.AddTranslationsForLocale(b, target)
			}
			if err != nil {
				fyne.LogError("i18n: loading "+path.Base(f), err)
			}
		}
	}
}

// allPluralForms gives every plural message of a translation file all
// of CLDR's forms, the missing ones copied from "other". Loaded as the
// translations of another language, a message is looked up by that
// language's plural rules: Vietnamese, which has only "other", asked for
// "one" under English rules; English asked for "few" under Russian ones.
func allPluralForms(b []byte) ([]byte, error) {
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, v := range m {
		forms, ok := v.(map[string]any)
		if !ok {
			continue
		}
		other, ok := forms["other"]
		if !ok {
			continue
		}
		for _, f := range []string{"zero", "one", "two", "few", "many"} {
			if _, ok := forms[f]; !ok {
				forms[f] = other
			}
		}
	}
	return json.Marshal(m)
}

// Current is the language the screens are translated into ("en", "vi",
// "ru" or "zh"; "en" for any language TourDesk has no translation of).
func Current() string {
	return lang.X("i18n.language", "en")
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
