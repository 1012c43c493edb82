package protocol

import "errors"

// ErrBadFrame is returned by Decode for a frame that is not a JSON object
// with a "type".
var ErrBadFrame = errors.New("protocol: frame is not a JSON object with a type")

// Code is an error code sent to clients in an error frame and in REST error
// bodies. The set is closed: clients may switch on it. Which error of the
// store or the session service gets which code (and which REST status) is
// decided in one table, pkg/session's failures.go.
type Code string

// Error codes. A client should retry only on CodeUnavailable and
// CodeRateLimited (after a pause); every other code means the request itself
// must change.
const (
	// CodeLocked: the question or session is locked; answers are refused.
	CodeLocked Code = "locked"
	// CodeInvalidAnswer: the answer's value does not fit the question.
	CodeInvalidAnswer Code = "invalid_answer"
	// CodeNotCurrent: the answer is for a question that is not the current one.
	CodeNotCurrent Code = "not_current"
	// CodeUnknownSession: no session has that code or id.
	CodeUnknownSession Code = "unknown_session"
	// CodeRateLimited: the participant sent too many messages; slow down.
	CodeRateLimited Code = "rate_limited"
	// CodeTooLarge: the frame is larger than the server accepts.
	CodeTooLarge Code = "too_large"
	// CodeBadRequest: the frame is not valid JSON or lacks required fields.
	CodeBadRequest Code = "bad_request"
	// CodeUnknownType: the frame's type is not one the server knows.
	CodeUnknownType Code = "unknown_type"
	// CodeNotJoined: an answer arrived before a join.
	CodeNotJoined Code = "not_joined"
	// CodeForbidden: the token does not grant access to this session.
	CodeForbidden Code = "forbidden"
	// CodeUnavailable: the server cannot store right now; try again shortly.
	CodeUnavailable Code = "unavailable"
	// CodeSessionFull: the session has as many participants as its
	// maxParticipants; a participant already in it rejoins with its token.
	CodeSessionFull Code = "session_full"
	// CodeJoinsClosed: the facilitator has closed the session for new
	// participants; a participant already in it rejoins with its token.
	CodeJoinsClosed Code = "joins_closed"

	// CodeNotFound (REST): no session, question, group or endpoint matches.
	CodeNotFound Code = "not_found"
	// CodeUnauthorized (REST): a facilitator token is required and was not sent.
	CodeUnauthorized Code = "unauthorized"
	// CodeMethodNotAllowed (REST): the endpoint does not take that method.
	CodeMethodNotAllowed Code = "method_not_allowed"
	// CodeInternal (REST): the server failed; the request may be fine.
	CodeInternal Code = "internal"
	// CodeLimitReached (REST): the request would go past a documented quota
	// (pkg/poll's limits.go); the message names it.
	CodeLimitReached Code = "limit_reached"
	// CodeConflict (REST): a facilitator with that e-mail address exists.
	CodeConflict Code = "conflict"
)
