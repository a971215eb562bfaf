package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/tourdesk/tourdesk/app"
)

// uses matches lang.X("key" and lang.XN("key" in the UI's sources.
var uses = regexp.MustCompile(`lang\.XN?\(\s*"([^"]+)"`)

// prefixOf is the area prefix of a translation file name
// ("customers.vi.json" → "customers").
func prefixOf(name string) (prefix, language string) {
	name = strings.TrimSuffix(name, ".json")
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

// files reads every translation file: prefix → language → keys.
func files(t *testing.T) map[string]map[string]map[string]any {
	t.Helper()
	names, err := fs.Glob(translations, "translations/*.json")
	if err != nil || len(names) < 4 {
		t.Fatalf("translation files: %v, %v", names, err)
	}
	out := map[string]map[string]map[string]any{}
	for _, f := range names {
		prefix, language := prefixOf(filepath.Base(f))
		if prefix == "" {
			t.Errorf("%s: name it <area>.<lang>.json (one file set per area)", f)
			continue
		}
		switch language {
		case "en", "vi", "ru", "zh":
		default:
			t.Errorf("%s: language %q is none of en, vi, ru, zh", f, language)
		}
		b, _ := translations.ReadFile(f)
		m := map[string]any{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if out[prefix] == nil {
			out[prefix] = map[string]map[string]any{}
		}
		out[prefix][language] = m
	}
	return out
}

// TestEveryKeyTranslated checks that each key the UI's sources use is in
// the English and the Vietnamese files, that every area's en and vi files
// hold the same keys, and that its ru and zh files (which may be partial)
// hold only keys of its en file.
func TestEveryKeyTranslated(t *testing.T) {
	sets := files(t)
	var used []string
	walk := func(root string) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range uses.FindAllStringSubmatch(string(b), -1) {
				if strings.HasSuffix(m[1], ".") {
					continue // a prefix completed at run time, checked below
				}
				used = append(used, m[1])
			}
			return nil
		})
	}
	walk("..")
	walk("../../cmd/tourdesk")
	if len(used) < 20 {
		t.Fatalf("found only %d translated strings in the sources", len(used))
	}
	for _, r := range app.Roles {
		used = append(used, "role."+string(r))
	}
	used = append(used, "i18n.language")
	for _, language := range []string{"en", "vi"} {
		for _, k := range used {
			found := false
			for _, set := range sets {
				if _, ok := set[language][k]; ok {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("no %s file has %q", language, k)
			}
		}
	}
	for prefix, set := range sets {
		en, vi := set["en"], set["vi"]
		if en == nil || vi == nil {
			t.Errorf("%s: want both %s.en.json and %s.vi.json", prefix, prefix, prefix)
			continue
		}
		for k := range en {
			if _, ok := vi[k]; !ok {
				t.Errorf("%s.vi.json lacks %q", prefix, k)
			}
		}
		for k := range vi {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.en.json lacks %q (in %s.vi.json)", prefix, k, prefix)
			}
		}
		for _, language := range []string{"ru", "zh"} {
			for k := range set[language] {
				if _, ok := en[k]; !ok {
					t.Errorf("%s.%s.json has %q, which %s.en.json lacks", prefix, language, k, prefix)
				}
			}
		}
	}
}

// TestFyneStringsInVietnamese checks base.vi.json translates every key of
// Fyne's own English file (the copy fyne.io/fyne/v2/lang embeds).
func TestFyneStringsInVietnamese(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Skipf("go list fyne: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lang", "translations", "base.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	fyneEN := map[string]any{}
	if err := json.Unmarshal(b, &fyneEN); err != nil {
		t.Fatal(err)
	}
	vi := files(t)["base"]["vi"]
	for k := range fyneEN {
		if _, ok := vi[k]; !ok {
			t.Errorf("base.vi.json lacks Fyne's %q", k)
		}
	}
	if len(fyneEN) < 30 {
		t.Errorf("Fyne's base.en.json has only %d keys", len(fyneEN))
	}
}

// TestSetLanguage switches the language away from the system's (English
// here) and back.
func TestSetLanguage(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	Register()
	t.Cleanup(func() { SetLanguage("en") })
	SetLanguage("vi")
	if got := lang.X("Cancel", "Cancel"); got != "Hủy" {
		t.Errorf("Fyne's Cancel in Vietnamese = %q, want Hủy", got)
	}
	if got, want := Current(), "vi"; got != want {
		t.Errorf("Current() = %q, want %q", got, want)
	}
	if got := Int(1234567); got != "1.234.567" {
		t.Errorf("Int in Vietnamese = %q, want 1.234.567", got)
	}
	if got := lang.XN("sync.conflicts.badge", "{{.Count}} conflicts", 1, map[string]any{"Count": 1}); got != "1 xung đột" {
		t.Errorf("one conflict in Vietnamese under English plural rules = %q, want 1 xung đột", got)
	}
	SetLanguage("zh")
	if got := lang.X("Cancel", "Cancel"); got != "取消" {
		t.Errorf("Fyne's Cancel in Chinese = %q, want 取消", got)
	}
	if got := Int(1234567); got != "1,234,567" {
		t.Errorf("Int in Chinese = %q, want 1,234,567 (the English separator: zh files need not have it)", got)
	}
	SetLanguage("en")
	if got := Current(); got != "en" {
		t.Errorf("back to English: Current() = %q", got)
	}
	if got := lang.X("Cancel", "Cancel"); got != "Cancel" {
		t.Errorf("back to English: Cancel = %q", got)
	}
}

func TestInt(t *testing.T) {
	Register()
	SetLanguage("en")
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", -12345: "-12,345"} {
		if got := Int(n); got != want {
			t.Errorf("Int(%d) = %q, want %q", n, got, want)
		}
	}
}
