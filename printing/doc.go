// Package printing builds TourDesk's printed documents with Maroto v2: the
// quote (tour program), the contract, the receipt for one payment, the
// service voucher for a partner, and a departure's group list and rooming
// list.
//
// Each document is a pure builder in its own file: a function from a view
// struct (quote.go: QuoteView → Quote, contract.go: ContractView →
// Contract, …) to a core.Maroto. A builder reads no files and no clock:
// everything it prints, the print date included, is in the view, so the
// same view always gives the same document (and the same PDF bytes).
// Render turns a built document into PDF bytes. Builders return an error
// matching app.ErrInvalid for a view they cannot print (an unknown
// language, prices in two currencies, more rows than a document holds);
// awkward but valid data (no travelers yet, a missing or corrupt logo, a
// 2,000-character request, a name in three scripts) prints.
//
// A core.Maroto is used once: call either GetStructure (tests) or Render,
// not both, since each closes the last page.
//
// # Fonts
//
// The fonts are the TrueType faces embedded in package assets: Noto Sans
// (Latin with Vietnamese, Cyrillic; regular and bold) and WenQuanYi Micro
// Hei (CJK; one weight). gofpdf, under Maroto, draws each text run in one
// font and has no per-glyph fallback, so the font is chosen per text run:
// a run holding any Han, kana, Hangul or CJK punctuation is set in the CJK
// face (which also covers Latin, Vietnamese and Cyrillic, so "Nguyễn Иван
// 王" prints whole), any other run in Noto Sans, which has the currency
// signs the CJK face lacks (₽). See familyFor. The CJK face (4.6 MB) is
// registered only in documents that hold such a run.
//
// # Labels
//
// Fixed text is translated per document language (vi, en, ru, zh) from the
// table in labels.go; dates are written the way each language writes them
// (02/10/2026, 2 Oct 2026, 02.10.2026, 2026年10月2日) and amounts by
// money.Money.Format, with the amount in words from app/inwords.
package printing
