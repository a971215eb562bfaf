package printing

import (
	"unicode"

	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/repository"

	"github.com/tourdesk/tourdesk/assets"
)

// Font families registered with Maroto; the names are those inside the
// font files.
const (
	familyText = assets.NotoSansFamily
	familyCJK  = assets.CJKFamily
)

// needsCJK reports whether s holds a rune only the CJK face has: Han
// ideographs, kana, Hangul, bopomofo, CJK symbols and punctuation ("。",
// "、"), and full-width forms ("，", "（").
func needsCJK(s string) bool {
	for _, r := range s {
		if r < 0x2E80 {
			continue // fast path: Latin, Vietnamese, Cyrillic, currency signs
		}
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
			(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			return true
		}
	}
	return false
}

// familyFor picks the font family a text run is set in: the CJK face for
// a run needing it (it also has Latin, Vietnamese and Cyrillic, so a name
// mixing scripts prints whole), Noto Sans otherwise. A run mixing Han with
// a glyph the CJK face lacks (₽) shows that one glyph as missing; amounts
// are separate runs, so they never do.
func familyFor(s string) string {
	if needsCJK(s) {
		return familyCJK
	}
	return familyText
}

// fonts returns the custom fonts of a document: Noto Sans always, the CJK
// face only when cjk is set (parsing its 4.6 MB costs more than the rest
// of a small document). The CJK face has one weight and is registered as
// regular only: text set in it is never bold (see sheet.text).
func fonts(cjk bool) []*entity.CustomFont {
	r := repository.New().
		AddUTF8FontFromBytes(familyText, fontstyle.Normal, assets.NotoSansRegular).
		AddUTF8FontFromBytes(familyText, fontstyle.Bold, assets.NotoSansBold)
	if cjk {
		r = r.AddUTF8FontFromBytes(familyCJK, fontstyle.Normal, assets.CJK)
	}
	fs, _ := r.Load() // Load fails only reading files; these are bytes
	return fs
}
