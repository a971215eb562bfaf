package client

import (
	"context"
	"net/http"

	"github.com/tourdesk/tourdesk/sync/protocol"
)

// Login signs user in on the device deviceID (the local store's
// DeviceID) and keeps the session's token for the requests after it. A
// wrong user name or password matches ErrUnauthorized; too many failures
// ErrRateLimited (with Error.RetryAfter).
func (c *Client) Login(ctx context.Context, user, password, deviceID string) (protocol.SessionResponse, error) {
	var resp protocol.SessionResponse
	req := protocol.SessionRequest{User: user, Password: password, DeviceID: deviceID}
	if err := c.do(ctx, http.MethodPost, protocol.PathSession, nil, req, &resp); err != nil {
		return protocol.SessionResponse{}, err
	}
	c.token = resp.Token
	return resp, nil
}

// Whoami returns who the client's session belongs to, as the server sees
// it now. Without a valid session it matches ErrUnauthorized.
func (c *Client) Whoami(ctx context.Context) (protocol.Whoami, error) {
	var w protocol.Whoami
	err := c.do(ctx, http.MethodGet, protocol.PathWhoami, nil, nil, &w)
	return w, err
}
