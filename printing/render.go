package printing

import (
	"fmt"

	"github.com/johnfercher/maroto/v2/pkg/core"
)

// Render generates the PDF of a document built by one of this package's
// builders and returns its bytes, which the caller owns. It consumes m:
// render a document once.
func Render(m core.Maroto) ([]byte, error) {
	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("printing: render: %w", err)
	}
	return doc.GetBytes(), nil
}
