package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/session"
)

// apiError is an error with the HTTP status and code a client sees.
type apiError struct {
	Status  int           `json:"-"`
	Code    protocol.Code `json:"code"`
	Message string        `json:"message"`
}

func (e *apiError) Error() string { return string(e.Code) + ": " + e.Message }

func newError(status int, code protocol.Code, msg string) *apiError {
	return &apiError{Status: status, Code: code, Message: msg}
}

func badRequest(msg string) *apiError {
	return newError(http.StatusBadRequest, protocol.CodeBadRequest, msg)
}

// errorBody is the JSON every error response carries.
type errorBody struct {
	Error *apiError `json:"error"`
}

// toAPIError maps an error from the layers below to what a client sees:
// pkg/auth's errors, the session service's table of failures, then echo's
// own errors.
func toAPIError(err error) *apiError {
	var ae *apiError
	var he *echo.HTTPError
	if errors.As(err, &ae) {
		return ae
	}
	if ae := authError(err); ae != nil {
		return ae
	}
	if f, ok := session.RESTFailure(err); ok {
		return newError(f.Status, f.Code, f.Message)
	}
	if status := echo.StatusCode(err); status != 0 { // echo's errors, *echo.HTTPError and its sentinels (BodyLimit's 413)
		switch status {
		case http.StatusNotFound:
			return newError(status, protocol.CodeNotFound, "no such page or endpoint")
		case http.StatusMethodNotAllowed:
			return newError(status, protocol.CodeMethodNotAllowed, "this method is not allowed here")
		case http.StatusRequestEntityTooLarge:
			return newError(status, protocol.CodeTooLarge, "the request body is too large")
		}
		if status < 500 {
			msg := http.StatusText(status)
			if errors.As(err, &he) && he.Message != "" {
				msg = he.Message
			}
			return newError(status, protocol.CodeBadRequest, msg)
		}
	}
	f := session.Internal
	return newError(f.Status, f.Code, f.Message)
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
		if ae.Status == http.StatusTooManyRequests && ae.Code == protocol.CodeLimitReached {
			c.Response().Header().Set("Retry-After", "60") // a quota a minute: the window has passed by then
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(ae.Status)
			return
		}
		_ = c.JSON(ae.Status, errorBody{Error: ae})
	}
}
