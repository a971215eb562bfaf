package printing

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // logos may be JPEG
	"image/png"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/johnfercher/go-tree/node"
	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	imgc "github.com/johnfercher/maroto/v2/pkg/components/image"
	"github.com/johnfercher/maroto/v2/pkg/components/line"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/phone"
)

// Page geometry, in millimetres (A4 portrait) and grid columns.
const (
	pageWidth    = 210.0
	marginSide   = 12.0
	marginTop    = 10.0
	marginBottom = 14.0
	contentWidth = pageWidth - 2*marginSide
	grid         = 24
	bodySize     = 9.0
	smallSize    = 7.5
)

// Letterhead is what every document prints besides its own content: the
// language it is written in, the day it is printed and the agency.
type Letterhead struct {
	// Lang is "vi", "en", "ru" or "zh".
	Lang string
	// PrintedOn is the date on the document (and in its PDF metadata).
	PrintedOn app.Date
	Company   app.CompanySettings
}

// sheet collects a document's rows before the Maroto is made, so that the
// fonts registered are the ones its text needs (see fonts).
type sheet struct {
	Letterhead
	title  string
	header []core.Row
	rows   []core.Row
	cjk    bool
}

func newSheet(lh Letterhead, title string) (*sheet, error) {
	if _, ok := langIndex[lh.Lang]; !ok {
		return nil, fmt.Errorf("printing: unknown language %q (want vi, en, ru or zh): %w", lh.Lang, app.ErrInvalid)
	}
	return &sheet{Letterhead: lh, title: title}, nil
}

// t is the label key in the sheet's language.
func (s *sheet) t(key string) string { return label(s.Lang, key) }

// style is a text run's look; the zero style is body text, left aligned.
type style struct {
	size   float64
	bold   bool
	align  align.Type
	top    float64
	bottom float64
	color  *props.Color
}

// text makes a text component for v in the family v needs (familyFor),
// remembering that the CJK face is needed; the CJK face has no bold, so
// a bold run in it is set regular. Newlines become spaces: a paragraph
// is one run (see para for text with paragraphs).
func (s *sheet) text(v string, st style) core.Component {
	v = oneLine(v)
	p := props.Text{Family: familyFor(v), Size: st.size, Top: st.top, Bottom: st.bottom, Align: st.align, Color: st.color, Left: 0.8, Right: 0.8}
	if p.Size == 0 {
		p.Size = bodySize
	}
	if p.Align == "" {
		p.Align = align.Left
	}
	if st.bold && p.Family == familyText {
		p.Style = fontstyle.Bold
	}
	if p.Family == familyCJK {
		s.cjk = true
	}
	return text.New(v, p)
}

// cell is a column of size grid units holding v, wrapped to the width.
func (s *sheet) cell(size int, v string, st style) core.Col {
	w := float64(size)/grid*contentWidth - 1.6
	return col.New(size).Add(s.text(breakLong(v, w, sizeOr(st.size)), st))
}

// line adds one full-width auto-height row of v.
func (s *sheet) line(v string, st style) {
	s.rows = append(s.rows, row.New().Add(s.cell(grid, v, st)))
}

// para adds v as paragraphs (split at newlines), each in rows of at most
// paraRunes runes so no row outgrows a page.
func (s *sheet) para(v string, st style) {
	for _, p := range strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		for _, chunk := range chunks(p, paraRunes) {
			s.line(chunk, st)
		}
	}
}

// paraRunes bounds one paragraph row: at body size a full-width row holds
// about 110 Latin or 55 Han characters a line, so 1,200 runes stay under
// a third of a page even in Chinese.
const paraRunes = 1200

