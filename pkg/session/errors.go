package session

import (
	"errors"
	"fmt"
)

var (
	// ErrUnauthorized: no facilitator token was given.
	ErrUnauthorized = errors.New("session: facilitator token required")
	// ErrForbidden: the token is not this session's.
	ErrForbidden = errors.New("session: token does not match this session")
)

// InvalidError is input a person must correct; its message says how.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

func invalid(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}
