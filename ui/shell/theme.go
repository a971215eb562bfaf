package shell

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tourdesk/tourdesk/assets"
)

// Theme is TourDesk's theme: Fyne's default look in light, dark or the
// system's variant, with a font that draws the interface's language.
//
// Fyne draws a string with the theme's font first, then its own Noto
// Sans, then whatever system font has the glyph (go-text's fontscan).
// Fyne's Noto Sans has Latin with Vietnamese and Cyrillic but no CJK, and
// a computer may have no CJK font at all, so when the interface is in
// Chinese the theme's font is the bundled WenQuanYi Micro Hei (CJK, Latin
// and Cyrillic; a Vietnamese letter it lacked would come from Noto Sans).
// In the other languages the theme keeps Noto Sans, which looks better
// for Latin and has a bold face (WenQuanYi has none); Chinese names in an
// English or Vietnamese interface come from the system's CJK font when
// there is one (Windows, macOS and desktop Linux have one).
type Theme struct {
	// Variant is "light", "dark" or anything else for the system's.
	Variant string
	// CJK makes WenQuanYi Micro Hei the text font.
	CJK bool
}

// NewTheme returns the theme for variant ("system", "light", "dark") and
// the interface language (CJK font for "zh").
func NewTheme(variant, language string) *Theme {
	return &Theme{Variant: variant, CJK: language == "zh"}
}

var _ fyne.Theme = (*Theme)(nil)

// Color implements fyne.Theme.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.Variant {
	case "light":
		v = theme.VariantLight
	case "dark":
		v = theme.VariantDark
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font implements fyne.Theme.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if t.CJK && !s.Monospace && !s.Symbol {
		return assets.CJKResource
	}
	return theme.DefaultTheme().Font(s)
}

// Icon implements fyne.Theme.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
