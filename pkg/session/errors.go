package session

import (
	"errors"
	"fmt"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

var (
	// ErrUnauthorized: no facilitator token was given (an Opener's or a
	// Presenter's answer; the edge checks the token).
	ErrUnauthorized = errors.New("session: facilitator token required")
	// ErrForbidden: the token is not this session's (likewise).
	ErrForbidden = errors.New("session: token does not match this session")
	// ErrNoGroup: the session has no group of that name.
	ErrNoGroup = errors.New("session: no such group")
	// ErrNoProgramme: no programme has that id.
	ErrNoProgramme = errors.New("session: no such programme")
)

// InvalidError is input a person must correct; its message says how.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

func invalid(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}

// checkError is a failed check of poll's as the layers above see it: a
// quota stays a *poll.LimitError, anything else is input to correct.
func checkError(err error) error {
	var le *poll.LimitError
	if errors.As(err, &le) {
		return le
	}
	return invalid("%s", err.Error())
}

// SourceError is a failed check of the earlier session a request names
// (a copy or a comparison): Err is ErrUnauthorized, ErrForbidden or
// store.ErrNotFound.
type SourceError struct{ Err error }

func (e *SourceError) Error() string { return "session: source session: " + e.Err.Error() }

func (e *SourceError) Unwrap() error { return e.Err }

func sourceError(err error) error {
	if errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) || errors.Is(err, store.ErrNotFound) {
		return &SourceError{Err: err}
	}
	return err
}

// ProgrammeSourceError is a failed check of the programme a new session
// names, told as a failed check of a source (its token comes in the same
// header as a copied session's).
func ProgrammeSourceError(err error) error { return sourceError(err) }
