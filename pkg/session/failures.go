package session

import (
	"errors"
	"net/http"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/store"
)

// Failure is what a client is told of an error, on either transport.
type Failure struct {
	// Status, Code and Message are a REST response's status and error body.
	Status  int
	Code    protocol.Code
	Message string
	// Wire and WireMessage are a WebSocket error frame's code and message.
	Wire        protocol.Code
	WireMessage string
}

// failures is the one table of errors: each error of the store or of this
// package, with what a REST client and a WebSocket client are told of it.
// The first row that matches wins. A row without a Status leaves REST to
// the fallback (an internal error), one without a Wire code leaves the
// WebSocket to its fallback (unavailable: the phone sends again).
var failures = []struct {
	err error
	// source: the row matches only inside a SourceError (the earlier
	// session a copy or a comparison names), whose own error is err or,
	// for a nil err, anything else.
	source bool
	Failure
}{
	{err: ErrUnauthorized, source: true, Failure: Failure{
		Status: http.StatusUnauthorized, Code: protocol.CodeUnauthorized,
		Message: "send the other session's facilitator token as 'X-Source-Token: <token>'"}},
	{err: ErrForbidden, source: true, Failure: Failure{
		Status: http.StatusForbidden, Code: protocol.CodeForbidden,
		Message: "the X-Source-Token does not belong to the other session"}},
	{source: true, Failure: Failure{
		Status: http.StatusNotFound, Code: protocol.CodeNotFound,
		Message: "no such source session"}},
	{err: ErrNoProgramme, Failure: Failure{
		Status: http.StatusNotFound, Code: protocol.CodeNotFound,
		Message: "no such programme"}},
	{err: ErrNoGroup, Failure: Failure{
		Status: http.StatusNotFound, Code: protocol.CodeNotFound,
		Message: "no such group in this session"}},
	{err: ErrNoEntry, Failure: Failure{
		Status: http.StatusNotFound, Code: protocol.CodeNotFound,
		Message: "no open answer or Q&A entry of this session has that id"}},
	{err: ErrUnauthorized, Failure: Failure{
		Status: http.StatusUnauthorized, Code: protocol.CodeUnauthorized,
		Message: "send the facilitator token as 'Authorization: Bearer <token>'",
		Wire:    protocol.CodeForbidden, WireMessage: "the big screen needs the session's facilitator token"}},
	{err: ErrForbidden, Failure: Failure{
		Status: http.StatusForbidden, Code: protocol.CodeForbidden,
		Message: "the token does not belong to this session",
		Wire:    protocol.CodeForbidden, WireMessage: "the big screen needs the session's facilitator token"}},
	{err: store.ErrNotFound, Failure: Failure{
		Status: http.StatusNotFound, Code: protocol.CodeNotFound,
		Message: "no such session",
		Wire:    protocol.CodeUnknownSession, WireMessage: "no session has that code"}},
	{err: store.ErrNoQuestion, Failure: Failure{
		Status: http.StatusNotFound, Code: protocol.CodeNotFound,
		Message: "no such question in this session"}},
	{err: store.ErrNotCurrent, Failure: Failure{
		Wire: protocol.CodeNotCurrent, WireMessage: "that question is not open now"}},
	{err: store.ErrLocked, Failure: Failure{
		Wire: protocol.CodeLocked, WireMessage: "answers are closed for now"}},
	{err: store.ErrUnavailable, Failure: Failure{
		Status: http.StatusServiceUnavailable, Code: protocol.CodeUnavailable,
		Message: "the store is not reachable; try again shortly"}},
}

// Internal is what a REST client is told of an error that neither the
// table nor the HTTP layer names.
var Internal = Failure{Status: http.StatusInternalServerError, Code: protocol.CodeInternal,
	Message: "something went wrong on the server"}

// wireFallback is what a phone is told of an error the table gives no wire
// code: the answer was not saved, and sending it again is safe.
var wireFallback = Failure{Wire: protocol.CodeUnavailable,
	WireMessage: "the answer could not be saved; try again in a moment"}

// RESTFailure returns the status, code and message a REST client is told of
// err, and false when the table gives err no REST status.
func RESTFailure(err error) (Failure, bool) {
	f := lookup(err)
	return f, f.Status != 0
}

// WireFailure returns the code and message of the WebSocket error frame
// that tells a client of err.
func WireFailure(err error) (protocol.Code, string) {
	f := lookup(err)
	if f.Wire == "" {
		f = wireFallback
	}
	return f.Wire, f.WireMessage
}

// lookup returns the first row of the table that matches err. An
// InvalidError is a bad request, a poll.LimitError a quota (limit_reached:
// 422 for a size, 429 for a rate), each with its own message (they come of
// REST input only).
func lookup(err error) Failure {
	var inv *InvalidError
	if errors.As(err, &inv) {
		return Failure{Status: http.StatusBadRequest, Code: protocol.CodeBadRequest, Message: inv.Msg}
	}
	var le *poll.LimitError
	if errors.As(err, &le) && le.Rate {
		return Failure{Status: http.StatusTooManyRequests, Code: protocol.CodeLimitReached, Message: le.Msg}
	}
	if errors.As(err, &le) {
		return Failure{Status: http.StatusUnprocessableEntity, Code: protocol.CodeLimitReached, Message: le.Msg}
	}
	var se *SourceError
	inSource := errors.As(err, &se)
	for _, row := range failures {
		if row.source == inSource && (row.err == nil || errors.Is(err, row.err)) {
			return row.Failure
		}
	}
	return Failure{}
}
