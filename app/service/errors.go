package service

import (
	"errors"
	"fmt"

	"github.com/tourdesk/tourdesk/app"
)

func notFound(kind app.Kind, id string) error {
	return fmt.Errorf("%s %s: %w", kind, id, app.ErrNotFound)
}

func isNotFound(err error) bool { return errors.Is(err, app.ErrNotFound) }
