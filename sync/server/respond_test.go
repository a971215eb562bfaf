package server

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                       false,
		"gzip":                   true,
		"GZIP":                   true,
		"deflate, gzip;q=0.8":    true,
		"br, gzip ; q=0":         false,
		"gzip;q=0.000":           false,
		"identity":               false,
		"x-gzip":                 false,
		"deflate,br,zstd, gzip ": true,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if header != "" {
			r.Header.Set("Accept-Encoding", header)
		}
		if got := acceptsGzip(r); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestWriteJSONCompressesWhenAccepted(t *testing.T) {
	big := map[string]string{"text": strings.Repeat("Nguyễn Thị Lan, Đà Nẵng. ", 100)}
	for _, accept := range []bool{false, true} {
		r := httptest.NewRequest("GET", "/", nil)
		if accept {
			r.Header.Set("Accept-Encoding", "gzip")
		}
		w := httptest.NewRecorder()
		writeJSON(w, r, http.StatusOK, big)
		res := w.Result()
		var body io.Reader = res.Body
		if got := res.Header.Get("Content-Encoding") == "gzip"; got != accept {
			t.Fatalf("accept gzip %v: Content-Encoding %q", accept, res.Header.Get("Content-Encoding"))
		}
		if accept {
			if w.Body.Len() > 500 {
				t.Errorf("compressed body is %d bytes", w.Body.Len())
			}
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = zr
		}
		var got map[string]string
		if err := json.NewDecoder(body).Decode(&got); err != nil || got["text"] != big["text"] {
			t.Errorf("accept gzip %v: body does not round-trip: %v", accept, err)
		}
	}
	// Small bodies are sent as they are.
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	writeJSON(w, r, http.StatusOK, map[string]string{"a": "b"})
	if w.Header().Get("Content-Encoding") != "" {
		t.Error("a tiny body was compressed")
	}
}

func TestLimitedReader(t *testing.T) {
	for _, tc := range []struct {
		size, limit int
		tooBig      bool
	}{{10, 10, false}, {11, 10, true}, {0, 0, false}, {100_000, 4096, true}} {
		l := &limitedReader{r: strings.NewReader(strings.Repeat("x", tc.size)), n: int64(tc.limit)}
		b, err := io.ReadAll(l)
		if tc.tooBig != (err == errDecompressedTooLarge) {
			t.Errorf("size %d limit %d: err %v", tc.size, tc.limit, err)
		}
		if !tc.tooBig && len(b) != tc.size {
			t.Errorf("size %d limit %d: read %d bytes", tc.size, tc.limit, len(b))
		}
	}
}

func TestAddrKey(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:5555":                 "a:127.0.0.1",
		"[::ffff:10.0.0.1]:80":           "a:10.0.0.1",
		"[2001:db8:1:2:3:4:5:6]:443":     "a:2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff:4:5:6]:1443": "a:2001:db8:1:2::/64",
		"pipe":                           "a:pipe",
	} {
		if got := addrKey(in); got != want {
			t.Errorf("addrKey(%q) = %q, want %q", in, got, want)
		}
	}
}
