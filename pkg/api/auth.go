package api

import (
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/model"
)

const sessionKey = "ting.session"

// facilitator lets a request through only with the session's facilitator
// token, and puts the session in the context.
func (a *api) facilitator(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		sess, err := a.svc.Authorize(c.Request().Context(), c.Param("id"), bearer(c))
		if err != nil {
			return err
		}
		c.Set(sessionKey, sess)
		return next(c)
	}
}

func bearer(c *echo.Context) string {
	h := c.Request().Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

func currentSession(c *echo.Context) *model.Session {
	return c.Get(sessionKey).(*model.Session)
}
