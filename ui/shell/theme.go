package shell

import (
	_ "embed"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is TourDesk's theme: Fyne's default look in light, dark or the
// system's variant, with a font that draws every script TourDesk's users
// write: Latin with Vietnamese, Cyrillic and Chinese.
//
// Fyne draws a string with the theme's font for its style first, then
// its own Noto Sans, then whatever system font has the glyph (go-text's
// fontscan); a theme cannot add a fallback of its own, and a computer may
// have no CJK font at all (a Chinese name drawn as boxes). So the theme's
// regular and bold fonts are TourDesk Sans (fonts/README.md): Noto Sans
// with WenQuanYi Micro Hei's CJK glyphs merged in, one file per weight.
// Latin and Cyrillic keep Noto Sans's look and bold face; Chinese is drawn
// in every language of the interface. Italic text keeps Fyne's Noto Sans
// Italic (the style is a cue in lists), except in a Chinese interface,
// where it uses TourDesk Sans; monospace and symbols stay Fyne's.
type Theme struct {
	// Variant is "light", "dark" or anything else for the system's.
	Variant string
	// CJK (a Chinese interface) draws italic text with TourDesk Sans too.
	CJK bool
}

// TourDesk Sans, regular and bold (fonts/README.md says how they are
// made from assets/fonts).
var (
	//go:embed fonts/TourDeskSans-Regular.ttf
	sansRegular []byte
	//go:embed fonts/TourDeskSans-Bold.ttf
	sansBold []byte

	// SansRegular and SansBold are TourDesk Sans as Fyne resources.
	SansRegular fyne.Resource = fyne.NewStaticResource("TourDeskSans-Regular.ttf", sansRegular)
	SansBold    fyne.Resource = fyne.NewStaticResource("TourDeskSans-Bold.ttf", sansBold)
)

// NewTheme returns the theme for variant ("system", "light", "dark") and
// the interface language ("zh" draws italics with TourDesk Sans).
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
	switch {
	case s.Monospace || s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold:
		return SansBold
	case s.Italic && !t.CJK:
		return theme.DefaultTheme().Font(s)
	}
	return SansRegular
}

// Icon implements fyne.Theme.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
