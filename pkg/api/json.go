package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/protocol"
)

// decode reads a JSON request body into v, refusing unknown fields and trailing data.
func decode(c *echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return newError(http.StatusRequestEntityTooLarge, protocol.CodeTooLarge, "the request body is too large")
		case errors.Is(err, io.EOF):
			return badRequest("the request body is empty; send a JSON object")
		case errors.As(err, &se):
			return badRequest(fmt.Sprintf("the body is not valid JSON (at byte %d)", se.Offset))
		case errors.As(err, &te):
			return badRequest(fmt.Sprintf("field %q must be of type %s", te.Field, te.Type))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return badRequest("unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return badRequest("the body is not valid JSON: " + err.Error())
	}
	if dec.More() {
		return badRequest("the body holds more than one JSON value")
	}
	return nil
}

// asType is errors.As for the JSON decoder's errors.
func asType[T error](err error, target *T) bool { return errors.As(err, target) }
