package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
)

// Sentinels an *Error (or an unreachable server) matches with errors.Is.
var (
	// ErrUnauthorized: the token is missing, unknown, expired or its user
	// disabled, or (Login) the user name or password is wrong. The user
	// must log in again.
	ErrUnauthorized = errors.New("the server did not accept the session")
	// ErrRateLimited: too many failed logins; Error.RetryAfter says when
	// to try again.
	ErrRateLimited = errors.New("too many attempts")
	// ErrUnsupportedVersion: the server does not speak this client's
	// protocol version (one of them must be updated).
	ErrUnsupportedVersion = errors.New("the server speaks another protocol version")
	// ErrTooLarge: the request was over the server's size limit.
	ErrTooLarge = errors.New("the request is too large for the server")
	// ErrSeqGap: the server expects changes of this device that the local
	// store no longer holds (Error.NextSeq is the first).
	ErrSeqGap = errors.New("the server is missing changes of this device")
	// ErrUnreachable: no answer from the server (refused, timed out, the
	// connection dropped).
	ErrUnreachable = errors.New("cannot reach the sync server")
)

// Error is an answer of the server that is not a success: a
// protocol.ErrorResponse with its HTTP status.
type Error struct {
	Status  int
	Code    string // one of protocol's Code* constants
	Message string
	Field   string
	NextSeq uint64 // for protocol.CodeSeqGap
	// RetryAfter is the server's Retry-After (0 when absent).
	RetryAfter time.Duration
	// ServerVersion is the protocol version the server said it speaks
	// (0 when it did not say).
	ServerVersion int
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	s := fmt.Sprintf("sync server: %s (%s)", msg, e.Code)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf("; try again in %s", e.RetryAfter.Round(time.Second))
	}
	if e.Code == protocol.CodeUnsupportedVersion && e.ServerVersion > 0 {
		s += fmt.Sprintf("; the server speaks version %d, this client %d", e.ServerVersion, protocol.Version)
	}
	return s
}

// Is maps stable codes to this package's sentinels and app's.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Code == protocol.CodeUnauthorized
	case ErrRateLimited:
		return e.Code == protocol.CodeRateLimited
	case ErrUnsupportedVersion:
		return e.Code == protocol.CodeUnsupportedVersion
	case ErrTooLarge:
		return e.Code == protocol.CodeTooLarge
	case ErrSeqGap:
		return e.Code == protocol.CodeSeqGap
	case app.ErrForbidden:
		return e.Code == protocol.CodeForbidden
	case app.ErrNotFound:
		return e.Code == protocol.CodeNotFound
	case app.ErrInvalid:
		switch e.Code {
		case protocol.CodeBadRequest, protocol.CodeInvalidField, protocol.CodeUnknownKind:
			return true
		}
	}
	return false
}

// errorFrom reads an error answer. A body that is not an ErrorResponse
// (a proxy's error page) keeps the HTTP status, with a code guessed from it.
func errorFrom(resp *resty.Response) *Error {
	e := &Error{Status: resp.StatusCode()}
	var er protocol.ErrorResponse
	if err := json.Unmarshal(resp.Body(), &er); err == nil && er.Code != "" {
		e.Code, e.Message, e.Field, e.NextSeq = er.Code, er.Message, er.Field, er.NextSeq
	} else {
		switch e.Status {
		case http.StatusUnauthorized:
			e.Code = protocol.CodeUnauthorized
		case http.StatusTooManyRequests:
			e.Code = protocol.CodeRateLimited
		case http.StatusRequestEntityTooLarge:
			e.Code = protocol.CodeTooLarge
		case http.StatusNotFound:
			e.Code = protocol.CodeNotFound
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			e.Code = protocol.CodeUnavailable
		default:
			e.Code = protocol.CodeInternal
		}
	}
	if s, err := strconv.Atoi(resp.Header().Get("Retry-After")); err == nil && s > 0 {
		e.RetryAfter = time.Duration(s) * time.Second
	}
	if v, err := strconv.Atoi(resp.Header().Get(protocol.HeaderVersion)); err == nil {
		e.ServerVersion = v
	}
	return e
}

// retryable reports whether a failed request may succeed if sent again
// unchanged.
func retryable(err error) bool {
	if errors.Is(err, ErrUnreachable) {
		return true
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code == protocol.CodeUnavailable || e.Code == protocol.CodeInternal
	}
	return false
}
