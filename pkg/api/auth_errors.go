package api

import (
	"errors"
	"net/http"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/store"
)

// authError maps the errors of pkg/auth (and a known e-mail address), or returns nil.
func authError(err error) *apiError {
	var inv *auth.InvalidError
	switch {
	case errors.Is(err, auth.ErrUnauthorized):
		return newError(http.StatusUnauthorized, "unauthorized", "sign in, or send an API key as 'Authorization: Bearer <key>'")
	case errors.Is(err, auth.ErrForbidden):
		return newError(http.StatusForbidden, "forbidden", "you may not do this")
	case errors.As(err, &inv):
		return badRequest(inv.Msg)
	case errors.Is(err, store.ErrExists):
		return newError(http.StatusConflict, "conflict", "a facilitator with that e-mail address exists")
	}
	return nil
}
