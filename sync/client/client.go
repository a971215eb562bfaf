// Package client is TourDesk's sync client: it signs in to the central
// server (Login), asks who the session belongs to (Whoami), replicates a
// local store with it (Sync: push the outbox, then pull everything past the
// cursor) and reads a record's history (History), over HTTP with resty and
// the wire types of sync/protocol.
//
// The local store is reached through LocalStore, a small interface declared
// here; cmd/internal/localsync adapts localdb to it, so this package imports
// neither localdb nor the server.
//
// # Requests
//
// A Client keeps one resty client, whose transport keeps its connection to
// the server alive between requests: a sync is a handful of requests on one
// connection. Every request under /v1/ carries protocol.HeaderVersion;
// request bodies of more than a few hundred bytes are gzip-compressed, and
// responses are accepted compressed. A request that fails on the network,
// or that the server answers with CodeUnavailable or CodeInternal, is
// retried (Options: WithRetries) after a growing wait, or the server's
// Retry-After; push and pull are safe to repeat (a push is idempotent by
// device sequence, a pull only reads).
//
// # Errors
//
// A server refusal is an *Error carrying its stable code; it matches the
// sentinels of this package (ErrUnauthorized, ErrRateLimited,
// ErrUnsupportedVersion, ErrTooLarge, ErrSeqGap) and app's (app.ErrForbidden,
// app.ErrNotFound, app.ErrInvalid) with errors.Is. A server that cannot be
// reached is an error matching ErrUnreachable. A cancelled context returns
// the context's error.
//
// A Client is not safe for concurrent use: one sync at a time.
package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// Defaults of the options.
const (
	DefaultBatchSize = 500
	DefaultRetries   = 3
	DefaultTimeout   = 60 * time.Second
	defaultRetryWait = 250 * time.Millisecond
	maxRetryWait     = 10 * time.Second
	// gzipMinSize: smaller bodies are sent as they are (gzip's framing
	// would make them bigger).
	gzipMinSize = 256
)

// Client talks to one sync server. Create it with New.
type Client struct {
	base      string
	http      *resty.Client
	token     string
	batch     int
	pullLimit int
	retries   int
	retryWait time.Duration
	// offset is the server's clock minus this computer's, from the Date
	// header of the last answer (haveOffset: one was read).
	offset     time.Duration
	haveOffset bool
	// wall is the computer's clock as the local store stamps with it.
	wall func() time.Time
	// noSnapshot: fill a new device with pull pages (WithoutSnapshot).
	noSnapshot bool
}

// WithWallClock tells the client the clock the local store stamps changes
// with (time.Now by default; tests give a wrong one), to report in
// Summary.ClockAhead how far it is ahead of the server's.
func WithWallClock(now func() time.Time) Option { return func(c *Client) { c.wall = now } }

// serverNow returns the server's time now, as the last answer's Date
// header put it (to the second, never later than the server's clock), and
// whether one was seen.
func (c *Client) serverNow() (time.Time, bool) {
	if !c.haveOffset {
		return time.Time{}, false
	}
	return time.Now().Add(c.offset), true
}

// Option configures a Client.
type Option func(*Client)

// WithToken makes the client send token (from an earlier Login) on every
// authenticated request.
func WithToken(token string) Option { return func(c *Client) { c.token = token } }

// WithBatchSize sets how many changes one push carries at most (1 to
// protocol.MaxPushChanges; DefaultBatchSize otherwise).
func WithBatchSize(n int) Option {
	return func(c *Client) {
		if n > 0 && n <= protocol.MaxPushChanges {
			c.batch = n
		}
	}
}

// WithPullLimit sets the page size asked of each pull (0: the server's
// default).
func WithPullLimit(n int) Option { return func(c *Client) { c.pullLimit = max(0, n) } }

// WithRetries sets how many times a failed request is repeated (0: never)
// and the first wait between tries (doubled each time, at most 10 s).
func WithRetries(n int, wait time.Duration) Option {
	return func(c *Client) {
		c.retries = max(0, n)
		if wait > 0 {
			c.retryWait = wait
		}
	}
}