// chunks cuts s into pieces of at most n runes, at a space when there is
// one in the last fifth of the piece.
func chunks(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		rs := []rune(s)
		cut := n
		for i := n; i > n*4/5; i-- {
			if rs[i] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, string(rs[:cut]))
		s = strings.TrimSpace(string(rs[cut:]))
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// heading adds a section heading.
func (s *sheet) heading(v string) {
	s.rows = append(s.rows, row.New().Add(s.cell(grid, v, style{size: 10.5, bold: true, top: 3, bottom: 1})))
}

// gap adds empty space.
func (s *sheet) gap(h float64) { s.rows = append(s.rows, row.New(h)) }

// rule adds a thin horizontal line.
func (s *sheet) rule() {
	s.rows = append(s.rows, row.New(2).Add(col.New(grid).Add(line.New(props.Line{Thickness: 0.3, Color: &grey, OffsetPercent: 50}))))
}

// field adds "Label: value" with the label in a left column of lw units.
func (s *sheet) field(lw int, lbl, v string) {
	if strings.TrimSpace(v) == "" {
		return
	}
	s.rows = append(s.rows, row.New().Add(
		s.cell(lw, lbl, style{color: &darkGrey}),
		s.cell(grid-lw, v, style{}),
	))
}

var (
	grey      = props.Color{Red: 160, Green: 160, Blue: 160}
	darkGrey  = props.Color{Red: 90, Green: 90, Blue: 90}
	headFill  = props.Color{Red: 225, Green: 232, Blue: 240}
	zebraFill = props.Color{Red: 246, Green: 246, Blue: 246}
	accent    = props.Color{Red: 20, Green: 70, Blue: 130}
)

// table is a table's column widths (grid units, summing to grid) and
// alignments.
type table struct {
	widths []int
	aligns []align.Type
	size   float64
}

// head is the table's header row.
func (s *sheet) head(tb table, titles ...string) core.Row {
	cols := make([]core.Col, len(titles))
	for i, v := range titles {
		cols[i] = s.cell(tb.widths[i], v, style{size: tb.size, bold: true, top: 1, bottom: 1, align: tb.aligns[i]})
	}
	return row.New().Add(cols...).WithStyle(&props.Cell{BackgroundColor: &headFill, BorderType: border.Bottom, BorderColor: &grey, BorderThickness: 0.2})
}

// tr is a body row of the table; odd rows are shaded.
func (s *sheet) tr(tb table, n int, values ...string) core.Row {
	cols := make([]core.Col, len(values))
	for i, v := range values {
		cols[i] = s.cell(tb.widths[i], v, style{size: tb.size, top: 0.8, bottom: 0.8, align: tb.aligns[i]})
	}
	r := row.New().Add(cols...)
	if n%2 == 1 {
		r.WithStyle(&props.Cell{BackgroundColor: &zebraFill})
	}
	return r
}

// sumRow is a right-aligned "label  amount" line under a table.
func (s *sheet) sumRow(lbl, amount string, bold bool) {
	s.rows = append(s.rows, row.New().Add(
		col.New(10),
		s.cell(8, lbl, style{align: align.Right, bold: bold, top: 0.5, bottom: 0.5}),
		s.cell(6, amount, style{align: align.Right, bold: bold, top: 0.5, bottom: 0.5}),
	))
}

// letterhead adds the agency's block: logo (if any prints), name,
// address, contacts, licence, tax code.
func (s *sheet) letterhead() {
	c := s.Company
	var lines []core.Component
	lines = append(lines, s.text(breakLong(c.CompanyName, 150, 12), style{size: 12, bold: true}))
	for _, v := range []string{
		c.Address,
		join(" · ", prefix(s.t("phone")+": ", s.phone(c.Phone)), c.Email, c.Website),
		join(" · ", prefix(s.t("licence")+": ", c.LicenceNumber), prefix(s.t("tax_code")+": ", c.TaxCode)),
	} {
		if v = oneLine(v); v != "" {
			lines = append(lines, s.text(breakLong(v, 150, 8), style{size: 8, color: &darkGrey}))
		}
	}
	info := col.New(grid).Add(&stack{items: lines})
	r := row.New()
	if logo, ok := cleanLogo(c.Logo); ok {
		info = col.New(grid - 5).Add(&stack{items: lines})
		r.Add(col.New(5).Add(&sized{h: 20, inner: imgc.NewFromBytes(logo, extension.Png, props.Rect{Percent: 95, Center: true})}), info)
	} else {
		r.Add(info)
	}
	s.rows = append(s.rows, r)
	s.rule()
}

// docTitle adds the document's centred title and a line under it.
func (s *sheet) docTitle(title, sub string) {
	s.rows = append(s.rows, row.New().Add(s.cell(grid, title, style{size: 15, bold: true, align: align.Center, top: 3, bottom: 1.5})))
	if sub != "" {
		s.rows = append(s.rows, row.New().Add(s.cell(grid, sub, style{align: align.Center, color: &darkGrey, bottom: 2})))
	}
}

// signatures adds signature blocks side by side: a caption, a hint,
// room to sign, and the name printed under it. The blocks are one row, so
// a page break never separates a caption from its name.
func (s *sheet) signatures(blocks ...[2]string) {
	w := grid / len(blocks)
	cols := make([]core.Col, len(blocks))
	for i, b := range blocks {
		cols[i] = col.New(w).Add(&stack{items: []core.Component{
			s.text(b[0], style{bold: true, align: align.Center, top: 6}),
			s.text(s.t("sign_hint"), style{size: smallSize, align: align.Center, color: &darkGrey}),
			&sized{h: 22, inner: text.New("")},
			s.text(breakLong(b[1], float64(w)/grid*contentWidth-1.6, bodySize), style{align: align.Center}),
		}})
	}
	s.rows = append(s.rows, row.New().Add(cols...))
}

// maroto makes the document: fonts for the text collected, A4 portrait,
// page numbers at the bottom right, the header (repeated on every page)
// and the rows.
func (s *sheet) maroto() (core.Maroto, error) {
	created := time.Date(s.PrintedOn.Year, s.PrintedOn.Month, s.PrintedOn.Day, 0, 0, 0, 0, time.UTC)
	if s.PrintedOn.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(marginSide).WithRightMargin(marginSide).
		WithTopMargin(marginTop).WithBottomMargin(marginBottom).
		WithMaxGridSize(grid).
		WithCustomFonts(fonts(s.cjk)).
		WithDefaultFont(&props.Font{Family: familyText, Size: bodySize}).
		WithPageNumber(props.PageNumber{Pattern: s.t("page") + " {current}/{total}", Place: props.RightBottom, Family: familyText, Size: smallSize, Color: &darkGrey}).
		WithTitle(s.title, true).
		WithCreator("TourDesk", true).
		WithAuthor(s.Company.CompanyName, true).
		WithCreationDate(created).
		WithCompression(true).
		Build()
	m := maroto.New(cfg)
	if len(s.header) > 0 {
		if err := m.RegisterHeader(s.header...); err != nil {
			return nil, fmt.Errorf("printing: %w", err)
		}
	}
	m.AddRows(s.rows...)
	return m, nil
}

// stack is a component drawing components one under another in a column
// (Maroto draws a column's components on top of each other).
type stack struct {
	items []core.Component
}

func (st *stack) SetConfig(c *entity.Config) {
	for _, it := range st.items {
		it.SetConfig(c)
	}
}

func (st *stack) GetStructure() *node.Node[core.Structure] {
	n := node.New(core.Structure{Type: "stack"})
	for _, it := range st.items {
		n.AddNext(it.GetStructure())
	}
	return n
}

func (st *stack) GetHeight(p core.Provider, cell *entity.Cell) float64 {
	h := 0.0
	for _, it := range st.items {
		h += it.GetHeight(p, cell)
	}
	return h
}

func (st *stack) Render(p core.Provider, cell *entity.Cell) {
	c := *cell
	for _, it := range st.items {
		h := it.GetHeight(p, &c)
		it.Render(p, &c)
		c.Y += h
		c.Height -= h
	}
}

// sized gives a component a fixed height in an auto-height row (a logo
// would otherwise be as tall as its column is wide).
type sized struct {
	h     float64
	inner core.Component
}

func (z *sized) SetConfig(c *entity.Config) { z.inner.SetConfig(c) }
func (z *sized) GetStructure() *node.Node[core.Structure] {
	n := node.New(core.Structure{Type: "sized", Value: z.h})
	n.AddNext(z.inner.GetStructure())
	return n
}
func (z *sized) GetHeight(core.Provider, *entity.Cell) float64 { return z.h }
func (z *sized) Render(p core.Provider, cell *entity.Cell) {
	c := *cell
	c.Height = z.h
	z.inner.Render(p, &c)
}

// cleanLogo decodes the settings' base64 logo and re-encodes it as a
// plain 8-bit PNG, which gofpdf reads whatever the original was
// (interlaced, 16-bit, JPEG). A missing, corrupt or oversized logo gives
// ok false: the document prints without it.
func cleanLogo(b64 string) ([]byte, bool) {
	b64 = strings.TrimSpace(b64)
	if b64 == "" {
		return nil, false
	}
	raw, err := decodeBase64(b64)
	if err != nil || len(raw) > app.MaxLogo {
		return nil, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width*cfg.Height > 4000*4000 {
		return nil, false
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return nil, false
	}
	return out.Bytes(), true
}

// breakLong returns v with every run of non-space characters wider than
// width millimetres (at size points) cut by spaces, so Maroto, which
// breaks lines only at spaces, never draws past a column. Han text, which
// has no spaces, is cut the same way. Widths are estimated on the safe
// side by runeWidth.
func breakLong(v string, width, size float64) string {
	em := size * 25.4 / 72
	if width <= em {
		return v
	}
	var b strings.Builder
	run := 0.0
	for _, r := range v {
		if unicode.IsSpace(r) {
			b.WriteRune(' ')
			run = 0
			continue
		}
		w := runeWidth(r) * em
		if run+w > width {
			b.WriteRune(' ')
			run = 0
		}
		b.WriteRune(r)
		run += w
	}
	return b.String()
}

// runeWidth is a rune's advance in em, rounded up over Noto Sans and
// WenQuanYi Micro Hei: 1 for CJK, 0.95 for the widest Latin letters,
// 0.8 for other capitals, 0.62 for the rest (digits are 0.57).
func runeWidth(r rune) float64 {
	switch {
	case r >= 0x2E80:
		return 1
	case r == 'M' || r == 'W' || r == 'm' || r == 'w' || r == '@' || r == '%':
		return 0.95
	case unicode.IsUpper(r):
		return 0.8
	}
	return 0.62
}

// clip shortens v to about lines lines of width millimetres at size
// points, ending it with "…" when cut; ok reports whether it was cut.
func clip(v string, width, size float64, lines int) (string, bool) {
	em := size * 25.4 / 72
	budget := width * float64(lines) * 0.92 // lines rarely fill to the end
	used := 0.0
	for i, r := range v {
		w := 0.55 * em
		if r >= 0x2E80 {
			w = em
		}
		used += w
		if used > budget {
			return strings.TrimSpace(v[:i]) + "…", true
		}
	}
	return v, false
}

func sizeOr(size float64) float64 {
	if size == 0 {
		return bodySize
	}
	return size
}

// oneLine folds newlines and runs of spaces into single spaces.
func oneLine(v string) string { return strings.Join(strings.Fields(v), " ") }

// join joins the non-empty values with sep.
func join(sep string, vs ...string) string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, sep)
}

// prefix is p+v, or "" when v is empty.
func prefix(p, v string) string {
	if strings.TrimSpace(v) == "" {
		return ""
	}
	return p + v
}

// newRow is an auto-height row.
func newRow() core.Row { return row.New() }

// phone shows an E.164 number as the agency dials it: national format for
// numbers of the agency's country, international for the rest.
func (s *sheet) phone(e164 string) string { return phone.Display(e164, s.Company.Country) }

// phones shows several numbers, comma-separated, each as phone does.
func (s *sheet) phones(list []string) string {
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = s.phone(p)
	}
	return strings.Join(out, ", ")
}
