// Package assets provides the files TourDesk embeds in its binaries: the
// fonts used on screen and in printed documents, their licences, and the
// application icon.
//
// The fonts are plain TrueType (glyf outlines, one face per file, never a .ttc
// collection), because Maroto/gofpdf can only read TrueType and Fyne cannot
// load a collection. Together they cover Latin with Vietnamese, Cyrillic and
// CJK (simplified and traditional Chinese): Noto Sans for the first two,
// WenQuanYi Micro Hei for the third. fonts/README.md says where each file
// comes from and how it was made.
//
// Every exported byte slice is shared: callers must treat it as read-only.
// The fyne.Resource values wrap the same bytes and are safe for concurrent use.
// The package imports only the standard library and Fyne's core package (for
// fyne.Resource), so printing and the command-line tools can use it without
// pulling in a GUI driver.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// Font family names, for APIs that register fonts under a family name (for
// example Maroto's font repository). They are the names inside the files.
const (
	NotoSansFamily = "Noto Sans"
	CJKFamily      = "WenQuanYi Micro Hei"
)

var (
	// NotoSansRegular is Noto Sans Regular (Latin incl. Vietnamese, Greek,
	// Cyrillic), TrueType. Licence: SIL OFL 1.1, fonts/NotoSans-LICENSE.txt.
	//
	//go:embed fonts/NotoSans-Regular.ttf
	NotoSansRegular []byte

	// NotoSansBold is Noto Sans Bold, TrueType, same coverage and licence as
	// NotoSansRegular.
	//
	//go:embed fonts/NotoSans-Bold.ttf
	NotoSansBold []byte

	// CJK is WenQuanYi Micro Hei (face 0 of Debian's wqy-microhei.ttc),
	// TrueType, covering Chinese (simplified and traditional) plus Latin and
	// Cyrillic. It has no bold face; use it for both weights. Licence:
	// Apache-2.0 or GPL-3+ with the font exception,
	// fonts/WenQuanYiMicroHei-LICENSE.txt.
	//
	//go:embed fonts/WenQuanYiMicroHei.ttf
	CJK []byte

	// IconPNG is the application icon, a 512x512 PNG (drawn by icon.sh).
	//
	//go:embed icon.png
	IconPNG []byte
)

// Licence texts of the embedded fonts, to show in an "About" dialog or ship
// next to a binary.
var (
	//go:embed fonts/NotoSans-LICENSE.txt
	NotoSansLicense string

	//go:embed fonts/WenQuanYiMicroHei-LICENSE.txt
	CJKLicense string

	//go:embed fonts/WenQuanYiMicroHei-Apache-2.0.txt
	CJKApacheLicense string
)

// Fyne resources over the same bytes, for themes (fyne.Theme.Font) and for
// the window and application icon.
var (
	NotoSansRegularResource fyne.Resource = fyne.NewStaticResource("NotoSans-Regular.ttf", NotoSansRegular)
	NotoSansBoldResource    fyne.Resource = fyne.NewStaticResource("NotoSans-Bold.ttf", NotoSansBold)
	CJKResource             fyne.Resource = fyne.NewStaticResource("WenQuanYiMicroHei.ttf", CJK)
	Icon                    fyne.Resource = fyne.NewStaticResource("icon.png", IconPNG)
)
