package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
)

// apiError is an error with the HTTP status and code a client sees.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func newError(status int, code, msg string) *apiError {
	return &apiError{Status: status, Code: code, Message: msg}
}

func badRequest(msg string) *apiError { return newError(http.StatusBadRequest, "bad_request", msg) }

// errorBody is the JSON every error response carries.
type errorBody struct {
	Error *apiError `json:"error"`
}

// toAPIError maps an error from the layers below to what a client sees.
func toAPIError(err error) *apiError {
	var ae *apiError
	var inv *session.InvalidError
	var he *echo.HTTPError
	var se *session.SourceError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &se):
		switch {
		case errors.Is(se.Err, session.ErrUnauthorized):
			return newError(http.StatusUnauthorized, "unauthorized", "send the other session's facilitator token as 'X-Source-Token: <token>'")
		case errors.Is(se.Err, session.ErrForbidden):
			return newError(http.StatusForbidden, "forbidden", "the X-Source-Token does not belong to the other session")
		}
		return newError(http.StatusNotFound, "not_found", "no such source session")
	case authError(err) != nil:
		return authError(err)
	case errors.Is(err, session.ErrNoGroup):
		return newError(http.StatusNotFound, "not_found", "no such group in this session")
	case errors.As(err, &inv):
		return badRequest(inv.Msg)
	case errors.Is(err, session.ErrUnauthorized):
		return newError(http.StatusUnauthorized, "unauthorized", "send the facilitator token as 'Authorization: Bearer <token>'")
	case errors.Is(err, session.ErrForbidden):
		return newError(http.StatusForbidden, "forbidden", "the token does not belong to this session")
	case errors.Is(err, store.ErrNotFound):
		return newError(http.StatusNotFound, "not_found", "no such session")
	case errors.Is(err, store.ErrNoQuestion):
		return newError(http.StatusNotFound, "not_found", "no such question in this session")
	case errors.Is(err, store.ErrUnavailable):
		return newError(http.StatusServiceUnavailable, "unavailable", "the store is not reachable; try again shortly")
	case echo.StatusCode(err) != 0: // echo's errors, *echo.HTTPError and its sentinels (BodyLimit's 413)
		status := echo.StatusCode(err)
		switch status {
		case http.StatusNotFound:
			return newError(status, "not_found", "no such page or endpoint")
		case http.StatusMethodNotAllowed:
			return newError(status, "method_not_allowed", "this method is not allowed here")
		case http.StatusRequestEntityTooLarge:
			return newError(status, "too_large", "the request body is too large")
		}
		if status < 500 {
			msg := http.StatusText(status)
			if errors.As(err, &he) && he.Message != "" {
				msg = he.Message
			}
			return newError(status, "bad_request", msg)
		}
	}
	return newError(http.StatusInternalServerError, "internal", "something went wrong on the server")
}

func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(c *echo.Context, err error) {
		if r, _ := echo.UnwrapResponse(c.Response()); r != nil && r.Committed {
			return
		}
		ae := toAPIError(err)
		if ae.Status >= 500 {
			log.Error("api: request failed", "method", c.Request().Method, "path", c.Path(), "err", err)
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(ae.Status)
			return
		}
		_ = c.JSON(ae.Status, errorBody{Error: ae})
	}
}