// WithHTTPClient makes the client send its requests through hc (its
// transport, timeout and TLS settings).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.http = resty.NewWithClient(hc) }
}

// New returns a client of the server at baseURL ("https://sync.example.vn"
// or "http://127.0.0.1:8700"; a path prefix is kept). It fails, matching
// app.ErrInvalid, for a URL that is not http or https with a host. New
// sends nothing.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("sync client: server URL %q: want http:// or https:// and a host: %w", baseURL, app.ErrInvalid)
	}
	c := &Client{
		base:      strings.TrimRight(u.String(), "/"),
		batch:     DefaultBatchSize,
		retries:   DefaultRetries,
		retryWait: defaultRetryWait,
		wall:      time.Now,
	}
	for _, o := range opts {
		o(c)
	}
	if c.http == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 2
		c.http = resty.NewWithClient(&http.Client{Transport: tr, Timeout: DefaultTimeout})
	}
	c.http.SetBaseURL(c.base).
		SetHeader(protocol.HeaderVersion, strconv.Itoa(protocol.Version)).
		SetDisableWarn(true).
		SetLogger(quietLogger{})
	return c, nil
}

// BaseURL is the server's URL as the client uses it (no trailing slash).
func (c *Client) BaseURL() string { return c.base }

// Token is the session token the client sends ("" before Login).
func (c *Client) Token() string { return c.token }

// do sends one request and decodes a 2xx answer's JSON into out (nil:
// ignore it). body (nil: none) is sent as JSON. Failures are retried as
// the package doc says; the last one is returned.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var payload []byte
	gz := false
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("sync client: encode %s: %w", path, err)
		}
		payload = b
		if len(b) >= gzipMinSize {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			zw.Write(b)
			zw.Close()
			payload, gz = buf.Bytes(), true
		}
	}
	wait := c.retryWait
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, method, path, query, payload, gz, out)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if attempt >= c.retries || !retryable(err) {
			return err
		}
		d := wait
		var e *Error
		if errors.As(err, &e) && e.RetryAfter > 0 {
			d = e.RetryAfter
		}
		d = min(d, maxRetryWait)
		wait *= 2
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (c *Client) once(ctx context.Context, method, path string, query url.Values, payload []byte, gz bool, out any) error {
	r := c.http.R().SetContext(ctx).SetDoNotParseResponse(false)
	if c.token != "" {
		r.SetAuthToken(c.token)
	}
	if query != nil {
		r.SetQueryParamsFromValues(query)
	}
	if payload != nil {
		r.SetHeader("Content-Type", "application/json").SetBody(payload)
		if gz {
			r.SetHeader("Content-Encoding", "gzip")
		}
	}
	resp, err := r.Execute(method, path)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &unreachableError{base: c.base, err: err}
	}
	if d, err := http.ParseTime(resp.Header().Get("Date")); err == nil {
		// The header is cut to the second, and was written before the
		// answer travelled: the estimate is at most the server's time.
		c.offset, c.haveOffset = d.Sub(resp.ReceivedAt()), true
	}
	if resp.IsSuccess() {
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(resp.Body(), out); err != nil {
			return fmt.Errorf("sync client: %s %s: the server's answer is not what this version reads: %w", method, path, err)
		}
		return nil
	}
	return errorFrom(resp)
}

// quietLogger drops resty's own log lines: every failure reaches the
// caller as an error.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}

var _ resty.Logger = quietLogger{}

// unreachableError is a request that got no answer from the server.
type unreachableError struct {
	base string
	err  error
}

func (e *unreachableError) Error() string {
	reason := e.err.Error()
	var op *net.OpError
	var ue *url.Error
	switch {
	case errors.As(e.err, &op) && op.Err != nil:
		reason = op.Err.Error()
	case errors.As(e.err, &ue):
		reason = ue.Err.Error()
	}
	if errors.Is(e.err, io.EOF) || errors.Is(e.err, io.ErrUnexpectedEOF) {
		reason = "the connection was closed before the answer arrived"
	}
	return fmt.Sprintf("cannot reach the sync server at %s: %s", e.base, reason)
}

func (e *unreachableError) Unwrap() []error { return []error{ErrUnreachable, e.err} }
