package assets_test

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"strings"
	"testing"
	"unicode"

	"github.com/go-text/typesetting/font"
	"github.com/phpdave11/gofpdf"

	"github.com/tourdesk/tourdesk/assets"
)

type fontCase struct {
	name string
	data []byte
	// texts must each be fully covered by the font (every non-space rune maps
	// to a real glyph, not .notdef).
	texts []string
}

var fonts = []fontCase{
	{"NotoSansRegular", assets.NotoSansRegular, []string{"Nguyễn Thị Minh Khai", "Đà Nẵng", "Иванов Сергей", "Ёлкин"}},
	{"NotoSansBold", assets.NotoSansBold, []string{"Nguyễn Thị Minh Khai", "Đà Nẵng", "Иванов Сергей", "Ёлкин"}},
	{"CJK", assets.CJK, []string{"王伟", "李娜 張偉", "Nguyễn", "Иванов"}},
}

// tables returns the table tags of a single-face sfnt file, failing the test
// if data is not plain TrueType (e.g. an OpenType/CFF font or a .ttc
// collection, which Maroto/gofpdf and Fyne cannot load).
func tables(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	if len(data) < 12 {
		t.Fatalf("font is %d bytes, too short", len(data))
	}
	switch magic := string(data[:4]); magic {
	case "\x00\x01\x00\x00", "true":
	default:
		t.Fatalf("font starts with %q, want TrueType 0x00010000 (\"ttcf\" is a collection, \"OTTO\" is CFF)", magic)
	}
	n := int(binary.BigEndian.Uint16(data[4:6]))
	if len(data) < 12+16*n {
		t.Fatalf("table directory of %d tables is truncated", n)
	}
	tags := make(map[string]bool, n)
	for i := range n {
		tags[string(data[12+16*i:12+16*i+4])] = true
	}
	return tags
}

func TestFontsArePlainTrueType(t *testing.T) {
	for _, fc := range fonts {
		t.Run(fc.name, func(t *testing.T) {
			tags := tables(t, fc.data)
			for _, want := range []string{"glyf", "loca", "cmap", "head", "hmtx", "name", "post"} {
				if !tags[want] {
					t.Errorf("no %q table", want)
				}
			}
			if tags["CFF "] || tags["CFF2"] {
				t.Errorf("has CFF outlines; gofpdf reads only glyf outlines")
			}
		})
	}
}

// TestFontsCoverNames loads each font with go-text/typesetting, the parser
// Fyne uses, and checks it has a glyph for every letter of typical customer
// names in its scripts.
func TestFontsCoverNames(t *testing.T) {
	for _, fc := range fonts {
		t.Run(fc.name, func(t *testing.T) {
			face, err := font.ParseTTF(bytes.NewReader(fc.data))
			if err != nil {
				t.Fatalf("ParseTTF: %v", err)
			}
			for _, text := range fc.texts {
				for _, r := range text {
					if unicode.IsSpace(r) {
						continue
					}
					if gid, ok := face.NominalGlyph(r); !ok || gid == 0 {
						t.Errorf("no glyph for %q (U+%04X) in %q", r, r, text)
					}
				}
			}
		})
	}
}

// TestFontsLoadInGofpdf registers each font with gofpdf, the PDF backend of
// Maroto v2, and writes the names with it.
func TestFontsLoadInGofpdf(t *testing.T) {
	for _, fc := range fonts {
		t.Run(fc.name, func(t *testing.T) {
			pdf := gofpdf.New("P", "mm", "A4", "")
			pdf.AddUTF8FontFromBytes(fc.name, "", fc.data)
			pdf.AddPage()
			pdf.SetFont(fc.name, "", 12)
			pdf.Cell(0, 10, strings.Join(fc.texts, " / "))
			var out bytes.Buffer
			if err := pdf.Output(&out); err != nil {
				t.Fatalf("gofpdf: %v", err)
			}
			if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
				t.Fatalf("output is not a PDF")
			}
		})
	}
}

func TestResources(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  []byte
		want []byte
	}{
		{assets.NotoSansRegularResource.Name(), assets.NotoSansRegularResource.Content(), assets.NotoSansRegular},
		{assets.NotoSansBoldResource.Name(), assets.NotoSansBoldResource.Content(), assets.NotoSansBold},
		{assets.CJKResource.Name(), assets.CJKResource.Content(), assets.CJK},
		{assets.Icon.Name(), assets.Icon.Content(), assets.IconPNG},
	} {
		if len(tc.want) == 0 || !bytes.Equal(tc.got, tc.want) {
			t.Errorf("resource %s: content (%d bytes) differs from the embedded file (%d bytes)", tc.name, len(tc.got), len(tc.want))
		}
	}
	for name, text := range map[string]string{
		"NotoSansLicense":  assets.NotoSansLicense,
		"CJKLicense":       assets.CJKLicense,
		"CJKApacheLicense": assets.CJKApacheLicense,
	} {
		if !strings.Contains(text, "License") {
			t.Errorf("%s does not look like a licence text", name)
		}
	}
}

func TestIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(assets.IconPNG))
	if err != nil {
		t.Fatalf("icon.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Errorf("icon is %dx%d, want 512x512", b.Dx(), b.Dy())
	}
	// Rounded corners: the very corner is transparent, the centre opaque.
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("corner pixel alpha = %d, want 0 (transparent)", a)
	}
	if _, _, _, a := img.At(256, 256).RGBA(); a != 0xffff {
		t.Errorf("centre pixel alpha = %d, want opaque", a)
	}
}
