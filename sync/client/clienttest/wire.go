package clienttest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Wire counts a client's requests and the bytes that cross its
// connections (compressed bodies and headers, both ways), for the
// benchmarks' "bytes on the wire" figures.
type Wire struct {
	Reqs, Up, Down atomic.Int64
	rt             http.RoundTripper
}

// NewWire returns a Wire and an HTTP client (one keep-alive transport,
// the given timeout) whose traffic it counts.
func NewWire(timeout time.Duration) (*Wire, *http.Client) {
	w := &Wire{}
	d := &net.Dialer{}
	w.rt = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countConn{c, w}, nil
	}, MaxIdleConnsPerHost: 2}
	return w, &http.Client{Transport: w, Timeout: timeout}
}

// RoundTrip counts the request and hands it on.
func (w *Wire) RoundTrip(r *http.Request) (*http.Response, error) {
	w.Reqs.Add(1)
	return w.rt.RoundTrip(r)
}

// Reset sets every count back to zero.
func (w *Wire) Reset() { w.Reqs.Store(0); w.Up.Store(0); w.Down.Store(0) }

func (w *Wire) String() string {
	return fmt.Sprintf("%d requests, %.2f MB up, %.2f MB down", w.Reqs.Load(), float64(w.Up.Load())/1e6, float64(w.Down.Load())/1e6)
}

type countConn struct {
	net.Conn
	w *Wire
}

func (c countConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.w.Down.Add(int64(n))
	return n, err
}

func (c countConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.w.Up.Add(int64(n))
	return n, err
}
