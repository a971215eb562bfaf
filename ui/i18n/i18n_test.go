package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
)

// uses matches lang.X("key" and lang.XN("key" in the UI's sources.
var uses = regexp.MustCompile(`lang\.XN?\(\s*"([^"]+)"`)

// TestEveryKeyTranslated checks that each key the UI's sources use is in
// every translation file, and that the files hold the same keys.
func TestEveryKeyTranslated(t *testing.T) {
	files, err := fs.Glob(translations, "translations/*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("translation files: %v, %v", files, err)
	}
	keys := map[string]map[string]any{}
	for _, f := range files {
		b, _ := translations.ReadFile(f)
		m := map[string]any{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		keys[filepath.Base(f)] = m
	}
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
	for file, m := range keys {
		for _, k := range used {
			if _, ok := m[k]; !ok {
				t.Errorf("%s lacks %q", file, k)
			}
		}
	}
	for k := range keys["en.json"] {
		if _, ok := keys["vi.json"][k]; !ok {
			t.Errorf("vi.json lacks %q", k)
		}
	}
}

func TestInt(t *testing.T) {
	Register()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", -12345: "-12,345"} {
		if got := Int(n); got != want {
			t.Errorf("Int(%d) = %q, want %q", n, got, want)
		}
	}
}
