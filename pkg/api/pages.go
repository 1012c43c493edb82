package api

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/webapp"
)

// pages serves the web app: the phone page at /, the big screen at /screen,
// the facilitator at /host, a programme at /programme, the printable report
// of a session or programme at /report, the sign-in page at /signin, the
// workspace at /workspace, their files under /assets (versioned URLs kept
// for a year; each page's bundled script and style sheet under
// /assets/<version>/bundle/), the phone's service worker at /sw.js, and join
// QR codes. Everything is read, bundled and compressed once, here
// (pkg/webapp).
func (a *api) pages(e *echo.Echo) {
	if a.cfg.Pages == nil {
		return
	}
	site, err := webapp.Build(a.cfg.Pages)
	if err != nil {
		a.cfg.Logger.Error("web app not served", "err", err)
		return
	}
	if site.BundleErr != nil {
		a.cfg.Logger.Error("web app served module by module: bundling failed", "err", site.BundleErr)
	}
	for _, p := range site.Problems {
		a.cfg.Logger.Error("web app names a file it does not have", "problem", p)
	}
	routes := map[string]string{"/": "phone.html", "/screen": "screen.html", "/host": "host.html",
		"/programme": "programme.html", "/report": "report.html", "/signin": "signin.html", "/workspace": "workspace.html"}
	for route, name := range routes {
		e.GET(route, func(c *echo.Context) error {
			if !site.ServePage(c.Response(), c.Request(), name) {
				return echo.ErrNotFound
			}
			return nil
		})
	}
	e.GET("/assets/*", func(c *echo.Context) error {
		if !site.ServeAsset(c.Response(), c.Request(), c.Param("*")) {
			return echo.ErrNotFound
		}
		return nil
	})
	// The service worker lives at the root so that its scope holds the
	// phone page; it keeps the phone page and what it loads offline.
	if worker, err := site.Worker(webapp.AssetDir+"/sw.js", map[string]string{"/": "phone.html"}); err == nil {
		e.GET("/sw.js", func(c *echo.Context) error {
			worker.Serve(c.Response(), c.Request())
			return nil
		})
	} else {
		a.cfg.Logger.Warn("phone page not kept offline", "err", err)
	}
	e.GET("/qr.svg", a.qr)
}

// qr draws the join link of a code, with the link key k when given, as an
// SVG QR code. It looks nothing up: the big screen passes the key of its
// session's joinUrl, so the route tells no one a key.
func (a *api) qr(c *echo.Context) error {
	code, key := c.QueryParam("code"), c.QueryParam("k")
	if len(code) < 6 || len(code) > 8 || !digits(code) {
		return badRequest("code must be 6 to 8 digits")
	}
	if len(key) > 64 || !linkKeyChars(key) {
		return badRequest("k must be a link key of at most 64 base64url characters")
	}
	svg, err := qrSVG(joinURL(a.baseURL(c), code, key))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "image/svg+xml", svg)
}

// linkKeyChars reports whether s has only base64url characters.
func linkKeyChars(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
