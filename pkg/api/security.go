package api

import (
	"strings"

	"github.com/labstack/echo/v5"
)

// contentSecurityPolicy lets pages run only the server's own scripts.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		if strings.HasPrefix(c.Request().URL.Path, "/api/") {
			// Answers of the API hold tokens and answers: no cache keeps them.
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}
