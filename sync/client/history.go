package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// History returns every accepted change of the record kind/id, oldest
// first, limited to the fields the session's user may read. A record the
// user may not read matches app.ErrForbidden, one that never existed
// app.ErrNotFound.
func (c *Client) History(ctx context.Context, kind app.Kind, id string) (protocol.HistoryResponse, error) {
	var h protocol.HistoryResponse
	path := protocol.PathHistory + url.PathEscape(string(kind)) + "/" + url.PathEscape(id)
	err := c.do(ctx, http.MethodGet, path, nil, nil, &h)
	return h, err
}
