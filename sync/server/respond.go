package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/tourdesk/tourdesk/sync/protocol"
)

// gzipMinSize is the smallest response body worth compressing: below it
// gzip's 18 bytes of framing and a body of mostly random ids and tokens
// gain nothing.
const gzipMinSize = 256

// statusOf is the HTTP status of each error code.
var statusOf = map[string]int{
	protocol.CodeBadRequest:         http.StatusBadRequest,
	protocol.CodeUnauthorized:       http.StatusUnauthorized,
	protocol.CodeForbidden:          http.StatusForbidden,
	protocol.CodeRateLimited:        http.StatusTooManyRequests,
	protocol.CodeTooLarge:           http.StatusRequestEntityTooLarge,
	protocol.CodeUnsupportedVersion: http.StatusBadRequest,
	protocol.CodeUnknownKind:        http.StatusBadRequest,
	protocol.CodeInvalidField:       http.StatusBadRequest,
	protocol.CodeInternal:           http.StatusInternalServerError,
	protocol.CodeNotFound:           http.StatusNotFound,
	protocol.CodeMethodNotAllowed:   http.StatusMethodNotAllowed,
	protocol.CodeUnavailable:        http.StatusServiceUnavailable,
	protocol.CodeSeqGap:             http.StatusConflict,
	protocol.CodeResyncRequired:     http.StatusGone,
}

// apiError is an answer that is not a success, on its way to the wire.
type apiError struct {
	protocol.ErrorResponse
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(code, message string) *apiError {
	return &apiError{protocol.ErrorResponse{Code: code, Message: message}}
}

func fieldError(field, message string) *apiError {
	return &apiError{protocol.ErrorResponse{Code: protocol.CodeInvalidField, Message: message, Field: field}}
}

// writeJSON writes v with status, gzip-compressed when the client accepts it
// and the body is big enough to gain from it.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only our own wire types reach here; they always marshal.
		panic("sync/server: marshal response: " + err.Error())
	}
	body = append(body, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Add("Vary", "Accept-Encoding")
	if len(body) >= gzipMinSize && acceptsGzip(r) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeError writes e with the HTTP status of its code.
func writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, status, e.ErrorResponse)
}

// acceptsGzip reports whether the request's Accept-Encoding lists gzip
// (without q=0).
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				return false
			}
			return true
		}
	}
	return false
}

// decodeJSON reads the request body into v: at most limit bytes after
// decompression (Content-Encoding gzip is accepted), one JSON value and
// nothing after it. Unknown fields are ignored, so a newer client's extra
// fields do not break an older server of the same protocol version.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) *apiError {
	// MaxBytesReader also tells net/http to close the connection rather
	// than read the rest of an oversized body.
	var body io.Reader = http.MaxBytesReader(w, r.Body, limit)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			if tooLarge(err) {
				return tooLargeError(limit)
			}
			return errorf(protocol.CodeBadRequest, "the body is not valid gzip")
		}
		defer zr.Close()
		// The decompressed size is limited too: a small gzip bomb must not
		// inflate into gigabytes.
		body = &limitedReader{r: zr, n: limit}
	default:
		return errorf(protocol.CodeBadRequest, "unsupported Content-Encoding "+strconv.Quote(enc)+" (send gzip or nothing)")
	}
	dec := json.NewDecoder(body)
	if err := dec.Decode(v); err != nil {
		return decodeError(err, limit)
	}
	// Exactly one value: anything but white space after it is an error.
	if _, err := dec.Token(); err != io.EOF {
		if err != nil && tooLarge(err) {
			return tooLargeError(limit)
		}
		return errorf(protocol.CodeBadRequest, "the body holds more than one JSON value")
	}
	return nil
}

func decodeError(err error, limit int64) *apiError {
	var typeErr *json.UnmarshalTypeError
	switch {
	case tooLarge(err):
		return tooLargeError(limit)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return &apiError{protocol.ErrorResponse{
			Code:    protocol.CodeBadRequest,
			Message: "field " + strconv.Quote(typeErr.Field) + " must be a JSON " + jsonTypeName(typeErr.Type.Kind().String()),
			Field:   typeErr.Field,
		}}
	case errors.Is(err, io.EOF):
		return errorf(protocol.CodeBadRequest, "the body is empty; a JSON object was expected")
	default:
		return errorf(protocol.CodeBadRequest, "the body is not valid JSON")
	}
}

func jsonTypeName(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	default:
		return "number"
	}
}

func tooLargeError(limit int64) *apiError {
	return errorf(protocol.CodeTooLarge, "the request body is larger than "+strconv.FormatInt(limit, 10)+" bytes")
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb) || errors.Is(err, errDecompressedTooLarge)
}

var errDecompressedTooLarge = errors.New("decompressed body too large")

// limitedReader fails with errDecompressedTooLarge once more than n bytes
// have been read (io.LimitReader would end the body silently instead).
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errDecompressedTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errDecompressedTooLarge
	}
	return n, err
}
