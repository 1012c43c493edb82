package api

import (
	"errors"
	"net/http"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/store"
)

// authError maps the errors of pkg/auth (and a known e-mail address), or
// returns nil; the session service's errors go through its table of
// failures (pkg/session's failures.go).
func authError(err error) *apiError {
	var inv *auth.InvalidError
	switch {
	case errors.Is(err, auth.ErrUnauthorized):
		return newError(http.StatusUnauthorized, protocol.CodeUnauthorized, "sign in, or send an API key as 'Authorization: Bearer <key>'")
	case errors.Is(err, auth.ErrForbidden):
		return newError(http.StatusForbidden, protocol.CodeForbidden, "you may not do this")
	case errors.As(err, &inv):
		return badRequest(inv.Msg)
	case errors.Is(err, store.ErrExists):
		return newError(http.StatusConflict, protocol.CodeConflict, "a facilitator with that e-mail address exists")
	}
	return nil
}
